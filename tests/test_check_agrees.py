"""`proceedings check` fails exactly when the build fails, for every kind of problem, with the
build's own messages (check runs the build's reading: this shows it holds for each kind)."""

from __future__ import annotations

import re

import pytest
from small_project import build, make_project

from proceedings.cli import main


def front_matter(project, name, old, new):
    page = project / "source" / "talks" / f"{name}.md"
    page.write_text(page.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def append(project, name, text):
    page = project / "source" / "talks" / f"{name}.md"
    page.write_text(page.read_text(encoding="utf-8") + text, encoding="utf-8")


def new_page(project, name, text):
    (project / "source" / "talks" / f"{name}.md").write_text(text, encoding="utf-8")


PROBLEMS = {
    "none": lambda p: None,
    "invalid front matter": lambda p: front_matter(p, "perelman", "speaker:", "speaker: [unclosed"),
    "unknown field": lambda p: front_matter(p, "perelman", "speaker:", "colour: red\nspeaker:"),
    "markup in a title": lambda p: front_matter(p, "anton-arnold", "title: ", "title: <b>bold</b> "),
    "refused directive": lambda p: append(p, "anton-arnold", "\n```{include} ../../conf.py\n```\n"),
    "raw HTML": lambda p: append(p, "anton-arnold", "\n<script>alert(1)</script>\n"),
    "symbolic link": lambda p: (p / "source" / "talks" / "linked.md").symlink_to(p / "conf.py"),
    "duplicate booklet number": lambda p: new_page(
        p, "copy", "---\nabstract_number: 7\nspeaker: A B\ntitle: T\nstatus: complete\n---\n\nText.\n"
    ),
    "citation with no entry": lambda p: append(p, "anton-arnold", "\nSee {cite}`nosuchkey2020`.\n"),
    "another talk's entry": lambda p: append(p, "claudia-negulescu", "\nSee {cite}`antonelli2009finite`.\n"),
    "related to no page": lambda p: front_matter(
        p, "anton-arnold", "speaker:", "related: [no-such-talk]\nspeaker:"
    ),
    "complete with no abstract": lambda p: new_page(
        p, "empty", "---\nabstract_number: 99\nspeaker: A B\ntitle: T\nstatus: complete\n---\n"
    ),
    "broken reference": lambda p: append(p, "anton-arnold", "\nSee {doc}`no-such-page`.\n"),
}


@pytest.mark.parametrize("kind", sorted(PROBLEMS))
def test_check_fails_exactly_when_the_build_fails(kind, tmp_path, capsys):
    project = make_project(tmp_path)
    PROBLEMS[kind](project)
    _status, warnings = build(project, tmp_path / "out", warningiserror=True)
    messages = [
        re.sub(r"^.*?WARNING: ", "", line).rsplit(" [", 1)[0]
        for line in warnings.splitlines()
        if "WARNING" in line
    ]
    capsys.readouterr()
    code = main(["check", "--project", str(project)])
    problems = capsys.readouterr().out.split("Recorded")[0]
    assert (code == 1) == bool(messages), (kind, messages, problems)
    assert (kind == "none") == (code == 0)
    for message in messages:
        assert message in problems, (kind, message)
