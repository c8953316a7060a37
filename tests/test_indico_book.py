"""Books of abstracts typeset by Indico, extracted by pdftotext: read right, or refused.

The books under ``tests/data/indico-books/`` are genuine ``pdftotext`` output (plain and
``-layout``) of PDFs compiled from Indico's own LaTeX templates (``book_of_abstracts.tex``,
Indico 3.3 and, ``v21``, templates patched to Indico 2.1's labels), in English and French, with
and without contribution ids in the contents. ``truth.json`` is the data they were made from.
"""

import datetime
import json
import re
from pathlib import Path

import pytest
from small_project import build
from test_cli import run, snapshot

from proceedings.importer.indico_book import import_indico_book, parse_dates
from proceedings.importer.plausibility import doubts

BOOKS = Path(__file__).parent / "data" / "indico-books"
TRUTH = json.loads((BOOKS / "truth.json").read_text(encoding="utf-8"))
READABLE = sorted(p.name for p in BOOKS.glob("*.txt") if not p.name.startswith("indico-v21-fr"))


def same(text):
    """Typography TeX adds is not a difference: ’ for ', spaces around dashes."""
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("– ", "–").replace(" –", "–")).strip()


@pytest.mark.parametrize("book", READABLE)
def test_every_contribution_is_read_with_its_people_affiliations_and_fields(book):
    language = "fr" if "-fr" in book else "en"
    truth = TRUTH[language]
    result = import_indico_book((BOOKS / book).read_text(encoding="utf-8"))
    assert doubts(result) == []
    assert same(result.conference.title) == same(truth["title"])
    assert result.conference.venue == truth["venue"]
    talks = {page.talk.abstract_number: page for page in result.pages}
    assert sorted(talks) == [c["id"] for c in truth["contributions"]]
    for contribution in truth["contributions"]:
        page = talks[contribution["id"]]
        talk = page.talk
        assert same(talk.title) == same(contribution["title"])
        assert [same(n) for n in talk.authors] == [
            same(n) for n in contribution["authors"] + contribution["coauthors"]
        ]
        assert {same(k): v for k, v in talk.affiliations} == {
            same(k): v for k, v in contribution["affiliations"].items()
        }
        assert (talk.session, talk.board_number) == (contribution["session"], contribution["board"])
        assert talk.email in contribution["submitters"]
        assert talk.status.value == ("complete" if contribution["has_abstract"] else "abstract-missing")
        # Field lines are metadata, never abstract text; no address is published in an abstract.
        assert "@" not in page.body
        assert not re.search(r"(?m)^(Authors?|Co-auteurs?|Keywords|Mots-clés)\b", page.body)
        assert "Page " not in page.body and "/ Book of Abstracts" not in page.body


def test_a_book_missing_a_contribution_is_refused_and_nothing_is_written(tmp_path):
    """Indico 2.1 printed a lone author with no label; one such entry is not recognised."""
    book = BOOKS / "indico-v21-fr.txt"
    refused = run("init", tmp_path / "new", "--from", book)
    assert refused.returncode == 1
    assert "refused, nothing written" in refused.stderr
    assert "the contents list 5 contributions, the book's pages 4" in refused.stderr
    assert not (tmp_path / "new").exists()
    forced = run("init", tmp_path / "new", "--from", book, "--force")
    assert forced.returncode == 0, forced.stderr
    report = (tmp_path / "new" / "import-report.md").read_text(encoding="utf-8")
    assert "imported with --force despite: the contents list 5 contributions" in report


def test_a_book_in_an_unknown_layout_is_refused_with_the_reasons(tmp_path):
    project = tmp_path / "project"
    assert (
        run("import", Path(__file__).parent / "data" / "synthetic-book.txt", "--project", project).returncode
        == 0
    )
    before = snapshot(project)
    refused = run("import", Path(__file__).parent / "data" / "unknown-layout-book.txt", "--project", project)
    assert refused.returncode == 1
    for reason in (
        "the speaker 'Invited Talks' reads like a heading",
        "the speaker 'Page 2' contains digits",
        "the speaker 'iii' is a page number",
        "3 of 3 talks have no title",
    ):
        assert reason in refused.stderr
    assert snapshot(project) == before


@pytest.mark.parametrize(
    ("line", "dates"),
    [
        ("Monday, 16 September 2024 - Friday, 20 September 2024", ("2024-09-16", "2024-09-20")),
        ("Monday, August 4, 2014 - Saturday, August 9, 2014", ("2014-08-04", "2014-08-09")),
        ("lundi 3 juin 2024 - mercredi 5 juin 2024", ("2024-06-03", "2024-06-05")),
        ("Samstag, 30. August 2014 - Dienstag, 2. September 2014", ("2014-08-30", "2014-09-02")),
        ("lunedì 4 agosto 2014 - lunedì 4 agosto 2014", ("2014-08-04", "2014-08-04")),
        ("sábado, 30 de agosto de 2014 - martes, 2 de septiembre de 2014", ("2014-08-30", "2014-09-02")),
        ("Monday 04 August 2014 - Saturday 09 August 2014", ("2014-08-04", "2014-08-09")),
    ],
)
def test_title_page_dates_in_indicos_five_languages(line, dates):
    assert parse_dates(line) == tuple(datetime.date.fromisoformat(d) for d in dates)


def test_a_french_indico_book_builds_into_a_site(tmp_path):
    done = run("init", tmp_path / "project", "--from", BOOKS / "indico-fr-layout.txt")
    assert done.returncode == 0, done.stderr
    _status, warnings = build(tmp_path / "project", tmp_path / "out")
    assert warnings == ""
    page = (tmp_path / "out" / "html" / "talks" / "camille-bertrand.html").read_text(encoding="utf-8")
    assert (
        "Interféromètre atomique à grande séparation pour la mesure de la constante de structure fine" in page
    )
    assert "Session: <span>Interférométrie atomique</span>" in page


GENERATED = BOOKS / "generated"  # compiled from Indico's templates with generated data (big-*: 30 talks)


@pytest.mark.parametrize(
    "book", ["big-en-2-layout", "big-en-4", "big-it-6", "big-es-6-layout", "big-de-6-layout"]
)
def test_thirty_talk_books_in_four_languages_read_exactly(book):
    """Page breaks inside entries, wrapped and hyphenated titles, long author lists, empty abstracts."""
    truth = json.loads((GENERATED / f"{book.removesuffix('-layout')}.truth.json").read_text(encoding="utf-8"))
    result = import_indico_book((GENERATED / f"{book}.txt").read_text(encoding="utf-8"))
    assert doubts(result) == []
    talks = {page.talk.abstract_number: page.talk for page in result.pages}
    assert sorted(talks) == sorted(t["id"] for t in truth)
    for expected in truth:
        talk = talks[expected["id"]]
        assert same(talk.title) == same(expected["title"]), expected["id"]
        assert [same(n) for n in talk.authors] == [same(n) for n in expected["authors"]], expected["id"]
        assert {same(k): v for k, v in talk.affiliations} == {
            same(k): v for k, v in expected["affiliations"].items()
        }
        assert (talk.session, talk.board_number) == (expected["session"], expected["board"])


def people_and_places(book):
    result = import_indico_book((GENERATED / f"{book}.txt").read_text(encoding="utf-8"))
    return result, {page.talk.abstract_number: page.talk for page in result.pages}


def test_wrapped_affiliations_and_author_lists_are_read_whole():
    _result, talks = people_and_places("en_affwrap")
    assert dict(talks[1].affiliations)["Anna Weber"].endswith("475 Portola Plaza, Los Angeles, CA 90095, USA")
    _result, talks = people_and_places("en_coauthwrap-layout")
    assert len(talks[1].authors) == 14 and talks[1].authors[-1] == "Nils Richter"
    assert all(affiliation == "MPI for Plasma Physics, Garching" for _n, affiliation in talks[1].affiliations)


@pytest.mark.parametrize("book", ["it_small", "es_small"])
def test_italian_and_spanish_labels_are_whole_words(book):
    """ "Autore:", "Autores:" and "Autor responsable de la comunicación:" are not the German "Autor"."""
    result, talks = people_and_places(book)
    assert talks[1].authors == ("Anna Rossi", "Bruno Bianchi", "Carla Verdi")
    assert all("@" not in name for page in result.pages for name in page.talk.people)


def test_a_structured_abstract_stays_text_and_a_title_starting_with_autor_is_a_title():
    _result, talks = people_and_places("en_structured")
    assert (
        "Background: Turbulence limits confinement."
        in import_indico_book((GENERATED / "en_structured.txt").read_text(encoding="utf-8")).pages[0].body
    )
    _result, talks = people_and_places("en_autor")
    assert sorted(talks) == [1, 2, 3]


def test_a_contribution_without_authors_makes_the_import_refuse():
    result, talks = people_and_places("en_nospeaker")
    assert sorted(talks) == [1, 3]
    assert "1 contribution(s) could not be made a page (see the findings)" in doubts(result)
