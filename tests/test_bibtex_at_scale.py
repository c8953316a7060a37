"""The indexed cite domain chooses, orders and formats exactly what sphinxcontrib-bibtex does."""

import re

import pytest
from conftest import build, copy_root
from pybtex.style.formatting import BaseStyle
from sphinxcontrib.bibtex.domain import BibtexDomain

from proceedings.sphinxext.bibtex_at_scale import IndexedBibtexDomain


@pytest.fixture(scope="module")
def bibliographies(tmp_path_factory):
    return build(copy_root("bibliographies", tmp_path_factory.mktemp("bibliographies")))


def listed(domain: BibtexDomain) -> list[tuple]:
    """What the bibliographies show: page, list, key, label, text and tooltip of each entry."""
    domain.env_updated()
    return [
        (
            citation.bibliography_key.docname,
            citation.bibliography_key.id_,
            citation.key,
            citation.formatted_entry.label,
            citation.formatted_entry.text.render_as("text"),
            citation.tooltip_entry.text.render_as("text") if citation.tooltip_entry else None,
        )
        for citation in domain.citations
    ]


def test_the_build_uses_the_indexed_domain(bibliographies):
    assert bibliographies.warnings == ""
    assert type(bibliographies.app.env.domains["cite"]) is IndexedBibtexDomain


def test_same_entries_labels_and_texts_as_upstream(bibliographies):
    env = bibliographies.app.env
    ours = listed(env.domains["cite"])
    upstream = BibtexDomain(env)  # the same domain data, upstream's methods
    upstream.reference_style = env.domains["cite"].reference_style
    assert listed(upstream) == ours
    by_page = {}
    for docname, _id, key, label, _text, _tooltip in ours:
        by_page.setdefault(docname, []).append((key, label))
    # Cited anywhere, in citation order; a filter on authors and pages; listed keys; the uncited.
    assert by_page["first"] == [("carol2021", "1"), ("alice2019", "2"), ("bob2020", "3"), ("dave2018", "4")]
    assert [key for key, _label in by_page["second"]] == ["alice2019", "dave2018"]
    assert by_page["second"][1][1] == "DA18"  # alpha labels
    assert [key for key, _label in by_page["third"]] == ["bob2020", "erin2017", "erin2017", "frank2016"]


def test_a_list_of_named_entries_keeps_targets_for_those_alone(bibliographies):
    domain = bibliographies.app.env.domains["cite"]
    targets = {
        (key.docname, tuple(bibliography.keys)): sorted(bibliography.citation_nodes)
        for key, bibliography in domain.bibliographies.items()
    }
    every_entry = ["alice2019", "bob2020", "carol2021", "dave2018", "erin2017", "frank2016"]
    assert targets == {
        ("first", ()): every_entry,  # filters decide after reading: every entry may be listed
        ("second", ()): every_entry,
        ("third", ("erin2017", "bob2020")): ["bob2020", "erin2017"],  # :filter: False
        ("third", ()): every_entry,
    }
    html = (bibliographies.outdir / "third.html").read_text(encoding="utf-8")
    assert "A note" in html and "Never cited" in html


def test_a_rebuild_formats_only_the_entries_that_changed(tmp_path, monkeypatch):
    """Formatted entries are kept in the environment; an edited entry is formatted again."""
    srcdir = copy_root("bibliographies", tmp_path)
    first = build(srcdir)
    assert "First results" in (first.outdir / "first.html").read_text(encoding="utf-8")
    formatted = []
    original = BaseStyle.format_entry

    def counting(self, label, entry, *args, **kwargs):
        formatted.append(entry.key)
        return original(self, label, entry, *args, **kwargs)

    monkeypatch.setattr(BaseStyle, "format_entry", counting)
    (srcdir / "first.md").write_text(
        (srcdir / "first.md").read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8"
    )
    build(srcdir)
    assert formatted == []
    bib = srcdir / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8").replace("{First results}", "{Revised results}"), encoding="utf-8"
    )
    third = build(srcdir)
    assert set(formatted) == {"alice2019"}  # in each list that shows it, and nothing else
    page = (third.outdir / "first.html").read_text(encoding="utf-8")
    assert "Revised results" in page and "First results" not in page


def test_a_style_changed_in_conf_py_formats_the_entries_again(tmp_path):
    """The kept entries are keyed by the style's class, code and settings, not by its name."""
    srcdir = copy_root("bibliographies", tmp_path)
    conf = srcdir / "conf.py"
    style = (
        "\nfrom pybtex.plugin import register_plugin\n"
        "from pybtex.style.formatting.unsrt import Style\n\n\n"
        "class ProceedingsStyle(Style):\n"
        '    default_name_style = "NAME"\n\n\n'
        'register_plugin("pybtex.style.formatting", "proceedings-test", ProceedingsStyle, force=True)\n'
        'bibtex_default_style = "proceedings-test"\n'
    )
    conf.write_text(conf.read_text(encoding="utf-8") + style.replace("NAME", "plain"), encoding="utf-8")
    first = build(srcdir)
    assert "A. Alice" in (first.outdir / "first.html").read_text(encoding="utf-8")
    conf.write_text(
        conf.read_text(encoding="utf-8").replace('"plain"\n\n\nregister', '"lastfirst"\n\n\nregister')
    )
    second = build(srcdir)
    page = re.sub(r"<[^>]+>", "", (second.outdir / "first.html").read_text(encoding="utf-8"))
    assert "Alice, A. First results" in page  # the list; tooltips keep their own style (plain)
