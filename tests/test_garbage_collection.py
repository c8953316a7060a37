"""The garbage collector is tuned while pages are read, and given back as it was for writing."""

from __future__ import annotations

import gc
import subprocess
import sys
from io import StringIO

import pytest
from conftest import copy_root
from sphinx.errors import ExtensionError
from sphinx.testing.util import SphinxTestApp

from proceedings.sphinxext.garbage_collection import YOUNG_THRESHOLD


def build_recording(srcdir, fail_on_write: bool = False) -> dict[str, set]:
    """(young threshold, whether anything is frozen) seen while reading and while writing."""
    seen: dict[str, set] = {"reading": set(), "writing": set()}

    def record(phase):
        return lambda *_args: seen[phase].add((gc.get_threshold()[0], gc.get_freeze_count() > 0))

    def fail(_app, _builder):
        raise RuntimeError("a build that fails")

    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    app.connect("doctree-read", record("reading"))
    app.connect("html-page-context", record("writing"))
    if fail_on_write:
        app.connect("write-started", fail)
    try:
        app.build()
    finally:
        app.cleanup()
    return seen


def test_tuned_while_reading_and_restored_for_writing(tmp_path):
    before = gc.get_threshold()
    assert before[0] < YOUNG_THRESHOLD and gc.get_freeze_count() == 0
    seen = build_recording(copy_root("talks", tmp_path))
    assert seen["reading"] == {(YOUNG_THRESHOLD, True)}
    assert seen["writing"] == {(before[0], False)}  # the peak memory of a large build is there
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_restored_after_a_failed_build(tmp_path):
    before = gc.get_threshold()
    with pytest.raises(ExtensionError, match="a build that fails"):
        build_recording(copy_root("talks", tmp_path), fail_on_write=True)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


EXIT_PROBE = """
import atexit, gc, sys
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0))  # runs after the extension's
from sphinx.cmd.build import main
status = main(["-q", "-b", "html", sys.argv[1], sys.argv[2]])
print("frozen after the build:", gc.get_freeze_count() > 0)
sys.exit(status)
"""


def test_the_heap_is_frozen_at_exit_not_before(tmp_path):
    """Python's collections during teardown then have nothing to walk (1.9 s at 1,000 talks)."""
    srcdir = copy_root("talks", tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", EXIT_PROBE, str(srcdir), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines() == ["frozen after the build: False", "frozen at exit: True"]
