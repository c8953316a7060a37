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
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from proceedings.model.authors import Name, comparable
from proceedings.sphinxext.domain import TalksDomain
from proceedings.sphinxext.headings import section_heading
from proceedings.sphinxext.related_talks import doc_reference

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


def map_dot(domain: TalksDomain, relations: dict[str, list[tuple[str, str]]], urls: dict[str, str]) -> str:
    """Graphviz source: a box per talk (speaker, short title), an edge per relation."""

    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        "graph conference {",
        # fdp packs the unrelated talks closest of Graphviz's force layouts (measured: 1005 x 580 pt
        # for the 23 talks, against 1366 x 694 for neato), so the map stays readable at full size;
        # fdp's time grows quadratically (8 s for 230 talks here), sfdp's near-linearly.
        "  graph ["
        + ("layout=fdp" if len(domain.talks) <= FDP_LIMIT else "layout=sfdp, overlap=prism")
        + ', sep="+4", splines=true, outputorder=edgesfirst];',
        '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#4a6fa5", '
        'fontname="Helvetica", fontsize=11, margin="0.12,0.06"];',
        '  edge [color="#8aa1c1"];',
    ]
    for docname, talk in domain.in_booklet_order():
        short = textwrap.shorten(talk.title or "title not yet received", width=60, placeholder=" …")
        label = talk.speaker + "\n" + "\n".join(textwrap.wrap(short, 30))
        attributes = [f"label={quote(label)}", f"tooltip={quote(talk.display_title)}"]
        if docname in urls:
            attributes += [f"URL={quote(urls[docname])}", 'target="_top"']
        lines.append(f"  {quote(docname)} [{', '.join(attributes)}];")
    for docname, found in sorted(relations.items()):
        for other, reason in found:
            if docname < other:
                lines.append(f"  {quote(docname)} -- {quote(other)} [tooltip={quote(reason)}];")
    lines.append("}")
    return "\n".join(lines)


def fill_maps(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace map placeholders by a Graphviz figure, its boxes linked to the talks in HTML."""
    domain = app.env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    for placeholder in list(doctree.findall(conference_map)):
        urls = {}
        if app.builder.format == "html":
            urls = {doc: app.builder.get_relative_uri(placeholder["docname"], doc) for doc in domain.talks}
        node = graphviz()
        node["code"] = map_dot(domain, domain.data.get("relations", {}), urls)
        node["options"] = {"docname": placeholder["docname"]}
        node["alt"] = "Map of the talks: each box a talk, each line a relation between two talks"
        node["classes"] = ["conference-map"]
        placeholder.replace_self(node)


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
                for index, (talk_doc, role) in enumerate(people[name]):
                    if index:
                        paragraph += nodes.Text("; ")
                    paragraph += doc_reference(docname, talk_doc, domain.talks[talk_doc].display_title)
                    if role != "speaker":
                        paragraph += nodes.Text(f" ({role})")
                items += nodes.list_item("", paragraph)
            result.append(items)
        return result


def setup(app: Sphinx) -> None:
    app.setup_extension("sphinx.ext.graphviz")
    app.add_node(author_index)
    app.add_node(conference_map)
    app.add_directive("author-index", AuthorIndexDirective)
    app.add_directive("conference-map", ConferenceMapDirective)
    app.add_post_transform(FillOverviewPages)
    app.connect("doctree-resolved", fill_maps)
