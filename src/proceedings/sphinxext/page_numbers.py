"""Figures, tables, equations and theorems numbered per page, as each paper numbers its own.

Sphinx numbers them per numbered section; the landing page's toctree is not numbered (the
site does not number its talks), so Sphinx counts on across the whole site: the second talk's
first figure would be "Fig. 2". A proceedings paper starts at 1, as the book does (its counters
restart with each talk's chapter: the book's preamble).

Sphinx also finds the numbers by loading every page's doctree again on every build, a no-op
rebuild too: 10,000 talks, 10,000 doctrees. Here each page's numbers are found when the page is
read, kept in the talks domain with the page, and handed to Sphinx where it would have computed
them. Under a numbered toctree (an editor's choice), Sphinx numbers as it does.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import StandardDomain
from sphinx.environment import BuildEnvironment

from proceedings.sphinxext.domain import TalksDomain

Numbers = dict[str, dict[str, tuple[int, ...]]]  # kind -> id -> number, for one page
_TAKEN_OVER = "proceedings_numbers_taken_over"  # set on the environment between the two handlers


def figure_type(env: BuildEnvironment, node: nodes.Element) -> str | None:
    """What Sphinx numbers a node as (its toctree collector's rule): uncaptioned figures and
    tables are not numbered."""
    for domain in env.domains.sorted():
        kind = domain.get_enumerable_node_type(node)
        if isinstance(domain, StandardDomain) and not domain.get_numfig_title(node):
            continue
        if kind:
            return kind
    return None


def page_numbers(env: BuildEnvironment, doctree: nodes.document) -> Numbers:
    """Each numbered element of a page, from 1 per kind in document order."""
    numbers: Numbers = {}
    for node in doctree.findall(nodes.Element):
        if isinstance(node, (nodes.section, nodes.document, addnodes.toctree)) or not node["ids"]:
            continue
        if kind := figure_type(env, node):
            found = numbers.setdefault(kind, {})
            found[node["ids"][0]] = (len(found) + 1,)
    return numbers


def collect_numbers(app: Sphinx, doctree: nodes.document) -> None:
    domain = app.env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    domain.page_numbers[app.env.docname] = page_numbers(app.env, doctree)


def before_sphinx_numbers(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Without a numbered toctree, Sphinx's walk over every doctree is not needed: it is skipped."""
    taken_over = bool(env.config.numfig) and not env.numbered_toctrees
    setattr(env, _TAKEN_OVER, taken_over)
    if taken_over:
        env.config.numfig = False  # Sphinx's collector walks the doctrees only with numfig on
    return []


def after_sphinx_numbers(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Each page's own numbers, where Sphinx keeps them (the pages and references read them)."""
    if getattr(env, _TAKEN_OVER, False):
        env.config.numfig = True
        domain = env.domains["talks"]
        assert isinstance(domain, TalksDomain)
        # A page's numbers change only when the page does, and then it is written anyway.
        env.toc_fignumbers = {docname: found for docname, found in domain.page_numbers.items() if found}
    if hasattr(env, _TAKEN_OVER):
        delattr(env, _TAKEN_OVER)  # not pickled with the environment
    return []


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", collect_numbers)
    # Sphinx's toctree collector numbers at the default priority (500), between these two.
    app.connect("env-get-updated", before_sphinx_numbers, priority=100)
    app.connect("env-get-updated", after_sphinx_numbers, priority=900)
