"""``proceedings new``: a new talk page from the authors' template, with the next free number.

The front matter is the model's own (:func:`proceedings.model.talk.dump_front_matter`), so a
new page is valid before anyone edits it; the body is ``templates/talk.md``, which shows what a
page may hold and builds as it is.
"""

from __future__ import annotations

from pathlib import Path

from proceedings.importer.files import write_atomic
from proceedings.model.talk import (
    PAGE_NAME,
    Status,
    Talk,
    TalkError,
    dump_front_matter,
    load_talk,
    talk_from_mapping,
)

TEMPLATE = Path(__file__).parent.parent / "templates" / "talk.md"
PAGE_PLACEHOLDER = "__PAGE__"  # in the template: the new page's name


class NewPageError(ValueError):
    """The page cannot be made; the one line an editor reads."""


def next_number(talks: Path) -> int:
    """One more than the highest booklet number of the pages that load (a page the build
    refuses has no number to count; two pages with one number fail the build anyway)."""
    numbers = [0]
    for page in talks.glob("*.md"):
        try:
            numbers.append(load_talk(page).abstract_number)
        except TalkError:
            continue
    return max(numbers) + 1


def new_talk(root: Path, name: str, speaker: str, title: str | None) -> Path:
    """Write ``source/talks/NAME.md``; never over an existing file."""
    if not PAGE_NAME.match(name):
        raise NewPageError(
            f"'{name}' is not a page name: letters, digits, _ and -, starting with a letter or digit"
        )
    talks = root / "source" / "talks"
    if not talks.is_dir():
        raise NewPageError(f"{talks}: no such folder; run this in a proceedings project (or give --project)")
    path = talks / f"{name}.md"
    if path.exists():
        raise NewPageError(f"{path}: exists; a new page never replaces one")
    # Labels are shared by the proceedings: the template's start with the page's name.
    body = TEMPLATE.read_text(encoding="utf-8").replace(PAGE_PLACEHOLDER, name)
    status = Status.given(title, body)
    data = {"abstract_number": next_number(talks), "speaker": speaker, "status": status.value}
    if title:
        data["title"] = title
    try:
        talk: Talk = talk_from_mapping(data, path)
    except TalkError as error:
        raise NewPageError(str(error)) from None
    write_atomic(path, dump_front_matter(talk) + "\n" + body)
    return path
