"""The project's own message catalogue ("proceedings"), for every label the project adds.

Sphinx translates its own labels ("Contents", "Search"), the theme its own; the labels this
project adds ("Related talks", "Cite this talk", the status notices, the map's captions) go
through this catalogue, so that ``language = "fr"`` gives a French site and book. The
catalogues live next to this file (``<language>/LC_MESSAGES/proceedings.po`` and its ``.mo``).
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import get_translation

CATALOGUE = "proceedings"
LOCALE_DIR = Path(__file__).parent

_ = get_translation(CATALOGUE)


def translation(language: str | None) -> Callable[[str], str]:
    """The catalogue outside a Sphinx build (``proceedings offprints``): English when the
    language is absent or has no catalogue."""
    languages = [language] if language else []
    return gettext.translation(CATALOGUE, LOCALE_DIR, languages=languages, fallback=True).gettext


def setup(app: Sphinx) -> None:
    app.add_message_catalog(CATALOGUE, str(LOCALE_DIR))
