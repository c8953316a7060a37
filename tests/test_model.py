"""Front-matter validation: the messages the build and the command line share."""

import pytest

from proceedings.model.talk import (
    Status,
    TalkError,
    dump_front_matter,
    load_talk,
    parse_talk,
    talk_to_mapping,
)

GOOD = "---\nabstract_number: 4\nspeaker: Peter Müller\ntitle: Entanglement\nstatus: complete\n---\n\nText.\n"


def test_valid_page_round_trips_through_dump():
    talk = parse_talk(GOOD, "p.md")
    assert (talk.abstract_number, talk.speaker, talk.status) == (4, "Peter Müller", Status.COMPLETE)
    assert parse_talk(dump_front_matter(talk), "p.md") == talk


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            "abstract_number: seven\nspeaker: A\ntitle: T\nstatus: complete\n",
            "field 'abstract_number' must be int, got str "
            "(abstract_number: the booklet's number: sets the order of talks everywhere)",
        ),
        (
            "abstract_number: true\nspeaker: A\ntitle: T\nstatus: complete\n",
            "field 'abstract_number' must be int, got bool "
            "(abstract_number: the booklet's number: sets the order of talks everywhere)",
        ),
        (
            "abstract_number: 1\nspeaker: A\ntitle: [T]\nstatus: complete\n",
            "field 'title' must be str, got list (title: the title, as printed (plain text, `$…$` math allowed))",
        ),
        ("abstract_number: 1\nspeaker: A\nstatus: complete\n", "status 'complete' needs a 'title'"),
        (
            "abstract_number: 1\nspeaker: A\ntitle: T\nstatus: done\n",
            "field 'status' must be one of complete, abstract-missing, title-and-abstract-missing",
        ),
        (
            "abstract_number: 1\ntitle: T\nstatus: complete\n",
            "front matter lacks the required field 'speaker'",
        ),
        (
            "abstract_number: 1\nspeaker: A\ntitle: T\nstatus: complete\nmyst: {}\n",
            "unknown front-matter field(s): myst (the fields: abstract_number, speaker, title, coauthors, "
            "collaborators, affiliations, email, surnames, contribution_type, track, session, board_number, "
            "indico_id, status, also_printed_as, text_from, editor_note, related, unrelated)",
        ),
        (
            "abstract_number: 1\nspeaker: A\ntitle: T\nstatus: complete\nemail: nobody\n",
            "field 'email' is not an e-mail address: 'nobody'",
        ),
        (
            "abstract_number: 1\nspeaker: A\ntitle: T\nstatus: complete\naffiliations: {B: X}\n",
            "affiliation given for 'B', who is not an author of the talk",
        ),
        ("- a list\n", "front matter must be a mapping of fields"),
    ],
)
def test_refusals_name_the_field(front, message):
    with pytest.raises(TalkError) as error:
        parse_talk(f"---\n{front}---\n", "talks/x.md")
    assert error.value.message == message
    assert str(error.value).startswith("talks/x.md")


def test_broken_yaml_gives_file_and_line():
    with pytest.raises(TalkError) as error:
        parse_talk("---\nabstract_number: 1\nspeaker: [unclosed\n---\n", "talks/x.md")
    assert error.value.line == 4
    assert str(error.value).startswith("talks/x.md:4: front matter is not valid YAML")


def test_missing_front_matter_and_bad_encoding(tmp_path):
    with pytest.raises(TalkError, match="must start with YAML front matter"):
        parse_talk("# Just a heading\n", "x.md")
    page = tmp_path / "latin1.md"
    page.write_bytes("---\nspeaker: Müller\n---\n".encode("latin-1"))
    with pytest.raises(TalkError, match=r"latin1.md: not valid UTF-8 \(byte 14\)"):
        load_talk(page)


def test_every_declared_field_is_read_and_written_and_no_other(tmp_path):
    """The declarations drive validation and writing: a page giving every field round-trips."""
    from proceedings.model.talk import FIELDS

    talk = parse_talk(
        "---\nabstract_number: 3\nspeaker: Ann Alpha\ntitle: T\ncoauthors: [Bo Beta]\n"
        "collaborators: [Cy Gamma]\naffiliations: {Bo Beta: Uni}\nemail: a@b.org\nsurnames: {Cy Gamma: Gamma}\n"
        "contribution_type: Poster\ntrack: T\nsession: S\nboard_number: P-1\nindico_id: 7\nstatus: complete\n"
        "also_printed_as: [9]\ntext_from: 9\neditor_note: n\nrelated: [x]\nunrelated: [y]\n---\n",
        "talks/x.md",
    )
    assert list(talk_to_mapping(talk)) == list(FIELDS)
    with pytest.raises(TalkError, match=r"unknown front-matter field\(s\): room \(the fields: abstract"):
        parse_talk("---\nabstract_number: 1\nspeaker: A\ntitle: T\nstatus: complete\nroom: S\n---\n", "x")


def test_conference_yaml_is_written_by_the_yaml_library_and_read_back(tmp_path):
    import datetime

    from proceedings.model.conference import Conference, conference_to_yaml, load_conference

    conference = Conference(
        title='Quantum: "yes" # no', venue="Nîmes\n", start=datetime.date(2023, 1, 16),
        end=datetime.date(2023, 1, 20), booklet_title="@{x}",
    )  # fmt: skip
    (tmp_path / "conference.yaml").write_text(conference_to_yaml(conference), encoding="utf-8")
    assert load_conference(tmp_path / "conference.yaml") == conference
