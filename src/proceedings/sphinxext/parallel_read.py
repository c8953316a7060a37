"""Parallel reading that stays linear: each worker sends back only the pages it read.

Sphinx 9 reads in parallel by forking one worker per batch of pages; each worker pickles its
whole environment back, and the main process unpickles the batches one after another while
the workers wait. A worker's environment holds every page merged before it was forked, and
there are about √pages batches, so this costs pages^1.5 in the main process: profiled, 46 of
the 80 seconds of reading 3,000 talks were spent unpickling (Sphinx's titles, tables of
contents and dependency paths; the parsed .bib file).

The main process merges only the batch's own pages from a worker (``merge_info_from`` and
every ``merge_domaindata``), so what a worker holds of other pages is never used. Before it
reads its first page, a worker drops it (Sphinx's per-page records below), and emits
``proceedings-read-worker`` so that each feature drops its own (``bibtex_at_scale``).
A serial build, and the main process, never drop anything.

What the worker needs whole but never changes (the list of the project's files; the parsed .bib)
goes back as a reference to the main process's own object (:func:`share`, :func:`shared`): the
project's two tables of paths cost 20,000 path objects to unpickle per batch at 10,000 talks.
"""

from __future__ import annotations

import os
import weakref

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

EVENT = "proceedings-read-worker"
# Sphinx's per-page records that a worker fills for its own pages and that grow with the site
# (the others are small, or are needed while reading: the list of pages, the domains' labels).
PER_PAGE = ("titles", "longtitles", "tocs", "toc_num_entries", "dependencies")

_reader: weakref.WeakKeyDictionary[BuildEnvironment, int] = weakref.WeakKeyDictionary()
_dropped_in: int | None = None  # the worker process that has already dropped
_SHARED: dict[int, object] = {}  # objects a worker sends back by reference, by their id


def share(value: object) -> int:
    """Let read workers send ``value`` back as a reference (they hold a copy of it)."""
    _SHARED[id(value)] = value
    return id(value)


def shared(token: int) -> object:
    """In the main process, unpickling a worker's environment: its own object."""
    try:
        return _SHARED[token]
    except KeyError:
        raise RuntimeError("a read worker's reference reached a process that did not fork it") from None


class ReadersProject:
    """The main process's project (files and page names), in a worker: used as it is, and
    pickled back as a reference to the main process's own."""

    def __init__(self, project: object) -> None:
        object.__setattr__(self, "_project", project)

    def __getattr__(self, name: str) -> object:
        return getattr(self._project, name)

    def __setattr__(self, name: str, value: object) -> None:
        setattr(self._project, name, value)

    def __reduce__(self) -> tuple:
        return shared, (id(self._project),)


def remember_reader(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """The process that reads (and merges): the pages' workers are forked from it."""
    _reader[env] = os.getpid()
    share(env.project)


def in_read_worker(env: BuildEnvironment) -> bool:
    """Whether this process is a worker forked to read a batch of pages."""
    reader = _reader.get(env)
    return reader is not None and reader != os.getpid()


def drop_other_pages(app: Sphinx, docname: str, source: list[str]) -> None:
    """In a worker, before its first page: forget the pages it does not read."""
    global _dropped_in
    if _dropped_in == os.getpid() or not in_read_worker(app.env):
        return
    _dropped_in = os.getpid()
    # The worker's batch was purged before the fork: what these hold is other pages'.
    for name in PER_PAGE:
        getattr(app.env, name).clear()
    app.env.project = ReadersProject(app.env.project)
    app.events.emit(EVENT, app.env)


def setup(app: Sphinx) -> None:
    app.add_event(EVENT)
    app.connect("env-before-read-docs", remember_reader)
    app.connect("source-read", drop_other_pages, priority=0)
