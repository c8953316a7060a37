"""Writing files so that an interrupted run never leaves half a page behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# A write killed before its rename leaves ``.<name>.<random>.proceedings.tmp`` behind: the
# next run removes it (``remove_partial_writes``) and .gitignore ignores it.
PARTIAL = ".proceedings.tmp"


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=PARTIAL)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        # mkstemp makes the file private; give it the mode a plain write would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_partial_writes(folder: Path) -> list[Path]:
    """Remove what killed writes left in ``folder``; only files this module names so."""
    removed = [path for path in folder.glob(f".*{PARTIAL}") if path.is_file()]
    for path in removed:
        path.unlink()
    return removed
