"""Talk pages are checked before MyST parses them (Sphinx's ``source-read``).

A refused page is replaced by a notice before MyST sees it, so nothing it asked for
(a file, raw HTML, a script link, per-page parser settings in front matter) reaches
any output; each refusal is a warning naming the page and line, so ``-W`` fails the
build with the same messages ``proceedings check`` prints.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from .model import TalkError, parse_talk, split_front_matter
from .safety import check_page
from .talk_page import is_talk

logger = logging.getLogger(__name__)

REFUSED = "**This abstract was refused by the project's safety policy; see the build log.**\n"


def guard_talk_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """Refuse unsafe pages; hand MyST the body only, its front matter as blank lines.

    The front matter is this project's metadata, validated by :mod:`proceedings.model` and
    turned into the page's header by :class:`~proceedings.talk_page.TalkHeader`; MyST would
    only parse the YAML again (twice per page) into fields nobody shows. The blank lines
    keep every line number of the body as the editor sees it in the file.
    """
    if not is_talk(docname, app.config.proceedings_talks_dir):
        return
    text = source[0]
    try:
        parse_talk(text, app.env.doc2path(docname))  # the page's header reads it the same way
    except TalkError:
        # The metadata is reported by the page's header; MyST must not read it either
        # (per-page parser settings, YAML that expands without bound).
        source[0] = REFUSED
        return
    refusals = check_page(text, docname, Path(app.srcdir))
    for refusal in refusals:
        logger.warning(
            f"refused: {refusal.message}",
            location=(docname, refusal.line or None),
            type="proceedings",
            subtype="unsafe",
        )
    _front, body, body_line = split_front_matter(text)
    source[0] = "\n" * (body_line - 1) + (REFUSED if refusals else body)


def skip_undecodable_pages(app: Sphinx, env, docnames: list[str]) -> None:
    """A talk page that is not UTF-8 is refused by name instead of stopping Sphinx.

    Sphinx aborts the whole build on a file it cannot decode; the page is taken out of
    the build (and of the list of talks) with a warning instead.
    """
    for docname in list(docnames):
        if not is_talk(docname, app.config.proceedings_talks_dir):
            continue
        try:
            Path(env.doc2path(docname)).read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            logger.warning(
                f"refused: not valid UTF-8 (byte {error.start})",
                location=docname,
                type="proceedings",
                subtype="unsafe",
            )
            docnames.remove(docname)
            env.found_docs.discard(docname)
