"""From a book of abstracts to talk pages, a bibliography and an editor report.

The importer runs once per conference (and again when the booklet changes); after
that the pages belong to the editors. It decides nothing by hand: merging of talks
printed twice, repairs and bibliography doubts all follow general rules, and every
decision is written to the report.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import Counter

from proceedings.importer.booklet import Block, Book, parse_book, parse_heading
from proceedings.importer.references import (
    CITATION,
    Reference,
    bibtex,
    build_references,
    expand_numbers,
    parse_item,
)
from proceedings.importer.repairs import PROTECTED, Repair, repair_block, vocabulary
from proceedings.model.authors import merge_names
from proceedings.model.conference import Conference
from proceedings.model.talk import Status, Talk, TalkError, dump_front_matter, talk_from_mapping
from proceedings.model.text import EMAIL_ADDRESS, UPPER, ascii_fold

EMAIL_LINE = re.compile(
    r"^(?:Auteur correspondant|Corresponding author)\s*:?\s*(?P<email>[^@\s]+@[^@\s]+)$", re.I
)
REDACTED = "[e-mail address removed]"
COAUTHOR_LINE = re.compile(r"^Co-?authors?\s*:\s*(?P<names>.+)$", re.I)
PERSON = re.compile(rf"^(?:[{UPPER}][\w'’-]*\.?)(?:\s+[{UPPER}][\w'’-]*\.?){{1,3}}$")
ORGANISATION_WORD = re.compile(r"\b(?:Univ|University|Université|CNRS|INP|Institut|Institute|Lab)\b")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>{}|~#$])")
# "Joint work with M. Correggi, L. Tentarelli", "in collaboration with Joshua Flynn, Nguyen Lam and
# Guozhen Lu", "an ongoing project with R. Mandel and R. Schippa".
COLLABORATION = re.compile(r"\b(?:joint works?|collaboration|project) with ", re.I)
COLLABORATOR = re.compile(
    rf"(?:[{UPPER}]\.\s?(?:[{UPPER}]\.\s?)*|[{UPPER}][^\W\d_{UPPER}]+\s)[{UPPER}][\w'’-]+(?:\s[{UPPER}][\w'’-]+)?"
)
DOUBLED_WORD = re.compile(r"\b(\w+) \1\b", re.I)


@dataclasses.dataclass
class Page:
    """A talk page the importer would write, and where its text came from."""

    name: str
    talk: Talk
    body: str
    references: list[Reference]

    @property
    def path(self) -> str:
        return f"source/talks/{self.name}.md"

    def text(self) -> str:
        text = dump_front_matter(self.talk) + "\n" + self.body.rstrip() + "\n"
        if self.references:
            keys = "\n".join(reference.key for reference in self.references)
            text += f"\n```{{bibliography}}\n:filter: False\n\n{keys}\n```\n"
        return text


@dataclasses.dataclass
class ImportResult:
    """Everything one import produces: pages, bibliography, conference facts, report."""

    conference: Conference
    pages: list[Page]
    repairs: list[Repair]
    findings: list[str]
    # Where the talks come from, as the landing page and the report name it, and where the
    # project keeps its copy of the source.
    source: str = "book of abstracts"
    source_copy: str = "seed/book-of-abstracts.txt"
    # What the reader itself found not to add up (contributions missed against the contents):
    # with the checks of :mod:`proceedings.importer.plausibility`, reason to refuse the import.
    blocking: list[str] = dataclasses.field(default_factory=list)

    @property
    def references(self) -> list[Reference]:
        return [reference for page in self.pages for reference in page.references]

    def bibtex(self) -> str:
        return bibtex(self.references)

    def index_page(self) -> str:
        """The landing page: the conference as printed, then every talk in booklet order."""
        conference = self.conference
        # The introduction is for the site; the printed book has its title page.
        lines = [f"# {escape_markdown(conference.title)}", "", "```{only} html", ""]
        lines += [f"**{escape_markdown(conference.place_and_dates)}**", ""]
        if conference.booklet_title:
            lines += [
                "The talks of the conference, in the order of its book of abstracts "
                f"(*{escape_markdown(conference.booklet_title)}*).",
                "",
            ]
        elif self.source != "book of abstracts":
            lines += [f"The talks of the conference, by their numbers in the {self.source}.", ""]
        lines += ["```", "", "```{talk-list}", "```", ""]
        # The index of authors is the site's; the printed book has its own, made by xindy.
        lines += [
            "````{only} html",
            "```{toctree}",
            ":hidden:",
            ":caption: The conference",
            "",
            "authors",
            "guide",
        ]
        lines += ["```", "````", "", "```{toctree}", ":hidden:", "", "map", "```", ""]
        return "\n".join(lines)

    def report(self) -> str:
        """The editor report as Markdown: what was found, decided and repaired."""
        out = [f"# Import report: {self.conference.title}", "", f"Imported from the {self.source}.", ""]
        out += ["## Findings", ""] + [f"- {finding}" for finding in self.findings] + [""]
        out += ["## Repairs of extraction damage", ""]
        out += [f"- {repair.describe()}" for repair in self.repairs] + [""]
        doubts = [(r.key, d) for r in self.references for d in r.doubts]
        out += ["## Bibliography entries with doubts", ""]
        out += [f"- `{key}`: {doubt}" for key, doubt in doubts] + [""]
        return "\n".join(out)


def without_emails(text: str, where: str, findings: list[str]) -> str:
    """An abstract never publishes an e-mail address (scraped from the site, the PDF, the
    search index); the corresponding author's goes to ``email``, any other is removed and reported."""
    for address in EMAIL_ADDRESS.findall(text):
        findings.append(f"{where}: an e-mail address in the abstract was removed ({address})")
    return EMAIL_ADDRESS.sub(REDACTED, text)


def page_from_facts(
    name: str, facts: dict, body: str, where: str, taken: set[str], findings: list[str], refused: list[str]
) -> Page | None:
    """A source's facts (empty ones left out) as a page the model accepts; else the reason,
    in the findings and in ``refused``, the name freed and no page."""
    try:
        talk = talk_from_mapping({k: v for k, v in facts.items() if v not in (None, [], {})}, f"{name}.md")
    except TalkError as error:
        findings.append(f"{where}: refused, no page made: {error.message}")
        refused.append(f"{where}: {error.message}")
        taken.discard(name)
        return None
    return Page(name, talk, body, [])


def page_name(speaker: str, taken: set[str], title: str | None, fallback: str = "talk") -> str:
    """A readable file name from the speaker (loic-le-treust), unique in the project; the
    fallback when the name has no Latin letters to spell it with."""
    base = re.sub(r"[^a-z0-9]+", "-", ascii_fold(speaker)).strip("-") or fallback
    name = base
    words = re.findall(r"[a-z0-9]+", ascii_fold(title or ""))
    while name in taken and words:
        name = f"{name}-{words.pop(0)}"
    counter = 2
    while name in taken:
        name, counter = f"{base}-{counter}", counter + 1
    taken.add(name)
    return name


def split_coauthors(line: str) -> tuple[list[str], dict[str, str]]:
    """Names and affiliations from a "Co-authors:" line.

    Groups are separated by ``;``. In a group, the leading pieces that read as a
    person's name are co-authors; once a piece reads as an organisation, the rest of
    the group is their affiliation, kept as printed.
    """
    names: list[str] = []
    affiliations: dict[str, str] = {}
    for group in line.split(";"):
        pieces = [piece.strip() for piece in group.split(",") if piece.strip()]
        people: list[str] = []
        for index, piece in enumerate(pieces):
            if PERSON.match(piece) and not ORGANISATION_WORD.search(piece):
                people.append(piece)
                continue
            affiliation = ", ".join(pieces[index:])
            affiliations.update({person: affiliation for person in people})
            break
        names += people
    return names, affiliations


def escape_markdown(text: str) -> str:
    """Keep MyST from reading printed characters as markup; math and roles stay."""
    pieces, last = [], 0
    for protected in PROTECTED.finditer(text):
        pieces.append(MARKDOWN_SPECIAL.sub(r"\\\1", text[last : protected.start()]))
        pieces.append(protected.group(0))
        last = protected.end()
    pieces.append(MARKDOWN_SPECIAL.sub(r"\\\1", text[last:]))
    escaped = "".join(pieces)
    # A paragraph that starts like a list item or a heading must stay a paragraph.
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", re.sub(r"^([-+])", r"\\\1", escaped))


CITE_TOKEN = "\x00{}\x00"


def cite_paragraph(text: str, numbered: dict[int, Reference], block: int, findings: list[str]) -> str:
    """Replace bracketed numbers by ``{cite}`` roles (only where the talk has a list)."""
    roles: list[str] = []

    def replace(match: re.Match) -> str:
        numbers = expand_numbers(match.group("numbers"))
        missing = [n for n in numbers if n not in numbered]
        if missing:
            findings.append(
                f"abstract {block}: cites {match.group(0)} but the list has no entry "
                + ", ".join(f"[{n}]" for n in missing)
            )
        keys = [numbered[n].key for n in numbers if n in numbered]
        if not keys:
            return match.group(0)
        roles.append("{cite}`" + ",".join(keys) + "`")
        return CITE_TOKEN.format(len(roles) - 1)

    marked = CITATION.sub(replace, text) if numbered else text
    escaped = escape_markdown(marked)
    return re.sub("\x00(\\d+)\x00", lambda m: roles[int(m.group(1))], escaped)


def collaborators_named(text: str) -> list[str]:
    """People an abstract names as joint authors of the work, in the order printed."""
    names: list[str] = []
    for opening in COLLABORATION.finditer(text):
        rest = text[opening.end() :]
        while match := COLLABORATOR.match(rest):
            names.append(match.group(0).strip())
            rest = rest[match.end() :]
            separator = re.match(r",\s*(?:and\s+)?|\s+and\s+", rest)
            if not separator:
                break
            rest = rest[separator.end() :]
    return list(dict.fromkeys(names))


def _defects(paragraphs: tuple[str, ...]) -> int:
    return sum(len(DOUBLED_WORD.findall(paragraph)) for paragraph in paragraphs)


def _difference(first: Block, second: Block) -> str:
    a, b = " ".join(first.paragraphs).split(), " ".join(second.paragraphs).split()
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b).get_opcodes():
        if tag != "equal":
            context = " ".join(a[max(i1 - 2, 0) : i2 + 1])
            changed = " ".join(b[max(j1 - 2, 0) : j2 + 1])
            changes.append(f"'{context}' in {first.number}, '{changed}' in {second.number}")
    return "; ".join(changes)


@dataclasses.dataclass(frozen=True)
class Printing:
    """A distinct talk: the block whose text is kept, and the other printings of it."""

    block: Block
    number: int
    also_printed_as: tuple[int, ...] = ()
    note: str | None = None


def merge_duplicates(blocks: list[Block], findings: list[str]) -> list[Printing]:
    """One entry per talk; a talk printed twice keeps the copy with fewer defects.

    Defects are repeated words ("the the"); on a tie the later printing wins, since a
    booklet reprints a talk to correct it. The talk keeps the number of its first
    printing, which places it in booklet order.
    """
    groups: dict[tuple[str, str], list[Block]] = {}
    for block in blocks:
        heading = parse_heading(block.heading)
        key = (ascii_fold(heading.speaker), ascii_fold(heading.title or ""))
        groups.setdefault(key, []).append(block)
    printings = []
    for copies in groups.values():
        first = copies[0]
        if len(copies) == 1:
            printings.append(Printing(first, first.number))
            continue
        numbers = ", ".join(str(block.number) for block in copies)
        if len({block.paragraphs for block in copies}) == 1:
            kept = first
            note = f"Printed {len(copies)} times (abstracts {numbers}) with the same text."
        else:
            kept = min(reversed(copies), key=lambda block: _defects(block.paragraphs))
            other = next(block for block in copies if block is not kept)
            note = (
                f"Printed {len(copies)} times (abstracts {numbers}) with different texts "
                f"({_difference(other, kept)}); the text of abstract {kept.number} is kept."
            )
        findings.append(f"{parse_heading(first.heading).speaker}: {note}")
        others = tuple(block.number for block in copies[1:])
        printings.append(Printing(kept, first.number, others, note))
    return printings


def import_book(text: str) -> ImportResult:
    """Parse, merge, repair and cite: the whole import, written nowhere yet."""
    book = parse_book(text)
    findings: list[str] = []
    words = vocabulary([*book.contents, *(p for b in book.blocks for p in (b.heading, *b.paragraphs))])
    placeholders = [block for block in book.blocks if block.is_placeholder]
    for block in placeholders:
        findings.append(f"abstract {block.number}: empty placeholder entry ({block.heading!r}); no page made")
    _check_contents(book, findings)
    pages: list[Page] = []
    repairs: list[Repair] = []
    names: set[str] = set()
    keys: set[str] = set()
    printings = merge_duplicates([b for b in book.blocks if not b.is_placeholder], findings)
    for printing in sorted(printings, key=lambda p: p.number):
        page, found = _page(printing, words, names, keys, findings)
        pages.append(page)
        repairs += found
    _canonical, doubts = merge_names([name for page in pages for name in page.talk.people])
    findings += [f"doubtful identity: {doubt}" for doubt in doubts]
    return ImportResult(book.conference, pages, repairs, findings)


def _page(
    printing: Printing, words: set[str], names: set[str], keys: set[str], findings: list[str]
) -> tuple[Page, list[Repair]]:
    block, number = printing.block, printing.number
    heading = parse_heading(block.heading)
    title, title_repairs = (None, [])
    if heading.title:
        repaired, title_repairs = repair_block([heading.title], number, words)
        title = repaired[0]
    paragraphs, repairs = repair_block(list(block.paragraphs), number, words)
    email, coauthors, affiliations, text, items = None, [], {}, [], []
    for paragraph in paragraphs:
        if match := EMAIL_LINE.match(paragraph):
            email = match.group("email")
        elif match := COAUTHOR_LINE.match(paragraph):
            coauthors, affiliations = split_coauthors(match.group("names"))
        elif item := parse_item(paragraph):
            items.append(item)
        else:
            text.append(paragraph)
    collaborators = [
        name for name in collaborators_named(" ".join(text)) if name not in (heading.speaker, *coauthors)
    ]
    references = build_references(items, keys)
    numbered = {reference.number: reference for reference in references}
    text = [without_emails(paragraph, f"abstract {number}", findings) for paragraph in text]
    body = "\n\n".join(cite_paragraph(p, numbered, number, findings) for p in text)
    _note_missing_entries(references, findings, number)
    status = Status.given(title, body)
    if status is not Status.COMPLETE:
        findings.append(f"abstract {number} ({heading.speaker}): {status.notice.lower().rstrip('.')}")
    talk = Talk(
        abstract_number=number,
        speaker=heading.speaker,
        status=status,
        title=title,
        coauthors=tuple(coauthors),
        collaborators=tuple(collaborators),
        affiliations=tuple(sorted(affiliations.items())),
        email=email,
        also_printed_as=printing.also_printed_as,
        text_from=block.number if block.number != number else None,
        editor_note=printing.note,
    )
    name = page_name(heading.speaker, names, title)
    return Page(name, talk, body, references), title_repairs + repairs


def _note_missing_entries(references: list[Reference], findings: list[str], block: int) -> None:
    """A citation of a number the list lacks is recorded on the list's last entry."""
    missing = [f for f in findings if f.startswith(f"abstract {block}: cites")]
    if missing and references:
        last = references[-1]
        doubt = "the abstract " + "; ".join(f.split(": ", 1)[1] for f in missing)
        last.entry.fields["note"] = (
            f"{last.entry.fields['note']} " if "note" in last.entry.fields else ""
        ) + f"Editor: {doubt}."
        references[-1] = dataclasses.replace(last, doubts=(*last.doubts, doubt))


def _check_contents(book: Book, findings: list[str]) -> None:
    """Headings that differ from the contents list, and contents lines with no block."""

    def normal(text: str) -> str:
        return re.sub(r"\s+", " ", text.replace('"', "")).strip().lower()

    headings = [normal(b.heading) for b in book.blocks if not b.is_placeholder]
    listed = Counter(normal(entry) for entry in book.contents if not re.fullmatch(r"[.\s]*", entry))
    for block in book.blocks:
        if block.is_placeholder or normal(block.heading) in listed:
            continue
        heading = parse_heading(block.heading)
        close = difflib.get_close_matches(normal(block.heading), list(listed), n=1, cutoff=0.8)
        where = f" (contents: {close[0]!r})" if close else ""
        findings.append(
            f"abstract {block.number} ({heading.speaker}): heading differs from the contents list{where}; "
            "the heading is used"
        )
    for entry in listed:
        if entry not in headings and not difflib.get_close_matches(entry, headings, n=1, cutoff=0.8):
            findings.append(f"contents entry {entry!r} has no abstract")
