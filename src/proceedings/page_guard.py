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
    if not is_talk(docname, app.config.proceedings_talks_dir):
        return
    text = source[0]
    try:
        parse_talk(text, docname)
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
    if refusals:
        front, _body, _line = split_front_matter(text)
        source[0] = f"---\n{front}---\n\n{REFUSED}"
