extensions = ["myst_parser", "sphinxcontrib.bibtex", "proceedings.sphinxext"]
project = "Bibliographies of every kind"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "unsrt"
bibtex_tooltips_style = "plain"
suppress_warnings = ["bibtex.duplicate_label", "bibtex.duplicate_citation", "proceedings.citation"]
