"""Indico's HTTP-API export (``/export/event/ID.json?detail=contributions``) into a project.

The fixtures under ``tests/data/indico/`` are written in the exact shape of Indico's
serializers (``indico/modules/events/api.py``, checked against Indico 2.0-3.3): escaped
slashes and ``\\uXXXX`` names, people with ``person_id``, ``board_number`` ``""`` when unset.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from small_project import build, make, use_the_test_venv
from test_cli import run

from proceedings.importer.booklet import BookError
from proceedings.importer.indico import import_indico
from proceedings.model.talk import Status, parse_talk

DATA = Path(__file__).parent / "data" / "indico"
EXPORT = DATA / "event-contributions.json"


def contributions(path=EXPORT):
    return json.loads(path.read_text(encoding="utf-8"))["results"][0]["contributions"]


def full_name(person):
    return f"{person['first_name']} {person['last_name']}"


@pytest.fixture(scope="module")
def result():
    return import_indico(EXPORT.read_text(encoding="utf-8"))


def test_every_contribution_becomes_a_page_with_its_people_in_indicos_order(result):
    by_id = {page.talk.indico_id: page for page in result.pages}
    assert set(by_id) == {c["db_id"] for c in contributions()}
    for contribution in contributions():
        talk = by_id[contribution["db_id"]].talk
        speakers = [full_name(p) for p in contribution["speakers"]]
        authors = [full_name(p) for key in ("primaryauthors", "coauthors") for p in contribution[key]]
        assert talk.speaker == (speakers or authors)[0]
        # Everyone Indico names, once, in its order: the speaker, then the authors, then other presenters.
        assert list(talk.authors) == list(dict.fromkeys([talk.speaker, *authors, *speakers]))
        printed = {full_name(p): p["affiliation"] for key in ("speakers", "primaryauthors", "coauthors")
                   for p in contribution[key] if p["affiliation"]}  # fmt: skip
        assert dict(talk.affiliations) == printed  # as Indico gives them; none invented
        assert talk.title == contribution["title"]
        assert talk.contribution_type == contribution["type"]
        assert (talk.track, talk.session) == (contribution["track"], contribution["session"])
        assert talk.board_number == (contribution["board_number"] or None)
        assert talk.email is None  # the export gives only a hash of it
        status = Status.COMPLETE if contribution["description"] else Status.ABSTRACT_MISSING
        assert talk.status is status


def test_the_order_and_the_numbers_are_indicos_contribution_numbers(result):
    """Indico's book of abstracts sorts by contribution number by default; the number never changes."""
    numbers = sorted(c["friendly_id"] for c in contributions())
    assert [page.talk.abstract_number for page in result.pages] == numbers


def test_markdown_and_math_are_kept_and_gaps_doubts_are_reported(result):
    krylov = next(page for page in result.pages if page.talk.indico_id == 52301)
    assert "$$\\eta(\\hat{x}) = \\frac" in krylov.body and "*selective*" in krylov.body
    findings = "\n".join(result.findings)
    assert "contribution 6 (Αικατερίνη Παπαδοπούλου): abstract not yet received" in findings
    assert "Indico names no presenter; the first author is shown as the speaker" in findings
    assert "as a presenter, not as an author" in findings
    assert "doubtful identity" not in findings  # 王, 李, Greek and Cyrillic names are not "initials"


def test_pages_round_trip_through_the_model_and_non_latin_names_get_a_file_name(result):
    for page in result.pages:
        assert parse_talk(page.text(), page.path) == page.talk
    names = {page.talk.speaker: page.name for page in result.pages}
    assert names["晓明 王"] == "contribution-5"
    assert names["Jean-Baptiste Lefèvre"] == "jean-baptiste-lefevre"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        ('{"results": []}', "not an Indico export"),
        ('{"_type": "HTTPAPIResult", "results": [{}, {}]}', "the export holds 2 events"),
    ],
)
def test_what_is_not_one_indico_event_is_refused_with_the_reason(text, message):
    with pytest.raises(BookError, match=message):
        import_indico(text)


def test_an_unpublished_timetable_is_refused_with_what_to_do():
    with pytest.raises(BookError, match="Indico hides them while the timetable is a draft"):
        import_indico((DATA / "event-contributions-unpublished.json").read_text(encoding="utf-8"))


def test_a_subcontributions_export_imports_its_contributions_and_names_what_it_leaves():
    result = import_indico((DATA / "event-subcontributions.json").read_text(encoding="utf-8"))
    assert [page.talk.title for page in result.pages] == ["Status reports from the computing sites"]
    assert result.conference.venue is None  # an online meeting: no venue, none invented
    findings = "\n".join(result.findings)
    assert "contribution 2 ('AOB'): Indico names no speaker and no author; no page made" in findings
    assert "subcontributions, not pages of their own: KEK (美咲 田中)" in findings


def test_a_pdf_is_refused_with_the_pdftotext_hint(tmp_path):
    book = tmp_path / "book.pdf"
    book.write_bytes(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    done = run("init", tmp_path / "new", "--from", book)
    assert done.returncode == 2
    assert "is a PDF; the importer reads text: run `pdftotext book.pdf book.txt`" in done.stderr
    assert not (tmp_path / "new").exists()


@pytest.fixture(scope="module")
def indico_project(tmp_path_factory):
    root = tmp_path_factory.mktemp("indico")
    done = run("init", root / "project", "--from", EXPORT)
    assert done.returncode == 0, done.stderr
    return root / "project"


def test_init_from_an_export_builds_a_site_with_every_talk_and_person(indico_project, tmp_path):
    status, warnings = build(indico_project, tmp_path)
    assert warnings == ""
    conference = (indico_project / "conference.yaml").read_text(encoding="utf-8")
    assert "venue: Centre de Conférences Bellerive" in conference
    assert "indico_event: https://indico.example.org/event/1482/" in conference
    html = {p.stem: p.read_text(encoding="utf-8") for p in (tmp_path / "html" / "talks").glob("*.html")}
    assert len(html) == len(contributions())
    programme = re.search(r'<p class="talk-programme">(.*?)</p>', html["thi-thu-ha-nguyen"]).group(1)
    assert (
        re.sub("<[^>]+>", "", programme)
        == "Poster · Track: Software &amp; Tools · Session: Poster Session · Board: P-07"
    )
    authors = (tmp_path / "html" / "authors.html").read_text(encoding="utf-8")
    for contribution in contributions():
        for key in ("speakers", "primaryauthors", "coauthors"):
            for person in contribution[key]:
                # Filed under the surname Indico gives ("Ní Bhriain", "Van den Berghe").
                assert f"{person['last_name']}, {person['first_name']}</strong>" in authors


def test_a_withdrawn_contribution_is_reported_and_its_page_kept(indico_project):
    withdrawn = DATA / "event-contributions-withdrawn.json"
    done = run("import", withdrawn, "--project", indico_project)
    assert done.returncode == 0, done.stderr
    assert (indico_project / "source" / "talks" / "contribution-5.md").is_file()
    assert "withdrawn source/talks/contribution-5.md" in done.stdout
    report = (indico_project / "import-report.md").read_text(encoding="utf-8")
    assert "source/talks/contribution-5.md" in report and "no longer in the" in report
    check = run("check", "--project", indico_project)
    assert "withdrawn: source/talks/contribution-5.md" in check.stdout
    # The withdrawn talk keeps its number; no other talk is renumbered onto it.
    assert check.returncode == 0, check.stdout


def test_a_newer_export_updates_pages_by_indico_id_and_never_publishes_an_address(tmp_path):
    project = tmp_path / "project"
    assert run("init", project, "--from", EXPORT).returncode == 0
    data = json.loads(EXPORT.read_text(encoding="utf-8"))
    krylov = next(c for c in data["results"][0]["contributions"] if c["db_id"] == 52301)
    # Indico changed the presenter of the Krylov talk and its abstract now names an address.
    krylov["speakers"] = [krylov["coauthors"][0]]
    krylov["description"] += "\n\nQuestions: jb.lefevre@inria.example.fr"
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(data), encoding="utf-8")
    done = run("import", newer, "--project", project)
    assert done.returncode == 0, done.stderr
    page = (project / "source" / "talks" / "jean-baptiste-lefevre.md").read_text(encoding="utf-8")
    assert "speaker: Siobhán Ní Bhriain" in page  # the same page, updated: not a second one
    assert "withdrawn" not in done.stdout
    assert "@" not in page.split("---")[2] and "[e-mail address removed]" in page
    report = (project / "import-report.md").read_text(encoding="utf-8")
    assert "an e-mail address in the abstract was removed (jb.lefevre@inria.example.fr)" in report


def test_the_book_of_an_export_prints_every_person_in_every_script(indico_project, tmp_path):
    """Greek, Cyrillic, Vietnamese and Chinese names in the PDF: a CJK font is loaded for a book
    that needs one, and tex-report would fail the build on any glyph the PDF left out."""
    project = tmp_path / "project"
    shutil.copytree(indico_project, project, symlinks=True)
    use_the_test_venv(project)
    done = make(project, "latexpdf")
    assert done.returncode == 0, done.stderr[-3000:]
    text = subprocess.run(
        ["pdftotext", str(project / "build" / "latex" / "proceedings.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    text = re.sub(r"\s+", "", text)  # xeCJK sets no space between Chinese given and family names
    for contribution in contributions():
        for key in ("speakers", "primaryauthors", "coauthors"):
            for person in contribution[key]:
                assert re.sub(r"\s+", "", full_name(person)) in text


def test_dates_are_the_events_own_days_and_unreadable_people_or_titles_are_not_lost_silently(tmp_path):
    data = json.loads(EXPORT.read_text(encoding="utf-8"))
    event = data["results"][0]
    # A Los Angeles event ending at 18:00 on the 17th, exported in UTC (Indico writes the request's zone).
    event["timezone"] = "America/Los_Angeles"
    event["endDate"] = {"date": "2025-09-18", "time": "01:00:00", "tz": "UTC"}
    event["contributions"][0]["coauthors"].append(None)  # malformed: skipped, no traceback
    export = tmp_path / "event.json"
    export.write_text("\ufeff" + json.dumps(data), encoding="utf-8")  # with a byte-order mark
    result = import_indico(export.read_text(encoding="utf-8").removeprefix("\ufeff"))
    assert result.conference.end.isoformat() == "2025-09-17"
    done = run("init", tmp_path / "ok", "--from", export)
    assert done.returncode == 0, done.stderr
    event["contributions"][1]["title"] = "Bounds for 0<p<1"  # markup-like: the model refuses it
    export.write_text(json.dumps(data), encoding="utf-8")
    refused = run("init", tmp_path / "refused", "--from", export)
    assert refused.returncode == 1
    assert "not imported: contribution 2: field 'title' contains markup" in refused.stderr
    assert not (tmp_path / "refused").exists()
