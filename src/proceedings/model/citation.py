"""How to cite one talk: BibTeX, RIS or a line of text, from printed facts only."""

from __future__ import annotations

import re

from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer

from proceedings.model.authors import fold
from proceedings.model.conference import Conference
from proceedings.model.talk import Talk
from proceedings.model.text import N_
from proceedings.safety.tex_math import INLINE_MATH

FORMATS = ("bibtex", "ris", "text")


class BibtexWriter(Writer):
    """pybtex's BibTeX writer, leaving addresses alone: ``\\_`` in a DOI breaks the link."""

    RAW_FIELDS = frozenset({"url", "doi", "eprint"})

    def _write_field(self, stream, field, value):
        if field.lower() in self.RAW_FIELDS:
            stream.write(f",\n    {field} = {self.quote(value)}")
        else:
            super()._write_field(stream, field, value)


def talk_url(conference: Conference, name: str) -> str | None:
    if not conference.url:
        return None
    return conference.url.rstrip("/") + f"/talks/{name}.html"


def citation_key(talk: Talk, conference: Conference) -> str:
    surname = re.sub(r"[^a-z0-9]", "", fold(talk.name(talk.speaker).surname))
    words = re.findall(r"[a-z]{4,}", fold(talk.title or ""))
    return f"{surname}{conference.start.year}{words[0] if words else 'talk'}"


# The note of a citation of a talk whose title is not yet received (translated on the site).
UNTITLED_NOTE = N_("Title not yet received.")


def bibtex_entry(talk: Talk, conference: Conference, name: str, untitled_note: str = UNTITLED_NOTE) -> str:
    """An ``@inproceedings`` entry: authors, title, conference, venue, year, URL where configured."""
    fields = {
        "booktitle": "{" + bibtex_text(conference.title) + "}",
        **({"address": bibtex_text(conference.venue)} if conference.venue else {}),
        "year": str(conference.start.year),
        "month": _month(conference),
    }
    if talk.title:
        fields["title"] = "{" + bibtex_text(talk.title) + "}"
    else:
        fields["note"] = untitled_note
    if url := talk_url(conference, name):
        fields["url"] = url
    persons = [Person(bibtex_text(talk.name(author).sort_form, name=True)) for author in talk.authors]
    entry = Entry("inproceedings", fields=fields, persons={"author": persons})
    return BibtexWriter().to_string(BibliographyData({citation_key(talk, conference): entry}))


TEX_SPECIAL = re.compile(r"[\\{}&%#_~^$]|\band\b")
TEX_ESCAPES = {
    "\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "and": "{and}",
}  # fmt: skip


def bibtex_text(text: str, *, name: bool = False) -> str:
    """Printed text as BibTeX text: TeX's special characters escaped outside ``$…$`` formulas
    (formulas passed the math allowlist), and in a name the word "and", which BibTeX would
    read as the start of another author. A reference manager then shows what was printed,
    and LaTeX typesets it as text, whatever a title or a name holds."""
    out, last = [], 0
    for match in INLINE_MATH.finditer(text):
        out.append(_escape(text[last : match.start()], name))
        out.append(match.group(0))
        last = match.end()
    out.append(_escape(text[last:], name))
    return "".join(out)


def _escape(text: str, name: bool) -> str:
    def replace(match: re.Match) -> str:
        found = match.group(0)
        if found == "and" and not name:
            return found
        return TEX_ESCAPES.get(found, "\\" + found)

    return TEX_SPECIAL.sub(replace, text)


def _month(conference: Conference) -> str:
    return ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")[
        conference.start.month - 1
    ]


def ris_entry(talk: Talk, conference: Conference, name: str) -> str:
    lines = ["TY  - CPAPER"]
    lines += [f"AU  - {talk.name(author).sort_form}" for author in talk.authors]
    if talk.title:
        lines.append(f"TI  - {talk.title}")
    lines.append(f"T2  - {conference.title}")
    lines += [f"CY  - {conference.venue}"] if conference.venue else []
    lines.append(f"PY  - {conference.start.year}")
    lines.append(f"DA  - {conference.start:%Y/%m/%d}")
    if url := talk_url(conference, name):
        lines.append(f"UR  - {url}")
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def text_entry(talk: Talk, conference: Conference, name: str) -> str:
    authors = ", ".join(talk.authors)
    title = talk.title or "(title not yet received)"
    text = f"{authors}. {title}. {conference.title}, {conference.place_and_dates}."
    if url := talk_url(conference, name):
        text += f" {url}"
    return text + "\n"


def cite(talk: Talk, conference: Conference, name: str, form: str) -> str:
    return {"bibtex": bibtex_entry, "ris": ris_entry, "text": text_entry}[form](talk, conference, name)
