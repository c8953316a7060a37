"""A proceedings project on disk: importing a book into it, and starting a new one.

Pages belong to the editors once written. The importer records a fingerprint of every
file it writes (``.proceedings-import.json``); a later import rewrites a file only if
it still has that fingerprint, i.e. nobody edited it, and says why it skips the rest.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from proceedings.importer.booklet import BookError, ImportRefused
from proceedings.importer.files import remove_partial_writes, write_atomic
from proceedings.importer.indico import import_indico, looks_like_indico
from proceedings.importer.indico_book import import_indico_book, looks_like_indico_book
from proceedings.importer.pages import ImportResult, import_book
from proceedings.importer.plausibility import doubts
from proceedings.model.conference import conference_to_yaml
from proceedings.model.talk import TalkError, load_talk

REGISTRY = ".proceedings-import.json"
# What the last import found and decided, as data: proceedings check reads it instead of
# importing the book again (which would report what today's code would do, not what was done).
RECORD = ".proceedings-import-record.json"
REPORT = "import-report.md"
UPDATE_DIFF = ".from-import.diff"  # beside an edited page: what a newer source would change
TEMPLATES = Path(__file__).parent.parent / "templates"
PACKAGE = Path(__file__).parent.parent


class ProjectError(ValueError):
    """The folder cannot take this action; the message is the one line an editor reads."""


@dataclasses.dataclass(frozen=True)
class Action:
    """What an import does with one file, and why."""

    path: str
    kind: str  # "write", "update", "skip", "same", "withdrawn"
    reason: str
    text: str

    def describe(self) -> str:
        return f"{self.kind:<6} {self.path}" + (f" ({self.reason})" if self.reason else "")


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_book(path: Path, force: bool = False) -> tuple[str, ImportResult]:
    """The book's text and its import, or the reason it cannot be used (refused when its
    result does not add up, unless ``force``: then every doubt goes to the report)."""
    text, result = _read(path)
    if reasons := doubts(result):
        if not force:
            raise ImportRefused(str(path), reasons)
        result.findings[:0] = [f"imported with --force despite: {reason}" for reason in reasons]
    return text, result


def _read(path: Path) -> tuple[str, ImportResult]:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise BookError(f"{path}: is a folder, not a book of abstracts") from None
    except OSError as error:
        raise BookError(f"{path}: cannot be read: {error.strerror}") from None
    if data.startswith(b"%PDF"):
        raise BookError(
            f"{path}: is a PDF; the importer reads text: run `pdftotext {path.name} book.txt` "
            "(or `pdftotext -layout`) and import book.txt"
        )
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")  # a byte-order mark is not content
    except UnicodeDecodeError as error:
        raise BookError(f"{path}: not valid UTF-8 (byte {error.start})") from None
    if not text.strip():
        raise BookError(f"{path}: the file is empty")
    try:
        if looks_like_indico(text):
            return text, import_indico(text)
        if looks_like_indico_book(text):
            return text, import_indico_book(text)
        return text, import_book(text)
    except BookError as error:
        raise BookError(f"{path}: {error}") from None


def keep_page_names(result: ImportResult, root: Path) -> None:
    """A contribution Indico already gave keeps its page, whatever its speaker is now: pages
    are matched by ``indico_id``, so a changed speaker updates the page instead of making a
    second one and reporting the first as withdrawn."""
    existing: dict[int, str] = {}
    for path in sorted((root / "source" / "talks").glob("*.md")):
        try:
            talk = load_talk(path)
        except TalkError:
            continue
        if talk.indico_id is not None:
            existing.setdefault(talk.indico_id, path.stem)
    taken = {page.name for page in result.pages}
    for page in result.pages:
        old = existing.get(page.talk.indico_id) if page.talk.indico_id is not None else None
        if old and old != page.name and old not in taken:
            taken.discard(page.name)
            page.name = old
            taken.add(old)


def generated_files(result: ImportResult, book_text: str) -> dict[str, str]:
    """Every file an import produces, by path relative to the project."""
    files = {page.path: page.text() for page in result.pages}
    files["source/index.md"] = result.index_page()
    files["source/authors.md"] = (TEMPLATES / "authors.md").read_text(encoding="utf-8")
    files["source/map.md"] = (TEMPLATES / "map.md").read_text(encoding="utf-8")
    files["source/guide.md"] = (TEMPLATES / "guide.md").read_text(encoding="utf-8")
    files["references.bib"] = result.bibtex()
    files["conference.yaml"] = conference_to_yaml(
        dataclasses.replace(result.conference, book=result.source_copy)
    )
    files[result.source_copy] = book_text
    return files


def load_registry(root: Path) -> dict[str, str]:
    path = root / REGISTRY
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ProjectError(
            f"{path}: is not the importer's JSON record; restore it from version control"
        ) from None
    return data if isinstance(data, dict) else {}


def plan_import(root: Path, files: dict[str, str]) -> list[Action]:
    """Decide, file by file, what an import may do without losing an editor's work."""
    registry = load_registry(root)
    actions = []
    for relative, text in files.items():
        target = root / relative
        if not target.exists():
            actions.append(Action(relative, "write", "new", text))
            continue
        current = target.read_text(encoding="utf-8", errors="replace")
        if current == text:
            actions.append(Action(relative, "same", "", text))
        elif registry.get(relative) == fingerprint(current):
            actions.append(Action(relative, "update", "changed in the book, not edited since import", text))
        else:
            why = "edited since import" if relative in registry else "not written by the importer"
            reason = f"{why}; the source's version differs"
            if relative.endswith(".md"):
                reason += f": see {relative}{UPDATE_DIFF}"
            actions.append(Action(relative, "skip", reason, text))
    # A talk an earlier import wrote that this source no longer has: withdrawn, or renamed at
    # the source. Never deleted: the editors decide, and check lists it until they do.
    for relative in sorted(registry):
        if relative.startswith("source/talks/") and relative not in files and (root / relative).is_file():
            actions.append(Action(relative, "withdrawn", "no longer in the source; the page is kept", ""))
    return actions


def import_record(result: ImportResult, actions: list[Action]) -> str:
    """The import's findings, repairs and decisions, as JSON."""
    findings = [finding for finding in result.findings if not finding.startswith("doubtful identity")]
    record = {
        "findings": findings,
        "repairs": [repair.describe() for repair in result.repairs],
        "files": [{"path": a.path, "decision": a.kind, "reason": a.reason} for a in actions],
    }
    return json.dumps(record, indent=1, ensure_ascii=False) + "\n"


def read_import_record(root: Path) -> dict | None:
    """The last import's record, or None when the project has none (or it is unreadable)."""
    try:
        record = json.loads((root / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def apply_import(root: Path, actions: list[Action], report: str, record: str) -> None:
    """Write what the plan allows, atomically, and record what was written and decided."""
    for folder in {root, *((root / action.path).parent for action in actions)}:
        if folder.is_dir():
            remove_partial_writes(folder)
    registry = load_registry(root)
    for action in actions:
        if action.kind in ("write", "update"):
            write_atomic(root / action.path, action.text)
        if action.kind == "skip" and action.path.endswith(".md"):
            # The editor's page stays; what the new source would change is kept for review.
            current = (root / action.path).read_text(encoding="utf-8", errors="replace")
            diff = difflib.unified_diff(
                current.splitlines(keepends=True),
                action.text.splitlines(keepends=True),
                f"{action.path} (as edited)",
                f"{action.path} (from the new source)",
            )
            write_atomic(root / f"{action.path}{UPDATE_DIFF}", "".join(diff))
        if action.kind in ("write", "update", "same"):
            registry[action.path] = fingerprint(action.text)
    previous = (
        (root / REPORT).read_text(encoding="utf-8", errors="replace") if (root / REPORT).is_file() else ""
    )
    if previous.strip():
        # The report keeps the history of imports: the newest first, the earlier ones after it.
        report = (
            report.rstrip("\n") + "\n\n---\n\n" + previous.replace("# Import report", "# Earlier import", 1)
        )
    write_atomic(root / REPORT, report)
    write_atomic(root / RECORD, record)
    write_atomic(root / REGISTRY, json.dumps(dict(sorted(registry.items())), indent=1) + "\n")


def import_report(result: ImportResult, actions: list[Action]) -> str:
    report = result.report()
    skipped = [a.describe() for a in actions if a.kind in ("skip", "update", "withdrawn")]
    if skipped:
        report += (
            "\n## Files the import did not simply write\n\n" + "\n".join(f"- {s}" for s in skipped) + "\n"
        )
    return report


# The toolkit a new project is given: the same Makefile, configuration, pinned
# requirements and package as this one, so it builds on its own (and on Read the Docs).
PROJECT_FILES = {
    "Makefile": "Makefile",
    "conf.py": "conf.py",
    "requirements.txt": "requirements.txt",
    "requirements-test.txt": "requirements-test.txt",
    "pyproject.toml": "pyproject.toml",
    # Stored without its dot: git will not read a .gitignore that is a symbolic link.
    ".gitignore": "gitignore",
    "tools/install-system-packages": "tools/install-system-packages",
    "tools/find-python": "tools/find-python",
    # Stored without its dot, like .gitignore.
    ".readthedocs.yaml": "readthedocs.yaml",
}
INIT_PARTIAL = ".proceedings-init.tmp"


def init_project(target: Path, book: Path, force: bool = False) -> list[str]:
    """Create a complete new project in ``target`` (absent or empty) from a book of abstracts.

    The project is made in a hidden folder beside ``target`` and renamed into place at the
    end: an init that is killed leaves no half project, and the next init removes its leftovers.
    """
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ProjectError(f"{target}: exists and is not an empty folder; init writes only into a new one")
    text, result = read_book(book, force)
    files = generated_files(result, text)
    conference = result.conference
    readme = (TEMPLATES / "README.project.md").read_text(encoding="utf-8")
    named = f"{conference.title} ({conference.venue})" if conference.venue else conference.title
    files["README.md"] = readme.replace("{title} ({venue})", named).replace("{title}", conference.title)
    parent = target.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    for leftover in parent.glob(f".{target.name}.*{INIT_PARTIAL}"):
        shutil.rmtree(leftover)
    building = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.", suffix=INIT_PARTIAL))
    try:
        written = _write_project(building, files, result)
        building.chmod(0o777 & ~_umask())
        building.rename(target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return written


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _write_project(target: Path, files: dict[str, str], result: ImportResult) -> list[str]:
    for relative, template in PROJECT_FILES.items():
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(TEMPLATES / "project" / template, destination)
        shutil.copymode(TEMPLATES / "project" / template, destination)
    shutil.copytree(
        PACKAGE, target / "src" / "proceedings", symlinks=True, ignore=shutil.ignore_patterns("__pycache__")
    )
    actions = plan_import(target, files)
    apply_import(target, actions, import_report(result, actions), import_record(result, actions))
    return sorted([*PROJECT_FILES, "src/proceedings/", *files, REPORT, REGISTRY, RECORD])
