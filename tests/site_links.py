"""Every link of a built site followed offline: what a reader clicking through would not find.

Reads each HTML page's ``href``, ``src``, ``srcset`` and ``data`` attributes, resolves relative
ones against the page, and reports targets that are not in the site: a missing file, or a
``#fragment`` that the target page does not define. External addresses (``https:``,
``mailto:``) are not fetched; any other scheme is reported, since a site should have none.
"""

from __future__ import annotations

import html.parser
import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

EXTERNAL = {"http", "https", "mailto"}
LINK_ATTRIBUTES = {"href", "src", "data"}


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            elif name in LINK_ATTRIBUTES:
                self.links.append(value)
            elif name == "srcset":
                self.links += [part.split()[0] for part in value.split(",") if part.strip()]


@cache
def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> list[Path]:
    """The site's pages: every HTML file but the theme's Jinja macro files it copies to ``_static``."""
    return [page for page in sorted(site.rglob("*.html")) if page.relative_to(site).parts[0] != "_static"]


def missing_targets(site: Path) -> list[tuple[str, str]]:
    """(page, link) for every link of every page under ``site`` whose target is not there."""
    _parse.cache_clear()
    missing = []
    for page in pages(site):
        relative = page.relative_to(site).as_posix()
        for link in _parse(page).links:
            if not _found(site, relative, link):
                missing.append((relative, link))
    return missing


def linked_pages(site: Path, page: str) -> set[str]:
    """The site's pages (paths from its root) that ``page`` links to, as a reader without script
    would follow them: ``<a href>`` and the like in the HTML, nothing a script adds."""
    linked = set()
    for link in _parse(site / page).links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path.endswith((".html", "/")):
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
        if (site / target).is_dir():
            target = posixpath.join(target, "index.html")
        if (site / target).is_file():
            linked.add(target)
    return linked


def _found(site: Path, page: str, link: str) -> bool:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return parts.scheme in EXTERNAL
    if parts.path:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
        if target.startswith("../") or target == "..":
            return False  # outside the site
    else:
        target = page
    path = site / target
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        return False
    if parts.fragment and path.suffix == ".html":
        return unquote(parts.fragment) in _parse(path).ids
    return True
