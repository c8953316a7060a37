"""docutils' settings are made once per build; each page still records its own included files."""

from __future__ import annotations

import pytest
import sphinx.util.docutils as sphinx_docutils
from conftest import build, copy_root

from proceedings.sphinxext import docutils_settings


def root_with_an_include(tmp_path):
    srcdir = copy_root("navigation", tmp_path)
    (srcdir / "snippet.txt").write_text("Text included from a file.\n", encoding="utf-8")
    about = srcdir / "about.md"
    about.write_text(
        about.read_text(encoding="utf-8") + "\n```{include} snippet.txt\n```\n", encoding="utf-8"
    )
    return srcdir


def build_counting(srcdir, monkeypatch) -> tuple[object, int]:
    made = []
    original = docutils_settings._original

    def counting(*args, **kwargs):
        made.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(docutils_settings, "_original", counting)
    before = sphinx_docutils._get_settings
    built = build(srcdir)
    assert sphinx_docutils._get_settings is before  # put back after the build
    assert built.warnings == ""
    return built, len(made)


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        once = build_counting(root_with_an_include(tmp_path_factory.mktemp("once")), monkeypatch)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(docutils_settings, "install", lambda *args: None)  # Sphinx's own way
        per_page = build_counting(root_with_an_include(tmp_path_factory.mktemp("per-page")), monkeypatch)
    return once, per_page


def test_settings_made_once_per_build(both):
    (built, made), (per_page_built, per_page_made) = both
    pages = len(built.app.env.found_docs)
    assert per_page_made == 0  # Sphinx made its own, once per page
    assert 0 < made <= 2 < pages  # one for reading, one for writing


def test_each_page_records_its_own_dependencies(both):
    (built, _made), (per_page_built, _per_page_made) = both
    for app in (built.app, per_page_built.app):
        with_snippet = {
            doc for doc, files in app.env.dependencies.items() if any("snippet" in str(f) for f in files)
        }
        assert with_snippet == {"about"}


def test_the_same_pages(both):
    (built, _made), (per_page_built, _per_page_made) = both
    for page in built.outdir.rglob("*.html"):
        assert page.read_bytes() == (per_page_built.outdir / page.relative_to(built.outdir)).read_bytes(), (
            page
        )
