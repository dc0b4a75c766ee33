"""Project-wide test configuration: correctly rounded doctest numbers, optional-extra examples.

The ``NUMBER`` doctest option lets an example show a float to fewer digits than Python prints.
pytest accepts a written number when it lies within one unit of its last digit of the result,
so ``array([4., 4.])`` would pass for ``[4., 3.]``. Here the tolerance is half a unit: the
written number must be the result correctly rounded to the digits shown.
"""

from __future__ import annotations

import importlib.util
import re

import _pytest.doctest
import pytest

_HALF_UNIT_SLACK = 1e-9  # relative room for results printed from binary floats


def _install_half_unit_rounding() -> None:
    checker_class = type(_pytest.doctest._get_checker())
    if not hasattr(checker_class, "_remove_unwanted_precision"):  # pragma: no cover
        return
    number_re: re.Pattern[str] = checker_class._number_re

    def remove_unwanted_precision(self: object, want: str, got: str) -> str:
        wanted = list(number_re.finditer(want))
        found = list(number_re.finditer(got))
        if len(wanted) != len(found):
            return got
        pieces: list[str] = []
        end = 0
        for w, g in zip(wanted, found, strict=True):
            fraction = w.group("fraction")
            exponent = w.group("exponent1") or w.group("exponent2")
            digits = (len(fraction) if fraction else 0) - (int(exponent) if exponent else 0)
            tolerance = 0.5 * 10.0**-digits * (1.0 + _HALF_UNIT_SLACK)
            if float(w.group()) == pytest.approx(float(g.group()), abs=tolerance, rel=0.0):
                pieces.append(got[end : g.start()] + w.group())
                end = g.end()
        pieces.append(got[end:])
        return "".join(pieces)

    checker_class._remove_unwanted_precision = remove_unwanted_precision


_install_half_unit_rounding()


# Examples and tests that need an optional extra are collected only where it is installed; the
# test extra installs all of them, so CI runs every example.
_EXAMPLES_NEEDING = {
    "dask": ["src/servicemetrics/dask.py", "docs/guide/scale.rst"],
    "matplotlib": ["src/servicemetrics/plotting.py", "tests/test_plotting.py"],
}
collect_ignore = [
    path
    for package, paths in _EXAMPLES_NEEDING.items()
    if importlib.util.find_spec(package) is None
    for path in paths
]
