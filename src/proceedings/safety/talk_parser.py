"""Talk pages parsed by MyST itself, with a registry restricted to the policy's allowlist.

The policy is enforced where MyST decides, not on a second reading of the text: whatever
the spelling of a directive or role (fence characters, spaces in the info string, options
as YAML or as ``:key:`` lines, nesting), MyST resolves it to a name here, and a name that is
not allowed never runs. Allowed directives have their arguments, options and body checked
as MyST itself parsed them (``parse_directive_text``) before they run. Raw HTML and
``eval-rst`` never become nodes. The doctree MyST produces is then checked against the
node and attribute allowlist (:mod:`proceedings.safety.doctree_policy`).

A refused page is emptied before any transform, collector or writer sees it: its header
(from the validated front matter) and a notice stay; every refusal is a warning naming the
page and the line, so the ``-W`` build fails, and ``proceedings check`` runs this same parse.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.languages import get_language as get_language_rst
from markdown_it import MarkdownIt
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.directives import MarkupError, parse_directive_text
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.application import Sphinx

from proceedings.safety import policy
from proceedings.safety.doctree_policy import check_doctree
from proceedings.safety.page_guard import refused_notice
from proceedings.safety.policy import Refusal


class RestrictedRenderer(SphinxRenderer):
    """MyST's Sphinx renderer, with only the allowed directives and roles, and no raw HTML."""

    def __init__(self, parser) -> None:
        super().__init__(parser)
        self.refusals: list[Refusal] = []
        self.started = time.monotonic()

    def refuse(self, line: int | None, message: str) -> None:
        self.refusals.append(Refusal(line or 0, message))

    def setup_render(self, options, env) -> None:
        """MyST's setup for one page, without the throw-away document MyST makes first (its
        ``options.get("document", make_document())`` builds docutils' settings, 4 ms a page),
        and this renderer's own state reset: one parser serves every talk page."""
        self.md_env = env
        self.md_options = options
        self.md_config = options["myst_config"]
        self.document = options["document"]
        self.current_node = options.get("current_node", self.document)
        self.reporter = self.document.reporter
        self.language_module_rst = get_language_rst(self.document.settings.language_code)
        self._heading_offset = 0
        self._level_to_section = {0: self.document}
        self._heading_slugs = {}
        self.refusals = []
        self.started = time.monotonic()
        self.first_heading: str | None = None

    def render_heading(self, token) -> None:
        """A talk's title is its H1, made from the front matter: the author's sections start at
        ``##`` or at ``#``, whichever the page's first heading uses, and mean the same."""
        if self.md_env.get("temp_root_node") is None:
            if self.first_heading is None:
                self.first_heading = token.tag
                self._heading_offset = -1 if token.tag == "h2" else 0
            if int(token.tag[1]) + self._heading_offset < 1:
                line = token.map[0] + 1 if token.map else self.document.current_line
                self.refuse(line, policy.MIXED_HEADINGS)
                return
        super().render_heading(token)

    def render_restructuredtext(self, token) -> None:
        self.refuse(token.map[0] + 1 if token.map else 0, policy.not_allowed_directive("eval-rst"))

    def render_html_block(self, token) -> None:
        self.refuse(token.map[0] + 1 if token.map else 0, policy.raw_html(token.content))

    def render_html_inline(self, token) -> None:
        self.refuse(self.document.current_line, policy.raw_html(token.content))

    def render_myst_role(self, token) -> None:
        name = token.meta["name"]
        line = token.map[0] + 1 if token.map else self.document.current_line
        if name.lower() not in policy.ROLES:
            self.refuse(line, policy.not_allowed_role(name))
            return
        super().render_myst_role(token)

    def run_directive(self, name, first_line, content, position, additional_options=None, *, block_text=None):
        self._check_budget(position)
        canonical = name.lower()
        if canonical not in policy.DIRECTIVES:
            self.refuse(position, policy.not_allowed_directive(name))
            return []
        directive_class, _messages = directives.directive(canonical, self.language_module_rst, self.document)
        if directive_class is None:
            self.refuse(position, policy.not_allowed_directive(name))
            return []
        try:
            parsed = parse_directive_text(
                directive_class, first_line, content, line=position, additional_options=additional_options
            )
        except MarkupError as error:
            self.refuse(position, f"the directive {{{name}}} cannot be read: {error}")
            return []
        problems = policy.check_directive(canonical, parsed.arguments, parsed.options, parsed.body)
        if problems:
            for problem in problems:
                self.refuse(position, problem)
            return []
        try:
            return super().run_directive(
                name, first_line, content, position, additional_options, block_text=block_text
            )
        except (PageTooSlow, RecursionError):
            raise
        except Exception as error:  # docutils' own directives fail on odd input (figure bodies)
            self.refuse(position, f"the directive {{{name}}} cannot be read ({error.__class__.__name__})")
            return []

    def _check_budget(self, line: int) -> None:
        if time.monotonic() - self.started > policy.PARSE_SECONDS:
            raise PageTooSlow(line)


class PageTooSlow(Exception):
    """The page took longer to parse than the budget allows."""

    def __init__(self, line: int = 0) -> None:
        super().__init__(line)
        self.line = line


@contextlib.contextmanager
def time_limit(seconds: float):
    """Interrupt a parse that runs past ``seconds`` (markdown-it has constructs that take
    quadratic time). A timer signal in the main thread, where Sphinx reads, also in parallel
    builds (each worker is a process); elsewhere the renderer's own checks must do."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame):
        raise PageTooSlow()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_parsers: dict[int, tuple[object, MarkdownIt]] = {}


def restricted_parser(config) -> MarkdownIt:
    """One Markdown parser per MyST configuration (a build's), not one per page: building it
    took 1.6 ms a page. Its renderer resets itself for each page (``setup_render``)."""
    cached = _parsers.get(id(config))
    if cached is None or cached[0] is not config:
        cached = _parsers[id(config)] = (config, create_md_parser(config, RestrictedRenderer))
    return cached[1]


class TalkPageParser(MystParser):
    """MyST for every page; for talk pages, MyST with the restricted renderer, then the doctree check."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        if not policy.is_talk(env.docname, env.config.proceedings_talks_dir):
            super().parse(inputstring, document)
            return
        parser = restricted_parser(env.myst_config)
        parser.options["document"] = document
        renderer: RestrictedRenderer = parser.renderer
        try:
            with time_limit(policy.PARSE_SECONDS):
                parser.render(inputstring)
            refusals = renderer.refusals or check_doctree(document, env)
        except PageTooSlow as slow:
            refusals = [Refusal(slow.line, policy.too_slow())]
        except RecursionError:
            refusals = [Refusal(0, policy.too_deep())]
        except Exception as error:  # whatever MyST or docutils stumble on: one line, no traceback
            refusals = [Refusal(0, f"the page cannot be parsed ({error.__class__.__name__}: {error})")]
        if refusals:
            refuse_page(document, env.docname, refusals)


def refuse_page(document: nodes.document, docname: str, refusals: list[Refusal]) -> None:
    """Record every refusal (reported on this and every later build until the page changes)
    and leave only the notice of the page's content, rendered afresh: the refused parse may
    have stopped anywhere."""
    env = document.settings.env
    for refusal in refusals:
        env.domains["talks"].refuse(docname, refusal.line, f"refused: {refusal.message}", "unsafe")
    document.children = []
    for table in (document.ids, document.nameids, document.nametypes, document.refnames, document.refids):
        table.clear()
    document.footnote_refs.clear()
    document.citation_refs.clear()
    document.substitution_defs.clear()
    document.substitution_names.clear()
    del document.autofootnotes[:], document.autofootnote_refs[:], document.footnotes[:], document.citations[:]
    del document.symbol_footnotes[:], document.symbol_footnote_refs[:]
    notice = create_md_parser(env.myst_config, SphinxRenderer)
    notice.options["document"] = document
    notice.render(refused_notice())


def setup(app: Sphinx) -> None:
    app.add_source_parser(TalkPageParser, override=True)
