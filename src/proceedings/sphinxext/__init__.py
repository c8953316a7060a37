"""The Sphinx extension: talk pages from front matter, the list of talks, the talks domain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from proceedings import __version__, locale
from proceedings.book import latex, tex_guard
from proceedings.safety import page_guard, talk_parser
from proceedings.sphinxext import (
    authors_guide,
    bibtex_at_scale,
    citation_roles,
    conference_map,
    docutils_settings,
    garbage_collection,
    labels,
    mathjax,
    overview_pages,
    own_citations,
    page_numbers,
    parallel_read,
    problems,
    published_pdfs,
    related_talks,
    scholar,
    sidebar,
    stale_outputs,
    talk_list,
    talk_page,
    template_checks,
    theme_guard,
    theorems,
)
from proceedings.sphinxext.domain import TalksDomain

STATIC = Path(__file__).parent.parent / "static"


def add_static_files(app: Sphinx, config: Config) -> None:
    """The package's stylesheet, for HTML builders (copied by Sphinx with the theme's)."""
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]
    app.add_css_file("proceedings.css")


def setup(app: Sphinx) -> dict[str, Any]:
    """Every feature registers itself (in this order: handlers of one event run in it)."""
    app.add_config_value("proceedings_talks_dir", "talks", "env", types=[str])
    app.add_domain(TalksDomain)
    for feature in (
        locale,
        garbage_collection,
        docutils_settings,
        parallel_read,
        bibtex_at_scale,
        citation_roles,
        scholar,
        mathjax,
        sidebar,
        talk_page,
        theorems,
        page_numbers,
        labels,
        related_talks,
        overview_pages,
        conference_map,
        authors_guide,
        latex,
        talk_list,
        page_guard,
        problems,
        own_citations,
        published_pdfs,
        talk_parser,
        theme_guard,
        template_checks,
        stale_outputs,
        tex_guard,
    ):
        feature.setup(app)
    app.connect("config-inited", add_static_files)
    return {
        "version": __version__,
        "env_version": 15,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
