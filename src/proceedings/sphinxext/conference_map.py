"""The map of the conference: a picture of the talks and their relations, and the same in text.

``{conference-map}`` is a placeholder filled after reading, from the talks domain and the
relations, and rewritten whenever they change (see ``related_talks.update_relations``):

- **pictures** (Graphviz): one box per talk, one line per relation. On the site each picture
  is inline SVG, so the page's stylesheet reaches it (its colours follow the dark theme) and
  its links are the page's own: a box opens its talk, a line (focusable, and wide enough to
  touch) jumps to its reason in the list below. It fits the column's width; a button shows it
  at full size, panned by scrolling. The EPUB has Graphviz's SVG file as an image with the
  map's name as its alternative text; the book has Graphviz's PDF.
- **the list** "Talks and their relations": every talk, and each relation with its reason,
  for readers who cannot see or use a picture (and for the book, where no line can be hovered).

Beyond ``proceedings_map_talks`` talks one picture can be neither read nor laid out in time,
so the map is cut into pictures listed at the top of the page (see ``map_groups``).
"""

from __future__ import annotations

import html
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import NoReturn

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.ext.graphviz import GraphvizError, graphviz, render_dot
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from proceedings.locale import _
from proceedings.sphinxext.domain import TalksDomain
from proceedings.sphinxext.headings import section_heading
from proceedings.sphinxext.published_pdfs import SITE_BUILDERS
from proceedings.sphinxext.related_talks import doc_link
from proceedings.sphinxext.texts import display_title, reason_text

logger = logging.getLogger(__name__)

FDP_LIMIT = 150
MAP_SCRIPT = "proceedings-map.js"
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
# Colours at WCAG contrast on a white page (lines 4.3:1 for graphics' 3:1, box text 18.9:1);
# the dark theme's are in proceedings.css.
BOX = 'shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#4a6fa5"'
LINE = "#5b7ba8"


class conference_map(nodes.General, nodes.Element):
    """Replaced by the pictures of the talks and their relations, and the list of them."""


class map_picture(graphviz):
    """One picture of the map: inline SVG on the site, Graphviz's own output elsewhere (the
    translators reach ``visit_graphviz`` through the class's ancestors)."""


class ConferenceMapDirective(SphinxDirective):
    """``{conference-map}``: one box per talk, one line per relation (Graphviz)."""

    def run(self) -> list[nodes.Node]:
        domain = self.env.domains["talks"]
        assert isinstance(domain, TalksDomain)
        domain.overview_pages.add(self.env.docname)
        return [conference_map(docname=self.env.docname)]


def map_groups(domain: TalksDomain, most: int) -> list[tuple[str, list[str]]]:
    """(heading, talks) of each picture of the map.

    One picture up to ``most`` talks (``proceedings_map_talks``). Beyond, one picture can be
    neither read (1,000 boxes make a picture some 15,000 points wide) nor laid out in time
    (Graphviz's force layouts grow faster than the number of boxes: 6 s for 1,000 talks, 0.1 s
    for each of ten pictures of 100), so the map is cut into pictures of at most ``most``
    talks: one per session when every talk names its session (a long session in parts), else
    one per run of talks in booklet order.
    """
    talks = domain.in_booklet_order()
    if len(talks) <= most:
        return [("", [docname for docname, _talk in talks])]
    if all(talk.session for _docname, talk in talks):
        sessions: dict[str, list[str]] = defaultdict(list)
        for docname, talk in talks:
            sessions[talk.session].append(docname)
        runs = list(sessions.items())
    else:
        runs = [("", [docname for docname, _talk in talks])]
    groups = []
    for session, docnames in runs:
        for start in range(0, len(docnames), most):
            part = docnames[start : start + most]
            first, last = domain.talks[part[0]].abstract_number, domain.talks[part[-1]].abstract_number
            numbers = _("Talks %d–%d") % (first, last) if first != last else _("Talk %d") % first
            groups.append((f"{session}: {numbers}" if session else numbers, part))
    return groups


def relation_id(docname: str, other: str) -> str:
    """The id of a relation's entry in the list, under ``docname``'s talk."""
    return nodes.make_id(f"relation {docname} {other}")


def map_dot(
    domain: TalksDomain,
    relations: dict[str, list[tuple[str, str]]],
    urls: dict[str, str],
    shown: list[str] | None = None,
    line_urls: bool = False,
) -> str:
    """Graphviz source: a box per talk (speaker, short title), a line per relation.

    With ``shown``, only those talks, and as dashed boxes the talks outside them they relate
    to: each relation stays visible from both of its pictures. With ``line_urls``, each line
    links to its reason in the list (inline pictures only: the links are the page's own)."""

    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    inside = set(shown) if shown is not None else set(domain.talks)
    outside = {other for doc in inside for other, _reason in relations.get(doc, []) if other not in inside}
    whole = shown is None and len(domain.talks) <= FDP_LIMIT
    lines = [
        "graph conference {",
        # fdp packs the unrelated talks closest of Graphviz's force layouts (measured: 1005 x 580 pt
        # for the 23 talks, against 1366 x 694 for neato), so the map stays readable at full size;
        # fdp's time grows quadratically (8 s for 230 talks here), sfdp's less (0.1 s for a
        # picture of 100 talks, against 0.5 s with fdp).
        "  graph ["
        + ("layout=fdp" if whole else "layout=sfdp, overlap=prism")
        # start=1: a fixed seed. Without it fdp's starting positions vary from run to run (2 layouts
        # in 60 runs of the same source), so a clean build and an incremental one drew different maps.
        + ', start=1, sep="+4", splines=true, outputorder=edgesfirst, bgcolor=transparent];',
        f'  node [{BOX}, fontname="Helvetica", fontsize=11, margin="0.12,0.06"];',
        f'  edge [color="{LINE}", penwidth=1.5];',
    ]
    for docname, talk in domain.in_booklet_order():
        if docname not in inside and docname not in outside:
            continue
        short = textwrap.shorten(talk.title or _("title not yet received"), width=60, placeholder=" …")
        label = talk.speaker + "\n" + "\n".join(textwrap.wrap(short, 30))
        # The tooltip is the box's link's accessible name too: speaker and whole title.
        named = f"{talk.speaker}: {talk.title}" if talk.title else display_title(talk)
        attributes = [f"label={quote(label)}", f"tooltip={quote(named)}"]
        if docname in outside:
            attributes.append('style="rounded,dashed", fillcolor="white", class="outside"')
        if docname in urls:
            attributes += [f"URL={quote(urls[docname])}", 'target="_top"']
        lines.append(f"  {quote(docname)} [{', '.join(attributes)}];")
    for docname, found in sorted(relations.items()):
        for other, reason in found:
            if (docname < other or other not in inside) and docname in inside:
                attributes = [f"tooltip={quote(reason_text(reason))}"]
                if line_urls:
                    first, second = sorted((docname, other))
                    attributes.append(f"URL={quote('#' + relation_id(first, second))}")
                lines.append(f"  {quote(docname)} -- {quote(other)} [{', '.join(attributes)}];")
    lines.append("}")
    return "\n".join(lines)


def inline_svg(builder: Builder) -> bool:
    """Inline SVG on the site; the EPUB keeps files (inline SVG must be declared per page)."""
    return builder.name in SITE_BUILDERS


def talk_link(builder: Builder, fromdoc: str, domain: TalksDomain, docname: str) -> nodes.paragraph:
    """The speaker, then the title linked to the talk. The link is made resolved: thousands of
    links on a large conference's map page would each cost a pending reference."""
    talk = domain.talks[docname]
    paragraph = nodes.paragraph()
    if talk.title:  # an untitled talk's display title names its speaker already
        paragraph += nodes.Text(f"{talk.speaker}: ")
    paragraph += doc_link(builder, fromdoc, docname, display_title(talk))
    return paragraph


def relation_list(builder: Builder, fromdoc: str, domain: TalksDomain, relations) -> list[nodes.Node]:
    """Every talk, and each relation with its reason: the map in text."""
    items = nodes.bullet_list(classes=["map-relations"])
    for docname, _talk in domain.in_booklet_order():
        item = nodes.list_item("", talk_link(builder, fromdoc, domain, docname))
        found = relations.get(docname, [])
        if not found:
            item[0] += nodes.Text(" — " + _("no related talk"))
        related = nodes.bullet_list()
        for other, reason in found:
            entry = talk_link(builder, fromdoc, domain, other)
            entry += nodes.Text(f" — {reason_text(reason)}")
            related += nodes.list_item("", entry, ids=[relation_id(docname, other)])
        if found:
            item += related
        items += item
    return [section_heading(_("Talks and their relations")), items]


def fill_maps(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace map placeholders by the pictures and the list; several pictures (see
    ``map_groups``) come with a list of links to each. Its links are made resolved (no
    pending references), so this runs once the page is resolved."""
    domain = app.env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    if docname in domain.talks:  # no walk through the thousands of talk pages (no map in them)
        return
    relations = domain.data.get("relations", {})
    builder = app.builder
    for placeholder in list(doctree.findall(conference_map)):
        urls = {}
        if builder.format == "html":
            urls = {doc: builder.get_relative_uri(docname, doc) for doc in domain.talks}
        line_urls = inline_svg(builder)
        groups = map_groups(domain, app.config.proceedings_map_talks)
        text = relation_list(builder, docname, domain, relations)
        if len(groups) == 1:
            picture = map_picture_node(domain, relations, urls, docname, None, line_urls, "")
            placeholder.replace_self([picture, *text])
            continue
        jumps = nodes.bullet_list(classes=["map-index"])
        pictures: list[nodes.Node] = []
        for index, (heading, docnames) in enumerate(groups):
            anchor = f"map-{index + 1}"
            link = nodes.reference(heading, heading, refid=anchor)
            jumps += nodes.list_item("", nodes.paragraph("", "", link))
            title = section_heading(heading)
            title["ids"].append(anchor)
            picture = map_picture_node(domain, relations, urls, docname, docnames, line_urls, heading)
            pictures += [title, picture]
        placeholder.replace_self([jumps, *pictures, *text])


def map_picture_node(domain, relations, urls, docname, shown, line_urls, heading) -> map_picture:
    node = map_picture()
    node["code"] = map_dot(domain, relations, urls, shown, line_urls)
    node["options"] = {"docname": docname}
    alt = _("Map of the talks: each box a talk, each line a relation between two talks")
    node["alt"] = f"{alt} ({heading})" if heading else alt
    node["classes"] = ["conference-map"]
    return node


def svg_for_page(svg_text: str) -> tuple[str, float]:
    """Graphviz's SVG made a part of an HTML page, and its natural width in CSS pixels.

    At its natural width, shrunk to the column's when wider (never enlarged); without ids
    (several pictures on a page would repeat Graphviz's ``graph0``) and without the ``<title>``
    of boxes and lines (their page names); each link's tooltip becomes its ``<title>``, its
    accessible name; each line gets a wide transparent twin, so a finger can touch it."""
    ET.register_namespace("", SVG)
    root = ET.fromstring(svg_text)
    width = float(root.get("width", "0pt").removesuffix("pt") or 0) * 4 / 3
    for attribute in ("width", "height", "id"):
        root.attrib.pop(attribute, None)
    root.set("class", "conference-map")
    # Its natural width, or the column's when narrower (proceedings.css: max-width).
    root.set("style", f"width: {width:.0f}px")
    root.set("focusable", "false")
    for parent in root.iter():
        for child in list(parent):
            if child.tag == f"{{{SVG}}}title":
                parent.remove(child)
        parent.attrib.pop("id", None)
    for link in root.iter(f"{{{SVG}}}a"):
        href = link.attrib.pop(f"{{{XLINK}}}href", None)
        tooltip = link.attrib.pop(f"{{{XLINK}}}title", None)
        link.attrib.pop("target", None)
        if href is not None:
            link.set("href", href)
        if tooltip:
            title = ET.Element(f"{{{SVG}}}title")
            title.text = tooltip
            link.insert(0, title)
        path = link.find(f"{{{SVG}}}path")
        if href and href.startswith("#") and path is not None:
            twin = {"d": path.get("d", ""), "class": "hit", "fill": "none", "stroke": "transparent"}
            link.insert(1, ET.Element(f"{{{SVG}}}path", {**twin, "stroke-width": "14"}))
    return ET.tostring(root, encoding="unicode"), width


def html_visit_map_picture(self, node: map_picture) -> None:
    if not inline_svg(self.builder):
        epub_picture(self, node)  # never returns: the picture is done
    config = self.builder.config
    command = [config.graphviz_dot, *config.graphviz_dot_args, "-Tsvg"]
    try:
        done = subprocess.run(command, input=node["code"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        not_drawn(node, getattr(error, "stderr", "") or error)
    svg, width = svg_for_page(done.stdout)
    label = html.escape(node["alt"], quote=True)
    full, fit = html.escape(_("Show at full size"), quote=True), html.escape(_("Fit to the page"), quote=True)
    self.body.append(
        f'<div class="conference-map-frame" role="region" tabindex="0" aria-label="{label}" '
        f'data-width="{width:.0f}" data-full="{full}" data-fit="{fit}">{svg}</div>\n'
    )
    raise nodes.SkipNode


def epub_picture(self, node: map_picture) -> NoReturn:
    """Graphviz's SVG file as an ``<img>`` with the map's name as its alternative text (Graphviz's
    own ``<object>`` has none a reader is given once the picture loads)."""
    try:
        relfn, _outfn = render_dot(self, node["code"], node["options"], "svg")
    except GraphvizError as error:
        not_drawn(node, error)
    alt = html.escape(node["alt"], quote=True)
    self.body.append(f'<div class="graphviz"><img src="{relfn}" alt="{alt}" class="conference-map" /></div>')
    raise nodes.SkipNode


def not_drawn(node: map_picture, error: object) -> NoReturn:
    """Graphviz failed: the build says so, and the page goes on without the picture."""
    message = _("the map could not be drawn: %s")
    logger.warning(message, error, location=node, type="proceedings", subtype="map")
    raise nodes.SkipNode


def depart_nothing(self, node: map_picture) -> None:
    """Never reached: the visitor skips the node's children and departure."""


def add_map_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The full-size button's script, on the pages that show a map only."""
    if pagename not in app.env.domains["talks"].overview_pages or doctree is None:
        return
    if inline_svg(app.builder) and any(doctree.findall(map_picture)):
        app.add_js_file(MAP_SCRIPT, defer="defer")


def setup(app: Sphinx) -> None:
    app.setup_extension("sphinx.ext.graphviz")
    app.add_config_value("proceedings_map_talks", FDP_LIMIT, "html", types=[int])
    app.add_node(conference_map)
    app.add_node(map_picture, html=(html_visit_map_picture, depart_nothing))
    app.add_directive("conference-map", ConferenceMapDirective)
    app.connect("doctree-resolved", fill_maps)
    app.connect("html-page-context", add_map_script)
