"""Books of abstracts into pages: the booklet's text, repairs, reference lists, the import record."""
