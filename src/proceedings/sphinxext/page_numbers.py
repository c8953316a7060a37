"""Figures, tables, equations and theorems numbered per page, as each paper numbers its own.

Sphinx numbers them per numbered section; the landing page's toctree is not numbered (the
site does not number its talks), so Sphinx counts on across the whole site: the second talk's
first figure would be "Fig. 2". A proceedings paper starts at 1, as the book does (its counters
restart with each talk's chapter: ``theorems`` and the book's preamble).

Sphinx's own numbers are kept in the talks domain and put back before Sphinx numbers again,
so it compares its numbers with its own and rewrites only pages whose numbers changed.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

KEY = "site_fignumbers"  # in the talks domain's data: Sphinx's numbering, site-wide

Numbers = dict[str, dict[str, dict[str, tuple[int, ...]]]]  # page -> kind -> id -> number


def per_page(numbers: Numbers) -> Numbers:
    """Each page's numbers of each kind from 1, in Sphinx's order; numbers under a numbered
    section (more than one part) are already per section and kept."""
    result: Numbers = {}
    for docname, kinds in numbers.items():
        result[docname] = {}
        for kind, ids in kinds.items():
            if all(len(number) == 1 for number in ids.values()):
                ordered = sorted(ids, key=ids.__getitem__)
                result[docname][kind] = {id_: (index,) for index, id_ in enumerate(ordered, 1)}
            else:
                result[docname][kind] = dict(ids)
    return result


def restore_site_numbers(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Before Sphinx numbers: its own previous numbers, to compare the new ones with."""
    site = env.domains["talks"].data.get(KEY)
    if site is not None:
        env.toc_fignumbers = site
    return []


def number_per_page(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After Sphinx numbered: keep its numbers, and give the pages their own."""
    env.domains["talks"].data[KEY] = env.toc_fignumbers
    env.toc_fignumbers = per_page(env.toc_fignumbers)
    return []


def setup(app: Sphinx) -> None:
    # Sphinx's toctree collector numbers at the default priority (500), between these two.
    app.connect("env-get-updated", restore_site_numbers, priority=100)
    app.connect("env-get-updated", number_per_page, priority=900)
