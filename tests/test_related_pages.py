"""Related talks, the index of authors and the map, built with Sphinx on a tiny root."""

import re

import pytest
from conftest import build, copy_root
from test_extension import strip_colour, strip_volatile


@pytest.fixture(scope="module")
def related(tmp_path_factory):
    return build(copy_root("related", tmp_path_factory.mktemp("related")))


def related_block(html: str) -> str:
    block = html[html.index('class="related-talks') :]
    return re.sub(r"\s+", " ", block[: block.index("</ul>")])


def test_builds_clean(related):
    assert related.warnings == ""


def test_related_talks_link_both_ways_with_reasons(related):
    alpha = related_block(related.html("talks/alpha"))
    assert re.search(
        r'Bo Beta: <a class="reference internal" href="beta.html"><span class="doc">Scattering</span></a> — shares co-author Raffaele Figari',
        alpha,
    )
    beta = related_block(related.html("talks/beta"))
    assert 'href="alpha.html"' in beta and "shares co-author Raffaele Figari" in beta


def test_a_speaker_named_as_collaborator_elsewhere(related):
    assert "Bo Beta speaks in one and is a collaborator of the other" in related_block(
        related.html("talks/gamma")
    )


def test_editors_override_appears_on_both_pages(related):
    assert "Cy Gamma: " in related_block(related.html("talks/alpha"))
    assert "same morning session" in related_block(related.html("talks/alpha"))
    assert "same morning session" in related_block(related.html("talks/gamma"))


def test_author_index_merges_initials_and_links_talks(related):
    authors = re.sub(r"\s+", " ", related.html("authors"))
    assert "<strong>Figari, Raffaele</strong> — " in authors
    assert "Figari, R." not in authors
    assert '<strong>Beta, Bo</strong> — <a class="reference internal" href="talks/beta.html">' in authors
    assert "<strong>Beta, B.</strong>" not in authors  # collaborator B. Beta merged with speaker Bo Beta
    assert re.search(
        r'href="talks/gamma.html"><span class="doc">Lattices</span></a> \(collaborator\)', authors
    )


def test_map_is_an_inline_svg_with_a_linked_box_per_talk_and_its_lines_in_words(related):
    """Boxes link to their talks; each line links to its reason in the list under the map,
    which names every talk and each of its relations with the reason."""
    page = related.html("map")
    frame = re.search(
        r'<div class="conference-map-frame" role="region" tabindex="0" aria-label="([^"]+)".*?</svg></div>',
        page,
        re.S,
    )
    assert frame.group(1).startswith("Map of the talks")
    svg = frame.group(0)
    for name in ("alpha", "beta", "gamma"):
        assert f'<a href="talks/{name}.html">' in svg
    lines = dict(re.findall(r'<a href="#(relation-[\w-]+)">\s*<title>([^<]+)</title>', svg))
    assert lines == {
        "relation-talks-alpha-talks-beta": "shares co-author Raffaele Figari",
        "relation-talks-alpha-talks-gamma": "same morning session",
        "relation-talks-beta-talks-gamma": "Bo Beta speaks in one and is a collaborator of the other",
    }
    assert ' id="' not in svg  # Graphviz's ids would repeat across the pictures of a page
    words = re.sub(r"\s+", " ", page[page.index("Talks and their relations") :])
    for anchor, reason in lines.items():
        entry = re.search(rf'<li id="{anchor}"><p>(.*?)</p></li>', words).group(1)
        assert entry.endswith(f"— {reason}")
    assert re.search(
        r'Ann Alpha: <a class="reference internal" href="talks/alpha.html"><span class="doc">Spectral bounds</span></a>',
        words,
    )


def test_editing_coauthors_updates_pages_that_were_not_reread(tmp_path):
    srcdir = copy_root("related", tmp_path)
    first = build(srcdir)
    assert "shares co-author Raffaele Figari" in related_block(first.html("talks/alpha"))
    beta = srcdir / "talks" / "beta.md"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace("coauthors: [Raffaele Figari]", "coauthors: [Ola Other]")
    )
    second = build(srcdir)
    status = strip_colour(second.status)
    assert re.findall(r"reading sources\.\.\. \[[ \d]+%\] (\S+)", status) == ["index", "talks/beta"]
    assert "talks/alpha" in re.findall(r"writing output\.\.\. \[[ \d]+%\] (\S+)", status)
    assert "Figari" not in related_block(second.html("talks/alpha"))
    assert "Other, Ola" in second.html("authors")


def test_parallel_build_gives_the_same_pages(tmp_path, related):
    parallel = build(copy_root("related", tmp_path), parallel=2)
    assert parallel.warnings == ""
    for docname in ("talks/alpha", "talks/gamma", "authors", "map"):
        assert strip_volatile(parallel.html(docname)) == strip_volatile(related.html(docname))
