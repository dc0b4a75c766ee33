"""Tests of the BG/NBD model (servicemetrics.models.BetaGeo)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special

from servicemetrics import InvalidInputError, OutOfRangeError, ShapeMismatchError
from servicemetrics.datasets import load_cdnow_summary
from servicemetrics.models import (
    BetaGeo,
    ConvergenceError,
    CustomerHistories,
    GammaGamma,
    customer_lifetime_value,
)
from tests.strategies import continuous_histories, model_parameters

# Fader, Hardie & Lee (2005), "Counting your customers" the easy way, Marketing Science 24(2):
# the BG/NBD estimates for the CDNOW sample and the log-likelihood at them.
PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PUBLISHED_LL = -9582.4
MODEL = BetaGeo(**PUBLISHED)


def compress(*columns: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Distinct rows and their counts."""
    unique, counts = np.unique(np.column_stack(columns), axis=0, return_counts=True)
    return [unique[:, k] for k in range(unique.shape[1])], counts.astype(float)


def expected_by_original_formula(model: BetaGeo, t: float) -> float:
    """FHL (2005) eq. (9) evaluated as printed, with SciPy's 2F1 (valid for moderate values)."""
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    z = t / (alpha + t)
    return (
        (a + b - 1)
        / (a - 1)
        * (1 - (alpha / (alpha + t)) ** r * special.hyp2f1(r, b, a + b - 1, z))
    )


def conditional_by_original_formula(
    model: BetaGeo, t: float, x: float, t_x: float, age: float
) -> float:
    """FHL (2005) eq. (10) evaluated as printed."""
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    z = t / (alpha + age + t)
    numerator = (
        (a + b + x - 1)
        / (a - 1)
        * (
            1
            - ((alpha + age) / (alpha + age + t)) ** (r + x)
            * special.hyp2f1(r + x, b + x, a + b + x - 1, z)
        )
    )
    odds = a / (b + x - 1) * ((alpha + age) / (alpha + t_x)) ** (r + x) if x > 0 else 0.0
    return numerator / (1 + odds)


@pytest.fixture(scope="module")
def cdnow_fit() -> BetaGeo:
    cdnow = load_cdnow_summary()
    return BetaGeo.fit(cdnow.frequency, cdnow.recency, cdnow.T)


class TestFit:
    def test_reproduces_published_cdnow_estimates(self, cdnow_fit: BetaGeo) -> None:
        """The CDNOW fit gives FHL (2005)'s r, α, a, b and log-likelihood to their rounding."""
        for name, value in PUBLISHED.items():
            assert round(getattr(cdnow_fit, name), 3) == value, name
        assert round(cdnow_fit.log_likelihood, 1) == PUBLISHED_LL

    def test_fit_metadata(self, cdnow_fit: BetaGeo) -> None:
        """A fit carries finite positive standard errors, the number of customers and AIC."""
        assert cdnow_fit.n_observations == 2357
        assert cdnow_fit.standard_errors is not None
        assert np.all(np.isfinite(cdnow_fit.standard_errors))
        assert np.all(cdnow_fit.standard_errors > 0)
        assert cdnow_fit.aic == pytest.approx(8 - 2 * cdnow_fit.log_likelihood)

    def test_log_likelihood_is_the_sum_over_customers(self, cdnow_fit: BetaGeo) -> None:
        """The reported total equals the sum of the per-customer log-likelihoods."""
        cdnow = load_cdnow_summary()
        per_customer = cdnow_fit.log_likelihood_of(cdnow.frequency, cdnow.recency, cdnow.T)
        assert float(np.sum(per_customer)) == pytest.approx(cdnow_fit.log_likelihood, rel=1e-12)

    def test_compressed_and_uncompressed_fits_agree(self, cdnow_fit: BetaGeo) -> None:
        """Fitting distinct histories with counts gives the same model."""
        cdnow = load_cdnow_summary()
        (x, t_x, age), counts = compress(cdnow.frequency, cdnow.recency, cdnow.T)
        assert counts.size < 2357
        compressed = BetaGeo.fit(x, t_x, age, weights=counts)
        assert compressed.log_likelihood == pytest.approx(cdnow_fit.log_likelihood, rel=1e-10)
        for name in PUBLISHED:
            assert getattr(compressed, name) == pytest.approx(getattr(cdnow_fit, name), rel=1e-5)

    def test_recovers_parameters_from_simulated_customers(self) -> None:
        """A fit on 20,000 simulated customers lands within 4 standard errors of the truth."""
        truth = BetaGeo(r=0.5, alpha=5.0, a=0.8, b=3.0)
        age = np.random.default_rng(3).choice([26.0, 39.0, 52.0], size=20_000)
        histories = truth.simulate(age, seed=11)
        fitted = BetaGeo.fit(histories.frequency, histories.recency, histories.T)
        assert fitted.standard_errors is not None
        for k, name in enumerate(BetaGeo.parameter_names):
            error = abs(getattr(fitted, name) - getattr(truth, name))
            assert error < 4 * fitted.standard_errors[k], name

    def test_penalty_shrinks_estimates(self, cdnow_fit: BetaGeo) -> None:
        """An L2 penalty lowers the log-likelihood and pulls the largest parameter down."""
        cdnow = load_cdnow_summary()
        shrunk = BetaGeo.fit(cdnow.frequency, cdnow.recency, cdnow.T, penalty=10.0)
        assert shrunk.log_likelihood < cdnow_fit.log_likelihood
        assert shrunk.alpha < cdnow_fit.alpha

    @pytest.mark.parametrize(
        ("args", "error", "message"),
        [
            (
                ([1, 2], [5.0, 11.0], [10, 10]),
                OutOfRangeError,
                "recency must be <= T; got 11.0 at index 1",
            ),
            (
                ([-1, 2], [0.0, 1.0], [10, 10]),
                OutOfRangeError,
                "frequency must be >= 0; got -1.0 at index 0",
            ),
            (
                ([0, 2], [3.0, 1.0], [10, 10]),
                InvalidInputError,
                "recency must be 0 when frequency is 0; got 3.0 at index 0",
            ),
            (([], [], []), InvalidInputError, r"frequency must not be empty; got shape \(0,\)"),
            (
                ([1, 2], [1.0, 1.0], [10.0]),
                ShapeMismatchError,
                r"T must have one value per customer \(2\)",
            ),
        ],
    )
    def test_impossible_histories_are_rejected(
        self, args: tuple, error: type, message: str
    ) -> None:
        """Each impossible history is reported with its parameter, rule and value."""
        with pytest.raises(error, match=message):
            BetaGeo.fit(*args)

    def test_weights_must_match(self) -> None:
        """Weights must have one value per customer."""
        with pytest.raises(
            ShapeMismatchError, match=r"weights must have one value per customer \(2\)"
        ):
            BetaGeo.fit([1, 2], [1.0, 2.0], [5, 5], weights=[1.0])

    def test_no_repeat_purchases_is_an_error(self) -> None:
        """Without any repeat purchase the parameters cannot be estimated."""
        with pytest.raises(
            InvalidInputError, match="frequency must be > 0 for at least one customer"
        ):
            BetaGeo.fit([0, 0, 0], [0.0, 0.0, 0.0], [10.0, 20.0, 30.0])

    def test_unidentified_parameters_are_an_error(self) -> None:
        """Three histories leave the log-likelihood flat: the fit refuses, naming a runaway.

        Unchecked, the optimiser stops at a ≈ 7e9 and b ≈ 1e-10, where the predictions cannot
        be evaluated in floating point.
        """
        with pytest.raises(
            ConvergenceError,
            match=r"parameter a runs away towards infinity \(estimate 7\.1\d+e\+09\).*flat",
        ):
            BetaGeo.fit([1, 1, 0], [8.0, 7.0, 0.0], [19.0, 17.0, 10.0])


class TestPredictions:
    # Where a BG/NBD fit to purchases with no drop-out and no spread of rates (a Poisson log)
    # drifts: r and α towards infinity, a towards 0. The special functions give NaN there.
    EDGE = BetaGeo(r=6.33788e6, alpha=9.95913e7, a=6.50064e-8, b=48780.2)

    def test_nan_at_the_edge_of_the_family_raises(self) -> None:
        """A prediction that floating point cannot evaluate raises, naming model and method."""
        with pytest.raises(
            OutOfRangeError,
            match=r"BetaGeo parameters \(r=6\.33788e\+06, .*\) are too far out for "
            r"conditional_expected_purchases .* NaN at index 0\)",
        ):
            self.EDGE.conditional_expected_purchases(52.0, [8, 0], [134.7, 0.0], [151.7, 150.0])
        with pytest.raises(OutOfRangeError, match=r"too far out for expected_purchases"):
            self.EDGE.expected_purchases(52.0)

    def test_lifetime_value_at_the_edge_raises(self) -> None:
        """The period sum of customer_lifetime_value does not hide the NaN either."""
        spend = GammaGamma(p=6.25, q=3.74, gamma=15.44)
        with pytest.raises(OutOfRangeError, match=r"too far out for customer_lifetime_value"):
            customer_lifetime_value(
                self.EDGE, spend, 8, 134.7, 151.7, 30.0, horizon=12, discount_rate=0.01
            )

    def test_published_conditional_expectation(self) -> None:
        """FHL (2005): x=2, t_x=30.43, T=38.86 expects 1.226 purchases in the next 39 weeks."""
        value = MODEL.conditional_expected_purchases(39, 2, 30.43, 38.86)
        assert round(value, 3) == 1.226

    def test_p_alive_matches_closed_form(self) -> None:
        """P(alive) = 1 / (1 + a/(b+x-1) ((α+T)/(α+t_x))^(r+x)), computed by hand."""
        r, alpha, a, b = 0.243, 4.414, 0.793, 2.426
        expected = 1 / (1 + a / (b + 1) * ((alpha + 38.86) / (alpha + 30.43)) ** (r + 2))
        assert MODEL.p_alive(2, 30.43, 38.86) == pytest.approx(expected, rel=1e-12)

    def test_expected_purchases_match_printed_formula(self) -> None:
        """The Euler-transformed evaluation agrees with eq. (9) as printed."""
        for t in (1.0, 10.0, 39.0, 78.0, 500.0):
            assert MODEL.expected_purchases(t) == pytest.approx(
                expected_by_original_formula(MODEL, t), rel=1e-10
            )

    @pytest.mark.parametrize(
        ("x", "t_x", "age"), [(0, 0.0, 38.86), (1, 2.0, 30.0), (7, 35.0, 38.0)]
    )
    def test_conditional_matches_printed_formula(self, x: int, t_x: float, age: float) -> None:
        """The conditional expectation agrees with eq. (10) as printed."""
        for t in (5.0, 39.0, 200.0):
            assert MODEL.conditional_expected_purchases(t, x, t_x, age) == pytest.approx(
                conditional_by_original_formula(MODEL, t, x, t_x, age), rel=1e-9
            )

    def test_probabilities_sum_to_one_and_give_the_mean(self) -> None:
        """P(X(t)=n) sums to 1 over n and its mean is E[X(t)]."""
        n = np.arange(3000)
        probabilities = MODEL.probability_of_purchases(n, 39.0)
        assert probabilities.sum() == pytest.approx(1.0, abs=1e-10)
        assert float(n @ probabilities) == pytest.approx(MODEL.expected_purchases(39.0), rel=1e-8)

    def test_a_equal_to_one_is_the_limit(self) -> None:
        """At a = 1 (0/0 in the formula) the expectation is the limit from either side."""
        at_one = BetaGeo(r=0.5, alpha=4.0, a=1.0, b=2.0).expected_purchases(20.0)
        below = BetaGeo(r=0.5, alpha=4.0, a=1.0 - 1e-4, b=2.0).expected_purchases(20.0)
        above = BetaGeo(r=0.5, alpha=4.0, a=1.0 + 1e-4, b=2.0).expected_purchases(20.0)
        assert math.isfinite(at_one)
        assert min(below, above) - 1e-6 <= at_one <= max(below, above) + 1e-6

    def test_frequent_long_lived_customers_stay_finite(self) -> None:
        """x in the hundreds and T in the thousands give finite, sensible predictions."""
        x = np.array([200.0, 500.0, 800.0])
        age = np.array([2000.0, 4000.0, 5000.0])
        t_x = age - 1.0
        alive = MODEL.p_alive(x, t_x, age)
        mean = MODEL.conditional_expected_purchases(52.0, x, t_x, age)
        ll = MODEL.log_likelihood_of(x, t_x, age)
        assert np.all(np.isfinite(alive))
        assert np.all(np.isfinite(mean))
        assert np.all(np.isfinite(ll))
        # An active customer buying at rate ~x/T keeps buying at about that rate.
        assert mean == pytest.approx(alive * 52.0 * (0.243 + x) / (4.414 + age), rel=0.05)

    def test_simulated_mean_matches_expectation(self) -> None:
        """The mean simulated frequency at T = 39 is E[X(39)] within Monte Carlo error."""
        histories = MODEL.simulate(np.full(200_000, 39.0), seed=5)
        assert isinstance(histories, CustomerHistories)
        mean = histories.frequency.mean()
        error = histories.frequency.std() / math.sqrt(200_000)
        assert abs(mean - MODEL.expected_purchases(39.0)) < 4 * error

    def test_simulation_is_reproducible(self) -> None:
        """The same seed gives the same histories; a Generator is accepted too."""
        a = MODEL.simulate([10.0, 20.0, 30.0], seed=2)
        b = MODEL.simulate([10.0, 20.0, 30.0], seed=np.random.default_rng(2))
        assert a == b

    def test_series_in_series_out(self) -> None:
        """A pandas Series of histories gives a Series with the same index."""
        x = pd.Series([0.0, 2.0], index=["u", "v"])
        result = MODEL.p_alive(x, pd.Series([0.0, 30.43], index=["u", "v"]), 38.86)
        assert isinstance(result, pd.Series)
        assert list(result.index) == ["u", "v"]

    def test_negative_horizon_is_rejected(self) -> None:
        """A window must have non-negative length."""
        with pytest.raises(OutOfRangeError, match=r"t must be >= 0; got -1\.0"):
            MODEL.expected_purchases(-1.0)

    def test_rebuilt_from_parameters(self, cdnow_fit: BetaGeo) -> None:
        """A model rebuilt from its parameters predicts the same."""
        rebuilt = BetaGeo(**cdnow_fit.parameters)
        assert rebuilt.p_alive(3, 20.0, 38.0) == cdnow_fit.p_alive(3, 20.0, 38.0)
        assert repr(cdnow_fit).startswith("BetaGeo(r=0.2425")


class TestProperties:
    @given(continuous_histories())
    def test_p_alive_is_a_probability_and_one_without_repeats(self, histories: tuple) -> None:
        """P(alive) lies in [0, 1] and equals 1 for customers with no repeat purchase."""
        x, t_x, age = histories
        alive = MODEL.p_alive(x, t_x, age)
        assert np.all((alive >= 0) & (alive <= 1))
        assert np.all(alive[x == 0] == 1.0)

    @given(
        model_parameters,
        model_parameters,
        model_parameters,
        model_parameters,
        continuous_histories(),
    )
    def test_log_likelihood_finite_over_wide_ranges(
        self, r: float, alpha: float, a: float, b: float, histories: tuple
    ) -> None:
        """The log-likelihood is finite and <= 0 for any parameters in [1e-3, 1e3]."""
        ll = BetaGeo(r=r, alpha=alpha, a=a, b=b).log_likelihood_of(*histories)
        assert np.all(np.isfinite(ll))

    @given(
        st.floats(0.05, 5.0),
        st.floats(0.5, 50.0),
        st.floats(0.1, 5.0),
        st.floats(0.1, 10.0),
        st.integers(0, 50),
    )
    def test_expected_purchases_non_decreasing(
        self, r: float, alpha: float, a: float, b: float, x: int
    ) -> None:
        """Expected purchases never decrease as the window grows."""
        model = BetaGeo(r=r, alpha=alpha, a=a, b=b)
        t = np.linspace(0.0, 200.0, 41)
        new = model.expected_purchases(t)
        assert np.all(np.diff(new) >= -1e-9 * np.maximum(new[1:], 1.0))
        conditional = model.conditional_expected_purchases(t, x, 10.0 if x else 0.0, 20.0)
        assert np.all(np.diff(conditional) >= -1e-9 * np.maximum(conditional[1:], 1.0))
