"""The theme's emptiness check is skipped for templates that are never empty; pages are unchanged."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import build, copy_root
from sphinx.jinja2glue import BuiltinTemplateLoader

from proceedings.sphinxext import template_checks


def build_counting(srcdir, monkeypatch) -> tuple[dict[str, str], Counter]:
    """Every page's HTML, and how often each template was rendered on its own (the check)."""
    rendered: Counter = Counter()
    original = BuiltinTemplateLoader.render

    def counting(self, template, context):
        rendered[template] += 1
        return original(self, template, context)

    monkeypatch.setattr(BuiltinTemplateLoader, "render", counting)
    built = build(srcdir)
    assert built.warnings == ""
    pages = {
        str(path.relative_to(built.outdir)): path.read_text(encoding="utf-8")
        for path in built.outdir.rglob("*.html")
    }
    return pages, rendered


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        skipped = build_counting(copy_root("navigation", tmp_path_factory.mktemp("skipped")), monkeypatch)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(template_checks, "NEVER_EMPTY", frozenset())
        checked = build_counting(copy_root("navigation", tmp_path_factory.mktemp("checked")), monkeypatch)
    return skipped, checked


def test_never_empty_templates_are_not_rendered_twice(both):
    (_pages, rendered), (_checked_pages, checked) = both
    for name in template_checks.NEVER_EMPTY:
        assert checked[name] > 0, name  # the theme checks it when nothing is skipped
        assert rendered[name] == 0, name
    assert rendered["sidebar-ethical-ads.html"] == checked["sidebar-ethical-ads.html"] > 0  # still checked


def test_pages_are_the_same(both):
    (pages, _rendered), (checked_pages, _checked) = both
    assert pages.keys() == checked_pages.keys()
    for name, page in pages.items():
        assert page == checked_pages[name], name
        if name.startswith("talks/"):
            assert 'class="article-header-buttons"' in page and "navbar-brand logo" in page
