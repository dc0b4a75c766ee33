"""Tests of servicemetrics.quality."""

from __future__ import annotations

import re
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from hypothesis import given

from servicemetrics import InvalidInputError, NonFiniteError, OutOfRangeError, ShapeMismatchError
from servicemetrics.quality import (
    dpmo,
    dpmo_from_sigma,
    process_yield,
    rolled_throughput_yield,
    sigma_level,
)
from tests.strategies import dpmo_values, sigma_levels

NORMAL = NormalDist()


class TestDpmo:
    def test_hand_computed(self) -> None:
        """34 defects in 2,000 units of 5 opportunities: 34 / 10,000 × 10⁶."""
        assert dpmo(34, 2000, 5) == pytest.approx(3400.0)

    def test_broadcasts(self) -> None:
        """Arguments broadcast; a Series keeps its index."""
        np.testing.assert_allclose(dpmo([0, 10], 1000, [4, 8]), [0.0, 1250.0])
        result = dpmo(pd.Series([1, 2], index=["a", "b"]), 100, 10)
        assert isinstance(result, pd.Series)
        assert result["b"] == pytest.approx(2000.0)

    def test_more_defects_than_opportunities(self) -> None:
        """Defects cannot outnumber opportunities."""
        with pytest.raises(
            OutOfRangeError,
            match=re.escape("defects must be <= units * opportunities; got 11.0 at index 1"),
        ):
            dpmo([1, 11], 5, 2)

    def test_errors(self) -> None:
        """Negative defects, zero units, NaN and clashing shapes are rejected."""
        with pytest.raises(OutOfRangeError, match=re.escape("defects must be >= 0; got -1.0")):
            dpmo(-1, 10, 1)
        with pytest.raises(OutOfRangeError, match=re.escape("units must be > 0; got 0.0")):
            dpmo(0, 0, 1)
        with pytest.raises(NonFiniteError, match="opportunities must be finite"):
            dpmo(0, 1, float("nan"))
        with pytest.raises(ShapeMismatchError, match="broadcast-compatible"):
            dpmo([1, 2], [10, 10, 10], 1)


class TestYield:
    def test_process_yield(self) -> None:
        """Yield is one minus the defect share."""
        assert process_yield(3400.0) == pytest.approx(0.9966)
        with pytest.raises(OutOfRangeError, match=re.escape("dpmo must be in [0, 1000000]")):
            process_yield(2e6)

    def test_rolled_throughput_yield(self) -> None:
        """Step yields multiply along the last axis."""
        assert rolled_throughput_yield([0.98, 0.95, 0.99]) == pytest.approx(0.92169)
        np.testing.assert_allclose(rolled_throughput_yield([[0.5, 0.5], [1.0, 0.9]]), [0.25, 0.9])
        with pytest.raises(OutOfRangeError, match=re.escape("step_yields must be in [0, 1]")):
            rolled_throughput_yield([0.5, 1.5])
        with pytest.raises(InvalidInputError, match="at least one period"):
            rolled_throughput_yield(0.5)


class TestSigmaLevel:
    def test_six_sigma_is_three_point_four_dpmo(self) -> None:
        """3.4 DPMO is 6σ with the 1.5σ shift (to the convention's rounding)."""
        assert sigma_level(3.4) == pytest.approx(6.0, abs=1e-3)
        assert dpmo_from_sigma(6.0) == pytest.approx(3.4, abs=0.01)

    def test_published_table_values(self) -> None:
        """Conventional one-tailed table: 3σ ↔ 66,807, 4σ ↔ 6,210, 5σ ↔ 233 DPMO."""
        np.testing.assert_allclose(
            np.round(dpmo_from_sigma([3.0, 4.0, 5.0])), [66807.0, 6210.0, 233.0]
        )

    def test_two_tailed_variant_differs_slightly(self) -> None:
        """Adding the far tail at 3σ gives the two-tailed tables' 66,811 instead of 66,807."""
        far_tail = dpmo_from_sigma(
            4.5, shift=0
        )  # Φ(-4.5) × 10⁶, the mean 3 + 1.5 σ from the far limit
        assert round(dpmo_from_sigma(3.0) + far_tail) == 66811

    def test_against_statistics_normal(self) -> None:
        """Matches the standard library's normal quantile, with and without the shift."""
        for value in (1.0, 3.4, 500.0, 66807.0, 500_000.0, 900_000.0):
            expected = NORMAL.inv_cdf(1 - value / 1e6)
            assert sigma_level(value, shift=0) == pytest.approx(expected, rel=1e-9, abs=1e-9)
            assert sigma_level(value) == pytest.approx(expected + 1.5, rel=1e-9)

    def test_small_dpmo_keeps_precision(self) -> None:
        """Tiny defect rates do not collapse to infinity through 1 - p."""
        assert sigma_level(1e-6, shift=0) == pytest.approx(-NORMAL.inv_cdf(1e-12), rel=1e-9)

    def test_errors(self) -> None:
        """DPMO of 0 or 10⁶ has no finite level; the shift must be a non-negative number."""
        with pytest.raises(OutOfRangeError, match=re.escape("dpmo must be in (0, 1000000)")):
            sigma_level(0.0)
        with pytest.raises(OutOfRangeError, match=re.escape("shift must be >= 0; got -1.5")):
            sigma_level(10.0, shift=-1.5)
        with pytest.raises(InvalidInputError, match="shift must be a single number"):
            dpmo_from_sigma(3.0, shift=[1.5, 0.0])  # type: ignore[arg-type]
        with pytest.raises(NonFiniteError, match="sigma must be finite"):
            dpmo_from_sigma(float("inf"))

    @given(dpmo_values)
    def test_round_trip_from_dpmo(self, value: float) -> None:
        """DPMO → sigma → DPMO returns the start, with either shift."""
        for shift in (0.0, 1.5):
            back = dpmo_from_sigma(sigma_level(value, shift=shift), shift=shift)
            assert back == pytest.approx(value, rel=1e-9)

    @given(sigma_levels)
    def test_round_trip_from_sigma(self, sigma: float) -> None:
        """Sigma → DPMO → sigma returns the start."""
        assert sigma_level(dpmo_from_sigma(sigma)) == pytest.approx(sigma, rel=1e-9, abs=1e-9)

    @given(dpmo_values, dpmo_values)
    def test_fewer_defects_higher_sigma(self, a: float, b: float) -> None:
        """The sigma level decreases as DPMO rises."""
        low, high = sorted((a, b))
        assert sigma_level(low) >= sigma_level(high)

    @given(dpmo_values)
    def test_shift_adds_a_constant(self, value: float) -> None:
        """The shift moves every level by the same amount."""
        difference = sigma_level(value) - sigma_level(value, shift=0)
        assert difference == pytest.approx(1.5, abs=1e-12)
