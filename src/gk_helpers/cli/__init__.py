"""The ``gk`` command line: a thin adapter over the library (``main``)."""

from .main import build_parser, main

__all__ = ["build_parser", "main"]
