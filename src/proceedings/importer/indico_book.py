"""A book of abstracts typeset by Indico (its ``book_of_abstracts.tex``), turned to text by
``pdftotext`` with or without ``-layout``, into the same talk pages as the seed's booklet.

The layout is Indico's own (``indico/legacy/pdfinterface/latex_templates/inc/contribution.tex``,
``render_contribution_condensed``): per contribution a header ``Session - Board: X / id`` (each
part optional, the id always there), the title (wrapped, hyphenated by TeX), ``Authors:`` and
``Co-authors:`` lines with numbered affiliations, the numbered affiliation list, ``Corresponding
Author(s):`` with e-mail addresses, the abstract, then custom fields (``Keywords:``). Every page of
the main matter carries the running head ``<event title> / Book of Abstracts`` and the footer
``Page N``. The labels are those of Indico's catalogues in English, French, German, Italian and
Spanish (and the ``Author(s):`` forms of Indico 1.2-2.1).

Field lines are metadata, never abstract text; e-mail addresses go to ``email`` and never into an
abstract. The title is taken from the contents list where it matches the heading (the contents
line is neither hyphenated nor wrapped by pdftotext's joins), and the report says where it does not.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from proceedings.importer.booklet import MONTHS, BookError
from proceedings.importer.pages import (
    ImportResult,
    Page,
    escape_markdown,
    page_from_facts,
    page_name,
    without_emails,
)
from proceedings.model.authors import merge_names
from proceedings.model.conference import Conference
from proceedings.model.talk import Status
from proceedings.model.text import EMAIL_ADDRESS, ascii_fold

SOURCE = "Indico book of abstracts"
SOURCE_COPY = "seed/book-of-abstracts.txt"

BOOK_TITLES = ("Book of Abstracts", "Book of abstracts", "Recueil des résumés", "Buch der Abstracts",
               "Raccolta degli abstract", "Libro de resúmenes")  # fmt: skip
BOARD = r"(?:Board|Tableau|Karte|Bacheca|Tablero)"
PAGE_FOOTER = re.compile(r"^\s*(?:Page|Seite|Pagina|Página)\s+\d+\s*$")
ROMAN = re.compile(r"^\s*[ivxlc]+\s*$")
HEADER = re.compile(
    rf"^(?:(?P<session>.+?)(?:\s+-\s+{BOARD}:\s*(?P<board1>\S.*?))?|{BOARD}:\s*(?P<board2>\S.*?))\s+/\s+(?P<id>\d+)$"
)
BARE_ID = re.compile(r"^(?P<id>\d+)$")
# Whole labels only: "Autor" must not match "Autore:", "Autores:" or a title "Autoregressive…".
AUTHORS = re.compile(
    r"^(?:Author\(s\):|Authors?:|Auteur\(s\):|Auteurs?:|Autoren(?::|\s)|Autor(?::|\s)|Autore:|Autores:|"
    r"Auteur principal:|Auteurs principaux:)\s*(?P<names>.*)$"
)
COAUTHORS = re.compile(
    r"^(?:Co-author\(s\):|Co-authors?:|Co-auteur\(s\):?|Co-auteurs?:?|Co-Autor(?:en)?:|Coautore:|"
    r"Coautor(?:es)?:)\s*(?P<names>.*)$"
)
CORRESPONDING = re.compile(
    r"^(?:Corresponding Author\(s\):?|Corresponding Authors?:?|Auteurs? correspondants?:?|"
    r"Auteur\(s\) contact:|"
    r"Korrespondenzautor(?:en)?:|Autore(?:/i)? corrispondente(?:/i)?:|"
    r"Autor(?:es)? responsables? de la comunicación:)\s*(?P<emails>.*)$"
)
# A custom field's title alone on its line ("Keywords:", "Mots-clés:"), its value after it.
FIELD = re.compile(r"^(?P<name>[A-ZÀ-ÝĀ-Ž][\w\-’']*(?: [\w\-’']+){0,3}):$")
LEADER = re.compile(r"\s*(?:\.\s*){3,}(?P<page>\d+)?\s*$")
AFFILIATION_NUMBER = re.compile(r"\s?(?:\d+|None)$")
# "Monday, 16 September 2024", "Monday, September 16, 2024", "lundi 3 juin 2024",
# "Montag, 4. August 2014", "lunes, 4 de agosto de 2014", "Monday 04 August 2014".
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]+)\s+(?:de\s+)?(\d{4})")
MONTH_DAY_YEAR = re.compile(r"([^\W\d_]+)\s+(\d{1,2}),\s+(\d{4})")


def looks_like_indico_book(text: str) -> bool:
    """Indico's running head (``<event title> / Book of Abstracts``) on the book's pages."""
    heads = tuple(f"/ {title}" for title in BOOK_TITLES)
    return any(line.strip().endswith(heads) for line in text.splitlines())


def parse_dates(line: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last dates a title-page line names, in any of Indico's five languages."""
    dates = []
    for day, month, year in DAY_MONTH_YEAR.findall(line):
        if (number := MONTHS.get(month.lower())) is not None:
            dates.append(datetime.date(int(year), number, int(day)))
    if not dates:
        for month, day, year in MONTH_DAY_YEAR.findall(line):
            if (number := MONTHS.get(month.lower())) is not None:
                dates.append(datetime.date(int(year), number, int(day)))
    return (dates[0], dates[-1]) if dates else None


def import_indico_book(text: str) -> ImportResult:
    """Read the book; :class:`BookError` when it is not one of Indico's books of abstracts."""
    text = unicodedata.normalize("NFC", text)
    pages = text.split("\f")
    title_page = [line.strip() for line in pages[0].splitlines() if line.strip()]
    conference, booklet_title = _title_page(title_page)
    findings: list[str] = []
    body_lines, contents = _strip_furniture(pages[1:], conference.title, booklet_title)
    blocks = _blocks(body_lines)
    if not blocks:
        raise BookError("no contribution found: no 'Session / id' header followed by an 'Authors:' line")
    result_pages: list[Page] = []
    names: set[str] = set()
    for block in blocks:
        page = _page(block, contents, names, findings)
        if page is not None:
            result_pages.append(page)
    blocking = []
    if len(result_pages) < len(blocks):
        missed = len(blocks) - len(result_pages)
        blocking.append(f"{missed} contribution(s) could not be made a page (see the findings)")
    if contents and len(contents) != len(blocks):
        blocking.append(
            f"the contents list {len(contents)} contributions, the book's pages {len(blocks)}: "
            "a contribution was not recognised"
        )
    findings.append(
        "the book names no presenters (Indico's book of abstracts does not print them): "
        "each page shows its first author as the speaker"
    )
    findings.append(
        "formulas were typeset and extracted from a PDF: exponents and indices are flattened "
        "(10^5 reads 105); compare each abstract with the printed book"
    )
    _canonical, doubts = merge_names([name for page in result_pages for name in page.talk.people])
    findings += [f"doubtful identity: {doubt}" for doubt in doubts]
    return ImportResult(
        conference, result_pages, [], findings, source=SOURCE, source_copy=SOURCE_COPY, blocking=blocking
    )


def _title_page(lines: list[str]) -> tuple[Conference, str]:
    dated = next((index for index, line in enumerate(lines) if parse_dates(line)), None)
    book = next((index for index, line in enumerate(lines) if line in BOOK_TITLES), None)
    if dated is None or book is None or not 0 < dated < book:
        raise BookError(
            "the first page is not an Indico title page (the event's title, its dates, the venue, "
            "'Book of Abstracts')"
        )
    start, end = parse_dates(lines[dated])  # type: ignore[misc]
    title = " ".join(lines[:dated])
    venue = " ".join(lines[dated + 1 : book]) or None
    return Conference(title=title, venue=venue, start=start, end=end, booklet_title=lines[book]), lines[book]


def _strip_furniture(pages: list[str], title: str, booklet_title: str) -> tuple[list[str], list[str]]:
    """The main matter's lines without running heads and footers; the contents entries."""
    contents: list[str] = []
    body: list[str] = []
    in_contents = False
    head = f"/ {booklet_title}"
    title_words = re.sub(r"\s+", " ", title)
    for page in pages:
        lines = [line.rstrip() for line in page.splitlines()]
        stripped = [line.strip() for line in lines]
        if any(line == "Contents" for line in stripped[:2]):
            in_contents = True
        if in_contents and not any(line.endswith(head) for line in stripped):
            contents += stripped
            continue
        if not any(line.endswith(head) for line in stripped):
            continue  # the preface and blank pages of the front matter
        in_contents = False
        for index, line in enumerate(stripped):
            if line.endswith(head) or PAGE_FOOTER.match(line):
                continue
            # Plain pdftotext splits a short, padded running head: its title part on a line of its own.
            if line and (title_words.startswith(line) or line.rstrip(" …") in title_words) and index < 3:
                continue
            body.append(lines[index])
    return body, _contents_entries(contents)


def _contents_entries(lines: list[str]) -> list[str]:
    """``Title[ id] . . . . page`` entries, wrapped lines joined; page numbers dropped."""
    entries, pending = [], []
    nonblank = [line for line in lines if line and line != "Contents" and not ROMAN.match(line)]
    for line in nonblank:
        if line.isdigit():
            if pending:  # plain pdftotext: the page number is a paragraph of its own
                entries.append(re.sub(r"(?:\s*\.)+$", "", _join_lines(pending)))
                pending = []
            continue
        pending.append(LEADER.sub("", re.sub(r"\s{2,}\d+$", "", line)).strip())
        if LEADER.search(line) or re.search(r"\s{2,}\d+$", line):
            entries.append(_join_lines(pending))
            pending = []
    return [entry for entry in entries if entry]


BREAK = "\x00"  # where a line ended in a hyphen: TeX's hyphenation, or a hyphen of the title


def _join_lines(lines: list[str]) -> str:
    """Wrapped lines as one, a line-end hyphen marked for :func:`_resolve_hyphens`."""
    joined = ""
    for line in lines:
        joined += line if not joined else (BREAK + line if joined.endswith("-") else " " + line)
    return joined


def _resolve_hyphens(text: str, other: str) -> str:
    """A hyphen at a line end is the title's own where the other printing (the contents, the
    heading) has it inside a line, TeX's where the other has the word whole or, between two
    lower-case letters, when the other broke there too; otherwise it is kept."""
    inline = other.replace(f"-{BREAK}", BREAK)  # the other's own line-end hyphens left out
    whole = other.replace(f"-{BREAK}", "").replace(BREAK, " ")

    def resolve(match: re.Match) -> str:
        left, right = match.group(1), match.group(2)
        if f"{left}-{right}" in inline:
            return f"{left}-{right}"
        if f"{left}{right}" in whole or (left[-1].islower() and right[0].islower()):
            return f"{left}{right}"
        return f"{left}-{right}"

    return re.sub(rf"(\w+)-{BREAK}(\w+)", resolve, text).replace(BREAK, "")


def _blocks(lines: list[str]) -> list[dict]:
    """Each contribution's lines, from its header to the next one."""
    stripped = [line.strip() for line in lines]
    starts = []
    for index, line in enumerate(stripped):
        match = HEADER.match(line) or BARE_ID.match(line)
        if not match:
            continue
        # A header is followed by the title (one to four lines of words), then the authors' line:
        # with its label or (Indico 1.2-2.1, a single author) without one, its affiliation's
        # number or the corresponding author after it. An affiliation's number is followed by the
        # affiliation and, before any authors' line, by the next contribution's number.
        following = [s for s in stripped[index + 1 : index + 14] if s]
        if not following or _label(following[0]) or len(re.findall(r"[^\W\d_]{2,}", following[0])) < 2:
            continue
        label_at = next((k for k, s in enumerate(following[1:7], start=1) if _names_label(s)), None)
        if (
            label_at is not None
            and not any(s.isdigit() or HEADER.match(s) or _label(s) for s in following[:label_at])
            or HEADER.match(line)
            and any(_label(s) or s.isdigit() for s in following[1:7])
        ):
            starts.append((index, match))
    blocks = []
    ends = [index for index, _match in starts[1:]] + [len(lines)]
    for (index, match), end in zip(starts, ends, strict=True):
        groups = match.groupdict()
        blocks.append(
            {
                "id": int(groups["id"]),
                "session": (groups.get("session") or "").strip() or None,
                "board": (groups.get("board1") or groups.get("board2") or "").strip() or None,
                "lines": lines[index + 1 : end],
            }
        )
    return blocks


def _label(line: str) -> bool:
    return bool(CORRESPONDING.match(line) or AUTHORS.match(line) or COAUTHORS.match(line))


def _names_label(line: str) -> re.Match | None:
    """An authors' or co-authors' line; never the corresponding authors' ("Autor responsable…")."""
    if CORRESPONDING.match(line):
        return None
    return AUTHORS.match(line) or COAUTHORS.match(line)


def _names(text: str) -> list[str]:
    names = []
    for part in re.split(r"\s*;\s*", text):
        name = AFFILIATION_NUMBER.sub("", part.strip()).strip()
        if name:
            names.append(name)
    return names


def _page(block: dict, contents: list[str], taken: set[str], findings: list[str]) -> Page | None:
    lines = block["lines"]
    stripped = [line.strip() for line in lines]
    number = block["id"]
    where = f"contribution {number}"
    labelled = [i for i, s in enumerate(stripped) if _names_label(s)]
    first_label = (
        labelled[0]
        if labelled
        else next((i for i, s in enumerate(stripped) if _label(s) or s.isdigit()), None)
    )
    if first_label is None:
        # Speakers only (Indico's book prints authors, not presenters): nobody to name.
        findings.append(f"{where}: the book names no author; no page made")
        return None
    if not labelled:
        # Indico 1.2-2.1 printed a lone author without a label: the line before the number.
        first_label = max((i for i, s in enumerate(stripped[:first_label]) if s), default=first_label)
        stripped[first_label] = lines[first_label] = "Authors: " + stripped[first_label]
    heading = [s for s in stripped[:first_label] if s]
    title = _title(heading, contents, number, findings)
    authors, coauthors, affiliations, emails = [], [], {}, []
    index = first_label
    numbered: dict[str, list[str]] = {}
    while index < len(stripped):
        line = stripped[index]
        if match := CORRESPONDING.match(line):
            emails += EMAIL_ADDRESS.findall(match.group("emails"))
            index += 1
            # A long list of addresses wraps onto lines of addresses only.
            while (
                index < len(stripped)
                and stripped[index]
                and not EMAIL_ADDRESS.sub("", stripped[index]).strip(" ,")
            ):
                emails += EMAIL_ADDRESS.findall(stripped[index])
                index += 1
            break
        if match := _names_label(line):
            text, index = match.group("names"), index + 1
            # A long list of names wraps: the line ends with ';' or the next one goes on with them.
            while index < len(stripped) and stripped[index] and not _label(stripped[index]):
                following = stripped[index]
                after = next((t for t in stripped[index + 1 :] if t), "")
                if following.isdigit() and after.startswith(";"):
                    # -layout can set a name's superscript number on a line of its own.
                    text, index = f"{text} {following}", index + 1
                    continue
                if not (
                    text.rstrip().endswith(";") or " ; " in following or re.match(r"^(\d+\s*)?;", following)
                ):
                    break
                text, index = f"{text} {following}", index + 1
            (authors if AUTHORS.match(line) else coauthors).extend(_names(text))
            numbered.update(_numbers(text))
            continue
        if line.isdigit():
            # The affiliation: the lines after its number, up to a blank line, a number or a label.
            index += 1
            while index < len(stripped) and not stripped[index]:
                index += 1
            parts = []
            while (
                index < len(stripped)
                and stripped[index]
                and not stripped[index].isdigit()
                and not _label(stripped[index])
            ):
                parts.append(stripped[index])
                index += 1
            for name, marks in numbered.items():
                if line in marks and parts:
                    affiliations.setdefault(name, " ".join(parts))
            continue
        if line:
            break
        index += 1
    abstract, fields = _abstract(lines[index:])
    for name, value in fields:
        findings.append(
            f"{where}: the book's field '{name}' ({value}) is not an abstract; kept in this report"
        )
    people = [*authors, *coauthors]
    if not people:
        findings.append(f"{where} ({title!r}): the book names no author; no page made")
        return None
    speaker = people[0]
    body = "\n\n".join(_markdown(without_emails(text, where, findings)) for text in abstract)
    status = Status.given(title, body)
    if status is not Status.COMPLETE:
        findings.append(f"{where} ({speaker}): {status.notice.lower().rstrip('.')}")
    mapping = {
        "abstract_number": number,
        "speaker": speaker,
        "title": title,
        "coauthors": people[1:],
        "affiliations": {name: text for name, text in affiliations.items() if text},
        "email": emails[0] if emails else None,
        "session": block["session"],
        "board_number": block["board"],
        "status": status.value,
    }
    name = page_name(speaker, taken, title, fallback=f"contribution-{number}")
    return page_from_facts(name, mapping, body, where, taken, findings, refused=[])


def _markdown(paragraph: str) -> str:
    """Extracted text is text: MyST must not read it as markup (a list item stays one)."""
    if paragraph.startswith("- "):
        return "- " + escape_markdown(paragraph[2:])
    return escape_markdown(paragraph)


def _numbers(text: str) -> dict[str, list[str]]:
    """Name -> the affiliation numbers printed after it (``Marchetti1``, ``Raghunathan 2``)."""
    found = {}
    for part in re.split(r"\s*;\s*", text):
        part = part.strip()
        if match := re.search(r"\s?(\d+(?:,\d+)*)$", part):
            found[part[: match.start()].strip()] = match.group(1).split(",")
    return found


def _title(heading: list[str], contents: list[str], number: int, findings: list[str]) -> str | None:
    """The heading's title, or the contents' spelling of it when they are the same words."""
    joined = _join_lines(heading)
    key = _comparable(joined)
    for entry in contents:
        without_id = re.sub(rf"\s+{number}$", "", entry)
        if _comparable(without_id) == key:
            return _resolve_hyphens(without_id, joined)
    if contents:
        findings.append(f"contribution {number}: title not found in the contents; taken from the heading")
    return _resolve_hyphens(joined, "") or None


def _comparable(text: str) -> str:
    return re.sub(r"[\W_]+", "", ascii_fold(text))


def _abstract(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Paragraphs of the abstract, and the custom fields (``Keywords:`` + value) after it."""
    paragraphs: list[str] = []
    fields: list[tuple[str, str]] = []
    current: list[str] = []
    stripped = [line.strip() for line in lines]
    # Custom fields come after the abstract, each a "Title:" line and its value: read from the
    # end, so that "Background:" or "Methods:" inside a structured abstract stay its text.
    nonblank = [i for i, s in enumerate(stripped) if s]
    end = len(stripped)
    while (
        len(nonblank) >= 2 and FIELD.match(stripped[nonblank[-2]]) and not FIELD.match(stripped[nonblank[-1]])
    ):
        fields.insert(0, (FIELD.match(stripped[nonblank[-2]]).group("name"), stripped[nonblank[-1]]))
        end = nonblank[-2]
        nonblank = nonblank[:-2]
    if fields and not nonblank:  # nothing but "Title:" lines and text: a structured abstract
        fields, end = [], len(stripped)
    index = 0
    while index < end:
        line = stripped[index]
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
        elif line.startswith("•"):
            if current:
                paragraphs.append(" ".join(current))
            current = ["- " + line.lstrip("• ")]
        else:
            if current and current[-1].endswith("-") and line[:1].islower():
                current[-1] = current[-1][:-1] + line
            else:
                current.append(line)
        index += 1
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs, fields
