"""The command line of servicemetrics (``python -m servicemetrics``); see :mod:`servicemetrics.__main__`."""

from servicemetrics._cli._demo import demo_report
from servicemetrics._cli._main import build_parser, main

__all__ = ["build_parser", "demo_report", "main"]
