"""The conference's own facts (title, venue, dates), kept in ``conference.yaml``.

Written by the importer from the booklet's header and read by ``conf.py`` and the
command line, so the site, the PDF and citations name the conference the same way.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from proceedings.model.fields import declarations, declared
from proceedings.model.text import N_

MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))  # fmt: skip
# A language code as Sphinx's ``language`` takes it: "fr", "pt_BR", "zh-Hant".
LANGUAGE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")


def english_month(number: int) -> str:
    return MONTHS[number - 1]


def _day(
    date: datetime.date, month_name: Callable[[int], str], *, month: bool = True, year: bool = True
) -> str:
    """ "16 January 2023", the month named by ``month_name`` (English whatever the machine's locale)."""
    parts = [str(date.day)] + ([month_name(date.month)] if month else []) + ([str(date.year)] if year else [])
    return " ".join(parts)


class ConferenceError(ValueError):
    """``conference.yaml`` is missing a fact or gives it in the wrong form."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Conference:
    """The conference as its book of abstracts or its Indico event names it."""

    title: str = declared("the conference's title, as printed", str, required=True)
    venue: str | None = declared("where it took place, as printed (none for an online event)", str)
    start: datetime.date = declared("first day", datetime.date, required=True)
    end: datetime.date = declared("last day", datetime.date, required=True)
    booklet_title: str | None = declared("the booklet's own title, when it has one", str)
    url: str | None = declared("where the site is published; talk citations link to it", str)
    indico_event: str | None = declared("the Indico event the talks were imported from (its address)", str)
    book: str | None = declared("the project's copy of the source it was imported from", str)
    language: str | None = declared(
        'the language of the site and the book\'s own labels, a code such as "fr" (English when absent)', str
    )

    @property
    def place_and_dates(self) -> str:
        """ "IMT, 16–20 January 2023", or the dates alone where no venue is given."""
        return ", ".join(part for part in (self.venue, self.dates) if part)

    @property
    def named(self) -> str:
        """The title and the venue: "Numerical and theoretical advances…, IMT"."""
        return ", ".join(part for part in (self.title, self.venue) if part)

    @property
    def dates(self) -> str:
        """ "16–20 January 2023", spanning months or years only when the dates do."""
        return self.dates_with(english_month)

    def dates_with(self, month_name: Callable[[int], str]) -> str:
        """The dates with the months named by ``month_name`` (1 to 12): "16–20 janvier 2023"."""
        start, end = self.start, self.end
        if start == end:
            return _day(end, month_name)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{_day(end, month_name)}"
        if start.year == end.year:
            return f"{_day(start, month_name, year=False)} – {_day(end, month_name)}"
        return f"{_day(start, month_name)} – {_day(end, month_name)}"


def load_conference(path: str | Path) -> Conference:
    """Read and check ``conference.yaml``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConferenceError(f"{path}: cannot be read as YAML ({error.__class__.__name__})") from None
    return _parse_conference(text, str(path))


@functools.lru_cache(maxsize=16)
def _parse_conference(text: str, path: str) -> Conference:
    """Every talk page names the conference; the file is parsed once per content."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConferenceError(f"{path}: cannot be read as YAML ({error.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise ConferenceError(f"{path}: must be a mapping of fields")
    unknown = sorted(str(key) for key in data if key not in FIELDS)
    if unknown:
        raise ConferenceError(
            f"{path}: unknown field(s): {', '.join(unknown)} (the fields: {', '.join(FIELDS)})"
        )
    for name, meta in FIELDS.items():
        value = data.get(name)
        if meta["required"] and not value:
            raise ConferenceError(f"{path}: the field '{name}' is required ({meta['doc']})")
        if value is not None and not isinstance(value, meta["yaml"]):
            kind = "a date (YYYY-MM-DD)" if meta["yaml"] is datetime.date else "text"
            raise ConferenceError(f"{path}: '{name}' must be {kind}")
    if data.get("language") is not None and not LANGUAGE.match(data["language"]):
        raise ConferenceError(
            f"{path}: 'language' must be a language code such as 'fr' or 'pt_BR', not {data['language']!r}"
        )
    if data["end"] < data["start"]:
        raise ConferenceError(f"{path}: the conference ends before it starts")
    return Conference(**data)


FIELDS = declarations(Conference)


def conference_to_yaml(conference: Conference) -> str:
    """``conference.yaml`` as the YAML library writes it, fields in their declared order."""
    data = {name: getattr(conference, name) for name in FIELDS if getattr(conference, name) is not None}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
