"""docutils' settings for reading a page, made once per build instead of once per page.

Sphinx 9 reads each page with settings from a new docutils ``OptionParser``: some 80 options
declared again, and the ``docutils.conf`` files looked up and read again, for every page.
Measured at 1,000 talks: 1.8 of 34 CPU seconds of a serial build, the same in every worker of
a parallel one. The result depends only on the components and the defaults passed, which do
not change during a build, so it is made once for each such combination and each page gets a
copy, as Sphinx's own ``new_document`` does with its cached settings.

A copy is shallow, so the one value docutils fills per page, the list of files the page read
(``record_dependencies``, from which Sphinx learns which pages to read again when an included
file changes), is a new list for each page.

Sphinx calls the module function ``sphinx.util.docutils._get_settings`` by name; it is replaced
while a build runs (forked read workers inherit the replacement) and put back when the build
finishes, with or without an error.
"""

from __future__ import annotations

import copy
from typing import Any

import sphinx.util.docutils as sphinx_docutils
from docutils.utils import DependencyList
from sphinx.application import Sphinx

_original = sphinx_docutils._get_settings
_made: dict[tuple, Any] = {}
_replaced: list = []  # what install() replaced, for uninstall() to put back


def _key(components: tuple, defaults: dict[str, Any], read_config_files: bool) -> tuple:
    """What the settings are made from. Components by class: Sphinx makes a parser per page,
    and what a component adds to the settings (``settings_spec``) is declared on its class.
    Values that cannot be hashed (lists, the environment) by identity and by what they print,
    so a list changed in place makes new settings."""

    def frozen(value: Any) -> Any:
        try:
            hash(value)
        except TypeError:
            return (id(value), repr(value))
        return value

    classes = tuple(component if isinstance(component, type) else type(component) for component in components)
    return (classes, read_config_files, tuple(sorted((k, frozen(v)) for k, v in defaults.items())))


def settings_once(*components: Any, defaults: dict[str, Any], read_config_files: bool = False) -> Any:
    key = _key(components, defaults, read_config_files)
    made = _made.get(key)
    if made is None:
        made = _made[key] = _original(*components, defaults=defaults, read_config_files=read_config_files)
    settings = copy.copy(made)
    settings.record_dependencies = DependencyList()  # the page's own
    return settings


def install(*_args: Any) -> None:
    if sphinx_docutils._get_settings is not settings_once:
        _replaced.append(sphinx_docutils._get_settings)
        sphinx_docutils._get_settings = settings_once


def uninstall(*_args: Any) -> None:
    if _replaced:
        sphinx_docutils._get_settings = _replaced.pop()
    _made.clear()


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", install)
    app.connect("build-finished", uninstall)
