"""MathJax shipped with the site, so formulas render with no network, and behind its own wall.

The pinned ``django-static-mathjax`` package carries MathJax 3 (Apache-2.0); only the
TeX-to-CHTML bundle, its web fonts and the ``safe`` extension (about 1.5 MB) are copied
into ``_static``.

Formulas reach MathJax only through the macro allowlist (:mod:`proceedings.safety.tex_math`). As a
second wall in the browser, MathJax runs with its ``ui/safe`` extension (links, classes,
ids and styles in formulas filtered) and without the packages that would fetch the
extensions making links, styles or tooltips (``autoload``), load any code (``require``) or
define macros (``newcommand``); ``boldsymbol``, which the allowlist admits, is shipped and
loaded explicitly.
"""

from __future__ import annotations

import filecmp
import importlib.resources
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

BUNDLE = "tex-chtml.js"
SAFE = Path("ui", "safe.js")
BOLDSYMBOL = Path("input", "tex", "extensions", "boldsymbol.js")
SAFE_CONFIG = {
    # Only the math Sphinx wrote (class "math", from checked math nodes) is typeset: \\( or $$
    # in a page's plain text or in a title is text, and stays text.
    "startup": {"elements": [".math"]},
    "loader": {"load": ["ui/safe", "[tex]/boldsymbol"]},
    "tex": {
        # No autoload (it fetches the extensions that make links, styles, tooltips: \href,
        # \style, \class, \mathtip ...), no \require, no \newcommand or \def.
        "packages": {"[+]": ["boldsymbol"], "[-]": ["autoload", "require", "newcommand"]},
        "macros": {"bm": ["\\boldsymbol{#1}", 1]},  # \bm is on the allowlist, as in LaTeX's bm package
    },
}
FONTS = Path("output", "chtml", "fonts", "woff-v2")
TARGET = "mathjax"


def mathjax_source() -> Path:
    """The MathJax 3 ``es5`` folder inside the installed package."""
    return Path(str(importlib.resources.files("mathjax") / "static" / "mathjax" / "es5"))


def use_local_mathjax(app: Sphinx, config: Config) -> None:
    """Point Sphinx's MathJax at the copy in ``_static`` (a path relative to it), made safe."""
    if config.proceedings_offline_mathjax:
        config.mathjax_path = f"{TARGET}/{BUNDLE}"
    config.mathjax3_config = {**SAFE_CONFIG, **(config.mathjax3_config or {})}


def copy_mathjax(app: Sphinx) -> None:
    """Copy the bundle and fonts into the HTML output, skipping files already there."""
    if (
        not app.config.proceedings_offline_mathjax
        or getattr(app.builder, "math_renderer_name", "") != "mathjax"
    ):
        return  # not HTML, or formulas rendered another way (the EPUB uses SVG pictures)
    source = mathjax_source()
    target = Path(app.outdir) / "_static" / TARGET
    fonts = [FONTS / font.name for font in sorted((source / FONTS).glob("*.woff"))]
    files = [Path(BUNDLE), SAFE, BOLDSYMBOL, *fonts]
    for relative in files:
        destination = target / relative
        if destination.exists() and filecmp.cmp(source / relative, destination, shallow=False):
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, destination)


def setup(app: Sphinx) -> None:
    app.add_config_value("proceedings_offline_mathjax", True, "html", types=[bool])
    app.connect("config-inited", use_local_mathjax)
    app.connect("builder-inited", copy_mathjax)
