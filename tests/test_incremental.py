"""Incremental builds equal clean builds: a seeded random sequence of editor edits, and after each
one the incremental `make html` output compared with a clean build of the same sources, file by file.

The project is a copy of the real one cut to a few talks (the real conf.py, conference.yaml,
references.bib, landing page, index of authors and map). Edits: titles, speakers, co-authors,
booklet numbers (reordering), abstracts, added, deleted and renamed talks, bibliography
entries, ``related:``/``unrelated:``, conference.yaml, and invalid front matter then its repair.

Normalised, because legitimately so: the search index is compared as data, with words no page
uses any more (Sphinx keeps them with an empty list after an incremental build) left out;
Sphinx's ``.buildinfo`` (and its ``.bak``) is not compared. Warnings are compared as a set. After each step a
second incremental build must read and write nothing.

``make test`` runs a few dozen steps; ``pytest tests/test_incremental.py --edits 200 --seeds 1,2,3``
runs more (see conftest.py).
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import pytest
import yaml
from small_project import build, make_project


def site(html: Path) -> dict[str, object]:
    files: dict[str, object] = {}
    for path in sorted(html.rglob("*")):
        if not path.is_file() or path.name in (".buildinfo", ".buildinfo.bak"):
            continue
        name = path.relative_to(html).as_posix()
        if name == "searchindex.js":
            index = json.loads(
                path.read_text(encoding="utf-8").removeprefix("Search.setIndex(").removesuffix(")")
            )
            for key in ("terms", "titleterms"):
                index[key] = {word: pages for word, pages in index[key].items() if pages != []}
            files[name] = index
        else:
            files[name] = path.read_bytes()
    return files


def warning_set(text: str, project: Path) -> set[str]:
    return {line.replace(str(project), "PROJECT") for line in text.splitlines() if "WARNING" in line}


# ---- editor edits -------------------------------------------------------------------------


def talks(project: Path) -> list[Path]:
    return sorted((project / "source" / "talks").glob("*.md"))


def front(page: Path) -> tuple[dict, str]:
    text = page.read_text(encoding="utf-8")
    _, head, body = text.split("---", 2)
    return yaml.safe_load(head), body


def write(page: Path, data: dict, body: str) -> None:
    head = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)
    page.write_text(f"---\n{head}---{body}", encoding="utf-8")


def valid_pages(project: Path) -> list[Path]:
    pages = []
    for page in talks(project):
        try:
            data, _body = front(page)
        except (ValueError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and "abstract_number" in data:
            pages.append(page)
    return pages


def edit_title(rng, project):
    page = rng.choice([p for p in valid_pages(project) if front(p)[0].get("title")])
    data, body = front(page)
    data["title"] = f"{data['title'].split(' [')[0]} [revised {rng.randrange(1000)}]"
    write(page, data, body)


def edit_speaker(rng, project):
    page = rng.choice(valid_pages(project))
    data, body = front(page)
    data["speaker"] = rng.choice(["Ada Lovelace", "Sofia Kovalevskaya", "Emmy Noether", "Olga Ladyzhenskaya"])
    data.pop("affiliations", None)
    write(page, data, body)


def edit_coauthors(rng, project):
    page = rng.choice(valid_pages(project))
    data, body = front(page)
    coauthors = list(data.get("coauthors") or [])
    if coauthors and rng.random() < 0.5:
        coauthors.pop()
    else:
        coauthors.append(rng.choice(["Claudia Negulescu", "Rémi Carles", "Nicolas Burq"]))
    data["coauthors"] = list(dict.fromkeys(coauthors))
    data.pop("affiliations", None)
    write(page, data, body)


def edit_number(rng, project):
    pages = valid_pages(project)
    first, second = rng.sample(pages, 2)
    (a, body_a), (b, body_b) = front(first), front(second)
    a["abstract_number"], b["abstract_number"] = b["abstract_number"], a["abstract_number"]
    write(first, a, body_a)
    write(second, b, body_b)


def edit_abstract(rng, project):
    page = rng.choice(valid_pages(project))
    data, body = front(page)
    write(page, data, body.rstrip("\n") + f"\n\nAn added sentence {rng.randrange(1000)}.\n")


def add_talk(rng, project):
    numbers = [front(p)[0]["abstract_number"] for p in valid_pages(project)]
    number = max(numbers, default=0) + 1
    name = f"added-{rng.randrange(10**6)}"
    data = {
        "abstract_number": number,
        "speaker": "Mary Cartwright",
        "title": f"Added talk {name}",
        "status": "complete",
    }
    write(project / "source" / "talks" / f"{name}.md", data, "\n\nA new abstract.\n")


def delete_talk(rng, project):
    pages = talks(project)
    if len(pages) > 3:
        rng.choice(pages).unlink()


def rename_talk(rng, project):
    page = rng.choice(talks(project))
    page.rename(page.with_name(f"renamed-{rng.randrange(10**6)}.md"))


def edit_bibliography(rng, project):
    bib = project / "references.bib"
    text = bib.read_text(encoding="utf-8")
    titles = list(re.finditer(r'title = "\{([^}]*)\}"', text))
    match = rng.choice(titles)
    bib.write_text(
        text[: match.start(1)] + f"Revised {rng.randrange(1000)} " + text[match.start(1) :], encoding="utf-8"
    )


def edit_related(rng, project):
    pages = valid_pages(project)
    page, other = rng.sample(pages, 2)
    data, body = front(page)
    key = rng.choice(["related", "unrelated"])
    data[key] = [other.stem]
    write(page, data, body)


def edit_conference(rng, project):
    path = project / "conference.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if rng.random() < 0.5:
        data["venue"] = rng.choice(["IMT", "Institut de Mathématiques de Toulouse", "IMT, Toulouse"])
    else:
        data["url"] = rng.choice(["https://example.org/a/", "https://example.org/b/"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_overview_title(rng, project):
    """The title of a page of the landing page's contents that is not a talk: every sidebar shows it."""
    page = project / "source" / rng.choice(["guide.md", "authors.md"])
    lines = page.read_text(encoding="utf-8").split("\n", 1)
    page.write_text(
        f"# {rng.choice(['Guide', 'Authors', 'People', 'For authors'])} {rng.randint(1, 99)}\n{lines[1]}"
    )


def break_then_repair(rng, project):
    """An invalid front matter: the next build fails; the step after repairs it (see run)."""
    page = rng.choice(valid_pages(project))
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("speaker:", "speaker: [unclosed", 1), encoding="utf-8")
    return lambda: page.write_text(text, encoding="utf-8")


EDITS = [
    edit_title, edit_speaker, edit_coauthors, edit_number, edit_abstract, add_talk, delete_talk,
    rename_talk, edit_bibliography, edit_related, edit_conference, edit_overview_title, break_then_repair,
]  # fmt: skip


def run(tmp_path: Path, seed: int, steps: int) -> None:
    rng = random.Random(seed)
    project = make_project(tmp_path)
    out = tmp_path / "incremental"
    build(project, out)
    repair = None
    for step in range(steps):
        if repair is not None:
            repair()
            edit_name, repair = "repair", None
        else:
            edit = rng.choice(EDITS)
            edit_name = edit.__name__
            repair = edit(rng, project)
        status, warnings = build(project, out)
        clean = tmp_path / f"clean-{step}"
        clean_project = clean / "sources"
        shutil.copytree(project, clean_project)
        clean_status, clean_warnings = build(clean_project, clean)
        where = f"seed {seed}, step {step} ({edit_name})"
        assert warning_set(warnings, project) == warning_set(clean_warnings, clean_project), where
        incremental, fresh = site(out / "html"), site(clean / "html")
        extra, missing = sorted(set(incremental) - set(fresh)), sorted(set(fresh) - set(incremental))
        assert (extra, missing) == ([], []), (
            f"{where}: files only in the incremental build, only in the clean one"
        )
        stale = [name for name in fresh if incremental[name] != fresh[name]]
        assert stale == [], f"{where}: stale {stale}"
        again, _ = build(project, out)
        assert re.findall(r"(?:reading sources|writing output)\.\.\. \[[ \d]+%\] (\S+)", again) == [], where
        shutil.rmtree(clean)


@pytest.mark.slow
def test_incremental_builds_equal_clean_builds(tmp_path, request):
    steps = request.config.getoption("--edits")
    for seed in request.config.getoption("--seeds"):
        run(tmp_path / f"seed-{seed}", seed, steps)


def test_a_project_made_before_the_split_by_layer_still_builds(tmp_path):
    """Its conf.py (this project's, as `proceedings init` copied it before the split, kept in
    tests/data) imports the package's old paths."""
    project = make_project(tmp_path)
    old_conf = (Path(__file__).parent / "data" / "conf-before-split.py").read_text(encoding="utf-8")
    assert '"proceedings.extension"' in old_conf
    (project / "conf.py").write_text(old_conf, encoding="utf-8")
    _status, warnings = build(project, tmp_path / "out")
    assert warnings == ""
    assert (tmp_path / "out" / "html" / "talks" / "anton-arnold.html").is_file()
