"""Outputs of what no longer exists are removed, so an incremental site equals a clean one.

Sphinx writes the pages of the documents it has and never deletes one: a deleted or renamed
talk would stay on the site with an outdated sidebar, and every version of the conference
map would stay in ``_images``. After each HTML build, the pages (and copied sources) of talks
that are gone are removed, and the map pictures that no overview page shows any more.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

from proceedings.sphinxext.domain import TalksDomain
from proceedings.sphinxext.published_pdfs import SITE_BUILDERS

MAP_TITLE = "<ns0:title>conference</ns0:title>"  # the graph name map_dot gives the conference map
GRAPHVIZ_FILE = re.compile(r"graphviz-[0-9a-f]+\.(?:svg|png|map)")


def remove_stale_outputs(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    outdir = Path(app.outdir)
    talks_dir = app.config.proceedings_talks_dir.rstrip("/")
    suffix = app.builder.out_suffix
    for page in (outdir / talks_dir).glob(f"*{suffix}"):
        docname = f"{talks_dir}/{page.name[: -len(suffix)]}"
        if docname not in app.env.all_docs:
            page.unlink()
            for source in (outdir / "_sources" / talks_dir).glob(f"{page.name[: -len(suffix)]}.*"):
                source.unlink()
    remove_stale_maps(app, outdir)


def remove_stale_maps(app: Sphinx, outdir: Path) -> None:
    """Map pictures no overview page refers to (overview pages are few: read them back)."""
    domain = app.env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    shown = set()
    for docname in domain.overview_pages:
        page = outdir / app.builder.get_target_uri(docname)
        if page.is_file():
            shown.update(GRAPHVIZ_FILE.findall(page.read_text(encoding="utf-8")))
    for picture in (outdir / "_images").glob("graphviz-*.svg"):
        if picture.name not in shown and MAP_TITLE in picture.read_text(encoding="utf-8", errors="replace"):
            picture.unlink()


def setup(app: Sphinx) -> None:
    app.connect("build-finished", remove_stale_outputs)
