"""Conference proceedings from a book of abstracts: model, importer, Sphinx extension, CLI."""

__version__ = "0.1.0"
