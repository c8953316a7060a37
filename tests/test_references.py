"""Reference lists into BibTeX entries: printed fields only, doubts recorded."""

from proceedings.importer.references import (
    bibtex,
    build_references,
    expand_numbers,
    parse_item,
    parse_reference,
    unicode_math,
)


def test_items_with_and_without_list_marker():
    assert parse_item("[1]P. Antonelli, Remarks") == (1, "P. Antonelli, Remarks")
    assert parse_item("- [12] Camiola V. D., Romano V.: Title") == (12, "Camiola V. D., Romano V.: Title")
    assert parse_item("These results can be found in [6]") is None


def test_initials_first_style_article():
    kind, fields, persons, doubts = parse_reference(
        "P. Antonelli and P. Marcati, On the finite energy weak solutions, *Comm. Math. Phys.*, "
        "287 (2009), pp. 657–686.",
    )
    assert kind == "article"
    assert [str(p) for p in persons] == ["Antonelli, P.", "Marcati, P."]
    assert fields == {
        "year": "2009",
        "title": "{On the finite energy weak solutions}",
        "volume": "287",
        "pages": "657--686",
        "journal": "Comm. Math. Phys.",
    }
    assert doubts == []


def test_surname_first_style_with_issue_number():
    kind, fields, persons, _ = parse_reference(
        "Nastasi G., Camiola V. D., Romano V.: Direct Simulation. *Communications in Computational "
        "Physics* 31 n. 2, 449–494 (2022)",
    )
    assert kind == "article"
    assert [str(p) for p in persons] == ["Nastasi, G.", "Camiola, V. D.", "Romano, V."]
    assert (fields["volume"], fields["number"], fields["pages"], fields["year"]) == (
        "31",
        "2",
        "449--494",
        "2022",
    )


def test_page_ranges_that_run_backwards_or_were_cut_are_doubted_not_fixed():
    _, fields, _, doubts = parse_reference("P. Germain, Global, *Ann. Sci. E.N.S.*, 47 (2014), pp. 469–50")
    assert fields["pages"] == "469--50"
    assert doubts == ["page range printed as 469–50: looks cut short"]
    _, fields, _, doubts = parse_reference("Luca L., Romano V.: Quantum. *Ann. of Phys.* 406, 50–33 (2019)")
    assert fields["pages"] == "50--33"
    assert doubts == ["page range printed as 50–33: ends before it starts"]


def test_journal_cut_short_is_doubted():
    _, fields, _, doubts = parse_reference(
        "P. Antonelli, Remarks on the QHD system, Proc. Amer. Math., 149 (2021), pp. 1985-1997."
    )
    assert fields["journal"] == "Proc. Amer. Math."
    assert doubts == [
        "journal printed as 'Proc. Amer. Math.', which looks cut short (cf. 'Proc. Amer. Math. Soc.')"
    ]


def test_book_preprint_and_online_entries_invent_nothing():
    kind, fields, _, _ = parse_reference(
        "Camiola V. D, Mascali G., Romano V.: Charge transport, Springer, Switzerland (2020)"
    )
    assert (kind, fields["publisher"], fields["address"], fields["year"]) == (
        "book",
        "Springer",
        "Switzerland",
        "2020",
    )
    kind, fields, _, _ = parse_reference(
        "P. Antonelli, P. Marcati, and R. Scandone, Existence and Stability arXiv:2109.14588v2, "
        "<https://doi.org/10.48550/arXiv.2109.14588>. (submitted)",
    )
    assert kind == "misc"
    assert "year" not in fields and "journal" not in fields and "publisher" not in fields
    assert fields["eprint"] == "2109.14588v2"


def test_keys_are_readable_and_unique_and_bibtex_keeps_dois_raw():
    items = [
        (
            5,
            "P. Antonelli, Global well posedness, *Ann.*, Vol. XXIII(2022), 1923-1324, doi:10.2422/1.202010_033.",
        ),
        (6, "P. Antonelli, Global well posedness, *Ann.*, Vol. XXIII(2022), 1-2."),
    ]
    references = build_references(items, set())
    assert [r.key for r in references] == ["antonelli2022global", "antonelli2022globalb"]
    assert references[0].doubts == ("page range printed as 1923–1324: ends before it starts",)
    text = bibtex(references)
    assert 'doi = "10.2422/1.202010_033"' in text
    assert "Editor: page range printed as 1923–1324: ends before it starts." in text


def test_citation_numbers_lists_and_ranges():
    assert expand_numbers("2,3,4") == [2, 3, 4]
    assert expand_numbers("9,8") == [9, 8]
    assert expand_numbers("2-13") == list(range(2, 14))


def test_simple_formulas_in_titles_are_written_in_unicode():
    assert unicode_math(r"system in $\mathbb{R}^{3+1}$") == ("system in ℝ³⁺¹", True)
    assert unicode_math(r"the $\frac{1}{2}$ case") == (r"the $\frac{1}{2}$ case", False)
