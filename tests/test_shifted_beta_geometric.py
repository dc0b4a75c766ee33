"""Tests of servicemetrics.models.ShiftedBetaGeometric and the retention-series data."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special

from servicemetrics import InvalidInputError, NonFiniteError, OutOfRangeError, ShapeMismatchError
from servicemetrics.datasets import SurvivorCounts, load_sbg_survivors
from servicemetrics.models import ShiftedBetaGeometric
from tests.strategies import discount_rates, sbg_parameters

# Fader & Hardie (2007), fitted on years 0-7 of each cohort: the parameters and the total
# log-likelihood as the paper rounds them.
PUBLISHED = {
    "regular": (0.704, 1.182, -1680.3),
    "high_end": (0.668, 3.806, -1611.2),
}


def brute_force_survival(alpha: float, beta: float, t: np.ndarray) -> np.ndarray:
    """S(t) as the product of the period retention rates (beta + k - 1)/(alpha + beta + k - 1)."""
    k = np.arange(1, int(t.max()) + 1)
    curve = np.concatenate(([1.0], np.cumprod((beta + k - 1) / (alpha + beta + k - 1))))
    return curve[t.astype(int)]


def brute_force_derl(alpha: float, beta: float, renewals: int, d: float) -> float:
    """DERL as the explicit discounted sum of conditional survival probabilities."""
    n = renewals + 1
    t = np.arange(n, n + 20_000)
    log_ratio = special.betaln(alpha, beta + t) - special.betaln(alpha, beta + n - 1)
    return float(np.sum(np.exp(log_ratio - (t - n) * np.log1p(d))))


class TestData:
    def test_loader(self) -> None:
        """The shipped series has years 0-12 and starts both cohorts at 1,000 customers."""
        data = load_sbg_survivors()
        assert isinstance(data, SurvivorCounts)
        assert data.year.tolist() == list(range(13))
        assert data.regular[[0, 1, 7, 12]].tolist() == [1000, 631, 241, 173]
        assert data.high_end[[0, 1, 7, 12]].tolist() == [1000, 869, 491, 394]


class TestFit:
    @pytest.mark.parametrize("cohort", ["regular", "high_end"])
    def test_reproduces_published_estimates(self, cohort: str) -> None:
        """Years 0-7 give the paper's alpha, beta and log-likelihood to its rounding."""
        survivors = getattr(load_sbg_survivors(), cohort)[:8]
        model = ShiftedBetaGeometric.fit(survivors)
        alpha, beta, log_likelihood = PUBLISHED[cohort]
        assert model.alpha == pytest.approx(alpha, abs=5e-4)
        assert model.beta == pytest.approx(beta, abs=5e-4)
        assert model.log_likelihood == pytest.approx(log_likelihood, abs=0.05)
        assert model.n_observations == 1000.0

    @pytest.mark.parametrize(("cohort", "tolerance"), [("regular", 0.02), ("high_end", 0.045)])
    def test_projection_tracks_the_holdout_years(self, cohort: str, tolerance: float) -> None:
        """Projected survivors of years 8-12 stay within 2% (regular) / 4.5% (high end).

        The largest errors are 1.7% (regular, year 11) and 4.1% (high end, year 12): the model
        slightly under-projects the high-end cohort's survivors at the longest horizon.
        """
        data = load_sbg_survivors()
        actual = getattr(data, cohort)
        model = ShiftedBetaGeometric.fit(actual[:8])
        projected = 1000.0 * np.asarray(model.survival(data.year[8:]))
        relative_error = np.abs(projected - actual[8:]) / actual[8:]
        assert relative_error.max() < tolerance
        assert relative_error.mean() < tolerance * 0.75

    def test_gradient_and_standard_errors(self) -> None:
        """Standard errors are finite, positive and shrink as the cohort grows tenfold."""
        survivors = load_sbg_survivors().regular[:8]
        small = ShiftedBetaGeometric.fit(survivors)
        large = ShiftedBetaGeometric.fit(10 * survivors)
        assert small.standard_errors is not None
        assert large.standard_errors is not None
        assert np.all(small.standard_errors > 0)
        np.testing.assert_allclose(
            large.standard_errors, small.standard_errors / np.sqrt(10), rtol=1e-3
        )
        assert large.alpha == pytest.approx(small.alpha, rel=1e-5)
        assert large.log_likelihood == pytest.approx(10 * small.log_likelihood, rel=1e-8)

    def test_recovers_parameters_from_a_large_synthetic_cohort(self) -> None:
        """Estimates from 200,000 simulated customers lie within 3 standard errors of the truth."""
        truth = ShiftedBetaGeometric(alpha=0.9, beta=2.5)
        fitted = ShiftedBetaGeometric.fit(truth.simulate(200_000, 10, seed=7))
        assert fitted.standard_errors is not None
        errors = np.abs(np.array([fitted.alpha - 0.9, fitted.beta - 2.5]))
        assert np.all(errors < 3 * fitted.standard_errors)

    def test_summary_and_information_criteria(self) -> None:
        """summary() lists both parameters; AIC = 4 - 2 LL for two parameters."""
        model = ShiftedBetaGeometric.fit(load_sbg_survivors().regular[:8])
        summary = model.summary()
        assert summary.names == ("alpha", "beta")
        assert model.log_likelihood is not None
        assert model.aic == pytest.approx(4.0 - 2.0 * model.log_likelihood)
        assert "alpha" in model._repr_html_()

    @pytest.mark.parametrize(
        ("survivors", "message"),
        [
            ([100, 100, 100], "survivors must fall at least once"),
            ([100, 0, 0], "survivors must keep someone after the first period"),
        ],
    )
    def test_no_maximum_is_an_error(self, survivors: list[int], message: str) -> None:
        """Series whose likelihood has no maximum are rejected, not fitted to garbage."""
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            ShiftedBetaGeometric.fit(survivors)

    @pytest.mark.parametrize(
        ("survivors", "error", "message"),
        [
            ([], InvalidInputError, "survivors must not be empty; got shape (0,)"),
            (
                [1000, 600],
                InvalidInputError,
                "survivors must hold the cohort size and at least two later counts; got shape (2,)",
            ),
            ([0, 0, 0], InvalidInputError, "survivors must start with a cohort size > 0; got 0.0"),
            (
                [1000, 600, 700, 500],
                InvalidInputError,
                "survivors must be non-increasing; got 700.0 at index 2",
            ),
            ([1000, -5], OutOfRangeError, "survivors must be >= 0; got -5.0 at index 1"),
            ([1000, np.nan], NonFiniteError, "survivors must be finite; got nan at index 1"),
            (
                [[1000, 600]],
                ShapeMismatchError,
                "survivors must be one-dimensional; got shape (1, 2)",
            ),
        ],
    )
    def test_rejects_bad_survivors(
        self, survivors: object, error: type[Exception], message: str
    ) -> None:
        """Bad survivor series are rejected with the parameter, rule and value."""
        with pytest.raises(error, match=re.escape(message)):
            ShiftedBetaGeometric.fit(survivors)  # type: ignore[arg-type]


class TestConstruction:
    def test_built_from_parameters_alone(self) -> None:
        """A model is a value: equal parameters give equal models, without fit metadata."""
        model = ShiftedBetaGeometric(alpha=0.704, beta=1.182)
        assert model == ShiftedBetaGeometric(0.704, 1.182)
        assert model.log_likelihood is None
        assert model.aic is None
        assert model.parameters == {"alpha": 0.704, "beta": 1.182}

    def test_rejects_non_positive_parameters(self) -> None:
        """Parameters must be finite and > 0."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("beta must be finite and > 0; got 0.0")
        ):
            ShiftedBetaGeometric(alpha=1.0, beta=0.0)


class TestCurves:
    def test_uniform_mixing_distribution(self) -> None:
        """With alpha = beta = 1, S(t) = 1/(t+1), r_t = t/(t+1), P(T=t) = 1/(t(t+1))."""
        model = ShiftedBetaGeometric(alpha=1.0, beta=1.0)
        t = np.arange(1, 9)
        np.testing.assert_allclose(model.survival(t), 1 / (t + 1), rtol=1e-13)
        np.testing.assert_allclose(model.retention(t), t / (t + 1), rtol=1e-13)
        np.testing.assert_allclose(model.churn_probability(t), 1 / (t * (t + 1)), rtol=1e-13)

    @given(sbg_parameters(), st.integers(0, 200))
    def test_survival_is_the_product_of_retention_rates(
        self, params: tuple[float, float], horizon: int
    ) -> None:
        """S(t) equals the running product of r_1 ... r_t; churn is S(t-1) - S(t)."""
        model = ShiftedBetaGeometric(*params)
        t = np.arange(horizon + 1)
        survival = np.asarray(model.survival(t))
        np.testing.assert_allclose(survival, brute_force_survival(*params, t), rtol=1e-9)
        assert np.all(np.diff(survival) <= 0)
        assert survival[0] == 1.0
        if horizon:
            churn = np.asarray(model.churn_probability(t[1:]))
            np.testing.assert_allclose(churn, survival[:-1] - survival[1:], rtol=1e-7, atol=1e-300)

    @given(sbg_parameters())
    def test_retention_increases_towards_one(self, params: tuple[float, float]) -> None:
        """Heterogeneity makes the cohort's retention rate rise over time, staying below 1."""
        retention = np.asarray(ShiftedBetaGeometric(*params).retention(np.arange(1, 60)))
        assert np.all(np.diff(retention) > 0)
        assert np.all(retention < 1)
        assert np.all(retention > 0)

    def test_output_types(self) -> None:
        """Scalars give float, lists give ndarray, a Series gives a Series with its index."""
        model = ShiftedBetaGeometric(alpha=2.0, beta=3.0)
        assert isinstance(model.survival(3), float)
        assert isinstance(model.retention([1, 2]), np.ndarray)
        years = pd.Series([1, 2], index=["a", "b"])
        result = model.churn_probability(years)
        assert isinstance(result, pd.Series)
        assert list(result.index) == ["a", "b"]

    @pytest.mark.parametrize(
        ("method", "t", "message"),
        [
            ("survival", [0, -1], "t must be >= 0; got -1.0 at index 1"),
            ("retention", 0, "t must be >= 1; got 0.0"),
            ("churn_probability", [1, 2.5], "t must be a whole number; got 2.5 at index 1"),
        ],
    )
    def test_rejects_bad_periods(self, method: str, t: object, message: str) -> None:
        """Periods must be whole numbers in the method's domain."""
        model = ShiftedBetaGeometric(alpha=2.0, beta=3.0)
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            getattr(model, method)(t)


class TestLifetimes:
    def test_expected_lifetime_matches_the_sum_of_survival(self) -> None:
        """E[T] = (alpha + beta - 1)/(alpha - 1) agrees with summing S(t) far out."""
        model = ShiftedBetaGeometric(alpha=4.0, beta=6.0)
        t = np.arange(200_000)
        assert model.expected_lifetime() == pytest.approx(3.0)
        assert float(np.sum(model.survival(t))) == pytest.approx(3.0, rel=1e-8)

    def test_expected_lifetime_is_unbounded_for_small_alpha(self) -> None:
        """For alpha <= 1 the mean lifetime diverges and is reported as inf."""
        assert math.isinf(ShiftedBetaGeometric(alpha=1.0, beta=5.0).expected_lifetime())

    @given(sbg_parameters(), st.integers(0, 60), discount_rates.filter(lambda d: d >= 0.02))
    def test_derl_matches_the_explicit_sum(
        self, params: tuple[float, float], renewals: int, d: float
    ) -> None:
        """The 2F1 closed form of Fader & Hardie (2010) equals the discounted sum of S(t)."""
        model = ShiftedBetaGeometric(*params)
        closed = model.discounted_expected_residual_lifetime(renewals, d)
        assert closed == pytest.approx(brute_force_derl(*params, renewals, d), rel=1e-8)

    @given(sbg_parameters(), discount_rates.filter(lambda d: d >= 0.02))
    def test_del_is_one_plus_discounted_derl_of_a_new_customer(
        self, params: tuple[float, float], d: float
    ) -> None:
        """DEL = 1 + DERL(0 renewals)/(1 + d): the first payment is at acquisition."""
        model = ShiftedBetaGeometric(*params)
        derl = float(model.discounted_expected_residual_lifetime(0, d))
        assert model.discounted_expected_lifetime(d) == pytest.approx(1 + derl / (1 + d), rel=1e-9)

    @given(sbg_parameters(), discount_rates.filter(lambda d: d >= 1e-3))
    def test_derl_grows_with_tenure(self, params: tuple[float, float], d: float) -> None:
        """Customers who renewed more often have a longer discounted residual lifetime."""
        derl = np.asarray(
            ShiftedBetaGeometric(*params).discounted_expected_residual_lifetime(np.arange(40), d)
        )
        assert np.all(np.diff(derl) >= -1e-12 * derl[1:])

    def test_residual_lifetime_value_is_margin_times_derl(self) -> None:
        """CLV broadcasts margins against renewals and keeps a Series' index."""
        model = ShiftedBetaGeometric(alpha=0.704, beta=1.182)
        margins = pd.Series([50.0, 80.0], index=["x", "y"])
        value = model.residual_lifetime_value(margins, [0, 4], 0.1)
        derl = model.discounted_expected_residual_lifetime([0, 4], 0.1)
        assert isinstance(value, pd.Series)
        np.testing.assert_allclose(value.to_numpy(), margins.to_numpy() * derl)

    def test_rejects_bad_discount_rate_and_renewals(self) -> None:
        """The discount rate must be > 0 and renewals whole and >= 0; shapes must broadcast."""
        model = ShiftedBetaGeometric(alpha=0.7, beta=1.2)
        with pytest.raises(OutOfRangeError, match=re.escape("discount_rate must be > 0; got 0.0")):
            model.discounted_expected_residual_lifetime(1, 0.0)
        with pytest.raises(OutOfRangeError, match=re.escape("renewals must be >= 0; got -1.0")):
            model.residual_lifetime_value(10.0, -1, 0.1)
        with pytest.raises(ShapeMismatchError, match="margin, renewals, discount_rate"):
            model.residual_lifetime_value([1.0, 2.0], [1, 2, 3], 0.1)


class TestSimulate:
    def test_seeded_and_consistent(self) -> None:
        """The same seed gives the same cohort; counts start at the cohort size and fall."""
        model = ShiftedBetaGeometric(alpha=0.7, beta=1.2)
        first = model.simulate(5000, 12, seed=3)
        np.testing.assert_array_equal(first, model.simulate(5000, 12, seed=3))
        assert first.shape == (13,)
        assert first[0] == 5000
        assert np.all(np.diff(first) <= 0)

    def test_matches_the_survival_curve(self) -> None:
        """Simulated shares agree with S(t) to sampling error (4 standard deviations)."""
        model = ShiftedBetaGeometric(alpha=0.7, beta=1.2)
        n = 400_000
        share = model.simulate(n, 8, seed=11) / n
        expected = np.asarray(model.survival(np.arange(9)))
        assert np.all(
            np.abs(share - expected) < 4 * np.sqrt(expected * (1 - expected) / n) + 1e-12
        )

    def test_rejects_bad_sizes(self) -> None:
        """Cohort size and periods must be whole numbers >= 1."""
        model = ShiftedBetaGeometric(alpha=0.7, beta=1.2)
        with pytest.raises(OutOfRangeError, match=re.escape("cohort_size must be >= 1; got 0.0")):
            model.simulate(0, 5)
        with pytest.raises(InvalidInputError, match=re.escape("n_periods must be a whole number")):
            model.simulate(10, 2.5)  # type: ignore[arg-type]
