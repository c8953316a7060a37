"""The editor's command, ``proceedings``: init, import, check, cite, offprints.

Exit codes: 0 success, 1 the project has problems, 2 bad usage or bad input.
Every error is one line on standard error, naming the file; never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import sys
from pathlib import Path

from proceedings.book.offprints import OffprintError, write_offprints
from proceedings.book.tex_guard import tex_errors, unexpected_files
from proceedings.cli.check import check_project
from proceedings.importer.booklet import BookError, ImportRefused
from proceedings.importer.files import write_atomic
from proceedings.importer.new_page import NewPageError, new_talk
from proceedings.importer.project import (
    ProjectError,
    apply_import,
    generated_files,
    import_record,
    import_report,
    init_project,
    keep_page_names,
    plan_import,
    read_book,
)
from proceedings.model.citation import FORMATS, cite
from proceedings.model.conference import Conference, ConferenceError, load_conference
from proceedings.model.fields import reference_table
from proceedings.model.talk import Talk, TalkError, load_talk
from proceedings.sphinxext.published_pdfs import BOOK, RECORD, record_text

FORCE_HELP = "import a book that does not add up anyway, every doubt in the report (default: refuse)"


class UsageError(Exception):
    """Raised instead of argparse's own exit, so usage errors are one line too."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # noqa: D102 - argparse's hook
        raise UsageError(f"{self.prog}: {message}")


def get_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="proceedings", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    project_help = "project folder (default: the current folder)"

    init = commands.add_parser(
        "init",
        help="start a new proceedings project from a book of abstracts",
        description="Create a complete project in DIR (which must not exist or be empty) from BOOK.txt.",
    )
    init.add_argument("directory", type=Path, metavar="DIR")
    init.add_argument("--from", dest="book", type=Path, required=True, metavar="BOOK.txt|EXPORT.json")
    init.add_argument("--force", action="store_true", help=FORCE_HELP)

    importing = commands.add_parser(
        "import",
        help="add new talks of a book of abstracts to this project",
        description="Write pages for talks that are new, update pages nobody edited, and never overwrite "
        "an edited page (the report says which were skipped and why).",
    )
    importing.add_argument("book", type=Path, metavar="BOOK.txt|EXPORT.json")
    importing.add_argument("--force", action="store_true", help=FORCE_HELP)
    importing.add_argument("--project", type=Path, default=Path("."), help=project_help)
    importing.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")

    check = commands.add_parser(
        "check",
        help="validate every talk and print the editor report",
        description="Validate every talk with the build's own code; exit 1 when there are problems.",
    )
    check.add_argument("--project", type=Path, default=Path("."), help=project_help)

    citing = commands.add_parser(
        "cite", help="print a citation of one talk", description="Print how to cite TALK (its page name)."
    )
    citing.add_argument("talk", metavar="TALK")
    citing.add_argument("--format", choices=FORMATS, default="bibtex")
    citing.add_argument("--project", type=Path, default=Path("."), help=project_help)

    offprints = commands.add_parser(
        "offprints",
        help="cut one PDF per talk from the built book",
        description="Cut each talk from the book PDF, with the book's page numbers, into OUT/talks/ "
        "(the site's layout: beside each talk's page), copy the book to OUT/proceedings.pdf and record "
        "each talk's pages in OUT/offprints.json; make html publishes and links them.",
    )
    offprints.add_argument("--project", type=Path, default=Path("."), help=project_help)
    offprints.add_argument(
        "--latex-dir", type=Path, default=Path("build/latex"), help="where make latexpdf built"
    )
    offprints.add_argument("--out", type=Path, default=Path("build/pdf"), help="output folder")
    report = commands.add_parser(
        "tex-report",
        help="after a LaTeX build: TeX errors with their page, files TeX should not have written",
        description="Compare the LaTeX folder with the manifest the build wrote (a file the build "
        "wrote that changed, or a file nobody expects, is a problem) and list each error of the TeX "
        "log with the page it comes from. Exit 1 when there is anything to report.",
    )
    report.add_argument("latex_dir", type=Path, metavar="LATEXDIR", nargs="?", default=Path("build/latex"))
    new = commands.add_parser(
        "new",
        help="start a new talk page from the authors' template",
        description="Write source/talks/TALK.md from the authors' template with the next free booklet "
        "number; never over an existing page.",
    )
    new.add_argument("talk", metavar="TALK", help="the page's name (letters, digits, _ and -)")
    new.add_argument("--speaker", required=True)
    new.add_argument("--title", help="the title (without it, the page says it is not yet received)")
    new.add_argument("--project", type=Path, default=Path("."), help=project_help)
    commands.add_parser(
        "fields",
        help="print the fields of a talk page and of conference.yaml",
        description="Print, as Markdown, every field a talk page's front matter and conference.yaml may "
        "give: its type, whether it is required and what it means (the model's own declarations).",
    )
    return parser


def run_new(args: argparse.Namespace) -> int:
    path = new_talk(args.project, args.talk, args.speaker, args.title)
    print(f"wrote {path} (abstract_number {load_talk(path).abstract_number}); edit it, then make html")
    return 0


def run_fields(args: argparse.Namespace) -> int:
    print("### A talk page's front matter\n")
    print(reference_table(Talk))
    print("### `conference.yaml`\n")
    print(reference_table(Conference), end="")
    return 0


def run_tex_report(args: argparse.Namespace) -> int:
    if not args.latex_dir.is_dir():
        raise UsageError(f"proceedings: {args.latex_dir}: not found; run make latexpdf first")
    problems = unexpected_files(args.latex_dir) + tex_errors(args.latex_dir)
    for problem in problems:
        print(f"proceedings tex-report: {problem}", file=sys.stderr)
    return 1 if problems else 0


def run_init(args: argparse.Namespace) -> int:
    written = init_project(args.directory, args.book, args.force)
    print(
        f"created {args.directory} ({len(written)} files and folders); next: cd {args.directory} && make html"
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    text, result = read_book(args.book, args.force)
    keep_page_names(result, args.project)
    actions = plan_import(args.project, generated_files(result, text))
    for action in actions:
        if action.kind != "same":
            print(action.describe())
    if not args.dry_run:
        apply_import(args.project, actions, import_report(result, actions), import_record(result, actions))
    return 0


def run_check(args: argparse.Namespace) -> int:
    report = check_project(args.project)
    print(report.text(), end="")
    return 1 if report.problems else 0


def run_cite(args: argparse.Namespace) -> int:
    conference = load_conference(args.project / "conference.yaml")
    pages = {page.stem: page for page in (args.project / "source" / "talks").glob("*.md")}
    if args.talk not in pages:
        close = difflib.get_close_matches(args.talk, sorted(pages), n=3, cutoff=0.4)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"proceedings cite: no talk page '{args.talk}'{hint}")
    print(cite(load_talk(pages[args.talk]), conference, args.talk, args.format), end="")
    return 0


def run_offprints(args: argparse.Namespace) -> int:
    latex_dir, out = args.latex_dir, args.out
    pdf, aux = latex_dir / "proceedings.pdf", latex_dir / "proceedings.aux"
    for path in (pdf, aux):
        if not path.is_file():
            raise UsageError(f"proceedings: {path}: not found; run make latexpdf first")
    conference = load_conference(args.project / "conference.yaml")
    talks = {}
    for page in sorted((args.project / "source" / "talks").glob("*.md")):
        try:
            talks[f"talks/{page.stem}"] = load_talk(page)
        except TalkError:
            continue  # refused by the build: in the book as a notice, with no offprint label

    # The record goes first, so a run stopped midway leaves no record naming stale files.
    (out / RECORD).unlink(missing_ok=True)
    pages = write_offprints(pdf, aux, talks, conference, out)
    for old in (out / "talks").glob("*.pdf"):
        if f"talks/{old.stem}" not in pages:
            old.unlink()
    shutil.copyfile(pdf, out / BOOK)
    write_atomic(out / RECORD, record_text(pages))
    print(f"{len(pages)} offprints in {out / 'talks'}; the book in {out / BOOK}; pages in {out / RECORD}")
    return 0


COMMANDS = {
    "init": run_init,
    "import": run_import,
    "check": run_check,
    "cite": run_cite,
    "offprints": run_offprints,
    "tex-report": run_tex_report,
    "fields": run_fields,
    "new": run_new,
}


def main(argv: list[str] | None = None) -> int:
    try:
        args = get_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except UsageError as error:
        print(error, file=sys.stderr)
        return 2
    except ImportRefused as error:
        print(f"proceedings: {error}", file=sys.stderr)
        return 1
    except (BookError, ProjectError, ConferenceError, TalkError, NewPageError) as error:
        print(f"proceedings: {error}", file=sys.stderr)
        return 2
    except OffprintError as error:
        print(f"proceedings: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
