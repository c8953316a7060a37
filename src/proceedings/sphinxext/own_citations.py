"""Each talk cites only its own references.

Talks number their references from [1], so numeric labels repeat across pages; a
citation of another talk's entry would be ambiguous. This check makes that an error.
"""

from __future__ import annotations

from collections import defaultdict

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)


def check_own_citations(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn for every cited key that is not listed in the citing page's bibliography."""
    cite = env.domains["cite"]
    listed: dict[str, set[str]] = defaultdict(set)
    open_lists: set[str] = set()
    for key, bibliography in cite.bibliographies.items():
        listed[key.docname].update(bibliography.keys)
        if not bibliography.keys:
            open_lists.add(key.docname)  # lists whatever the page cites
    for reference in cite.citation_refs:
        if reference.docname in open_lists:
            continue
        for target in reference.targets:
            if target.key in listed.get(reference.docname, ()):
                continue
            problem = (
                "which its bibliography does not list"
                if reference.docname in listed
                else "but the page has no bibliography"
            )
            logger.warning(
                f"cites '{target.key}', {problem}",
                location=(reference.docname, reference.line),
                type="proceedings",
                subtype="citation",
            )


def setup(app: Sphinx) -> None:
    app.connect("env-updated", check_own_citations)
