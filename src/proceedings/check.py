"""``proceedings check``: every talk validated by the build's own code, and the editor report.

Problems (exit 1) are what breaks the build or misleads a reader: a page the model
refuses, two talks with one booklet number, a citation with no entry, a relation to a
page that does not exist. Known gaps and doubts that are recorded (a talk whose
abstract is "not yet received", a bibliography entry with an editor's note, a repair
the importer made) are listed but are not problems.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from pathlib import Path

from pybtex.database import parse_string
from pybtex.scanner import PybtexError

from .authors import merge_names
from .book import BookError
from .conference import ConferenceError, load_conference
from .importer import import_book
from .model import Status, Talk, TalkError, load_talk, split_front_matter
from .safety import check_page

CITE_ROLE = re.compile(r"\{(?:cite|cite:[a-z]+|footcite|footcite:[a-z]+)\}`([^`]*)`")
BIBLIOGRAPHY = re.compile(r"```\{bibliography\}[^\n]*\n(?P<body>.*?)```", re.S)


@dataclasses.dataclass
class Report:
    problems: list[str] = dataclasses.field(default_factory=list)
    recorded: list[str] = dataclasses.field(default_factory=list)

    def text(self) -> str:
        out = [f"Problems: {len(self.problems)}"]
        out += [f"  - {problem}" for problem in self.problems]
        out += [f"Recorded (not problems): {len(self.recorded)}"]
        out += [f"  - {item}" for item in self.recorded]
        return "\n".join(out) + "\n"


def cited_keys(body: str) -> list[tuple[int, str]]:
    """(line, key) of every citation and every key a bibliography directive lists."""
    keys = []
    for match in CITE_ROLE.finditer(body):
        line = body.count("\n", 0, match.start()) + 1
        keys += [(line, key.strip()) for key in match.group(1).split(",") if key.strip()]
    for match in BIBLIOGRAPHY.finditer(body):
        start = body.count("\n", 0, match.start()) + 1
        for offset, text in enumerate(match.group("body").splitlines(), start=1):
            if text.strip() and not text.startswith(":"):
                keys.append((start + offset, text.strip()))
    return keys


def check_project(root: Path) -> Report:
    report = Report()
    try:
        conference = load_conference(root / "conference.yaml")
    except ConferenceError as error:
        report.problems.append(str(error))
        conference = None
    entries = _bibliography(root, report)
    talks: dict[str, Talk] = {}
    pages = sorted((root / "source" / "talks").glob("*.md"))
    for page in pages:
        relative = page.relative_to(root)
        try:
            talk = load_talk(page)
        except TalkError as error:
            report.problems.append(str(error).replace(str(page), str(relative), 1))
            continue
        talks[page.stem] = talk
        text = page.read_text(encoding="utf-8")
        for refusal in check_page(text, f"talks/{page.stem}", root / "source"):
            report.problems.append(refusal.describe(str(relative)))
        _, body, first_line = split_front_matter(text)
        if talk.status is Status.COMPLETE and not _prose(body):
            report.problems.append(f"{relative}: status 'complete' but the page has no abstract")
        if talk.status is not Status.COMPLETE:
            report.recorded.append(
                f"{relative}: {talk.status.notice.rstrip('.').lower()} (status {talk.status.value})"
            )
        for line, key in cited_keys(body):
            if entries is not None and key not in entries:
                report.problems.append(
                    f"{relative}:{first_line + line - 1}: cites '{key}', which references.bib lacks"
                )
    numbers: dict[int, list[str]] = defaultdict(list)
    for name, talk in talks.items():
        numbers[talk.abstract_number].append(name)
        for other in [n for n, _ in talk.related] + list(talk.unrelated):
            if other not in talks and not (root / "source" / "talks" / f"{other}.md").exists():
                report.problems.append(
                    f"source/talks/{name}.md: relates to '{other}', which is not a talk page"
                )
    for number, names in sorted(numbers.items()):
        if len(names) > 1:
            report.problems.append(f"abstract number {number} is used by {', '.join(names)}")
    _canonical, doubts = merge_names([person for talk in talks.values() for person in talk.people])
    report.recorded += [f"doubtful identity: {doubt}" for doubt in doubts]
    report.recorded += _bib_notes(entries or {})
    if conference is not None and conference.book:
        report.recorded += _import_record(root / conference.book, report)
    return report


def _prose(body: str) -> bool:
    return bool(BIBLIOGRAPHY.sub("", body).strip())


def _bibliography(root: Path, report: Report) -> dict | None:
    """The entries of references.bib by key ({} when there is none), None when unreadable."""
    path = root / "references.bib"
    if not path.exists():
        return {}
    try:
        return dict(parse_string(path.read_text(encoding="utf-8"), "bibtex").entries)
    except (PybtexError, UnicodeDecodeError) as error:
        report.problems.append(f"references.bib: cannot be read as BibTeX ({error})")
        return None


def _bib_notes(entries: dict) -> list[str]:
    return [
        f"references.bib: {key}: {entry.fields['note']}"
        for key, entry in entries.items()
        if "Editor:" in entry.fields.get("note", "")
    ]


def _import_record(book: Path, report: Report) -> list[str]:
    """What the importer found and repaired in the project's copy of the book."""
    try:
        result = import_book(book.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, BookError) as error:
        report.problems.append(f"{book.name}: the book of abstracts cannot be read ({error})")
        return []
    findings = [f for f in result.findings if not f.startswith("doubtful identity")]
    return [f"book: {finding}" for finding in findings] + [f"repair: {r.describe()}" for r in result.repairs]
