"""Rules that undo damage done by extracting text from the printed booklet.

Each rule is small and general, changes only what is plainly extraction damage,
and returns a :class:`Repair` for every change so the editor report can list it.
Authors' wording, spelling and typos are left alone.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable

# TeX accent commands and the Unicode combining mark each one stands for.
ACCENTS = {
    "H": "\u030b", '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "c": "\u0327", "v": "\u030c", "u": "\u0306", "=": "\u0304", ".": "\u0307", "r": "\u030a",
}  # fmt: skip
# ``Szeg \backslash H $\{o\}$ -type``: an accent command whose braces were escaped.
ESCAPED_ACCENT = re.compile(
    r"(?P<word>\w*) \\backslash (?P<accent>[A-Za-z\"'`^~=.]) ?\$\\\{(?P<letter>\w)\\\}\$ ?"
    r"(?P<hyphen>(?=-))?"
)
# ``Schr \backslash odinger``: the accent character itself was lost.
LOST_ACCENT = re.compile(r"(?P<word>\w+) \\backslash (?P<rest>\w+)")
# Inline TeX that lost its ``$``: a command such as \mathbb{R}^{3+1}, or a letter with a
# superscript or subscript (H^s), standing on its own rather than inside a word or address.
BARE_MATH = re.compile(
    r"(?<![\w/.\\$])(?:\\[A-Za-z]+(?:\{[^{}\s]*\})+|[A-Za-z])(?:[\^_](?:\{[^{}\s]*\}|[A-Za-z0-9]))+"
    r"(?![\w/$])"
    r"|(?<![\w/.\\$])\\[A-Za-z]+(?:\{[^{}\s]*\})+(?![\w/$])"
)
PROTECTED = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|<[^>]*>|https?://\S+|doi:\S+|arXiv:\S+")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?:;\])]$")


@dataclasses.dataclass(frozen=True)
class Repair:
    """One change a rule made: where, which rule, and the text before and after."""

    block: int
    rule: str
    before: str
    after: str
    doubt: str | None = None

    def describe(self) -> str:
        text = f"abstract {self.block}: {self.rule}: {self.before!r} -> {self.after!r}"
        return f"{text} ({self.doubt})" if self.doubt else text


def vocabulary(texts: Iterable[str]) -> set[str]:
    """Every word and hyphenated compound printed anywhere in the booklet, lower-cased."""
    words: set[str] = set()
    for text in texts:
        for match in WORD.finditer(text):
            word = match.group(0).lower()
            words.add(word)
            words.update(word.split("-"))
    return words


def _with_accent(letter: str, accent: str) -> str:
    return unicodedata.normalize("NFC", letter + ACCENTS[accent])


def repair_accents(text: str, block: int, words: set[str]) -> tuple[str, list[Repair]]:
    """Turn escaped TeX accents back into letters (Szegő, Schrödinger)."""
    repairs: list[Repair] = []

    def escaped(match: re.Match) -> str:
        fixed = match.group("word") + _with_accent(match.group("letter"), match.group("accent"))
        repairs.append(Repair(block, "garbled TeX accent", match.group(0).strip(), fixed))
        return fixed + ("" if match.group("hyphen") is not None else " ")

    def lost(match: re.Match) -> str:
        head, rest = match.group("word"), match.group("rest")
        candidates = {
            head + _with_accent(rest[0], accent) + rest[1:] for accent in ACCENTS if accent.isalpha()
        } | {head + _with_accent(rest[0], accent) + rest[1:] for accent in "\"'`^~"}
        known = sorted(word for word in candidates if word.lower() in words)
        if len(known) != 1:
            repairs.append(
                Repair(block, "garbled TeX accent", match.group(0), match.group(0), "left as printed")
            )
            return match.group(0)
        repairs.append(Repair(block, "garbled TeX accent", match.group(0), known[0]))
        return known[0]

    text = ESCAPED_ACCENT.sub(escaped, text)
    return LOST_ACCENT.sub(lost, text).replace("  ", " "), repairs


def rejoin_paragraphs(paragraphs: list[str], block: int, words: set[str]) -> tuple[list[str], list[Repair]]:
    """Join paragraphs a page break cut in two, and words a line break hyphenated.

    A paragraph is continued when it ends mid-sentence and the next one starts in
    lower case or with a formula. A word split as ``permit-`` / ``tivity`` is joined;
    the hyphen stays when the booklet prints the hyphenated compound elsewhere
    (``well-posedness``).
    """
    result: list[str] = []
    repairs: list[Repair] = []
    for paragraph in paragraphs:
        if result and _continues(result[-1], paragraph):
            previous = result.pop()
            head, tail = previous.rsplit(" ", 1) if " " in previous else ("", previous)
            first = paragraph.split(" ", 1)[0]
            if tail.endswith("-") and tail[:-1].isalpha() and first[:1].isalpha():
                left, right = tail[:-1], re.match(r"\w+", first).group(0)
                compound = f"{left}-{right}".lower()
                joined_word = (left + right).lower()
                keep = compound in words
                word = f"{left}-{right}" if keep else left + right
                doubt = None
                if not keep and joined_word not in words:
                    doubt = "no other spelling in the booklet; joined as a line-break hyphen"
                rule = "hyphen kept across a break" if keep else "word split by a break joined"
                repairs.append(Repair(block, rule, f"{tail} / {right}", word, doubt))
                joined = (head + " " if head else "") + word + paragraph[len(right) :]
            else:
                joined = f"{previous} {paragraph}"
                repairs.append(
                    Repair(
                        block,
                        "paragraph cut by a page break re-joined",
                        f"…{tail} / {first}…",
                        f"…{tail} {first}…",
                    )
                )
            result.append(joined)
        else:
            result.append(paragraph)
    return result, repairs


def _continues(previous: str, paragraph: str) -> bool:
    if SENTENCE_END.search(previous) or paragraph.startswith(("- [", "[")):
        return False
    first = paragraph.split(" ", 1)[0]
    return first[:1].islower() or bool(BARE_MATH.match(first)) or previous.endswith("-")


def restore_math(text: str, block: int) -> tuple[str, list[Repair]]:
    """Put ``$`` back around TeX that lost it (``H^s``, ``\\mathbb{R}^{3+1}``)."""
    repairs: list[Repair] = []
    pieces, last = [], 0
    for protected in PROTECTED.finditer(text):
        pieces.append(_wrap_math(text[last : protected.start()], block, repairs))
        pieces.append(protected.group(0))
        last = protected.end()
    pieces.append(_wrap_math(text[last:], block, repairs))
    return "".join(pieces), repairs


def _wrap_math(text: str, block: int, repairs: list[Repair]) -> str:
    def wrap(match: re.Match) -> str:
        repairs.append(
            Repair(block, "formula that lost its $ put back in math", match.group(0), f"${match.group(0)}$")
        )
        return f"${match.group(0)}$"

    wrapped = BARE_MATH.sub(wrap, text)
    # The extraction put a space between a formula and the punctuation after it.
    return re.sub(r"(\$) ([,.;:])", r"\1\2", wrapped) if wrapped != text else text


def repair_block(paragraphs: list[str], block: int, words: set[str]) -> tuple[list[str], list[Repair]]:
    """All rules, in the order that lets each see clean input."""
    repairs: list[Repair] = []
    fixed = []
    for paragraph in paragraphs:
        paragraph, found = repair_accents(paragraph, block, words)
        repairs += found
        fixed.append(paragraph)
    fixed, found = rejoin_paragraphs(fixed, block, words)
    repairs += found
    result = []
    for paragraph in fixed:
        paragraph, found = restore_math(paragraph, block)
        repairs += found
        result.append(paragraph)
    return result, repairs
