"""Reading the booklet's text shape."""

import datetime
from pathlib import Path

import pytest

from proceedings.importer.booklet import BookError, parse_book, parse_dates, parse_heading

SEED = Path(__file__).parent.parent / "seed" / "book-of-abstracts.txt"


def test_header_of_the_seed():
    book = parse_book(SEED.read_text(encoding="utf-8"))
    assert book.title == "Numerical and theoretical advances in quantum mechanics"
    assert book.venue == "IMT"
    assert (book.start, book.end) == (datetime.date(2023, 1, 16), datetime.date(2023, 1, 20))
    assert [b.number for b in book.blocks] == [*range(2, 26), 28, 29, 30]
    assert [b.number for b in book.blocks if b.is_placeholder] == [25, 28]


def test_headings():
    assert parse_heading('Paolo Antonelli : "Stability"') == parse_heading('Paolo Antonelli: "Stability"')
    assert (
        parse_heading("David Krejcirik: Is the optimal rectangle a square?").title
        == "Is the optimal rectangle a square?"
    )
    heading = parse_heading("Perelman")
    assert (heading.speaker, heading.title) == ("Perelman", None)


def test_dates_in_english_too():
    assert parse_dates("Monday 3 June 2024 - Friday 7 June 2024") == (
        datetime.date(2024, 6, 3),
        datetime.date(2024, 6, 7),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("just some prose\nwithout structure\n", "no 'Contents' line"),
        ("Title\nContents\nA: B\t1\n", "no conference dates before the contents list"),
        ('Title\n1 March 2024\nVenue\nContents\nA: "B"\t1\n', "no numbered abstracts"),
    ],
)
def test_not_a_book(text, message):
    with pytest.raises(BookError, match=message):
        parse_book(text)
