"""The Sphinx extension on tiny roots: headers, status, booklet order, own bibliographies."""

import os
import re
from pathlib import Path

import pytest
from conftest import build, copy_root

from proceedings.book.tex_guard import TEX_ENVIRONMENT


def test_builds_without_warnings(talks_html):
    assert talks_html.warnings == ""


def test_talks_are_in_booklet_order_not_file_order(talks_html):
    index = talks_html.html("index")
    order = [
        index.index(title)
        for title in ("Spectral gaps &amp; the 100% rule", "Second talk", "Third: title not yet received")
    ]
    assert order == sorted(order)
    assert "<strong>Åsa Ñúñez</strong> — " in index


def test_talk_header_from_front_matter(talks_html):
    page = talks_html.html("talks/zeta-first")
    assert re.search(r"<h1>Spectral gaps &amp; the 100% rule", page)
    assert (
        '<strong class="talk-speaker">Åsa Ñúñez</strong> — co-author: <span class="talk-coauthor">Łukasz Müller</span>'
        in page
    )
    assert "abstract_number" not in page  # front matter is not shown as a field list


def test_missing_title_and_abstract_are_visible_statuses(talks_html):
    third = talks_html.html("talks/mid-third")
    assert "talk-status-title-and-abstract-missing" in third
    assert "Title and abstract not yet received." in third
    assert "<h1>Third: title not yet received" in third
    second = talks_html.html("talks/alpha-second")
    assert "talk-status-abstract-missing" in second and "Abstract not yet received." in second


def test_math_and_own_bibliography(talks_html):
    first = talks_html.html("talks/zeta-first")
    assert r"\(\lambda_1\)" in first
    assert r"\[H = -\Delta + V\]" in first
    assert "Alpha results" in first and "Uncited but listed" in first
    assert "Alpha results" not in talks_html.html("talks/alpha-second")


@pytest.fixture(scope="module")
def bad_front_matter(tmp_path_factory):
    return build(copy_root("bad-front-matter", tmp_path_factory.mktemp("bad")))


def test_bad_front_matter_is_refused_with_the_page_name(bad_front_matter):
    warnings = strip_colour(bad_front_matter.warnings).strip().splitlines()
    assert len(warnings) == 1
    assert re.search(
        r"talks/broken.md: WARNING: field 'abstract_number' must be int, got str \(abstract_number: the booklet's number: .*\) \[proceedings.metadata\]",
        warnings[0],
    )
    assert "A good talk" in bad_front_matter.html("index")


def test_citing_another_talks_entry_is_an_error(tmp_path):
    srcdir = copy_root("talks", tmp_path)
    page = srcdir / "talks" / "alpha-second.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee {cite}`first2020alpha`.\n", encoding="utf-8")
    warnings = strip_colour(build(srcdir).warnings)
    assert re.search(
        r"alpha-second.md(:\d+)?: WARNING: cites 'first2020alpha', but the page has no bibliography "
        r"\[proceedings.citation\]",
        warnings,
    ), warnings


def test_warnings_in_a_talk_body_name_the_line_in_the_file(tmp_path):
    """MyST gets the body with the front matter blanked out, so lines still count from the file."""
    srcdir = copy_root("talks", tmp_path)
    page = srcdir / "talks" / "alpha-second.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nSee {ref}`no-such-label`.\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    warnings = strip_colour(build(srcdir).warnings)
    assert f"alpha-second.md:{line}: WARNING: undefined label: 'no-such-label' [ref.ref]" in warnings, (
        warnings
    )


def test_adding_a_talk_file_adds_it_to_the_list_on_an_incremental_build(tmp_path):
    srcdir = copy_root("talks", tmp_path)
    first = build(srcdir)
    assert first.warnings == ""
    new = srcdir / "talks" / "new-talk.md"
    new.write_text(
        "---\nabstract_number: 4\nspeaker: New Speaker\ntitle: A talk added later\nstatus: complete\n---\n\nText.\n",
        encoding="utf-8",
    )
    second = build(srcdir)
    assert second.warnings == ""
    status = strip_colour(second.status)
    assert "updating environment: 1 added, 1 changed, 0 removed" in status
    assert re.findall(r"reading sources\.\.\. \[[ \d]+%\] (\S+)", status) == ["index", "talks/new-talk"]
    index = second.html("index")
    assert index.index("Spectral gaps") < index.index("Third: title") < index.index("A talk added later")
    assert "A talk added later" in second.html("talks/mid-third")  # every sidebar lists it
    new.unlink()
    third = build(srcdir)
    assert "A talk added later" not in third.html("index")
    assert "A talk added later" not in third.html("talks/mid-third")


def test_unchanged_rebuild_reads_and_writes_nothing(tmp_path):
    srcdir = copy_root("talks", tmp_path)
    build(srcdir)
    again = strip_colour(build(srcdir).status)
    assert "updating environment: 0 added, 0 changed, 0 removed" in again
    assert "no targets are out of date." in again
    assert "reading sources... [" not in again and "writing output... [" not in again


def test_editing_a_title_updates_every_page_that_shows_it(tmp_path):
    srcdir = copy_root("talks", tmp_path)
    build(srcdir)
    page = srcdir / "talks" / "alpha-second.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Second talk", "Renamed talk"), encoding="utf-8")
    rebuilt = build(srcdir)
    status = strip_colour(rebuilt.status)
    assert re.findall(r"reading sources\.\.\. \[[ \d]+%\] (\S+)", status) == ["index", "talks/alpha-second"]
    for docname in ("index", "talks/zeta-first", "talks/mid-third"):
        assert "Renamed talk" in rebuilt.html(docname), docname


def test_parallel_build_matches_serial(tmp_path, talks_html):
    srcdir = copy_root("talks", tmp_path)
    parallel = build(srcdir, parallel=2)
    assert parallel.warnings == ""
    for docname in ("index", "talks/zeta-first", "talks/mid-third"):
        assert strip_volatile(parallel.html(docname)) == strip_volatile(talks_html.html(docname))


def strip_volatile(html: str) -> str:
    return re.sub(r"\?v=[0-9a-f]+|id\d+", "", html)


def strip_colour(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_a_refused_page_fails_every_build_until_it_is_fixed(tmp_path):
    """Sphinx warns only while reading; the refusal is kept and reported on every build."""
    srcdir = copy_root("talks", tmp_path)
    page = srcdir / "talks" / "mid-third.md"
    fixed = page.read_text(encoding="utf-8")
    page.write_text(fixed + "\n```{include} ../conf.py\n```\n", encoding="utf-8")
    refusal = "mid-third.md:7: WARNING: refused: the directive {include} is not allowed in a talk page"
    for _attempt in range(2):
        built = build(srcdir)
        assert refusal in strip_colour(built.warnings), built.warnings
    assert re.findall(r"reading sources\.\.\. \[[ \d]+%\] (\S+)", strip_colour(built.status)) == []
    assert "extensions = " not in built.html("talks/mid-third")
    page.write_text(fixed, encoding="utf-8")
    assert build(srcdir).warnings == ""


def test_two_talks_with_one_booklet_number_fail_the_build_naming_both_files(tmp_path):
    srcdir = copy_root("talks", tmp_path)
    (srcdir / "talks" / "copy.md").write_text(
        "---\nabstract_number: 3\nspeaker: Some One\ntitle: Another\nstatus: complete\n---\n\nText.\n",
        encoding="utf-8",
    )
    for _attempt in range(2):
        warnings = strip_colour(build(srcdir).warnings)
        assert "WARNING: abstract number 3 is used by talks/copy.md and talks/mid-third.md" in warnings


def test_the_themes_print_header_gets_the_title_escaped(tmp_path):
    """sphinx-book-theme prints the page title as plain text, unescaped; markup in a heading
    (an editor's page may have it) must come out as text."""
    srcdir = copy_root("talks", tmp_path)
    index = srcdir / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("# Tiny conference", "# Tiny <img src=x onerror=alert(1)> conference", 1))
    built = build(srcdir, html_theme="sphinx_book_theme")
    page = built.html("index")
    header = page[page.index('<div id="jb-print-docs-body"') :]
    assert (
        "<h1>Tiny &lt;img src=x onerror=alert(1)&gt; conference</h1>" in header[: header.index("</h1>") + 5]
    )


def test_formula_pictures_are_made_by_the_guarded_latex_without_dvi_specials(tmp_path):
    """The EPUB's imgmath runs LaTeX through proceedings-tex (paranoid, time-limited)."""
    srcdir = copy_root("talks", tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace(
            'extensions = ["myst_parser"', 'extensions = ["sphinx.ext.imgmath", "myst_parser"'
        )
    )
    built = build(srcdir, html_math_renderer="imgmath", imgmath_image_format="svg")
    assert built.warnings == ""
    assert Path(built.app.config.imgmath_latex).name == "proceedings-tex"
    assert "--no-specials" in built.app.config.imgmath_dvisvgm_args
    assert list((built.outdir / "_images" / "math").glob("*.svg"))
    assert {key: os.environ.get(key) for key in TEX_ENVIRONMENT} == TEX_ENVIRONMENT


SECTIONS = """---
abstract_number: {n}
speaker: Ann Alpha
title: {title}
status: complete
---

Opening paragraph.

{h1} Introduction

Text.

{h2} A detail

More.

{h1} Results

The end.
"""


def test_sections_start_at_hash_or_double_hash_and_a_mix_is_refused_with_what_to_write(tmp_path):
    """The title is the page's H1 (from the front matter): `##` and `#` both open a first-level section."""
    srcdir = copy_root("talks", tmp_path)
    talks = srcdir / "talks"
    (talks / "alpha-second.md").write_text(SECTIONS.format(n=2, title="Double", h1="##", h2="###"))
    (talks / "mid-third.md").write_text(SECTIONS.format(n=3, title="Single", h1="#", h2="##"))
    mixed = SECTIONS.format(n=4, title="Mixed", h1="##", h2="###") + "\n# Late\n\nText.\n"
    (talks / "mixed.md").write_text(mixed)
    built = build(srcdir)
    warnings = strip_colour(built.warnings).strip().splitlines()
    assert len(warnings) == 1 and "talks/mixed.md:23: WARNING: refused: a '#' section after" in warnings[0]
    for page in ("alpha-second", "mid-third"):
        body = built.html(f"talks/{page}").split('role="main"', 1)[1]
        headings = re.findall(r"<(h[1-6])>([^<]+)", body)[:4]
        assert [level for level, _text in headings] == ["h1", "h2", "h3", "h2"], headings
        assert [text for _level, text in headings[1:]] == ["Introduction", "A detail", "Results"]
