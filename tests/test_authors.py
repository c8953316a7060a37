"""Name forms and the merging rule."""

from proceedings.model.authors import merge_names, surname_first


def test_surname_first():
    assert surname_first("Loïc Le Treust") == "Le Treust, Loïc"
    assert surname_first("Clotilde Fermanian-Kammerer") == "Fermanian-Kammerer, Clotilde"
    assert surname_first("G. Basti") == "Basti, G."
    assert surname_first("Perelman") == "Perelman"


def test_same_surname_and_initials_merge_to_the_full_form():
    canonical, doubts = merge_names(["B. Schlein", "Benjamin Schlein", "G. Basti", "G. Basti"])
    assert canonical["B. Schlein"] == "Benjamin Schlein"
    assert canonical["G. Basti"] == "G. Basti"
    assert doubts == []


def test_doubtful_identities_are_kept_apart_and_reported():
    canonical, doubts = merge_names(
        ["Perelman", "Galina Perelman", "C. Negulescu", "Claudia Negulescu", "Clara Negulescu"]
    )
    assert canonical["Perelman"] == "Perelman"
    assert canonical["C. Negulescu"] == "C. Negulescu"
    assert doubts == [
        "'Perelman' (surname only) may be Galina Perelman: kept apart",
        "'C. Negulescu' may be any of Clara Negulescu, Claudia Negulescu: kept apart",
    ]
    assert merge_names(["R. Mandel", "Ralf Mandel"])[0]["R. Mandel"] == "Ralf Mandel"
    assert merge_names(["J. Doe", "Kim Doe"])[0]["J. Doe"] == "J. Doe"
