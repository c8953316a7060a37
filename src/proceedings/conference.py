"""Where ``load_conference`` was before the split by layer; a project's older conf.py imports it."""

from proceedings.model.conference import load_conference

__all__ = ["load_conference"]
