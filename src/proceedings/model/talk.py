"""The talk record and its validation: the one source of truth for talk metadata.

The Sphinx build and the command line both call :func:`load_talk`, so a page that
the build refuses is refused by ``proceedings check`` with the same message.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import re
from pathlib import Path
from typing import Any

import yaml
from pybtex.database import Person
from pybtex.exceptions import PybtexError

from proceedings.model.authors import Name
from proceedings.model.fields import declarations, declared
from proceedings.model.text import EMAIL_ADDRESS, N_
from proceedings.safety.tex_math import check_title

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
MAX_FRONT_MATTER = 20_000
PAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]*$")  # a talk page's file name, without .md
# Titles and names are plain text: they reach HTML, meta tags, the theme's templates, Graphviz,
# TeX, BibTeX and PDF metadata. Control characters (NUL, escapes, bidirectional overrides)
# break or disguise them; a tag is markup where text belongs.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
TAG = re.compile(r"<\s*[A-Za-z/!?]")
MAX_TEXT = 1000
# The page title of a talk whose title is not yet received (``Talk.display_title``).
UNTITLED = N_("%(speaker)s: title not yet received")


class Status(enum.Enum):
    """What the book of abstracts gave us for a talk; shown on the page as printed here."""

    COMPLETE = "complete"
    ABSTRACT_MISSING = "abstract-missing"
    TITLE_AND_ABSTRACT_MISSING = "title-and-abstract-missing"

    @classmethod
    def given(cls, title: str | None, abstract: str) -> Status:
        """The status of a talk whose source gave this title (or none) and this abstract."""
        if not title:
            return cls.TITLE_AND_ABSTRACT_MISSING
        return cls.COMPLETE if abstract else cls.ABSTRACT_MISSING

    @property
    def notice(self) -> str:
        """The sentence a reader sees on a talk with a gap."""
        return {
            Status.COMPLETE: "",
            Status.ABSTRACT_MISSING: N_("Abstract not yet received."),
            Status.TITLE_AND_ABSTRACT_MISSING: N_("Title and abstract not yet received."),
        }[self]


class TalkError(ValueError):
    """A talk page the project refuses; ``str()`` is the one line an editor reads."""

    def __init__(self, path: str | Path, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Talk:
    """One talk as its page's front matter describes it; fields in the order pages write them."""

    abstract_number: int = declared(
        N_("the booklet's number: sets the order of talks everywhere"), int, required=True
    )
    speaker: str = declared(N_("the speaker, as printed"), str, required=True)
    title: str | None = declared(N_("the title, as printed (plain text, `$…$` math allowed)"), str)
    coauthors: tuple[str, ...] = declared(N_("co-authors in printed order"), list, default=())
    collaborators: tuple[str, ...] = declared(
        N_('people the abstract names as collaborators ("joint work with …")'), list, default=()
    )
    affiliations: tuple[tuple[str, str], ...] = declared(
        N_("author name: affiliation, only where the source prints one"), dict, default=()
    )
    email: str | None = declared(N_("the corresponding author's e-mail, only where printed"), str)
    surnames: tuple[tuple[str, str], ...] = declared(
        N_("author name: surname, where the source says which words it is (Indico's last name)"),
        dict,
        default=(),
    )
    contribution_type: str | None = declared(
        N_("the kind of contribution, as the source names it (Poster…)"), str
    )
    track: str | None = declared(N_("the track, as the source names it"), str)
    session: str | None = declared(N_("the session, as the source names it"), str)
    board_number: str | None = declared(N_("a poster's board, as the source gives it"), str)
    indico_id: int | None = declared(
        N_("the contribution's id in Indico (`db_id`): a later import updates this page"), int
    )
    status: Status = declared(
        N_("what the source gave: %(values)s"),
        str,
        required=True,
        doc_args={"values": " | ".join(s.value for s in Status)},
    )
    also_printed_as: tuple[int, ...] = declared(
        N_("other numbers under which the booklet printed the same talk"), list, default=()
    )
    text_from: int | None = declared(N_("which printing's text was kept, when they differ"), int)
    editor_note: str | None = declared(N_("the editors' note on a repair or a doubt"), str)
    related: tuple[tuple[str, str], ...] = declared(
        N_("talks the editors link: page names or {talk: name, reason: text}"), list, default=()
    )
    unrelated: tuple[str, ...] = declared(N_("page names the editors unlink"), list, default=())

    def name(self, printed: str) -> Name:
        """One of the talk's people, split with the surname the source gives, if any."""
        return Name.parse(printed, dict(self.surnames).get(printed))

    @property
    def display_title(self) -> str:
        """The page title: the printed title, or the speaker and what is missing."""
        if self.title:
            return self.title
        return UNTITLED % {"speaker": self.speaker}

    @property
    def authors(self) -> tuple[str, ...]:
        """Speaker first, then co-authors, as printed."""
        return (self.speaker, *self.coauthors)

    @property
    def people(self) -> tuple[str, ...]:
        """Authors, then those the abstract names as collaborators ("joint work with ...")."""
        return (*self.authors, *(name for name in self.collaborators if name not in self.authors))


FIELDS = declarations(Talk)
FIELD_TYPES: dict[str, type] = {name: meta["yaml"] for name, meta in FIELDS.items()}
REQUIRED = tuple(name for name, meta in FIELDS.items() if meta["required"])


def check_plain_text(field: str, value: str) -> str | None:
    """Why a title or name is not plain text, or None."""
    if match := CONTROL.search(value):
        return f"field '{field}' contains the control character U+{ord(match.group()):04X}"
    if tag := TAG.search(value):
        return f"field '{field}' contains markup ({tag.group()!r}...); titles and names are plain text"
    if len(value) > MAX_TEXT:
        return f"field '{field}' is longer than {MAX_TEXT} characters"
    depth = 0
    for character in value:
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            break
    if depth:
        return f"field '{field}' has unbalanced braces {{ }}"
    return None


def check_name(field: str, name: str) -> str | None:
    """A person's name must read as one name (BibTeX, the index): at most two commas."""
    try:
        Person(name)
    except PybtexError as error:
        return f"field '{field}': {name!r} is not a person's name ({error})"
    return None


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter YAML or None, body, line number where the body starts)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    return match.group("yaml") or "", text[match.end() :], match.group(0).count("\n") + 1


def talk_from_mapping(data: Any, path: str | Path) -> Talk:
    """Validate parsed front matter; every refusal names the field and what was wrong."""
    if not isinstance(data, dict):
        raise TalkError(path, "front matter must be a mapping of fields", line=2)
    unknown = sorted(str(key) for key in data if key not in FIELD_TYPES)
    if unknown:
        raise TalkError(
            path, f"unknown front-matter field(s): {', '.join(unknown)} (the fields: {', '.join(FIELDS)})"
        )
    for name in REQUIRED:
        if name not in data or data[name] is None or (isinstance(data[name], str) and not data[name].strip()):
            raise TalkError(path, f"front matter lacks the required field '{name}'")
    for name, value in data.items():
        if value is None:
            continue
        # bool is an int subclass: a number field must not accept true/false.
        if not isinstance(value, FIELD_TYPES[name]) or isinstance(value, bool):
            expected = FIELD_TYPES[name].__name__
            got = type(value).__name__
            raise TalkError(
                path, f"field '{name}' must be {expected}, got {got} ({name}: {FIELDS[name]['doc']})"
            )
    try:
        status = Status(data["status"])
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        raise TalkError(path, f"field 'status' must be one of {allowed}") from None
    title = data.get("title") or None
    if status is not Status.TITLE_AND_ABSTRACT_MISSING and not title:
        raise TalkError(path, f"status '{status.value}' needs a 'title'")
    if status is Status.TITLE_AND_ABSTRACT_MISSING and title:
        raise TalkError(path, "a talk with a title cannot have status 'title-and-abstract-missing'")
    if why := check_title(title):
        raise TalkError(path, why)
    texts = [
        *(
            (name, data[name])
            for name in ("contribution_type", "track", "session", "board_number")
            if data.get(name)
        ),
        ("speaker", data["speaker"]),
        ("title", title or ""),
        ("editor_note", data.get("editor_note") or ""),
    ]
    if data["abstract_number"] < 1:
        raise TalkError(path, "field 'abstract_number' must be a positive integer")
    coauthors = _string_list(data.get("coauthors") or [], "coauthors", path)
    collaborators = _string_list(data.get("collaborators") or [], "collaborators", path)
    affiliations = data.get("affiliations") or {}
    for name, affiliation in affiliations.items():
        if name not in (data["speaker"], *coauthors) or not isinstance(affiliation, str):
            raise TalkError(path, f"affiliation given for '{name}', who is not an author of the talk")
        texts.append(("affiliations", affiliation))
    texts += [("coauthors", name) for name in coauthors] + [("collaborators", name) for name in collaborators]
    surnames = data.get("surnames") or {}
    for name, surname in surnames.items():
        if name not in (data["speaker"], *coauthors, *collaborators) or not isinstance(surname, str):
            raise TalkError(path, f"surname given for '{name}', who is not one of the talk's people")
        if not name.endswith(" " + surname):
            raise TalkError(path, f"'{surname}' is not how the name '{name}' ends")
    email = data.get("email")
    if email is not None and not EMAIL_ADDRESS.fullmatch(email):
        raise TalkError(path, f"field 'email' is not an e-mail address: {email!r}")
    printed = data.get("also_printed_as") or []
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in printed):
        raise TalkError(path, "field 'also_printed_as' must be a list of abstract numbers")
    related = tuple(_related(item, path) for item in data.get("related") or [])
    unrelated = tuple(_string_list(data.get("unrelated") or [], "unrelated", path))
    texts += [("related", reason) for _name, reason in related]
    for field, text in texts:
        if why := check_plain_text(field, text):
            raise TalkError(path, why)
    for field, name in [("speaker", data["speaker"]), *(("coauthors", n) for n in coauthors)]:
        if why := check_name(field, name):
            raise TalkError(path, why)
    for name in [*(name for name, _reason in related), *unrelated]:
        if not PAGE_NAME.match(name):
            raise TalkError(path, f"'{name}' in 'related'/'unrelated' is not a page name")
    return Talk(
        abstract_number=data["abstract_number"],
        speaker=data["speaker"].strip(),
        status=status,
        title=title,
        coauthors=tuple(coauthors),
        collaborators=tuple(collaborators),
        affiliations=tuple(sorted(affiliations.items())),
        email=email,
        surnames=tuple(sorted(surnames.items())),
        contribution_type=data.get("contribution_type"),
        track=data.get("track"),
        session=data.get("session"),
        board_number=data.get("board_number"),
        indico_id=data.get("indico_id"),
        also_printed_as=tuple(printed),
        text_from=data.get("text_from"),
        editor_note=data.get("editor_note"),
        related=related,
        unrelated=unrelated,
    )


EDITORS_REASON = "linked by the editors"


def _related(item: Any, path: str | Path) -> tuple[str, str]:
    """``other-talk`` or ``{talk: other-talk, reason: "..."}``."""
    if isinstance(item, str) and item.strip():
        return item.strip(), EDITORS_REASON
    if isinstance(item, dict) and set(item) <= {"talk", "reason"} and isinstance(item.get("talk"), str):
        reason = item.get("reason") or EDITORS_REASON
        if isinstance(reason, str):
            return item["talk"].strip(), reason
    raise TalkError(path, "field 'related' must list page names or {talk: name, reason: text}")


def _string_list(value: list, name: str, path: str | Path) -> list[str]:
    if not all(isinstance(item, str) and item.strip() for item in value):
        raise TalkError(path, f"field '{name}' must be a list of names")
    return [item.strip() for item in value]


# libyaml's parser when PyYAML has it: the same YAML, several times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_talk(text: str, path: str | Path) -> Talk:
    """Parse a page's text; raise :class:`TalkError` for anything the project refuses."""
    front, _body, _line = split_front_matter(text)
    if front is None:
        raise TalkError(path, "a talk page must start with YAML front matter between '---' lines", 1)
    return _parse_front_matter(front, str(path))


@functools.lru_cache(maxsize=4096)
def _parse_front_matter(front: str, path: str) -> Talk:
    """A build asks for each page's metadata several times (the safety check, the page, the
    list of talks); the answer depends only on the front matter and the path it names in
    errors, and :class:`Talk` is immutable, so it is remembered (keyed by the front matter
    alone, at most 20,000 characters, so editing the abstract keeps it)."""
    if len(front) > MAX_FRONT_MATTER:
        raise TalkError(path, f"front matter is longer than {MAX_FRONT_MATTER} characters", 2)
    try:
        for event in yaml.parse(front, Loader=YAML_LOADER):
            # Anchors and aliases are how YAML "bombs" grow; talk metadata never needs them.
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 2
                raise TalkError(path, "front matter may not use YAML anchors or aliases (& and *)", line)
        data = yaml.load(front, Loader=YAML_LOADER)  # a safe loader, C or Python
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problem = getattr(error, "problem", None) or "malformed YAML"
        raise TalkError(path, f"front matter is not valid YAML: {problem}", line) from None
    except TalkError:
        raise
    except (ValueError, TypeError, OverflowError, RecursionError) as error:
        # PyYAML's constructors raise these for values such as a date that does not exist.
        raise TalkError(
            path, f"front matter is not valid YAML: {error.__class__.__name__}: {error}", 2
        ) from None
    return talk_from_mapping(data, path)


def load_talk(path: str | Path) -> Talk:
    """Read and validate one talk page."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise TalkError(path, f"not valid UTF-8 (byte {error.start})") from None
    except OSError as error:
        raise TalkError(path, f"cannot be read: {error.strerror}") from None
    return parse_talk(text, path)


def talk_to_mapping(talk: Talk) -> dict[str, Any]:
    """The front matter of a talk, fields in their declared order, empty ones left out."""
    data: dict[str, Any] = {}
    for name in FIELDS:
        value = getattr(talk, name)
        if name == "status":
            value = value.value
        elif name == "related":
            value = [
                item if reason == EDITORS_REASON else {"talk": item, "reason": reason}
                for item, reason in value
            ]
        elif name in ("affiliations", "surnames"):
            value = dict(value)
        elif isinstance(value, tuple):
            value = list(value)
        if value not in (None, [], {}):
            data[name] = value
    return data


def dump_front_matter(talk: Talk) -> str:
    """YAML front matter block for a page, round-tripping through :func:`parse_talk`."""
    body = yaml.safe_dump(talk_to_mapping(talk), allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{body}---\n"
