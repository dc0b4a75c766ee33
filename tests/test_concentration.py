"""Tests of servicemetrics.concentration."""

from __future__ import annotations

import inspect
import re

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from servicemetrics import (
    InvalidInputError,
    NonFiniteError,
    OutOfRangeError,
    ShapeMismatchError,
    concentration,
)
from servicemetrics.concentration import (
    LorenzCurve,
    TierAssignment,
    assign_tiers,
    gini,
    lorenz_curve,
    top_share,
)
from tests.strategies import probabilities, scale_factors, value_vectors

# --- module-specific strategies ---------------------------------------------------------------


@st.composite
def weighted_rows(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Compressed data: values with whole-number weights (some zero), positive weighted total."""
    values = draw(value_vectors(max_size=40))
    weights = draw(hnp.arrays(np.float64, values.shape, elements=st.integers(0, 5).map(float)))
    if not (weights * values).sum() > 0:
        weights[int(np.argmax(values))] = draw(st.integers(1, 5))
    return values, weights


@st.composite
def tier_cutoffs(draw: st.DrawFn) -> list[float]:
    """One to four strictly increasing cutoffs inside (0, 1)."""
    points = draw(
        st.lists(
            st.floats(0.01, 0.99, allow_nan=False, allow_infinity=False),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    return sorted(points)


#: Fractions of customers, sorted, for monotonicity checks.
sorted_fractions = st.lists(probabilities, min_size=2, max_size=20).map(sorted)


# --- independent reference computations -------------------------------------------------------


def gini_by_mean_difference(values: np.ndarray) -> float:
    """Gini as the mean absolute difference over all ordered pairs divided by twice the mean."""
    x = np.asarray(values, dtype=float)
    n = x.size
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * n**2 * x.mean()))


def trapezoid_gini(curve: LorenzCurve) -> float:
    """One minus twice the area under the curve's vertices by the trapezoid rule."""
    p, v = curve.population_share, curve.value_share
    return float(1.0 - np.sum(np.diff(p) * (v[1:] + v[:-1])))


def expand(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """One row per customer."""
    return np.repeat(values, weights.astype(int))


class TestPublicApi:
    def test_every_public_name_is_exported(self) -> None:
        """Each public function and class defined in the module is listed in __all__."""
        defined = {
            name
            for name, obj in vars(concentration).items()
            if (inspect.isfunction(obj) or inspect.isclass(obj))
            and obj.__module__ == concentration.__name__
            and not name.startswith("_")
        }
        assert defined == set(concentration.__all__)


class TestGini:
    def test_hand_computed_value(self) -> None:
        """Values 1, 2, 3, 4 have a Gini coefficient of 1/4."""
        # Sorted ranks k = 1..4, weights 2k - n - 1 = -3, -1, 1, 3:
        # (-3*1 - 1*2 + 1*3 + 3*4) / (n * total) = 10 / (4 * 10) = 0.25.
        # Check by pairs: |1-2| + |1-3| + |1-4| + |2-3| + |2-4| + |3-4| = 10, twice over ordered
        # pairs is 20; 2 n^2 mean = 2 * 16 * 2.5 = 80; 20 / 80 = 0.25.
        assert gini([1, 2, 3, 4]) == pytest.approx(0.25, rel=1e-15)

    def test_hand_computed_with_ties(self) -> None:
        """Values 1, 1, 4 have a Gini coefficient of 1/3."""
        # Ordered pairs: |1-4| four times = 12; 2 n^2 mean = 2 * 9 * 2 = 36; 12 / 36 = 1/3.
        assert gini([1, 4, 1]) == pytest.approx(1 / 3, rel=1e-15)

    def test_unbiased_hand_computed(self) -> None:
        """The correction multiplies by n / (n - 1): 0.25 * 4 / 3 = 1/3 for 1, 2, 3, 4."""
        assert gini([1, 2, 3, 4], unbiased=True) == pytest.approx(1 / 3, rel=1e-15)

    def test_all_equal_is_zero(self) -> None:
        """Customers of equal value have no concentration."""
        assert gini([5.0, 5.0, 5.0]) == 0.0
        assert gini(np.full(1000, 0.1)) == pytest.approx(0.0, abs=1e-12)

    def test_single_customer_is_zero(self) -> None:
        """One customer is trivially equal to itself."""
        assert gini([7.0]) == 0.0

    @pytest.mark.parametrize("n", [2, 3, 5, 10, 1000])
    def test_one_customer_holds_everything(self, n: int) -> None:
        """One non-zero customer among n gives (n - 1) / n, and 1 with the correction."""
        values = np.zeros(n)
        values[n // 2] = 42.0
        assert gini(values) == pytest.approx((n - 1) / n, rel=1e-12)
        assert gini(values, unbiased=True) == pytest.approx(1.0, rel=1e-12)

    def test_matches_mean_difference_on_fixed_data(self) -> None:
        """A fixed irregular sample agrees with the O(n^2) pairwise formula."""
        values = np.array([0.0, 3.5, 120.0, 7.25, 7.25, 0.5, 64.0, 1.0])
        assert gini(values) == pytest.approx(gini_by_mean_difference(values), rel=1e-13)

    def test_zero_weight_rows_are_ignored(self) -> None:
        """A row standing for no customer does not change the coefficient."""
        assert gini([1, 2, 99, 3, 4], weights=[1, 1, 0, 1, 1]) == pytest.approx(0.25, rel=1e-15)

    def test_output_type_and_series_input(self) -> None:
        """The result is a Python float; a pandas Series is accepted."""
        result = gini(pd.Series([1.0, 2.0, 3.0, 4.0], index=list("abcd")))
        assert type(result) is float
        assert result == pytest.approx(0.25, rel=1e-15)
        assert type(gini([1, 2], weights=pd.Series([2, 3]), unbiased=True)) is float

    @given(value_vectors())
    def test_in_unit_interval(self, values: np.ndarray) -> None:
        """The coefficient lies in [0, 1], with or without the correction."""
        assert 0.0 <= gini(values) <= 1.0
        if values.size > 1:
            assert 0.0 <= gini(values, unbiased=True) <= 1.0

    @given(value_vectors(), st.data())
    def test_permutation_invariant(self, values: np.ndarray, data: st.DataObject) -> None:
        """The order in which customers are listed does not matter."""
        order = data.draw(st.permutations(range(values.size)))
        assert gini(values[order]) == pytest.approx(gini(values), rel=1e-12, abs=1e-12)

    @given(value_vectors(), scale_factors)
    def test_scale_invariant(self, values: np.ndarray, factor: float) -> None:
        """Changing the currency unit does not change the coefficient."""
        assert gini(values * factor) == pytest.approx(gini(values), rel=1e-9, abs=1e-12)

    @given(value_vectors())
    def test_matches_mean_difference(self, values: np.ndarray) -> None:
        """The O(n log n) result equals the O(n^2) mean-absolute-difference formula."""
        assert gini(values) == pytest.approx(gini_by_mean_difference(values), rel=1e-9, abs=1e-12)

    @given(value_vectors())
    def test_equals_one_minus_twice_lorenz_area(self, values: np.ndarray) -> None:
        """G = 1 - 2 * (trapezoid area under the Lorenz curve)."""
        expected = trapezoid_gini(lorenz_curve(values))
        assert gini(values) == pytest.approx(expected, rel=1e-9, abs=1e-12)

    @given(value_vectors(min_size=2))
    def test_unbiased_is_scaled_by_n_over_n_minus_one(self, values: np.ndarray) -> None:
        """The correction is exactly the factor n / (n - 1)."""
        n = values.size
        assert gini(values, unbiased=True) == pytest.approx(
            gini(values) * n / (n - 1), rel=1e-12, abs=1e-12
        )

    @given(weighted_rows())
    def test_weighted_equals_expanded(self, rows: tuple[np.ndarray, np.ndarray]) -> None:
        """Compressed data with counts gives the coefficient of the expanded data."""
        values, weights = rows
        expanded = expand(values, weights)
        assert gini(values, weights) == pytest.approx(gini(expanded), rel=1e-9, abs=1e-12)
        if expanded.size > 1:
            assert gini(values, weights, unbiased=True) == pytest.approx(
                gini(expanded, unbiased=True), rel=1e-9, abs=1e-12
            )

    @pytest.mark.parametrize(
        ("values", "error", "message"),
        [
            ([1.0, np.nan], NonFiniteError, "values must be finite; got nan at index 1"),
            ([1.0, np.inf], NonFiniteError, "values must be finite; got inf at index 1"),
            ([1, 2, 3, -1], OutOfRangeError, "values must be >= 0; got -1.0 at index 3"),
            ([], InvalidInputError, "values must not be empty; got shape (0,)"),
            ([[1.0, 2.0]], ShapeMismatchError, "values must be one-dimensional; got shape (1, 2)"),
            ([0.0, 0.0], InvalidInputError, "values must have a positive total; got 0.0"),
            ("abc", InvalidInputError, "values must be numeric; got 'abc'"),
            ([1e308, 1e308], NonFiniteError, "values must have a finite total; got inf"),
        ],
    )
    def test_invalid_values(self, values: object, error: type[Exception], message: str) -> None:
        """Each broken rule on values is reported with the parameter, rule and value."""
        with pytest.raises(error, match=re.escape(message)):
            gini(values)  # type: ignore[arg-type]

    def test_unbiased_needs_two_customers(self) -> None:
        """The correction n / (n - 1) is undefined for one customer."""
        message = "values must hold at least 2 customers when unbiased=True; got 1"
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            gini([3.0], unbiased=True)
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            gini([3.0, 4.0], weights=[1, 0], unbiased=True)

    @pytest.mark.parametrize(
        ("weights", "error", "message"),
        [
            (
                [1, 1],
                ShapeMismatchError,
                "weights must have the same shape as values (3,); got shape (2,)",
            ),
            ([1, -1, 1], OutOfRangeError, "weights must be >= 0; got -1.0 at index 1"),
            ([1, 1.5, 1], InvalidInputError, "weights must be a whole number; got 1.5 at index 1"),
            ([1, np.nan, 1], NonFiniteError, "weights must be finite; got nan at index 1"),
            (
                [0, 0, 4],
                InvalidInputError,
                "values must have a positive weighted total; got 0.0",
            ),
        ],
    )
    def test_invalid_weights(
        self, weights: list[float], error: type[Exception], message: str
    ) -> None:
        """Weights are whole, non-negative counts matching the values."""
        with pytest.raises(error, match=re.escape(message)):
            gini([1.0, 2.0, 0.0], weights)


class TestLorenzCurve:
    def test_hand_computed_vertices(self) -> None:
        """Values 3, 1, 4, 2 sorted are 1, 2, 3, 4: cumulative 1, 3, 6, 10 out of 10."""
        curve = lorenz_curve([3, 1, 4, 2])
        np.testing.assert_allclose(curve.population_share, [0, 0.25, 0.5, 0.75, 1], rtol=1e-15)
        np.testing.assert_allclose(curve.value_share, [0, 0.1, 0.3, 0.6, 1], rtol=1e-15)

    def test_gini_field_matches_function(self) -> None:
        """The curve carries the same coefficient as gini()."""
        values = [0.0, 3.5, 120.0, 7.25, 7.25, 0.5, 64.0, 1.0]
        assert lorenz_curve(values).gini == gini(values)

    def test_value_share_at_hand_computed(self) -> None:
        """Between vertices the curve is linear."""
        curve = lorenz_curve([1, 2, 3, 4])
        # 0.5 is a vertex: (1 + 2) / 10.
        assert curve.value_share_at(0.5) == pytest.approx(0.3, rel=1e-15)
        # 0.8 is a fifth of the way from (0.75, 0.6) to (1, 1): 0.6 + 0.2 * 0.4 = 0.68.
        assert curve.value_share_at(0.8) == pytest.approx(0.68, rel=1e-15)
        # 0.1 is 0.4 of the way from (0, 0) to (0.25, 0.1): 0.04.
        assert curve.value_share_at(0.1) == pytest.approx(0.04, rel=1e-15)

    def test_value_share_at_is_vectorised(self) -> None:
        """Arrays keep their shape, scalars give float, a Series keeps its index."""
        curve = lorenz_curve([1, 2, 3, 4])
        grid = np.array([[0.0, 0.25], [0.5, 1.0]])
        result = curve.value_share_at(grid)
        assert isinstance(result, np.ndarray)
        np.testing.assert_allclose(result, [[0.0, 0.1], [0.3, 1.0]], rtol=1e-15)
        assert type(curve.value_share_at(0.25)) is float
        series = curve.value_share_at(pd.Series([0.25, 0.5], index=["q1", "half"]))
        assert isinstance(series, pd.Series)
        assert list(series.index) == ["q1", "half"]

    def test_top_share_method_matches_function(self) -> None:
        """curve.top_share(f) is top_share(values, f)."""
        values = [0.0, 3.5, 120.0, 7.25, 7.25, 0.5, 64.0, 1.0]
        fractions = np.linspace(0, 1, 11)
        np.testing.assert_array_equal(
            lorenz_curve(values).top_share(fractions), top_share(values, fraction=fractions)
        )

    def test_compressed_data_hand_computed(self) -> None:
        """Three customers worth 10 and one worth 70: the three hold 30 of 100."""
        curve = lorenz_curve([70, 10], weights=[1, 3])
        np.testing.assert_allclose(curve.population_share, [0, 0.75, 1], rtol=1e-15)
        np.testing.assert_allclose(curve.value_share, [0, 0.3, 1], rtol=1e-15)

    def test_result_model(self) -> None:
        """The curve is a frozen result model with repr and to_dict."""
        curve = lorenz_curve([1, 2, 3, 4])
        assert isinstance(curve, LorenzCurve)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            curve.gini = 0.5  # type: ignore[misc]
        with pytest.raises(ValueError, match="read-only"):
            curve.value_share[0] = 0.5
        assert repr(curve).startswith("LorenzCurve(population_share=[")
        assert "gini=0.25" in repr(curve)
        assert curve.to_dict()["value_share"] == pytest.approx([0, 0.1, 0.3, 0.6, 1])
        assert "<table" in curve._repr_html_()

    def test_series_input(self) -> None:
        """A pandas Series of values is accepted."""
        curve = lorenz_curve(pd.Series([4.0, 3.0, 2.0, 1.0], index=list("wxyz")))
        np.testing.assert_allclose(curve.value_share, [0, 0.1, 0.3, 0.6, 1], rtol=1e-15)

    @given(value_vectors())
    def test_starts_at_origin_and_ends_at_one(self, values: np.ndarray) -> None:
        """The curve runs from (0, 0) to exactly (1, 1)."""
        curve = lorenz_curve(values)
        assert (curve.population_share[0], curve.value_share[0]) == (0.0, 0.0)
        assert (curve.population_share[-1], curve.value_share[-1]) == (1.0, 1.0)
        assert curve.population_share.shape == (values.size + 1,)

    @given(value_vectors())
    def test_nondecreasing_convex_and_below_diagonal(self, values: np.ndarray) -> None:
        """Customers sorted upward give a non-decreasing, convex curve under the diagonal."""
        curve = lorenz_curve(values)
        p, v = curve.population_share, curve.value_share
        assert (np.diff(v) >= 0).all()
        slopes = np.diff(v) / np.diff(p)
        assert (np.diff(slopes) >= -1e-9 * slopes.max()).all()
        assert (v <= p + 1e-12).all()

    @given(value_vectors(), sorted_fractions)
    def test_value_share_at_is_monotone_and_below_diagonal(
        self, values: np.ndarray, grid: list[float]
    ) -> None:
        """Interpolated shares grow with the population share and never exceed it."""
        shares = lorenz_curve(values).value_share_at(grid)
        assert (np.diff(shares) >= 0).all()
        assert (shares <= np.asarray(grid) + 1e-12).all()

    @given(weighted_rows(), sorted_fractions)
    def test_weighted_equals_expanded(
        self, rows: tuple[np.ndarray, np.ndarray], grid: list[float]
    ) -> None:
        """Compressed data traces the same curve as the expanded data."""
        values, weights = rows
        weighted = lorenz_curve(values, weights)
        expanded = lorenz_curve(expand(values, weights))
        np.testing.assert_allclose(
            weighted.value_share_at(grid), expanded.value_share_at(grid), rtol=1e-9, atol=1e-12
        )
        # Every vertex of the compressed curve is a point of the expanded curve.
        np.testing.assert_allclose(
            expanded.value_share_at(weighted.population_share),
            weighted.value_share,
            rtol=1e-9,
            atol=1e-12,
        )
        assert weighted.gini == pytest.approx(expanded.gini, rel=1e-9, abs=1e-12)

    @pytest.mark.parametrize(
        ("population_share", "error", "message"),
        [
            (2.0, OutOfRangeError, "population_share must be in [0, 1]; got 2.0"),
            (
                [0.5, -0.5],
                OutOfRangeError,
                "population_share must be in [0, 1]; got -0.5 at index 1",
            ),
            (np.nan, NonFiniteError, "population_share must be finite; got nan"),
        ],
    )
    def test_invalid_population_share(
        self, population_share: object, error: type[Exception], message: str
    ) -> None:
        """Population shares outside [0, 1] are rejected."""
        with pytest.raises(error, match=re.escape(message)):
            lorenz_curve([1, 2]).value_share_at(population_share)  # type: ignore[arg-type]

    def test_invalid_values(self) -> None:
        """Values go through the same checks as in gini()."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("values must be >= 0; got -2.0 at index 0")
        ):
            lorenz_curve([-2.0, 1.0])

    @pytest.mark.parametrize(
        ("population_share", "value_share", "error", "message"),
        [
            (
                [0, 0.5, 0.5, 1],
                [0, 0.1, 0.2, 1],
                InvalidInputError,
                "population_share must be strictly increasing; got 0.5 at index 2",
            ),
            (
                [0, 1],
                [0, 0.1, 1],
                ShapeMismatchError,
                "value_share must have the same shape as population_share (2,); got shape (3,)",
            ),
            (
                [1],
                [1],
                ShapeMismatchError,
                "population_share must be one-dimensional with at least 2 points; got shape (1,)",
            ),
        ],
    )
    def test_invalid_direct_construction(
        self,
        population_share: list[float],
        value_share: list[float],
        error: type[Exception],
        message: str,
    ) -> None:
        """A curve built by hand must have matching shapes and increasing population shares."""
        with pytest.raises(error, match=re.escape(message)):
            LorenzCurve(population_share, value_share, gini=0.0)


class TestTopShare:
    def test_hand_computed_value(self) -> None:
        """The top 20% of four customers is 0.8 of the largest: 0.8 * 4 / 10 = 0.32."""
        assert top_share([1, 2, 3, 4]) == pytest.approx(0.32, rel=1e-15)

    def test_whole_customers(self) -> None:
        """At whole customers the share is a plain sum: 4/10, (3+4)/10, 10/10."""
        result = top_share([4, 1, 3, 2], fraction=[0.25, 0.5, 1.0])
        np.testing.assert_allclose(result, [0.4, 0.7, 1.0], rtol=1e-15)

    def test_fraction_of_one_customer(self) -> None:
        """The top 10% of five customers is half of the largest one."""
        # Only the fifth customer holds value; 0.1 of the population is half of that customer.
        assert top_share([0, 0, 10, 0, 0], fraction=0.1) == pytest.approx(0.5, rel=1e-15)

    def test_exact_pareto_split(self) -> None:
        """Four customers worth 5 and one worth 80: the top 20% hold exactly 80%."""
        assert top_share([5, 5, 80, 5, 5]) == pytest.approx(0.8, rel=1e-15)

    def test_equal_customers_hold_their_share(self) -> None:
        """Without concentration the top f of customers hold f of the value."""
        fractions = np.array([0.0, 0.1, 0.2, 0.5, 0.9, 1.0])
        np.testing.assert_allclose(top_share(np.full(7, 3.0), fraction=fractions), fractions)

    def test_fraction_is_the_second_positional_argument(self) -> None:
        """top_share(values, 0.25) reads the fraction, as the documented signature says."""
        # Top quarter of [1, 2, 3, 4] is the customer worth 4 of a total of 10.
        assert top_share([1, 2, 3, 4], 0.25) == pytest.approx(0.4, rel=1e-15)

    def test_weights_hand_computed(self) -> None:
        """Three customers worth 10 and one worth 70: the top quarter holds 70%."""
        assert top_share([10, 70], 0.25, weights=[3, 1]) == pytest.approx(0.7, rel=1e-15)

    def test_output_types(self) -> None:
        """Scalar fraction gives float, arrays give ndarray of their shape, Series keep index."""
        assert type(top_share([1, 2, 3])) is float
        result = top_share([1, 2, 3], fraction=[[0.1, 0.2, 0.3]])
        assert isinstance(result, np.ndarray)
        assert result.shape == (1, 3)
        fractions = pd.Series([0.2, 0.5], index=["top 20%", "top half"])
        series = top_share(pd.Series([1.0, 2.0, 3.0, 4.0]), fraction=fractions)
        assert isinstance(series, pd.Series)
        assert list(series.index) == ["top 20%", "top half"]
        np.testing.assert_allclose(series.to_numpy(), [0.32, 0.7], rtol=1e-15)

    def test_series_values_keep_scalar_output(self) -> None:
        """A Series of values with a scalar fraction still gives a float."""
        assert type(top_share(pd.Series([1.0, 2.0, 3.0, 4.0, 5.0]), fraction=0.2)) is float

    @given(value_vectors())
    def test_end_points(self, values: np.ndarray) -> None:
        """No customers hold nothing; all customers hold everything."""
        assert top_share(values, fraction=0.0) == 0.0
        assert top_share(values, fraction=1.0) == 1.0

    @given(value_vectors(), sorted_fractions)
    def test_nondecreasing_in_fraction(self, values: np.ndarray, fractions: list[float]) -> None:
        """A larger top group never holds less."""
        assert (np.diff(top_share(values, fraction=fractions)) >= 0).all()

    @given(value_vectors(), probabilities)
    def test_at_least_the_fraction(self, values: np.ndarray, fraction: float) -> None:
        """The top f of customers hold at least f of the value."""
        assert top_share(values, fraction=fraction) >= fraction - 1e-12

    @given(value_vectors(), probabilities)
    def test_complements_the_lorenz_curve(self, values: np.ndarray, fraction: float) -> None:
        """S(f) = 1 - L(1 - f)."""
        curve = lorenz_curve(values)
        expected = 1.0 - curve.value_share_at(1.0 - fraction)
        assert top_share(values, fraction=fraction) == pytest.approx(expected, abs=1e-15)

    @given(weighted_rows(), probabilities)
    def test_weighted_equals_expanded(
        self, rows: tuple[np.ndarray, np.ndarray], fraction: float
    ) -> None:
        """Compressed data with counts gives the share of the expanded data."""
        values, weights = rows
        assert top_share(values, fraction, weights=weights) == pytest.approx(
            top_share(expand(values, weights), fraction=fraction), rel=1e-9, abs=1e-12
        )

    @pytest.mark.parametrize(
        ("fraction", "error", "message"),
        [
            (1.5, OutOfRangeError, "fraction must be in [0, 1]; got 1.5"),
            ([0.1, -0.1], OutOfRangeError, "fraction must be in [0, 1]; got -0.1 at index 1"),
            (np.nan, NonFiniteError, "fraction must be finite; got nan"),
            ("top", InvalidInputError, "fraction must be numeric; got 'top'"),
        ],
    )
    def test_invalid_fraction(
        self, fraction: object, error: type[Exception], message: str
    ) -> None:
        """Fractions outside [0, 1] are rejected."""
        with pytest.raises(error, match=re.escape(message)):
            top_share([1, 2, 3], fraction=fraction)  # type: ignore[arg-type]

    def test_invalid_values(self) -> None:
        """Values go through the same checks as in gini()."""
        with pytest.raises(
            InvalidInputError, match=re.escape("values must have a positive total; got 0.0")
        ):
            top_share([0, 0, 0])


class TestAssignTiers:
    def test_hand_computed_example(self) -> None:
        """Default 80/95 cutoffs on values with round cumulative shares."""
        # Sorted: 50, 30, 10, 5, 3, 2 (total 100); value before each: 0, 50, 80, 90, 95, 98.
        # A while below 80 (50, 30); B while below 95 (10, 5); C after (3, 2).
        result = assign_tiers([5, 50, 2, 30, 10, 3])
        assert result.labels.tolist() == ["B", "A", "C", "A", "B", "C"]
        assert result.tier_labels.tolist() == ["A", "B", "C"]
        assert result.counts.tolist() == [2, 2, 2]
        np.testing.assert_allclose(result.value_shares, [0.8, 0.15, 0.05], rtol=1e-15)
        np.testing.assert_allclose(result.customer_shares, [1 / 3, 1 / 3, 1 / 3], rtol=1e-15)
        np.testing.assert_allclose(result.cutoffs, [0.8, 0.95])

    def test_largest_customer_is_always_first_tier(self) -> None:
        """A customer holding almost everything is A; a tier may end up empty."""
        # Value before: 0 for 100; 100/102 = 0.98 for each 1, past both cutoffs.
        result = assign_tiers([1, 100, 1])
        assert result.labels.tolist() == ["C", "A", "C"]
        assert result.counts.tolist() == [1, 0, 2]
        np.testing.assert_allclose(result.value_shares, [100 / 102, 0.0, 2 / 102], rtol=1e-15)

    def test_share_exactly_at_cutoff_starts_next_tier(self) -> None:
        """The customer with exactly the cutoff share before it opens the next tier."""
        # Value before the 2 is 8 / 10 = 0.8, which is not below the 0.8 cutoff.
        result = assign_tiers([2, 8], cutoffs=[0.8], labels=["A", "B"])
        assert result.labels.tolist() == ["B", "A"]

    def test_ties_keep_input_order(self) -> None:
        """Equal values are ranked in input order, so the earlier one takes the higher tier."""
        # Four customers of 5: value before is 0, 5, 10, 15 of 20 -> 0, 0.25, 0.5, 0.75.
        result = assign_tiers([5, 5, 5, 5], cutoffs=[0.5], labels=["top", "rest"])
        assert result.labels.tolist() == ["top", "top", "rest", "rest"]

    def test_zero_value_customers_are_last_tier(self) -> None:
        """Customers worth nothing have the whole value before them."""
        result = assign_tiers([0, 10, 0], cutoffs=[0.5, 0.9], labels=["gold", "silver", "none"])
        assert result.labels.tolist() == ["none", "gold", "none"]

    def test_single_customer(self) -> None:
        """A lone customer is in the first tier and holds everything."""
        result = assign_tiers([3.0])
        assert result.labels.tolist() == ["A"]
        assert result.counts.tolist() == [1, 0, 0]
        assert result.value_shares.tolist() == [1.0, 0.0, 0.0]

    def test_series_input_and_result_model(self) -> None:
        """A Series is accepted; the result is a frozen model that converts to plain data."""
        result = assign_tiers(pd.Series([5, 50, 2, 30, 10, 3], index=list("uvwxyz")))
        assert isinstance(result, TierAssignment)
        assert result.labels.tolist() == ["B", "A", "C", "A", "B", "C"]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            result.counts = np.array([6, 0, 0])  # type: ignore[misc]
        plain = result.to_dict()
        assert plain["counts"] == [2, 2, 2]
        assert plain["tier_labels"] == ["A", "B", "C"]
        assert repr(result).startswith("TierAssignment(labels=[")

    @given(value_vectors(), tier_cutoffs())
    def test_partition(self, values: np.ndarray, cutoffs: list[float]) -> None:
        """Every customer gets exactly one tier; counts and shares add up."""
        labels = [f"T{i}" for i in range(len(cutoffs) + 1)]
        result = assign_tiers(values, cutoffs=cutoffs, labels=labels)
        assert result.labels.shape == values.shape
        assert set(result.labels.tolist()) <= set(labels)
        assert result.counts.sum() == values.size
        for label, count in zip(labels, result.counts, strict=True):
            assert (result.labels == label).sum() == count
        assert result.value_shares.sum() == pytest.approx(1.0, rel=1e-12)
        assert result.customer_shares.sum() == pytest.approx(1.0, rel=1e-12)

    @given(value_vectors(), tier_cutoffs())
    def test_higher_tiers_hold_larger_customers(
        self, values: np.ndarray, cutoffs: list[float]
    ) -> None:
        """Every customer of a tier is worth at least every customer of any later tier."""
        labels = [f"T{i}" for i in range(len(cutoffs) + 1)]
        tier = np.searchsorted(labels, assign_tiers(values, cutoffs=cutoffs, labels=labels).labels)
        for upper in range(len(labels)):
            for lower in range(upper + 1, len(labels)):
                if (tier == upper).any() and (tier == lower).any():
                    assert values[tier == upper].min() >= values[tier == lower].max()
        assert tier[int(np.argmax(values))] == 0

    @given(value_vectors(), tier_cutoffs())
    def test_tiers_are_smallest_groups_reaching_cutoffs(
        self, values: np.ndarray, cutoffs: list[float]
    ) -> None:
        """Tiers up to t hold at least cutoff t when later customers exist, and no more than needed."""
        labels = [f"T{i}" for i in range(len(cutoffs) + 1)]
        result = assign_tiers(values, cutoffs=cutoffs, labels=labels)
        tier = np.searchsorted(labels, result.labels)
        total = values.sum()
        for t, cutoff in enumerate(cutoffs):
            upto = tier <= t
            held = values[upto].sum() / total
            if (~upto).any():
                assert held >= cutoff - 1e-12
            if upto.any():
                # Without its smallest customer the group would fall short of the cutoff.
                assert held - values[upto].min() / total < cutoff + 1e-12

    @pytest.mark.parametrize(
        ("cutoffs", "error", "message"),
        [
            ([0.5, 1.0], OutOfRangeError, "cutoffs must be in (0, 1); got 1.0 at index 1"),
            ([0.0, 0.5], OutOfRangeError, "cutoffs must be in (0, 1); got 0.0 at index 0"),
            (
                [0.5, 0.5],
                InvalidInputError,
                "cutoffs must be strictly increasing; got 0.5 at index 1",
            ),
            (
                [0.9, 0.8],
                InvalidInputError,
                "cutoffs must be strictly increasing; got 0.8 at index 1",
            ),
            ([], InvalidInputError, "cutoffs must not be empty; got shape (0,)"),
            ([[0.5]], ShapeMismatchError, "cutoffs must be one-dimensional; got shape (1, 1)"),
            ([np.nan, 0.5], NonFiniteError, "cutoffs must be finite; got nan at index 0"),
        ],
    )
    def test_invalid_cutoffs(self, cutoffs: object, error: type[Exception], message: str) -> None:
        """Cutoffs are strictly increasing shares inside (0, 1)."""
        with pytest.raises(error, match=re.escape(message)):
            assign_tiers([1, 2, 3], cutoffs=cutoffs, labels=["A", "B", "C"])  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("labels", "error", "message"),
        [
            (
                ["A", "B"],
                ShapeMismatchError,
                "labels must have one more entry than cutoffs (3); got 2",
            ),
            (["A", 1, "C"], InvalidInputError, "labels must be strings; got 1 at index 1"),
            (["A", "B", "A"], InvalidInputError, "labels must be distinct; got 'A' at index 2"),
            (5, InvalidInputError, "labels must be a sequence of strings; got 5"),
        ],
    )
    def test_invalid_labels(self, labels: object, error: type[Exception], message: str) -> None:
        """Labels are distinct strings, one more than the cutoffs."""
        with pytest.raises(error, match=re.escape(message)):
            assign_tiers([1, 2, 3], labels=labels)  # type: ignore[arg-type]

    def test_invalid_values(self) -> None:
        """Values go through the same checks as in gini()."""
        with pytest.raises(
            NonFiniteError, match=re.escape("values must be finite; got nan at index 2")
        ):
            assign_tiers([1.0, 2.0, np.nan])
