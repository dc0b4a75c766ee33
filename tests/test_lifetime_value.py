"""Tests of servicemetrics.lifetime_value."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from servicemetrics import InvalidInputError, NonFiniteError, OutOfRangeError, ShapeMismatchError
from servicemetrics.lifetime_value import (
    clv,
    clv_from_survival,
    customer_equity,
    future_customer_equity,
    margin_multiple,
    retention_elasticity,
    simple_clv,
)
from tests.strategies import (
    discount_rates,
    growth_rates,
    horizons,
    margins,
    money,
    retention_rates,
    scale_factors,
)


def brute_force_clv(
    margin: float,
    retention: float,
    discount_rate: float,
    periods: int,
    *,
    timing: str = "end",
    growth: float = 0.0,
) -> float:
    """Sum the discounted expected margins one period at a time."""
    total = 0.0
    for t in range(1, periods + 1):
        payment = margin * (1 + growth) ** (t - 1)
        if timing == "end":
            total += payment * retention**t / (1 + discount_rate) ** t
        else:
            total += payment * retention ** (t - 1) / (1 + discount_rate) ** (t - 1)
    return total


class TestClv:
    def test_infinite_horizon_end_of_period(self) -> None:
        """Margin at period end follows Gupta & Lehmann's m r / (1 + i - r)."""
        # 100 * 0.9 / (1.12 - 0.9) = 90 / 0.22
        assert clv(100.0, 0.9, 0.12) == pytest.approx(90 / 0.22, rel=1e-12)

    def test_infinite_horizon_start_of_period(self) -> None:
        """Margin at period start follows m (1 + i) / (1 + i - r)."""
        # 100 * 1.12 / 0.22
        assert clv(100.0, 0.9, 0.12, timing="start") == pytest.approx(112 / 0.22, rel=1e-12)

    def test_growth(self) -> None:
        """Margin growth follows m r / (1 + i - r (1 + g))."""
        # 50 * 0.8 / (1.1 - 0.8 * 1.05) = 40 / 0.26
        assert clv(50.0, 0.8, 0.1, growth=0.05) == pytest.approx(40 / 0.26, rel=1e-12)

    def test_acquisition_cost_is_subtracted(self) -> None:
        """Acquisition cost is paid once, at the start."""
        # 100 * 0.5 / (1.1 - 0.5) - 30 = 83.333... - 30
        assert clv(100.0, 0.5, 0.1, acquisition_cost=30.0) == pytest.approx(50 / 0.6 - 30)

    def test_finite_horizon_hand_computed(self) -> None:
        """Three payments: 100 (0.8/1.1 + 0.8²/1.1² + 0.8³/1.1³)."""
        expected = 100 * (0.8 / 1.1 + 0.64 / 1.21 + 0.512 / 1.331)
        assert clv(100.0, 0.8, 0.1, horizon=3) == pytest.approx(expected, rel=1e-12)

    def test_zero_horizon_leaves_only_acquisition_cost(self) -> None:
        """With no payment counted, CLV is minus the acquisition cost."""
        assert clv(100.0, 0.8, 0.1, horizon=0, acquisition_cost=20.0) == -20.0

    def test_retention_one_is_allowed_with_a_finite_horizon(self) -> None:
        """Certain retention and no discounting give horizon × margin."""
        assert clv(10.0, 1.0, 0.0, horizon=7) == pytest.approx(70.0)
        assert clv(10.0, 1.0, 0.0, horizon=7, timing="start") == pytest.approx(70.0)

    def test_ratio_of_one_uses_the_limit(self) -> None:
        """When r(1+g) = 1+i exactly every payment is worth the first one."""
        # r = 0.5, g = 1.2, i = 0.1: ratio = 0.5 * 2.2 / 1.1 = 1
        assert clv(10.0, 0.5, 0.1, growth=1.2, horizon=4) == pytest.approx(4 * 10 * 0.5 / 1.1)

    def test_broadcasting(self) -> None:
        """Arguments broadcast like NumPy ufuncs."""
        result = clv([[100.0], [200.0]], [0.5, 0.8], 0.1)
        assert isinstance(result, np.ndarray)
        assert result.shape == (2, 2)
        assert result[1, 1] == pytest.approx(200 * 0.8 / 0.3)

    def test_vector_horizon(self) -> None:
        """Horizons broadcast too."""
        result = clv(100.0, 0.8, 0.1, horizon=[1, 2])
        np.testing.assert_allclose(result, [100 * 0.8 / 1.1, 100 * (0.8 / 1.1 + 0.64 / 1.21)])

    def test_output_types(self) -> None:
        """Scalars give float, lists give ndarray, a Series gives a Series with its index."""
        assert type(clv(100.0, 0.8, 0.1)) is float
        assert isinstance(clv([100.0, 50.0], 0.8, 0.1), np.ndarray)
        margin = pd.Series([100.0, 50.0], index=["a", "b"])
        result = clv(margin, 0.8, 0.1)
        assert isinstance(result, pd.Series)
        assert list(result.index) == ["a", "b"]
        assert result["b"] == pytest.approx(50 * 0.8 / 0.3)

    @given(margins, retention_rates, discount_rates, growth_rates, horizons)
    def test_closed_form_matches_period_sum(
        self, m: float, r: float, i: float, g: float, horizon: int
    ) -> None:
        """The closed form equals the explicit sum over periods, for both timings."""
        for timing in ("end", "start"):
            expected = brute_force_clv(m, r, i, horizon, timing=timing, growth=g)
            got = clv(m, r, i, timing=timing, growth=g, horizon=horizon)
            assert got == pytest.approx(expected, rel=1e-9, abs=1e-9 * m)

    @given(margins, retention_rates, discount_rates)
    def test_finite_horizon_converges_to_infinite(self, m: float, r: float, i: float) -> None:
        """A long enough finite horizon approaches the infinite-horizon value from below."""
        infinite = clv(m, r, i)
        ratio = r / (1 + i)
        assume(ratio < 0.99)
        long = clv(m, r, i, horizon=5000)
        assert long <= infinite * (1 + 1e-12)
        assert long == pytest.approx(infinite, rel=1e-9)

    @given(margins, retention_rates, retention_rates, discount_rates)
    def test_increasing_in_retention(self, m: float, r1: float, r2: float, i: float) -> None:
        """More retention never lowers a positive-margin CLV."""
        low, high = sorted((r1, r2))
        assert clv(m, low, i) <= clv(m, high, i) * (1 + 1e-12)

    @given(margins, margins, retention_rates, discount_rates)
    def test_increasing_in_margin(self, m1: float, m2: float, r: float, i: float) -> None:
        """A larger margin never lowers CLV."""
        low, high = sorted((m1, m2))
        assert clv(low, r, i) <= clv(high, r, i) * (1 + 1e-12)

    @given(margins, retention_rates, discount_rates, discount_rates)
    def test_decreasing_in_discount_rate(self, m: float, r: float, i1: float, i2: float) -> None:
        """A higher discount rate never raises a positive-margin CLV."""
        low, high = sorted((i1, i2))
        assert clv(m, r, high) <= clv(m, r, low) * (1 + 1e-12)

    @given(money, money, retention_rates, discount_rates, scale_factors, horizons)
    def test_homogeneous_of_degree_one_in_money(
        self, m: float, cost: float, r: float, i: float, k: float, horizon: int
    ) -> None:
        """Scaling margin and acquisition cost by k scales CLV by k."""
        ac = abs(cost)
        base = clv(m, r, i, acquisition_cost=ac, horizon=horizon)
        scaled = clv(k * m, r, i, acquisition_cost=k * ac, horizon=horizon)
        assert scaled == pytest.approx(k * base, rel=1e-9, abs=1e-9 * k * (abs(m) + ac))

    @given(margins, margins, retention_rates, discount_rates, scale_factors)
    def test_ratios_unchanged_by_scaling_money(
        self, m1: float, m2: float, r: float, i: float, k: float
    ) -> None:
        """The ratio of two customers' CLVs does not depend on the currency unit."""
        ratio = clv(m1, r, i) / clv(m2, r, i) if r > 0 else 1.0
        scaled = clv(k * m1, r, i) / clv(k * m2, r, i) if r > 0 else 1.0
        assert scaled == pytest.approx(ratio, rel=1e-9)

    def test_retention_of_one_needs_a_horizon(self) -> None:
        """Certain retention with an infinite horizon is rejected."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("retention must be in [0, 1); got 1.0")
        ):
            clv(100.0, 1.0, 0.1)

    def test_retention_above_one_reports_its_index(self) -> None:
        """The first offending element is named with its index."""
        message = "retention must be in [0, 1); got 1.2 at index 3"
        with pytest.raises(OutOfRangeError, match=re.escape(message)):
            clv(100.0, [0.5, 0.6, 0.7, 1.2, 1.5], 0.1)

    def test_retention_above_one_with_horizon(self) -> None:
        """A finite horizon allows retention up to 1, not beyond."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("retention must be in [0, 1]; got 1.5")
        ):
            clv(100.0, 1.5, 0.1, horizon=3)

    def test_negative_discount_rate(self) -> None:
        """Discount rates must be non-negative."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("discount_rate must be >= 0; got -0.1")
        ):
            clv(100.0, 0.5, -0.1)

    def test_growth_must_exceed_minus_one(self) -> None:
        """Growth of -100% or less is rejected."""
        with pytest.raises(OutOfRangeError, match=re.escape("growth must be > -1; got -1.0")):
            clv(100.0, 0.5, 0.1, growth=-1.0)

    def test_divergent_series(self) -> None:
        """Growth that outpaces discounting diverges with an infinite horizon."""
        rule = (
            "growth must satisfy retention * (1 + growth) < 1 + discount_rate when horizon is None"
        )
        with pytest.raises(InvalidInputError, match=re.escape(f"{rule}; got 0.5 at index 1")):
            clv(100.0, [0.5, 0.9], 0.1, growth=0.5)

    def test_negative_acquisition_cost(self) -> None:
        """Acquisition cost is a cost, never negative."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("acquisition_cost must be >= 0; got -5.0")
        ):
            clv(100.0, 0.5, 0.1, acquisition_cost=-5.0)

    def test_fractional_horizon(self) -> None:
        """The horizon counts whole payments."""
        with pytest.raises(
            InvalidInputError, match=re.escape("horizon must be a whole number; got 2.5")
        ):
            clv(100.0, 0.5, 0.1, horizon=2.5)

    def test_negative_horizon(self) -> None:
        """A negative horizon is rejected."""
        with pytest.raises(OutOfRangeError, match=re.escape("horizon must be >= 0; got -1.0")):
            clv(100.0, 0.5, 0.1, horizon=-1)

    def test_unknown_timing(self) -> None:
        """Timing is one of two words."""
        message = "timing must be one of 'end', 'start'; got 'middle'"
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            clv(100.0, 0.5, 0.1, timing="middle")

    def test_mismatched_shapes(self) -> None:
        """Arrays that cannot broadcast are named with their shapes."""
        message = (
            "margin, retention, discount_rate, growth, acquisition_cost must have "
            "broadcast-compatible shapes; got (3,), (2,), (), (), ()"
        )
        with pytest.raises(ShapeMismatchError, match=re.escape(message)):
            clv([1.0, 2.0, 3.0], [0.5, 0.6], 0.1)

    def test_nan_margin(self) -> None:
        """NaN is rejected, not propagated."""
        with pytest.raises(
            NonFiniteError, match=re.escape("margin must be finite; got nan at index 1")
        ):
            clv([100.0, math.nan], 0.5, 0.1)

    def test_non_numeric(self) -> None:
        """Text is not a margin."""
        with pytest.raises(
            InvalidInputError, match=re.escape("margin must be numeric; got 'ten'")
        ):
            clv("ten", 0.5, 0.1)


class TestMarginMultiple:
    def test_hand_computed(self) -> None:
        """r / (1 + i - r) at r = 0.8, i = 0.1 is 0.8 / 0.3."""
        assert margin_multiple(0.8, 0.1) == pytest.approx(8 / 3)

    @given(retention_rates, discount_rates)
    def test_equals_clv_of_unit_margin(self, r: float, i: float) -> None:
        """The multiple is the CLV of a margin of 1."""
        assert margin_multiple(r, i) == pytest.approx(clv(1.0, r, i), rel=1e-12)

    def test_rejects_retention_of_one(self) -> None:
        """The multiple is infinite at r = 1 with i = 0, so r < 1 is required."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("retention must be in [0, 1); got 1.0")
        ):
            margin_multiple(1.0, 0.0)


class TestRetentionElasticity:
    def test_gupta_lehmann_stuart_order_of_magnitude(self) -> None:
        """At r = 0.9, i = 0.12 a 1% retention gain lifts CLV by about 5% (GLS 2004)."""
        # (1 + 0.12) / (1 + 0.12 - 0.9) = 1.12 / 0.22 = 5.0909...
        assert retention_elasticity(0.9, 0.12) == pytest.approx(1.12 / 0.22, rel=1e-12)
        assert round(retention_elasticity(0.9, 0.12)) == 5

    @given(retention_rates, discount_rates, growth_rates, st.sampled_from(["end", "start"]))
    def test_matches_numerical_derivative(self, r: float, i: float, g: float, timing: str) -> None:
        """The closed form equals a central finite difference of log CLV in log retention."""
        assume(r > 0.05 and r * (1 + g) / (1 + i) < 0.95)
        h = 1e-6
        up = clv(1.0, r * math.exp(h), i, growth=g, timing=timing)
        down = clv(1.0, r * math.exp(-h), i, growth=g, timing=timing)
        numeric = (math.log(up) - math.log(down)) / (2 * h)
        exact = retention_elasticity(r, i, growth=g, timing=timing)
        assert exact == pytest.approx(numeric, rel=1e-5)

    @given(retention_rates, retention_rates, discount_rates)
    def test_increasing_in_retention(self, r1: float, r2: float, i: float) -> None:
        """Loyal bases are more sensitive to retention."""
        low, high = sorted((r1, r2))
        assume(low > 0)
        assert retention_elasticity(low, i) <= retention_elasticity(high, i)

    def test_rejects_zero_retention(self) -> None:
        """Log retention is undefined at 0."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("retention must be in (0, 1); got 0.0")
        ):
            retention_elasticity(0.0, 0.1)


class TestClvFromSurvival:
    def test_hand_computed(self) -> None:
        """80/1.1 + 60/1.21 + 50/1.331."""
        expected = 80 / 1.1 + 60 / 1.21 + 50 / 1.331
        assert clv_from_survival(100.0, [0.8, 0.6, 0.5], 0.1) == pytest.approx(expected)

    def test_start_timing(self) -> None:
        """Start-of-period payments are discounted one period less."""
        expected = 100 + 60 / 1.1 + 50 / 1.21
        got = clv_from_survival(100.0, [1.0, 0.6, 0.5], 0.1, timing="start")
        assert got == pytest.approx(expected)

    def test_per_period_margins(self) -> None:
        """A margin per period is paired with the survival of that period."""
        expected = 10 * 0.9 + 20 * 0.5
        assert clv_from_survival([10.0, 20.0], [0.9, 0.5], 0.0) == pytest.approx(expected)

    def test_several_curves_and_rates(self) -> None:
        """Leading axes are separate curves; a discount rate per curve broadcasts."""
        result = clv_from_survival(1.0, [[1.0, 1.0], [0.5, 0.5]], [0.0, 1.0])
        np.testing.assert_allclose(result, [2.0, 0.5 / 2 + 0.5 / 4])

    @given(margins, retention_rates, discount_rates, st.integers(1, 120))
    def test_geometric_curve_matches_closed_form(
        self, m: float, r: float, i: float, periods: int
    ) -> None:
        """S_t = r^t reproduces clv(..., horizon=T); S_t = r^(t-1) with start timing too."""
        t = np.arange(1, periods + 1)
        end = clv_from_survival(m, r**t, i)
        assert end == pytest.approx(clv(m, r, i, horizon=periods), rel=1e-9, abs=1e-12 * m)
        start = clv_from_survival(m, r ** (t - 1.0), i, timing="start")
        expected = clv(m, r, i, horizon=periods, timing="start")
        assert start == pytest.approx(expected, rel=1e-9)

    def test_rising_curve_is_rejected(self) -> None:
        """A survival curve cannot rise; the rising element is reported."""
        message = "survival must be non-increasing along its last axis; got 0.7 at index 2"
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            clv_from_survival(1.0, [0.9, 0.6, 0.7], 0.1)

    def test_rising_curve_in_second_row(self) -> None:
        """For several curves the index has one entry per axis."""
        message = "survival must be non-increasing along its last axis; got 0.8 at index (1, 1)"
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            clv_from_survival(1.0, [[0.9, 0.6], [0.5, 0.8]], 0.1)

    def test_survival_out_of_range(self) -> None:
        """Survival probabilities lie in [0, 1]."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("survival must be in [0, 1]; got 1.1 at index 0")
        ):
            clv_from_survival(1.0, [1.1, 0.5], 0.1)

    def test_empty_curve(self) -> None:
        """At least one period is needed."""
        message = "survival must have at least one period along its last axis; got shape (0,)"
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            clv_from_survival(1.0, [], 0.1)

    def test_mismatched_margin(self) -> None:
        """Per-period margins must match the number of periods."""
        message = "margin, survival must have broadcast-compatible shapes; got (3,), (2,)"
        with pytest.raises(ShapeMismatchError, match=re.escape(message)):
            clv_from_survival([1.0, 2.0, 3.0], [0.9, 0.8], 0.1)


class TestSimpleClv:
    def test_hand_computed(self) -> None:
        """40 per order × 6 orders a year × 30% margin × 4 years."""
        assert simple_clv(40.0, 6, 0.3, 4) == pytest.approx(288.0)

    @given(money, scale_factors)
    def test_linear_in_order_value(self, value: float, k: float) -> None:
        """Scaling the order value scales the result."""
        v = abs(value)
        assert simple_clv(k * v, 2, 0.4, 3) == pytest.approx(k * simple_clv(v, 2, 0.4, 3))

    def test_negative_order_value(self) -> None:
        """Order values are non-negative."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("average_order_value must be >= 0; got -40.0")
        ):
            simple_clv(-40.0, 6, 0.3, 4)

    def test_margin_above_one(self) -> None:
        """A gross margin cannot exceed revenue."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("gross_margin must be <= 1; got 30.0")
        ):
            simple_clv(40.0, 6, 30.0, 4)


class TestCustomerEquity:
    def test_hand_computed(self) -> None:
        """1000 × 150 + 200 × 900."""
        assert customer_equity([1000, 200], [150.0, 900.0]) == pytest.approx(330_000.0)

    def test_segments_by_row(self) -> None:
        """Sums run over the last axis, so rows are separate bases."""
        result = customer_equity([[1, 2], [3, 4]], [10.0, 100.0])
        np.testing.assert_allclose(result, [210.0, 430.0])

    def test_negative_customers(self) -> None:
        """Customer counts are non-negative."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("customers must be >= 0; got -3.0 at index 1")
        ):
            customer_equity([1, -3], [1.0, 2.0])


class TestFutureCustomerEquity:
    def test_hand_computed_infinite(self) -> None:
        """n (CLV - AC) (1 + i) / i = 100 × 250 × 1.1 / 0.1."""
        got = future_customer_equity(100, 300.0, 0.1, acquisition_cost=50.0)
        assert got == pytest.approx(275_000.0)

    @given(
        st.integers(0, 10_000),
        money,
        discount_rates,
        st.floats(-0.5, 0.5),
        st.integers(0, 60),
    )
    def test_matches_sum_over_cohorts(
        self, n: int, value: float, i: float, growth: float, cohorts: int
    ) -> None:
        """The closed form equals the explicit sum over cohorts."""
        expected = sum(n * (1 + growth) ** k * value / (1 + i) ** k for k in range(cohorts))
        got = future_customer_equity(n, value, i, cohort_growth=growth, cohorts=cohorts)
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-6 * abs(value) * (n + 1))

    def test_divergent_stream(self) -> None:
        """Cohorts growing as fast as the discount rate have no finite value."""
        message = "cohort_growth must be < discount_rate when cohorts is None; got 0.1"
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            future_customer_equity(100, 300.0, 0.1, cohort_growth=0.1)
