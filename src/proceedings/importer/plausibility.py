"""Read or refuse: an import checks its own result before anything is written.

A book in a layout the importer does not know does not fail loudly by itself: it yields
"speakers" that are page numbers or running heads, abstracts that swallow their neighbours,
titles missing everywhere. These checks look at the result as an editor would and return
what does not add up; the import then refuses (exit 1, nothing written) unless ``--force``.
"""

from __future__ import annotations

import re

from proceedings.importer.pages import ImportResult

HEADING_WORDS = {
    "abstract", "abstracts", "contents", "index", "invited", "contributed", "talk", "talks",
    "session", "sessions", "plenary", "poster", "posters", "keynote", "programme", "program",
    "page", "chapter", "part", "day", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "sommaire", "résumés", "conférences", "table",
}  # fmt: skip
ROMAN = re.compile(r"^[ivxlcdm]+$", re.I)
LABEL_LINE = re.compile(r"(?m)^\s*(?:Authors?|Co-authors?|Auteurs?|Co-auteurs?|Corresponding Authors?)\s*:")
LEADER = re.compile(r"(?:\.\s){5,}")
HEADER_LINE = re.compile(r"(?m)^[^\n]{0,120}\s/\s\d+\s*$")  # "Session - Board: X / 12": another entry


def why_not_a_name(speaker: str) -> str | None:
    """Why a "speaker" is not a person's name (a page number, a running head), or None."""
    words = speaker.split()
    if not re.search(r"[^\W\d_]", speaker):
        return "has no letters"
    if re.search(r"\d", speaker):
        return "contains digits"
    if len(words) == 1 and ROMAN.match(speaker):
        return "is a page number"
    if len(words) > 8:
        return "is longer than a name"
    if {word.lower().strip(".,:") for word in words} & HEADING_WORDS:
        return "reads like a heading"
    return None


def doubts(result: ImportResult) -> list[str]:
    """What does not add up in an import, one line each; empty when it reads as a book."""
    found = list(result.blocking)
    if not result.pages:
        return [*found, "no talk was read"]
    for page in result.pages:
        if why := why_not_a_name(page.talk.speaker):
            found.append(f"{page.path}: the speaker {page.talk.speaker!r} {why}")
        if LABEL_LINE.search(page.body) or LEADER.search(page.body) or HEADER_LINE.search(page.body):
            found.append(f"{page.path}: the abstract holds another entry's fields or a contents line")
    untitled = sum(1 for page in result.pages if not page.talk.title)
    if untitled * 2 > len(result.pages):
        found.append(f"{untitled} of {len(result.pages)} talks have no title")
    if len(result.repairs) > 3 * len(result.pages):
        found.append(
            f"{len(result.repairs)} repairs for {len(result.pages)} talks: too many to be extraction damage"
        )
    return found
