"""Labels are shared by the whole proceedings: one label in two pages fails every build.

Sphinx and sphinx-proof warn about a label defined twice only when they read both pages in one
process. A parallel build (``make html``) reads batches of pages apart and merges them without a
word, keeping one of the two, so a reference could lead into another paper. The labels each page
defines are kept in the talks domain and compared on every build (``report_repeated_labels``).
"""

from __future__ import annotations

from collections import defaultdict

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx_proof.nodes import NODE_TYPES, unenumerable_node

from proceedings.sphinxext.domain import TalksDomain

logger = logging.getLogger(__name__)
STATEMENT_NODES = (*NODE_TYPES.values(), unenumerable_node)


def defined_labels(doctree: nodes.document) -> list[tuple[str, int]]:
    """(label, line) of what a page lets others refer to: equations, figures, tables, targets
    and statements."""
    labels = []
    for node in doctree.findall(nodes.Element):
        line = node.line or 0
        if isinstance(node, (nodes.math_block, *STATEMENT_NODES)) and node.get("label"):
            labels.append((node["label"], line))
        elif isinstance(node, (nodes.figure, nodes.table)) or (
            isinstance(node, nodes.target) and not node.get("refuri")
        ):
            labels += [(name, line) for name in node.get("names", [])]
    return labels


def collect_labels(app: Sphinx, doctree: nodes.document) -> None:
    domain = app.env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    domain.labels[app.env.docname] = defined_labels(doctree)


def report_repeated_labels(app: Sphinx, env: BuildEnvironment) -> None:
    domain = env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    pages: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for docname in sorted(domain.labels):
        for label, line in domain.labels[docname]:
            if not pages[label] or pages[label][-1][0] != docname:
                pages[label].append((docname, line))
    for label, places in sorted(pages.items()):
        first = places[0][0]
        for docname, line in places[1:]:
            logger.warning(
                f"the label '{label}' is also defined in {env.doc2path(first).name}: labels are shared "
                "by the proceedings, so start each with the page's name",
                location=(docname, line or None),
                type="proceedings",
                subtype="label",
            )


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", collect_labels)
    app.connect("env-updated", report_repeated_labels)
