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
    pictures = map_pictures(page)
    assert len(pictures) == 3
    for anchor, picture, (inside, dashed) in zip(
        ("map-1", "map-2", "map-3"),
        pictures,
        ((TALKS[:4], [TALKS[8]]), (TALKS[4:8], []), (TALKS[8:], [TALKS[0]])),
        strict=True,
    ):
        assert page.index(f'id="{anchor}"') < page.index(picture)
        boxes = {
            docname: outside
            for outside, docname in re.findall(
                r'<g class="node( outside)?">\s*<g><a href="(talks/\w+)\.html"', picture
            )
        }
        assert sorted(boxes) == sorted(inside + dashed)
        assert sorted(doc for doc, outside in boxes.items() if outside) == sorted(dashed)


def map_pictures(page: str) -> list[str]:
    """The inline pictures of a map page, each its frame's whole text."""
    return re.findall(r'<div class="conference-map-frame".*?</svg></div>', page, re.S)


def test_a_map_of_few_talks_is_one_picture(navigation_html):
    page = navigation_html.html("map")
    assert "map-index" not in page
    assert len(map_pictures(page)) == 1
