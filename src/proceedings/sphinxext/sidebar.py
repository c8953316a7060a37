"""The site's navigation: a part of bounded size in every page, the list of all talks served once.

With every talk in every page's sidebar, a page grows with the conference and the site with
its square (209 MB for 1,000 talks; 20 GB, four times Read the Docs' limit, for 10,000).
So each page carries only:

* the landing page's other pages (index of authors, guide, map), as before;
* the talks near it in booklet order (the current one marked), or every talk when the
  conference has no more than ``proceedings_sidebar_talks`` of them;
* a link to the landing page's list of every talk: any talk within two clicks, no script.

The list of every talk is written once per build, as ``_static/proceedings-talks.HASH.js`` (a
script, not JSON: ``fetch`` is refused on ``file://``, a ``<script src>`` is not), and
``proceedings-navigation.js`` puts it into the sidebar in place of the short list, the
current talk marked. Both are cached by the browser after the first page.

The sidebar is rendered once per output folder (once per talk page when it lists the page's
neighbours); the current page is marked by a replace.
"""

from __future__ import annotations

import dataclasses
import html
import json
import zlib
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.osutil import relative_uri

from proceedings.locale import _
from proceedings.sphinxext.domain import TalksDomain
from proceedings.sphinxext.published_pdfs import SITE_BUILDERS

TEMPLATES = Path(__file__).parent.parent / "templates" / "theme"
TALKS_SCRIPT = "proceedings-talks.{}.js"  # named by its content: no cache anywhere serves an old one
NAVIGATION_SCRIPT = "proceedings-navigation.js"
NEIGHBOURS = 2  # talks shown before and after the current one, without script
PAGE_ATTRIBUTE = "data-proceedings-page"  # the page's own address, set on each page (not cached)


def use_fast_sidebar(app: Sphinx, config: Config) -> None:
    # A new list: appending to the default would change it for every later build in the process.
    if config.proceedings_fast_sidebar and str(TEMPLATES) not in config.templates_path:
        config.templates_path = [str(TEMPLATES), *config.templates_path]


@dataclasses.dataclass
class Section:
    """One toctree of the root document as the sidebar shows it, with lookups made once."""

    caption: str
    entries: list[tuple[str, str]]  # (docname, title as HTML)
    lists_talks: bool

    def __post_init__(self) -> None:
        self.titles = dict(self.entries)
        self.position = {docname: index for index, (docname, _title) in enumerate(self.entries)}


# How docutils' HTML writer encodes text (HTMLTranslator.special_characters).
HTML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", '"': "&quot;", ">": "&gt;", "@": "&#64;"})


def title_html(builder, title: nodes.Node) -> str:
    """A page title as the HTML writer gives it. A title of plain text is encoded directly: a
    document and a translator made for each of 1,000 titles took 0.4 s, in the main process,
    between reading and writing. Others (a formula, emphasis) are rendered by Sphinx."""
    if all(isinstance(child, nodes.Text) for child in title.children):
        return title.astext().translate(HTML_TEXT)
    return builder.render_partial(title)["title"]


def navigation(app: Sphinx) -> list[Section]:
    """A section for every toctree of the root document."""
    env, builder = app.env, app.builder
    talks = env.domains["talks"]
    assert isinstance(talks, TalksDomain)
    sections = []
    for toctree in env.get_doctree(app.config.root_doc).findall(addnodes.toctree):
        entries = []
        for _title, docname in toctree["entries"]:
            if docname in env.titles:
                entries.append((docname, title_html(builder, env.titles[docname])))
        lists_talks = any(docname in talks.talks for docname, _title in entries)
        sections.append(Section(toctree.get("caption") or "", entries, lists_talks))
    return sections


def shown_talks(section: Section, page: str, limit: int) -> list[str]:
    """The talks a page's sidebar lists without script: all of them up to ``limit``, else the
    page's neighbours in booklet order (none on a page that is not a talk)."""
    if len(section.entries) <= limit:
        return list(section.titles)
    if page not in section.position:
        return []
    at = section.position[page]
    return [docname for docname, _title in section.entries[max(0, at - NEIGHBOURS) : at + NEIGHBOURS + 1]]


def _item(app: Sphinx, base: str, docname: str, title: str) -> str:
    uri = relative_uri(base, app.builder.get_target_uri(docname))
    return (
        f'<li class="toctree-l1" data-doc="{html.escape(docname)}">'
        f'<a class="reference internal" href="{html.escape(uri)}">{title}</a></li>'
    )


def render(app: Sphinx, sections: list[Section], pagename: str) -> str:
    """The sidebar of ``pagename``: links relative to its folder, its own talks window."""
    folder = pagename.rpartition("/")[0]
    base = app.builder.get_target_uri(f"{folder}/_" if folder else "_")
    every = relative_uri(base, app.builder.get_target_uri(app.config.root_doc))  # the list of every talk
    root = every.rpartition("/")[0]
    out = [
        '<nav class="bd-links bd-docs-nav" aria-label="Main"'
        f' data-proceedings-root="{html.escape(root + "/" if root else "")}"'
        f" {PAGE_ATTRIBUTE}>"
        '<div class="bd-toc-item navbar-nav active">'
    ]
    for section in sections:
        if section.caption:
            out.append(
                f'<p aria-level="2" class="caption" role="heading"><span class="caption-text">'
                f"{html.escape(section.caption)}</span></p>"
            )
        if section.lists_talks:
            shown = shown_talks(section, pagename, app.config.proceedings_sidebar_talks)
            out.append('<ul class="nav bd-sidenav proceedings-talks">')
            out += [_item(app, base, docname, section.titles[docname]) for docname in shown]
            out.append("</ul>")
            if len(shown) < len(section.entries):
                label = _("All %d talks") % len(section.entries)
                out.append(
                    f'<p class="proceedings-all-talks"><a class="reference internal" '
                    f'href="{html.escape(every)}">{html.escape(label)}</a></p>'
                )
        else:
            out.append('<ul class="nav bd-sidenav">')
            out += [_item(app, base, docname, title) for docname, title in section.entries]
            out.append("</ul>")
    out.append("</div></nav>")
    return "\n".join(out)


def every_talk(app: Sphinx, sections: list[Section]) -> str:
    """``proceedings-talks.js``: [address from the site's root, title as HTML] of every talk."""
    talks = [
        [app.builder.get_target_uri(docname), title]
        for section in sections
        if section.lists_talks
        for docname, title in section.entries
    ]
    return f"window.proceedingsTalks = {json.dumps(talks, ensure_ascii=False, separators=(',', ':'))};\n"


_cache: dict[tuple[int, str], str] = {}
_sections: dict[int, list[Section]] = {}
_scripts: dict[int, tuple[str, str]] = {}


def sections_of(app: Sphinx) -> list[Section]:
    """The titles are the same for every page: rendered once per build and process."""
    if id(app.env) not in _sections:
        _sections[id(app.env)] = navigation(app)
    return _sections[id(app.env)]


def talks_script(app: Sphinx) -> tuple[str, str]:
    """(file name, text) of the list of every talk, once per build and process."""
    if id(app.env) not in _scripts:
        text = every_talk(app, sections_of(app))
        _scripts[id(app.env)] = (TALKS_SCRIPT.format(f"{zlib.crc32(text.encode()):08x}"), text)
    return _scripts[id(app.env)]


def add_sidebar(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Give the page its sidebar, its own entry marked current, and the scripts that fill it."""
    if not app.config.proceedings_fast_sidebar or app.builder.name not in SITE_BUILDERS:
        return
    sections = sections_of(app)
    talks = [section for section in sections if section.lists_talks]
    own_window = any(
        len(section.entries) > app.config.proceedings_sidebar_talks and pagename in section.position
        for section in talks
    )
    # Pages of one folder share the sidebar unless each shows its own window of talks.
    key = (id(app.env), pagename if own_window else pagename.rpartition("/")[0])
    if key not in _cache:
        _cache[key] = render(app, sections, pagename)
    doc = html.escape(pagename)
    context["proceedings_sidebar"] = (
        _cache[key]
        .replace(
            f" {PAGE_ATTRIBUTE}>",
            f' {PAGE_ATTRIBUTE}="{html.escape(app.builder.get_target_uri(pagename))}">',
            1,
        )
        .replace(
            f'<li class="toctree-l1" data-doc="{doc}"><a class="reference internal" ',
            f'<li class="toctree-l1 current active" data-doc="{doc}">'
            '<a class="reference internal current" aria-current="page" ',
            1,
        )
    )
    if talks:
        app.add_js_file(talks_script(app)[0], defer="defer")
        app.add_js_file(NAVIGATION_SCRIPT, defer="defer")


def write_talks_script(app: Sphinx, env) -> list[str]:
    """Write the list of every talk once per build, before the pages; when it changed, remove
    the old one and rewrite every page, since each names the file (and its content) it loads."""
    _cache.clear()
    _sections.clear()
    _scripts.clear()
    if not app.config.proceedings_fast_sidebar or app.builder.name not in SITE_BUILDERS:
        return []
    static = Path(app.outdir) / "_static"
    name, text = talks_script(app)
    if (static / name).is_file():
        return []
    for old in static.glob(TALKS_SCRIPT.format("*")):
        old.unlink()
    static.mkdir(parents=True, exist_ok=True)
    (static / name).write_text(text, encoding="utf-8")
    return sorted(env.found_docs)


def setup(app: Sphinx) -> None:
    app.add_config_value("proceedings_fast_sidebar", True, "html", types=[bool])
    app.add_config_value("proceedings_sidebar_talks", 50, "html", types=[int])
    app.connect("config-inited", use_fast_sidebar)
    app.connect("html-page-context", add_sidebar)
    app.connect("env-updated", write_talks_script)
