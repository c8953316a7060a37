"""``proceedings check``: every talk validated by the build's own code, and the editor report.

Problems (exit 1) are what breaks the build or misleads a reader: a page the model
refuses, two talks with one booklet number, a citation with no entry, a relation to a
page that does not exist. Known gaps and doubts that are recorded (a talk whose
abstract is "not yet received", a bibliography entry with an editor's note, a repair
the importer made) are listed but are not problems.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import re
import tempfile
from pathlib import Path

from pybtex.database import parse_string
from pybtex.scanner import PybtexError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import docutils_namespace, patch_docutils

from proceedings.book.offprints import OffprintError, page_ranges
from proceedings.importer.project import read_import_record
from proceedings.model.authors import merge_names
from proceedings.model.talk import Status, Talk, TalkError, load_talk


@dataclasses.dataclass
class Report:
    problems: list[str] = dataclasses.field(default_factory=list)
    recorded: list[str] = dataclasses.field(default_factory=list)
    pages: list[str] | None = None  # each talk's pages in the book; None: no book built

    def text(self) -> str:
        out = [f"Problems: {len(self.problems)}"]
        out += [f"  - {problem}" for problem in self.problems]
        out += [f"Recorded (not problems): {len(self.recorded)}"]
        out += [f"  - {item}" for item in self.recorded]
        if self.pages is None:
            out.append(f"Pages in the book: no book built ({BOOK} is made by make latexpdf)")
        else:
            out.append(f"Pages in the book ({BOOK}):")
            out += [f"  - {item}" for item in self.pages]
        return "\n".join(out) + "\n"


BOOK = Path("build") / "latex" / "proceedings.pdf"  # where make latexpdf writes the book


def book_pages(root: Path) -> list[str] | None:
    """Each talk's pages in the book last built, from the labels its LaTeX run recorded (as the
    offprints are cut); says so when a page changed after the book was built."""
    pdf, aux = root / BOOK, (root / BOOK).with_suffix(".aux")
    if not (pdf.is_file() and aux.is_file()):
        return None
    try:
        ranges = page_ranges(PdfReader(pdf), aux.read_text(encoding="utf-8", errors="replace"))
    except (OffprintError, PdfReadError) as error:
        return [f"cannot read the book: {error}"]
    lines = [
        f"source/{talk.docname}.md: pages {talk.first_label}–{talk.last_label} "
        f"({talk.last - talk.first + 1} {'page' if talk.last == talk.first else 'pages'})"
        for talk in ranges
    ]
    built = pdf.stat().st_mtime
    newer = sorted(page for page in (root / "source" / "talks").glob("*.md") if page.stat().st_mtime > built)
    if newer:
        lines.append(f"{newer[0].relative_to(root)} changed after the book was built: make latexpdf again")
    return lines


WARNING = re.compile(
    r"^(?:(?P<path>.+?)(?::(?P<line>\d+))?: )?(?:WARNING|ERROR|CRITICAL): (?P<message>.*?)(?: \[[\w.]+\])?$"
)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def build_problems(root: Path) -> list[str]:
    """The build's own verdict, without writing anything.

    Sphinx reads, checks and resolves every page exactly as ``make html`` does (the
    project's conf.py, ``-n``), with the ``dummy`` builder, which writes no output; each
    warning is a problem. So ``check`` refuses exactly what the build refuses, by running it.
    """
    if not (root / "conf.py").is_file():
        return [f"{root / 'conf.py'}: not found; check needs the project's build configuration"]
    warnings = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="proceedings-check-") as scratch:
        try:
            with patch_docutils(root), docutils_namespace():
                app = Sphinx(
                    srcdir=root / "source",
                    confdir=root,
                    outdir=Path(scratch) / "out",
                    doctreedir=Path(scratch) / "doctrees",
                    buildername="dummy",
                    confoverrides={"nitpicky": True},
                    status=None,
                    warning=warnings,
                    freshenv=True,
                    keep_going=True,
                )
                app.build()
        except SphinxError as error:
            return [f"the build stops: {error}"]
    return [_problem(line, root) for line in ANSI.sub("", warnings.getvalue()).splitlines() if line.strip()]


def _problem(line: str, root: Path) -> str:
    """``source/talks/x.md:8: message``: the warning with the path relative to the project."""
    match = WARNING.match(line)
    if match is None:
        return line
    path, number, message = match.group("path"), match.group("line"), match.group("message")
    if path is None:
        return message
    with contextlib.suppress(ValueError):
        path = Path(path).relative_to(root.resolve()).as_posix()
    return f"{path}:{number}: {message}" if number else f"{path}: {message}"


def check_project(root: Path) -> Report:
    report = Report()
    report.problems += build_problems(root)
    entries = _bibliography(root, report)
    talks: dict[str, Talk] = {}
    for page in sorted((root / "source" / "talks").glob("*.md")):
        try:
            talk = load_talk(page)
        except TalkError:
            continue  # a problem the build reported
        talks[page.stem] = talk
        if talk.status is not Status.COMPLETE:
            notice = talk.status.notice.rstrip(".").lower()
            report.recorded.append(f"{page.relative_to(root)}: {notice} (status {talk.status.value})")
    _canonical, doubts = merge_names([person for talk in talks.values() for person in talk.people])
    report.recorded += [f"doubtful identity: {doubt}" for doubt in doubts]
    report.recorded += _bib_notes(entries or {})
    report.recorded += _import_record(root)
    report.pages = book_pages(root)
    return report


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


def _import_record(root: Path) -> list[str]:
    """What the last import found and repaired, as it recorded it (not a new import)."""
    record = read_import_record(root)
    if record is None:
        return []
    findings = [f"book: {finding}" for finding in record.get("findings", [])]
    withdrawn = [
        f"withdrawn: {item.get('path')} ({item.get('reason')})"
        for item in record.get("files", [])
        if isinstance(item, dict) and item.get("decision") == "withdrawn"
    ]
    return findings + withdrawn + [f"repair: {repair}" for repair in record.get("repairs", [])]
