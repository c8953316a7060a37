"""People's names: "Surname, Given names" for indexes, merging only what is certain.

The booklet prints the same person in several ways ("B. Schlein", "Benjamin Schlein").
Two printings are merged when their surnames agree and their initials agree, and only
when that leaves one candidate; anything less certain is reported, never guessed.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict

from proceedings.model.text import ascii_fold as fold

# Particles that belong to the surname ("Loïc Le Treust").
PARTICLES = {"le", "la", "de", "di", "da", "del", "della", "van", "von", "der", "du", "des", "dos"}
INITIAL = re.compile(r"^([^\W\d_])\.?$")


@dataclasses.dataclass(frozen=True)
class Name:
    """A printed name split into given names and surname."""

    printed: str
    given: tuple[str, ...]
    surname: str

    @classmethod
    def parse(cls, printed: str, surname: str | None = None) -> Name:
        """Split a printed name; ``surname`` where the source says which words it is."""
        if surname and printed.endswith(surname) and printed[: -len(surname)].strip():
            return cls(printed, tuple(printed[: -len(surname)].split()), surname)
        words = printed.split()
        if len(words) < 2:
            return cls(printed, (), printed)
        start = len(words) - 1
        while start > 1 and words[start - 1].lower() in PARTICLES:
            start -= 1
        return cls(printed, tuple(words[:start]), " ".join(words[start:]))

    @property
    def initials(self) -> tuple[str, ...]:
        return tuple(comparable(word[0]) for word in self.given)

    @property
    def only_initials(self) -> bool:
        """ "B." or "B"; a one-letter given name in a script without initials (娜) is a name."""
        return all(INITIAL.match(word) and (word.endswith(".") or fold(word)) for word in self.given)

    @property
    def sort_form(self) -> str:
        """``Le Treust, Loïc``; a surname printed alone stays alone."""
        return f"{self.surname}, {' '.join(self.given)}" if self.given else self.surname


def comparable(text: str) -> str:
    """ASCII-folded for Latin letters (Łódź -> lodz); other scripts compared as written
    (case-folded), so that 王 and 李 never collapse into one empty key."""
    return fold(text) or text.casefold()


def surname_first(name: str) -> str:
    return Name.parse(name).sort_form


def merge_names(printed: list[str]) -> tuple[dict[str, str], list[str]]:
    """Map every printed name to the form the index uses, and list the doubtful identities."""
    by_surname: dict[str, list[Name]] = defaultdict(list)
    for text in dict.fromkeys(printed):
        name = Name.parse(text)
        by_surname[comparable(name.surname)].append(name)
    canonical: dict[str, str] = {}
    doubts: list[str] = []
    for names in by_surname.values():
        full = [n for n in names if n.given and not n.only_initials]
        for name in names:
            canonical[name.printed] = name.printed
            if not name.given:
                others = [n.printed for n in names if n is not name]
                if others:
                    doubts.append(f"'{name.printed}' (surname only) may be {', '.join(others)}: kept apart")
                continue
            if not name.only_initials:
                continue
            matches = [n for n in full if n.initials[: len(name.initials)] == name.initials]
            if len({n.printed for n in matches}) == 1:
                canonical[name.printed] = matches[0].printed
            elif matches:
                candidates = ", ".join(sorted({n.printed for n in matches}))
                doubts.append(f"'{name.printed}' may be any of {candidates}: kept apart")
    return canonical, doubts
