"""Turning a talk page's front matter into what a reader sees at the top of the page."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinxcontrib.bibtex.nodes import bibliography as bibliography_node

from proceedings.book.latex import talk_toc_line
from proceedings.locale import _
from proceedings.model.authors import Name
from proceedings.model.talk import Status, Talk, TalkError, load_talk
from proceedings.safety.policy import is_talk
from proceedings.safety.tex_math import INLINE_MATH
from proceedings.sphinxext.domain import TalksDomain
from proceedings.sphinxext.published_pdfs import talk_pdf_links
from proceedings.sphinxext.related_talks import related_placeholder
from proceedings.sphinxext.scholar import cite_block, conference_of
from proceedings.sphinxext.texts import display_title
from proceedings.sphinxext.texts import status_notice as notice_text


def title_node(text: str) -> nodes.title:
    """The title, with ``$…$`` in it typeset as math rather than shown as TeX."""
    title = nodes.title(text)
    last = 0
    for match in INLINE_MATH.finditer(text):
        title += nodes.Text(text[last : match.start()])
        title += nodes.math(match.group(0), match.group(1))
        last = match.end()
    title += nodes.Text(text[last:])
    return title


def byline(talk: Talk) -> nodes.paragraph:
    """Speaker, co-authors (with affiliations where printed) and corresponding e-mail."""
    affiliations = dict(talk.affiliations)
    line = nodes.paragraph(classes=["talk-byline"])
    line += nodes.strong(text=talk.speaker, classes=["talk-speaker"])
    if talk.speaker in affiliations:
        line += nodes.Text(f" ({affiliations[talk.speaker]})")
    if talk.coauthors:
        label = _("co-authors:") if len(talk.coauthors) > 1 else _("co-author:")
        line += nodes.Text(" — " + label + " ")
        for index, name in enumerate(talk.coauthors):
            if index:
                line += nodes.Text(", ")
            line += nodes.inline(text=name, classes=["talk-coauthor"])
            if name in affiliations:
                line += nodes.Text(f" ({affiliations[name]})")
    if talk.email:
        line += nodes.Text(" — " + _("corresponding author:") + " ")
        line += nodes.reference(talk.email, talk.email, refuri=f"mailto:{talk.email}")
    return line


def programme_line(talk: Talk) -> nodes.paragraph | None:
    """Where the talk sits in the programme, as the source names it (type, track, session, board)."""
    parts = [
        (label, value)
        for label, value in (
            ("", talk.contribution_type),
            (_("Track:") + " ", talk.track),
            (_("Session:") + " ", talk.session),
            (_("Board:") + " ", talk.board_number),
        )
        if value
    ]
    if not parts:
        return None
    line = nodes.paragraph(classes=["talk-programme"])
    for index, (label, value) in enumerate(parts):
        line += nodes.Text((" · " if index else "") + label)
        line += nodes.inline(text=value)
    return line


def status_notice(talk: Talk) -> nodes.Element | None:
    """A visible, machine-checkable notice for a talk with a gap."""
    if talk.status is Status.COMPLETE:
        return None
    notice = nodes.note(classes=["talk-status", f"talk-status-{talk.status.value}"])
    notice += nodes.paragraph(text=notice_text(talk.status))
    return notice


class people_index(nodes.General, nodes.Element):
    """Where a talk's people enter the back index; filled once every talk is read,
    because the form of a name ("B. Schlein" or "Benjamin Schlein") depends on all talks."""


def people_index_placeholder(docname: str) -> list[nodes.Node]:
    target_id = nodes.make_id(f"people-{docname}")
    return [people_index(docname=docname, target_id=target_id), nodes.target("", "", ids=[target_id])]


def fill_people_index(app, doctree: nodes.document, docname: str) -> None:
    """Index entries ("Surname, Given names") for the printed book; nothing elsewhere."""
    domain = app.env.domains["talks"]
    placeholders = list(doctree.findall(people_index))
    if app.builder.format != "latex":
        for placeholder in placeholders:
            placeholder.parent.remove(placeholder)
        return
    if not placeholders:
        return
    canonical = domain.data.get("canonical_names", {})
    surnames = domain.surnames()
    for placeholder in placeholders:
        talk = domain.talks.get(placeholder["docname"])
        if talk is None:
            placeholder.parent.remove(placeholder)
            continue
        names = dict.fromkeys(canonical.get(name, name) for name in talk.people)
        entries = [
            ("single", Name.parse(name, surnames.get(name)).sort_form, placeholder["target_id"], "", None)
            for name in names
        ]
        placeholder.replace_self(addnodes.index(entries=entries, inline=False))


def has_abstract(document: nodes.document) -> bool:
    """Whether the page says anything beyond its reference list."""
    return any(
        not isinstance(child, (bibliography_node, nodes.target, nodes.comment, nodes.system_message))
        for child in document.children
    )


class TalkHeader(SphinxTransform):
    """Give each talk page its title, byline and status from the validated front matter.

    The page body holds only the abstract; the title comes from the metadata so the
    two can never disagree (MyST never sees the front matter: see ``page_guard``). Runs before
    Sphinx collects titles and tables of contents.
    """

    default_priority = 400

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        if not is_talk(docname, self.config.proceedings_talks_dir):
            return
        try:
            talk = load_talk(self.env.doc2path(docname))
        except TalkError as error:
            domain = self.env.domains["talks"]
            assert isinstance(domain, TalksDomain)
            domain.refuse(docname, error.line, error.message, "metadata")
            return
        domain = self.env.domains["talks"]
        assert isinstance(domain, TalksDomain)
        if talk.status is Status.COMPLETE and not has_abstract(self.document):
            domain.refuse(docname, 0, "status 'complete' but the page has no abstract", "metadata")
        text = f"{talk.title or ''}\n{self.document.astext()}"
        section = nodes.section(classes=["talk"])
        section["ids"].append(nodes.make_id(f"talk-{talk.abstract_number}"))
        section += title_node(display_title(talk))
        section += talk_toc_line(names=", ".join(talk.authors), speaker=talk.speaker, docname=docname)
        section += people_index_placeholder(docname)
        section += byline(talk)
        if (programme := programme_line(talk)) is not None:
            section += programme
        if (notice := status_notice(talk)) is not None:
            section += notice
        section += talk_pdf_links(docname=docname)
        section.extend(list(self.document.children))
        section += related_placeholder(docname=docname)
        if (conference := conference_of(self.env)) is not None:
            # The cite block and the meta tags show the conference: its file is an input.
            self.env.note_dependency(self.config.proceedings_conference_path)
            section += cite_block(talk, conference, docname)
        self.document.children = []
        self.document += section
        domain.add_talk(docname, talk, text)


def setup(app: Sphinx) -> None:
    app.add_transform(TalkHeader)
    app.add_node(people_index)
    app.connect("doctree-resolved", fill_people_index)
