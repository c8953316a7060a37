"""The import of the real book of abstracts: one page per distinct talk, decisions reported."""

from pathlib import Path

import pytest

from proceedings.importer.pages import import_book, split_coauthors
from proceedings.model.talk import Status, parse_talk

SEED = Path(__file__).parent.parent / "seed" / "book-of-abstracts.txt"


@pytest.fixture(scope="module")
def result():
    return import_book(SEED.read_text(encoding="utf-8"))


def by_speaker(result, speaker):
    return next(page for page in result.pages if page.talk.speaker == speaker)


def test_one_page_per_distinct_talk_in_booklet_order(result):
    numbers = [page.talk.abstract_number for page in result.pages]
    assert len(result.pages) == 23
    assert numbers == sorted(numbers)
    assert len({page.name for page in result.pages}) == 23
    assert [p.talk.speaker for p in result.pages].count("Cristian Cazacu") == 1
    assert [p.talk.speaker for p in result.pages].count("Raffaele Carlone") == 1


def test_duplicates_keep_the_corrected_text_and_say_so(result):
    cazacu = by_speaker(result, "Cristian Cazacu")
    assert (cazacu.talk.abstract_number, cazacu.talk.also_printed_as, cazacu.talk.text_from) == (
        19,
        (30,),
        30,
    )
    assert "For the Heisenberg" in cazacu.body and "the the" not in cazacu.body
    assert "'For the the Heisenberg' in 19" in cazacu.talk.editor_note
    carlone = by_speaker(result, "Raffaele Carlone")
    assert (carlone.talk.also_printed_as, carlone.talk.text_from) == ((18,), None)


def test_gaps_are_statuses_and_findings_not_inventions(result):
    perelman = by_speaker(result, "Perelman")
    assert perelman.talk.status is Status.TITLE_AND_ABSTRACT_MISSING
    assert perelman.talk.title is None and perelman.body == ""
    report = result.report()
    assert "abstract 25: empty placeholder entry" in report
    assert "abstract 28: empty placeholder entry" in report
    assert "doubtful identity: 'Perelman' (surname only) may be Galina Perelman: kept apart" in report


def test_metadata_as_printed(result):
    fermanian = by_speaker(result, "Clotilde Fermanian-Kammerer")
    assert fermanian.talk.email == "clotilde.fermanian@u-pec.fr"
    assert "Auteur correspondant" not in fermanian.body
    arnold = by_speaker(result, "Anton Arnold")
    assert arnold.talk.coauthors[:3] == ("Claudia Negulescu", "Kirian Döpfner", "Jannis Körner")
    pietra = by_speaker(result, "Paola Pietra")
    assert dict(pietra.talk.affiliations) == {
        "Clement Jourdana": "Univ. Grenoble Alpes, CNRS, Grenoble INP, LJK, Grenoble, France"
    }


def test_repairs_in_the_pages(result):
    assert "Szegő-type asymptotics" in by_speaker(result, "Peter Müller").body
    assert "Schrödinger operators" in by_speaker(result, "Peter Müller").body
    assert "dielectric permittivity in the region" in by_speaker(result, "Paola Pietra").body
    bahouri = by_speaker(result, "Hajer Bahouri").body
    assert "global well-posedness for the derivative" in bahouri
    assert r"(DNLS) in $H^s$, $s \geq 1/2$." in bahouri
    assert "\n\nplasma" not in bahouri


def test_citations_become_roles_and_the_missing_entry_is_noted(result):
    marcati = by_speaker(result, "Pierangelo Marcati")
    assert "{cite}`antonelli2009finite,antonelli2012quantum,antonelli2021genuine`" in marcati.body
    assert "{cite}`germain2014global,guo1998smooth`" in marcati.body
    assert len(marcati.references) == 9
    romano = by_speaker(result, "Vittorio Romano")
    assert len(romano.references) == 12
    assert "abstract 24: cites [2-13] but the list has no entry [13]" in result.report()
    assert (
        "Editor: the abstract cites [2-13] but the list has no entry [13]."
        in romano.references[-1].entry.fields["note"]
    )


def test_every_generated_page_validates(result):
    for page in result.pages:
        assert parse_talk(page.text(), page.path) == page.talk


def test_coauthor_lines():
    assert split_coauthors("Claudia Negulescu; Kirian Döpfner, Jannis Körner") == (
        ["Claudia Negulescu", "Kirian Döpfner", "Jannis Körner"],
        {},
    )


def test_the_seed_still_imports_to_exactly_the_projects_files():
    """Each new reader (Indico's JSON, Indico's books) is recognised by its content; the seed's
    booklet is still read by its own reader, into the very files this project holds."""
    from proceedings.importer.project import generated_files, read_book

    project = Path(__file__).parent.parent
    text, imported = read_book(project / "seed" / "book-of-abstracts.txt")
    files = generated_files(imported, text)
    differ = [
        path for path, content in files.items() if (project / path).read_text(encoding="utf-8") != content
    ]
    assert differ == []
    assert sorted(p.name for p in (project / "source" / "talks").glob("*.md")) == sorted(
        Path(path).name for path in files if path.startswith("source/talks/")
    )
