"""Every TeX run of the build behind one wall: the book, its offprints, the EPUB's formulas.

Pages cannot give TeX anything but allowlisted math (:mod:`proceedings.safety.tex_math`) and escaped
text; this module is the wall behind that one, for the day a check misses something:

- Every TeX program the build starts runs paranoid (``openin_any=p openout_any=p
  shell_escape=f``: no command, no file outside the build folder, no dot file) and under a
  time limit: the book's passes and xindy through ``latexmkrc``, the EPUB's formula pictures
  through ``proceedings-tex`` (``imgmath_latex``); dvisvgm reads no specials.
- The xindy modules (Lisp that xindy executes) are written again from ``latexmkrc`` just
  before xindy reads them, and any other ``.xdy`` file in the folder (xindy looks there
  first for the modules it requires) is deleted, so a file TeX wrote is never executed.
- After the build, ``proceedings tex-report`` compares the LaTeX folder with the manifest the
  build wrote (a dot file, which TeX may not write): a file Sphinx wrote that changed, or a
  file nobody expects, fails the build by name; a TeX error is reported with the page it
  comes from.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

TEX_ENVIRONMENT = {"openin_any": "p", "openout_any": "p", "shell_escape": "f"}
BOOK_PASS_SECONDS = 600  # one XeLaTeX pass over the whole book
INDEX_SECONDS = 300
FORMULA_SECONDS = 10  # one formula picture of the EPUB (a normal one takes a tenth of a second)
MANIFEST = ".proceedings-manifest.json"
# What TeX, latexmk and xindy write beside the book's .tex, by extension.
TEX_OUTPUTS = {".aux", ".log", ".toc", ".out", ".idx", ".ind", ".ilg", ".xdv", ".pdf", ".fls", ".fdb_latexmk"}


def guard_environment(app: Any, config: Any) -> None:
    """TeX programs started by this process (latexmk, imgmath's latex) inherit the guard."""
    os.environ.update(TEX_ENVIRONMENT)
    if "imgmath_latex" not in config:
        return  # sphinx.ext.imgmath is not loaded: no formula pictures
    if config.imgmath_latex == "latex" and (wrapper := guarded_latex()) is not None:
        config.imgmath_latex = wrapper
    if "--no-specials" not in config.imgmath_dvisvgm_args:
        config.imgmath_dvisvgm_args = [*config.imgmath_dvisvgm_args, "--no-specials"]


def guarded_latex() -> str | None:
    """The ``proceedings-tex`` command installed with this package, if it is."""
    return shutil.which("proceedings-tex", path=str(Path(sys.executable).parent))


def main(argv: list[str] | None = None) -> int:
    """``proceedings-tex ARGS``: ``latex ARGS``, paranoid and under a time limit."""
    arguments = sys.argv[1:] if argv is None else argv
    try:
        done = subprocess.run(
            ["latex", *arguments], env={**os.environ, **TEX_ENVIRONMENT}, timeout=FORMULA_SECONDS
        )
    except subprocess.TimeoutExpired:
        print(f"proceedings-tex: latex took longer than {FORMULA_SECONDS} s; stopped", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"proceedings-tex: latex cannot be run: {error.strerror}", file=sys.stderr)
        return 127
    return done.returncode


def latexmk_guard(outdir: Path) -> str:
    """Perl appended to the book's ``latexmkrc``: time limits, and the xindy modules restored."""
    modules = {path.name: path.read_bytes() for path in sorted(outdir.glob("*.xdy"))}
    lines = [
        "# proceedings (tex_guard.py): every pass under a time limit; the xindy modules written",
        "# again from here before xindy reads them, whatever TeX wrote in their place.",
        f"foreach my $engine (\\$latex, \\$pdflatex, \\$xelatex, \\$lualatex) "
        f"{{ $$engine = 'timeout {BOOK_PASS_SECONDS} ' . $$engine; }}",
        "use MIME::Base64 ();",
        "my %proceedings_xdy = (",
        *(f"  '{name}' => '{base64.b64encode(data).decode('ascii')}'," for name, data in modules.items()),
        ");",
    ]
    lines += [
        "$makeindex = 'internal proceedings_xindy ' . $ENV{'XINDYOPTS'} . ' %O -o %D %S';",
        "sub proceedings_xindy {",
        "  my @args = @_;",
        "  foreach my $name (keys %proceedings_xdy) {",
        "    unlink $name;",
        "    open(my $fh, '>', $name) or die \"proceedings: cannot write $name\\n\";",
        "    binmode($fh);",
        "    print $fh MIME::Base64::decode_base64($proceedings_xdy{$name});",
        "    close($fh);",
        "  }",
        "  foreach my $name (glob('*.xdy')) { unlink $name unless exists $proceedings_xdy{$name}; }",
        "  if (-z $args[-1]) { open(my $fh, '>', $args[-2]); close($fh); return 0; }",
        f"  return system('timeout', '{INDEX_SECONDS}', 'xindy', @args);",
        "}",
    ]
    return "\n".join(lines) + "\n"


def write_manifest(outdir: Path) -> None:
    """What the LaTeX builder wrote, with checksums, in a dot file TeX may not write."""
    files = {path.name: _digest(path) for path in sorted(outdir.iterdir()) if path.is_file()}
    (outdir / MANIFEST).write_text(json.dumps(files, indent=1) + "\n", encoding="utf-8")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unexpected_files(outdir: Path) -> list[str]:
    """Files of the LaTeX folder that are neither what Sphinx wrote, unchanged, nor TeX's outputs."""
    try:
        manifest = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [f"{outdir / MANIFEST}: missing; build the LaTeX again"]
    stems = {Path(name).stem for name in manifest if name.endswith(".tex")}
    problems = []
    for path in sorted(outdir.rglob("*")):
        if not path.is_file() or path.name == MANIFEST:
            continue
        name = path.relative_to(outdir).as_posix()
        if name in manifest:
            if manifest[name] != _digest(path):
                problems.append(f"{name}: written by the build, changed afterwards (by TeX?)")
        elif not (path.parent == outdir and path.stem in stems and path.suffix in TEX_OUTPUTS):
            problems.append(f"{name}: not a file the build or TeX should write")
    return problems


TEX_ERROR = re.compile(r"^! (?P<error>.*?)$(?:.*?^l\.(?P<line>\d+))?", re.M | re.S)
DOC_START = re.compile(r"\\label\{\\detokenize\{(?P<docname>[^}]*?)::doc\}\}")


def tex_errors(outdir: Path) -> list[str]:
    """Each error of the book's TeX log, with the page (talk file) it comes from."""
    problems = []
    for log in sorted(outdir.glob("*.log")):
        tex = log.with_suffix(".tex")
        if not tex.is_file():
            continue
        source = tex.read_text(encoding="utf-8", errors="replace")
        starts = _document_starts(source)
        text = log.read_text(encoding="utf-8", errors="replace")
        for match in TEX_ERROR.finditer(text):
            line = int(match.group("line")) if match.group("line") else None
            page = _page_at(starts, line) if line else None
            where = f"{tex.name}, line {line}" if line else tex.name
            if page:
                where = f"page {page} ({where})"
            problems.append(f"{where}: TeX error: {match.group('error').strip()}")
        problems += _missing_characters(text, tex.name, source.splitlines(), starts)
    return problems


MISSING_CHARACTER = re.compile(
    r"^Missing character: There is no (?P<char>.) \((?P<code>U\+[0-9A-F]+)\)", re.M
)


def _missing_characters(
    log: str, tex_name: str, lines: list[str], starts: list[tuple[int, str]]
) -> list[str]:
    """A character no font of the book has is left out of the PDF: a name or a formula with
    a hole. TeX only logs it, without a line; the .tex says where the character is."""
    problems = []
    for char, code in dict.fromkeys(m.group("char", "code") for m in MISSING_CHARACTER.finditer(log)):
        found = next((number for number, line in enumerate(lines, start=1) if char in line), None)
        page = _page_at(starts, found) if found else None
        where = f"page {page} ({tex_name}, line {found})" if page else tex_name
        problems.append(f"{where}: no font of the book has {char} ({code}); the PDF leaves it out")
    return problems


def _document_starts(tex: str) -> list[tuple[int, str]]:
    """(line in the .tex, docname) of every document the book includes, in order."""
    starts = []
    for number, line in enumerate(tex.splitlines(), start=1):
        if "::doc}}" in line and (match := DOC_START.search(line)):
            starts.append((number, match.group("docname")))
    return starts


def _page_at(starts: list[tuple[int, str]], line: int) -> str | None:
    page = None
    for number, docname in starts:
        if number > line:
            break
        page = docname
    return page


def setup(app: Sphinx) -> None:
    app.connect("config-inited", guard_environment)
