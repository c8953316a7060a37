"""The headings the project adds to pages, made one way for the site and the book."""

from __future__ import annotations

from docutils import nodes


def section_heading(text: str) -> nodes.rubric:
    """A label the project adds under a page's title ("Related talks", "Cite this talk"): an
    ``h2`` on the site, so screen readers can jump between them; in the book an unnumbered
    heading outside the contents and the bookmarks (a rubric)."""
    return nodes.rubric(text=text, **{"heading-level": 2})
