"""Python's garbage collector, tuned for the length of one build.

A build allocates millions of short-lived objects (docutils nodes, Jinja contexts, pybtex's
rich text) on top of a large long-lived heap (the environment, and in a serial build every
page's doctree). With Python's defaults a young collection runs every 700 allocations and a full
one walks the whole heap; every forked parallel worker also walks the heap it inherited, copying
its pages. Measured at 1,000 talks (``gc.callbacks``, ``-j 3``): 7 of about 40 CPU seconds
were garbage collection. With a young threshold of 20,000 (mypy uses 150,000 for the same
reason) and the heap frozen before reading and before writing (``gc.freeze``, so the objects
that live through the build are not walked again, here or in a forked worker): about 2 seconds,
for about 5 MB more at the peak.

Both are process-wide, so they last only while a build runs: set when reading starts, undone
when the build finishes (with or without an error), so a process that builds several projects
(the test suite) keeps Python's settings between them.

And at exit: Python collects garbage again and again while it tears down its modules, each
time walking every object still alive. After a 1,000-talk build returned, that took 1.9 s on
one core (``perf``: 60 % in ``gc_collect_main``), against 0.7 s for the bare Sphinx build. The
process is ending and nothing needs collecting, so the first thing done at exit (``atexit``
runs the last registered first) is to freeze the heap, and those collections find nothing to
walk. Objects are still freed as their modules are cleared.
"""

from __future__ import annotations

import atexit
import gc
from typing import Any

from sphinx.application import Sphinx

YOUNG_THRESHOLD = 20_000  # allocations between young collections (Python's default: 700)
_STATE = "_proceedings_gc_state"  # on the app: what to restore, while a build runs


def tune(app: Sphinx, *_args: Any) -> None:
    """Raise the threshold, and freeze what is alive now (it lives through the build)."""
    if getattr(app, _STATE, None) is None:
        threshold = gc.get_threshold()
        setattr(app, _STATE, (threshold, gc.get_freeze_count() > 0))
        gc.set_threshold(max(threshold[0], YOUNG_THRESHOLD), *threshold[1:])
    freeze()


def freeze(*_args: Any) -> None:
    """Collections here and in forked workers skip what is alive now."""
    gc.freeze()


def restore(app: Sphinx, _exception: BaseException | None) -> None:
    state = getattr(app, _STATE, None)
    if state is None:
        return
    threshold, was_frozen = state
    setattr(app, _STATE, None)
    gc.set_threshold(*threshold)
    if not was_frozen:  # someone else's frozen objects stay frozen
        gc.unfreeze()


def freeze_at_exit() -> None:
    gc.freeze()


def setup(app: Sphinx) -> None:
    atexit.unregister(freeze_at_exit)  # once per process, and the last registered
    atexit.register(freeze_at_exit)
    app.connect("env-before-read-docs", tune)
    app.connect("write-started", freeze)
    app.connect("build-finished", restore)
