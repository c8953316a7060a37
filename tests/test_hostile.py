"""Hostile talk pages (tests/hostile/) in a scratch copy of the project, built as editors build it:
`make html`, `make offprints` (the book, then one PDF per talk) and `make epub`.

Each page must be refused with its own name and reason, or rendered harmless. A secret file
outside the project must reach no output and no log; a marker file that a command run by any
tool would create must never appear; no page, search index or served SVG may carry script, an
event attribute or a ``javascript:`` URL; nothing may print a traceback; ``proceedings check``
must refuse exactly the pages the build refuses.
"""

import re
import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
import yaml
from browser import rendered_dom
from pybtex.database import parse_string
from small_project import make, use_the_test_venv

PROJECT = Path(__file__).parent.parent
HOSTILE = Path(__file__).parent / "hostile"
EXPECTED = yaml.safe_load((HOSTILE / "expected.yaml").read_text(encoding="utf-8"))
# Pages made by the fixture, not stored: a symbolic link to the secret and a file name with a quote.
EXPECTED["linked.md"] = {"refused": "is a symbolic link; a talk page must be a regular file"}
EXPECTED["bad'name.md"] = {"refused": "the file name may use only letters, digits, _ and -"}
# Refused before MyST reads them.
UNREADABLE = {
    "latin1.md",
    "large-page.md",
    "linked.md",
    "bad'name.md",
    "body-control.md",
    "subfolder",
    "linkdir",
}
# A folder whose name TeX would run: it writes a xindy module that runs a shell command.
EVIL_FOLDER = (
    "subfolder-q}\\immediate\\openout9=numeric-sort.xdy\\immediate\\write9{(ext:run-shell-command "
    '"touch @PWNED@")}\\immediate\\closeout9{'
)
BIN = Path(sys.executable).parent
HOSTILE_BIB = """
@misc{hostile2024entry,
    author = "Evil, E.",
    title = "{\\input{@SECRET@} \\immediate\\write18{touch @PWNED@}}",
    note = "\\catcode`\\^=7 ^^5c \\def\\x{\\x}\\x"
}
"""
EVIL_SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>\n'
# Script as markup: a script element, an event attribute, a script URL in an attribute.
SCRIPT = re.compile(
    r"<script|<[^>]*\son[a-z]+\s*=|(?:href|src|action|data)\s*=\s*[\"']?\s*(?:javascript|vbscript|data):",
    re.I,
)


def copy_project(project: Path) -> None:
    """The project's tracked build files, as a clone has them (no build output, no venv)."""
    for name in ("source", "tools", "src"):
        shutil.copytree(PROJECT / name, project / name, symlinks=True)
    for name in ("conf.py", "conference.yaml", "Makefile", "requirements.txt", "requirements-test.txt"):
        shutil.copy2(PROJECT / name, project / name)
    shutil.copy2(PROJECT / "pyproject.toml", project / "pyproject.toml")


def slow_page() -> str:
    """A page markdown-it parses in time that grows faster than its size (about 4 s for 90 kB here)."""
    return "![" * 90_000


def deep_page(levels: int = 250) -> str:
    """Notes nested inside notes: each level is a parse inside a parse (250 levels exhaust
    Python's recursion limit while MyST parses; 45 would pass the parse and exhaust it later,
    in a writer, without the doctree's depth limit: test_extension.py)."""
    text = "innermost"
    for level in range(levels):
        fence = "`" * (level + 3)
        text = f"{fence}{{note}}\n{text}\n{fence}"
    return text


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A copy of the project with every hostile page added, and a secret beside it."""
    root = tmp_path_factory.mktemp("hostile")
    token = f"TOPSECRET-{uuid.uuid4()}"
    secret = root / "secret.txt"
    secret.write_text(token, encoding="utf-8")
    (root / "secret.png").write_text(token, encoding="utf-8")
    (root / "secret.bib").write_text(f"@misc{{leak, title = {{{token}}}}}\n", encoding="utf-8")
    pwned = root / "pwned"
    project = root / "project"
    copy_project(project)
    bib = (PROJECT / "references.bib").read_text(encoding="utf-8") + HOSTILE_BIB
    (project / "references.bib").write_text(
        bib.replace("@SECRET@", str(secret)).replace("@PWNED@", str(pwned))
    )
    use_the_test_venv(project)
    talks = project / "source" / "talks"
    for page in EXPECTED:
        source = HOSTILE / page
        if not source.exists():
            continue
        data = source.read_bytes().replace(b"@SECRET@", str(secret).encode())
        data = data.replace(b"@SLOW@", slow_page().encode()).replace(b"@DEEP@", deep_page().encode())
        data = data.replace(b"@APOSTROPHES@", b"A'" * 50_000)
        (talks / page).write_bytes(data)
    (talks / "evil.svg").write_text(EVIL_SVG, encoding="utf-8")
    page = "---\nabstract_number: 198\nspeaker: A\ntitle: In a folder\nstatus: complete\n---\n\n{}\n"
    folder = talks / EVIL_FOLDER.replace("@PWNED@", str(pwned).replace("/", "^^2f"))
    folder.mkdir()
    (folder / "sub.md").write_text(page.format("Text."), encoding="utf-8")
    outside = root / "outside"
    outside.mkdir()
    (outside / "valid.md").write_text(page.format(token), encoding="utf-8")
    (talks / "linkdir").symlink_to(outside)
    (talks / "linked.md").symlink_to(secret)
    (talks / "bad'name.md").write_text(
        "---\nabstract_number: 199\nspeaker: A\ntitle: B\nstatus: complete\n---\n"
    )
    return project, token, pwned


@pytest.fixture(scope="module")
def builds(scratch):
    """`make html`, `make offprints` and `make epub`, each with what it printed."""
    project, _token, _pwned = scratch
    results = {}
    for target in ("html", "offprints", "epub"):
        results[target] = make(project, target)
    for target, result in results.items():
        output = result.stdout + result.stderr
        assert "Traceback" not in output and "Exception occurred" not in output, (target, output[-3000:])
    return results


@pytest.fixture(scope="module")
def html(scratch, builds):
    project, _token, _pwned = scratch
    return project / "build" / "html", builds["html"].stderr


def warnings_for(stderr: str, page: str) -> list[str]:
    return [line for line in stderr.splitlines() if f"talks/{page}" in line and "WARNING" in line]


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_each_page_is_refused_with_its_name_or_rendered_harmless(html, page):
    out, stderr = html
    expected = EXPECTED[page]
    warnings = warnings_for(stderr, page)
    if "refused" in expected:
        assert any(expected["refused"] in line for line in warnings), (page, warnings)
    else:
        assert warnings == [], warnings
        text = (out / "talks" / f"{Path(page).stem}.html").read_text(encoding="utf-8")
        assert expected["neutral"] in text


def test_no_script_event_or_javascript_url_in_any_page_index_or_svg(html):
    out, _stderr = html
    for page in EXPECTED:
        built = out / "talks" / f"{Path(page).stem}.html"
        if page in UNREADABLE:
            assert not built.exists()  # refused as a file: left out of the build, by name
            continue
        text = built.read_text(encoding="utf-8")
        body = text[text.index('<article class="bd-article"') : text.index("</article>")]
        assert not SCRIPT.search(body), (page, SCRIPT.search(body))
        head = text[: text.index("<body")]
        assert "javascript:" not in head and "onerror" not in head, page
    assert not SCRIPT.search((out / "searchindex.js").read_text(encoding="utf-8"))
    for svg in out.rglob("*.svg"):
        assert not SCRIPT.search(svg.read_text(encoding="utf-8", errors="replace")), svg


def test_refused_pages_publish_no_source(html):
    out, _stderr = html
    for page, expected in EXPECTED.items():
        if "refused" in expected:
            assert not (out / "_sources" / "talks" / f"{page}.txt").exists(), page


def test_no_secret_in_any_output_or_log_and_no_command_ran(scratch, builds):
    project, token, pwned = scratch
    for path in (project / "build").rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
            if path.suffix == ".epub":
                with zipfile.ZipFile(path) as book:
                    for name in book.namelist():
                        assert token.encode() not in book.read(name), (path, name)
    for target, result in builds.items():
        assert token not in result.stdout + result.stderr, target
    assert not pwned.exists()


def test_the_book_offprints_and_epub_build_with_the_refused_pages_as_notices(scratch, builds):
    project, _token, _pwned = scratch
    assert builds["offprints"].returncode == 0, (
        builds["offprints"].stdout[-3000:] + builds["offprints"].stderr
    )
    assert builds["epub"].returncode == 0, builds["epub"].stdout[-3000:] + builds["epub"].stderr
    pdf = project / "build" / "latex" / "proceedings.pdf"
    text = re.sub(
        r"\s+", " ", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    )
    assert "\\immediate\\write18{touch /tmp/pwned} & \\input{" in text
    assert "This abstract was refused by the project" in text
    # A page's target named like the book's offprint labels did not move another talk's offprint.
    offprint = project / "build" / "pdf" / "talks" / "anton-arnold.pdf"
    first = subprocess.run(
        ["pdftotext", "-l", "1", str(offprint), "-"], capture_output=True, text=True
    ).stdout
    assert "A hybrid WKB-based method" in first


def test_check_refuses_exactly_what_the_build_refuses(scratch, html):
    project, _token, _pwned = scratch
    _out, stderr = html
    result = subprocess.run(
        [str(BIN / "proceedings"), "check", "--project", str(project)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    problems = result.stdout.split("Recorded")[0]
    for page, expected in EXPECTED.items():
        in_check = [line for line in problems.splitlines() if f"source/talks/{page}" in line]
        if "refused" in expected:
            assert any(expected["refused"] in line for line in in_check), (page, in_check)
        else:
            assert in_check == [], page
    build_pages = {m for m in re.findall(r"talks/([^/:\s]+\.md)", stderr)}
    check_pages = {m for m in re.findall(r"source/talks/([^/:\s]+\.md)", problems)}
    assert build_pages == check_pages


def test_a_tex_error_names_the_page_that_caused_it(tmp_path):
    """A formula of allowlisted macros that TeX still rejects, and a character no font of the
    book has (which TeX only logs, and the PDF silently leaves out): each failure names its page."""
    project = tmp_path / "project"
    copy_project(project)
    shutil.copy2(PROJECT / "references.bib", project / "references.bib")
    use_the_test_venv(project)
    for page in ("tex-error.md", "no-glyph.md"):
        shutil.copy2(Path(__file__).parent / "hostile-tex" / page, project / "source" / "talks")
    result = make(project, "latexpdf")
    assert result.returncode != 0
    assert re.search(
        r"proceedings tex-report: page talks/tex-error \(proceedings\.tex, line \d+\): TeX error: ",
        result.stderr,
    ), result.stderr[-3000:]
    assert re.search(
        r"proceedings tex-report: page talks/no-glyph \(proceedings\.tex, line \d+\): no font of the book has "
        r"김 \(U\+AE40\); the PDF leaves it out",
        result.stderr,
    ), result.stderr[-3000:]


def test_mathjax_typesets_only_the_checked_math(html):
    """\\( \\) and $$ in a page's plain text or title are text: MathJax typesets only class="math"."""
    out, _stderr = html
    page = out / "talks" / "mathjax-plain-text.html"
    dom = rendered_dom(page)
    assert 'href="https://evil.example' not in dom and 'style="color: red' not in dom
    assert (
        dom.count("<mjx-container")
        == page.read_text(encoding="utf-8").count('class="math notranslate nohighlight"')
        == 1
    )


def test_cite_escapes_what_a_title_or_name_holds(scratch):
    project, _token, _pwned = scratch
    result = subprocess.run(
        [str(BIN / "proceedings"), "cite", "cite-injection", "--project", str(project)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    entry = next(iter(parse_string(result.stdout, "bibtex").entries.values()))
    assert len(entry.persons["author"]) == 1  # "and" inside a name does not make two authors
    assert entry.fields["title"].startswith(
        "{Title \\textbackslash{}immediate\\textbackslash{}write18\\{touch"
    )
    assert "\\immediate" not in result.stdout and "\\input" not in result.stdout
