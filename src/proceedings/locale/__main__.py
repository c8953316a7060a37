"""``python -m proceedings.locale``: the catalogue made anew from the source, for translators.

1. extracts every message of the package (``_("…")``, and ``N_("…")`` for the model's, which
   the Sphinx layer translates where it shows them) into ``proceedings.pot``, with Babel's own
   Python extractor (Babel comes with Sphinx);
2. brings every ``<language>/LC_MESSAGES/proceedings.po`` up to date with it (new messages
   empty, removed ones dropped);
3. compiles each ``.po`` into the ``.mo`` Sphinx reads.

The tests check that the committed files are what this makes and that every language
translates every message (``tests/test_translations.py``).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from proceedings import __version__
from proceedings.locale import CATALOGUE, LOCALE_DIR

PACKAGE = LOCALE_DIR.parent
KEYWORDS = {"_": None, "N_": None}  # a message each, its first argument
TEMPLATE = LOCALE_DIR / f"{CATALOGUE}.pot"


def extract() -> Catalog:
    """Every message of the package's Python source, with where it is used."""
    catalog = Catalog(
        project="proceedings",
        version=__version__,
        header_comment="# The labels the proceedings add to the site, the book and the EPUB.\n"
        "# Made by `python -m proceedings.locale`: do not edit; translate a copy (README: Translations).",
        fuzzy=False,
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        catalog.add(
            message, locations=[(f"proceedings/{filename}", lineno)], auto_comments=comments, context=context
        )
    return catalog


def translations() -> list[Path]:
    """Each language's ``.po`` file."""
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{CATALOGUE}.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream)


def text_of(catalog: Catalog, **options) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=False, **options)
    return out.getvalue()


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def main() -> int:
    template = extract()
    TEMPLATE.write_bytes(text_of(template, omit_header=False))
    for path in translations():
        catalog = read(path)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        path.write_bytes(text_of(catalog, ignore_obsolete=True))
        path.with_suffix(".mo").write_bytes(compiled(read(path)))
        missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        for message in missing:
            print(f"{path}: not translated: {message!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
