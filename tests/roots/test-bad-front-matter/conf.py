extensions = ["myst_parser", "sphinxcontrib.bibtex", "proceedings.sphinxext"]
project = "Tiny conference"
nitpicky = True
myst_enable_extensions = ["dollarmath", "amsmath"]
bibtex_bibfiles = []
bibtex_default_style = "unsrt"
suppress_warnings = ["bibtex.duplicate_label"]
