"""What the model names for readers, said in the build's language (``proceedings.locale``).

The model marks these messages with ``N_`` and keeps them in English (the command line, the
importer's report and citations use them as they are); here they are translated where a page,
the book or the EPUB shows them.
"""

from __future__ import annotations

from proceedings.locale import _
from proceedings.model.conference import Conference, english_month
from proceedings.model.relations import Reason
from proceedings.model.talk import UNTITLED, Status, Talk


def display_title(talk: Talk) -> str:
    """The page title: the printed title, or the speaker and what is missing."""
    return talk.title or _(UNTITLED) % {"speaker": talk.speaker}


def status_notice(status: Status) -> str:
    """The sentence a reader sees on a talk with a gap ("" for a complete talk)."""
    return _(status.notice) if status.notice else ""


def role_name(part: str) -> str:
    """A person's part in a talk, as the index of authors names it: "co-author", "collaborator"."""
    return {"co-author": _("co-author"), "collaborator": _("collaborator")}.get(part, part)


def reason_text(text: str) -> str:
    """Why two talks are related: the rule's reasons translated, an editor's as written."""
    if not isinstance(text, Reason):
        return text
    return "; ".join(message if args is None else _(message) % args for message, args in text.parts)


def dates(conference: Conference) -> str:
    """ "16–20 janvier 2023" in a French build."""
    return conference.dates_with(lambda number: _(english_month(number)))
