"""Numbered theorems, lemmas, definitions and proofs, in the site and, with amsthm, in the book.

The directives and the role are sphinx-proof's (``{prf:theorem}``, ``{prf:lemma}``, …,
``{prf:proof}``, ``{prf:ref}``): Jupyter Book and mystmd read the same syntax, so an author's
page moves between them unchanged, and sphinx-proof keeps labels, numbers (Sphinx's numfig, per
talk with ``page_numbers``) and cross-references in its domain. Three things it does not do as a
proceedings volume needs, done here:

- the book: sphinx-proof prints a framed note with the number typed in; a mathematics paper's
  theorem is an amsthm environment (italic statement, bold "Theorem 1 (Name).", a proof ending in
  a QED box), numbered by LaTeX per talk, which gives the numbers the site shows;
- unique ids: every statement's body and every proof carried the same id (``proof-content``,
  ``proof``), and an unnumbered statement its own twice, which HTML forbids; the body is a
  container (it is no section), a proof has none, an unnumbered statement's title none;
- a proof's "Proof." went into the author's text; here it is a label of its own, translatable,
  and amsthm's own in the book.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sphinx_proof
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective
from sphinx.util.texescape import escape
from sphinx_proof.directive import ElementDirective
from sphinx_proof.domain import ProofDomain
from sphinx_proof.nodes import NODE_TYPES, unenumerable_node
from sphinx_proof.nodes import _ as proof_translation
from sphinx_proof.proof_type import PROOF_TYPES

from proceedings.locale import _
from proceedings.safety.policy import STATEMENTS  # what the policy lets a page state

# The nodes of the statements a page may make: numbered, one class per kind, and unnumbered.
STATEMENT_NODES = (*(NODE_TYPES[kind] for kind in STATEMENTS), unenumerable_node)
# amsthm's styles: statements in italics, definitions and examples upright, remarks lighter.
STYLES = {
    "theorem": "plain", "lemma": "plain", "proposition": "plain", "corollary": "plain",
    "definition": "definition", "example": "definition", "remark": "remark",
}  # fmt: skip


class ParallelProofDomain(ProofDomain):
    """sphinx-proof's domain keeps its labels on the environment (``env.proof_list``, merged
    by its own handler) and no domain data, but did not say so: a parallel build stopped with
    "merge_domaindata must be implemented"."""

    def merge_domaindata(self, docnames: Any, otherdata: dict[str, Any]) -> None:
        pass


class proof(nodes.General, nodes.Element):
    """A proof: its text, after a "Proof." label (HTML) or in amsthm's ``proof`` (LaTeX)."""


class Statement(ElementDirective):
    """sphinx-proof's statement, its body a container: a ``section`` without a heading, with the
    id every statement's body repeated, is not what it is, in HTML or in a table of contents."""

    def run(self) -> list[nodes.Node]:
        if not self.options.get("label"):
            # sphinx-proof names an unlabelled statement "theorem-1" after the page's own count,
            # so two pages' first unlabelled theorems collided ("duplicate theorem label").
            serial = self.env.new_serialno("proceedings-statement")
            self.options["label"] = nodes.make_id(f"{self.env.docname}-{self.name.split(':')[-1]}-{serial}")
        result = super().run()
        for node in result:
            self.set_source_info(node)  # the directive's line, for messages about the statement
            for body in list(node.findall(nodes.section)):
                container = nodes.container(classes=body["classes"])
                container.extend(body.children)
                body.replace_self(container)
                container["ids"] = []  # replace_self gave it the section's repeated id
            for title in node.findall(nodes.title):
                title["ids"] = []  # an unnumbered statement's, besides its own (visit_unnumbered_html)
        return result


class Proof(SphinxDirective):
    """``{prf:proof}``: the author's text, in a proof node (no id, no text added to it)."""

    has_content = True
    option_spec = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        node = proof(classes=["proof", *self.options.get("class", [])])
        self.set_source_info(node)
        node.extend(self.parse_content_to_nodes())
        return [node]


def visit_proof_html(self, node: proof) -> None:
    self.body.append(self.starttag(node, "div", CLASS="proof"))
    self.body.append(f'<p class="proof-label"><em>{PROOF_LABEL()}.</em></p>')


def depart_proof_html(self, node: proof) -> None:
    self.body.append("</div>\n")


def visit_proof_latex(self, node: proof) -> None:
    self.body.append("\n\\begin{proof}\n")


def depart_proof_latex(self, node: proof) -> None:
    # No paragraph break before the end: amsthm sets the QED box at the end of the last line.
    while self.body and not self.body[-1].strip():
        self.body.pop()
    self.body[-1] = self.body[-1].rstrip()
    self.body.append("\n\\end{proof}\n")


def visit_proof_text(self, node: proof) -> None:
    self.add_text(f"{PROOF_LABEL()}. ")


def visit_unnumbered_html(self, node: unenumerable_node) -> None:
    """sphinx-proof's HTML for an unnumbered statement, from the node (it searched the page
    written so far for its title's id, which repeated the statement's)."""
    self.body.append(self.starttag(node, "div", CLASS="admonition"))
    self.body.append('<p class="admonition-title">')
    self.body.append(f'<span class="caption-number">{PROOF_NAME(node["realtype"].title())} </span>')
    for child in node.children:
        if isinstance(child, nodes.title):
            for part in child.children:
                part.walkabout(self)
    self.body.append("</p>\n")
    for child in node.children:
        if not isinstance(child, nodes.title):
            child.walkabout(self)
    self.body.append("</div>\n")
    raise nodes.SkipNode


def latex_environment(realtype: str, numbered: bool) -> str:
    return f"prf{realtype}" + ("" if numbered else "*")


def visit_statement_latex(self, node: nodes.Element) -> None:
    """``\\begin{prftheorem}[title]\\label{…}`` the body ``\\end{prftheorem}``, walked here."""
    environment = latex_environment(node["realtype"], not isinstance(node, unenumerable_node))
    self.body.append(f"\n\\begin{{{environment}}}")
    title = next(iter(node.findall(nodes.title)), None)
    if title is not None and title.astext().strip():
        self.body.append("[")
        for child in title.children:
            child.walkabout(self)
        # sphinx-proof's title format puts the name in parentheses; amsthm adds its own.
        _close_title(self.body)
    self.body.append("\n" + self.hypertarget_to(node))
    for child in node.children:
        if not isinstance(child, nodes.title):
            for grandchild in child.children:
                grandchild.walkabout(self)
    self.body.append(f"\n\\end{{{environment}}}\n")
    raise nodes.SkipNode


def _close_title(body: list[str]) -> None:
    """``[ (Name)`` -> ``[Name]``: the pieces written since the last ``[``, unparenthesised."""
    start = len(body) - 1 - body[::-1].index("[")
    text = "".join(body[start + 1 :]).strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    del body[start + 1 :]
    body.append(text + "]")


def amsthm_preamble(app: Sphinx) -> None:
    """The book's theorem environments: one counter per kind, reset for each talk (a chapter)
    and printed without the chapter's number, as the site numbers them per talk."""
    if app.builder.name != "latex":
        return
    lines = [
        "",
        r"% Theorems (proceedings.sphinxext.theorems): amsthm, numbered per talk.",
        r"\usepackage{amsthm}",
    ]
    for realtype in STATEMENTS:
        name = escape(PROOF_NAME(realtype.title()), app.config.latex_engine)
        lines.append(rf"\theoremstyle{{{STYLES[realtype]}}}")
        lines.append(rf"\newtheorem{{prf{realtype}}}{{{name}}}\counterwithin*{{prf{realtype}}}{{chapter}}")
        lines.append(rf"\newtheorem*{{prf{realtype}*}}{{{name}}}")
    proof_name = escape(PROOF_LABEL(), app.config.latex_engine)
    lines.append(rf"\renewcommand{{\proofname}}{{{proof_name}}}")
    preamble = "\n".join(lines) + "\n"
    if preamble not in app.builder.context["preamble"]:
        app.builder.context["preamble"] += preamble


def PROOF_NAME(text: str) -> str:
    """sphinx-proof's own translation of a kind's name (its message catalogue)."""
    return str(proof_translation(text))


def PROOF_LABEL() -> str:
    """ "Proof", from the project's catalogue: sphinx-proof's French one has no "Proof"."""
    return str(_("Proof"))


def no_proof_index(app: Sphinx, config: Config) -> None:
    """sphinx-proof's domain index lists every label of the site (``prf-prf.html``, and a
    "Proof Index" chapter in the book): readers of proceedings look papers up, not labels."""
    every = [
        f"{domain.name}-{index.name}" for domain in app.registry.domains.values() for index in domain.indices
    ]
    for name in ("html_domain_indices", "latex_domain_indices", "texinfo_domain_indices"):
        if name in config and config[name] is True:
            config[name] = [index for index in every if index != "prf-prf"]
        elif name in config and isinstance(config[name], list):
            config[name] = [index for index in config[name] if index != "prf-prf"]


def serve_proof_css(app: Sphinx, config: Config) -> None:
    """sphinx-proof's stylesheet, copied by Sphinx with the other static files of every HTML
    builder. sphinx-proof copied it when the build had finished: into the book's LaTeX folder
    too (where the TeX guard refuses unknown files), and after the EPUB was packed (epubcheck:
    "_static/proof.css could not be found")."""
    static = str(Path(sphinx_proof.__file__).parent / "_static")
    if static not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, static]


def setup(app: Sphinx) -> None:
    app.setup_extension("sphinx_proof")
    for listener in list(app.events.listeners["build-finished"]):
        if listener.handler is sphinx_proof.copy_asset_files:
            app.disconnect(listener.id)
    app.connect("config-inited", serve_proof_css)
    app.add_domain(ParallelProofDomain, override=True)
    app.connect("config-inited", no_proof_index)
    for realtype in STATEMENTS:
        directive = type(f"{realtype.title()}Statement", (Statement,), {"name": realtype})
        app.add_directive_to_domain("prf", realtype, directive, override=True)
    app.add_directive_to_domain("prf", "proof", Proof, override=True)
    app.add_node(
        proof,
        html=(visit_proof_html, depart_proof_html),
        latex=(visit_proof_latex, depart_proof_latex),
        text=(visit_proof_text, None),
    )
    for node in (NODE_TYPES[realtype] for realtype in STATEMENTS):
        app.add_node(node, override=True, latex=(visit_statement_latex, None))
    app.add_node(
        unenumerable_node,
        override=True,
        html=(visit_unnumbered_html, None),
        latex=(visit_statement_latex, None),
    )
    app.connect("builder-inited", amsthm_preamble)
    assert set(STATEMENTS) <= set(PROOF_TYPES)
