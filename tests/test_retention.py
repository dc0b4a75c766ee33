"""Tests of servicemetrics.retention."""

from __future__ import annotations

import inspect
import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import optimize, stats

from servicemetrics import (
    InvalidInputError,
    NonFiniteError,
    OutOfRangeError,
    ShapeMismatchError,
    retention,
)
from servicemetrics.retention import (
    average_tenure,
    churn_rate,
    convert_churn,
    convert_retention,
    expected_lifetime,
    lifetime_from_tenure,
    retention_from_survival,
    retention_rate,
    share_of_wallet,
    survival_curve,
    survival_from_retention,
)
from tests.strategies import horizons, probabilities, retention_rates

# --- module-specific strategies ---------------------------------------------------------------


@st.composite
def customer_counts(draw: st.DrawFn) -> tuple[int, int, int]:
    """Consistent (start, end, new) counts: some of the starting customers stay, some join."""
    start = draw(st.integers(1, 10**6))
    retained = draw(st.integers(0, start))
    new = draw(st.integers(0, 10**6))
    return start, retained + new, new


#: Churn strictly inside (0, 1], the domain of expected_lifetime.
churn_rates = st.floats(1e-6, 1.0, allow_nan=False, allow_infinity=False)

#: Retention bounded away from 0, so that products over a few dozen periods stay normal floats.
nonzero_retention = st.floats(0.01, 1.0, allow_nan=False, allow_infinity=False)

#: Period-length ratios between a fortnight and two years, in months.
length_ratios = st.floats(1 / 24, 24.0, allow_nan=False, allow_infinity=False)


def retention_curves(elements: st.SearchStrategy[float]) -> st.SearchStrategy[np.ndarray]:
    """Arrays of shape (n_cohorts, n_periods) with the given per-period retention."""
    shapes = st.tuples(st.integers(1, 4), st.integers(1, 40))
    return shapes.flatmap(lambda shape: hnp.arrays(np.float64, shape, elements=elements))


class TestPublicApi:
    def test_every_public_name_is_exported(self) -> None:
        """Each public function defined in the module is listed in __all__."""
        defined = {
            name
            for name, obj in vars(retention).items()
            if inspect.isfunction(obj)
            and obj.__module__ == retention.__name__
            and not name.startswith("_")
        }
        assert defined == set(retention.__all__)


class TestRetentionRate:
    def test_hand_computed_value(self) -> None:
        """Customers won during the period are taken out of the end count."""
        # (950 - 100) / 1000 = 850 / 1000
        assert retention_rate(1000, 950, 100) == pytest.approx(0.85, rel=1e-15)

    def test_without_new_customers(self) -> None:
        """With no new customers retention is end over start."""
        # 150 / 200
        assert retention_rate(200, 150, 0) == 0.75

    def test_bounds_are_reachable(self) -> None:
        """Everyone retained gives 1, everyone replaced gives 0."""
        assert retention_rate(100, 130, 30) == 1.0
        assert retention_rate(100, 30, 30) == 0.0

    def test_broadcasting(self) -> None:
        """Counts broadcast like NumPy arrays."""
        # rows: start 100 and 200; columns: end 90 and 60, new 10 each
        result = retention_rate([[100], [200]], [90, 60], 10)
        expected = np.array([[80 / 100, 50 / 100], [80 / 200, 50 / 200]])
        np.testing.assert_allclose(result, expected, rtol=1e-15)

    def test_output_types(self) -> None:
        """Scalars give float, lists give ndarray, a Series gives a Series with its index."""
        assert type(retention_rate(10, 9, 1)) is float
        assert isinstance(retention_rate([10, 20], [9, 18], [1, 2]), np.ndarray)
        start = pd.Series([100.0, 200.0], index=["north", "south"])
        result = retention_rate(start, 90, 10)
        assert isinstance(result, pd.Series)
        assert list(result.index) == ["north", "south"]
        # 80 / 100 and 80 / 200
        np.testing.assert_allclose(result.to_numpy(), [0.8, 0.4])

    def test_start_must_be_positive(self) -> None:
        """A period that starts with no customers has no retention."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("start must be > 0; got 0.0 at index 1")
        ):
            retention_rate([10, 0], 5, 0)

    def test_end_must_be_nonnegative(self) -> None:
        """A negative end count is rejected."""
        with pytest.raises(OutOfRangeError, match=re.escape("end must be >= 0; got -1.0")):
            retention_rate(10, -1, 0)

    def test_new_must_be_nonnegative(self) -> None:
        """A negative count of new customers is rejected."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("new must be >= 0; got -2.0 at index 2")
        ):
            retention_rate(10, 5, [0, 1, -2])

    def test_new_must_not_exceed_end(self) -> None:
        """More new customers than customers at the end is impossible."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("new must be <= end; got 12.0 at index 1")
        ):
            retention_rate(100, [50, 10], [5, 12])

    def test_new_exceeding_end_reports_broadcast_index(self) -> None:
        """A scalar that breaks a joint rule is reported at the broadcast position."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("new must be <= end; got 8.0 at index 2")
        ):
            retention_rate(100, [50, 10, 7], 8)

    def test_retained_must_not_exceed_start(self) -> None:
        """Retained customers cannot outnumber the customers at the start."""
        message = (
            "end - new must be <= start (retained customers cannot exceed those at the start); "
            "got 120.0 at index (1, 0)"
        )
        with pytest.raises(OutOfRangeError, match=re.escape(message)):
            retention_rate([[100], [100]], [[90], [130]], 10)

    def test_non_finite(self) -> None:
        """NaN counts raise instead of propagating."""
        with pytest.raises(NonFiniteError, match=re.escape("end must be finite; got nan")):
            retention_rate(10, float("nan"), 0)

    def test_shape_mismatch(self) -> None:
        """Counts that do not broadcast are named with their shapes."""
        message = "start, end, new must have broadcast-compatible shapes; got (2,), (3,), ()"
        with pytest.raises(ShapeMismatchError, match=re.escape(message)):
            retention_rate([10, 20], [1, 2, 3], 0)

    @given(customer_counts())
    def test_in_unit_interval_and_complements_churn(self, counts: tuple[int, int, int]) -> None:
        """Retention lies in [0, 1] and retention + churn = 1."""
        r = retention_rate(*counts)
        assert 0.0 <= r <= 1.0
        assert r + churn_rate(*counts) == pytest.approx(1.0, abs=1e-12)

    @given(customer_counts(), st.integers(1, 10**6))
    def test_scale_invariance(self, counts: tuple[int, int, int], factor: int) -> None:
        """Scaling all three counts by the same factor leaves retention unchanged."""
        start, end, new = counts
        scaled = retention_rate(start * factor, end * factor, new * factor)
        assert scaled == pytest.approx(retention_rate(start, end, new), rel=1e-12, abs=1e-15)


class TestChurnRate:
    def test_hand_computed_value(self) -> None:
        """Churn is the share of starting customers who left."""
        # 1000 at the start, 850 of them still there: 150 / 1000 left
        assert churn_rate(1000, 950, 100) == pytest.approx(0.15, rel=1e-12)

    def test_output_types(self) -> None:
        """Scalars give float, lists give ndarray, a Series gives a Series with its index."""
        assert type(churn_rate(10, 9, 1)) is float
        assert isinstance(churn_rate([10, 20], [9, 18], [1, 2]), np.ndarray)
        end = pd.Series([90.0, 60.0], index=[2023, 2024])
        result = churn_rate(100, end, 10)
        assert isinstance(result, pd.Series)
        assert list(result.index) == [2023, 2024]
        # 1 - 80/100 and 1 - 50/100
        np.testing.assert_allclose(result.to_numpy(), [0.2, 0.5])

    def test_shares_the_count_rules(self) -> None:
        """The rules of retention_rate apply unchanged."""
        with pytest.raises(OutOfRangeError, match=re.escape("new must be <= end; got 12.0")):
            churn_rate(100, 10, 12)


class TestExpectedLifetime:
    def test_hand_computed_value(self) -> None:
        """A churn of 20% per period means five periods on average."""
        assert expected_lifetime(0.2) == 5.0

    def test_matches_direct_sum_of_geometric_lifetimes(self) -> None:
        """The closed form equals the sum of t P(L = t) over the periods."""
        c = 0.1
        t = np.arange(1, 2001)
        direct = np.sum(t * (1 - c) ** (t - 1) * c)
        assert expected_lifetime(c) == pytest.approx(direct, rel=1e-12)

    def test_matches_scipy_geometric_mean(self) -> None:
        """SciPy's geometric distribution (support 1, 2, ...) has the same mean."""
        churn = np.array([0.05, 0.3, 0.9])
        np.testing.assert_allclose(expected_lifetime(churn), stats.geom(churn).mean())

    def test_certain_churn_lasts_one_period(self) -> None:
        """The period in which a customer leaves counts, so churn 1 gives a lifetime of 1."""
        assert expected_lifetime(1.0) == 1.0

    def test_output_types(self) -> None:
        """Scalars give float, lists give ndarray, a Series gives a Series with its index."""
        assert type(expected_lifetime(0.5)) is float
        assert isinstance(expected_lifetime([0.5, 0.25]), np.ndarray)
        result = expected_lifetime(pd.Series([0.5, 0.25], index=["a", "b"]))
        assert isinstance(result, pd.Series)
        assert list(result.index) == ["a", "b"]
        np.testing.assert_allclose(result.to_numpy(), [2.0, 4.0])

    @pytest.mark.parametrize("churn", [0.0, -0.1, 1.5])
    def test_churn_out_of_range(self, churn: float) -> None:
        """Churn must lie in (0, 1]."""
        with pytest.raises(
            OutOfRangeError, match=re.escape(f"churn must be in (0, 1]; got {churn!r}")
        ):
            expected_lifetime(churn)

    def test_churn_index_reported(self) -> None:
        """The first offending element is named with its index."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("churn must be in (0, 1]; got 0.0 at index 1")
        ):
            expected_lifetime([0.1, 0.0, 0.2])

    @given(churn_rates)
    def test_inverse_of_churn(self, churn: float) -> None:
        """Expected lifetime times churn is one."""
        assert expected_lifetime(churn) * churn == pytest.approx(1.0, rel=1e-14)

    @given(churn_rates, churn_rates)
    def test_decreasing_in_churn(self, c1: float, c2: float) -> None:
        """More churn means a shorter expected lifetime."""
        low, high = sorted((c1, c2))
        assert expected_lifetime(low) >= expected_lifetime(high)
        # Neighbouring floats can share a rounded reciprocal; apart from those it is strict.
        if high > low * (1 + 1e-12):
            assert expected_lifetime(low) > expected_lifetime(high)


class TestSurvivalCurve:
    def test_hand_computed_value(self) -> None:
        """Constant retention 0.8 gives 0.8, 0.64, 0.512."""
        # 0.8, 0.8 * 0.8, 0.8 * 0.8 * 0.8
        np.testing.assert_allclose(survival_curve(0.8, 3), [0.8, 0.64, 0.512], rtol=1e-15)

    def test_shape_adds_a_last_axis(self) -> None:
        """Periods go on a new last axis after the shape of retention."""
        assert survival_curve(np.full((2, 3), 0.9), 5).shape == (2, 3, 5)

    def test_always_an_array(self) -> None:
        """A scalar retention or a Series still gives an ndarray."""
        assert isinstance(survival_curve(0.5, 1), np.ndarray)
        result = survival_curve(pd.Series([0.5, 0.9], index=["a", "b"]), 2)
        assert type(result) is np.ndarray
        np.testing.assert_allclose(result, [[0.5, 0.25], [0.9, 0.81]])

    def test_zero_and_full_retention(self) -> None:
        """Retention 0 empties the cohort at once; retention 1 keeps it whole."""
        np.testing.assert_array_equal(survival_curve([0.0, 1.0], 3), [[0, 0, 0], [1, 1, 1]])

    def test_retention_out_of_range(self) -> None:
        """Retention above 1 is rejected."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("retention must be in [0, 1]; got 1.2 at index 1")
        ):
            survival_curve([0.5, 1.2], 3)

    def test_periods_must_be_at_least_one(self) -> None:
        """An empty projection is rejected."""
        with pytest.raises(OutOfRangeError, match=re.escape("periods must be >= 1; got 0.0")):
            survival_curve(0.9, 0)

    def test_periods_must_be_whole(self) -> None:
        """A fractional number of periods is rejected."""
        with pytest.raises(
            InvalidInputError, match=re.escape("periods must be a whole number; got 2.5")
        ):
            survival_curve(0.9, 2.5)

    def test_periods_must_be_a_single_number(self) -> None:
        """An array of period counts is rejected."""
        with pytest.raises(
            ShapeMismatchError, match=re.escape("periods must be a single number; got shape (2,)")
        ):
            survival_curve(0.9, [2, 3])

    def test_periods_must_be_finite(self) -> None:
        """An infinite projection is rejected."""
        with pytest.raises(NonFiniteError, match=re.escape("periods must be finite; got inf")):
            survival_curve(0.9, math.inf)

    @given(retention_rates, horizons)
    def test_starts_at_retention_and_never_rises(self, r: float, periods: int) -> None:
        """The curve starts at r and is non-increasing."""
        curve = survival_curve(r, periods)
        assert curve.shape == (periods,)
        assert curve[0] == pytest.approx(r, rel=1e-15)
        assert np.all(np.diff(curve) <= 0)

    @given(nonzero_retention, st.integers(1, 60))
    def test_matches_repeated_multiplication(self, r: float, periods: int) -> None:
        """S(t) = r**t agrees with multiplying r by itself t times."""
        np.testing.assert_allclose(
            survival_curve(r, periods), np.cumprod(np.full(periods, r)), rtol=1e-12
        )


class TestSurvivalFromRetention:
    def test_hand_computed_value(self) -> None:
        """Survival is the running product of the period retention rates."""
        # 0.6; 0.6 * 0.75 = 0.45; 0.45 * 0.8 = 0.36
        np.testing.assert_allclose(
            survival_from_retention([0.6, 0.75, 0.8]), [0.6, 0.45, 0.36], rtol=1e-15
        )

    def test_leading_axes_are_kept(self) -> None:
        """Each row is a separate cohort."""
        result = survival_from_retention([[0.5, 0.5], [1.0, 0.9]])
        np.testing.assert_allclose(result, [[0.5, 0.25], [1.0, 0.9]])

    def test_output_types(self) -> None:
        """Lists give ndarray, a Series gives a Series with its index."""
        assert isinstance(survival_from_retention([0.5]), np.ndarray)
        result = survival_from_retention(pd.Series([0.5, 0.8], index=["m1", "m2"]))
        assert isinstance(result, pd.Series)
        assert list(result.index) == ["m1", "m2"]
        np.testing.assert_allclose(result.to_numpy(), [0.5, 0.4])

    def test_scalar_rejected(self) -> None:
        """A single number is not a curve."""
        message = (
            "period_retention must have at least one period along its last axis; got shape ()"
        )
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            survival_from_retention(0.5)

    def test_empty_rejected(self) -> None:
        """An empty curve is rejected."""
        message = (
            "period_retention must have at least one period along its last axis; got shape (0,)"
        )
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            survival_from_retention([])

    def test_out_of_range(self) -> None:
        """Retention above 1 is rejected with its index."""
        with pytest.raises(
            OutOfRangeError,
            match=re.escape("period_retention must be in [0, 1]; got 1.1 at index (0, 1)"),
        ):
            survival_from_retention([[0.5, 1.1]])

    @given(retention_rates, st.integers(1, 60))
    def test_constant_retention_gives_survival_curve(self, r: float, periods: int) -> None:
        """A constant retention array reproduces survival_curve."""
        np.testing.assert_allclose(
            survival_from_retention(np.full(periods, r)),
            survival_curve(r, periods),
            rtol=1e-12,
            atol=1e-300,
        )

    @given(retention_curves(probabilities))
    def test_non_increasing_in_unit_interval(self, rates: np.ndarray) -> None:
        """Survival stays in [0, 1] and never rises."""
        curve = survival_from_retention(rates)
        assert np.all((curve >= 0) & (curve <= 1))
        assert np.all(np.diff(curve, axis=-1) <= 0)


class TestRetentionFromSurvival:
    def test_hand_computed_value(self) -> None:
        """Each period's retention is the ratio of consecutive survival values."""
        # 0.6 / 1, 0.45 / 0.6, 0.36 / 0.45
        np.testing.assert_allclose(
            retention_from_survival([0.6, 0.45, 0.36]), [0.6, 0.75, 0.8], rtol=1e-14
        )

    def test_reaching_zero_in_the_last_period_is_defined(self) -> None:
        """The period in which the cohort empties has retention 0."""
        np.testing.assert_allclose(retention_from_survival([0.5, 0.0]), [0.5, 0.0])

    def test_zero_division_zero(self) -> None:
        """With 'zero', the undefined periods are reported as 0."""
        result = retention_from_survival([[0.5, 0.0, 0.0], [0.5, 0.25, 0.0]], zero_division="zero")
        np.testing.assert_allclose(result, [[0.5, 0.0, 0.0], [0.5, 0.5, 0.0]])

    def test_zero_division_nan(self) -> None:
        """With 'nan', only the periods after the cohort emptied are NaN."""
        result = retention_from_survival([0.0, 0.0, 0.0], zero_division="nan")
        np.testing.assert_array_equal(result, [0.0, np.nan, np.nan])

    def test_zero_division_raise(self) -> None:
        """By default a curve that empties before its last period raises, naming the zero."""
        message = (
            "survival must stay above 0 before its last period (retention after everyone has "
            "left is undefined; see zero_division); got 0.0 at index (1, 1)"
        )
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            retention_from_survival([[0.5, 0.1, 0.0], [0.5, 0.0, 0.0]])

    def test_zero_division_choice(self) -> None:
        """An unknown zero_division is rejected."""
        message = "zero_division must be one of 'raise', 'nan', 'zero'; got 'ignore'"
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            retention_from_survival([0.5], zero_division="ignore")  # type: ignore[arg-type]

    def test_rising_curve_rejected(self) -> None:
        """A curve that rises is not a survival curve; the later value is named."""
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "survival must be non-increasing along its last axis; got 0.6 at index 2"
            ),
        ):
            retention_from_survival([0.9, 0.5, 0.6])

    def test_out_of_range(self) -> None:
        """Survival above 1 is rejected (S(0) = 1 is implied)."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("survival must be in [0, 1]; got 1.5 at index 0")
        ):
            retention_from_survival([1.5, 0.5])

    def test_scalar_rejected(self) -> None:
        """A single number is not a curve."""
        message = "survival must have at least one period along its last axis; got shape ()"
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            retention_from_survival(0.5)

    def test_output_types(self) -> None:
        """Lists give ndarray, a Series gives a Series with its index."""
        assert isinstance(retention_from_survival([0.5]), np.ndarray)
        result = retention_from_survival(pd.Series([0.5, 0.4], index=["m1", "m2"]))
        assert isinstance(result, pd.Series)
        assert list(result.index) == ["m1", "m2"]
        np.testing.assert_allclose(result.to_numpy(), [0.5, 0.8])

    @given(retention_curves(nonzero_retention))
    def test_round_trip_from_retention(self, rates: np.ndarray) -> None:
        """Retention -> survival -> retention gives the rates back."""
        back = retention_from_survival(survival_from_retention(rates))
        np.testing.assert_allclose(back, rates, rtol=1e-12)

    @given(retention_curves(probabilities))
    def test_round_trip_from_survival(self, rates: np.ndarray) -> None:
        """Survival -> retention -> survival gives the curve back, also after it hits 0."""
        curve = survival_from_retention(rates)
        again = survival_from_retention(retention_from_survival(curve, zero_division="zero"))
        np.testing.assert_allclose(again, curve, rtol=1e-12, atol=1e-300)


class TestConvertRetention:
    def test_monthly_to_annual(self) -> None:
        """Twelve months at 95% each compound to the annual rate."""
        assert convert_retention(0.95, 12) == pytest.approx(math.prod([0.95] * 12), rel=1e-14)

    def test_annual_to_half_year(self) -> None:
        """Half a year at annual retention 0.81 is its square root."""
        # 0.9 * 0.9 = 0.81
        assert convert_retention(0.81, 0.5) == pytest.approx(0.9, rel=1e-15)

    def test_broadcasting(self) -> None:
        """Retention and length ratio broadcast."""
        result = convert_retention([[0.5], [0.25]], [1, 2])
        np.testing.assert_allclose(result, [[0.5, 0.25], [0.25, 0.0625]])

    def test_output_types(self) -> None:
        """Scalars give float, lists give ndarray, a Series gives a Series with its index."""
        assert type(convert_retention(0.9, 2)) is float
        assert isinstance(convert_retention([0.9], 2), np.ndarray)
        result = convert_retention(pd.Series([0.9, 0.5], index=["a", "b"]), 2)
        assert isinstance(result, pd.Series)
        assert list(result.index) == ["a", "b"]
        np.testing.assert_allclose(result.to_numpy(), [0.81, 0.25])

    def test_retention_out_of_range(self) -> None:
        """Retention above 1 is rejected."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("retention must be in [0, 1]; got 1.2")
        ):
            convert_retention(1.2, 2)

    def test_length_ratio_must_be_positive(self) -> None:
        """A zero or negative period length is rejected."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("length_ratio must be > 0; got 0.0 at index 2")
        ):
            convert_retention(0.5, [1, 2, 0])

    def test_shape_mismatch(self) -> None:
        """Inputs that do not broadcast are named with their shapes."""
        message = "retention, length_ratio must have broadcast-compatible shapes; got (2,), (3,)"
        with pytest.raises(ShapeMismatchError, match=re.escape(message)):
            convert_retention([0.5, 0.4], [1, 2, 3])

    @given(st.floats(0.5, 1.0), length_ratios)
    def test_round_trip(self, r: float, k: float) -> None:
        """Converting by k and then by 1/k gives the rate back."""
        assert convert_retention(convert_retention(r, k), 1 / k) == pytest.approx(r, rel=1e-12)

    @given(st.floats(0.5, 1.0), length_ratios, length_ratios)
    def test_composes(self, r: float, k1: float, k2: float) -> None:
        """Converting by k1 and then by k2 equals converting by k1 * k2."""
        twice = convert_retention(convert_retention(r, k1), k2)
        assert twice == pytest.approx(convert_retention(r, k1 * k2), rel=1e-12)


class TestConvertChurn:
    def test_monthly_to_annual(self) -> None:
        """Annual churn is one minus the compounded monthly retention."""
        assert convert_churn(0.05, 12) == pytest.approx(1 - math.prod([0.95] * 12), rel=1e-14)

    def test_small_churn_is_accurate(self) -> None:
        """Tiny churn rates keep their relative precision."""
        # 1 - (1 - c)^2 = 2c - c^2 exactly; the naive form loses most digits at c = 1e-12
        c = 1e-12
        assert convert_churn(c, 2) == pytest.approx(2 * c - c * c, rel=1e-14)

    def test_edges(self) -> None:
        """Churn 0 stays 0 and churn 1 stays 1 for any period length."""
        result = convert_churn([0.0, 1.0], 0.25)
        np.testing.assert_array_equal(result, [0.0, 1.0])
        assert math.copysign(1.0, convert_churn(0.0, 3)) == 1.0

    def test_output_types(self) -> None:
        """Scalars give float, lists give ndarray, a Series gives a Series with its index."""
        assert type(convert_churn(0.1, 2)) is float
        assert isinstance(convert_churn([0.1], 2), np.ndarray)
        result = convert_churn(pd.Series([0.1, 0.5], index=["a", "b"]), 2)
        assert isinstance(result, pd.Series)
        assert list(result.index) == ["a", "b"]
        # 1 - 0.9^2, 1 - 0.5^2
        np.testing.assert_allclose(result.to_numpy(), [0.19, 0.75])

    def test_churn_out_of_range(self) -> None:
        """Negative churn is rejected."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("churn must be in [0, 1]; got -0.1 at index 0")
        ):
            convert_churn([-0.1], 2)

    def test_length_ratio_must_be_positive(self) -> None:
        """A negative period length is rejected."""
        with pytest.raises(OutOfRangeError, match=re.escape("length_ratio must be > 0; got -1.0")):
            convert_churn(0.1, -1)

    @given(probabilities, length_ratios)
    def test_agrees_with_convert_retention(self, c: float, k: float) -> None:
        """Converted churn is one minus the converted retention."""
        expected = 1 - convert_retention(1 - c, k)
        assert convert_churn(c, k) == pytest.approx(expected, rel=1e-9, abs=1e-12)

    @given(probabilities, length_ratios)
    def test_stays_in_unit_interval(self, c: float, k: float) -> None:
        """Converted churn lies in [0, 1]."""
        assert 0.0 <= convert_churn(c, k) <= 1.0


class TestAverageTenure:
    def test_hand_computed_value(self) -> None:
        """The mean of the tenures."""
        # (3 + 12 + 7 + 2) / 4 = 24 / 4
        assert average_tenure([3, 12, 7, 2]) == 6.0

    def test_series_gives_float(self) -> None:
        """A reduction returns a float whatever the input container."""
        result = average_tenure(pd.Series([1.0, 2.0], index=["a", "b"]))
        assert type(result) is float
        assert result == 1.5

    def test_negative_rejected(self) -> None:
        """Tenure cannot be negative."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("tenure must be >= 0; got -2.0 at index 1")
        ):
            average_tenure([1, -2])

    def test_empty_rejected(self) -> None:
        """The mean of nobody is undefined."""
        with pytest.raises(
            InvalidInputError, match=re.escape("tenure must not be empty; got shape (0,)")
        ):
            average_tenure([])

    def test_two_dimensional_rejected(self) -> None:
        """Tenure is one value per customer."""
        with pytest.raises(
            ShapeMismatchError, match=re.escape("tenure must be one-dimensional; got shape (1, 2)")
        ):
            average_tenure([[1, 2]])

    @given(hnp.arrays(np.float64, st.integers(1, 50), elements=st.floats(0, 1e4)))
    def test_between_min_and_max(self, tenure: np.ndarray) -> None:
        """The mean lies between the shortest and the longest tenure."""
        mean = average_tenure(tenure)
        assert tenure.min() * (1 - 1e-12) <= mean <= tenure.max() * (1 + 1e-12)


class TestLifetimeFromTenure:
    def test_hand_computed_value(self) -> None:
        """Total tenure over the number who churned."""
        # (3 + 12 + 7 + 2) / 2 churned = 24 / 2
        assert lifetime_from_tenure([3, 12, 7, 2], [True, False, False, True]) == 12.0

    def test_without_censoring_equals_mean_tenure(self) -> None:
        """When everyone has churned, the estimate is the plain mean."""
        tenure = [4.0, 1.0, 9.0, 2.0]
        assert lifetime_from_tenure(tenure, [1, 1, 1, 1]) == pytest.approx(16 / 4)

    def test_agrees_with_numerical_likelihood_maximum(self) -> None:
        """The closed form maximises the censored exponential log-likelihood."""
        tenure = np.array([2.5, 7.0, 1.0, 12.0, 4.0])
        churned = np.array([1, 0, 1, 0, 1])

        def negative_log_likelihood(log_rate: float) -> float:
            rate = math.exp(log_rate)
            return -(churned.sum() * log_rate - rate * tenure.sum())

        fit = optimize.minimize_scalar(negative_log_likelihood, bounds=(-10, 5), method="bounded")
        assert lifetime_from_tenure(tenure, churned) == pytest.approx(
            1 / math.exp(fit.x), rel=1e-5
        )

    def test_nobody_churned(self) -> None:
        """With no departures the lifetime cannot be estimated."""
        message = (
            "churned must contain at least one churned customer (with none, the lifetime "
            "cannot be estimated); got 0 of 3"
        )
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            lifetime_from_tenure([1, 2, 3], [False, False, False])

    def test_churned_must_be_a_flag(self) -> None:
        """Churned holds only 0 and 1."""
        with pytest.raises(
            InvalidInputError,
            match=re.escape("churned must be 0 or 1 (False or True); got 0.5 at index 1"),
        ):
            lifetime_from_tenure([1, 2], [1, 0.5])

    def test_lengths_must_match(self) -> None:
        """One flag per customer."""
        with pytest.raises(
            ShapeMismatchError,
            match=re.escape("churned must have the same length as tenure (3); got 2"),
        ):
            lifetime_from_tenure([1, 2, 3], [1, 0])

    def test_negative_tenure_rejected(self) -> None:
        """Tenure cannot be negative."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("tenure must be >= 0; got -1.0 at index 0")
        ):
            lifetime_from_tenure([-1, 2], [1, 0])

    def test_series_gives_float(self) -> None:
        """A reduction returns a float whatever the input container."""
        tenure = pd.Series([3.0, 5.0], index=["a", "b"])
        result = lifetime_from_tenure(tenure, pd.Series([True, False], index=["a", "b"]))
        assert type(result) is float
        assert result == 8.0

    @given(st.integers(0, 2**32 - 1), st.floats(1.5, 20.0))
    def test_geometric_sample_recovers_mean(self, seed: int, mean: float) -> None:
        """Censored geometric lifetimes give back the true mean within sampling error."""
        rng = np.random.default_rng(seed)
        n = 4000
        lifetimes = rng.geometric(1 / mean, size=n)
        window = rng.integers(1, int(3 * mean) + 2, size=n)
        churned = lifetimes <= window
        tenure = np.minimum(lifetimes, window)
        estimate = lifetime_from_tenure(tenure, churned)
        # The relative standard error is about 1 / sqrt(departures); allow five of them.
        assert abs(estimate / mean - 1) < 5 / math.sqrt(churned.sum())

    @given(st.integers(0, 2**32 - 1), st.floats(0.5, 50.0))
    def test_exponential_sample_recovers_mean(self, seed: int, mean: float) -> None:
        """Censored exponential lifetimes give back the true mean within sampling error."""
        rng = np.random.default_rng(seed)
        n = 4000
        lifetimes = rng.exponential(mean, size=n)
        window = rng.uniform(0, 3 * mean, size=n)
        churned = lifetimes <= window
        tenure = np.minimum(lifetimes, window)
        estimate = lifetime_from_tenure(tenure, churned)
        assert abs(estimate / mean - 1) < 5 / math.sqrt(churned.sum())


class TestShareOfWallet:
    def test_hand_computed_value(self) -> None:
        """Firm spend over category spend."""
        # 300 / 1200
        assert share_of_wallet(300.0, 1200.0) == 0.25

    def test_broadcasting(self) -> None:
        """A shared category total broadcasts against several firm amounts."""
        np.testing.assert_allclose(share_of_wallet([0, 50, 100], 100), [0.0, 0.5, 1.0])

    def test_output_types(self) -> None:
        """Scalars give float, lists give ndarray, a Series gives a Series with its index."""
        assert type(share_of_wallet(1, 2)) is float
        assert isinstance(share_of_wallet([1], 2), np.ndarray)
        result = share_of_wallet(pd.Series([10.0, 30.0], index=["x", "y"]), 40.0)
        assert isinstance(result, pd.Series)
        assert list(result.index) == ["x", "y"]
        np.testing.assert_allclose(result.to_numpy(), [0.25, 0.75])

    def test_firm_spend_nonnegative(self) -> None:
        """Negative spend is rejected."""
        with pytest.raises(OutOfRangeError, match=re.escape("firm_spend must be >= 0; got -5.0")):
            share_of_wallet(-5, 10)

    def test_category_spend_positive(self) -> None:
        """A customer with no category spend has no share of wallet."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("category_spend must be > 0; got 0.0 at index 1")
        ):
            share_of_wallet(0, [10, 0])

    def test_firm_spend_within_category(self) -> None:
        """The firm cannot get more than the whole category spend."""
        with pytest.raises(
            OutOfRangeError,
            match=re.escape("firm_spend must be <= category_spend; got 120.0 at index 1"),
        ):
            share_of_wallet([10, 120], 100)

    def test_non_finite(self) -> None:
        """Infinite spend is rejected."""
        with pytest.raises(
            NonFiniteError, match=re.escape("category_spend must be finite; got inf")
        ):
            share_of_wallet(1, math.inf)

    @given(st.floats(0.0, 1e6), st.floats(1e-3, 1e6))
    def test_in_unit_interval(self, a: float, b: float) -> None:
        """The share lies in [0, 1] when firm spend is within the category total."""
        firm, category = min(a, b), max(a, b)
        assert 0.0 <= share_of_wallet(firm, category) <= 1.0
