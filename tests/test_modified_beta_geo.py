"""Tests of the MBG/NBD model (servicemetrics.models.ModifiedBetaGeo)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from scipy import integrate, stats

from servicemetrics import InvalidInputError, OutOfRangeError
from servicemetrics.datasets import load_cdnow_summary
from servicemetrics.models import BetaGeo, ModifiedBetaGeo
from tests.strategies import continuous_histories, model_parameters

MODEL = ModifiedBetaGeo(r=0.5, alpha=5.0, a=0.8, b=3.0)


class TestAgainstIntegrals:
    def test_log_likelihood_without_repeat_purchases(self) -> None:
        """x = 0: gone at once (probability a/(a+b)) or active and silent for T."""
        r, alpha, a, b = 0.5, 5.0, 0.8, 3.0
        expected = math.log(a / (a + b) + b / (a + b) * (alpha / (alpha + 38.0)) ** r)
        assert MODEL.log_likelihood_of(0, 0.0, 38.0) == pytest.approx(expected, rel=1e-12)

    def test_expected_purchases_by_quadrature(self) -> None:
        """E[X(t)] = E[(1-p)/p (1 - (α/(α+pt))^r)] over p ~ Beta(a, b), integrated numerically."""
        r, alpha, a, b = 0.5, 5.0, 0.8, 3.0
        for t in (5.0, 39.0, 300.0):

            def integrand(p, t=t):
                return (1 - p) / p * (1 - (alpha / (alpha + p * t)) ** r) * stats.beta.pdf(p, a, b)

            expected = integrate.quad(integrand, 0, 1, limit=200)[0]
            assert MODEL.expected_purchases(t) == pytest.approx(expected, rel=1e-7)

    @pytest.mark.parametrize(("x", "t_x"), [(0, 0.0), (2, 30.0), (6, 12.0)])
    def test_conditional_expectation_by_quadrature(self, x: int, t_x: float) -> None:
        """Given alive, λ ~ Gamma(r+x, α+T) and p ~ Beta(a, b+x+1); integrate over p."""
        r, alpha, a, b = 0.5, 5.0, 0.8, 3.0
        age, t = 38.0, 39.0

        def integrand(p):
            return (
                (1 - ((alpha + age) / (alpha + age + p * t)) ** (r + x))
                / p
                * stats.beta.pdf(p, a, b + x + 1)
            )

        alive = 1 / (1 + a / (b + x) * ((alpha + age) / (alpha + t_x)) ** (r + x))
        expected = integrate.quad(integrand, 0, 1, limit=200)[0] * alive
        assert MODEL.conditional_expected_purchases(t, x, t_x, age) == pytest.approx(
            expected, rel=1e-7
        )
        assert MODEL.p_alive(x, t_x, age) == pytest.approx(alive, rel=1e-12)

    def test_simulated_mean_matches_expectation(self) -> None:
        """The mean simulated frequency at T = 39 is E[X(39)] within Monte Carlo error."""
        histories = MODEL.simulate(np.full(200_000, 39.0), seed=3)
        error = histories.frequency.std() / math.sqrt(200_000)
        assert abs(histories.frequency.mean() - MODEL.expected_purchases(39.0)) < 4 * error


class TestFit:
    def test_cdnow_fit_is_at_least_as_good_as_bgnbd(self) -> None:
        """MBG/NBD nests no BG/NBD but fits CDNOW about as well (LL within a few units)."""
        cdnow = load_cdnow_summary()
        model = ModifiedBetaGeo.fit(cdnow.frequency, cdnow.recency, cdnow.T)
        reference = BetaGeo.fit(cdnow.frequency, cdnow.recency, cdnow.T)
        assert model.log_likelihood is not None
        assert reference.log_likelihood is not None
        assert abs(model.log_likelihood - reference.log_likelihood) < 5.0
        total = float(np.sum(model.log_likelihood_of(cdnow.frequency, cdnow.recency, cdnow.T)))
        assert total == pytest.approx(model.log_likelihood, rel=1e-12)

    def test_recovers_parameters_from_simulated_customers(self) -> None:
        """A fit on 20,000 simulated customers lands within 4 standard errors of the truth."""
        age = np.random.default_rng(6).choice([26.0, 39.0, 52.0], size=20_000)
        histories = MODEL.simulate(age, seed=13)
        fitted = ModifiedBetaGeo.fit(histories.frequency, histories.recency, histories.T)
        assert fitted.standard_errors is not None
        for k, name in enumerate(ModifiedBetaGeo.parameter_names):
            assert (
                abs(getattr(fitted, name) - getattr(MODEL, name)) < 4 * fitted.standard_errors[k]
            ), name

    def test_bad_histories(self) -> None:
        """Impossible histories and data without repeat purchases are rejected."""
        with pytest.raises(OutOfRangeError, match="recency must be <= T"):
            ModifiedBetaGeo.fit([1], [5.0], [4.0])
        with pytest.raises(
            InvalidInputError, match="frequency must be > 0 for at least one customer"
        ):
            ModifiedBetaGeo.fit([0, 0], [0.0, 0.0], [4.0, 5.0])


class TestProperties:
    @given(continuous_histories())
    def test_p_alive_is_a_probability(self, histories: tuple) -> None:
        """P(alive) lies in [0, 1]."""
        alive = MODEL.p_alive(*histories)
        assert np.all((alive >= 0) & (alive <= 1))

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
        """The log-likelihood is finite for parameters in [1e-3, 1e3]."""
        ll = ModifiedBetaGeo(r=r, alpha=alpha, a=a, b=b).log_likelihood_of(*histories)
        assert np.all(np.isfinite(ll))
