"""Offprints: each talk cut from the printed book, with the book's own page numbers.

Page ranges come from what the LaTeX run recorded: every talk chapter writes a label
``offprint:<docname>`` into the ``.aux`` file, the back index ``offprint:end``; the
PDF's page labels turn the recorded page numbers into physical pages.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from proceedings.locale import translation
from proceedings.model.conference import Conference, english_month
from proceedings.model.talk import UNTITLED, Talk
from proceedings.sphinxext.published_pdfs import offprint_path

NEWLABEL = re.compile(r"^\\newlabel\{offprint:(?P<name>[^}]+)\}\{\{[^}]*\}\{(?P<page>[^}]+)\}", re.M)


class OffprintError(RuntimeError):
    """The book and its .aux file do not agree; rebuild the PDF."""


@dataclasses.dataclass(frozen=True)
class Range:
    docname: str
    first: int  # physical page index, 0-based
    last: int  # inclusive
    first_label: str
    last_label: str


def recorded_starts(aux_text: str) -> list[tuple[str, str]]:
    """(docname or "end", printed page number) in book order."""
    return [(match.group("name"), match.group("page")) for match in NEWLABEL.finditer(aux_text)]


def page_ranges(reader: PdfReader, aux_text: str) -> list[Range]:
    """Physical page ranges of every talk, trailing blank pages left out."""
    labels = list(reader.page_labels)
    starts = recorded_starts(aux_text)
    if not starts or starts[-1][0] != "end":
        raise OffprintError("the .aux file records no talk starts; rebuild the PDF")
    names = [name for name, _page in starts]
    if doubles := sorted({name for name in names if names.count(name) > 1}):
        # The package writes one label per talk; a second one is not the package's.
        raise OffprintError(f"the .aux file records offprint:{doubles[0]} more than once; rebuild the PDF")
    # The title page is numbered 1 too, before the roman front matter: talks start in the main
    # matter, after the last page that is not numbered in arabic figures.
    previous = max((index + 1 for index, label in enumerate(labels) if not label.isdigit()), default=0)
    indexes = []
    for name, label in starts:
        if label not in labels[previous:]:
            raise OffprintError(f"page {label} of {name} is not in the PDF; rebuild the PDF")
        previous = labels.index(label, previous)
        indexes.append(previous)
    ranges = []
    for (name, _label), first, following in zip(starts, indexes, indexes[1:], strict=False):
        last = following - 1
        while last > first and not reader.pages[last].extract_text().strip(" \n0123456789ivxlc"):
            last -= 1
        ranges.append(Range(name, first, last, labels[first], labels[last]))
    return ranges


def write_offprints(
    pdf: Path, aux: Path, talks: dict[str, Talk], conference: Conference, outdir: Path
) -> dict[str, tuple[str, str]]:
    """One PDF per talk, at the path its page has in the site under ``outdir``, with its own
    metadata; returns the book's first and last page of each talk, as printed."""
    # In the book's language (conference.yaml's; the command reads no conf.py).
    _ = translation(conference.language)
    dates = conference.dates_with(lambda number: _(english_month(number)))
    volume = ", ".join(part for part in (conference.title, conference.venue, dates) if part)
    reader = PdfReader(pdf)
    written = {}
    for page_range in page_ranges(reader, aux.read_text(encoding="utf-8")):
        talk = talks.get(page_range.docname)
        if talk is None:
            raise OffprintError(f"{page_range.docname} is in the PDF but is not a talk page")
        writer = PdfWriter()
        for index in range(page_range.first, page_range.last + 1):
            writer.add_page(reader.pages[index])
        pages = (
            _("p. %(page)s") % {"page": page_range.first_label}
            if page_range.first == page_range.last
            else _("pp. %(first)s–%(last)s") % dict(first=page_range.first_label, last=page_range.last_label)
        )
        writer.add_metadata(
            {
                "/Title": talk.title or _(UNTITLED) % {"speaker": talk.speaker},
                "/Author": "; ".join(talk.authors),
                "/Subject": _("Offprint from %(volume)s, %(pages)s") % {"volume": volume, "pages": pages},
                "/Keywords": conference.named + ", " + _("offprint"),
            }
        )
        target = outdir / offprint_path(page_range.docname)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as stream:
            writer.write(stream)
        written[page_range.docname] = (page_range.first_label, page_range.last_label)
    return written
