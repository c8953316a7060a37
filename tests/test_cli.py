"""`proceedings` run as an editor runs it: a subprocess, its exit code, its one-line errors."""

import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pybtex.database import parse_string

from proceedings.cli import main
from proceedings.model.talk import load_talk

PROJECT = Path(__file__).parent.parent
SEED = PROJECT / "seed" / "book-of-abstracts.txt"
SYNTHETIC = Path(__file__).parent / "data" / "synthetic-book.txt"
PROCEEDINGS = Path(sys.executable).parent / "proceedings"


def run(*args):
    """`proceedings ARGS` in-process (main([...])), with what it printed and its exit code."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as stop:  # --help
            code = stop.code
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def run_installed(*args):
    """The installed `proceedings` script, as an editor runs it from a shell."""
    return subprocess.run([str(PROCEEDINGS), *map(str, args)], capture_output=True, text=True)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture()
def imported(tmp_path):
    result = run("import", SEED, "--project", tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


def test_import_writes_every_talk_and_records_what_it_wrote(imported):
    assert len(list((imported / "source" / "talks").glob("*.md"))) == 23
    assert (imported / ".proceedings-import.json").is_file()
    assert (imported / "seed" / "book-of-abstracts.txt").read_bytes() == SEED.read_bytes()
    assert oct((imported / "source" / "talks" / "perelman.md").stat().st_mode & 0o777) == "0o644"


def test_second_import_never_overwrites_an_edited_page(imported):
    edited = imported / "source" / "talks" / "peter-muller.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAn editor's addition.\n", encoding="utf-8")
    before = snapshot(imported)
    again = run("import", SEED, "--project", imported)
    assert again.returncode == 0
    diff = "source/talks/peter-muller.md.from-import.diff"
    assert again.stdout == (
        "skip   source/talks/peter-muller.md (edited since import; the source's version differs: "
        f"see {diff})\n"
    )
    after = snapshot(imported)
    for changing in ("import-report.md", ".proceedings-import.json", ".proceedings-import-record.json"):
        del before[changing], after[changing]
    # What the book would change is saved beside the page for review, and nothing else changed.
    assert after.pop(diff).decode().endswith("-\n-An editor's addition.\n")
    assert after == before
    report = (imported / "import-report.md").read_text(encoding="utf-8")
    assert "skip   source/talks/peter-muller.md" in report
    # The report keeps the history: this import first, the first one after it.
    assert report.index("# Import report") < report.index("# Earlier import")
    assert not list(imported.rglob("*.tmp"))


def test_changed_book_updates_unedited_pages_adds_new_ones_and_skips_edited_ones(imported, tmp_path_factory):
    book = tmp_path_factory.mktemp("book") / "book.txt"
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("the very few rigorous results", "the few rigorous results")  # Pulvirenti
    text = text.replace("We give a light talk", "We give a short talk")  # Krejcirik
    text = text.replace(
        "\n25\n\n.....\n", '\n25\n\nNew Speaker: "A talk added to the booklet"\n\nIts abstract.\n'
    )
    book.write_text(text, encoding="utf-8")
    edited = imported / "source" / "talks" / "david-krejcirik.md"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("light talk", "light-hearted talk"), encoding="utf-8"
    )
    result = run("import", book, "--project", imported)
    lines = result.stdout.splitlines()
    assert "update source/talks/mario-pulvirenti.md (changed in the book, not edited since import)" in lines
    assert (
        "skip   source/talks/david-krejcirik.md (edited since import; the source's version differs: "
        "see source/talks/david-krejcirik.md.from-import.diff)"
    ) in lines
    diff = (imported / "source" / "talks" / "david-krejcirik.md.from-import.diff").read_text(encoding="utf-8")
    assert "-We give a light-hearted talk" in diff and "+We give a short talk" in diff
    assert "write  source/talks/new-speaker.md (new)" in lines
    assert "the few rigorous results" in (imported / "source" / "talks" / "mario-pulvirenti.md").read_text()
    assert "light-hearted talk" in edited.read_text(encoding="utf-8")


def test_dry_run_writes_nothing(tmp_path):
    result = run("import", SEED, "--project", tmp_path, "--dry-run")
    assert result.returncode == 0
    assert "write  source/talks/perelman.md (new)" in result.stdout
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot be read: No such file or directory"),
        ("folder", "is a folder, not a book of abstracts"),
        (b"", "the file is empty"),
        (b"\xff\xfe not utf-8", "not valid UTF-8 (byte 0)"),
        (b"a grocery list\neggs\n", "no 'Contents' line: this does not look like a book of abstracts"),
    ],
)
@pytest.mark.parametrize("command", ["import", "init"])
def test_bad_books_get_one_line_exit_2_and_nothing_written(tmp_path, content, message, command):
    book = tmp_path / "book.txt"
    if content == "folder":
        book.mkdir()
    elif content is not None:
        book.write_bytes(content)
    project = tmp_path / "project"
    project.mkdir()
    args = (
        ("import", book, "--project", project) if command == "import" else ("init", project, "--from", book)
    )
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr == f"proceedings: {book}: {message}\n"
    assert list(project.iterdir()) == []


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("init", tmp_path, "--from", SYNTHETIC)
    assert result.returncode == 2
    assert (
        result.stderr
        == f"proceedings: {tmp_path}: exists and is not an empty folder; init writes only into a new one\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def killed_midway(patch: str, *args) -> subprocess.CompletedProcess:
    """Run `proceedings ARGS` in a process that SIGKILLs itself where ``patch`` says."""
    code = (
        "import os, signal, sys\n"
        "import proceedings.importer.project as project, proceedings.importer.files as files\n"
        "def kill(*args, **kwargs):\n    os.kill(os.getpid(), signal.SIGKILL)\n"
        f"{patch}\n"
        "from proceedings.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True)


def test_a_killed_init_leaves_no_project_and_the_next_init_completes(tmp_path):
    target = tmp_path / "spectral-days"
    # Killed after the pages are written, before the project is moved into place.
    killed = killed_midway("project.apply_import = kill", "init", target, "--from", SYNTHETIC)
    assert killed.returncode == -9
    assert not target.exists()
    leftovers = [p.name for p in tmp_path.iterdir()]
    assert len(leftovers) == 1 and leftovers[0].endswith(".proceedings-init.tmp"), leftovers
    result = run("init", target, "--from", SYNTHETIC)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["spectral-days"]
    assert (target / "conference.yaml").is_file() and (target / ".proceedings-import.json").is_file()


def test_a_killed_import_leaves_a_partial_file_that_the_next_import_removes_and_git_ignores(tmp_path):
    killed = killed_midway("files.os.replace = kill", "import", SEED, "--project", tmp_path)
    assert killed.returncode == -9
    partial = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(partial) == 1 and partial[0].name.endswith(".proceedings.tmp"), partial
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copyfile(PROJECT / ".gitignore", tmp_path / ".gitignore")
    ignored = subprocess.run(["git", "-C", str(tmp_path), "check-ignore", "-q", str(partial[0])])
    assert ignored.returncode == 0
    result = run("import", SEED, "--project", tmp_path)
    assert result.returncode == 0, result.stderr
    assert not partial[0].exists()
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_usage_errors_exit_2_with_one_line_and_every_command_has_help():
    for args in ((), ("import",), ("cite",), ("nonsense",), ("init", "x")):
        result = run(*args)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1, args
        assert "Traceback" not in result.stderr
    for command in ("init", "import", "check", "cite", "offprints"):
        result = run(command, "--help")
        assert result.returncode == 0 and "usage: proceedings" in result.stdout


def test_check_on_the_real_project_exits_0_and_lists_recorded_gaps():
    result = run("check", "--project", PROJECT)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("Problems: 0\n")
    for recorded in (
        "source/talks/perelman.md: title and abstract not yet received (status title-and-abstract-missing)",
        "book: abstract 25: empty placeholder entry",
        "book: Cristian Cazacu: Printed 2 times (abstracts 19, 30)",
        "repair: abstract 4: garbled TeX accent",
        "references.bib: luca2019quantum: Editor: page range printed as 50–33",
        "doubtful identity: 'Perelman' (surname only) may be Galina Perelman: kept apart",
    ):
        assert recorded in result.stdout


def test_check_finds_problems_with_file_and_line(tmp_path):
    imported = tmp_path / "project"
    assert run("init", imported, "--from", SEED).returncode == 0
    talks = imported / "source" / "talks"
    (talks / "broken.md").write_text("---\nabstract_number: 40\nspeaker: [unclosed\n---\n", encoding="utf-8")
    (talks / "wrong.md").write_text(
        "---\nabstract_number: 41\nspeaker: A B\ntitle: 7\nstatus: complete\n---\n\nText.\n"
    )
    page = talks / "peter-muller.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee {cite}`nosuchkey2020`.\n", encoding="utf-8")
    result = run("check", "--project", imported)
    assert result.returncode == 1
    problems = result.stdout.split("Recorded")[0]
    assert "source/talks/broken.md:4: front matter is not valid YAML" in problems
    assert "source/talks/wrong.md: field 'title' must be str, got int" in problems
    assert 'source/talks/peter-muller.md:10: could not find bibtex key "nosuchkey2020"' in problems


def test_cite_bibtex_imports_as_a_reference_manager_reads_it():
    result = run("cite", "anton-arnold", "--project", PROJECT)
    assert result.returncode == 0
    entry = parse_string(result.stdout, "bibtex").entries["arnold2023hybrid"]
    assert entry.type == "inproceedings"
    assert [str(p) for p in entry.persons["author"]][:3] == [
        "Arnold, Anton",
        "Negulescu, Claudia",
        "Döpfner, Kirian",
    ]
    assert entry.fields["booktitle"] == "{Numerical and theoretical advances in quantum mechanics}"
    assert (entry.fields["address"], entry.fields["year"]) == ("IMT", "2023")
    assert not {"pages", "doi", "publisher"} & set(entry.fields)


def test_cite_ris_text_and_unknown_talk():
    ris = run("cite", "pierangelo-marcati", "--format", "ris", "--project", PROJECT).stdout
    assert ris.splitlines()[:3] == [
        "TY  - CPAPER",
        "AU  - Marcati, Pierangelo",
        "TI  - Existence and Stability of almost finite energy weak solutions to the Quantum Euler Maxwell system",
    ]
    assert ris.rstrip().endswith("ER  -")
    text = run("cite", "perelman", "--format", "text", "--project", PROJECT).stdout
    assert (
        text
        == "Perelman. (title not yet received). Numerical and theoretical advances in quantum mechanics, IMT, 16–20 January 2023.\n"
    )
    unknown = run("cite", "marcati", "--project", PROJECT)
    assert unknown.returncode == 2
    assert (
        unknown.stderr
        == "proceedings cite: no talk page 'marcati'; did you mean pierangelo-marcati, mario-pulvirenti, serena-cenatiempo?\n"
    )


@pytest.fixture(scope="module")
def new_project(tmp_path_factory):
    """`proceedings init` from a book this project has never seen, then its own `make html`."""
    target = tmp_path_factory.mktemp("new") / "spectral-days"
    result = run("init", target, "--from", SYNTHETIC)
    assert result.returncode == 0, result.stderr
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    # The environment first, so that what pip says of this machine's package mirrors is not
    # mistaken for the build's output.
    venv = subprocess.run(["make", "venv"], cwd=target, capture_output=True, text=True, env=env)
    assert venv.returncode == 0, venv.stdout[-3000:] + venv.stderr[-3000:]
    build = subprocess.run(["make", "html"], cwd=target, capture_output=True, text=True, env=env)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return target, build


def test_new_project_has_the_layout_and_builds_with_zero_warnings(new_project):
    target, build = new_project
    for path in (
        "Makefile",
        "conf.py",
        "requirements.txt",
        "pyproject.toml",
        "README.md",
        "conference.yaml",
        "references.bib",
        "seed/book-of-abstracts.txt",
        "source/index.md",
        "src/proceedings/cli/__init__.py",
        "tools/install-system-packages",
    ):
        assert (target / path).is_file(), path
    output = build.stdout + build.stderr
    assert [line for line in output.splitlines() if "WARNING" in line] == []
    assert "build succeeded" in output
    assert (target / ".venv" / "bin" / "proceedings").is_file()
    names = sorted(p.stem for p in (target / "source" / "talks").glob("*.md"))
    assert names == ["asa-nunez", "jurgen-wojcik", "lukasz-muller", "marta-sorensen", "oscar-pena"]


def test_new_project_pages_show_names_titles_and_gaps(new_project):
    target, _build = new_project
    html = target / "build" / "html"
    index = (html / "index.html").read_text(encoding="utf-8")
    assert "Spectral Days &amp; Friends: 100% analysis_2024" in index
    assert "Universidad de Córdoba, Åland, 3–7 June 2024" in index
    nunez = (html / "talks" / "asa-nunez.html").read_text(encoding="utf-8")
    assert (
        'Spectral gaps &amp; the 100% rule for <span class="math notranslate nohighlight">\\(H_{min}\\)</span>'
        in nunez
    )
    assert "Łukasz Müller" in nunez and "Zoë O’Brien" in nunez or "Zoë O'Brien" in nunez
    assert "the the" not in nunez
    assert "Schrödinger operator" in nunez
    assert "Abstract not yet received." in (html / "talks" / "oscar-pena.html").read_text(encoding="utf-8")
    assert "Title and abstract not yet received." in (html / "talks" / "jurgen-wojcik.html").read_text(
        encoding="utf-8"
    )
    muller = (html / "talks" / "lukasz-muller.html").read_text(encoding="utf-8")
    assert "perturbations in the energy space" in muller
    report = (target / "import-report.md").read_text(encoding="utf-8")
    assert "abstract 6: empty placeholder entry" in report
    assert "page range printed as 300–290: ends before it starts" in report


def test_new_project_check_passes_and_its_pdf_builds(new_project):
    target, _build = new_project
    check = subprocess.run(
        [str(target / ".venv" / "bin" / "proceedings"), "check"], cwd=target, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout
    if shutil.which("xelatex") is None:
        pytest.fail("xelatex missing: run tools/install-system-packages", pytrace=False)
    pdf = subprocess.run(["make", "latexpdf"], cwd=target, capture_output=True, text=True)
    assert pdf.returncode == 0, pdf.stdout[-3000:] + pdf.stderr[-2000:]
    text = subprocess.run(
        ["pdftotext", str(target / "build" / "latex" / "proceedings.pdf"), "-"],
        capture_output=True,
        text=True,
    ).stdout
    text = re.sub(r"\s+", " ", text)
    assert "Spectral Days & Friends: 100% analysis_2024" in text
    assert "Łukasz Müller" in text


def test_check_reports_what_the_import_recorded_not_a_new_import(tmp_path):
    project = tmp_path / "project"
    assert run("init", project, "--from", SEED).returncode == 0
    record = json.loads((project / ".proceedings-import-record.json").read_text(encoding="utf-8"))
    assert "abstract 25: empty placeholder entry ('.....'); no page made" in record["findings"]
    assert {"path": "source/talks/anton-arnold.md", "decision": "write", "reason": "new"} in record["files"]
    book = project / "seed" / "book-of-abstracts.txt"
    book.write_text("not a book any more\n", encoding="utf-8")  # the book changed since the import
    result = run("check", "--project", project)
    assert "book: abstract 25: empty placeholder entry ('.....'); no page made" in result.stdout
    assert "cannot be read" not in result.stdout


def test_the_installed_script_runs_with_its_exit_codes():
    ok = run_installed("cite", "anton-arnold", "--project", PROJECT)
    assert ok.returncode == 0 and ok.stdout.startswith("@inproceedings{arnold2023hybrid,")
    bad = run_installed("cite", "nobody", "--project", PROJECT)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_fields_prints_the_models_declarations_and_the_readme_shows_the_same():
    fields = run("fields")
    assert fields.returncode == 0
    rows = {line.split("|")[1].strip(" `") for line in fields.stdout.splitlines() if line.startswith("| `")}
    # Every documented field is one the model reads, and the other way round.
    assert rows >= {"abstract_number", "related", "venue", "booklet_title"}
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("<!-- proceedings fields -->\n")[1].split("<!-- end of proceedings fields -->")[0]
    assert shown == fields.stdout, "README's field reference is out of date: paste `proceedings fields`"


def test_new_writes_a_page_that_builds_with_the_next_number_and_never_overwrites(tmp_path):
    from small_project import build, make_project

    project = make_project(tmp_path)
    numbers = [load_talk(page).abstract_number for page in (project / "source" / "talks").glob("*.md")]
    done = run(
        "new", "ann-alpha", "--speaker", "Ann Alpha", "--title", "Spectral bounds", "--project", project
    )
    assert done.returncode == 0, done.stderr
    page = project / "source" / "talks" / "ann-alpha.md"
    assert load_talk(page).abstract_number == max(numbers) + 1
    second = run("new", "bo-beta", "--speaker", "Bo Beta", "--title", "Bounds", "--project", project)
    assert second.returncode == 0, second.stderr
    _status, warnings = build(project, tmp_path / "out")
    assert warnings == ""  # the template builds as it is, twice: its labels are the page's own
    html = (tmp_path / "out" / "html" / "talks" / "ann-alpha.html").read_text(encoding="utf-8")
    assert "Spectral bounds" in html and 'href="#equation-ann-alpha-schrodinger-equation"' in html
    assert '<a class="reference internal" href="#ann-alpha-main">Theorem 1</a>' in html
    before = page.read_bytes()
    again = run("new", "ann-alpha", "--speaker", "Someone Else", "--project", project)
    assert again.returncode == 2
    assert again.stderr == f"proceedings: {page}: exists; a new page never replaces one\n"
    assert page.read_bytes() == before
    bad = run("new", "../escape", "--speaker", "X Y", "--project", project)
    assert bad.returncode == 2 and "is not a page name" in bad.stderr
