"""The editor's command, ``proceedings``: one line per error, exit 0 / 1 / 2."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .book import BookError
from .files import write_atomic
from .importer import ImportResult, import_book

REPORT = "import-report.md"


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
    return parser


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
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
