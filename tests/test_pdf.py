"""The printed book and its offprints, built for real with Debian's TeX Live and read back.

These tests need xelatex, latexmk, xindy and poppler; `make test` installs them
(tools/install-system-packages). When they are missing the tests fail, never skip.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from site_links import missing_targets

from proceedings.model.talk import load_talk

PROJECT = Path(__file__).parent.parent
TALKS = {f"talks/{p.stem}": load_talk(p) for p in sorted((PROJECT / "source" / "talks").glob("*.md"))}
BIN = Path(sys.executable).parent


def require(*tools):
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run tools/install-system-packages", pytrace=False)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """`make latexpdf` and `make offprints`, into a scratch build folder."""
    require("xelatex", "latexmk", "xindy", "pdftotext", "pdfinfo", "pdffonts")
    build = tmp_path_factory.mktemp("book")
    latex = subprocess.run(
        [str(BIN / "sphinx-build"), "-M", "latexpdf", str(PROJECT / "source"), str(build), "-c", str(PROJECT)]
        + ["-W", "--keep-going", "-n", "-q"],
        capture_output=True,
        text=True,
    )
    assert latex.returncode == 0, latex.stdout[-3000:] + latex.stderr
    assert "WARNING" not in latex.stderr
    (build / "latexpdf.log").write_text(latex.stdout + latex.stderr, encoding="utf-8")
    offprints = subprocess.run(
        [str(BIN / "proceedings"), "offprints", "--project", str(PROJECT)]
        + ["--latex-dir", str(build / "latex"), "--out", str(build / "pdf")],
        capture_output=True,
        text=True,
    )
    assert offprints.returncode == 0, offprints.stderr
    return build


def pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("-\n", "-")).strip()


@pytest.fixture(scope="module")
def pages(book):
    """The text of every page of the book, in order."""
    return pdftotext(book / "latex" / "proceedings.pdf").split("\f")


def chapter_pages(pages: list[str]) -> list[int]:
    """First pages of the talk chapters (the map of the conference is the chapter after them)."""
    return [
        i
        for i, text in enumerate(pages)
        if re.match(r"\s*CHAPTER\s*\d+", text) and "Map of the conference" not in text
    ]


def map_chapter(pages: list[str]) -> int:
    """First page of the map of the conference, the chapter after the talks."""
    return next(i for i, t in enumerate(pages) if re.match(r"\s*CHAPTER", t) and "Map of the conference" in t)


def test_front_matter(pages):
    title_page = normal(pages[0])
    assert (
        title_page
        == "Numerical and theoretical advances in quantum mechanics IMT 16–20 January 2023 Recueil des résumés"
    )
    # pdftotext drops a hyphen where TeX broke a line at it ("single-layer").
    # and prints a page number beside the last line of a long title, so numbers are dropped.
    contents = re.sub(r" \d+(?= )", "", normal(" ".join(pages[1:4])).replace("-", ""))
    for talk in TALKS.values():
        assert normal(talk.display_title).replace("-", "") in contents
        assert ", ".join(talk.authors).replace("-", "") in contents
    assert "Index of authors" in contents


def test_every_title_once_in_the_body_one_chapter_per_talk_in_booklet_order(pages):
    starts = chapter_pages(pages)
    assert len(starts) == len(TALKS)
    ordered = sorted(TALKS.values(), key=lambda talk: talk.abstract_number)
    # A title may also be cited in a reference list (Marcati cites his own preprint) or
    # named under "Related talks" of another chapter; those parts are left out.
    ends = starts[1:] + [map_chapter(pages)]
    body = " ".join(
        re.split(r" References | Related talks ", normal(" ".join(pages[a:b])))[0]
        for a, b in zip(starts, ends, strict=True)
    )
    for start, talk in zip(starts, ordered, strict=True):
        assert normal(talk.display_title) in normal(pages[start]), talk.speaker
        assert body.count(normal(talk.display_title)) == 1, talk.speaker


def test_references_inside_their_own_chapter(pages):
    starts = chapter_pages(pages) + [map_chapter(pages)]
    chapters = [normal(" ".join(pages[a:b])) for a, b in zip(starts, starts[1:], strict=False)]
    with_references = [i for i, text in enumerate(chapters) if "References" in text]
    ordered = sorted(TALKS.values(), key=lambda talk: talk.abstract_number)
    assert [ordered[i].speaker for i in with_references] == ["Pierangelo Marcati", "Vittorio Romano"]
    marcati, romano = (chapters[i] for i in with_references)
    assert "P. Germain and N. Masmoudi" in marcati and "Germain" not in romano
    assert "V. D. Camiola and V. Romano. Hydrodynamical Model for Charge Transport in Graphene" in romano
    assert "Nastasi" not in marcati


def test_author_index_with_page_numbers(pages):
    index = normal(pages[-1] if "Index of authors" in pages[-1] else " ".join(pages[-2:]))
    for entry in (
        "Döpfner, Kirian, 11",
        "Le Treust, Loïc, 37",
        "Müller, Peter, 5",
        "Perelman, 19",
        "Jourdana, Clement, 13",
    ):
        assert entry in index
    assert "Negulescu, Claudia, 9, 11" in index  # speaker of one talk, co-author of another
    # Named in a sentence ("Joint work with G. Basti and B. Schlein"), merged where certain.
    assert "Basti, G., 23, 25" in index
    assert "Schlein, Benjamin, 25, 27" in index and "Schlein, B." not in index
    assert "Perelman, 19" in index and "Perelman, Galina, 45" in index


def test_two_latex_passes_and_the_contents_give_the_index_its_page(book, pages):
    """The index's contents line is written on the first pass, so a clean build needs two."""
    log = (book / "latexpdf.log").read_text(encoding="utf-8")
    assert re.findall(r"Run number (\d+) of rule 'pdflatex'", log) == ["1", "2"], log[-3000:]
    reader = PdfReader(book / "latex" / "proceedings.pdf")
    index_page = reader.get_destination_page_number(reader.outline[-1])
    assert reader.outline[-1].title == "Index of authors"
    assert pages[index_page].lstrip().startswith("Index of authors")
    assert f"Index of authors {reader.page_labels[index_page]}" in normal(" ".join(pages[1:4]))


def test_pdf_metadata_fonts_and_bookmarks(book):
    pdf = book / "latex" / "proceedings.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Title:           Numerical and theoretical advances in quantum mechanics" in info
    assert (
        "Subject:         Proceedings of the conference Numerical and theoretical advances in quantum mechanics, IMT, 16–20 January 2023"
        in info
    )
    assert "Keywords:" in info
    assert "Author:" not in info  # the booklet names no author of the volume
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts
    outline = [item.title for item in PdfReader(pdf).outline if not isinstance(item, list)]
    for talk in TALKS.values():
        assert talk.display_title in outline


def test_diacritics_copy_paste_and_no_overfull_lines(book, pages):
    text = normal(" ".join(pages))
    for word in ("Müller", "Döpfner", "Loïc", "Gérard", "Szegő", "Schrödinger", "ℝ³⁺¹"):
        assert word in text
    log = (book / "latex" / "proceedings.log").read_text(encoding="utf-8", errors="replace")
    overfull = [float(m) for m in re.findall(r"Overfull \\hbox \((\d+\.?\d*)pt too wide\)", log)]
    assert all(width <= 3 for width in overfull), overfull


def test_running_heads_name_the_talk_and_the_conference_never_a_release(pages):
    starts = chapter_pages(pages)
    following = pages[starts[19] + 1]  # Marcati's second page
    assert "Chapter 20. Pierangelo Marcati" in normal(following)
    assert normal(following).startswith("Numerical and theoretical advances in quantum mechanics")
    # Sphinx's "Release <version>" belongs to software manuals, not to a proceedings volume.
    assert not [n for n, page in enumerate(pages) if "Release" in page]


def test_offprints_carry_the_books_page_numbers_and_metadata(book, pages):
    offprints = book / "pdf" / "talks"
    assert sorted(p.stem for p in offprints.glob("*.pdf")) == sorted(d.split("/")[1] for d in TALKS)
    record = json.loads((book / "pdf" / "offprints.json").read_text(encoding="utf-8"))
    assert record["talks"]["talks/pierangelo-marcati"] == {
        "file": "talks/pierangelo-marcati.pdf",
        "first_page": "39",
        "last_page": "40",
    }
    marcati = offprints / "pierangelo-marcati.pdf"
    info = subprocess.run(["pdfinfo", str(marcati)], capture_output=True, text=True, check=True).stdout
    assert "Title:           Existence and Stability of almost finite energy weak solutions" in info
    assert "Author:          Pierangelo Marcati" in info
    assert "pp. 39–40" in info
    offprint_pages = pdftotext(marcati).split("\f")
    start = chapter_pages(pages)[19]
    assert normal(offprint_pages[0]) == normal(pages[start])
    assert "References" in normal(" ".join(offprint_pages))
    assert (book / "pdf" / "proceedings.pdf").read_bytes() == (
        book / "latex" / "proceedings.pdf"
    ).read_bytes()


@pytest.fixture(scope="module")
def site_with_pdfs(book):
    """`make offprints html` on a site with a known address: the PDFs published and linked."""
    outdir = book / "html"
    site = subprocess.run(
        [str(BIN / "sphinx-build"), "-b", "html", "-c", str(PROJECT), str(PROJECT / "source"), str(outdir)]
        + ["-d", str(book / "doctrees-html"), "-D", f"proceedings_pdf_dir={book / 'pdf'}"]
        + ["-D", "html_baseurl=https://proceedings.example.org/2023/", "-W", "--keep-going", "-n", "-q"],
        capture_output=True,
        text=True,
    )
    assert site.returncode == 0, site.stderr
    return outdir


def test_the_site_publishes_and_links_the_book_and_every_offprint(site_with_pdfs, book):
    assert (site_with_pdfs / "proceedings.pdf").read_bytes() == (
        book / "pdf" / "proceedings.pdf"
    ).read_bytes()
    for docname in TALKS:
        page = (site_with_pdfs / f"{docname}.html").read_text(encoding="utf-8")
        stem = docname.split("/")[1]
        assert (site_with_pdfs / f"{docname}.pdf").read_bytes() == (
            book / "pdf" / f"{docname}.pdf"
        ).read_bytes()
        assert (
            f'href="{stem}.pdf">this talk</a> · <a class="reference external" href="../proceedings.pdf">'
            in page
        )
    assert missing_targets(site_with_pdfs) == []


def test_scholar_tags_give_the_books_pages_and_the_offprint_beside_the_page(site_with_pdfs):
    """Google Scholar: citation_pdf_url absolute and in the page's own folder; pages as printed."""
    page = (site_with_pdfs / "talks" / "pierangelo-marcati.html").read_text(encoding="utf-8")
    tags = dict(
        re.findall(r'<meta name="(citation_(?:pdf_url|firstpage|lastpage))" content="([^"]*)" />', page)
    )
    assert tags == {
        "citation_firstpage": "39",
        "citation_lastpage": "40",
        "citation_pdf_url": "https://proceedings.example.org/2023/talks/pierangelo-marcati.pdf",
    }
    assert (
        '<link rel="canonical" href="https://proceedings.example.org/2023/talks/pierangelo-marcati.html" />'
        in page
    )
    untitled = (site_with_pdfs / "talks" / "perelman.html").read_text(encoding="utf-8")
    assert "citation_" not in untitled


def test_latex_special_characters_in_titles_and_names_print_as_written(tmp_path):
    require("xelatex", "latexmk", "xindy", "pdftotext", "pdfinfo")
    srcdir = tmp_path / "specials"
    shutil.copytree(Path(__file__).parent / "roots" / "test-latex-specials", srcdir)
    build = subprocess.run(
        [
            str(BIN / "sphinx-build"),
            "-M",
            "latexpdf",
            str(srcdir),
            str(tmp_path / "out"),
            "-W",
            "--keep-going",
            "-q",
        ],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr
    pdf = tmp_path / "out" / "latex" / "proceedings.pdf"
    text = normal(pdftotext(pdf))
    assert "Spectra & Co: 100% of $H$_{min} #1 {braces}" in text
    assert "Åland Hall, Łódź" in text
    assert "Costs of 100% & $5 in a_b {sets} #3 ~ ^" in text
    assert "José Ñúñez_Smith & Sons, Zoë O'Brien {Jr}, Łukasz #2 Müller" in text  # contents line
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Title:           Spectra & Co: 100% of $H$_{min} #1 {braces}" in info


def test_the_pdf_index_of_authors_agrees_with_the_html_one(pages, project_html):
    assert project_html.returncode == 0
    html = (project_html.outdir / "authors.html").read_text(encoding="utf-8")
    names = re.findall(r"<strong>([^<]+)</strong> — ", html)
    start = max(i for i, text in enumerate(pages) if "Index of authors" in text)
    index = " ".join(pages[start:])
    entries = re.findall(r"^(.+?), \d+(?:, \d+)*$", index, flags=re.M)
    assert len(names) > 40
    assert sorted(entries) == sorted(names)


def test_epub_passes_epubcheck_with_math_as_pictures_in_booklet_order(tmp_path):
    require("java", "dvisvgm", "latex")
    result = subprocess.run(
        ["make", "epub", f"BUILDDIR={tmp_path}"], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (epub,) = (tmp_path / "epub").glob("*.epub")
    check = subprocess.run(
        ["java", "-jar", "/usr/share/java/epubcheck.jar", str(epub)], capture_output=True, text=True
    )
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in check.stdout + check.stderr, (
        check.stdout + check.stderr
    )
    with zipfile.ZipFile(epub) as book:
        arnold = book.read("talks/anton-arnold.xhtml").decode("utf-8")
        map_page = book.read("map.xhtml").decode("utf-8")
        opf = book.read("content.opf").decode("utf-8")
        names = book.namelist()
    assert re.search(r'<img[^>]+src="\.\./_images/math/[0-9a-f]+\.svg"', arnold)
    assert "\\epsilon" not in re.sub(r'alt="[^"]*"', "", arnold)  # TeX only in the pictures' alt text
    assert not any("mathjax" in name for name in names)
    # The map: Graphviz's SVG as a picture named for readers, not an <object> without a name.
    assert re.search(r'<img src="_images/graphviz-[0-9a-f]+\.svg" alt="Map of the talks: [^"]+"', map_page)
    assert "<object" not in map_page and "Talks and their relations" in map_page
    assert "<dc:title>Numerical and theoretical advances in quantum mechanics</dc:title>" in opf
    spine = re.findall(r'<itemref idref="(epub-\d+)"', opf)
    hrefs = dict(re.findall(r'<item id="(epub-\d+)" href="([^"]+)"', opf))
    order = [hrefs[i] for i in spine if hrefs[i].startswith("talks/")]
    talks = sorted(TALKS.items(), key=lambda item: item[1].abstract_number)
    assert order == [f"{docname}.xhtml" for docname, _talk in talks]


def copy_of_the_books_latex(book: Path, target: Path) -> Path:
    """The LaTeX folder of a finished build, as the build left it before latexmk ran."""
    latex = target / "latex"
    shutil.copytree(book / "latex", latex)
    for output in latex.glob("proceedings.*"):
        if output.suffix != ".tex":
            output.unlink()
    return latex


def test_a_xindy_module_tex_overwrote_is_never_executed(book, tmp_path):
    """TeX may write in its folder; xindy executes its .xdy modules as Lisp. The modules are
    written again from latexmkrc just before xindy reads them."""
    require("xelatex", "latexmk", "xindy")
    latex = copy_of_the_books_latex(book, tmp_path)
    marker = tmp_path / "MARKER"
    lisp = f'(with-open-file (s "{marker}" :direction :output) (write-line "ran" s))\n'
    with (latex / "sphinx.xdy").open("a", encoding="utf-8") as module:
        module.write(lisp)  # what a TeX pass could have written
    # xindy looks in the folder first for the modules sphinx.xdy requires.
    (latex / "numeric-sort.xdy").write_text(lisp, encoding="utf-8")
    env = {**os.environ, "openin_any": "p", "openout_any": "p", "shell_escape": "f"}
    done = subprocess.run(["make", "-C", str(latex), "all-pdf"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout[-3000:]
    assert (latex / "proceedings.ind").stat().st_size > 0  # xindy ran
    assert not marker.exists()
    assert lisp not in (latex / "sphinx.xdy").read_text(encoding="utf-8")
    assert not (latex / "numeric-sort.xdy").exists()
    report = subprocess.run(
        [str(BIN / "proceedings"), "tex-report", str(latex)], capture_output=True, text=True
    )
    assert report.returncode == 0, report.stderr


def test_tex_report_names_files_tex_changed_or_added(book, tmp_path):
    latex = tmp_path / "latex"
    shutil.copytree(book / "latex", latex)
    clean = subprocess.run(
        [str(BIN / "proceedings"), "tex-report", str(latex)], capture_output=True, text=True
    )
    assert clean.returncode == 0, clean.stderr
    (latex / "latexmkrc").write_text("system('touch /tmp/x');\n", encoding="utf-8")
    (latex / "extra.xdy").write_text('(require "x")\n', encoding="utf-8")
    report = subprocess.run(
        [str(BIN / "proceedings"), "tex-report", str(latex)], capture_output=True, text=True
    )
    assert report.returncode == 1
    assert report.stderr.splitlines() == [
        "proceedings tex-report: extra.xdy: not a file the build or TeX should write",
        "proceedings tex-report: latexmkrc: written by the build, changed afterwards (by TeX?)",
    ]
