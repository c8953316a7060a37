"""The sidebar (proceedings.sphinxext.sidebar): of bounded size in every page, every talk within
two clicks without script, the full list with it, the current talk marked either way."""

from __future__ import annotations

import re

from browser import rendered_dom
from conftest import ROOTS, Built
from docutils import nodes
from site_links import linked_pages, pages

from proceedings.model.talk import load_talk
from proceedings.sphinxext.sidebar import title_html

TALKS = [
    f"talks/{path.stem}"
    for path in sorted(
        (ROOTS / "test-navigation" / "talks").glob("*.md"), key=lambda p: load_talk(p).abstract_number
    )
]
SIDEBAR = re.compile(r'<nav class="bd-links bd-docs-nav".*?</nav>', re.S)


def sidebar(built: Built, docname: str) -> str:
    return SIDEBAR.search(built.html(docname)).group(0)


def test_a_talk_page_lists_its_neighbours_marks_itself_and_links_the_full_list(navigation_html):
    assert len(TALKS) == 9
    for at, docname in enumerate(TALKS):
        nav = sidebar(navigation_html, docname)
        listed = re.findall(r'data-doc="(talks/[^"]+)"', nav)
        assert listed == TALKS[max(0, at - 2) : at + 3], docname
        current = re.findall(
            r'data-doc="([^"]+)"><a class="reference internal current" aria-current="page"', nav
        )
        assert current == [docname]
        assert '<a class="reference internal" href="../index.html">All 9 talks</a>' in nav
        assert '<a class="reference internal" href="../about.html">About the conference</a>' in nav


def test_a_page_that_is_not_a_talk_lists_no_talk_but_links_the_full_list(navigation_html):
    for docname, prefix in (("index", ""), ("about", "")):
        nav = sidebar(navigation_html, docname)
        assert re.findall(r'data-doc="(talks/[^"]+)"', nav) == []
        assert f'data-proceedings-page="{docname}.html"' in nav  # one cached sidebar, each page's own address
        assert f'href="{prefix}index.html">All 9 talks</a>' in nav


def test_every_page_reaches_every_talk_within_two_clicks_without_script(navigation_html):
    site = navigation_html.outdir
    talks = {f"{docname}.html" for docname in TALKS}
    checked = 0
    for page in pages(site):
        start = page.relative_to(site).as_posix()
        one = linked_pages(site, start)
        two = one.union(*(linked_pages(site, linked) for linked in one))
        assert talks <= two, (start, sorted(talks - two))
        checked += 1
    assert checked >= len(TALKS) + 4  # the talks, index, about, search, genindex


def test_the_list_of_every_talk_is_written_once_and_named_by_its_checksum(navigation_html):
    site = navigation_html.outdir
    [script_file] = (site / "_static").glob("proceedings-talks.*.js")
    script = script_file.read_text(encoding="utf-8")
    assert [uri for uri in re.findall(r'\["([^"]+)",', script)] == [f"{d}.html" for d in TALKS]
    for docname in TALKS:
        assert re.search(
            r'<script defer="defer" src="\.\./_static/proceedings-talks\.[0-9a-f]{8}\.js\?v=[0-9a-f]{8}">',
            navigation_html.html(docname),
        )


def test_with_script_the_sidebar_lists_every_talk_and_marks_the_current_one(navigation_html):
    page = navigation_html.outdir / f"{TALKS[6]}.html"
    nav = SIDEBAR.search(rendered_dom(page)).group(0)
    hrefs = re.findall(
        r'<li class="toctree-l1[^"]*"[^>]*><a class="reference internal[^"]*" href="([^"]+)"', nav
    )
    assert hrefs == [f"../{docname}.html" for docname in TALKS] + ["../about.html", "../map.html"]
    current = re.findall(
        r'<li class="toctree-l1 current active"><a class="reference internal current" '
        r'href="([^"]+)" aria-current="page">',
        nav,
    )
    assert current == [f"../{TALKS[6]}.html"]
    assert 'class="proceedings-all-talks" hidden=""' in nav


def test_titles_encoded_directly_are_what_sphinx_renders(navigation_html):
    """The sidebar's fast path for plain titles against Sphinx's own rendering of each."""
    builder = navigation_html.app.builder
    plain = nodes.title("", "", nodes.Text('Bounds for "A & B" <in> 1D, by x@y.org — ½'))
    with_math = nodes.title("", "", nodes.Text("The case "), nodes.math("d=3", "d=3"), nodes.Text(" & more"))
    emphasised = nodes.title("", "", nodes.emphasis("", "Not"), nodes.Text(" <plain>"))
    for title in (plain, with_math, emphasised, *navigation_html.app.env.titles.values()):
        assert title_html(builder, title) == builder.render_partial(title.deepcopy())["title"], title
    assert title_html(builder, plain) == "Bounds for &quot;A &amp; B&quot; &lt;in&gt; 1D, by x&#64;y.org — ½"
