"""Make a conference of N talks from this project's talks, for the benchmark (not committed).

Talk i is a copy of seed talk i mod 23 with its own page name, booklet number and
bibliography keys, so the site has N distinct pages of realistic size. Its people are
renamed for each round of copies (Arnold, Arnoldb, Arnoldc, ...), as in a real conference
where a person speaks once or twice, not once per 23 talks: otherwise the relations
between talks (a shared co-author) would grow with the square of N. Two projects are
written side by side from the same pages: ``ours`` (this project's configuration and
extension) and ``bare`` (plain Sphinx + MyST + sphinx-book-theme, each page a title and
its text, one glob toctree, no sidebar: the floor, what any navigation costs on top of it).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
CITE = re.compile(r"\{cite\}`([^`]*)`")
BIB_ENTRY = re.compile(r"^@\w+\{([^,]+),", re.M)

BARE_CONF = """extensions = ["myst_parser"]
project = "Bare baseline"
myst_enable_extensions = ["dollarmath", "amsmath"]
html_theme = "sphinx_book_theme"
html_sidebars = {"**": []}  # the floor: no navigation at all
latex_engine = "xelatex"
suppress_warnings = ["myst.header"]
"""


def seed_pages() -> list[tuple[dict, str]]:
    pages = []
    for path in sorted((PROJECT / "source" / "talks").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        match = FRONT.match(text)
        pages.append((yaml.safe_load(match.group(1)), text[match.end() :]))
    return sorted(pages, key=lambda page: page[0]["abstract_number"])


def letters(n: int) -> str:
    """1 -> "b", 25 -> "z", 26 -> "ba": a suffix that keeps a surname a word."""
    out = ""
    while True:
        out = "abcdefghijklmnopqrstuvwxyz"[n % 26] + out
        n //= 26
        if not n:
            return out


def renamer(meta: dict, suffix: str):
    """A function that suffixes the surnames of the talk's speaker, co-authors and collaborators
    wherever they appear."""
    people = [meta["speaker"], *meta.get("coauthors", []), *meta.get("collaborators", [])]
    surnames = sorted({name.split()[-1] for name in people}, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, surnames)) + r")\b")
    return lambda text: pattern.sub(lambda m: m.group(1) + suffix, text)


def generate(count: int, target: Path) -> tuple[Path, Path]:
    ours, bare = target / "ours", target / "bare"
    shutil.rmtree(target, ignore_errors=True)
    (ours / "source" / "talks").mkdir(parents=True)
    (bare / "talks").mkdir(parents=True)
    for name in ("conf.py", "conference.yaml"):
        shutil.copy(PROJECT / name, ours / name)
    for name in ("index.md", "authors.md", "guide.md", "map.md"):
        shutil.copy(PROJECT / "source" / name, ours / "source" / name)
    bib = (PROJECT / "references.bib").read_text(encoding="utf-8")
    seeds = seed_pages()
    bib_out = []
    for i in range(count):
        meta, body = dict(seeds[i % len(seeds)][0]), seeds[i % len(seeds)][1]
        suffix = f"x{i}"
        name = f"talk-{i:05d}"
        meta["abstract_number"] = i + 1
        round_ = i // len(seeds)
        renamed = renamer(meta, letters(round_)) if round_ else (lambda text: text)
        keys = set(CITE.findall(body)) | set(re.findall(r"^([a-z0-9]+)$", body, re.M))
        keys = {k for group in keys for k in group.split(",")}
        for key in sorted(keys, key=len, reverse=True):
            body = re.sub(rf"\b{key}\b", key + suffix, body)
        for key in keys:
            entry = re.search(rf"^@\w+\{{{key},.*?^\}}\n", bib, re.M | re.S).group(0)
            entry = entry.replace(f"{{{key},", f"{{{key}{suffix},", 1)
            bib_out.append(renamed(entry))
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        page = renamed(f"---\n{front}---\n{body}")
        (ours / "source" / "talks" / f"{name}.md").write_text(page, encoding="utf-8")
        meta = yaml.safe_load(FRONT.match(page).group(1))
        title = meta.get("title") or f"{meta['speaker']}: title not yet received"
        plain = re.sub(r"```\{bibliography\}.*?```", "", CITE.sub(r"[\1]", body), flags=re.S)
        (bare / "talks" / f"{name}.md").write_text(
            f"# {title}\n\n**{meta['speaker']}**\n\n{plain}", encoding="utf-8"
        )
    (ours / "references.bib").write_text("\n".join(bib_out), encoding="utf-8")
    (bare / "conf.py").write_text(BARE_CONF, encoding="utf-8")
    (bare / "index.md").write_text(
        "# Bare baseline\n\n```{toctree}\n:glob:\n\ntalks/*\n```\n", encoding="utf-8"
    )
    return ours, bare


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    print(*generate(count, target))
