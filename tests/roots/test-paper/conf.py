from pathlib import Path

from proceedings.book.latex import latex_document
from proceedings.book.latex import latex_elements as book_latex_elements
from proceedings.model.conference import load_conference

conference = load_conference(Path(__file__).parent / "conference.yaml")
extensions = ["myst_parser", "sphinxcontrib.bibtex", "proceedings.sphinxext"]
project = conference.title
nitpicky = True
myst_enable_extensions = ["dollarmath", "amsmath"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "unsrt"
suppress_warnings = ["bibtex.duplicate_label"]
html_theme = "sphinx_book_theme"
# The book, as the project's conf.py makes it.
latex_engine = "xelatex"
latex_toplevel_sectioning = "chapter"
latex_documents = [latex_document(conference, "index")]
latex_elements = book_latex_elements(conference)
version, release = conference.dates, ""
