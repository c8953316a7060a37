from pathlib import Path

from proceedings.model.conference import load_conference
from proceedings.book.latex import latex_document
from proceedings.book.latex import latex_elements as book_latex_elements

conference = load_conference(Path(__file__).parent / "conference.yaml")
project = conference.title
extensions = ["myst_parser", "sphinxcontrib.bibtex", "proceedings.sphinxext"]
nitpicky = True
myst_enable_extensions = ["dollarmath", "amsmath"]
bibtex_bibfiles = []
latex_engine = "xelatex"
latex_documents = [latex_document(conference, "index")]
latex_elements = book_latex_elements(conference)
today = conference.dates
