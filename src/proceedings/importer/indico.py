"""An Indico event, as its HTTP export API gives it (``/export/event/ID.json?detail=contributions``),
into the same talk pages as a book of abstracts.

The shape is Indico's own (``indico/modules/events/api.py``: ``_build_event_api_data``,
``_serialize_contribution``, ``_serialize_person``), the same from Indico 2.0 to 3.3: people as
``first_name``/``last_name``/``affiliation`` (``""`` when none) with a ``person_id`` shared by
every contribution of the event; ``type``, ``track`` and ``session`` as plain titles or null;
``board_number`` ``""`` when unset; ``description`` as stored, Markdown with ``$…$`` math.
Nothing is invented: a fact Indico does not give is left out, and the report says so.

Order: Indico's own book of abstracts sorts by contribution number unless its editors chose
otherwise (``boa_settings.sort_by``, default ``id``), and that number never changes: it is the
page's ``abstract_number``, so a withdrawn contribution leaves a gap, never a clash, and a later
export renumbers nothing. ``indico_id`` (Indico's ``db_id``) keeps the page's identity.
"""

from __future__ import annotations

import datetime
import json
import re
import zoneinfo
from typing import Any

from proceedings.importer.booklet import BookError
from proceedings.importer.pages import ImportResult, Page, page_from_facts, page_name, without_emails
from proceedings.model.authors import Name, merge_names
from proceedings.model.conference import Conference
from proceedings.model.talk import Status

SOURCE = "Indico export"
SOURCE_COPY = "seed/indico-export.json"
HTML_TEXT = re.compile(r"^\s*<(p|div|br|span|ul|ol|table|h[1-6])\b", re.I)


def looks_like_indico(text: str) -> bool:
    """A JSON document (Indico's export is the only JSON this importer reads)."""
    return text.lstrip().startswith("{")


def import_indico(text: str) -> ImportResult:
    """Read a saved export into pages; :class:`BookError` says in one line why it cannot."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise BookError(f"not valid JSON ({error})") from None
    event = _the_event(data)
    conference = _conference(event)
    findings: list[str] = []
    contributions = event.get("contributions")
    if isinstance(contributions, list) and not all(
        isinstance(c, dict) and _number(c) > 0 for c in contributions
    ):
        raise BookError("a contribution has no number (friendly_id or id) in the export")
    if not isinstance(contributions, list):
        raise BookError(
            "the export has no contributions: export the event with ?detail=contributions "
            "(or ?detail=subcontributions)"
        )
    if not contributions:
        raise BookError(
            "the export lists no contributions: Indico hides them while the timetable is a draft; "
            "publish it, or export with an API key of a manager of the event"
        )
    pages: list[Page] = []
    names: set[str] = set()
    refused: list[str] = []
    for contribution in sorted(contributions, key=_number):
        page = _page(contribution, _number(contribution), names, findings, refused)
        if page is not None:
            pages.append(page)
    _canonical, doubts = merge_names([name for page in pages for name in page.talk.people])
    findings += [f"doubtful identity: {doubt}" for doubt in doubts]
    # A contribution the model refuses (a title with markup, unbalanced braces) would be missing
    # from the site: the import refuses, unless --force, naming each.
    blocking = [f"not imported: {why}" for why in refused]
    return ImportResult(
        conference, pages, [], findings, source=SOURCE, source_copy=SOURCE_COPY, blocking=blocking
    )


def _the_event(data: Any) -> dict:
    if not isinstance(data, dict) or data.get("_type") != "HTTPAPIResult" or "results" not in data:
        raise BookError("not an Indico export: expected the JSON of /export/event/ID.json (an HTTPAPIResult)")
    results = data["results"]
    if not isinstance(results, list) or len(results) != 1 or not isinstance(results[0], dict):
        count = len(results) if isinstance(results, list) else "no"
        raise BookError(f"the export holds {count} events; export one event (/export/event/ID.json)")
    return results[0]


def _conference(event: dict) -> Conference:
    title = _text(event.get("title"))
    venue = _text(event.get("location")) or _text(event.get("address")).replace("\n", ", ")
    if not title:
        raise BookError("the Indico event has no title")
    try:
        start = _local_date(event["startDate"], event.get("timezone"))
        end = _local_date(event["endDate"], event.get("timezone"))
    except (KeyError, TypeError, ValueError):
        raise BookError("the Indico event has no readable startDate/endDate") from None
    url = _text(event.get("url")) or None
    return Conference(title=title, venue=venue or None, start=start, end=end, indico_event=url)


def _local_date(when: dict, timezone: str | None) -> datetime.date:
    """The day in the event's own time zone: Indico writes times in the request's (``tz=``, or
    the server's), so an evening in Los Angeles is the next day in UTC."""
    date = datetime.date.fromisoformat(when["date"])
    if not timezone or not when.get("time") or not when.get("tz"):
        return date
    try:
        moment = datetime.datetime.fromisoformat(f"{when['date']}T{when['time']}")
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(when["tz"]))
        return moment.astimezone(zoneinfo.ZoneInfo(timezone)).date()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return date


def _number(contribution: dict) -> int:
    """Indico's contribution number (``friendly_id``; ``id`` in exports before it existed)."""
    return _int(contribution.get("friendly_id")) or _int(contribution.get("id")) or 0


def _person_name(person: Any) -> str:
    if not isinstance(person, dict):
        return ""
    first, last = _text(person.get("first_name")), _text(person.get("last_name"))
    return " ".join(part for part in (first, last) if part)


def _page(
    contribution: dict, number: int, taken: set[str], findings: list[str], refused: list[str]
) -> Page | None:
    friendly = contribution.get("friendly_id") or contribution.get("id")
    where = f"contribution {friendly}"
    title = _text(contribution.get("title"))
    speakers = [p for p in contribution.get("speakers") or [] if _person_name(p)]
    authors = [
        p for key in ("primaryauthors", "coauthors") for p in contribution.get(key) or [] if _person_name(p)
    ]
    notes = []
    if speakers:
        speaker = speakers[0]
    elif authors:
        speaker = authors[0]
        notes.append("Indico names no presenter; the first author is shown as the speaker.")
    else:
        findings.append(f"{where} ({title!r}): Indico names no speaker and no author; no page made")
        return None
    people: dict[str, dict] = {}
    for person in [speaker, *authors, *speakers[1:]]:
        people.setdefault(_person_key(person), person)
    for extra in speakers[1:]:
        if _person_key(extra) not in {_person_key(a) for a in authors}:
            notes.append(f"Indico lists {_person_name(extra)} as a presenter, not as an author.")
    speaker_name = _person_name(speaker)
    # One name once: Indico may link one person twice under two ids (speaker and author).
    coauthors = list(dict.fromkeys(_person_name(p) for p in people.values()))
    coauthors = [name for name in coauthors if name != speaker_name]
    affiliations = {
        _person_name(p): _text(p.get("affiliation")) for p in people.values() if _text(p.get("affiliation"))
    }
    # Indico knows which words are the surname ("Ní Bhriain", "Van den Berghe"); kept where the
    # usual reading of the name (the last word, with its particles) would get it wrong.
    surnames = {
        _person_name(p): _text(p.get("last_name"))
        for p in people.values()
        if _text(p.get("first_name")) and Name.parse(_person_name(p)).surname != _text(p.get("last_name"))
    }
    description = contribution.get("description") or ""
    if not isinstance(description, str):
        description = ""
    body = without_emails(description.replace("\r\n", "\n").strip(), where, findings)
    if HTML_TEXT.match(body):
        findings.append(
            f"{where}: its description is HTML (written before Indico 2), kept as it is; review it"
        )
    if not body:
        findings.append(f"{where} ({speaker_name}): abstract not yet received")
    for note in notes:
        findings.append(f"{where} ({speaker_name}): {note}")
    if subcontributions := [
        sub for sub in contribution.get("subContributions") or [] if isinstance(sub, dict)
    ]:
        listed = "; ".join(
            f"{_text(sub.get('title'))} ({', '.join(_person_name(p) for p in sub.get('speakers') or [])})"
            for sub in subcontributions
        )
        findings.append(f"{where} ({speaker_name}): subcontributions, not pages of their own: {listed}")
    mapping = {
        "abstract_number": number,
        "speaker": speaker_name,
        "title": title or None,
        "coauthors": coauthors,
        "affiliations": affiliations,
        "surnames": surnames,
        "contribution_type": _text(contribution.get("type")) or None,
        "track": _text(contribution.get("track")) or None,
        "session": _text(contribution.get("session")) or None,
        "board_number": _text(contribution.get("board_number")) or None,
        "indico_id": _int(contribution.get("db_id")),
        "status": Status.given(title, body).value,
        "editor_note": " ".join(notes) or None,
    }
    name = page_name(speaker_name, taken, title, fallback=f"contribution-{friendly}")
    return page_from_facts(name, mapping, body, where, taken, findings, refused)


def _person_key(person: dict) -> str:
    """Indico's ``person_id`` is one person across the event's contributions; else the name."""
    person_id = person.get("person_id")
    return f"id:{person_id}" if person_id is not None else f"name:{_person_name(person)}"


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None
