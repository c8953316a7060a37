"""Where the book's LaTeX settings were before the split by layer; a project's older conf.py imports them."""

from proceedings.book.latex import latex_document, latex_elements

__all__ = ["latex_document", "latex_elements"]
