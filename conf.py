"""Sphinx configuration for the proceedings. Configuration only: the logic is in ``proceedings``."""

import os
from pathlib import Path

from proceedings.book.latex import latex_document
from proceedings.book.latex import latex_elements as book_latex_elements
from proceedings.model.conference import load_conference
from proceedings.safety.policy import MYST_EXTENSIONS

conference = load_conference(Path(__file__).parent / "conference.yaml")

# The language of the site's, the book's and the EPUB's labels (Sphinx's, the theme's and the
# project's own catalogue): `language:` in conference.yaml, else English. Set it here instead to
# override the file.
language = conference.language or "en"

project = conference.title
author = ""  # the booklet names no author or editor of the volume
# copyright ("2023, the authors") and epub_author are left to the proceedings extension, which
# writes them from conference.yaml in the build's language (conf.py runs before Sphinx knows it).

extensions = ["myst_parser", "sphinxcontrib.bibtex", "sphinx.ext.imgmath", "proceedings.sphinxext"]
root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = []
nitpicky = True

myst_enable_extensions = list(MYST_EXTENSIONS)  # the syntax proceedings.safety.policy checks
myst_url_schemes = ["http", "https", "mailto"]
myst_heading_anchors = 2

bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "unsrt"
# A "References" heading (h2) over each talk's list, in the build's language: on the site for
# screen readers' heading navigation; unnumbered and outside the contents and bookmarks in the
# book (a rubric). Made by the proceedings extension, as its other headings are.
proceedings_references_heading = True

# MathJax (shipped with the site) for HTML; the EPUB build switches to imgmath (SVG) with
# -D html_math_renderer=imgmath, since e-readers run no JavaScript (see the Makefile).
html_math_renderer = "mathjax"
imgmath_image_format = "svg"
imgmath_font_size = 14
imgmath_latex_preamble = r"\usepackage{mathrsfs}"  # \mathscr, on the math allowlist

# Every page's <link rel="canonical">, and the absolute PDF addresses Google Scholar needs: Read
# the Docs' canonical URL when built there, else `url:` in conference.yaml, else none (no guess).
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL") or conference.url or ""

html_theme = "sphinx_book_theme"
html_title = conference.title
html_theme_options = {"show_toc_level": 1, "use_download_button": False}

# Each talk numbers its own references from [1], as the booklet does, so numeric labels
# repeat across talks by design. The proceedings extension checks instead that no page
# cites an entry outside its own bibliography, which is what makes a repeat ambiguous.
suppress_warnings = ["bibtex.duplicate_label"]

# The printed book. XeLaTeX, because names and titles carry letters beyond Latin-1
# (ő in Szegő, Ł, ℝ³⁺¹ in a reference) and XeLaTeX typesets them from the font directly.
latex_engine = "xelatex"
latex_documents = [latex_document(conference, root_doc)]
latex_toplevel_sectioning = "chapter"
latex_show_urls = "no"
latex_show_pagerefs = True  # "Related talks" and the index of authors give page numbers
latex_elements = book_latex_elements(conference)
today = conference.dates
graphviz_output_format = "svg"

# The EPUB: same pages in booklet order. EPUB 3 needs a creator and a publisher; the booklet
# names neither, so the volume is credited to its speakers (epub_author, written by the extension
# in the build's language) and to the conference itself.
epub_title = conference.title
epub_publisher = conference.named
# The book's running heads name the conference and the talk; a proceedings volume has no "Release".
version, release = conference.dates, ""
epub_identifier = epub_uid = "proceedings-" + "-".join(conference.title.lower().split())
epub_scheme = "title"
epub_exclude_files = ["search.html"]
epub_show_urls = "no"
