"""The policy for untrusted talk pages, and where it is enforced (MyST's parse, the doctree, the files)."""

from proceedings.safety.policy import MYST_EXTENSIONS  # a project's older conf.py imports it from here

__all__ = ["MYST_EXTENSIONS"]
