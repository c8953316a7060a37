"""sphinxcontrib-bibtex, made to scale to a thousand talks with a bibliography each.

Upstream (2.7.0, pinned, whose code the overrides mirror) does three things whose cost
grows with bibliographies × entries of the .bib file × citations of the site:

- after reading, for every bibliography it compares every entry with every citation, and
  orders citations by looking each page up in the list of all pages. The domain below
  indexes the citations once per build (key → citing pages, page → position) and
  formats each entry once; the lists are the same (a test compares them with upstream's).
  This was 13.8 of 15 profiled seconds of a 1,000-talk no-op rebuild.
- every ``{bibliography}`` keeps a target node for every entry of the .bib file, because
  which entries a filter selects is known only after reading. With ``:filter: False``
  (how every talk lists its references) only the listed keys can appear, so the
  directive below keeps nodes for those alone. At 1,000 talks the unpruned nodes were
  6.4 of the environment's 11 MB, which a parallel build pickles once per batch of pages.
- each resolved citation looks pybtex's plain-text back end up by name, scanning the
  installed packages' metadata; it is registered once as a runtime plugin.

And every build formatted every entry again, half of a 1,000-talk no-op rebuild; the
formatted entries are kept in the environment, keyed by style, label and the entry's
content, so a rebuild formats only what changed.

Domain and directive replace upstream's under the same names, so pages, roles and
pickled environments are unaffected.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import inspect
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import pybtex.plugin
from pybtex import __version__ as pybtex_version
from pybtex.richtext import Tag
from pybtex.style import FormattedEntry
from pybtex.style.template import FieldIsMissing
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.bibtex.bibfile import BibData
from sphinxcontrib.bibtex.directives import BibliographyDirective
from sphinxcontrib.bibtex.domain import BibtexDomain, _FilterVisitor

from proceedings.locale import _
from proceedings.sphinxext import parallel_read
from proceedings.sphinxext.headings import section_heading

logger = logging.getLogger(__name__)


class IndexedBibtexDomain(BibtexDomain):
    """The ``cite`` domain; citations are indexed once when the environment is updated."""

    _cited_in: dict[str, set[str]] | None = None
    _cited_keys: list[str] | None = None
    _styles: dict[str, Any] | None = None
    _formatted: dict[tuple, tuple] | None = None  # this build's formatted entries
    _orders: dict[tuple, dict[str, int]] | None = None  # bib files -> each key's place, this build
    _first_cited: dict[str, int] | None = None  # key -> its first citation's place, this build
    _reformatted: set[str] = frozenset()  # pages whose entries this build formatted anew
    only_keys: frozenset[str] | None = None  # set by ListedKeysBibliography while it runs

    def env_updated(self) -> Iterable[str]:
        cited_in: dict[str, set[str]] = defaultdict(set)
        for reference in self.citation_refs:
            for target in reference.targets:
                cited_in[target.key].add(reference.docname)
        self._cited_in, self._styles, self._formatted, self._orders = cited_in, {}, {}, {}
        self._reformatted: set[str] = set()
        try:
            result = super().env_updated()
            # Kept in the environment: the next build formats only what changed.
            self.data["formatted_entries"] = self._formatted
            self.data["preformatted"] = {}  # this build's alone
            # Pages showing an entry formatted anew (its list, and the tooltips of its citations),
            # for instance after the style changed: upstream rewrites none of them.
            return sorted(set(result) | (self._reformatted & self.env.found_docs))
        finally:
            self._cited_in = self._cited_keys = self._styles = self._formatted = self._orders = None
            self._first_cited = None

    def get_entries(self, bibfiles: list) -> Iterator[Any]:
        """Upstream's entries, or only the keys a ``:filter: False`` bibliography lists."""
        entries = super().get_entries(bibfiles)
        if self.only_keys is None:
            return entries
        return (entry for entry in entries if entry.key in self.only_keys)

    def get_all_cited_keys(self, docnames: list[str]) -> Iterator[str]:
        """Cited keys in page order, then citation order (upstream sorts with list.index).

        The order is the same for every bibliography of a build, so ``env_updated``
        computes it once."""
        if self._cited_in is None:  # called outside env_updated: nothing to remember
            return iter(self._cited_keys_in_order(docnames))
        if self._cited_keys is None:
            self._cited_keys = self._cited_keys_in_order(docnames)
        return iter(self._cited_keys)

    def get_sorted_entries(self, bibliography_key: Any, docnames: list[str]) -> Iterator[tuple[str, Any]]:
        """Upstream's order (cited entries by first citation in the site, then the others in
        bib-file order), from each key's first citation looked up, not by walking every citation
        of the site for every bibliography (quadratic: 10,000 talks took 17 times 1,000)."""
        if self._cited_in is None:
            yield from super().get_sorted_entries(bibliography_key, docnames)
            return
        if self._first_cited is None:
            self._first_cited = {}
            for index, key in enumerate(self.get_all_cited_keys(docnames)):
                self._first_cited.setdefault(key, index)
        yield from _in_citation_order(dict(self.get_filtered_entries(bibliography_key)), self._first_cited)

    def _cited_keys_in_order(self, docnames: list[str]) -> list[str]:
        position = {docname: index for index, docname in enumerate(docnames)}
        references = sorted(self.citation_refs, key=lambda reference: position[reference.docname])
        return [target.key for reference in references for target in reference.targets]

    def get_filtered_entries(self, bibliography_key: Any) -> Iterator[tuple[str, Any]]:
        """Upstream's filter, with the pages citing an entry looked up instead of searched."""
        if self._cited_in is None:
            yield from super().get_filtered_entries(bibliography_key)
            return
        bibliography = self.bibliographies[bibliography_key]
        if _selects_nothing(bibliography.filter_):
            # ``:filter: False``, as on every talk page: the listed keys, looked up in bib-file
            # order, not every entry of the site tested (quadratic in the number of talks).
            yield from self._listed_entries(bibliography)
            return
        for entry in self.get_entries(bibliography.bibfiles):
            key = bibliography.keyprefix + entry.key
            cited_docnames = self._cited_in.get(key, set())
            visitor = _FilterVisitor(
                entry=entry, docname=bibliography_key.docname, cited_docnames=cited_docnames
            )
            try:
                success = visitor.visit(bibliography.filter_)
            except ValueError as err:
                logger.warning(
                    f"syntax error in :filter: expression; {err}",
                    location=(bibliography_key.docname, bibliography.line),
                    type="bibtex",
                    subtype="filter_syntax_error",
                )
                success = bool(cited_docnames)
            if success or entry.key in bibliography.keys:
                yield key, entry

    def _listed_entries(self, bibliography: Any) -> Iterator[tuple[str, Any]]:
        """The entries a ``:filter: False`` list names, in bib-file order (upstream's)."""
        order = self._order_in(tuple(bibliography.bibfiles))
        for key in sorted((key for key in bibliography.keys if key in order), key=order.__getitem__):
            yield bibliography.keyprefix + key, self.bibdata.data.entries[key]

    def _order_in(self, bibfiles: tuple) -> dict[str, int]:
        """Each key of these bib files -> its place in them (upstream's order), once per build."""
        if bibfiles not in self._orders:
            keys = (key for bibfile in bibfiles for key in self.bibdata.bibfiles[bibfile].keys)
            self._orders[bibfiles] = {key: index for index, key in enumerate(dict.fromkeys(keys))}
        return self._orders[bibfiles]

    def _style(self, name: str) -> Any:
        """One pybtex style object per name and build (each lookup scans package metadata)."""
        styles = self._styles if self._styles is not None else {}
        if name not in styles:
            styles[name] = pybtex.plugin.find_plugin("pybtex.style.formatting", name)()
        return styles[name]

    def get_formatted_entries(
        self, bibliography_key: Any, docnames: list[str], tooltips: bool, tooltips_style: str
    ) -> Iterator[tuple[Any, FormattedEntry, FormattedEntry | None]]:
        """Upstream's formatting; an entry whose tooltip has the list's style is formatted once.

        Kept from the last build (``formatted_entries``) or formatted by a read worker with the
        same label (``preformatted``), an entry is not formatted again here."""
        bibliography = self.bibliographies[bibliography_key]
        entries = dict(self.get_sorted_entries(bibliography_key, docnames))
        previous = self.data.get("formatted_entries", {})
        preformatted = self.data.get("preformatted", {})
        for key, label, entry, style, tooltip_style in self._labelled(
            bibliography, entries, tooltips, tooltips_style
        ):
            try:
                if key in previous and "crossref" not in entry.fields:  # a parent may have changed
                    formatted, tooltip = previous[key]
                else:
                    if key in preformatted and "crossref" not in entry.fields:
                        formatted, tooltip = preformatted[key]
                    else:
                        formatted, tooltip = _format(label, entry, style, tooltip_style)
                    self._reformatted.add(bibliography_key.docname)
                    self._reformatted.update((self._cited_in or {}).get(entry.key, ()))
                if self._formatted is not None:
                    self._formatted[key] = (formatted, tooltip)
                yield entry, formatted, tooltip
            except FieldIsMissing as exc:
                logger.warning(
                    str(exc),
                    location=(bibliography_key.docname, bibliography.line),
                    type="bibtex",
                    subtype="missing_field",
                )
                yield entry, FormattedEntry(entry.key, Tag("b", str(exc)), label), None

    def _labelled(
        self, bibliography: Any, entries: dict[str, Any], tooltips: bool, tooltips_style: str
    ) -> Iterator[tuple[tuple, str, Any, Any, Any]]:
        """(cache key, label, entry, style, tooltip style) of each entry of a list, in its order."""
        style = self._style(bibliography.style)
        tooltip_style = (self._style(tooltips_style) if tooltips_style else style) if tooltips else None
        sorted_entries = style.sort(entries.values())
        labels = style.format_labels(sorted_entries)
        identity = (
            style_identity(style),
            style_identity(tooltip_style) if tooltip_style is not None else None,
        )
        for label, entry in zip(labels, sorted_entries, strict=True):
            label = bibliography.labelprefix + label
            yield (identity, label, _fingerprint(entry)), label, entry, style, tooltip_style

    def preformat(self, docname: str) -> None:
        """In a read worker: format the page's ``:filter: False`` lists now, in parallel.

        Upstream formats every list of the site after reading, in the main process alone (a
        fifth of a 3,000-talk build). A worker cannot know a list's final order (cited entries
        by their first citation in the whole site), so it assumes this page's own order;
        ``get_formatted_entries`` uses the result only where the label came out the same."""
        first_cited: dict[str, int] = {}
        for reference in self.citation_refs:  # this worker's batch only (drop_other_pages)
            if reference.docname == docname:
                for target in reference.targets:
                    first_cited.setdefault(target.key, len(first_cited))
        config = self.env.config
        for bibliography_key, bibliography in self.bibliographies.items():
            if bibliography_key.docname != docname or not _selects_nothing(bibliography.filter_):
                continue
            listed = dict(self._listed_entries(bibliography))
            entries = dict(_in_citation_order(listed, first_cited))
            for key, label, entry, style, tooltip_style in self._labelled(
                bibliography, entries, config.bibtex_tooltips, config.bibtex_tooltips_style
            ):
                with contextlib.suppress(FieldIsMissing):  # formatted again after reading, reported
                    self.preformatted[key] = _format(label, entry, style, tooltip_style)

    @property
    def preformatted(self) -> dict[tuple, tuple]:
        """Entries formatted by read workers this build, keyed as ``formatted_entries``."""
        return self.data.setdefault("preformatted", {})

    def merge_domaindata(self, docnames: Any, otherdata: dict[str, Any]) -> None:
        super().merge_domaindata(docnames, otherdata)
        self.preformatted.update(otherdata.get("preformatted", {}))

    def drop_other_pages(self) -> None:
        """In a read worker (``parallel_read``): keep only what the main process merges, and
        send the parsed .bib back as a reference to the main process's unchanged copy."""
        for name in ("citations", "citation_refs"):
            self.data[name] = []
        for name in ("bibliographies", "formatted_entries", "preformatted"):
            self.data[name] = {}
        self._styles, self._orders = {}, {}  # per name, per bib files: for this worker's life


def _in_citation_order(entries: dict[str, Any], first_cited: dict[str, int]) -> Iterator[tuple[str, Any]]:
    """Upstream's order of a list: cited entries by first citation, then the others as given."""
    entries = dict(entries)
    for key in sorted((key for key in entries if key in first_cited), key=first_cited.__getitem__):
        yield key, entries.pop(key)
    yield from entries.items()


def _format(label: str, entry: Any, style: Any, tooltip_style: Any) -> tuple[FormattedEntry, Any]:
    """An entry formatted for the list, and for its citations' tooltips (None: no tooltips)."""
    formatted = style.format_entry(label, entry)
    if tooltip_style is None:
        return formatted, None
    if tooltip_style is style:
        return formatted, formatted
    return formatted, tooltip_style.format_entry(label, entry)


def _fingerprint(entry: Any) -> tuple:
    """Everything of an entry a style formats: its key, type, fields and people."""
    people = tuple(
        (role, tuple(str(person) for person in persons)) for role, persons in entry.persons.items()
    )
    return (entry.key, entry.type, tuple(entry.fields.items()), people)


class ListedKeysBibliography(BibliographyDirective):
    """``{bibliography}``; with ``:filter: False`` only the listed entries get target nodes."""

    def run(self) -> list:
        env = self.state.document.settings.env
        heading = [section_heading(_("References"))] if env.config.proceedings_references_heading else []
        domain = env.domains["cite"]
        if not (isinstance(domain, IndexedBibtexDomain) and _never_true(self.options.get("filter"))):
            return heading + super().run()
        domain.only_keys = frozenset(self.content)  # upstream's nodes are made from get_entries
        try:
            return heading + super().run()
        finally:
            domain.only_keys = None


def _never_true(filter_text: str | None) -> bool:
    """The filter is the constant ``False`` (or ``0``, ``None``, ``''``): it selects nothing."""
    try:
        return bool(filter_text) and _selects_nothing(ast.parse(filter_text))
    except SyntaxError:
        return False  # upstream reports it


def _selects_nothing(tree: ast.AST) -> bool:
    """The same, for the parsed filter a bibliography keeps."""
    body = tree.body if isinstance(tree, ast.Module) else None
    return (
        isinstance(body, list)
        and len(body) == 1
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and not body[0].value.value
    )


class ReaderBibData(BibData):
    """The parsed .bib files, held by the process that reads and merges the pages.

    Reading never changes them and upstream merges none back from a read worker, so a worker
    pickles a reference to the main process's copy instead of every entry of the site (once
    per batch of pages: 31 times 0.55 s of unpickling at 3,000 talks, growing as pages^1.5).
    Written to disk by the main process, it is upstream's plain ``BibData``."""

    owner: int

    def __reduce__(self) -> tuple:
        if os.getpid() == self.owner:
            return BibData, tuple(self)
        return parallel_read.shared, (id(self),)


def share_bibdata(app: Sphinx) -> None:
    """After upstream parsed (or kept) the .bib files: held as ``ReaderBibData``."""
    domain = app.env.domains["cite"]
    shared = ReaderBibData(*domain.data["bibdata"])
    shared.owner = os.getpid()
    parallel_read.share(shared)
    domain.data["bibdata"] = shared


def drop_other_pages(app: Sphinx, env: Any) -> None:
    domain = env.domains["cite"]
    if isinstance(domain, IndexedBibtexDomain):
        domain.drop_other_pages()


def preformat_in_worker(app: Sphinx, doctree: Any) -> None:
    domain = app.env.domains["cite"]
    if isinstance(domain, IndexedBibtexDomain) and parallel_read.in_read_worker(app.env):
        domain.preformat(app.env.docname)


def remember_plaintext_backend(app: Any) -> None:
    """Each resolved citation asks pybtex for its plain-text back end by name, which scans
    the installed packages' metadata every time (1.9 s for 258 citations, profiled).
    Registered as a runtime plugin (the same class; ``force`` because the entry point
    exists), the lookup is a dictionary hit."""
    backend = pybtex.plugin.find_plugin("pybtex.backends", "plaintext")
    pybtex.plugin.register_plugin("pybtex.backends", "plaintext", backend, force=True)


def style_identity(style: Any) -> tuple:
    """What a formatted entry depends on besides the entry: the style's class and code, its
    settings (label, name, sorting styles, options) and pybtex's version; not its name alone,
    which a project may point at another class or configure differently."""
    settings = tuple(sorted((name, _describe(value)) for name, value in vars(style).items()))
    return (*_class_identity(type(style)), settings, pybtex_version)


@functools.cache
def _class_identity(cls: type) -> tuple[str, str, str | None]:
    try:
        source = hashlib.sha256(inspect.getsource(cls).encode()).hexdigest()
    except (OSError, TypeError):
        source = None
    return cls.__module__, cls.__qualname__, source


def _describe(value: Any) -> str:
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return repr([_describe(item) for item in value])
    if isinstance(value, dict):
        return repr(sorted((str(key), _describe(item)) for key, item in value.items()))
    kind = f"{type(value).__module__}.{type(value).__qualname__}"
    return kind + (_describe(vars(value)) if hasattr(value, "__dict__") else "")


def setup(app: Sphinx) -> None:
    app.setup_extension("sphinxcontrib.bibtex")
    app.add_domain(IndexedBibtexDomain, override=True)
    app.add_directive("bibliography", ListedKeysBibliography, override=True)
    # A "References" heading over each list, translated (conf.py's bibtex_bibliography_header
    # would be one language's text).
    app.add_config_value("proceedings_references_heading", False, "env", types=[bool])
    app.connect("builder-inited", remember_plaintext_backend)
    app.connect("builder-inited", share_bibdata, priority=900)  # after upstream parsed the files
    app.connect(parallel_read.EVENT, drop_other_pages)  # parallel_read is set up before this
    app.connect("doctree-read", preformat_in_worker)
