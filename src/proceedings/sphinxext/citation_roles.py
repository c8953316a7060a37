"""Bibliography entries that screen readers and axe-core accept: ``role="listitem"``.

docutils writes each citation as ``<div role="doc-biblioentry">`` inside ``<div role="list">``.
DPUB-ARIA 1.1 deprecated ``doc-biblioentry``, and a list's children must be list items, so
axe-core reports three violations on every talk with references (aria-deprecated-role,
aria-allowed-role, aria-required-children). The entries keep docutils' markup otherwise.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


def visit_citation(self, node: nodes.citation) -> None:
    if not isinstance(node.previous_sibling(), nodes.citation):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self, node: nodes.citation) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), nodes.citation):
        self.body.append("</div>\n")


def setup(app: Sphinx) -> None:
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
