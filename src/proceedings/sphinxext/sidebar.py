"""The site's navigation, rendered once per build instead of once per page.

sphinx-book-theme resolves the whole toctree again for every page to draw the
sidebar; with every talk in the navigation that makes a build quadratic in the
number of talks (the benchmark in bench/ measures it). The talks' list is the same
on every page but for the links' relative paths and the current page, so it is
rendered once per output folder and the current page is marked by a string replace.
"""

from __future__ import annotations

import html
from pathlib import Path

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.osutil import relative_uri

from proceedings.sphinxext.published_pdfs import SITE_BUILDERS

TEMPLATES = Path(__file__).parent.parent / "templates" / "theme"


def use_fast_sidebar(app: Sphinx, config: Config) -> None:
    # A new list: appending to the default would change it for every later build in the process.
    if config.proceedings_fast_sidebar and str(TEMPLATES) not in config.templates_path:
        config.templates_path = [str(TEMPLATES), *config.templates_path]


def navigation(app: Sphinx) -> list[tuple[str, list[tuple[str, str]]]]:
    """(caption, [(docname, title as HTML)]) for every toctree of the root document."""
    env, builder = app.env, app.builder
    sections = []
    for toctree in env.get_doctree(app.config.root_doc).findall(addnodes.toctree):
        entries = []
        for _title, docname in toctree["entries"]:
            if docname in env.titles:
                entries.append((docname, builder.render_partial(env.titles[docname])["title"]))
        sections.append((toctree.get("caption") or "", entries))
    return sections


def render(app: Sphinx, sections, folder: str) -> str:
    """The sidebar for every page in ``folder``, links relative to it."""
    base = app.builder.get_target_uri(f"{folder}/_" if folder else "_")
    out = ['<nav class="bd-links bd-docs-nav" aria-label="Main"><div class="bd-toc-item navbar-nav active">']
    for caption, entries in sections:
        if caption:
            out.append(
                f'<p aria-level="2" class="caption" role="heading"><span class="caption-text">'
                f"{html.escape(caption)}</span></p>"
            )
        out.append('<ul class="nav bd-sidenav">')
        for docname, title in entries:
            uri = relative_uri(base, app.builder.get_target_uri(docname))
            out.append(
                f'<li class="toctree-l1" data-doc="{html.escape(docname)}">'
                f'<a class="reference internal" href="{html.escape(uri)}">{title}</a></li>'
            )
        out.append("</ul>")
    out.append("</div></nav>")
    return "\n".join(out)


_cache: dict[tuple[int, str], str] = {}
_sections: dict[int, list[tuple[str, list[tuple[str, str]]]]] = {}


def add_sidebar(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Give the page the shared sidebar, its own entry marked current."""
    if not app.config.proceedings_fast_sidebar or app.builder.name not in SITE_BUILDERS:
        return
    folder = pagename.rpartition("/")[0]
    key = (id(app.env), folder)
    if key not in _cache:
        # Links are relative to the page's folder; every page of a folder shares them.
        # The titles are the same for every folder: rendered once.
        if id(app.env) not in _sections:
            _sections[id(app.env)] = navigation(app)
        _cache[key] = render(app, _sections[id(app.env)], folder)
    own = f'<li class="toctree-l1" data-doc="{html.escape(pagename)}">'
    context["proceedings_sidebar"] = _cache[key].replace(
        own, own.replace('class="toctree-l1"', 'class="toctree-l1 current active"'), 1
    )


def forget_sidebar(app: Sphinx, env) -> None:
    """A new build may have new titles or talks: render again."""
    _cache.clear()
    _sections.clear()


def setup(app: Sphinx) -> None:
    app.add_config_value("proceedings_fast_sidebar", True, "html", types=[bool])
    app.connect("config-inited", use_fast_sidebar)
    app.connect("html-page-context", add_sidebar)
    app.connect("env-updated", forget_sidebar)
