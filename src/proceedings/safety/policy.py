"""The policy for talk pages, which come from authors and are data, not code.

One place says what a talk page may contain: the directives and roles MyST may run, the
options and arguments each directive may take, the URI schemes links may use, the pictures
a page may show, and the budgets a page must stay within. The policy is enforced where the
real decisions are made: in MyST's own parse (:mod:`proceedings.safety.talk_parser`), on the
doctree MyST produces (:mod:`proceedings.safety.doctree_policy`), and for formulas by one macro
allowlist shared by MathJax and LaTeX (:mod:`proceedings.safety.tex_math`).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from proceedings.model.text import N_
from proceedings.safety.tex_math import check_math

# The kinds of numbered statement a page may make, each {prf:KIND}.
STATEMENTS = ("theorem", "lemma", "proposition", "corollary", "definition", "remark", "example")

# The MyST syntax the project enables; conf.py uses this same list.
MYST_EXTENSIONS = ("dollarmath", "amsmath")

# Directives a talk page may use, and the options each may take (values checked below).
DIRECTIVE_OPTIONS: dict[str, frozenset[str]] = {
    "bibliography": frozenset({"filter"}),  # only ":filter: False": exactly the listed keys
    "math": frozenset({"label"}),
    "rubric": frozenset({"heading-level"}),  # also how the bibliography header (conf.py) is written
    "note": frozenset(),
    "important": frozenset(),
    "tip": frozenset(),
    "warning": frozenset(),
    "figure": frozenset({"alt", "width", "align", "name"}),
    "image": frozenset({"alt", "width", "align"}),
    "table": frozenset({"name", "align", "width"}),  # a captioned, numbered table
    # Numbered statements and proofs (sphinx-proof's syntax, typeset by proceedings.sphinxext.theorems).
    **{f"prf:{kind}": frozenset({"label", "nonumber"}) for kind in STATEMENTS},
    "prf:proof": frozenset(),
}
DIRECTIVES = frozenset(DIRECTIVE_OPTIONS)
ROLES = frozenset(
    {"cite", "cite:p", "cite:t", "cite:ps", "cite:ts", "math", "eq", "doc", "ref", "numref", "prf:ref"}
    | {"sub", "sup", "abbr"}
)
LINK_SCHEMES = ("http", "https", "mailto")
# SVG is not among them: an SVG is a document that can carry script, served from the site's origin.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif"})
LABEL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_:.\-]*$")
CLASS = re.compile(r"^[A-Za-z0-9_\-]+$")
PAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")

# Budgets: a page larger or slower than this is refused by name (a normal abstract is a few
# kilobytes and parses in milliseconds).
MAX_PAGE_BYTES = 200_000
PARSE_SECONDS = 3.0
MAX_DEPTH = 40  # levels of nesting in a page's doctree (an abstract uses fewer than ten)


MIXED_HEADINGS = (
    "a '#' section after the page's sections began at '##': the title is the page's '#' (made from "
    "the front matter), so write every first-level section with the same mark, '##' or '#'"
)
# What a reader sees instead of a refused page's content (the log says why).
REFUSED_NOTICE = N_("This abstract was refused by the project's safety policy; see the build log.")


@dataclasses.dataclass(frozen=True)
class Refusal:
    """One thing a page may not contain, with the line it is on."""

    line: int
    message: str

    def describe(self, page: str) -> str:
        """``page:line: refused: what``, as the build's warning says it."""
        where = f"{page}:{self.line}" if self.line else page
        return f"{where}: refused: {self.message}"


def is_talk(docname: str, talks_dir: str) -> bool:
    return docname.startswith(talks_dir.rstrip("/") + "/")


def not_allowed_directive(name: str) -> str:
    return f"the directive {{{name}}} is not allowed in a talk page"


def not_allowed_role(name: str) -> str:
    return f"the role {{{name}}} is not allowed in a talk page"


def raw_html(content: str) -> str:
    return f"raw HTML is not allowed: {content.strip()[:60]!r}"


def too_slow() -> str:
    return f"the page takes longer than {PARSE_SECONDS:g} seconds to parse"


def too_deep() -> str:
    return "the page nests too deeply to be parsed"


def one_line(text: str, limit: int = 80) -> str:
    """An excerpt of page text for a message: one line, shortened."""
    return " ".join(text.split())[:limit]


def check_label(kind: str, label: str) -> str | None:
    if LABEL.match(label):
        return None
    return f"{kind} '{one_line(label)}' may use only letters, digits, _ : . - (and not start with : . -)"


def check_directive(name: str, arguments: list[str], options: dict[str, Any], body: list[str]) -> list[str]:
    """What the policy refuses in one allowed directive, as MyST parsed it."""
    problems = [
        f"the option :{key}: of {{{name}}} is not allowed in a talk page"
        for key in options
        if key not in DIRECTIVE_OPTIONS[name]
    ]
    if name == "bibliography":
        if arguments:
            problems.append(
                "{bibliography} in a talk page takes no argument (the project's .bib file is used)"
            )
        if "filter" in options and str(options["filter"]).strip() != "False":
            problems.append("{bibliography} in a talk page may only list its keys (:filter: False)")
        problems += [why for key in " ".join(body).split() if (why := check_label("bibliography key", key))]
    if name == "math":
        formula = "\n".join([*arguments, *body])
        if why := check_math(formula):
            problems.append(f"formula '{one_line(formula)}' {why}")
    for key in ("label", "name"):
        if key in options and (why := check_label(f"the :{key}:", str(options[key]))):
            problems.append(why)
    return problems
