"""People's names: "Surname, Given names" for indexes, without guessing identities."""

from __future__ import annotations

# Lower- or upper-case particles that belong to the surname ("Loïc Le Treust").
PARTICLES = {"le", "la", "de", "di", "da", "del", "della", "van", "von", "der", "du", "des", "dos"}


def surname_first(name: str) -> str:
    """``Loïc Le Treust`` -> ``Le Treust, Loïc``; a single name stays as printed."""
    words = name.split()
    if len(words) < 2:
        return name
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return f"{' '.join(words[start:])}, {' '.join(words[:start])}"
