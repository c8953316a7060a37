"""What the HTML templates would publish without escaping or checking, fixed before they render.

- sphinx-book-theme prints ``pagetitle`` (the title as plain text) into its print header
  with no escaping; it is escaped here, for every page, after the theme set it.
- Sphinx copies each page's source into ``_sources/``; a page the policy refused is not
  published, not even as text.
"""

from __future__ import annotations

import html
from pathlib import Path

from sphinx.application import Sphinx

from proceedings.sphinxext.domain import TalksDomain


def escape_page_title(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if isinstance(context.get("pagetitle"), str):
        context["pagetitle"] = html.escape(context["pagetitle"])


def hide_refused_sources(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    domain = app.env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    if pagename in domain.refusals:
        if context.get("sourcename"):  # and the copy an earlier build made, when it was not refused
            (Path(app.outdir) / "_sources" / context["sourcename"]).unlink(missing_ok=True)
        context["sourcename"] = ""


def setup(app: Sphinx) -> None:
    # After the theme's own handler (priority 500), which sets pagetitle.
    app.connect("html-page-context", escape_page_title, priority=900)
    app.connect("html-page-context", hide_refused_sources)
