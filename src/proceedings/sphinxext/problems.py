"""Problems the build reports on every build, not only when the page is read.

Sphinx warns about a page only while reading it: a page refused once would pass the next
build, which does not read it again. The refusals are recorded in the talks domain
instead, and reported here on every build, with the problems that concern several pages
(two talks with one booklet number), so a failed build stays failed until the pages are fixed.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from proceedings.sphinxext.domain import TalksDomain

logger = logging.getLogger(__name__)


def report_problems(app: Sphinx, env: BuildEnvironment) -> None:
    domain = env.domains["talks"]
    assert isinstance(domain, TalksDomain)
    for docname in sorted(domain.refusals):
        for line, message, subtype in domain.refusals[docname]:
            logger.warning(message, location=(docname, line or None), type="proceedings", subtype=subtype)
    numbers: dict[int, list[str]] = defaultdict(list)
    for docname, talk in domain.talks.items():
        numbers[talk.abstract_number].append(docname)
    for number, docnames in sorted(numbers.items()):
        if len(docnames) > 1:
            files = " and ".join(_shown(app, env.doc2path(docname)) for docname in sorted(docnames))
            logger.warning(
                f"abstract number {number} is used by {files}",
                location=sorted(docnames)[0],
                type="proceedings",
                subtype="metadata",
            )


def _shown(app: Sphinx, path) -> str:
    """A file as the editor names it: relative to the project (the configuration folder)."""
    try:
        return Path(path).relative_to(app.confdir).as_posix()
    except ValueError:
        return str(path)


def setup(app: Sphinx) -> None:
    app.connect("env-updated", report_problems)
