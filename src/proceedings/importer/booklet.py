"""Reading a book of abstracts (text extracted from the printed booklet) into raw blocks.

The shape: a header (conference title, dates, venue), a contents list of
``Speaker: "Title"<TAB>page`` lines, then one block per abstract, each opened by its
number alone on a line and a heading line in the contents' form. Nothing here
repairs text; :mod:`proceedings.importer.repairs` does that, so every change is reported.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from proceedings.model.conference import Conference

CONTENTS_LINE = re.compile(r"^(?P<entry>.+?)\t(?P<page>\d+)\s*$")
BLOCK_NUMBER = re.compile(r"^(?P<number>\d+)\s*$")
PLACEHOLDER = re.compile(r"^[.\s…]*$")
HEADING = re.compile(r'^(?P<speaker>[^:"]+?)\s*:\s*(?P<title>.*)$')
MONTHS = {
    # Month names as books of abstracts print them: English, French (with and without accents),
    # and the German, Italian and Spanish of Indico's catalogues.
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "juni": 6, "juli": 7, "oktober": 10,
    "dezember": 12,
    "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "agosto": 8, "settembre": 9, "ottobre": 10, "dicembre": 12,
    "enero": 1, "febrero": 2, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}  # fmt: skip
DATE = re.compile(r"(\d{1,2})\s+([^\W\d_]+)\s+(\d{4})")


class BookError(ValueError):
    """The text is not a book of abstracts in the shape this importer reads."""


class ImportRefused(BookError):
    """The book was read but does not add up; nothing is written (``--force`` imports it)."""

    def __init__(self, path: str, reasons: list[str]):
        self.reasons = reasons
        lines = "\n".join(f"  - {reason}" for reason in reasons)
        super().__init__(
            f"{path}: refused, nothing written: the book does not read as a book of abstracts "
            f"in a layout this importer knows:\n{lines}\n"
            "Run again with --force to import what could be read, every doubt in the report."
        )


@dataclasses.dataclass(frozen=True)
class Heading:
    """A block's heading line split into speaker and title (either may be missing)."""

    speaker: str
    title: str | None


@dataclasses.dataclass(frozen=True)
class Block:
    """One numbered block of the booklet, as extracted."""

    number: int
    line: int
    heading: str
    paragraphs: tuple[str, ...]

    @property
    def is_placeholder(self) -> bool:
        """An empty entry (``.....``) the booklet printed with no speaker."""
        return bool(PLACEHOLDER.match(self.heading))


@dataclasses.dataclass(frozen=True)
class Book:
    """The whole booklet: header facts, the contents list and the blocks."""

    title: str
    venue: str
    start: datetime.date
    end: datetime.date
    booklet_title: str | None
    contents: tuple[str, ...]
    blocks: tuple[Block, ...]

    @property
    def conference(self) -> Conference:
        """The header's facts in the model ``conference.yaml`` is read into."""
        return Conference(
            title=self.title,
            venue=self.venue,
            start=self.start,
            end=self.end,
            booklet_title=self.booklet_title,
        )


def parse_heading(text: str) -> Heading:
    """``Speaker: "Title"`` or ``Speaker: Title``; a bare name has no title."""
    match = HEADING.match(text.strip())
    if not match:
        return Heading(speaker=text.strip(), title=None)
    title = match.group("title").strip()
    if len(title) >= 2 and title[0] == title[-1] == '"':
        title = title[1:-1].strip()
    return Heading(speaker=match.group("speaker").strip(), title=title or None)


def parse_dates(line: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last dates named on a line ("lundi 16 janvier 2023 - vendredi 20 ...")."""
    dates = []
    for day, month, year in DATE.findall(line):
        number = MONTHS.get(month.lower())
        if number is None:
            return None
        dates.append(datetime.date(int(year), number, int(day)))
    if not dates:
        return None
    return dates[0], dates[-1]


def parse_book(text: str) -> Book:
    """Split the extracted text into header, contents and numbered blocks."""
    lines = text.splitlines()
    nonblank = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    contents_at = next((i for i, line in nonblank if line.lower() in ("contents", "sommaire")), None)
    if contents_at is None:
        raise BookError("no 'Contents' line: this does not look like a book of abstracts")
    header = [line for i, line in nonblank if i < contents_at]
    dated = [(k, parse_dates(line)) for k, line in enumerate(header)]
    dated = [(k, dates) for k, dates in dated if dates]
    if not header or not dated:
        raise BookError("no conference dates before the contents list")
    date_index, (start, end) = dated[0]
    title = " ".join(header[:date_index])
    after = header[date_index + 1 :]
    if not title or not after:
        raise BookError("the header must give the title, the dates and the venue")
    venue, booklet_title = after[0], (after[1] if len(after) > 1 else None)

    contents, index = [], contents_at + 1
    while index < len(lines):
        line = lines[index]
        match = CONTENTS_LINE.match(line)
        if match:
            contents.append(match.group("entry").strip())
        elif line.strip() and BLOCK_NUMBER.match(line):
            break
        index += 1
    blocks = _blocks(lines, index)
    if not blocks:
        raise BookError("no numbered abstracts after the contents list")
    return Book(title, venue, start, end, booklet_title, tuple(contents), tuple(blocks))


def _blocks(lines: list[str], start: int) -> list[Block]:
    """Numbered blocks: a number alone on a line, then a heading, then paragraphs."""
    blocks: list[Block] = []
    index = start
    while index < len(lines):
        match = BLOCK_NUMBER.match(lines[index])
        if not match:
            index += 1
            continue
        number, line = int(match.group("number")), index + 1
        index += 1
        while index < len(lines) and not lines[index].strip():
            index += 1
        heading = lines[index].strip() if index < len(lines) else ""
        index += 1
        paragraphs = []
        while index < len(lines) and not (BLOCK_NUMBER.match(lines[index]) and _opens_block(lines, index)):
            if lines[index].strip():
                paragraphs.append(lines[index].strip())
            index += 1
        blocks.append(Block(number, line, heading, tuple(paragraphs)))
    return blocks


def _opens_block(lines: list[str], index: int) -> bool:
    """A number line opens a block when the next nonblank line is a heading, not prose."""
    following = next((line.strip() for line in lines[index + 1 :] if line.strip()), None)
    return (
        following is None
        or bool(PLACEHOLDER.match(following))
        or ":" in following
        or (len(following.split()) <= 3 and not following.endswith("."))
    )
