"""The real proceedings, built as `make html` builds them."""

import json
import re
from pathlib import Path

import pytest
import yaml
from browser import rendered_dom
from site_links import missing_targets

from proceedings.model.talk import load_talk

PROJECT = Path(__file__).parent.parent
TALKS = sorted((PROJECT / "source" / "talks").glob("*.md"))


@pytest.fixture(scope="module")
def outdir(project_html):
    assert project_html.returncode == 0, project_html.stderr
    return project_html.outdir


def test_zero_warnings(project_html):
    assert project_html.returncode == 0
    assert "WARNING" not in project_html.stderr, project_html.stderr
    assert project_html.stderr.strip() == ""


def test_every_talk_page_is_there_once(outdir):
    assert len(TALKS) == 23
    for page in TALKS:
        assert (outdir / "talks" / f"{page.stem}.html").is_file()
    index = (outdir / "index.html").read_text(encoding="utf-8")
    for page in TALKS:
        link = f'href="talks/{page.stem}.html"'
        assert link in index, page.stem
        listed = index[index.index('class="talk-list') :]
        assert listed[: listed.index("</ul>")].count(link) == 1, page.stem


def test_every_page_links_every_talk_in_its_sidebar_and_marks_itself(outdir):
    """23 talks are fewer than proceedings_sidebar_talks: every sidebar lists them all, without script
    (rendered once per folder by proceedings.sphinxext.sidebar); links must still work."""
    sidebar_link = re.compile(
        r'<li class="toctree-l1( current active)?" data-doc="([^"]+)">'
        r'<a class="reference internal(?: current" aria-current="page)?" href="([^"]+)"'
    )
    pages = [outdir / "index.html", outdir / "authors.html"] + [
        outdir / "talks" / f"{p.stem}.html" for p in TALKS
    ]
    for page in pages:
        links = sidebar_link.findall(page.read_text(encoding="utf-8"))
        docnames = {docname for _current, docname, _href in links}
        assert {f"talks/{p.stem}" for p in TALKS} <= docnames, page
        for _current, docname, href in links:
            assert (page.parent / href).resolve() == (outdir / f"{docname}.html").resolve(), (page, href)
        current = [docname for mark, docname, _href in links if mark]
        own = page.relative_to(outdir).with_suffix("").as_posix()
        assert current == ([own] if own in docnames else []), page


def test_landing_page_names_the_conference_and_lists_talks_in_booklet_order(outdir):
    index = (outdir / "index.html").read_text(encoding="utf-8")
    assert "Numerical and theoretical advances in quantum mechanics" in index
    assert "IMT, 16–20 January 2023" in index
    listed = index[index.index('class="talk-list') :]
    talks = sorted((load_talk(page).abstract_number, page.stem) for page in TALKS)
    positions = [listed.index(f'href="talks/{stem}.html"') for _number, stem in talks]
    assert positions == sorted(positions)


def test_math_is_typeset_markup_and_no_raw_tex_is_left(outdir):
    pages = {p.stem: (outdir / "talks" / f"{p.stem}.html").read_text(encoding="utf-8") for p in TALKS}
    assert (
        "<span class=\"math notranslate nohighlight\">\\(\\epsilon^2 u'' + a(x)u = 0\\)</span>"
        in pages["anton-arnold"]
    )
    assert r"\(H^s\)" in pages["hajer-bahouri"]
    assert "mathjax" in pages["anton-arnold"].lower()
    for stem, html in pages.items():
        text = re.sub(r'<span class="math[^"]*">.*?</span>', "", html, flags=re.S)
        text = re.sub(r"<script.*?</script>|<[^>]+>", "", text, flags=re.S)
        for raw in ("\\backslash", "\\mathbb", "$", "^{"):
            assert raw not in text, (stem, raw)


def test_bibliographies_only_where_the_booklet_has_references(outdir):
    with_references = {"pierangelo-marcati": 9, "vittorio-romano": 12}
    for page in TALKS:
        html = (outdir / "talks" / f"{page.stem}.html").read_text(encoding="utf-8")
        entries = len(re.findall(r'<div class="citation" id="', html))
        assert entries == with_references.get(page.stem, 0), page.stem
    marcati = (outdir / "talks" / "pierangelo-marcati.html").read_text(encoding="utf-8")
    assert "Germain and N. Masmoudi" in marcati and "Nastasi" not in marcati
    assert "ℝ³⁺¹" in marcati


def test_status_of_the_talk_without_title_or_abstract(outdir):
    html = (outdir / "talks" / "perelman.html").read_text(encoding="utf-8")
    assert "talk-status-title-and-abstract-missing" in html
    assert "Title and abstract not yet received." in html


def test_bib_doubts_are_in_note_fields():
    bib = (PROJECT / "references.bib").read_text(encoding="utf-8")
    for doubt in (
        "page range printed as 1923–1324: ends before it starts",
        "page range printed as 469–50: looks cut short",
        "page range printed as 50–33: ends before it starts",
        "journal printed as 'Proc. Amer. Math.', which looks cut short",
        "the abstract cites [2-13] but the list has no entry [13]",
    ):
        assert f"Editor: {doubt}" in bib.replace("\n", " ")


def test_conference_facts_as_printed():
    data = yaml.safe_load((PROJECT / "conference.yaml").read_text(encoding="utf-8"))
    assert data["title"] == "Numerical and theoretical advances in quantum mechanics"
    assert data["venue"] == "IMT"


def test_mathjax_is_shipped_with_the_site(outdir):
    arnold = (outdir / "talks" / "anton-arnold.html").read_text(encoding="utf-8")
    assert re.search(
        r'<script defer="defer" src="\.\./_static/mathjax/tex-chtml\.js\?v=[0-9a-f]+"></script>', arnold
    )
    assert "cdn.jsdelivr" not in arnold
    assert (outdir / "_static" / "mathjax" / "tex-chtml.js").stat().st_size > 500_000
    assert (
        len(list((outdir / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff")))
        > 20
    )


def test_every_talk_shows_related_talks_with_reasons_and_overview_pages_are_reachable(outdir):
    for page in TALKS:
        html = (outdir / "talks" / f"{page.stem}.html").read_text(encoding="utf-8")
        block = html[html.index('class="related-talks') :]
        block = block[: block.index("</div>")]
        assert "Related talks" in block, page.stem
        links = re.findall(r'<a class="reference internal" href="([\w-]+)\.html">', block)
        reasons = re.findall(r"</a> — ([^<]+)</p>", block)
        assert len(links) == len(reasons) <= 5, page.stem
        assert links or "No other talk shares" in block, page.stem
    le_treust = (outdir / "talks" / "loic-le-treust.html").read_text(encoding="utf-8")
    assert "both study Dirac operators, infinite-mass boundary conditions" in le_treust
    index = (outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="authors.html"' in index and 'href="map.html"' in index


def test_scholar_meta_tags_and_cite_block(outdir):
    html = (outdir / "talks" / "anton-arnold.html").read_text(encoding="utf-8")
    tags = re.findall(r'<meta name="(citation_\w+)" content="([^"]*)" />', html)
    assert tags[0] == (
        "citation_title",
        "A hybrid WKB-based method for Schrödinger scattering problems in the semi-classical limit",
    )
    assert [v for k, v in tags if k == "citation_author"][:2] == ["Arnold, Anton", "Negulescu, Claudia"]
    assert ("citation_conference_title", "Numerical and theoretical advances in quantum mechanics") in tags
    assert ("citation_publication_date", "2023/01/16") in tags
    # Built without the PDFs and with no known address: no page numbers, no PDF to point to.
    assert not {"citation_pdf_url", "citation_firstpage", "citation_lastpage"} & {k for k, _ in tags}
    block = html[html.index('class="cite-this-talk') :]
    text = re.sub(r"<[^>]+>", "", block[: block.index("</pre>")])
    assert "@inproceedings{arnold2023hybrid," in text and "Arnold, Anton and Negulescu, Claudia" in text
    perelman = (outdir / "talks" / "perelman.html").read_text(encoding="utf-8")
    assert "citation_" not in perelman  # no title printed: no record for Scholar at all


def test_a_site_built_without_the_pdfs_links_none_and_no_link_is_broken(outdir):
    """`make html` alone: no PDF, no link to one, no broken link, nothing of the build's own."""
    assert not list(outdir.rglob("*.pdf"))
    assert not (outdir / ".doctrees").exists()
    assert not any('class="talk-pdf"' in page.read_text(encoding="utf-8") for page in outdir.rglob("*.html"))
    assert missing_targets(outdir) == []


def test_math_is_typeset_in_chromium_with_the_network_blocked(outdir):
    """MathJax ships with the site: every formula renders with no network at all."""
    for stem in ("anton-arnold", "hajer-bahouri", "lucrezia-cossetti"):
        page = outdir / "talks" / f"{stem}.html"
        dom = rendered_dom(page)
        formulas = page.read_text(encoding="utf-8").count('class="math notranslate nohighlight"')
        assert formulas > 0
        assert dom.count("<mjx-container") == formulas, stem
        visible = re.sub(r"<(script|style|mjx-assistive-mml)\b.*?</\1>|<[^>]+>", "", dom, flags=re.S)
        assert "\\(" not in visible and "\\epsilon" not in visible, stem


def test_mathjax_makes_no_link_style_or_class_even_from_math_the_allowlist_missed(outdir):
    """The second wall: a formula with MathJax's link, style and class macros, put straight
    into a built page, renders none of them (no autoload, ui/safe), while \\boldsymbol and
    \\bm, which the allowlist admits, render offline."""
    page = outdir / "talks" / "anton-arnold.html"
    hostile = page.with_name("mathjax-wall.html")
    formula = (
        r"\(\href{javascript:alert(1)}{a} \style{color:blue}{b} \class{evil}{c} \cssId{evil}{d}"
        r" \boldsymbol{x} \bm{y}\)"
    )
    html = page.read_text(encoding="utf-8")
    hostile.write_text(
        html.replace("</article>", f'<p class="math">{formula}</p></article>', 1), encoding="utf-8"
    )
    try:
        dom = rendered_dom(hostile)
    finally:
        hostile.unlink()
    assert dom.count("<mjx-container") == html.count('class="math notranslate nohighlight"') + 1
    for made in ("javascript:", "blue", 'class="evil"', 'id="evil"'):
        assert made not in dom, made
    # Undefined macros are shown as red text: these four, not \boldsymbol or \bm.
    undefined = re.findall(
        r'color: red;?">([^<]*)<',
        re.sub(r"<mjx-c class=\"mjx-c([0-9A-F]+)\"></mjx-c>", lambda m: chr(int(m.group(1), 16)), dom),
    )
    assert sorted(undefined) == sorted(["\\href", "\\style", "\\class", "\\cssId"]), undefined


def test_section_labels_are_headings_and_the_index_of_authors_jumps_a_to_z(outdir):
    """Screen readers move by headings (WCAG 1.3.1): the labels the project adds are h2, below the title."""
    for page in TALKS:
        html = (outdir / "talks" / f"{page.stem}.html").read_text(encoding="utf-8")
        main = html.split('<article class="bd-article">', 1)[1].split("</article>", 1)[0]
        labels = re.findall(r'<h2 class="rubric"[^>]*>([^<]+)', main)
        expected = ["References"] if page.stem in ("pierangelo-marcati", "vittorio-romano") else []
        assert labels == [*expected, "Related talks", "Cite this talk"], page.stem
        assert len(re.findall(r"<h1\b", main)) == 1
    authors = (outdir / "authors.html").read_text(encoding="utf-8")
    jumps = re.search(r'<p class="author-index-letters">(.*?)</p>', authors).group(1)
    letters = re.findall(r'<a class="reference internal" href="#([^"]+)">([^<]+)</a>', jumps)
    headings = re.findall(r'<h2 class="rubric" id="([^"]+)">([^<]+)', authors)
    assert letters == headings and len(letters) > 10


def test_the_authors_guide_lists_what_the_policy_and_the_model_accept_and_is_linked(outdir):
    from proceedings.model.talk import FIELDS
    from proceedings.safety import policy

    guide = (outdir / "guide.html").read_text(encoding="utf-8")
    for name in [*FIELDS, *policy.DIRECTIVE_OPTIONS, *policy.ROLES]:
        assert f'<span class="pre">{name}</span>' in guide, name
    index = (outdir / "index.html").read_text(encoding="utf-8")
    assert 'href="guide.html"' in index


def test_search_finds_a_talk_by_its_words_not_by_its_citation_block(outdir):
    """Every talk page's BibTeX names the conference ("… in quantum mechanics"); indexed, it made
    every talk a search result for those words."""
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    talks = {number for number, name in enumerate(index["docnames"]) if name.startswith("talks/")}

    def pages(stem: str) -> set[int]:
        found = index["terms"].get(stem, [])
        return set(found) if isinstance(found, list) else {found}

    assert not pages("booktitl") and not pages("inproceed")
    for word in ("quantum", "numer", "theoret", "advanc", "mechan"):  # the conference's title
        assert len(pages(word) & talks) <= len(talks) // 2 + 1, word
    assert pages("schrödinger") & talks  # the talks' own words are found
