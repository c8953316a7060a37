"""The doctree MyST made of a talk page, checked against an allowlist of nodes and attributes.

Whatever syntax produced it, only these node types may stand in a talk page's doctree, each
with only its listed attributes; every value that reaches a reader or a tool is checked
where it will be used: link targets by scheme, image paths after docutils' own
normalisation and resolved as Sphinx resolves them (inside the source folder, no symbolic
link out, a picture type), every formula (roles, dollar math, ``math`` directives, amsmath)
by the macro allowlist MathJax and LaTeX share, labels and targets by a plain pattern.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinxcontrib.bibtex.nodes import bibliography as bibliography_node

from proceedings.safety.policy import (
    CLASS,
    IMAGE_SUFFIXES,
    LINK_SCHEMES,
    MAX_DEPTH,
    Refusal,
    check_label,
    one_line,
    too_deep,
)
from proceedings.safety.tex_math import check_math
from proceedings.sphinxext.theorems import STATEMENT_NODES, proof

# Attributes every element may carry: docutils' bookkeeping and checked names.
COMMON = frozenset({"ids", "classes", "names", "dupnames", "backrefs", "source", "translatable"})
TEXT_NODES = (
    nodes.paragraph, nodes.emphasis, nodes.strong, nodes.literal, nodes.subscript, nodes.superscript,
    nodes.inline, nodes.title, nodes.caption, nodes.legend, nodes.rubric, nodes.section,
    nodes.bullet_list, nodes.list_item, nodes.block_quote, nodes.transition, nodes.note, nodes.important,
    nodes.tip, nodes.warning, nodes.table, nodes.thead, nodes.tbody, nodes.row, nodes.footnote,
    nodes.label, nodes.comment, nodes.problematic, nodes.system_message, nodes.container, nodes.line_block,
    nodes.line, nodes.definition_list, nodes.definition_list_item, nodes.term, nodes.definition,
    nodes.attribution, nodes.compound,
)  # fmt: skip
# Node type -> the attributes it may carry beyond COMMON.
ALLOWED: dict[type, frozenset[str]] = {
    **{kind: frozenset() for kind in TEXT_NODES},
    nodes.section: frozenset({"slug"}),
    nodes.enumerated_list: frozenset({"enumtype", "prefix", "suffix", "start"}),
    nodes.bullet_list: frozenset({"bullet"}),
    nodes.literal_block: frozenset({"language", "xml:space", "linenos", "highlight_args", "force"}),
    nodes.math: frozenset(),
    nodes.math_block: frozenset({"label", "number", "docname", "nowrap", "xml:space"}),
    nodes.reference: frozenset({"refuri", "refid", "refname", "internal", "anonymous", "id_link"}),
    nodes.target: frozenset({"refid", "refuri", "refname", "anonymous"}),
    nodes.footnote: frozenset({"auto"}),
    nodes.footnote_reference: frozenset({"refid", "refname", "auto"}),
    nodes.figure: frozenset({"align", "width"}),
    nodes.image: frozenset({"uri", "alt", "width", "align", "candidates", "original_uri"}),
    nodes.tgroup: frozenset({"cols"}),
    nodes.colspec: frozenset({"colwidth", "colname"}),
    nodes.entry: frozenset({"morecols", "morerows"}),
    nodes.table: frozenset({"align", "width"}),
    nodes.system_message: frozenset({"level", "type", "line", "backrefs"}),
    nodes.problematic: frozenset({"refid"}),
    nodes.rubric: frozenset({"heading-level"}),  # Sphinx checks it is 1-6
    nodes.abbreviation: frozenset({"explanation"}),
    addnodes.pending_xref: frozenset(
        {"refdomain", "reftype", "reftarget", "refdoc", "refexplicit", "refwarn", "reftitle", "refspecific"}
    ),
    bibliography_node: frozenset({"docname"}),
    # Numbered statements and proofs (sphinx-proof's nodes, made by proceedings.sphinxext.theorems).
    **{kind: frozenset({"title", "label", "countertype", "realtype"}) for kind in STATEMENT_NODES},
    proof: frozenset(),
}
MAX_WORD = 500  # characters without a space (a long URL has a few hundred)
LONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")
XREFS = {("std", "doc"), ("std", "ref"), ("std", "numref"), ("math", "eq"), ("prf", "ref")}
XREFS |= {("", "myst"), ("std", "myst")}


def check_doctree(document: nodes.document, env) -> list[Refusal]:
    """Everything in a talk page's doctree that the allowlist refuses (empty: the page is safe)."""
    refusals: list[Refusal] = []
    if _depth(document) > MAX_DEPTH:
        # Writers, pickling and copies recurse over the tree: bound it where it is made.
        return [Refusal(0, too_deep())]
    for text in document.findall(nodes.Text):
        if not isinstance(text.parent, (nodes.math, nodes.math_block)) and (word := LONG_WORD.search(text)):
            # TeX cannot break it: the book's PDF writer crashed on one (100 kB of "A'").
            return [
                Refusal(
                    _line_of(text.parent),
                    f"a word of more than {MAX_WORD} characters: '{word.group()[:40]}…'",
                )
            ]
    srcdir = Path(env.srcdir).resolve()
    for node in document.findall(nodes.Element):
        if node is document:
            continue
        line = node.line or _line_of(node)
        allowed = ALLOWED.get(type(node))
        if allowed is None:
            refusals.append(Refusal(line, _not_allowed(node)))
            continue
        for key in node.attributes:
            if key not in COMMON and key not in allowed:
                refusals.append(
                    Refusal(line, f"the attribute {key!r} of {type(node).__name__!r} is not allowed")
                )
        refusals += [Refusal(line, why) for why in _check_values(node, env, srcdir)]
    return refusals


def _not_allowed(node: nodes.Element) -> str:
    if isinstance(node, addnodes.download_reference):
        target = node.get("reftarget", "")
        return f"link target {target!r}: only http(s), mailto and #anchors are allowed"
    if isinstance(node, nodes.raw):
        return f"raw {node.get('format', '')} content is not allowed"
    return f"content of the kind {type(node).__name__!r} is not allowed"


def _depth(root: nodes.Node) -> int:
    """How deeply the tree nests, without recursing."""
    deepest, stack = 0, [(root, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in getattr(node, "children", ()))
    return deepest


def _line_of(node: nodes.Node) -> int:
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return 0


def _check_values(node: nodes.Element, env, srcdir: Path) -> list[str]:
    problems = []
    for name in node.get("classes", []):
        if not CLASS.match(name):
            problems.append(f"the class {name!r} is not allowed")
    for key in ("ids", "names"):
        problems += [why for value in node.get(key, []) if (why := _check_name(value))]
    if isinstance(node, (nodes.math, nodes.math_block)):
        if why := check_math(node.astext()):
            problems.append(f"formula '{one_line(node.astext())}' {why}")
        if node.get("label") and (why := check_label("equation label", node["label"])):
            problems.append(why)
    if isinstance(node, (nodes.reference, nodes.target)) and node.get("refuri"):
        uri = node["refuri"]
        if urlsplit(uri).scheme.lower() not in LINK_SCHEMES:
            problems.append(f"link target {uri!r}: only http(s), mailto and #anchors are allowed")
    if isinstance(node, addnodes.pending_xref):
        domain, kind = node.get("refdomain", ""), node.get("reftype", "")
        if (domain, kind) not in XREFS and domain != "cite":
            problems.append(f"the reference kind {domain}:{kind} is not allowed")
    if isinstance(node, nodes.image):
        problems += _check_image(node, env, srcdir)
    return problems


def _check_name(value: str) -> str | None:
    """Ids and names end up in HTML attributes and LaTeX labels: plain characters only."""
    if any(ord(character) < 32 or character in "<>\"'`\\{}%#$&" for character in value):
        return f"the name {value!r} is not allowed"
    return None


def _check_image(node: nodes.image, env, srcdir: Path) -> list[str]:
    """Resolve the image as Sphinx will (``relfn2path``) and keep it inside the source folder."""
    uri = node.get("uri", "")
    if not uri or urlsplit(uri).scheme or "*" in uri or "\\" in uri or "?" in uri:
        return [f"image {uri!r}: only pictures inside the project are allowed"]
    _relative, absolute = env.relfn2path(uri, env.docname)
    path = Path(absolute)
    resolved = path.resolve()
    if not resolved.is_relative_to(srcdir) or path.is_symlink():
        return [f"image {uri!r}: only pictures inside the project are allowed"]
    if resolved.suffix.lower() not in IMAGE_SUFFIXES:
        return [f"image {uri!r}: only {', '.join(sorted(IMAGE_SUFFIXES))} pictures are allowed"]
    if not resolved.is_file():
        return [f"image {uri!r}: not found in the project"]
    return []
