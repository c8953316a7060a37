from pathlib import Path

from proceedings.book.latex import latex_document
from proceedings.book.latex import latex_elements as book_latex_elements
from proceedings.model.conference import load_conference

# As the project's conf.py: the language from conference.yaml (here "fr").
conference = load_conference(Path(__file__).parent / "conference.yaml")
language = conference.language or "en"
extensions = ["myst_parser", "sphinxcontrib.bibtex", "proceedings.sphinxext"]
project = conference.title
author = ""
nitpicky = True
myst_enable_extensions = ["dollarmath", "amsmath"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "unsrt"
suppress_warnings = ["bibtex.duplicate_label"]
proceedings_references_heading = True
proceedings_sidebar_talks = 1  # the sidebar's "All N talks" link shows
proceedings_pdf_dir = str(Path(__file__).parent / "pdf")  # offprints "published": the PDF links show
exclude_patterns = ["pdf"]
html_theme = "sphinx_book_theme"
graphviz_output_format = "svg"  # as the project: the map in the EPUB
latex_engine = "xelatex"
latex_toplevel_sectioning = "chapter"
latex_documents = [latex_document(conference, "index")]
latex_elements = book_latex_elements(conference)
version, release = conference.dates, ""
epub_title = conference.title
epub_publisher = conference.named
epub_identifier = epub_uid = "journees-analyse"
epub_scheme = "title"
epub_exclude_files = ["search.html"]
