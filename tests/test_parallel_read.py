"""A parallel read: workers send back only their own pages, and the site is the same as a serial one."""

from __future__ import annotations

import os
import re
from io import StringIO
from pathlib import Path

import pytest
from conftest import build, copy_root
from pybtex.style.formatting import BaseStyle
from sphinx.testing.util import SphinxTestApp


def strip_volatile(html: str) -> str:
    return re.sub(r"\?v=[0-9a-f]+", "", html)


def parallel_build(srcdir: Path, monkeypatch) -> tuple[list[tuple], list[str]]:
    """Build with three workers (four pages: the last batch is forked after a merge); what each
    merged worker environment held, and the entries the main process formatted."""
    merged, formatted, main = [], [], os.getpid()
    original = BaseStyle.format_entry

    def counting(self, label, entry, *args, **kwargs):
        if os.getpid() == main:  # a worker's own list is its copy, lost with it
            formatted.append(entry.key)
        return original(self, label, entry, *args, **kwargs)

    monkeypatch.setattr(BaseStyle, "format_entry", counting)

    def record(app, env, docnames, other):
        cite, theirs = env.domains["cite"].data, other.domaindata["cite"]
        merged.append(
            (
                set(docnames),
                set(other.titles) | set(other.tocs) | set(other.dependencies),
                theirs["bibdata"] is cite["bibdata"] and other.project is env.project,
                {reference.docname for reference in theirs["citation_refs"]},
                {entry_key for (_style, _label, (entry_key, *_rest)) in theirs.get("preformatted", {})},
            )
        )

    warnings = StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, parallel=3, status=StringIO(), warning=warnings)
    app.connect("env-merge-info", record)
    try:
        app.build()
    finally:
        app.cleanup()
    assert warnings.getvalue() == ""
    return merged, formatted


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    return build(copy_root("bibliographies", tmp_path_factory.mktemp("serial")))


def test_each_worker_sends_back_its_own_pages_and_not_the_bib_file(tmp_path, monkeypatch):
    merged, _formatted = parallel_build(copy_root("bibliographies", tmp_path), monkeypatch)
    assert len(merged) > 1  # several batches, the later ones forked after earlier merges
    for batch, pages, shares_bibdata, citing_pages, _preformatted in merged:
        assert pages == batch
        assert shares_bibdata  # the main process's own .bib and list of files, not copies
        assert citing_pages <= batch


def test_a_workers_lists_are_formatted_in_the_worker(tmp_path, monkeypatch, serial):
    """third.md's ``:filter: False`` list (bob2020, erin2017) is formatted by the worker that
    read it, with the labels it keeps; the main process formats the other lists."""
    merged, formatted = parallel_build(copy_root("bibliographies", tmp_path), monkeypatch)
    preformatted = {key for batch, *_rest, keys in merged if "third" in batch for key in keys}
    assert preformatted == {"bob2020", "erin2017"}
    every = ["alice2019", "bob2020", "carol2021", "dave2018", "erin2017", "frank2016"]
    # first: every cited entry; second: its filter; third's other list: the uncited entries.
    # Each once for its list and once for tooltips (another style in this root).
    assert sorted(formatted) == sorted(
        2 * (every[:4] + ["alice2019", "dave2018"] + ["erin2017", "frank2016"])
    )


def test_the_parallel_site_is_the_serial_one(tmp_path, monkeypatch, serial):
    parallel_build(srcdir := copy_root("bibliographies", tmp_path), monkeypatch)
    for page in ("index", "first", "second", "third"):
        ours = (srcdir / "_build" / "html" / f"{page}.html").read_text(encoding="utf-8")
        assert strip_volatile(ours) == strip_volatile(serial.html(page)), page
