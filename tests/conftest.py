"""Shared fixtures: tiny Sphinx projects built once per session, and the real project."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

ROOTS = Path(__file__).parent / "roots"
PROJECT = Path(__file__).parent.parent
VENV = Path(sys.executable).parent.parent


@dataclasses.dataclass
class Built:
    """A finished build: where it is and what it printed."""

    srcdir: Path
    outdir: Path
    warnings: str
    status: str
    app: SphinxTestApp | None = None

    def html(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf-8")


def copy_root(name: str, destination: Path) -> Path:
    srcdir = destination / name
    shutil.copytree(ROOTS / f"test-{name}", srcdir)
    return srcdir


def build(srcdir: Path, buildername: str = "html", parallel: int = 0, **overrides) -> Built:
    """Build a test root with sphinx.testing; warnings are returned, not raised."""
    status, warning = StringIO(), StringIO()
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        status=status,
        warning=warning,
        parallel=parallel,
        confoverrides=overrides or None,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Built(srcdir, Path(app.outdir), warning.getvalue(), status.getvalue(), app)


@pytest.fixture(scope="session")
def talks_html(tmp_path_factory) -> Built:
    return build(copy_root("talks", tmp_path_factory.mktemp("talks")))


@pytest.fixture(scope="session")
def navigation_html(tmp_path_factory) -> Built:
    """More talks than a sidebar lists without script (tests/roots/test-navigation)."""
    built = build(copy_root("navigation", tmp_path_factory.mktemp("navigation")))
    assert built.warnings == "", built.warnings
    return built


@pytest.fixture(scope="session")
def project_html(tmp_path_factory) -> subprocess.CompletedProcess:
    """The real proceedings, built by `make html` itself (-W --keep-going -n) into a scratch folder,
    with the virtual environment the tests run in."""
    builddir = tmp_path_factory.mktemp("project")
    result = subprocess.run(
        ["make", "--no-print-directory", "html", f"BUILDDIR={builddir}", f"VENV={VENV}"]
        + ["SPHINXOPTS=-W --keep-going -n -q"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    result.outdir = builddir / "html"
    return result


def pytest_addoption(parser):
    parser.addoption("--edits", type=int, default=12, help="editor edits per seed in test_incremental")
    parser.addoption(
        "--seeds",
        type=lambda text: [int(s) for s in text.split(",")],
        default=[1, 2],
        help="seeds, e.g. 1,2,3",
    )
