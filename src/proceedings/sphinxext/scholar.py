"""What Google Scholar and Zotero read on a talk page, and a visible "Cite this talk".

The meta tags and the BibTeX come from the same citation code as ``proceedings cite``
and carry only printed facts: authors, title, conference, its date, and the offprint's
address when the site publishes offprints.
"""

from __future__ import annotations

import functools
import html
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from proceedings.book.latex import skip
from proceedings.locale import _
from proceedings.model.citation import UNTITLED_NOTE, bibtex_entry
from proceedings.model.conference import Conference, ConferenceError, load_conference
from proceedings.sphinxext.domain import TalksDomain
from proceedings.sphinxext.headings import section_heading
from proceedings.sphinxext.published_pdfs import SITE_BUILDERS
from proceedings.sphinxext.texts import dates

# The web site only: PDF links and the citation block mean nothing in an EPUB or a book.
SITE_ONLY = "builder_html or builder_dirhtml"


def locate_conference(app: Sphinx, config) -> None:
    """Resolve conference.yaml against the configuration folder, once; the dates conf.py gives
    as ``version`` and ``today`` (the EPUB's metadata, ``|today|``), said in the build's language:
    conf.py runs before Sphinx knows it, so it writes them in English; and, unless conf.py sets
    them, the copyright line (every page's footer, the EPUB) and the EPUB's creator."""
    config.proceedings_conference_path = str(Path(app.confdir) / config.proceedings_conference_file)
    path = Path(config.proceedings_conference_path)
    conference = _conference(path, *_stamp(path)) if path.is_file() else None
    if conference is not None:
        for name in ("version", "today"):
            if getattr(config, name) == conference.dates:
                setattr(config, name, dates(conference))
        if not config.copyright:
            config.copyright = _("%(year)d, the authors") % {"year": conference.start.year}
        if not config.epub_author:  # EPUB 3 needs a creator; the booklet names none
            config.epub_author = _("The speakers of the conference")


def conference_of(env) -> Conference | None:
    """The project's conference.yaml, if it has one (test roots may not)."""
    path = Path(env.config.proceedings_conference_path)
    try:
        return _conference(path, *_stamp(path))
    except FileNotFoundError:
        return None


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=4)
def _conference(path: Path, _mtime_ns: int, _size: int) -> Conference | None:
    """Read once per version of the file, not once per page (two pages a talk)."""
    try:
        return load_conference(path)
    except ConferenceError:
        return None


class bibtex_text(nodes.General, nodes.FixedTextElement):
    """A talk's BibTeX, shown as it is copied.

    Not a highlighted code block: Pygments took a millisecond a page (1 of 16 seconds of a
    1,000-talk build) to colour text that readers copy, not read.
    """


def visit_bibtex_text_html(self, node: bibtex_text) -> None:
    self.body.append(f'<pre class="cite-bibtex">{html.escape(node.astext())}</pre>\n')
    raise nodes.SkipNode


def cite_block(talk, conference: Conference, docname: str) -> nodes.Node:
    """A "Cite this talk" block with the BibTeX entry, on the site only. Left out of the search
    index (Sphinx's ``no-search`` class): its conference title made every talk a result for
    "quantum", "numerical" or "mechanics", and its field names ("booktitle") for nothing useful."""
    only = addnodes.only(expr=SITE_ONLY)
    block = nodes.container(classes=["cite-this-talk", "no-search"])
    block += section_heading(_("Cite this talk"))
    entry = bibtex_entry(talk, conference, docname.rsplit("/", 1)[-1], _(UNTITLED_NOTE))
    block += bibtex_text(entry, entry)
    only += block
    return only


def scholar_tags(talk, conference: Conference, offprint: dict | None, baseurl: str) -> list[tuple[str, str]]:
    """Google Scholar's inclusion guidelines, Highwire Press tags: title, authors, date, the
    conference, the book's pages; the PDF as an absolute URL in the page's own folder, so only
    when the site's address is known. A talk without a printed title gets no tags at all:
    Scholar would index an untitled record."""
    if not talk.title:
        return []
    tags = [("citation_title", talk.title)]
    tags += [("citation_author", talk.name(author).sort_form) for author in talk.authors]
    tags.append(("citation_conference_title", conference.title))
    tags.append(("citation_publication_date", f"{conference.start:%Y/%m/%d}"))
    if offprint is not None:
        tags.append(("citation_firstpage", offprint["first_page"]))
        tags.append(("citation_lastpage", offprint["last_page"]))
        if baseurl:
            tags.append(("citation_pdf_url", baseurl.rstrip("/") + "/" + offprint["file"]))
    return tags


def scholar_meta_tags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Add ``citation_*`` meta tags to a talk page's head."""
    domain = app.env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    talk = domain.talks.get(pagename)
    conference = conference_of(app.env)
    if talk is None or conference is None or app.builder.name not in SITE_BUILDERS:
        return
    offprint = domain.published_pdfs["talks"].get(pagename)
    tags = scholar_tags(talk, conference, offprint, app.config.html_baseurl)
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<meta name="{name}" content="{html.escape(value, quote=True)}" />' for name, value in tags
    )


def setup(app: Sphinx) -> None:
    app.add_config_value("proceedings_conference_file", "conference.yaml", "env", types=[str])
    app.add_config_value("proceedings_conference_path", "", "", types=[str])  # set from the above
    app.connect("config-inited", locate_conference)
    app.connect("html-page-context", scholar_meta_tags)
    not_html = {fmt: (skip, None) for fmt in ("text", "man", "texinfo")}
    app.add_node(bibtex_text, html=(visit_bibtex_text_html, None), latex=(skip, None), **not_html)
