"""``{authoring-policy}``: the authors' guide states what a talk page may contain, read from
the model and the safety policy themselves, so the guide cannot promise what the build refuses."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from proceedings.locale import _
from proceedings.model.fields import declarations
from proceedings.model.talk import Talk
from proceedings.safety import policy
from proceedings.safety.doctree_policy import MAX_WORD
from proceedings.safety.tex_math import MATH_ENVIRONMENTS, MATH_MACROS
from proceedings.sphinxext.headings import section_heading


def field_doc(meta: dict) -> str:
    """A field's meaning, in the build's language (the model keeps the English)."""
    message, args = meta["message"], meta["args"]
    text = _(message) % args if args else _(message)
    return text.replace("`", "")


def _items(pairs: list[tuple[str, str]]) -> nodes.bullet_list:
    items = nodes.bullet_list()
    for code, text in pairs:
        paragraph = nodes.paragraph()
        paragraph += nodes.literal(text=code)
        if text:
            paragraph += nodes.Text(f": {text}")
        items += nodes.list_item("", paragraph)
    return items


def _words(words: list[str]) -> nodes.paragraph:
    paragraph = nodes.paragraph()
    for index, word in enumerate(words):
        paragraph += nodes.Text(", " if index else "")
        paragraph += nodes.literal(text=word)
    return paragraph


class AuthoringPolicyDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        fields = [
            (name, field_doc(meta) + (" (" + _("required") + ")" if meta["required"] else ""))
            for name, meta in declarations(Talk).items()
        ]
        directives = [
            (name, _("options %s") % ", ".join(sorted(options)) if options else _("no options"))
            for name, options in sorted(policy.DIRECTIVE_OPTIONS.items())
        ]
        pictures = ", ".join(sorted(suffix.lstrip(".") for suffix in policy.IMAGE_SUFFIXES))
        limits = nodes.paragraph(
            text=_(
                "A page is at most %(kilobytes)d kB, is read in at most %(seconds)g s, nests at most "
                "%(depth)d levels deep and has no word longer than %(word)d characters. Links use "
                "%(schemes)s; pictures are %(pictures)s files inside the project. Raw HTML, "
                "reStructuredText blocks and any other directive or role are refused: the page is then "
                "published as a notice, and the build fails naming the file and the line."
            )
            % {
                "kilobytes": policy.MAX_PAGE_BYTES // 1000,
                "seconds": policy.PARSE_SECONDS,
                "depth": policy.MAX_DEPTH,
                "word": MAX_WORD,
                "schemes": ", ".join(policy.LINK_SCHEMES),
                "pictures": pictures,
            }
        )
        return [
            section_heading(_("Front matter")),
            _items(fields),
            section_heading(_("Directives")),
            _items(directives),
            section_heading(_("Roles")),
            _words(sorted(policy.ROLES)),
            section_heading(_("Formulas")),
            nodes.paragraph(text=_("Inside $…$ and $$…$$, these commands:")),
            _words(sorted(f"\\{macro}" for macro in MATH_MACROS)),
            nodes.paragraph(text=_("and these environments:")),
            _words(sorted(MATH_ENVIRONMENTS)),
            section_heading(_("Limits")),
            limits,
        ]


EXAMPLE_PAPER = Path(__file__).parent.parent / "templates" / "example-paper.md"


class ExamplePaperDirective(SphinxDirective):
    """``{example-paper}``: the example paper, as the tests build it (``templates/example-paper.md``),
    so the guide shows a page that is known to build into the site and the book."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(EXAMPLE_PAPER))
        text = EXAMPLE_PAPER.read_text(encoding="utf-8")
        return [nodes.literal_block(text, text, language="markdown")]


def setup(app: Sphinx) -> dict:
    app.add_directive("authoring-policy", AuthoringPolicyDirective)
    app.add_directive("example-paper", ExamplePaperDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
