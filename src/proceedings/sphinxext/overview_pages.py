"""Pages about the whole conference: the index of authors and the map of related talks.

Both are placeholders filled after reading, from the talks domain and the relations,
and are rewritten whenever what they show changes (see ``related_talks.update_relations``).
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.ext.graphviz import graphviz
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from proceedings.model.authors import Name, comparable
from proceedings.sphinxext.domain import TalksDomain
from proceedings.sphinxext.headings import section_heading
from proceedings.sphinxext.related_talks import doc_reference
from proceedings.sphinxext.texts import display_title, role_name

FDP_LIMIT = 150


class author_index(nodes.General, nodes.Element):
    """Replaced by the index of every person the talks name."""


class conference_map(nodes.General, nodes.Element):
    """Replaced by a graph of the talks and their relations."""


class _OverviewDirective(SphinxDirective):
    node_class: type[nodes.Element]

    def run(self) -> list[nodes.Node]:
        domain = self.env.domains["talks"]
        assert isinstance(domain, TalksDomain)
        domain.overview_pages.add(self.env.docname)
        return [self.node_class(docname=self.env.docname)]


class AuthorIndexDirective(_OverviewDirective):
    """``{author-index}``: speakers, co-authors and collaborators, by surname."""

    node_class = author_index


class ConferenceMapDirective(_OverviewDirective):
    """``{conference-map}``: one node per talk, one edge per relation (Graphviz)."""

    node_class = conference_map


def people_by_name(domain: TalksDomain) -> dict[str, list[tuple[str, str]]]:
    """Index form of each person -> [(talk docname, role)], names merged as the PDF index does."""
    canonical = domain.data.get("canonical_names", {})
    people: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for docname, talk in domain.in_booklet_order():
        roles = {talk.speaker: "speaker"}
        roles.update({name: "co-author" for name in talk.coauthors if name not in roles})
        roles.update({name: "collaborator" for name in talk.collaborators if name not in roles})
        for printed, role in roles.items():
            entry = (docname, role)
            if entry not in people[canonical.get(printed, printed)]:
                people[canonical.get(printed, printed)].append(entry)
    return people


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


def map_dot(
    domain: TalksDomain,
    relations: dict[str, list[tuple[str, str]]],
    urls: dict[str, str],
    shown: list[str] | None = None,
) -> str:
    """Graphviz source: a box per talk (speaker, short title), an edge per relation.

    With ``shown``, only those talks, and as dashed boxes the talks outside them they relate
    to: each relation stays visible from both of its pictures."""

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
        + ', sep="+4", splines=true, outputorder=edgesfirst];',
        '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#4a6fa5", '
        'fontname="Helvetica", fontsize=11, margin="0.12,0.06"];',
        '  edge [color="#8aa1c1"];',
    ]
    for docname, talk in domain.in_booklet_order():
        if docname not in inside and docname not in outside:
            continue
        short = textwrap.shorten(talk.title or "title not yet received", width=60, placeholder=" …")
        label = talk.speaker + "\n" + "\n".join(textwrap.wrap(short, 30))
        attributes = [f"label={quote(label)}", f"tooltip={quote(talk.display_title)}"]
        if docname in outside:
            attributes.append('style="rounded,dashed", fillcolor="white"')
        if docname in urls:
            attributes += [f"URL={quote(urls[docname])}", 'target="_top"']
        lines.append(f"  {quote(docname)} [{', '.join(attributes)}];")
    for docname, found in sorted(relations.items()):
        for other, reason in found:
            if (docname < other or other not in inside) and docname in inside:
                lines.append(f"  {quote(docname)} -- {quote(other)} [tooltip={quote(reason)}];")
    lines.append("}")
    return "\n".join(lines)


def fill_maps(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace map placeholders by Graphviz pictures, their boxes linked to the talks in HTML;
    several pictures (see ``map_groups``) come with a list of links to each."""
    domain = app.env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    relations = domain.data.get("relations", {})
    for placeholder in list(doctree.findall(conference_map)):
        urls = {}
        if app.builder.format == "html":
            urls = {doc: app.builder.get_relative_uri(placeholder["docname"], doc) for doc in domain.talks}
        groups = map_groups(domain, app.config.proceedings_map_talks)
        if len(groups) == 1:
            placeholder.replace_self(map_picture(domain, relations, urls, placeholder["docname"], None))
            continue
        jumps = nodes.bullet_list(classes=["map-index"])
        pictures: list[nodes.Node] = []
        for index, (heading, docnames) in enumerate(groups):
            anchor = f"map-{index + 1}"
            jumps += nodes.list_item(
                "", nodes.paragraph("", "", nodes.reference(heading, heading, refid=anchor))
            )
            title = section_heading(heading)
            title["ids"].append(anchor)
            pictures += [title, map_picture(domain, relations, urls, placeholder["docname"], docnames)]
        placeholder.replace_self([jumps, *pictures])


def map_picture(domain, relations, urls, docname: str, shown: list[str] | None) -> graphviz:
    node = graphviz()
    node["code"] = map_dot(domain, relations, urls, shown)
    node["options"] = {"docname": docname}
    node["alt"] = _("Map of the talks: each box a talk, each line a relation between two talks")
    node["classes"] = ["conference-map"]
    return node


class FillOverviewPages(SphinxPostTransform):
    """Fill author indexes before references are resolved (priority 5)."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        domain = self.env.domains["talks"]
        assert isinstance(domain, TalksDomain)
        for placeholder in list(self.document.findall(author_index)):
            placeholder.replace_self(self.author_list(domain, placeholder["docname"]))

    def author_list(self, domain: TalksDomain, docname: str) -> list[nodes.Node]:
        people = people_by_name(domain)
        by_letter: dict[str, list[str]] = defaultdict(list)
        surnames = domain.surnames()
        parsed = {name: Name.parse(name, surnames.get(name)) for name in people}
        for name in sorted(people, key=lambda n: (comparable(parsed[n].sort_form), n)):
            by_letter[comparable(parsed[name].surname)[:1].upper()].append(name)
        # A-Z jumps: the letters as headings (screen readers list them) and a line of links to them.
        jumps = nodes.paragraph(classes=["author-index-letters"])
        result: list[nodes.Node] = [jumps]
        for index, (letter, names) in enumerate(by_letter.items()):
            anchor = f"authors-{index}"  # letters of any script make valid ids this way
            jumps += [nodes.Text(" · ")] if index else []
            jumps += nodes.reference(letter, letter, refid=anchor)
            heading = section_heading(letter)
            heading["ids"].append(anchor)
            result.append(heading)
            items = nodes.bullet_list(classes=["author-index"])
            for name in names:
                paragraph = nodes.paragraph()
                paragraph += nodes.strong(text=parsed[name].sort_form)
                paragraph += nodes.Text(" — ")
                for index, (talk_doc, part) in enumerate(people[name]):
                    if index:
                        paragraph += nodes.Text("; ")
                    paragraph += doc_reference(docname, talk_doc, display_title(domain.talks[talk_doc]))
                    if part != "speaker":
                        paragraph += nodes.Text(f" ({role_name(part)})")
                items += nodes.list_item("", paragraph)
            result.append(items)
        return result


def setup(app: Sphinx) -> None:
    app.setup_extension("sphinx.ext.graphviz")
    app.add_config_value("proceedings_map_talks", FDP_LIMIT, "html", types=[int])
    app.add_node(author_index)
    app.add_node(conference_map)
    app.add_directive("author-index", AuthorIndexDirective)
    app.add_directive("conference-map", ConferenceMapDirective)
    app.add_post_transform(FillOverviewPages)
    app.connect("doctree-resolved", fill_maps)
