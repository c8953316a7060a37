extensions = ["myst_parser", "sphinxcontrib.bibtex", "proceedings.sphinxext"]
bibtex_bibfiles = []
myst_enable_extensions = ["dollarmath", "amsmath"]
project = "Navigation conference"
nitpicky = True
html_theme = "sphinx_book_theme"
# Fewer talks than this are all listed in every sidebar; this root has more, so each page
# lists only its neighbours (without script) and links the full list.
proceedings_sidebar_talks = 4
graphviz_output_format = "svg"
