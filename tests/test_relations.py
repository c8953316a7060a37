"""The related-talks rule on small, hand-made conferences."""

import time

from proceedings.model.relations import MAX_RELATED, TalkFacts, related_talks, subject_terms
from proceedings.model.talk import Status, Talk


def talk(number, speaker, title, coauthors=(), collaborators=()):
    return Talk(
        abstract_number=number,
        speaker=speaker,
        status=Status.COMPLETE,
        title=title,
        coauthors=tuple(coauthors),
        collaborators=tuple(collaborators),
    )


def facts(**talks):
    return {name: TalkFacts(t, f"{t.title}. {getattr(t, 'text', '')}") for name, t in talks.items()}


def test_shared_coauthor_is_a_relation_with_its_reason_both_ways():
    found = related_talks(
        facts(
            a=talk(1, "Ann Alpha", "Spectral bounds", coauthors=["R. Figari"]),
            b=talk(2, "Bo Beta", "Scattering", coauthors=["R. Figari"]),
            c=talk(3, "Cy Gamma", "Unrelated topics"),
        )
    )
    assert [(r.other, r.reason) for r in found["a"]] == [("b", "shares co-author R. Figari")]
    assert [(r.other, r.reason) for r in found["b"]] == [("a", "shares co-author R. Figari")]
    assert found["c"] == []


def test_speaker_in_one_and_coauthor_in_the_other_merged_by_initials():
    found = related_talks(
        facts(
            a=talk(1, "Claudia Negulescu", "Decoherence"),
            b=talk(2, "Anton Arnold", "WKB methods", coauthors=["C. Negulescu"]),
        )
    )
    assert found["a"][0].reason == "Claudia Negulescu speaks in one and is a co-author of the other"


def test_references_citing_the_other_speaker():
    conference = facts(
        a=talk(1, "Paolo Antonelli", "Cnoidal waves"), b=talk(2, "Pierangelo Marcati", "Euler")
    )
    conference["b"] = TalkFacts(conference["b"].talk, "Euler", cited=("P. Antonelli", "P. Marcati"))
    found = related_talks(conference)
    assert found["a"][0].reason == "references cite P. Antonelli, the speaker"
    assert found["b"][0].other == "a"


def test_distinctive_terms_and_title_words():
    assert subject_terms(
        "a matrix-differential (Dirac) operator with complex (infinite-mass) boundary conditions"
    ) == {
        "Dirac operator",
        "infinite-mass boundary condition",
    }
    assert "This equation" not in subject_terms("This equation known as (DNLS) appeared")
    found = related_talks(
        {
            "a": TalkFacts(
                talk(1, "A A", "Dirac bag"), "We study Dirac operators with infinite-mass boundary condition."
            ),
            "b": TalkFacts(
                talk(2, "B B", "Optimal squares"),
                "A (Dirac) operator with (infinite-mass) boundary conditions.",
            ),
        }
    )
    assert found["a"][0].reason == "both study Dirac operators, infinite-mass boundary conditions"


def test_common_terms_distinguish_nothing():
    conference = {
        name: TalkFacts(talk(i, f"P{name} Q", f"Talk {name}"), "the Schrödinger equation")
        for i, name in enumerate("abcde", 1)
    }
    assert all(found == [] for found in related_talks(conference).values())


def test_no_talk_related_to_everything_and_symmetry():
    people = {
        name: talk(i, f"S{name} T", f"Talk {name}", coauthors=["R. Common"])
        for i, name in enumerate("abcdefgh", 1)
    }
    found = related_talks(facts(**people))
    assert all(len(relations) <= MAX_RELATED for relations in found.values())
    for name, relations in found.items():
        for relation in relations:
            assert name in [r.other for r in found[relation.other]]


def test_editors_overrides_win_either_side():
    conference = facts(
        a=talk(1, "Ann Alpha", "X", coauthors=["R. Figari"]),
        b=talk(2, "Bo Beta", "Y", coauthors=["R. Figari"]),
        c=talk(3, "Cy Gamma", "Z"),
    )
    found = related_talks(conference, added={("a", "c"): "same workshop session"}, removed={("a", "b")})
    assert [(r.other, r.reason) for r in found["a"]] == [("c", "same workshop session")]
    assert [(r.other, r.reason) for r in found["c"]] == [("a", "same workshop session")]
    assert found["b"] == []


def test_subject_terms_stay_linear_on_long_runs_of_letters_and_apostrophes():
    """A budget, not a speed goal: 100 kB of "A'" took minutes when the regex was unbounded."""
    start = time.monotonic()
    subject_terms("A'" * 50_000)
    assert time.monotonic() - start < 5
