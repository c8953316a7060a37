"""The Sphinx extension: talk pages from front matter, the list of talks, the talks domain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from proceedings import __version__
from proceedings.book.latex import (
    LocalBibliographies,
    depart_talk_reference,
    depart_talk_references,
    skip,
    talk_reference,
    talk_references,
    talk_toc_line,
    tune_latexmk,
    visit_talk_reference,
    visit_talk_references,
    visit_talk_toc_line,
)
from proceedings.book.tex_guard import guard_environment
from proceedings.safety import talk_parser
from proceedings.safety.page_guard import guard_talk_page, skip_unreadable_pages
from proceedings.sphinxext import published_pdfs, stale_outputs, theme_guard
from proceedings.sphinxext.bibtex_at_scale import (
    IndexedBibtexDomain,
    ListedKeysBibliography,
    remember_plaintext_backend,
)
from proceedings.sphinxext.domain import TalksDomain
from proceedings.sphinxext.mathjax import copy_mathjax, use_local_mathjax
from proceedings.sphinxext.overview_pages import (
    AuthorIndexDirective,
    ConferenceMapDirective,
    FillOverviewPages,
    author_index,
    conference_map,
    fill_maps,
)
from proceedings.sphinxext.own_citations import check_own_citations
from proceedings.sphinxext.problems import report_problems
from proceedings.sphinxext.related_talks import FillRelatedTalks, related_placeholder, update_relations
from proceedings.sphinxext.scholar import (
    bibtex_text,
    locate_conference,
    scholar_meta_tags,
    visit_bibtex_text_html,
)
from proceedings.sphinxext.sidebar import add_sidebar, forget_sidebar, use_fast_sidebar
from proceedings.sphinxext.talk_list import (
    TalkListDirective,
    fill_talk_lists,
    lists_to_reread,
    pages_showing_talk_titles,
    talk_list,
)
from proceedings.sphinxext.talk_page import TalkHeader, fill_people_index, people_index

STATIC = Path(__file__).parent.parent / "static"


def add_static_files(app: Sphinx, config: Config) -> None:
    """The package's stylesheet, for HTML builders (copied by Sphinx with the theme's)."""
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]
    app.add_css_file("proceedings.css")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx.ext.graphviz")
    app.setup_extension("sphinxcontrib.bibtex")
    app.add_domain(IndexedBibtexDomain, override=True)
    app.add_directive("bibliography", ListedKeysBibliography, override=True)
    app.connect("builder-inited", remember_plaintext_backend)
    app.add_config_value("proceedings_talks_dir", "talks", "env", types=[str])
    app.add_config_value("proceedings_offline_mathjax", True, "html", types=[bool])
    app.add_config_value("proceedings_conference_file", "conference.yaml", "env", types=[str])
    app.add_config_value("proceedings_conference_path", "", "", types=[str])  # set from the above
    app.connect("config-inited", locate_conference)
    app.connect("html-page-context", scholar_meta_tags)
    app.connect("config-inited", use_local_mathjax)
    app.connect("config-inited", add_static_files)
    app.add_config_value("proceedings_fast_sidebar", True, "html", types=[bool])
    app.connect("config-inited", use_fast_sidebar)
    app.connect("html-page-context", add_sidebar)
    app.connect("env-updated", forget_sidebar)
    app.connect("builder-inited", copy_mathjax)
    app.add_domain(TalksDomain)
    app.add_transform(TalkHeader)
    app.add_node(talk_list)
    app.add_node(people_index)
    app.add_node(related_placeholder)
    app.add_node(author_index)
    app.add_node(conference_map)
    app.add_directive("author-index", AuthorIndexDirective)
    app.add_directive("conference-map", ConferenceMapDirective)
    app.add_post_transform(FillRelatedTalks)
    app.add_post_transform(FillOverviewPages)
    app.connect("env-updated", update_relations)
    not_latex = {fmt: (skip, None) for fmt in ("html", "text", "man", "texinfo")}
    not_latex_nor_html = {fmt: (skip, None) for fmt in ("text", "man", "texinfo")}
    app.add_node(talk_toc_line, latex=(visit_talk_toc_line, None), **not_latex)
    app.add_node(talk_references, latex=(visit_talk_references, depart_talk_references), **not_latex)
    app.add_node(talk_reference, latex=(visit_talk_reference, depart_talk_reference), **not_latex)
    app.add_post_transform(LocalBibliographies)
    app.add_node(bibtex_text, html=(visit_bibtex_text_html, None), latex=(skip, None), **not_latex_nor_html)
    app.connect("build-finished", tune_latexmk)
    app.add_directive("talk-list", TalkListDirective)
    app.connect("env-before-read-docs", skip_unreadable_pages)
    app.connect("source-read", guard_talk_page)
    app.connect("env-get-outdated", lists_to_reread)
    app.connect("env-get-updated", pages_showing_talk_titles)
    app.connect("doctree-resolved", fill_talk_lists)
    app.connect("doctree-resolved", fill_people_index)
    app.connect("doctree-resolved", fill_maps)
    app.connect("env-updated", report_problems)
    app.connect("env-updated", check_own_citations)
    published_pdfs.setup(app)
    talk_parser.setup(app)
    theme_guard.setup(app)
    stale_outputs.setup(app)
    app.connect("config-inited", guard_environment)
    return {
        "version": __version__,
        "env_version": 9,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
