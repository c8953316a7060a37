"""The PDFs the site publishes: the whole book and each talk's offprint, linked only if they exist.

``make offprints`` writes them under ``build/pdf/`` in the site's own layout (the book as
``proceedings.pdf``, each offprint beside its talk page as ``talks/<talk>.pdf``, as Google
Scholar wants) with ``offprints.json``, the record of the book's pages each talk occupies.
``make html`` copies what that folder holds into the site and links it from the talk pages;
a site built without the PDFs links none, so no link of a built site is broken.

Links and citation tags are decided when pages are written, from the record kept in the
talks domain; a page is rewritten whenever its entry in the record changes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.osutil import copyfile, relative_uri

from proceedings.locale import _
from proceedings.sphinxext.domain import TalksDomain

logger = logging.getLogger(__name__)

RECORD = "offprints.json"
BOOK = "proceedings.pdf"
SITE_BUILDERS = ("html", "dirhtml")


def offprint_path(docname: str) -> str:
    """Where a talk's offprint lives, relative to the site's root: beside the talk's page."""
    return f"{docname}.pdf"


def record_text(pages: dict[str, tuple[str, str]]) -> str:
    """The record ``offprints.json``: each talk's offprint and the book's pages it occupies."""
    talks = {
        docname: {"file": offprint_path(docname), "first_page": first, "last_page": last}
        for docname, (first, last) in pages.items()
    }
    return json.dumps({"book": BOOK, "talks": talks}, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def read_record(pdf_dir: str) -> dict[str, Any]:
    """What ``pdf_dir`` really holds: the book if present, and the talks whose offprint exists.

    A missing or unreadable record means no offprints; nothing is linked that is not there.
    """
    published: dict[str, Any] = {"book": None, "talks": {}}
    if not pdf_dir:
        return published
    folder = Path(pdf_dir)
    if (folder / BOOK).is_file():
        published["book"] = BOOK
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        talks = record["talks"]
    except (OSError, ValueError, KeyError, TypeError):
        return published
    for docname, entry in talks.items():
        if not isinstance(entry, dict) or entry.get("file") != offprint_path(docname):
            continue
        if (folder / entry["file"]).is_file():
            published["talks"][docname] = {key: str(entry.get(key, "")) for key in entry}
    return published


def published(env: BuildEnvironment) -> dict[str, Any]:
    domain = env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    return domain.published_pdfs


def refresh_record(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Take in what the PDF folder holds now; rewrite the talk pages whose links change."""
    if app.builder.name not in SITE_BUILDERS:
        return []
    before, now = published(env), read_record(app.config.proceedings_pdf_dir)
    if before == now:
        return []
    domain = env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    domain.published_pdfs = now
    if before.get("book") != now["book"]:
        return sorted(domain.talks)
    changed = {name for name in {*before.get("talks", {}), *now["talks"]} if name in domain.talks}
    return sorted(d for d in changed if before.get("talks", {}).get(d) != now["talks"].get(d))


class talk_pdf_links(nodes.General, nodes.Element):
    """Where a talk page links its PDFs; filled when the page is written, for the site only."""


def fill_pdf_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Link the offprint and the book that exist; on other builders, or with none, link nothing."""
    for placeholder in list(doctree.findall(talk_pdf_links)):
        line = None
        if app.builder.name in SITE_BUILDERS and app.config.proceedings_pdf_links:
            line = pdf_line(app, placeholder["docname"])
        if line is None:
            placeholder.parent.remove(placeholder)
        else:
            placeholder.replace_self(line)


def pdf_line(app: Sphinx, docname: str) -> nodes.paragraph | None:
    record = published(app.env)
    here = app.builder.get_target_uri(docname)
    links = []
    if (offprint := record["talks"].get(docname)) is not None:
        links.append((_("this talk"), offprint["file"]))
    if record["book"]:
        links.append((_("the whole book"), record["book"]))
    if not links:
        return None
    line = nodes.paragraph(classes=["talk-pdf"])
    line += nodes.Text(_("PDF:") + " ")
    for index, (text, target) in enumerate(links):
        if index:
            line += nodes.Text(" · ")
        line += nodes.reference("", text, refuri=relative_uri(here, target))
    return line


def copy_pdfs(app: Sphinx, exception: Exception | None) -> None:
    """Copy the recorded PDFs into the site; remove PDFs of talks no longer recorded."""
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    record, outdir = published(app.env), Path(app.outdir)
    source = Path(app.config.proceedings_pdf_dir)
    wanted = {entry["file"] for entry in record["talks"].values()}
    if record["book"]:
        wanted.add(record["book"])
    for relative in sorted(wanted):
        if not _same_file(source / relative, outdir / relative):
            (outdir / relative).parent.mkdir(parents=True, exist_ok=True)
            copyfile(source / relative, outdir / relative, force=True)
    talks_dir = outdir / app.config.proceedings_talks_dir
    stale = [*talks_dir.glob("*.pdf"), *([outdir / BOOK] if (outdir / BOOK).exists() else [])]
    for path in stale:
        if path.relative_to(outdir).as_posix() not in wanted:
            path.unlink()


def _same_file(source: Path, copy: Path) -> bool:
    """A copy made by copyfile keeps the source's size and modification time to the nanosecond,
    so neither is read again (Sphinx's own check compares every byte of every offprint, on
    every build)."""
    if not copy.exists():
        return False
    original, copied = source.stat(), copy.stat()
    return (original.st_size, original.st_mtime_ns) == (copied.st_size, copied.st_mtime_ns)


def setup(app: Sphinx) -> None:
    app.add_config_value("proceedings_pdf_links", True, "html", types=[bool])
    # The folder `make offprints` fills; empty: the site publishes no PDF.
    app.add_config_value("proceedings_pdf_dir", "", "html", types=[str])
    app.add_node(talk_pdf_links)
    app.connect("env-get-updated", refresh_record)
    app.connect("doctree-resolved", fill_pdf_links)
    app.connect("build-finished", copy_pdfs)
