"""Numbered reference lists into BibTeX entries, and ``[2-13]`` citations into ``{cite}`` roles.

Entries carry only what the booklet prints. Where an entry looks wrong (a page range
that runs backwards or was cut short, a journal name cut short, a citation with no
entry) the doubt goes into the entry's ``note`` and into the editor report; the
printed value itself is never "fixed".
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from pybtex.database import BibliographyData, Entry, Person

from proceedings.model.citation import BibtexWriter
from proceedings.model.text import UPPER, ascii_fold
from proceedings.safety.tex_math import INLINE_MATH

ITEM = re.compile(r"^(?:[-*]\s*)?\[(?P<number>\d+)\]\s*(?P<text>.+)$")
CITATION = re.compile(r"\[(?P<numbers>\d+(?:\s*[,\-–]\s*\d+)*)\]")
NAME = rf"(?:[{UPPER}]\.\s?(?:[{UPPER}]\.\s?)*)[{UPPER}][\w'’-]+"
LEADING_AUTHORS = re.compile(rf"^(?P<authors>{NAME}(?:(?:,\s*(?:and\s+)?|\s+and\s+){NAME})*)(?:,\s*|\s+)")
TRAILING_INITIALS = re.compile(rf"^[\w'’-]+(?:\s+[{UPPER}]\.?)+$")
ITALIC = re.compile(r"\*(?P<text>[^*]+)\*")
URL = re.compile(r"<(?P<url>https?://[^>\s]+)>")
DOI = re.compile(r"doi:\s*(?P<doi>10\.[^\s,]+?)[.,]?(?=\s|$)")
ARXIV = re.compile(r"arXiv:(?P<id>\d{4}\.\d{4,5}(?:v\d+)?)")
YEAR = re.compile(r"\((?P<year>(?:19|20)\d{2})\)")
PAGES = re.compile(r"(?:pp\.\s*)?(?P<first>\d+)\s*[-–]\s*(?P<last>\d+)")
STOPWORDS = {"a", "an", "the", "on", "of", "to", "in", "for", "and", "with", "by", "at"}
# Standard journal abbreviations that an extraction or a hurried author cuts short.
KNOWN_JOURNALS = (
    "Proc. Amer. Math. Soc.", "Trans. Amer. Math. Soc.", "Bull. Amer. Math. Soc.",
    "J. Amer. Math. Soc.", "Mem. Amer. Math. Soc.", "Comm. Pure Appl. Math.",
    "Ann. Inst. H. Poincaré Anal. Non Linéaire", "Comm. Partial Differential Equations",
)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Reference:
    """One printed reference: its number in the talk's list, its key and BibTeX entry."""

    number: int
    key: str
    entry: Entry
    printed: str
    doubts: tuple[str, ...] = ()


def parse_item(paragraph: str) -> tuple[int, str] | None:
    """``[3]Text`` or ``- [3] Text`` -> (3, text); anything else is not a list item."""
    match = ITEM.match(paragraph.strip())
    return (int(match.group("number")), match.group("text").strip()) if match else None


def _persons(authors: str, surname_first: bool) -> list[Person]:
    names = [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", authors) if n.strip()]
    if surname_first:
        # "Camiola V. D" is surname then initials; pybtex wants "Camiola, V. D".
        return [Person(re.sub(r"^([\w'’-]+)\s+(.*)$", r"\1, \2", name)) for name in names]
    return [Person(name) for name in names]


def _split_authors(text: str) -> tuple[list[Person], str]:
    """Authors in either style the booklet prints, and the text after them."""
    head, sep, rest = text.partition(": ")
    if sep and all(TRAILING_INITIALS.match(n.strip()) for n in head.split(",") if n.strip()):
        return _persons(head, surname_first=True), rest
    match = LEADING_AUTHORS.match(text)
    if match:
        return _persons(match.group("authors"), surname_first=False), text[match.end() :]
    return [], text


def parse_reference(text: str) -> tuple[str, dict[str, str], list[Person], list[str]]:
    """Return (entry type, fields, authors, doubts) for one printed reference."""
    fields: dict[str, str] = {}
    doubts: list[str] = []
    persons, rest = _split_authors(text)
    if url := URL.search(rest):
        fields["url"] = url.group("url")
        rest = rest[: url.start()] + rest[url.end() :]
    if doi := DOI.search(rest):
        fields["doi"] = doi.group("doi")
        rest = rest[: doi.start()] + rest[doi.end() :]
    if arxiv := ARXIV.search(rest):
        fields["eprint"], fields["archiveprefix"] = arxiv.group("id"), "arXiv"
        rest = rest[: arxiv.start()] + rest[arxiv.end() :]
    if "(submitted)" in rest:
        fields["note"] = "Submitted."
        rest = rest.replace("(submitted)", "")
    rest = re.sub(r"\bOnline:\s*", "", rest)
    years = YEAR.findall(rest)
    if years:
        fields["year"] = years[-1]
    italic = ITALIC.search(rest)
    if italic:
        title, venue, tail = rest[: italic.start()], italic.group("text").strip(), rest[italic.end() :]
    else:
        pieces = [p.strip() for p in rest.split(",") if p.strip(" .")] or [""]
        title, venue, tail = pieces[0], (pieces[1] if len(pieces) > 1 else ""), ", ".join(pieces[2:])
    title, written = unicode_math(title.strip(" ,.;"))
    if "$" in title and not written:
        doubts.append("the title holds a formula that cannot be shown as text")
    # Braces keep the title's capitals as printed; BibTeX styles lower-case titles otherwise.
    fields["title"] = "{" + title + "}"
    numbers = re.sub(r"\((?:19|20)\d{2}\)", "", tail)
    volume = re.search(r"(?:Vol\.\s*)?(?P<volume>\b[IVXLC]+\b|\d+)(?::(?P<article>\d+))?", numbers)
    if volume and re.search(r"\d", tail):
        fields["volume"] = volume.group("volume")
        if volume.group("article"):
            fields["pages"] = volume.group("article")
        if issue := re.search(r"\bn\.\s*(\d+)", numbers):
            fields["number"] = issue.group(1)
    if pages := PAGES.search(numbers[volume.end() :] if volume else numbers):
        first, last = pages.group("first"), pages.group("last")
        fields["pages"] = f"{first}--{last}"
        if int(last) < int(first):
            kind = "looks cut short" if len(last) < len(first) else "ends before it starts"
            doubts.append(f"page range printed as {first}–{last}: {kind}")
    elif "pages" not in fields and volume and (single := re.search(r",\s*(\d+)\s*$", numbers.strip(" .,"))):
        fields["pages"] = single.group(1)
    kind = "misc"
    if venue and "volume" in fields:
        kind, fields["journal"] = "article", venue
        for known in KNOWN_JOURNALS:
            # A single abbreviated word ("Ann.") starts too many names to say anything.
            if len(venue.split()) > 1 and known.startswith(venue.rstrip() + " "):
                doubts.append(f"journal printed as '{venue}', which looks cut short (cf. '{known}')")
    elif venue and not italic:
        kind = "book"
        fields["publisher"] = venue
        place = tail.split("(")[0].strip(" ,.")
        if place:
            fields["address"] = place
    elif venue:
        fields["howpublished"] = venue
    return kind, fields, persons, doubts


def make_key(persons: list[Person], fields: dict[str, str], taken: set[str]) -> str:
    """Stable, readable key: first author's surname, year, first significant title word."""
    surname = ascii_fold(" ".join(persons[0].last_names)) if persons else "anon"
    words = [w for w in re.findall(r"[^\W\d_]+", ascii_fold(fields.get("title", ""))) if w not in STOPWORDS]
    base = re.sub(r"[^a-z0-9]", "", surname) + fields.get("year", "") + (words[0] if words else "")
    key, suffix = base, ord("b")
    while key in taken:
        key, suffix = f"{base}{chr(suffix)}", suffix + 1
    taken.add(key)
    return key


def build_references(items: list[tuple[int, str]], taken: set[str]) -> list[Reference]:
    """Turn a talk's numbered list into references with unique keys."""
    references = []
    for number, text in items:
        kind, fields, persons, doubts = parse_reference(text)
        key = make_key(persons, fields, taken)
        if doubts:
            note = "Editor: " + "; ".join(doubts) + "."
            fields["note"] = f"{fields['note']} {note}" if "note" in fields else note
        entry = Entry(kind, fields=fields, persons={"author": persons} if persons else {})
        references.append(Reference(number, key, entry, text, tuple(doubts)))
    return references


def expand_numbers(numbers: str) -> list[int]:
    """``2,3,4`` -> [2, 3, 4]; ``2-13`` -> [2, ..., 13]; order as printed."""
    result: list[int] = []
    for part in re.split(r"\s*,\s*", numbers):
        if bounds := re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", part):
            first, last = int(bounds.group(1)), int(bounds.group(2))
            result.extend(range(first, last + 1))
        else:
            result.append(int(part))
    return result


def bibtex(references: list[Reference]) -> str:
    """The entries as BibTeX text, in the order given."""
    data = BibliographyData()
    for reference in references:
        data.add_entry(reference.key, reference.entry)
    return BibtexWriter().to_string(data)


SUPERSCRIPTS = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
SUBSCRIPTS = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")


def unicode_math(text: str) -> tuple[str, bool]:
    """Write simple inline formulas in Unicode (``$\\mathbb{R}^{3+1}$`` -> ``ℝ³⁺¹``).

    Bibliography styles render field text, not math, so a formula in a reference
    title would otherwise show its TeX. Returns the text and whether every formula
    could be written; what cannot stays as printed.
    """
    complete = True

    def convert(match: re.Match) -> str:
        nonlocal complete
        formula = match.group(1)
        formula = re.sub(
            r"\\mathbb\{([A-Z])\}",
            lambda m: unicodedata.lookup(f"DOUBLE-STRUCK CAPITAL {m.group(1)}"),
            formula,
        )
        formula = re.sub(
            r"\^\{([0-9+\-=()n]+)\}|\^([0-9+\-=()n])",
            lambda m: (m.group(1) or m.group(2)).translate(SUPERSCRIPTS),
            formula,
        )
        formula = re.sub(
            r"_\{([0-9+\-=()]+)\}|_([0-9+\-=()])",
            lambda m: (m.group(1) or m.group(2)).translate(SUBSCRIPTS),
            formula,
        )
        if re.search(r"[\\{}^_]", formula):
            complete = False
            return match.group(0)
        return formula

    return INLINE_MATH.sub(convert, text), complete
