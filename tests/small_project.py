"""A copy of the real project cut to a few talks, and `make html` run on it in-process."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

PROJECT = Path(__file__).parent.parent
KEEP = [
    "anton-arnold",
    "claudia-negulescu",
    "loic-le-treust",
    "pierangelo-marcati",
    "perelman",
    "paolo-antonelli",
]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def make_project(root: Path) -> Path:
    project = root / "project"
    (project / "source" / "talks").mkdir(parents=True)
    for name in ("conf.py", "conference.yaml", "references.bib"):
        shutil.copy2(PROJECT / name, project / name)
    for name in ("index.md", "authors.md", "map.md", "guide.md"):
        shutil.copy2(PROJECT / "source" / name, project / "source" / name)
    for name in KEEP:
        shutil.copy2(PROJECT / "source" / "talks" / f"{name}.md", project / "source" / "talks" / f"{name}.md")
    return project


def build(project: Path, out: Path, builder: str = "html", warningiserror: bool = False) -> tuple[str, str]:
    """`make html` in-process (the project's conf.py, -n, --keep-going): (status, warnings)."""
    status, warnings = io.StringIO(), io.StringIO()
    with patch_docutils(project), docutils_namespace():
        app = Sphinx(
            srcdir=project / "source",
            confdir=project,
            outdir=out / "html",
            doctreedir=out / "doctrees",
            buildername=builder,
            confoverrides={"nitpicky": True},
            status=status,
            warning=warnings,
            keep_going=True,
            warningiserror=warningiserror,
        )
        app.build()
    return ANSI.sub("", status.getvalue()), ANSI.sub("", warnings.getvalue())


def use_the_test_venv(project: Path) -> None:
    """The copy builds with the tests' own environment, marked installed for its Makefile (a
    stamp newer than its requirements), so make never reinstalls into it from the copy."""
    (project / ".venv").symlink_to(Path(sys.executable).parent.parent)
    (project / "installed.stamp").touch()


def make(project: Path, *targets: str) -> subprocess.CompletedProcess:
    """The Makefile's own targets, without -W (the build goes on past the refusals)."""
    return subprocess.run(
        ["make", "--no-print-directory", *targets, "STAMP=installed.stamp", "SPHINXOPTS=--keep-going -n"],
        cwd=project,
        capture_output=True,
        text=True,
    )
