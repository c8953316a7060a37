"""The ``talk-list`` directive: every talk, in booklet order, with no hand-kept list.

At read time it finds the talk pages and orders a (hidden) toctree by their
metadata, so the navigation and the PDF follow the booklet. The visible list is a
placeholder filled once every talk has been read, from the domain.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from proceedings.locale import _
from proceedings.model.talk import TalkError, load_talk
from proceedings.safety.policy import is_talk
from proceedings.sphinxext.domain import TalksDomain
from proceedings.sphinxext.texts import display_title


class talk_list(nodes.General, nodes.Element):
    """Placeholder replaced by the list of talks after reading."""


def talk_docnames(env: BuildEnvironment) -> list[str]:
    """Talk documents in booklet order, read from their own front matter."""
    ordered = []
    for docname in sorted(env.found_docs):
        if not is_talk(docname, env.config.proceedings_talks_dir):
            continue
        try:
            number = load_talk(env.doc2path(docname)).abstract_number
        except TalkError:
            # Listed last: the page reports its own error when read, and only that one.
            number = float("inf")
        ordered.append((number, docname))
    return [docname for _number, docname in sorted(ordered)]


class TalkListDirective(SphinxDirective):
    """``{talk-list}``: a toctree of all talks and a reader-facing list of them."""

    has_content = False
    option_spec = {"caption": str}

    def run(self) -> list[nodes.Node]:
        docnames = talk_docnames(self.env)
        for docname in docnames:
            self.env.note_dependency(str(Path(self.env.doc2path(docname))))
        domain = self.env.domains["talks"]
        assert isinstance(domain, TalksDomain)
        domain.talk_lists.add(self.env.docname)
        toctree = addnodes.toctree()
        toctree["parent"] = self.env.docname
        toctree["entries"] = [(None, docname) for docname in docnames]
        toctree["includefiles"] = list(docnames)
        toctree["maxdepth"] = 1
        toctree["caption"] = self.options.get("caption", _("Talks"))
        toctree["glob"] = False
        toctree["hidden"] = True
        toctree["includehidden"] = False
        toctree["numbered"] = 0
        toctree["titlesonly"] = True
        wrapper = nodes.compound(classes=["toctree-wrapper"])
        wrapper += toctree
        self.set_source_info(toctree)
        return [wrapper, talk_list()]


def fill_talk_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace placeholders by "Speaker — Title" links, in booklet order."""
    domain = app.env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    if docname in domain.talks:  # talk pages cannot hold one: no walk through thousands of them
        return
    for placeholder in list(doctree.findall(talk_list)):
        if app.builder.format != "html":
            # The printed book has its table of contents instead.
            placeholder.parent.remove(placeholder)
            continue
        items = nodes.bullet_list(classes=["talk-list"])
        for talk_docname, talk in domain.in_booklet_order():
            paragraph = nodes.paragraph()
            paragraph += nodes.strong(text=talk.speaker)
            paragraph += nodes.Text(" — ")
            uri = app.builder.get_relative_uri(docname, talk_docname)
            paragraph += nodes.reference("", display_title(talk), internal=True, refuri=uri)
            items += nodes.list_item("", paragraph)
        placeholder.replace_self(items)


def lists_to_reread(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """A talk added or removed changes every list of talks."""
    domain = env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    if any(is_talk(docname, env.config.proceedings_talks_dir) for docname in added | removed):
        return sorted(domain.talk_lists)
    return []


def pages_showing_talk_titles(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page's sidebar (and previous/next links, the lists of talks, the map) shows the
    talks' titles and speakers in booklet order, and the titles of the landing page's other
    pages: when any of that changes, rewrite them all.

    Sphinx rewrites only re-read pages, which would leave the others' navigation stale. What
    they showed is kept in the talks domain, so the next build can compare.
    """
    domain = env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    before, now = domain.navigation, domain.current_navigation()
    domain.navigation = now
    if before is not None and before != now:
        return sorted(env.found_docs)
    return []


def setup(app: Sphinx) -> None:
    app.add_node(talk_list)
    app.add_directive("talk-list", TalkListDirective)
    app.connect("env-get-outdated", lists_to_reread)
    app.connect("env-get-updated", pages_showing_talk_titles)
    app.connect("doctree-resolved", fill_talk_lists)
