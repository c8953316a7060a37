"""The benchmark: this project at 100 to 10,000 talks, against the floor, in one run.

Run from the project folder after `make html` (which sets up .venv):

    .venv/bin/python bench/run.py                  # 100, 1,000, 3,000 and 10,000 talks
    .venv/bin/python bench/run.py 100 1000         # other sizes
    .venv/bin/python bench/run.py --no-pdf 10000   # HTML only

For each size it generates the conference (bench/generate.py) and measures: a full HTML build
as `make html` runs it (its PARALLEL: one job more than cores) and serially (`-j 1`), a no-op
rebuild, a rebuild after editing one talk's text, the site's size, and `make latexpdf`'s command
(up to 3,000 talks). Up to 1,000 talks it also builds the floor: the same pages with plain
Sphinx + MyST + sphinx-book-theme and no sidebar at all (`html_sidebars = {"**": []}`), HTML and
PDF. Times are wall-clock seconds; memory is the peak resident size of the largest process of the
build's tree; sizes are the bytes of every file of the built site. Ratios are taken within the
run, each of ours next to its floor, so a busy machine slows both alike; builds that take less
than a minute are measured three times and the medians reported.
"""

from __future__ import annotations

import argparse
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
MAKEFILE = Path(__file__).resolve().parent.parent / "Makefile"
TEX_GUARD = {"openin_any": "p", "openout_any": "p", "shell_escape": "f"}
FLOOR_UP_TO = 1000  # the floor's full build takes minutes beyond
PDF_UP_TO = 3000


def make_options() -> list[str]:
    """The parallel options `make html` passes to sphinx-build (PARALLEL in the Makefile)."""
    output = subprocess.run(
        ["make", "-s", "-C", str(MAKEFILE.parent), "print-parallel"], capture_output=True, text=True
    )
    return output.stdout.split()


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


def site_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def fresh(project: Path, *outputs: str) -> None:
    for name in outputs:
        shutil.rmtree(project / name, ignore_errors=True)


class Size:
    """The measurements of one size, as table rows."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.rows: list[tuple[str, float, float | None, str]] = []  # name, seconds, MiB, note
        self.site: tuple[int, float, int | None] = (0, 0.0, None)  # site bytes, talk page bytes, floor's

    def add(self, name: str, samples: list[tuple[float, float]], note: str = "") -> float:
        seconds = statistics.median(s for s, _ in samples)
        self.rows.append((name, seconds, max(p for _, p in samples), note))
        return seconds

    def get(self, name: str) -> tuple[float, float | None]:
        for row_name, seconds, peak, _note in self.rows:
            if row_name == name:
                return seconds, peak
        raise KeyError(name)


def repeats(seconds: float) -> int:
    return 3 if seconds < 60 else 1


Build = tuple[Path, list[str], tuple[str, ...]]  # project, command, the outputs to remove first


def alternate(ours: Build, floor: Build | None, env: dict | None = None) -> tuple[list, list]:
    """Clean builds of ours and of the floor, alternating, so a busy moment hits both."""
    ours_samples, floor_samples = [], []
    while True:
        project, command, outputs = ours
        fresh(project, *outputs)
        ours_samples.append(measure(command, project, env)[:2])
        if floor is not None:
            project, command, outputs = floor
            fresh(project, *outputs)
            floor_samples.append(measure(command, project, env)[:2])
        if len(ours_samples) >= repeats(ours_samples[0][0]):
            return ours_samples, floor_samples


def run_size(count: int, workdir: Path, pdf: bool) -> Size:
    ours, bare = generate(count, workdir / f"n{count}")
    size = Size(count)
    with_floor = count <= FLOOR_UP_TO
    parallel = make_options()
    full, floor = alternate(
        (ours, sphinx(ours, "html", *parallel), ("html", "html-doctrees")),
        (bare, sphinx(bare, "html", conf=False), ("html", "html-doctrees")) if with_floor else None,
    )
    size.add("full HTML build (make html: " + (" ".join(parallel) or "serial") + ")", full)
    html_bytes = site_bytes(ours / "html")
    talk_pages = list((ours / "html" / "talks").glob("*.html"))
    page_bytes = statistics.mean(page.stat().st_size for page in talk_pages)
    if with_floor:
        size.add("floor: bare Sphinx, no sidebar, full HTML", floor)
        floor_bytes = site_bytes(bare / "html")
    serial_outputs = ("html-serial", "html-serial-doctrees")
    serial, _ = alternate((ours, sphinx(ours, "html-serial", "-j", "1"), serial_outputs), None)
    size.add("full HTML build, serial (-j 1)", serial)
    noop = [measure(sphinx(ours, "html", *parallel), ours)[:2] for _ in range(repeats(full[0][0] / 10))]
    size.add("no-op rebuild", noop)
    talk = sorted((ours / "source" / "talks").glob("*.md"))[count // 2]
    edits = []
    for _ in range(repeats(full[0][0] / 10)):
        talk.write_text(talk.read_text(encoding="utf-8") + "\nAn added sentence.\n", encoding="utf-8")
        before = {page: page.stat().st_mtime_ns for page in (ours / "html").rglob("*.html")}
        seconds, peak, output = measure(sphinx(ours, "html", *parallel, quiet=False), ours)
        edits.append((seconds, peak))
    # Pages written: a parallel build logs its progress by batches, so the files say it.
    wrote = sum(page.stat().st_mtime_ns != mtime for page, mtime in before.items())
    read = len(re.findall(r"^reading sources\.\.\. \[", output, re.M))
    size.add("edit one talk's text, rebuild", edits, f"read {read}, wrote {wrote} pages")
    if pdf and count <= PDF_UP_TO:
        env = {**os.environ, **TEX_GUARD}
        ours_pdf, floor_pdf = alternate(
            (ours, latexpdf(ours), ("latex-out",)),
            (bare, latexpdf(bare, conf=False), ("latex-out",)) if with_floor else None,
            env,
        )
        size.add("make latexpdf", ours_pdf)
        if with_floor:
            size.add("floor: bare Sphinx LaTeX PDF", floor_pdf)
    size.site = (html_bytes, page_bytes, floor_bytes if with_floor else None)
    shutil.rmtree(workdir / f"n{count}", ignore_errors=True)
    return size


def report(sizes: list[Size]) -> None:
    print("\n| talks | build | seconds | peak MiB | |\n|---:|---|---:|---:|---|")
    for size in sizes:
        for name, seconds, peak, note in size.rows:
            print(f"| {size.count} | {name} | {seconds:.1f} | {peak:.0f} | {note} |")
    print("\n| talks | site MB | talk page kB | floor site MB | site / floor | full HTML / floor |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        html_bytes, page_bytes, floor_bytes = size.site
        full = size.rows[0][1]
        if floor_bytes:
            floor_seconds = size.get("floor: bare Sphinx, no sidebar, full HTML")[0]
            ratios = f"{floor_bytes / 1e6:.1f} | {html_bytes / floor_bytes:.2f} | {full / floor_seconds:.2f}"
        else:
            ratios = "— | — | —"
        print(f"| {size.count} | {html_bytes / 1e6:.1f} | {page_bytes / 1e3:.1f} | {ratios} |")
    by_count = {size.count: size for size in sizes}
    if 1000 in by_count and 10000 in by_count:
        small, large = by_count[1000], by_count[10000]
        print("\n10,000 talks / 1,000 talks (linear: 10; the target: at most 11)\n")
        print(f"- full HTML build: {large.rows[0][1] / small.rows[0][1]:.2f}")
        serial = "full HTML build, serial (-j 1)"
        print(f"- serial build: {large.get(serial)[0] / small.get(serial)[0]:.2f}")
        print(f"- peak memory: {large.rows[0][2] / small.rows[0][2]:.2f} ({large.rows[0][2]:.0f} MiB)")
        print(f"- site size: {large.site[0] / small.site[0]:.2f}")
        for name in ("no-op rebuild", "edit one talk's text, rebuild"):
            print(f"- {name} at 10,000 talks: {large.get(name)[0] / large.rows[0][1]:.3f} of a full build")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 3000, 10000])
    parser.add_argument("--no-pdf", action="store_true", help="HTML only")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="proceedings-bench-"))
    sizes = []
    try:
        for count in args.sizes:
            sizes.append(run_size(count, workdir, pdf=not args.no_pdf))
            print(f"{count} talks measured", file=sys.stderr, flush=True)
            report(sizes[-1:])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report(sizes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
