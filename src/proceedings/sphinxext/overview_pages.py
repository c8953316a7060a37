"""The index of authors: every person the talks name, by surname, with their talks.

It is a placeholder filled after reading, from the talks domain, and rewritten whenever what
it shows changes (see ``related_talks.update_relations``).
"""

from __future__ import annotations

from collections import defaultdict

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.docutils import SphinxDirective

from proceedings.model.authors import Name, comparable
from proceedings.sphinxext.domain import TalksDomain
from proceedings.sphinxext.headings import section_heading
from proceedings.sphinxext.related_talks import doc_link
from proceedings.sphinxext.texts import display_title, role_name


class author_index(nodes.General, nodes.Element):
    """Replaced by the index of every person the talks name."""


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


def fill_author_indexes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace author-index placeholders by the index, its links made resolved (``doc_link``):
    at 1,000 talks, resolving its pending references took 0.7 s while Sphinx writes this page
    alone, before its parallel writers start."""
    domain = app.env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    if docname in domain.talks:  # talk pages cannot hold one (the talk-page policy)
        return
    for placeholder in list(doctree.findall(author_index)):
        placeholder.replace_self(author_list(app.builder, domain, placeholder["docname"]))


def author_list(builder: Builder, domain: TalksDomain, docname: str) -> list[nodes.Node]:
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
                paragraph += doc_link(builder, docname, talk_doc, display_title(domain.talks[talk_doc]))
                if part != "speaker":
                    paragraph += nodes.Text(f" ({role_name(part)})")
            items += nodes.list_item("", paragraph)
        result.append(items)
    return result


def setup(app: Sphinx) -> None:
    app.add_node(author_index)
    app.add_directive("author-index", AuthorIndexDirective)
    app.connect("doctree-resolved", fill_author_indexes)
