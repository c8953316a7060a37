"""Fields declared once: a record's YAML type, whether it is required, and the sentence that
documents it live on the dataclass field, so validation, writing, error messages and the
field reference (``proceedings fields``, the README) cannot drift apart."""

from __future__ import annotations

import dataclasses
from typing import Any


def declared(
    doc: str, yaml_type: type, *, required: bool = False, default: Any = None, doc_args: dict | None = None
) -> Any:
    """A dataclass field carrying its documentation and the YAML type a file must give.

    ``doc`` may be a format string with ``doc_args``; the message itself is kept too
    (``message``, ``args``), so that a page can show it translated (the authors' guide)."""
    text = doc % doc_args if doc_args else doc
    metadata = {"doc": text, "message": doc, "args": doc_args, "yaml": yaml_type, "required": required}
    if required:
        return dataclasses.field(metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def declarations(record: type) -> dict[str, Any]:
    """Field name -> its declaration (doc, yaml, required), in the declared order."""
    return {field.name: field.metadata for field in dataclasses.fields(record)}


def reference_table(record: type) -> str:
    """The fields of a record as a Markdown table: the reference an editor reads."""
    rows = ["| field | type | required | meaning |", "|---|---|---|---|"]
    for name, meta in declarations(record).items():
        kind = {"date": "date (YYYY-MM-DD)", "dict": "mapping", "str": "text"}.get(
            meta["yaml"].__name__, meta["yaml"].__name__
        )
        doc = meta["doc"].replace("|", "\\|")  # a table cell
        rows.append(f"| `{name}` | {kind} | {'yes' if meta['required'] else ''} | {doc} |")
    return "\n".join(rows) + "\n"
