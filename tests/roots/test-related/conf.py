extensions = ["myst_parser", "sphinxcontrib.bibtex", "proceedings.sphinxext"]
project = "Related"
nitpicky = True
bibtex_bibfiles = []
graphviz_output_format = "svg"
