"""MathJax shipped with the site, so formulas render with no network.

The pinned ``django-static-mathjax`` package carries MathJax 3 (Apache-2.0); only the
TeX-to-CHTML bundle and its web fonts (about 1.5 MB) are copied into ``_static``.
"""

from __future__ import annotations

import filecmp
import importlib.resources
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

BUNDLE = "tex-chtml.js"
FONTS = Path("output", "chtml", "fonts", "woff-v2")
TARGET = "mathjax"


def mathjax_source() -> Path:
    """The MathJax 3 ``es5`` folder inside the installed package."""
    return Path(str(importlib.resources.files("mathjax") / "static" / "mathjax" / "es5"))


def use_local_mathjax(app: Sphinx, config: Config) -> None:
    """Point Sphinx's MathJax at the copy in ``_static`` (a path relative to it)."""
    if config.proceedings_offline_mathjax:
        config.mathjax_path = f"{TARGET}/{BUNDLE}"


def copy_mathjax(app: Sphinx) -> None:
    """Copy the bundle and fonts into the HTML output, skipping files already there."""
    if (
        not app.config.proceedings_offline_mathjax
        or getattr(app.builder, "math_renderer_name", "") != "mathjax"
    ):
        return  # not HTML, or formulas rendered another way (the EPUB uses SVG pictures)
    source = mathjax_source()
    target = Path(app.outdir) / "_static" / TARGET
    files = [Path(BUNDLE), *(FONTS / font.name for font in sorted((source / FONTS).glob("*.woff")))]
    for relative in files:
        destination = target / relative
        if destination.exists() and filecmp.cmp(source / relative, destination, shallow=False):
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, destination)
