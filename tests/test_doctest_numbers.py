"""The documentation's numbers are checked as correctly rounded, not merely close."""

from __future__ import annotations

import doctest

import _pytest.doctest
import pytest

CHECKER = _pytest.doctest._get_checker()
NUMBER = doctest.register_optionflag("NUMBER")  # the flag pytest registers


@pytest.mark.parametrize(
    ("written", "computed", "accepted"),
    [
        ("4.", "3.6", True),
        ("4.", "3.", False),
        ("0.9", "0.86", True),
        ("0.9", "0.84", False),
        ("12.5", "12.52095", True),
        ("array([100.,  50.,  25.,  12.])", "array([100.,  50.,  25.,  13.])", False),
        ("1.23e-05", "1.2349e-05", True),
        ("1.23e-05", "1.236e-05", False),
    ],
)
def test_written_number_must_be_the_rounded_result(
    written: str, computed: str, accepted: bool
) -> None:
    assert CHECKER.check_output(written + "\n", computed + "\n", NUMBER) is accepted
