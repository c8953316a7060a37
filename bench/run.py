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
slows both sides alike. Each build is measured several times (see repeats_for) next to
its baseline, and the medians are reported.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
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


def repeats_for(count: int) -> tuple[int, int]:
    """How often to measure (ours, the bare baseline); medians are reported.

    A one-second build varies by a third from run to run on a shared machine, a 20-second
    one by a tenth or more; the bare build of 1,000 talks takes minutes, so it runs once.
    """
    return (5, 5) if count <= 100 else (3, 1)


def fresh(project: Path, *outputs: str) -> None:
    for name in outputs:
        shutil.rmtree(project / name, ignore_errors=True)


def median_of(samples: list[tuple[float, float]]) -> tuple[float, float]:
    """(median seconds, largest peak MiB) of repeated measurements."""
    return statistics.median(s for s, _ in samples), max(p for _, p in samples)


def side_by_side(
    count: int,
    ours: Path,
    bare: Path,
    outputs: tuple[str, ...],
    ours_command: list[str],
    bare_command: list[str],
    ours_env: dict | None = None,
) -> tuple[list, list]:
    """Clean builds of ours and of the baseline, alternating, so a busy moment hits both."""
    repeats, bare_repeats = repeats_for(count)
    ours_samples, bare_samples = [], []
    for i in range(repeats):
        fresh(ours, *outputs)
        ours_samples.append(measure(ours_command, ours, env=ours_env)[:2])
        if i < bare_repeats:
            fresh(bare, *outputs)
            bare_samples.append(measure(bare_command, bare)[:2])
    return ours_samples, bare_samples


def run_size(count: int, workdir: Path) -> list[tuple[str, float, float]]:
    ours, bare = generate(count, workdir / f"n{count}")
    repeats, _ = repeats_for(count)
    full, bare_full = side_by_side(
        count, ours, bare, ("html", "html-doctrees"), sphinx(ours, "html"), sphinx(bare, "html", conf=False)
    )
    noop = [measure(sphinx(ours, "html"), ours)[:2] for _ in range(repeats)]
    talk = sorted((ours / "source" / "talks").glob("*.md"))[count // 2]
    edits = []
    for _ in range(repeats):
        talk.write_text(talk.read_text(encoding="utf-8") + "\nAn added sentence.\n", encoding="utf-8")
        seconds, peak, output = measure(sphinx(ours, "html", quiet=False), ours)
        edits.append((seconds, peak))
    read = len(re.findall(r"^reading sources\.\.\. \[", output, re.M))
    wrote = len(re.findall(r"^writing output\.\.\. \[", output, re.M))
    parallel = []
    for _ in range(repeats):
        fresh(ours, "html-j", "html-j-doctrees")
        parallel.append(measure(sphinx(ours, "html-j", "-j", "auto"), ours)[:2])
    pdf, bare_pdf = side_by_side(
        count,
        ours,
        bare,
        ("latex-out",),
        latexpdf(ours),
        latexpdf(bare, conf=False),
        {**os.environ, **TEX_GUARD},
    )
    return [
        ("full HTML build", *median_of(full)),
        ("no-op rebuild", *median_of(noop)),
        (f"edit-one-talk rebuild (read {read}, wrote {wrote} pages)", *median_of(edits)),
        ("full HTML build, -j auto", *median_of(parallel)),
        ("make latexpdf", *median_of(pdf)),
        ("baseline: bare full HTML build", *median_of(bare_full)),
        ("baseline: bare LaTeX PDF", *median_of(bare_pdf)),
    ]


def main(argv: list[str]) -> int:
    sizes = [int(n) for n in argv] or [23, 1000]
    workdir = Path(tempfile.mkdtemp(prefix="proceedings-bench-"))
    print("| talks | build | seconds | peak MiB |\n|---:|---|---:|---:|", flush=True)
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
