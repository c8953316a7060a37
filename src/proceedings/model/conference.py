"""The conference's own facts (title, venue, dates), kept in ``conference.yaml``.

Written by the importer from the booklet's header and read by ``conf.py`` and the
command line, so the site, the PDF and citations name the conference the same way.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from pathlib import Path

import yaml

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


def _day(date: datetime.date, *, month: bool = True, year: bool = True) -> str:
    """English dates whatever the machine's locale: "16 January 2023"."""
    parts = [str(date.day)] + ([MONTHS[date.month - 1]] if month else []) + ([str(date.year)] if year else [])
    return " ".join(parts)


class ConferenceError(ValueError):
    """``conference.yaml`` is missing a fact or gives it in the wrong form."""


@dataclasses.dataclass(frozen=True)
class Conference:
    title: str
    venue: str
    start: datetime.date
    end: datetime.date
    booklet_title: str | None = None
    url: str | None = None  # where the site is published; talk citations link to it
    book: str | None = None  # the project's copy of the book of abstracts

    @property
    def dates(self) -> str:
        """ "16–20 January 2023", spanning months or years only when the dates do."""
        start, end = self.start, self.end
        if start == end:
            return _day(end)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{_day(end)}"
        if start.year == end.year:
            return f"{_day(start, year=False)} – {_day(end)}"
        return f"{_day(start)} – {_day(end)}"


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
    fields = {field.name: field for field in dataclasses.fields(Conference)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ConferenceError(f"{path}: unknown field(s): {', '.join(unknown)}")
    for name in ("title", "venue", "start", "end"):
        if not data.get(name):
            raise ConferenceError(f"{path}: the field '{name}' is required")
    for name in ("start", "end"):
        if not isinstance(data[name], datetime.date):
            raise ConferenceError(f"{path}: '{name}' must be a date (YYYY-MM-DD)")
    for name in ("title", "venue", "booklet_title", "url", "book"):
        if data.get(name) is not None and not isinstance(data[name], str):
            raise ConferenceError(f"{path}: '{name}' must be text")
    if data["end"] < data["start"]:
        raise ConferenceError(f"{path}: the conference ends before it starts")
    return Conference(**data)
