"""Related talks on every talk page, with their reasons, as checked cross-references.

Relations depend on all talks, so they are derived after reading (``env-updated``),
never merged; a page whose relations changed is rewritten even if it was not re-read.
The block is a placeholder filled by a post-transform before Sphinx resolves
references, so each link is a real ``:doc:`` reference (checked, with page numbers in
the PDF).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from proceedings.locale import _
from proceedings.model.authors import merge_names
from proceedings.model.relations import TalkFacts, related_talks
from proceedings.sphinxext.domain import TalksDomain
from proceedings.sphinxext.headings import section_heading
from proceedings.sphinxext.texts import display_title, reason_text

logger = logging.getLogger(__name__)


class related_placeholder(nodes.General, nodes.Element):
    """Replaced by the "Related talks" block of its talk."""


def cited_people(env: BuildEnvironment) -> dict[str, tuple[str, ...]]:
    """Authors of the entries each page lists or cites, as "P. Antonelli".

    One pass over the bibliographies and citations: per page, it would be quadratic in the
    number of talks (10,000 talks: 10,000 passes over 10,000 bibliographies).
    """
    cite = env.domains["cite"]
    keys: dict[str, list[str]] = defaultdict(list)
    for key, bibliography in cite.bibliographies.items():
        keys[key.docname] += bibliography.keys
    for ref in cite.citation_refs:
        keys[ref.docname] += [target.key for target in ref.targets]
    entries = cite.bibdata.data.entries
    people: dict[str, tuple[str, ...]] = {}
    for docname, cited in keys.items():
        people[docname] = tuple(
            " ".join(person.first_names + person.middle_names + person.last_names)
            for key in dict.fromkeys(cited)
            if key in entries
            for person in entries[key].persons.get("author", [])
        )
    return people


def compute_relations(env: BuildEnvironment) -> dict[str, list[tuple[str, str]]]:
    domain = env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    talks_dir = env.config.proceedings_talks_dir.rstrip("/")
    cited = cited_people(env)
    facts = {
        docname: TalkFacts(talk, domain.texts.get(docname, ""), cited.get(docname, ()))
        for docname, talk in domain.talks.items()
    }
    added: dict[tuple[str, str], str] = {}
    removed: set[tuple[str, str]] = set()
    for docname, talk in domain.talks.items():
        for name, reason in talk.related:
            other = f"{talks_dir}/{name}"
            if other not in facts:
                logger.warning(
                    f"related talk '{name}' is not a talk page",
                    location=docname,
                    type="proceedings",
                    subtype="related",
                )
                continue
            added[tuple(sorted((docname, other)))] = reason
        for name in talk.unrelated:
            removed.add(tuple(sorted((docname, f"{talks_dir}/{name}"))))
    relations = related_talks(facts, added, removed, domain.data.get("canonical_names"))
    return {doc: [(r.other, r.reason) for r in found] for doc, found in relations.items()}


def update_relations(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Recompute relations; return the pages that show something that changed."""
    domain = env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    # Name forms depend on every talk: derived once per build, used by every page.
    domain.data["canonical_names"] = merge_names([n for talk in domain.talks.values() for n in talk.people])[
        0
    ]
    new = compute_relations(env)
    domain.data["relations"] = new
    # What each page's "Related talks" shows: the other talks' speakers and titles too.
    old = domain.data.get("related_shown", {})
    shown = {
        doc: tuple(
            (other, reason, domain.talks[other].speaker, display_title(domain.talks[other]))
            for other, reason in found
        )
        for doc, found in new.items()
    }
    domain.data["related_shown"] = shown
    changed = {doc for doc in set(old) | set(shown) if old.get(doc) != shown.get(doc)}
    people_before = domain.data.get("people_snapshot")
    # Surnames too: they decide where the index of authors files a person.
    domain.data["people_snapshot"] = {doc: (talk.people, talk.surnames) for doc, talk in domain.talks.items()}
    if changed or people_before != domain.data["people_snapshot"]:
        changed |= domain.overview_pages & env.found_docs
    return sorted(changed & env.found_docs)


class FillRelatedTalks(SphinxPostTransform):
    """Turn placeholders into a rubric and a list of ``:doc:`` references with reasons.

    Priority 5: before Sphinx's ``ReferencesResolver`` (10) resolves the references.
    """

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        domain = self.env.domains["talks"]
        assert isinstance(domain, TalksDomain)
        relations = domain.data.get("relations", {})
        for placeholder in list(self.document.findall(related_placeholder)):
            found = relations.get(placeholder["docname"], [])
            block = nodes.container(classes=["related-talks"])
            block += section_heading(_("Related talks"))
            if not found:
                block += nodes.paragraph(
                    text=_("No other talk shares its people, its references' authors or its subject terms.")
                )
                placeholder.replace_self(block)
                continue
            items = nodes.bullet_list()
            for other, reason in found:
                talk = domain.talks[other]
                paragraph = nodes.paragraph()
                paragraph += nodes.Text(f"{talk.speaker}: ")
                paragraph += doc_reference(placeholder["docname"], other, display_title(talk))
                paragraph += nodes.Text(f" — {reason_text(reason)}")
                items += nodes.list_item("", paragraph)
            block += items
            placeholder.replace_self(block)


def doc_reference(fromdoc: str, todoc: str, text: str) -> addnodes.pending_xref:
    """A ``:doc:`` reference, resolved and checked by Sphinx like one written by hand."""
    xref = addnodes.pending_xref(
        "", refdomain="std", reftype="doc", reftarget=f"/{todoc}", refdoc=fromdoc, refexplicit=True
    )
    xref += nodes.inline(text, text)
    return xref


def doc_link(builder: Builder, fromdoc: str, todoc: str, text: str) -> nodes.reference:
    """The link Sphinx resolves a ``:doc:`` reference to, made directly, for a page filled once
    it is resolved: the index of authors or the map of a large conference would each hold
    thousands of pending references, resolved in the main process one page after another."""
    return make_refnode(builder, fromdoc, todoc, None, nodes.inline(text, text, classes=["doc"]))


def setup(app: Sphinx) -> None:
    app.add_node(related_placeholder)
    app.add_post_transform(FillRelatedTalks)
    app.connect("env-updated", update_relations)
