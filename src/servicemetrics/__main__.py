"""Command line: ``python -m servicemetrics COMMAND``.

``demo`` prints a report on the bundled example data; ``summary``, ``clv``, ``survey`` and
``audit`` read a CSV file. Run ``python -m servicemetrics COMMAND --help`` for each.
"""

from __future__ import annotations

import sys

from servicemetrics._cli import demo_report, main

__all__ = ["demo_report", "main"]

if __name__ == "__main__":
    sys.exit(main())
