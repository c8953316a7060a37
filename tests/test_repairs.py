"""Each extraction-damage rule on a small input, including what it must leave alone."""

from proceedings.importer.repairs import (
    rejoin_paragraphs,
    repair_accents,
    repair_block,
    restore_math,
    vocabulary,
)


def test_escaped_hungarian_accent_becomes_a_letter_and_keeps_the_hyphen():
    text, repairs = repair_accents(r"An overview of Szeg \backslash H $\{o\}$ -type asymptotics", 4, set())
    assert text == "An overview of Szegő-type asymptotics"
    assert [r.rule for r in repairs] == ["garbled TeX accent"]


def test_lost_accent_restored_only_when_the_booklet_prints_the_word():
    words = vocabulary(["the Schrödinger equation"])
    text, repairs = repair_accents(r"continuum Schr \backslash odinger operators", 4, words)
    assert text == "continuum Schrödinger operators"
    assert repairs[0].doubt is None


def test_lost_accent_left_as_printed_without_evidence():
    text, repairs = repair_accents(r"continuum Schr \backslash odinger operators", 4, set())
    assert text == r"continuum Schr \backslash odinger operators"
    assert repairs[0].doubt == "left as printed"


def test_word_split_by_a_page_break_is_joined():
    paragraphs, repairs = rejoin_paragraphs(["a dielectric permit-", "tivity in the region."], 8, set())
    assert paragraphs == ["a dielectric permittivity in the region."]
    assert repairs[0].rule == "word split by a break joined"


def test_real_hyphen_stays_when_the_compound_is_printed_elsewhere():
    words = vocabulary(["On the global well-posedness for"])
    paragraphs, repairs = rejoin_paragraphs(["the question of global well-", "posedness for the"], 29, words)
    assert paragraphs == ["the question of global well-posedness for the"]
    assert repairs[0].rule == "hyphen kept across a break"


def test_paragraph_cut_mid_sentence_is_rejoined_but_real_paragraphs_stay():
    paragraphs, _ = rejoin_paragraphs(["As the main body of the talk, we", "present our attempts."], 5, set())
    assert paragraphs == ["As the main body of the talk, we present our attempts."]
    real = ["bare energy bounds. [2,3,4]", "Due to quantum effects"]
    assert rejoin_paragraphs(real, 22, set())[0] == real
    ended = ["First sentence.", "second one starts low"]
    assert rejoin_paragraphs(ended, 1, set())[0] == ended


def test_formula_that_lost_its_dollars_goes_back_into_math():
    text, repairs = restore_math(r"a result for (DNLS) in H^s , $s \geq 1/2$.", 29)
    assert text == r"a result for (DNLS) in $H^s$, $s \geq 1/2$."
    text, _ = restore_math(r"the EulerPoisson system in \mathbb{R}^{3+1} , *Commun.*", 22)
    assert text == r"the EulerPoisson system in $\mathbb{R}^{3+1}$, *Commun.*"


def test_math_addresses_and_plain_words_are_left_alone():
    for text in [
        r"$V \in L^3(\mathbb{R}^3)$ and $L^p - L^q$",
        "doi:10.2422/2036-2145.202010_033",
        "<https://doi.org/10.48550/arXiv.2109.14588>",
        "PN-III-P1-1.1-TE-2021-1539 and WKB-ansatz",
    ]:
        assert restore_math(text, 1) == (text, [])


def test_repair_block_runs_every_rule_and_reports_each():
    paragraphs, repairs = repair_block(
        ["we establish a global existence result for (DNLS) in", "H^s , $s \\geq 1/2$."], 29, set()
    )
    assert paragraphs == ["we establish a global existence result for (DNLS) in $H^s$, $s \\geq 1/2$."]
    assert [r.rule for r in repairs] == [
        "paragraph cut by a page break re-joined",
        "formula that lost its $ put back in math",
    ]
