"""Cross-document talk data, kept the Sphinx way: per document, purged and merged."""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any

from sphinx.domains import Domain

from proceedings.model.talk import Talk
from proceedings.sphinxext.texts import display_title


class TalksDomain(Domain):
    """Every talk page's validated metadata, keyed by docname.

    Derived views (booklet order) are computed from this on demand, never stored,
    so a parallel or incremental build sees the same data as a full one.
    """

    name = "talks"
    label = "Talks"
    data_version = 1
    initial_data: dict[str, Any] = {
        "talks": {},
        "texts": {},
        "talk_lists": set(),
        "overview_pages": set(),
        "published_pdfs": {"book": None, "talks": {}},
        "refusals": {},
        "labels": {},
        "page_numbers": {},
        "navigation": None,
    }

    @property
    def talks(self) -> dict[str, Talk]:
        return self.data.setdefault("talks", {})

    @property
    def texts(self) -> dict[str, str]:
        """Title and abstract of each talk as plain text, for the relation rule."""
        return self.data.setdefault("texts", {})

    @property
    def overview_pages(self) -> set[str]:
        """Pages that show data of every talk (author index, map): rewritten when it changes."""
        return self.data.setdefault("overview_pages", set())

    @property
    def talk_lists(self) -> set[str]:
        """Documents that list all talks, re-read when a talk is added or removed."""
        return self.data.setdefault("talk_lists", set())

    @property
    def published_pdfs(self) -> dict[str, Any]:
        """The PDFs the site last published (see ``published_pdfs``): not per document."""
        return self.data.setdefault("published_pdfs", {"book": None, "talks": {}})

    @published_pdfs.setter
    def published_pdfs(self, record: dict[str, Any]) -> None:
        self.data["published_pdfs"] = record

    @property
    def refusals(self) -> dict[str, list[tuple[int, str, str]]]:
        """What the policy refused in each page: (line, message, warning subtype).

        Kept until the page is read again, and reported on every build (``problems``),
        so a refused page fails every build until it is fixed, not only the first one.
        """
        return self.data.setdefault("refusals", {})

    @property
    def labels(self) -> dict[str, list[tuple[str, int]]]:
        """(label, line) of what each page defines for references (see ``labels``)."""
        return self.data.setdefault("labels", {})

    @property
    def page_numbers(self) -> dict[str, dict[str, dict[str, tuple[int, ...]]]]:
        """Each page's numbered figures, tables, equations and statements (see ``page_numbers``)."""
        return self.data.setdefault("page_numbers", {})

    def refuse(self, docname: str, line: int, message: str, subtype: str) -> None:
        self.refusals.setdefault(docname, []).append((line, message, subtype))

    def add_talk(self, docname: str, talk: Talk, text: str) -> None:
        self.talks[docname] = talk
        self.texts[docname] = text

    def in_booklet_order(self) -> list[tuple[str, Talk]]:
        return sorted(self.talks.items(), key=lambda item: (item[1].abstract_number, item[0]))

    def surnames(self) -> dict[str, str]:
        """Printed name -> surname, where a talk's source says which words it is (Indico)."""
        return {name: surname for talk in self.talks.values() for name, surname in talk.surnames}

    def current_navigation(self) -> tuple[tuple[str, ...], ...]:
        """What every page's navigation shows: the talks (page, title, speaker) in booklet order,
        then the landing page's other pages (page, title: the index of authors, the guide, the map)."""
        talks = tuple(
            (docname, display_title(talk), talk.speaker) for docname, talk in self.in_booklet_order()
        )
        env = self.env
        others = tuple(
            (docname, env.titles[docname].astext())
            for docname in env.toctree_includes.get(env.config.root_doc, [])
            if docname not in self.talks and docname in env.titles
        )
        return talks + others

    @property
    def navigation(self) -> tuple | None:
        """The navigation the pages were last written with (derived, kept to compare)."""
        return self.data.get("navigation")

    @navigation.setter
    def navigation(self, value: tuple) -> None:
        self.data["navigation"] = value

    def clear_doc(self, docname: str) -> None:
        self.talks.pop(docname, None)
        self.texts.pop(docname, None)
        self.talk_lists.discard(docname)
        self.overview_pages.discard(docname)
        self.refusals.pop(docname, None)
        self.labels.pop(docname, None)
        self.page_numbers.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname, talk in otherdata["talks"].items():
            if docname in docnames:
                self.talks[docname] = talk
                self.texts[docname] = otherdata["texts"][docname]
        self.talk_lists.update(otherdata["talk_lists"] & set(docnames))
        self.overview_pages.update(otherdata["overview_pages"] & set(docnames))
        for docname, refusals in otherdata["refusals"].items():
            if docname in docnames:
                self.refusals[docname] = refusals
        for docname, labels in otherdata.get("labels", {}).items():
            if docname in docnames:
                self.labels[docname] = labels
        for docname, numbers in otherdata.get("page_numbers", {}).items():
            if docname in docnames:
                self.page_numbers[docname] = numbers

    def resolve_any_xref(self, *args: Any) -> list:
        return []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        for docname, talk in self.in_booklet_order():
            yield (docname, display_title(talk), "talk", docname, "", 1)
