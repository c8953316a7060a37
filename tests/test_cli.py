"""`proceedings import` run as an editor runs it."""

import subprocess
import sys
from pathlib import Path

import pytest

SEED = Path(__file__).parent.parent / "seed" / "book-of-abstracts.txt"
PROCEEDINGS = Path(sys.executable).parent / "proceedings"


def run(*args, cwd=None):
    return subprocess.run([str(PROCEEDINGS), *map(str, args)], capture_output=True, text=True, cwd=cwd)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_import_writes_pages_then_never_overwrites_an_edited_one(tmp_path):
    first = run("import", SEED, "--project", tmp_path)
    assert first.returncode == 0, first.stderr
    pages = sorted((tmp_path / "source" / "talks").glob("*.md"))
    assert len(pages) == 23
    edited = tmp_path / "source" / "talks" / "peter-muller.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAn editor's addition.\n", encoding="utf-8")
    before = snapshot(tmp_path)
    second = run("import", SEED, "--project", tmp_path)
    assert second.returncode == 0
    assert "skip  source/talks/peter-muller.md (exists; editors own it)" in second.stdout
    after = snapshot(tmp_path)
    del before["import-report.md"], after["import-report.md"]
    assert after == before
    assert not list(tmp_path.rglob("*.tmp"))


def test_dry_run_writes_nothing(tmp_path):
    result = run("import", SEED, "--project", tmp_path, "--dry-run")
    assert result.returncode == 0
    assert "write source/talks/perelman.md" in result.stdout
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot be read: No such file or directory"),
        (b"", "the file is empty"),
        (b"\xff\xfe not utf-8", "not valid UTF-8 (byte 0)"),
        (b"a grocery list\neggs\n", "no 'Contents' line: this does not look like a book of abstracts"),
    ],
)
def test_bad_books_get_one_line_and_exit_2(tmp_path, content, message):
    book = tmp_path / "book.txt"
    if content is not None:
        book.write_bytes(content)
    project = tmp_path / "project"
    project.mkdir()
    result = run("import", book, "--project", project)
    assert result.returncode == 2
    assert result.stderr == f"proceedings: {book}: {message}\n"
    assert list(project.iterdir()) == []


def test_usage_errors_exit_2():
    assert run().returncode == 2
    assert run("import").returncode == 2
    assert run("import", "--help").returncode == 0
