"""Tests of servicemetrics.models.BetaGeoBetaBinom (BG/BB) and the donations data."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.special import comb, roots_jacobi

from servicemetrics import InvalidInputError, OutOfRangeError, ShapeMismatchError
from servicemetrics.datasets import load_donations
from servicemetrics.models import BetaGeoBetaBinom, DiscreteHistories
from servicemetrics.models._bgbb import _log_likelihood_gradient
from tests.strategies import bgbb_parameters, discrete_histories

# Fader, Hardie & Shang (2010), the BG/BB fitted to the 1995 cohort of donors (1996-2001).
PUBLISHED = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}
PUBLISHED_LOG_LIKELIHOOD = -33225.6

Params = tuple[float, float, float, float]


def beta_nodes(a: float, b: float, k: int = 60) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Jacobi nodes and weights for expectations under Beta(a, b).

    Exact for polynomials of degree < 2k, which is what every BG/BB quantity is in (p, theta)
    for a given customer: an independent check of the closed forms.
    """
    u, w = roots_jacobi(k, b - 1.0, a - 1.0)
    return (1.0 + u) / 2.0, w / w.sum()


class Quadrature:
    """The BG/BB quantities computed by integrating the individual-level model over (p, theta)."""

    def __init__(self, params: Params) -> None:
        alpha, beta, gamma, delta = params
        p, wp = beta_nodes(alpha, beta)
        theta, wt = beta_nodes(gamma, delta)
        self.p, self.theta = p[:, None], theta[None, :]
        self.w = wp[:, None] * wt[None, :]

    def _alive_term(self, x: int, n: int) -> np.ndarray:
        return self.p**x * (1 - self.p) ** (n - x) * (1 - self.theta) ** n

    def likelihood(self, x: int, t_x: int, n: int) -> float:
        value = self._alive_term(x, n)
        for i in range(n - t_x):
            died = self.p**x * (1 - self.p) ** (t_x - x + i) * self.theta
            value = value + died * (1 - self.theta) ** (t_x + i)
        return float(np.sum(self.w * value))

    def p_alive(self, x: int, t_x: int, n: int) -> float:
        alive = self._alive_term(x, n) * (1 - self.theta)
        return float(np.sum(self.w * alive)) / self.likelihood(x, t_x, n)

    def conditional(self, ahead: int, x: int, t_x: int, n: int) -> float:
        future = sum((1 - self.theta) ** k for k in range(1, ahead + 1))
        value = self._alive_term(x, n) * self.p * future
        return float(np.sum(self.w * value)) / self.likelihood(x, t_x, n)


def all_histories(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (x, t_x) over n opportunities and the number of purchase sequences giving it."""
    pairs = [(0, 0)] + [(x, t) for t in range(1, n + 1) for x in range(1, t + 1)]
    x, t_x = (np.array(v, dtype=float) for v in zip(*pairs, strict=True))
    sequences = np.where(x > 0, comb(t_x - 1, x - 1), 1.0)
    return x, t_x, sequences


class TestData:
    def test_loader(self) -> None:
        """22 histories of 11,104 donors over six opportunities."""
        data = load_donations()
        assert isinstance(data, DiscreteHistories)
        assert data.n_customers == 11104
        assert data.frequency.shape == (22,)
        assert set(data.n_periods.tolist()) == {6}
        assert (data.frequency[0], data.recency[0], data.weights[0]) == (0, 0, 3464)
        assert (data.frequency[-1], data.recency[-1], data.weights[-1]) == (6, 6, 1203)


@pytest.fixture(scope="module")
def donations_fit() -> BetaGeoBetaBinom:
    """The BG/BB fitted to the shipped donations data."""
    d = load_donations()
    return BetaGeoBetaBinom.fit(d.frequency, d.recency, d.n_periods, weights=d.weights)


class TestFit:
    def test_reproduces_published_estimates(self, donations_fit: BetaGeoBetaBinom) -> None:
        """The donations data give the paper's parameters and log-likelihood to its rounding."""
        for name, value in PUBLISHED.items():
            assert getattr(donations_fit, name) == pytest.approx(value, abs=5e-4), name
        assert donations_fit.log_likelihood == pytest.approx(PUBLISHED_LOG_LIKELIHOOD, abs=0.05)
        assert donations_fit.n_observations == 11104
        assert donations_fit.standard_errors is not None
        assert np.all(np.isfinite(donations_fit.standard_errors))
        assert np.all(donations_fit.standard_errors > 0)

    def test_compressed_and_uncompressed_agree(self, donations_fit: BetaGeoBetaBinom) -> None:
        """One row per donor gives the same fit as one weighted row per history."""
        d = load_donations()
        expanded = [np.repeat(a, d.weights) for a in (d.frequency, d.recency, d.n_periods)]
        full = BetaGeoBetaBinom.fit(*expanded)
        np.testing.assert_allclose(
            list(full.parameters.values()), list(donations_fit.parameters.values()), rtol=1e-4
        )
        assert full.log_likelihood == pytest.approx(donations_fit.log_likelihood, rel=1e-9)
        assert full.standard_errors is not None
        assert donations_fit.standard_errors is not None
        np.testing.assert_allclose(full.standard_errors, donations_fit.standard_errors, rtol=1e-3)

    def test_recovers_parameters_from_a_large_synthetic_sample(self) -> None:
        """Fitting 60,000 simulated customers (compressed) lands within 3 SEs of the truth."""
        truth = BetaGeoBetaBinom(alpha=1.2, beta=0.75, gamma=0.66, delta=2.8)
        sample = truth.simulate(60_000, 8, seed=2010).compress()
        assert sample.frequency.size <= 45
        assert sample.n_customers == 60_000
        fitted = BetaGeoBetaBinom.fit(
            sample.frequency, sample.recency, sample.n_periods, weights=sample.weights
        )
        assert fitted.standard_errors is not None
        errors = np.abs(np.array(list(fitted.parameters.values())) - truth._params)
        assert np.all(errors < 3 * fitted.standard_errors)

    def test_summary(self, donations_fit: BetaGeoBetaBinom) -> None:
        """summary() lists the four parameters in the paper's order; BIC uses the donors."""
        assert donations_fit.summary().names == ("alpha", "beta", "gamma", "delta")
        assert donations_fit.log_likelihood is not None
        assert donations_fit.bic == pytest.approx(
            4 * np.log(11104) - 2 * donations_fit.log_likelihood
        )

    @pytest.mark.parametrize(
        ("args", "error", "message"),
        [
            (([2], [7], [6]), OutOfRangeError, "recency must be <= n_periods; got 7.0 at index 0"),
            (([1, 3], [2, 2], [6, 6]), OutOfRangeError, "frequency must be <= recency; got 3.0"),
            (([0], [2], [6]), InvalidInputError, "recency must be 0 when frequency is 0; got 2.0"),
            (([-1], [0], [6]), OutOfRangeError, "frequency must be >= 0; got -1.0 at index 0"),
            (([1], [1], [0]), OutOfRangeError, "n_periods must be >= 1; got 0.0 at index 0"),
            (([1.5], [2], [6]), InvalidInputError, "frequency must be a whole number; got 1.5"),
            (([], [], []), InvalidInputError, "frequency must not be empty; got shape (0,)"),
            (
                ([1, 2], [1, 2, 3], [6, 6]),
                ShapeMismatchError,
                "recency must have one value per customer (2); got shape (3,)",
            ),
        ],
    )
    def test_rejects_bad_histories(
        self, args: tuple[list[float], ...], error: type[Exception], message: str
    ) -> None:
        """Impossible histories are rejected with the parameter, rule and value."""
        with pytest.raises(error, match=re.escape(message)):
            BetaGeoBetaBinom.fit(*args)

    def test_rejects_bad_weights(self) -> None:
        """Weights need one value per history and a positive total."""
        with pytest.raises(ShapeMismatchError, match=re.escape("weights must have one value")):
            BetaGeoBetaBinom.fit([1, 2], [1, 2], [6, 6], weights=[1.0])
        with pytest.raises(OutOfRangeError, match=re.escape("weights must be >= 0; got -1.0")):
            BetaGeoBetaBinom.fit([1, 2], [1, 2], [6, 6], weights=[1.0, -1.0])


class TestLikelihood:
    @given(bgbb_parameters(), st.integers(1, 12))
    def test_sequences_sum_to_one(self, params: Params, n: int) -> None:
        """Weighted by the purchase sequences behind each (x, t_x), the likelihoods sum to 1."""
        x, t_x, sequences = all_histories(n)
        model = BetaGeoBetaBinom(*params)
        total = np.sum(sequences * np.exp(model.log_likelihood_of(x, t_x, n)))
        assert total == pytest.approx(1.0, rel=1e-9)

    @given(bgbb_parameters(), discrete_histories(max_periods=25, max_size=5))
    def test_matches_quadrature(
        self, params: Params, histories: tuple[np.ndarray, np.ndarray, np.ndarray]
    ) -> None:
        """Likelihood and P(alive) equal the integral of the individual-level model."""
        model = BetaGeoBetaBinom(*params)
        quadrature = Quadrature(params)
        log_l = np.atleast_1d(model.log_likelihood_of(*histories))
        alive = np.atleast_1d(model.p_alive(*histories))
        for i, (x, t_x, n) in enumerate(zip(*(h.astype(int) for h in histories), strict=True)):
            assert np.exp(log_l[i]) == pytest.approx(quadrature.likelihood(x, t_x, n), rel=1e-7)
            assert alive[i] == pytest.approx(quadrature.p_alive(x, t_x, n), rel=1e-7, abs=1e-300)

    @given(
        st.tuples(*(st.floats(1e-3, 1e3) for _ in range(4))),
        discrete_histories(max_periods=400, max_size=10),
    )
    def test_finite_over_wide_parameter_ranges(
        self, params: Params, histories: tuple[np.ndarray, np.ndarray, np.ndarray]
    ) -> None:
        """No overflow or NaN for extreme parameters and hundreds of opportunities."""
        model = BetaGeoBetaBinom(*params)
        log_l = np.asarray(model.log_likelihood_of(*histories))
        assert np.all(np.isfinite(log_l))
        assert np.all(log_l <= 1e-12)
        alive = np.asarray(model.p_alive(*histories))
        assert np.all((alive >= 0) & (alive <= 1))

    @given(bgbb_parameters(), discrete_histories(max_periods=20, max_size=8))
    def test_gradient_matches_finite_differences(
        self, params: Params, histories: tuple[np.ndarray, np.ndarray, np.ndarray]
    ) -> None:
        """The analytic gradient used by the fit agrees with central differences."""
        weights = np.arange(1.0, histories[0].size + 1.0)
        x, t_x, n = histories
        analytic = _log_likelihood_gradient(np.array(params), x, t_x, n, weights)
        model = BetaGeoBetaBinom(*params)

        def total(p: np.ndarray) -> float:
            return float(weights @ BetaGeoBetaBinom(*p).log_likelihood_of(x, t_x, n))

        step = 1e-6 * np.array(params)
        numeric = [
            (total(model._params + h) - total(model._params - h)) / (2 * h[k])
            for k, h in enumerate(np.diag(step))
        ]
        scale = np.abs(numeric) + weights.sum() / np.array(params)
        np.testing.assert_array_less(np.abs(analytic - numeric), 1e-5 * scale)


class TestPredictions:
    @given(bgbb_parameters(), discrete_histories(max_periods=40))
    def test_p_alive_is_a_probability(
        self, params: Params, histories: tuple[np.ndarray, np.ndarray, np.ndarray]
    ) -> None:
        """P(alive) lies in [0, 1]."""
        alive = np.asarray(BetaGeoBetaBinom(*params).p_alive(*histories))
        assert np.all((alive >= 0) & (alive <= 1))

    @given(bgbb_parameters(), discrete_histories(max_periods=30, max_size=5))
    def test_expected_purchases_grow_with_the_horizon(
        self, params: Params, histories: tuple[np.ndarray, np.ndarray, np.ndarray]
    ) -> None:
        """New-customer and conditional expectations are non-decreasing in the horizon."""
        model = BetaGeoBetaBinom(*params)
        horizon = np.arange(0, 60)
        new = np.asarray(model.expected_purchases(horizon))
        assert new[0] == 0.0
        assert np.all(np.diff(new) >= -1e-12 * new[1:])
        conditional = np.asarray(
            model.conditional_expected_purchases(
                horizon[:, None], histories[0], histories[1], histories[2]
            )
        )
        assert np.all(np.diff(conditional, axis=0) >= -1e-12 * conditional[1:])

    @given(bgbb_parameters(), st.integers(1, 10), st.integers(0, 8))
    def test_law_of_total_expectation(self, params: Params, n: int, ahead: int) -> None:
        """Averaging the conditional expectation over all histories gives E[X(n+n*)] - E[X(n)].

        Also checks P(X(n) = x) against the histories' probabilities, and P(alive) against the
        unconditional probability of being alive at n + 1.
        """
        model = BetaGeoBetaBinom(*params)
        x, t_x, sequences = all_histories(n)
        probability = sequences * np.exp(model.log_likelihood_of(x, t_x, n))
        conditional = model.conditional_expected_purchases(ahead, x, t_x, n)
        new = model.expected_purchases([n, n + ahead])
        assert float(probability @ conditional) == pytest.approx(new[1] - new[0], rel=1e-8)
        alive = float(probability @ model.p_alive(x, t_x, n))
        _, _, gamma, delta = params
        expected_alive = np.prod((delta + np.arange(n + 1)) / (gamma + delta + np.arange(n + 1)))
        assert alive == pytest.approx(expected_alive, rel=1e-8)
        by_frequency = np.bincount(x.astype(int), weights=probability, minlength=n + 1)
        pmf = np.asarray(model.probability_of_purchases(np.arange(n + 1), n))
        np.testing.assert_allclose(pmf, by_frequency, rtol=1e-8, atol=1e-300)

    @given(bgbb_parameters(), st.integers(0, 30))
    def test_purchase_distribution(self, params: Params, n: int) -> None:
        """P(X(n) = x) sums to 1, has mean E[X(n)], and is 0 beyond n."""
        model = BetaGeoBetaBinom(*params)
        k = np.arange(n + 2)
        pmf = np.asarray(model.probability_of_purchases(k, n))
        assert pmf[-1] == 0.0
        assert pmf.sum() == pytest.approx(1.0, rel=1e-9)
        assert float(k @ pmf) == pytest.approx(model.expected_purchases(n), rel=1e-7, abs=1e-12)

    def test_conditional_matches_quadrature_for_the_donors(self) -> None:
        """The closed form agrees with integrating the individual model, for every history."""
        d = load_donations()
        model = BetaGeoBetaBinom(**PUBLISHED)
        quadrature = Quadrature(tuple(PUBLISHED.values()))  # type: ignore[arg-type]
        closed = model.conditional_expected_purchases(5, d.frequency, d.recency, d.n_periods)
        brute = [
            quadrature.conditional(5, int(x), int(t), int(n))
            for x, t, n in zip(d.frequency, d.recency, d.n_periods, strict=True)
        ]
        np.testing.assert_allclose(closed, brute, rtol=1e-9)

    @pytest.mark.parametrize(
        "gamma", [1 - 1e-4, 1 - 2e-6, 1 - 1e-7, 1.0, 1 + 1e-7, 1 + 2e-6, 1 + 1e-4]
    )
    def test_gamma_near_one(self, gamma: float) -> None:
        """Around the removable singularity at gamma = 1, E[X(n)] matches the explicit sum."""
        alpha, beta, delta, n = 1.2, 0.7, 2.5, 50
        k = np.arange(n)
        alive = np.cumprod((delta + k) / (gamma + delta + k))
        brute = alpha / (alpha + beta) * alive.sum()
        value = BetaGeoBetaBinom(alpha, beta, gamma, delta).expected_purchases(n)
        assert value == pytest.approx(brute, rel=1e-9)

    @given(bgbb_parameters(), st.floats(0.02, 0.5), discrete_histories(max_periods=20))
    def test_dert_is_the_discounted_sum_of_expected_transactions(
        self, params: Params, d: float, histories: tuple[np.ndarray, np.ndarray, np.ndarray]
    ) -> None:
        """DERT equals the discounted sum of the increments of the conditional expectation."""
        model = BetaGeoBetaBinom(*params)
        horizon = np.arange(0, 3000)[:, None]
        cumulative = np.asarray(model.conditional_expected_purchases(horizon, *histories))
        discount = (1.0 + d) ** -horizon[1:]
        brute = np.sum(np.diff(cumulative, axis=0) * discount, axis=0)
        closed = model.discounted_expected_residual_transactions(d, *histories)
        np.testing.assert_allclose(closed, brute, rtol=1e-7, atol=1e-300)

    def test_output_types(self) -> None:
        """Scalars give float, lists give ndarray, a Series gives a Series with its index."""
        model = BetaGeoBetaBinom(**PUBLISHED)
        assert isinstance(model.p_alive(1, 1, 6), float)
        assert isinstance(model.expected_purchases([1, 2]), np.ndarray)
        frequency = pd.Series([1, 4], index=["ann", "bob"])
        result = model.conditional_expected_purchases(5, frequency, [3, 6], 6)
        assert isinstance(result, pd.Series)
        assert list(result.index) == ["ann", "bob"]

    def test_prediction_errors(self) -> None:
        """Predictions validate histories, horizons and discount rates like the fit does."""
        model = BetaGeoBetaBinom(**PUBLISHED)
        with pytest.raises(OutOfRangeError, match=re.escape("recency must be <= n_periods")):
            model.p_alive(2, 7, 6)
        with pytest.raises(OutOfRangeError, match=re.escape("future_periods must be >= 0")):
            model.conditional_expected_purchases(-1, 1, 1, 6)
        with pytest.raises(OutOfRangeError, match=re.escape("discount_rate must be > 0; got 0.0")):
            model.discounted_expected_residual_transactions(0.0, 1, 1, 6)
        with pytest.raises(ShapeMismatchError, match="frequency, recency, n_periods"):
            model.p_alive([1, 2], [1, 2, 3], 6)


class TestDiscreteHistories:
    def test_compress_keeps_every_customer(self) -> None:
        """Compressing sums the weights of identical histories and keeps the total."""
        d = load_donations()
        expanded = DiscreteHistories(
            *(np.repeat(a, d.weights) for a in (d.frequency, d.recency, d.n_periods))
        )
        assert expanded.n_customers == 11104
        compressed = expanded.compress()
        order = np.lexsort((d.n_periods, d.recency, d.frequency))
        np.testing.assert_array_equal(compressed.frequency, d.frequency[order])
        np.testing.assert_array_equal(compressed.recency, d.recency[order])
        np.testing.assert_array_equal(compressed.weights, d.weights[order])

    def test_rejects_mismatched_columns(self) -> None:
        """Every column has one value per row."""
        with pytest.raises(ShapeMismatchError, match=re.escape("weights must have the shape")):
            DiscreteHistories([1, 2], [1, 2], [3, 3], weights=[1.0])


class TestSimulate:
    def test_seeded_and_valid(self) -> None:
        """The same seed gives the same sample; every history is valid for fit."""
        model = BetaGeoBetaBinom(**PUBLISHED)
        first = model.simulate(2000, 6, seed=5)
        assert isinstance(first, DiscreteHistories)
        assert first == model.simulate(2000, 6, seed=5)
        assert np.all(first.frequency <= first.recency)
        assert np.all((first.frequency == 0) == (first.recency == 0))
        assert np.all(first.recency <= 6)

    def test_matches_the_purchase_distribution(self) -> None:
        """Simulated frequencies follow P(X(n) = x) within 4 standard deviations."""
        model = BetaGeoBetaBinom(**PUBLISHED)
        n = 200_000
        sample = model.simulate(n, 6, seed=9)
        share = np.bincount(sample.frequency.astype(int), minlength=7) / n
        expected = np.asarray(model.probability_of_purchases(np.arange(7), 6))
        assert np.all(np.abs(share - expected) < 4 * np.sqrt(expected * (1 - expected) / n))

    def test_rejects_bad_sizes(self) -> None:
        """Sizes must be whole numbers >= 1."""
        model = BetaGeoBetaBinom(**PUBLISHED)
        with pytest.raises(OutOfRangeError, match=re.escape("n_customers must be >= 1; got 0.0")):
            model.simulate(0, 6)
