"""The theme's "is this template empty?" check, skipped for templates that are never empty.

For every page, pydata-sphinx-theme (under sphinx-book-theme) renders each template of the
header, the sidebar and the footer once to see whether it comes out empty (and drops it if so),
and the page then renders it again. It already skips this for two templates "slow to
render"; the five below are as certain to render something, since each is one element whatever
the page (a button, the logo link, the search field, the navigation, the header's button bar).
Measured at 1,000 talks, the theme's check took 2.3 of 34 CPU seconds of a serial build.

Around the theme's handler (priority 500) these templates are taken out of each list before
its check and put back, in their places, after it. Every other template, an editor's own
included, is checked as the theme does. The pages are the same byte for byte (a test
compares them).
"""

from __future__ import annotations

import os
from typing import Any

from sphinx.application import Sphinx

# Each renders one element on every page (read in the pinned sphinx-book-theme 1.4.0 and
# pydata-sphinx-theme 0.20.0; ``sbt-sidebar-nav.html`` is also this project's own, sidebar.py).
NEVER_EMPTY = frozenset(
    {
        "toggle-primary-sidebar.html",
        "article-header-buttons.html",
        "navbar-logo.html",
        "search-button-field.html",
        "sbt-sidebar-nav.html",
    }
)
# The theme's lists of templates that it checks (pydata_sphinx_theme.update_and_remove_templates).
SECTIONS = (
    "theme_navbar_start",
    "theme_navbar_center",
    "theme_navbar_persistent",
    "theme_navbar_end",
    "theme_article_header_start",
    "theme_article_header_end",
    "theme_article_footer_items",
    "theme_content_footer_items",
    "theme_footer_start",
    "theme_footer_center",
    "theme_footer_end",
    "theme_primary_sidebar_end",
    "sidebars",
)
_SET_ASIDE = "proceedings_unchecked_templates"


def _names(templates: list | str) -> list[str]:
    """The theme's reading of a list: comma-separated in a string, ``.html`` when no suffix."""
    if isinstance(templates, str):
        templates = [template.strip() for template in templates.split(",")]
    return [name if os.path.splitext(name)[1] else f"{name}.html" for name in templates]


def set_aside(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    """Before the theme's check: its lists without the templates that are never empty."""
    set_aside: dict[str, list[str]] = {}
    for section in SECTIONS:
        if not context.get(section):
            continue
        names = _names(context[section])
        if any(name in NEVER_EMPTY for name in names):
            set_aside[section] = names
            context[section] = [name for name in names if name not in NEVER_EMPTY]
    context[_SET_ASIDE] = set_aside


def put_back(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    """After it: each list in its order, with what the theme kept and what was set aside."""
    for section, names in context.pop(_SET_ASIDE, {}).items():
        kept = set(context.get(section) or ())
        context[section] = [name for name in names if name in NEVER_EMPTY or name in kept]


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", set_aside, priority=499)
    app.connect("html-page-context", put_back, priority=501)
