"""The policy for talk pages, which come from authors and are data, not code.

A talk page may hold MyST text, math, citations, notes, images shipped inside the
project and links with http(s)/mailto. It may not read files (include, literalinclude,
csv-table, eval-rst, raw, downloads, images from outside), carry raw HTML, link to a
script or a local path, or give TeX anything but known math macros. The build (on
``source-read``) and ``proceedings check`` call :func:`check_page`, so both refuse a
page with the same one-line messages.

The page is parsed with MyST's own parser and the project's MyST settings, so what
is checked is exactly what the build would render.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path, PurePosixPath

from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from .model import split_front_matter
from .tex_math import check_math

# The MyST syntax the project enables; conf.py uses this same list.
MYST_EXTENSIONS = ("dollarmath", "amsmath")
ALLOWED_DIRECTIVES = {"bibliography", "math", "note", "important", "tip", "warning", "figure", "image"}
CONTAINER_DIRECTIVES = {"note", "important", "tip", "warning", "figure"}
DIRECTIVE_OPTIONS = {
    "bibliography": {"filter"},
    "math": {"label", "nowrap"},
    "figure": {"alt", "width", "align", "name"},
    "image": {"alt", "width", "align"},
}
ALLOWED_ROLES = {
    "cite",
    "cite:p",
    "cite:t",
    "cite:ps",
    "cite:ts",
    "math",
    "eq",
    "doc",
    "ref",
    "sub",
    "sup",
    "abbr",
}
LINK_SCHEMES = ("http://", "https://", "mailto:")
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".svg", ".gif", ".pdf"}
MAX_PAGE_BYTES = 200_000

LABEL = re.compile(r"^[A-Za-z0-9_:.\-]+$")


@dataclasses.dataclass(frozen=True)
class Refusal:
    """One thing a page may not contain, with the line it is on."""

    line: int
    message: str

    def describe(self, page: str) -> str:
        """``page:line: refused: what``, as the build's warning says it."""
        where = f"{page}:{self.line}" if self.line else page
        return f"{where}: refused: {self.message}"


@functools.cache
def _parser():
    """One parser for every page (building one costs as much as parsing a page)."""
    return create_md_parser(MdParserConfig(enable_extensions=set(MYST_EXTENSIONS)), RendererHTML)


def _inside(srcdir: Path, docdir: PurePosixPath, target: str) -> bool:
    """A relative path that stays inside the source folder and names a picture."""
    if not target or "://" in target or ":" in target.split("/")[0] or target.startswith(("/", "\\")):
        return False
    resolved = (srcdir / docdir / target).resolve()
    return resolved.is_relative_to(srcdir.resolve()) and resolved.suffix.lower() in IMAGE_SUFFIXES


def check_page(text: str, docname: str, srcdir: Path) -> list[Refusal]:
    """Everything a talk page contains that the policy refuses (empty list: the page is safe)."""
    if len(text.encode("utf-8")) > MAX_PAGE_BYTES:
        return [Refusal(0, f"the page is larger than {MAX_PAGE_BYTES // 1000} kB")]
    front, body, first_line = split_front_matter(text)
    offset = first_line - 1 if front is not None else 0
    refusals: list[Refusal] = []
    docdir = PurePosixPath(docname).parent
    _check_tokens(_parser().parse(body), offset, docdir, srcdir, refusals)
    return refusals


def _check_tokens(tokens, offset: int, docdir: PurePosixPath, srcdir: Path, refusals: list[Refusal]) -> None:
    for token in tokens:
        line = offset + (token.map[0] + 1 if token.map else 0)
        _check_token(token, line, offset, docdir, srcdir, refusals)
        for child in token.children or []:
            _check_token(child, line, offset, docdir, srcdir, refusals)


def _check_token(token, line: int, offset: int, docdir, srcdir, refusals: list[Refusal]) -> None:
    kind = token.type
    if kind in ("html_block", "html_inline"):
        refusals.append(Refusal(line, f"raw HTML is not allowed: {token.content.strip()[:60]!r}"))
    elif kind == "fence" and token.info.startswith("{"):
        _check_directive(token, line, offset, docdir, srcdir, refusals)
    elif kind == "myst_role":
        name = token.meta.get("name", "")
        if name not in ALLOWED_ROLES:
            refusals.append(Refusal(line, f"the role {{{name}}} is not allowed in a talk page"))
        elif name == "math" and (why := check_math(token.content)):
            refusals.append(Refusal(line, f"formula '{token.content}' {why}"))
    elif kind in ("math_inline", "math_block", "math_block_label", "math_inline_double", "amsmath"):
        if why := check_math(token.content):
            refusals.append(Refusal(line, f"formula '{token.content.strip()[:80]}' {why}"))
        if kind == "math_block_label" and not LABEL.match(token.info or ""):
            refusals.append(
                Refusal(line, f"equation label {token.info!r} may use only letters, digits, _ : . -")
            )
    elif kind == "link_open":
        href = token.attrs.get("href", "")
        if not (href.startswith(LINK_SCHEMES) or href.startswith("#")):
            refusals.append(
                Refusal(line, f"link target {href!r}: only http(s), mailto and #anchors are allowed")
            )
    elif kind == "image":
        source = str(token.attrs.get("src", ""))
        if not _inside(srcdir, docdir, source):
            refusals.append(Refusal(line, f"image {source!r}: only pictures inside the project are allowed"))
    elif kind == "myst_target" and not LABEL.match(token.content):
        refusals.append(
            Refusal(line, f"target label {token.content!r} may use only letters, digits, _ : . -")
        )


def _check_directive(token, line: int, offset: int, docdir, srcdir, refusals: list[Refusal]) -> None:
    name = token.info[1 : token.info.index("}")] if "}" in token.info else token.info[1:]
    argument = token.info[token.info.index("}") + 1 :].strip() if "}" in token.info else ""
    if name not in ALLOWED_DIRECTIVES:
        refusals.append(Refusal(line, f"the directive {{{name}}} is not allowed in a talk page"))
        return
    content_lines = token.content.splitlines()
    options = [entry for entry in content_lines if entry.startswith(":")]
    for option in options:
        key = option[1:].split(":", 1)[0].strip()
        if key not in DIRECTIVE_OPTIONS.get(name, set()) and name not in CONTAINER_DIRECTIVES - {"figure"}:
            refusals.append(Refusal(line, f"the option :{key}: of {{{name}}} is not allowed"))
    body = "\n".join(entry for entry in content_lines if not entry.startswith(":"))
    if name in ("figure", "image") and not _inside(srcdir, docdir, argument):
        refusals.append(Refusal(line, f"image {argument!r}: only pictures inside the project are allowed"))
    if name == "math" and (why := check_math(body)):
        refusals.append(Refusal(line, f"formula '{body.strip()[:80]}' {why}"))
    if name == "bibliography":
        for key in body.split():
            if not LABEL.match(key):
                refusals.append(
                    Refusal(line, f"bibliography key {key!r} may use only letters, digits, _ : . -")
                )
    if name in CONTAINER_DIRECTIVES:
        inner_offset = line + len(options)
        _check_tokens(_parser().parse(body), inner_offset, docdir, srcdir, refusals)
