"""Unicode helpers shared by the importer and the name rules.

Python's ``re`` has no class for "an upper-case letter"; booklets print Å, Ł, Ó, Ñ, so
ASCII ``[A-Z]`` would silently drop people. ``UPPER`` is every upper-case Latin letter.
"""

from __future__ import annotations

import re
import unicodedata


def N_(message: str) -> str:
    """Marks a message a reader sees for the project's catalogue (``proceedings.locale``) and
    returns it unchanged: the model names the message, the Sphinx layer translates it where it
    is shown (the model imports no Sphinx)."""
    return message


# An e-mail address as talk pages and booklets print one: the model validates a page's
# ``email`` against it, the importers find addresses in text with it.
EMAIL_ADDRESS = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
UPPER = "".join(chr(code) for code in range(0x41, 0x250) if chr(code).isupper())
# Letters with no decomposition into ASCII letter + accent.
TRANSLITERATION = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss",
     "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i"}
)  # fmt: skip


def ascii_fold(text: str) -> str:
    """Readable lower-case ASCII for keys, file names and comparisons: Łódź -> lodz."""
    text = text.translate(TRANSLITERATION)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
