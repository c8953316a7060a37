"""The project's own catalogue: complete, up to date with the source, compiled; and a French build
(tests/roots/test-french, ``language: fr`` in its conference.yaml) that shows every label in French
and none of the project's English ones."""

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from bs4 import BeautifulSoup
from conftest import build, copy_root
from pypdf import PdfReader
from test_pdf import normal, pdftotext, require

from proceedings.book.offprints import write_offprints
from proceedings.locale import _
from proceedings.locale import __main__ as catalogue
from proceedings.model.conference import ConferenceError, load_conference
from proceedings.model.talk import load_talk

BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sdg]")


def messages(catalog) -> dict[str, str]:
    return {message.id: message.string for message in catalog if message.id}


def french() -> dict[str, str]:
    [path] = [path for path in catalogue.translations() if path.parts[-3] == "fr"]
    return messages(catalogue.read(path))


def test_the_template_has_every_message_of_the_source():
    """Re-extracted from the source now, with Babel: a message added without running
    `python -m proceedings.locale` fails here."""
    assert set(messages(catalogue.read(catalogue.TEMPLATE))) == set(messages(catalogue.extract()))


@pytest.mark.parametrize("path", catalogue.translations(), ids=lambda path: path.parts[-3])
def test_each_language_translates_every_message(path):
    template = set(messages(catalogue.read(catalogue.TEMPLATE)))
    catalog = catalogue.read(path)
    assert set(messages(catalog)) == template, "run python -m proceedings.locale"
    untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []
    # Babel's own checks: the same placeholders as the message (%(title)s, %d...).
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalog.check()]
    assert problems == []


@pytest.mark.parametrize("path", catalogue.translations(), ids=lambda path: path.parts[-3])
def test_the_committed_mo_is_the_po_compiled(path):
    committed = read_mo(io.BytesIO(path.with_suffix(".mo").read_bytes()))
    compiled = read_mo(io.BytesIO(catalogue.compiled(catalogue.read(path))))
    assert messages(committed) == messages(compiled)
    assert messages(committed) == {key: value for key, value in messages(catalogue.read(path)).items()}


def test_language_in_conference_yaml(tmp_path):
    path = tmp_path / "conference.yaml"
    facts = "title: T\nstart: 2023-01-16\nend: 2023-01-20\n"
    path.write_text(facts, encoding="utf-8")
    assert load_conference(path).language is None
    path.write_text(facts + "language: pt_BR\n", encoding="utf-8")
    assert load_conference(path).language == "pt_BR"
    path.write_text(facts + "language: French\n", encoding="utf-8")
    with pytest.raises(ConferenceError, match="'language' must be a language code"):
        load_conference(path)


# --- The French build ------------------------------------------------------------------------


def fragments(message: str) -> list[str]:
    """What a reader would see of a message: its words between the placeholders (a format
    string's arguments are data), each long enough to mean something."""
    parts = (" ".join(part.split()).strip(" ,.;:") for part in PLACEHOLDER.split(message))
    return [part for part in parts if len(part) >= 3]


def shows(text: str, fragment: str) -> bool:
    """The fragment as words of the text, not inside a longer word or a path ("talks/alpha")."""
    text = " ".join(text.split())  # no-break spaces (French "Session :") as spaces
    return re.search(rf"(?<![\w/-]){re.escape(fragment)}(?![\w/-])", text) is not None


def english_labels() -> list[str]:
    """Every English fragment of the catalogue that French does not say the same way
    ("Directives", "Session", "options": the same word in both)."""
    found = []
    for english, translated in french().items():
        found += [part for part in fragments(english) if not shows(translated, part)]
    return sorted(set(found))


def visible_text(html: str) -> str:
    """What a reader of a page meets: its text and the attributes read aloud or shown."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    attributes = [
        element[name]
        for name in ("alt", "title", "aria-label", "data-full", "data-fit")  # the map's button
        for element in soup.find_all(attrs={name: True})
    ]
    return " ".join([soup.get_text(" "), *map(str, attributes)])


def tex_text(tex: str) -> str:
    """The book's LaTeX without its comments and labels (``\\label{offprint:talks/alpha}``)."""
    text = "\n".join(re.sub(r"(?<!\\)%.*", "", line) for line in tex.splitlines())
    return re.sub(r"\\(?:label|ref|pageref|hyperref|hypertarget)\{[^}]*\}", "", text)


# (label, page) that tests/roots/test-french exercises; the French comes from the catalogue.
SHOWN = [
    ("co-authors:", "talks/alpha"),
    ("co-author:", "talks/beta"),
    ("corresponding author:", "talks/alpha"),
    ("Track:", "talks/alpha"),
    ("Session:", "talks/alpha"),
    ("Board:", "talks/alpha"),
    ("PDF:", "talks/alpha"),
    ("this talk", "talks/alpha"),
    ("the whole book", "talks/alpha"),
    ("References", "talks/alpha"),
    ("Proof", "talks/alpha"),
    ("Related talks", "talks/alpha"),
    ("shares co-author %(person)s", "talks/alpha"),
    ("Cite this talk", "talks/alpha"),
    ("Abstract not yet received.", "talks/beta"),
    ("Title and abstract not yet received.", "talks/gamma"),
    ("%(speaker)s: title not yet received", "talks/gamma"),
    ("Title not yet received.", "talks/gamma"),
    ("No other talk shares its people, its references' authors or its subject terms.", "talks/gamma"),
    ("co-author", "authors"),
    ("All %d talks", "index"),
    ("Talks", "index"),
    ("Front matter", "guide"),
    ("Roles", "guide"),
    ("Formulas", "guide"),
    ("Limits", "guide"),
    ("required", "guide"),
    ("no options", "guide"),
    ("Inside $…$ and $$…$$, these commands:", "guide"),
    ("Map of the talks: each box a talk, each line a relation between two talks", "map"),
    ("title not yet received", "map"),
    ("Talks and their relations", "map"),
    ("no related talk", "map"),
    ("Show at full size", "map"),
    ("Fit to the page", "map"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    built = build(copy_root("french", tmp_path_factory.mktemp("french")))
    assert built.warnings == "", built.warnings
    return built


def test_the_french_site_shows_every_label_in_french(site):
    translated = french()
    for english, page in SHOWN:
        text = visible_text(site.html(page))
        assert fragments(translated[english]), english
        for part in fragments(translated[english]):
            assert shows(text, part), (page, english, part)
    assert "Théorème 1" in visible_text(site.html("talks/alpha"))  # sphinx-proof's own catalogue
    assert "2023, les auteurs" in visible_text(site.html("index"))  # the footer's copyright


def test_the_french_site_shows_no_english_label_of_the_project(site):
    labels = english_labels()
    assert "Related talks" in labels and "title not yet received" in labels
    pages = sorted(site.outdir.rglob("*.html"))
    assert len(pages) >= 6
    for page in pages:
        text = visible_text(page.read_text(encoding="utf-8"))
        assert [label for label in labels if shows(text, label)] == [], page


def test_the_french_book_and_epub_say_it_in_french(tmp_path):
    """The LaTeX of the book (polyglossia, French macros) and the EPUB's pages."""
    srcdir = copy_root("french", tmp_path)
    latex = build(srcdir, "latex")
    assert latex.warnings == "", latex.warnings
    tex = (latex.outdir / "proceedings.tex").read_text(encoding="utf-8")
    # babel's French: hyphenation, LaTeX's own headings ("Chapitre") and French spacing.
    assert "french]{sphinxmanual}" in tex and r"\usepackage{babel}" in tex
    assert r"\newcommand{\proceedingsindexname}{Index des auteurs}" in tex
    assert r"\or janvier\or février" in tex
    assert [label for label in english_labels() if shows(tex_text(tex), label)] == []
    epub = build(srcdir, "epub")
    assert epub.warnings == "", epub.warnings
    for page in sorted(epub.outdir.rglob("*.xhtml")):
        text = visible_text(page.read_text(encoding="utf-8"))
        assert [label for label in english_labels() if shows(text, label)] == [], page
    assert "Exposés liés" in visible_text((epub.outdir / "talks" / "alpha.xhtml").read_text(encoding="utf-8"))
    opf = (epub.outdir / "content.opf").read_text(encoding="utf-8")
    assert "<dc:language>fr</dc:language>" in opf and "16–20 janvier 2023" in opf  # conf.py's version
    assert "<dc:creator>Les orateurs de la conférence</dc:creator>" in opf
    assert "<dc:rights>2023, les auteurs</dc:rights>" in opf


@pytest.mark.tex
def test_the_french_pdf(tmp_path):
    require("xelatex", "latexmk", "pdftotext")
    srcdir = copy_root("french", tmp_path)
    result = subprocess.run(
        [str(BIN / "sphinx-build"), "-M", "latexpdf", str(srcdir), str(srcdir / "build"), "-W"]
        + ["--keep-going", "-n", "-q"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    pdf = srcdir / "build" / "latex" / "proceedings.pdf"
    text = normal(pdftotext(pdf))
    # babel's French: LaTeX's own "Chapitre" (fncychap prints it in capitals), French spacing.
    for french_text in (
        "CHAPITRE",
        "16–20 janvier 2023",
        "Index des auteurs",
        "Démonstration",
        "Exposés liés",
    ):
        assert french_text in text
    assert "co-auteurs : Rémi Figari" in text
    assert [label for label in english_labels() if shows(text, label)] == []
    for english in ("CHAPTER", "Contents"):
        assert not shows(text, english)
    metadata = PdfReader(pdf).metadata
    assert metadata.subject == "Actes de la conférence Journées d'analyse spectrale, Lyon, 16–20 janvier 2023"
    assert metadata["/Keywords"] == "Journées d'analyse spectrale, Lyon, actes, résumés"
    # Offprints (`proceedings offprints`, no Sphinx): the language of conference.yaml.
    talks = {f"talks/{page.stem}": load_talk(page) for page in (srcdir / "talks").glob("*.md")}
    conference = load_conference(srcdir / "conference.yaml")
    write_offprints(pdf, pdf.with_suffix(".aux"), talks, conference, tmp_path / "offprints")
    offprint = PdfReader(tmp_path / "offprints" / "talks" / "gamma.pdf").metadata
    assert offprint.title == "Chloé Gamma\u00a0: titre pas encore reçu"
    assert re.fullmatch(
        r"Tiré à part de Journées d'analyse spectrale, Lyon, 16–20 janvier 2023, p\. 5(–\d+)?",
        offprint.subject,
    )
    assert offprint["/Keywords"] == "Journées d'analyse spectrale, Lyon, tiré à part"


def test_translations_follow_the_build_language():
    """Outside a build (no catalogue loaded), a message is its English text."""
    assert str(_("Related talks")) in ("Related talks", "Exposés liés")
