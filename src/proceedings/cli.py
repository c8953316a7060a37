"""The editor's command, ``proceedings``: one line per error, exit 0 / 1 / 2."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from .book import BookError
from .conference import ConferenceError, load_conference
from .files import write_atomic
from .importer import ImportResult, import_book
from .model import TalkError, load_talk
from .offprints import OffprintError, write_offprints

REPORT = "import-report.md"
AUTHORS_PAGE = (Path(__file__).parent / "templates" / "authors.md").read_text(encoding="utf-8")
MAP_PAGE = (Path(__file__).parent / "templates" / "map.md").read_text(encoding="utf-8")


def get_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="proceedings", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    importing = commands.add_parser(
        "import",
        help="add the talks of a book of abstracts to this project",
        description="Write a page for every talk of BOOK that has none yet; "
        "existing files are never overwritten.",
    )
    importing.add_argument("book", type=Path, metavar="BOOK.txt")
    importing.add_argument("--project", type=Path, default=Path("."), help="project folder (default: .)")
    importing.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
    offprints = commands.add_parser(
        "offprints",
        help="cut one PDF per talk from the built book",
        description="Cut each talk from the book PDF, with the book's page numbers, into OUT/offprints/, "
        "and copy the book to OUT/proceedings.pdf.",
    )
    offprints.add_argument("--project", type=Path, default=Path("."), help="project folder (default: .)")
    offprints.add_argument(
        "--latex-dir", type=Path, default=Path("build/latex"), help="where make latexpdf built"
    )
    offprints.add_argument("--out", type=Path, default=Path("build/html/pdf"), help="output folder")
    return parser


def run_offprints(project: Path, latex_dir: Path, out: Path) -> int:
    """Offprints from build/latex/proceedings.{pdf,aux}; one line per problem."""
    pdf, aux = latex_dir / "proceedings.pdf", latex_dir / "proceedings.aux"
    for path in (pdf, aux):
        if not path.is_file():
            print(f"proceedings: {path}: not found; run make latexpdf first", file=sys.stderr)
            return 2
    try:
        conference = load_conference(project / "conference.yaml")
        talks = {
            f"talks/{page.stem}": load_talk(page)
            for page in sorted((project / "source" / "talks").glob("*.md"))
        }
        written = write_offprints(pdf, aux, talks, conference, out / "offprints")
    except (ConferenceError, TalkError, OffprintError) as error:
        print(f"proceedings: {error}", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pdf, out / "proceedings.pdf")
    print(f"{len(written)} offprints in {out / 'offprints'}; the book in {out / 'proceedings.pdf'}")
    return 0


def read_book(path: Path) -> str:
    """The book's text, or a one-line reason it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BookError(f"{path}: cannot be read: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BookError(f"{path}: not valid UTF-8 (byte {error.start})") from None
    if not text.strip():
        raise BookError(f"{path}: the file is empty")
    return text


def planned_files(result: ImportResult) -> dict[str, str]:
    files = {page.path: page.text() for page in result.pages}
    files["source/index.md"] = result.index_page()
    files["source/authors.md"] = AUTHORS_PAGE
    files["source/map.md"] = MAP_PAGE
    files["references.bib"] = result.bibtex()
    files["conference.yaml"] = result.conference_yaml()
    return files


def run_import(book: Path, project: Path, dry_run: bool) -> int:
    try:
        result = import_book(read_book(book))
    except BookError as error:
        message = str(error)
        print(
            f"proceedings: {message if message.startswith(str(book)) else f'{book}: {message}'}",
            file=sys.stderr,
        )
        return 2
    for relative, text in planned_files(result).items():
        target = project / relative
        if target.exists():
            print(f"skip  {relative} (exists; editors own it)")
            continue
        print(f"write {relative}")
        if not dry_run:
            write_atomic(target, text)
    print(f"write {REPORT}")
    if not dry_run:
        write_atomic(project / REPORT, result.report())
    return 0


def main(argv: list[str] | None = None) -> int:
    args = get_parser().parse_args(argv)
    if args.command == "import":
        return run_import(args.book, args.project, args.dry_run)
    if args.command == "offprints":
        return run_offprints(args.project, args.latex_dir, args.out)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
