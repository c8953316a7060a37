"""The extension's name before the package was split by layer (``proceedings.extension``): the
conf.py of projects made before still loads it. New projects load ``proceedings.sphinxext``."""

from proceedings.sphinxext import setup

__all__ = ["setup"]
