"""Talk pages as files: what is refused before MyST reads a page (Sphinx's ``source-read``).

A talk file must be a regular file (not a symbolic link: an author's tarball could point it
anywhere), with a plain name (it becomes a URL, a script string, a LaTeX label), in UTF-8,
and within the size budget; otherwise it is left out of the build by name. Its front matter
is the project's metadata, validated by :mod:`proceedings.model.talk`; MyST never sees it (a
refused front matter gives MyST a notice instead of the page). What MyST then parses is
checked by :mod:`proceedings.safety.talk_parser`.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from proceedings.locale import _
from proceedings.model.talk import TalkError, parse_talk, split_front_matter
from proceedings.safety.policy import MAX_PAGE_BYTES, PAGE_NAME, REFUSED_NOTICE, is_talk

logger = logging.getLogger(__name__)


def refused_notice() -> str:
    """What a reader sees instead of a refused page (MyST source), in the build's language."""
    return f"**{_(REFUSED_NOTICE)}**\n"


def guard_talk_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """Hand MyST the body only, its front matter as blank lines; a refused front matter, a notice.

    The front matter is turned into the page's header by
    :class:`~proceedings.sphinxext.talk_page.TalkHeader`; MyST would only parse the YAML again (twice
    per page) into fields nobody shows. The blank lines keep every line number of the body
    as the editor sees it in the file.
    """
    if not is_talk(docname, app.config.proceedings_talks_dir):
        return
    text = source[0]
    try:
        parse_talk(text, app.env.doc2path(docname))  # the page's header reads it the same way
    except TalkError:
        # Reported by the page's header; MyST must not read it either (per-page parser
        # settings, YAML that expands without bound).
        source[0] = refused_notice()
        return
    _front, body, body_line = split_front_matter(text)
    source[0] = "\n" * (body_line - 1) + body


# Control characters TeX refuses ("invalid character") and XML may not hold; tab and newlines are text.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def file_problem(path: Path, talks_dir: Path) -> str | None:
    """Why a talk file cannot be read at all, or None."""
    if path.parent != talks_dir:
        return f"talk pages lie directly in {talks_dir.name}/, not in a subfolder (names become addresses)"
    if not PAGE_NAME.match(path.stem):
        return "the file name may use only letters, digits, _ and - (it becomes the page's address)"
    try:
        info = os.lstat(path)
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return "is a symbolic link; a talk page must be a regular file inside the project"
    if talks_dir.is_symlink() or path.resolve().parent != talks_dir.resolve():
        return "lies outside the project (a symbolic link on its way)"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if info.st_size > MAX_PAGE_BYTES:
        return f"the page is larger than {MAX_PAGE_BYTES // 1000} kB"
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return f"not valid UTF-8 (byte {error.start})"
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    if match := CONTROL.search(text):
        line = text.count("\n", 0, match.start()) + 1
        return f"line {line} holds the control character U+{ord(match.group()):04X}"
    return None


def skip_unreadable_pages(app: Sphinx, env, docnames: list[str]) -> None:
    """A talk file that cannot be read safely is refused by name and left out of the build.

    Sphinx would otherwise follow the link, read any size, or abort the whole build on a
    file it cannot decode.
    """
    for docname in list(docnames):
        if not is_talk(docname, app.config.proceedings_talks_dir):
            continue
        talks_dir = Path(app.srcdir) / app.config.proceedings_talks_dir.rstrip("/")
        path = Path(env.doc2path(docname))
        if (problem := file_problem(path, talks_dir)) is not None:
            logger.warning(f"refused: {problem}", location=str(path), type="proceedings", subtype="unsafe")
            docnames.remove(docname)
            env.found_docs.discard(docname)


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", skip_unreadable_pages)
    app.connect("source-read", guard_talk_page)
