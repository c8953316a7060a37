"""The benchmark: build times and peak memory, this project against a bare Sphinx build.

Run from the project folder after `make html` (which sets up .venv):

    .venv/bin/python bench/run.py            # 23 and 1000 talks (about 20 minutes here)
    .venv/bin/python bench/run.py 23 230     # other sizes

For each size it generates the conference (bench/generate.py) and measures, in one
run on this machine: a full HTML build, a no-op rebuild, a rebuild after editing one
talk, a full build with -j auto, and the PDF (make latexpdf's command); and the same
pages built by plain Sphinx + MyST + sphinx-book-theme without this project's extension
(HTML and PDF). Times are wall-clock seconds; memory is the peak resident size of the
build process and its children. Ratios are taken within the run, so a busy machine
slows both sides alike.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
TEX_GUARD = {"openin_any": "p", "openout_any": "p", "shell_escape": "f"}


def measure(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, str]:
    """(seconds, peak MiB, output) of one command; the peak is the largest process of its tree."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{output[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, output


def sphinx(project: Path, out: str, *extra: str, conf: bool = True, quiet: bool = True) -> list[str]:
    source = project / "source" if conf else project
    confdir = ["-c", str(project)] if conf else []
    return [str(BIN / "sphinx-build"), *(["-q"] if quiet else []), "-b", "html", *confdir, str(source),
            str(project / out), "-d", str(project / (out + "-doctrees")), *extra]  # fmt: skip


def latexpdf(project: Path, conf: bool = True) -> list[str]:
    source = project / "source" if conf else project
    confdir = ["-c", str(project)] if conf else []
    # -M must come first; options follow the folders.
    out = str(project / "latex-out")
    return [str(BIN / "sphinx-build"), "-M", "latexpdf", str(source), out, *confdir, "-q"]


def run_size(count: int, workdir: Path) -> list[tuple[str, float, float]]:
    ours, bare = generate(count, workdir / f"n{count}")
    rows = []
    seconds, peak, _ = measure(sphinx(ours, "html"), ours)
    rows.append(("full HTML build", seconds, peak))
    seconds, peak, _ = measure(sphinx(ours, "html"), ours)
    rows.append(("no-op rebuild", seconds, peak))
    talk = sorted((ours / "source" / "talks").glob("*.md"))[count // 2]
    talk.write_text(talk.read_text(encoding="utf-8") + "\nAn added sentence.\n", encoding="utf-8")
    seconds, peak, output = measure(sphinx(ours, "html", quiet=False), ours)
    read = len(re.findall(r"^reading sources\.\.\. \[", output, re.M))
    wrote = len(re.findall(r"^writing output\.\.\. \[", output, re.M))
    rows.append((f"edit-one-talk rebuild (read {read}, wrote {wrote} pages)", seconds, peak))
    seconds, peak, _ = measure(sphinx(ours, "html-j", "-j", "auto"), ours)
    rows.append(("full HTML build, -j auto", seconds, peak))
    seconds, peak, _ = measure(latexpdf(ours), ours, env={**os.environ, **TEX_GUARD})
    rows.append(("make latexpdf", seconds, peak))
    seconds, peak, _ = measure(sphinx(bare, "html", conf=False), bare)
    rows.append(("baseline: bare full HTML build", seconds, peak))
    seconds, peak, _ = measure(latexpdf(bare, conf=False), bare)
    rows.append(("baseline: bare LaTeX PDF", seconds, peak))
    return rows


def main(argv: list[str]) -> int:
    sizes = [int(n) for n in argv] or [23, 1000]
    workdir = Path(tempfile.mkdtemp(prefix="proceedings-bench-"))
    print("| talks | build | seconds | peak MiB |\n|---:|---|---:|---:|")
    try:
        for count in sizes:
            rows = run_size(count, workdir)
            for name, seconds, peak in rows:
                print(f"| {count} | {name} | {seconds:.1f} | {peak:.0f} |", flush=True)
            full = rows[0][1]
            print(f"| {count} | **ratio full HTML / bare** | {full / rows[5][1]:.3f} | |", flush=True)
            print(f"| {count} | **ratio PDF / bare PDF** | {rows[4][1] / rows[6][1]:.2f} | |", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
