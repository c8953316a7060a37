"""A full paper (the authors' example): numbered statements, proofs, equations, footnotes, tables and
figures, each numbered per talk and referred to by label, in the site and in the printed book."""

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import build, copy_root
from sphinx.environment import BuildEnvironment
from test_pdf import normal, pdftotext, require

from proceedings.cli.check import BOOK, book_pages
from proceedings.sphinxext.authors_guide import EXAMPLE_PAPER

BIN = Path(sys.executable).parent


def paper_root(destination: Path) -> Path:
    """tests/roots/test-paper with the authors' example paper and its figure in talks/."""
    srcdir = copy_root("paper", destination)
    shutil.copy(EXAMPLE_PAPER, srcdir / "talks")
    shutil.copy(EXAMPLE_PAPER.with_name("example-paper-figure.png"), srcdir / "talks")
    return srcdir


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    built = build(paper_root(tmp_path_factory.mktemp("paper")))
    assert built.warnings == "", built.warnings
    return built


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    require("xelatex", "latexmk", "pdftotext")
    srcdir = paper_root(tmp_path_factory.mktemp("paper-book"))
    latex = subprocess.run(
        [
            str(BIN / "sphinx-build"),
            "-M",
            "latexpdf",
            str(srcdir),
            str(srcdir / "build"),
            "-W",
            "--keep-going",
        ]
        + ["-n", "-q"],
        capture_output=True,
        text=True,
    )
    assert latex.returncode == 0, latex.stdout[-3000:] + latex.stderr
    return srcdir


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


def numbers(html: str) -> list[str]:
    return [number.strip() for number in re.findall(r'<span class="caption-number">([^<]*)', article(html))]


def links(html: str) -> list[tuple[str, str]]:
    """(target, text) of each link inside the page."""
    found = re.findall(r'<a class="reference internal" href="#([^"]*)"[^>]*>(.*?)</a>', article(html))
    return [(target, re.sub(r"<[^>]+>", "", text)) for target, text in found]


def test_statements_tables_figures_and_equations_are_numbered_per_talk(site):
    assert numbers(site.html("talks/example-paper")) == [
        "Definition 1", "Lemma 1", "Theorem 1", "Remark", "Table 1", "Fig. 1",
    ]  # fmt: skip
    assert numbers(site.html("talks/second")) == ["Theorem 1", "Fig. 1"]  # its own, from 1
    assert re.findall(r'class="eqno">\((\d+)\)', site.html("talks/example-paper")) == ["1"]


def test_references_by_label_resolve_to_the_numbered_element(site):
    page = links(site.html("talks/example-paper"))
    for expected in [
        ("example-kato-class", "Definition 1"),
        ("example-form-bound", "Lemma 1"),
        ("example-table", "Table 1"),
        ("example-figure", "Fig. 1"),
        ("equation-example-hamiltonian", "(1)"),
    ]:
        assert expected in page
    assert ("second-noether", "Theorem 1") in links(site.html("talks/second"))


def test_the_figure_footnote_and_proofs_are_in_the_page(site):
    html = article(site.html("talks/example-paper"))
    assert (
        '<img alt="The first eigenvalues, decreasing in absolute value." src="../_images/example-paper-figure.png"'
        in html
    )
    assert (site.outdir / "_images" / "example-paper-figure.png").is_file()
    assert "The idea goes back to Kato" in html and 'class="footnote-reference' in html
    assert html.count('<p class="proof-label"><em>Proof.</em></p>') == 2
    ids = Counter(re.findall(r'\bid="([^"]+)"', site.html("talks/example-paper")))
    assert [name for name, count in ids.items() if count > 1] == []  # sphinx-proof repeated two


def test_no_index_of_labels_and_the_stylesheet_for_html_alone(site, book):
    assert not (site.outdir / "prf-prf.html").exists()  # sphinx-proof's "Proof Index"
    assert (site.outdir / "_static" / "proof.css").is_file()
    assert not (book / "build" / "latex" / "_static" / "proof.css").exists()  # the TeX guard refuses it


def test_a_rebuild_without_changes_writes_no_page_and_loads_no_doctree(site, monkeypatch):
    """Per-talk numbers are found as pages are read: a rebuild does not load every page's
    doctree again to number them (Sphinx's own numbering does, on every build)."""
    loaded = []
    original = BuildEnvironment.get_doctree

    def counting(self, docname):
        loaded.append(docname)
        return original(self, docname)

    monkeypatch.setattr(BuildEnvironment, "get_doctree", counting)
    again = build(site.srcdir)
    assert "no targets are out of date" in re.sub(r"\x1b\[[0-9;]*m", "", again.status)
    assert [docname for docname in loaded if docname.startswith("talks/")] == []  # Sphinx loaded each


def test_the_book_typesets_a_paper(book):
    text = normal(pdftotext(book / BOOK))
    for printed in [
        "1 Introduction",
        "2 Results",
        "2.1 Numerical check",
        "Definition 1 (Kato class). A potential V",
        "Lemma 1. If V is in the Kato class of Definition 1",
        "Proof. This follows from the estimate behind equation (1).",
        "Theorem 1 (Self-adjointness). Under the assumption of Lemma 1, H is self-adjoint.",
        "Remark. An unnumbered statement",
        "Table 1 lists the computed eigenvalues and Fig. 1 plots them.",
        "Table 1: The first eigenvalues.",
        "Fig. 1: The eigenvalues of H.",
        "The idea goes back to Kato [1].",
        "Theorem 1. Each continuous symmetry gives a conserved quantity.",
        "Fig. 1: A second figure, numbered 1 in this paper.",
    ]:
        assert printed in text, printed
    assert "Release" not in text and "Proof Index" not in text and "1.1" not in text


def test_check_reports_each_papers_pages_in_the_book(book):
    """After the title page (numbered 1) and the roman front matter, the paper starts on page 1
    and its figure ends it on page 2; the next talk opens on the right, page 3."""
    assert book_pages(book) == [
        "source/talks/example-paper.md: pages 1–2 (2 pages)",
        "source/talks/second.md: pages 3–3 (1 page)",
    ]
