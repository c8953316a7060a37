"""The printed book: LaTeX pieces, offprints, and the guard around every TeX run."""
