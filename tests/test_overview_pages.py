"""The map of the conference (proceedings.sphinxext.overview_pages) at any size: one picture, or
pictures of at most ``proceedings_map_talks`` talks listed at the top of the page."""

from __future__ import annotations

import re

import pytest
from conftest import Built, build, copy_root
from test_sidebar import TALKS


@pytest.fixture(scope="module")
def cut_map(tmp_path_factory) -> Built:
    built = build(copy_root("navigation", tmp_path_factory.mktemp("map")), proceedings_map_talks=4)
    assert built.warnings == "", built.warnings
    return built


def test_a_map_of_more_talks_than_one_picture_shows_is_cut_into_pictures_listed_at_the_top(cut_map):
    """proceedings_map_talks = 4 for the root's 9 talks: pictures of talks 1-4, 5-8 and 9, each
    with the talks outside it that its talks relate to as dashed boxes (1 is related to 9)."""
    page = cut_map.html("map")
    index = re.search(r'<ul class="map-index[^"]*">(.*?)</ul>', page, re.S).group(1)
    assert re.findall(r'href="#(map-\d)"[^>]*>(?:<span[^>]*>)?([^<]+)<', index) == [
        ("map-1", "Talks 1–4"),
        ("map-2", "Talks 5–8"),
        ("map-3", "Talk 9"),
    ]
    svgs = re.findall(r'data="(_images/graphviz-[0-9a-f]+\.svg)"', page)
    assert len(svgs) == 3
    for anchor, svg_name, (inside, dashed) in zip(
        ("map-1", "map-2", "map-3"),
        svgs,
        ((TALKS[:4], [TALKS[8]]), (TALKS[4:8], []), (TALKS[8:], [TALKS[0]])),
        strict=True,
    ):
        assert page.index(f'id="{anchor}"') < page.index(svg_name)
        svg = (cut_map.outdir / svg_name).read_text(encoding="utf-8")
        boxes = re.findall(r"<ns0:title>(talks/\w+)</ns0:title>", svg)
        assert sorted(boxes) == sorted(inside + dashed)
        for docname in dashed:
            box = svg[svg.index(f"<ns0:title>{docname}</ns0:title>") :]
            box = box[: box.index("</ns0:g>")]
            assert "stroke-dasharray" in box and 'fill="#eef3fb"' not in box, box
        for docname in inside:
            box = svg[svg.index(f"<ns0:title>{docname}</ns0:title>") :]
            assert 'fill="#eef3fb"' in box[: box.index("</ns0:g>")]


def test_a_map_of_few_talks_is_one_picture(navigation_html):
    page = navigation_html.html("map")
    assert "map-index" not in page
    assert len(re.findall(r'data="(_images/graphviz-[0-9a-f]+\.svg)"', page)) == 1
