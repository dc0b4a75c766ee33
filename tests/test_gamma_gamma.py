"""Tests of the gamma-gamma spend model (servicemetrics.models.GammaGamma)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, stats

from servicemetrics import (
    InvalidInputError,
    NonFiniteError,
    OutOfRangeError,
    ShapeMismatchError,
)
from servicemetrics.datasets import load_cdnow_summary
from servicemetrics.models import GammaGamma
from tests.strategies import model_parameters

# Fader, Hardie & Lee (2005), RFM and CLV, JMR 42(4): the gamma-gamma estimates for CDNOW.
PUBLISHED = {"p": 6.25, "q": 3.74, "gamma": 15.44}
MODEL = GammaGamma(**PUBLISHED)


@pytest.fixture(scope="module")
def cdnow_fit() -> GammaGamma:
    cdnow = load_cdnow_summary()
    return GammaGamma.fit(cdnow.frequency, cdnow.monetary_value)


class TestFit:
    def test_reproduces_published_cdnow_estimates(self, cdnow_fit: GammaGamma) -> None:
        """p and q match FHL (2005) to their rounding; γ to within 0.01.

        γ is the flattest direction (standard error about 4.2): the maximum of the likelihood
        on the shipped summary lies at 15.448 (confirmed by Nelder–Mead from several starts),
        0.008 from the published 15.44.
        """
        assert round(cdnow_fit.p, 2) == PUBLISHED["p"]
        assert round(cdnow_fit.q, 2) == PUBLISHED["q"]
        assert cdnow_fit.gamma == pytest.approx(PUBLISHED["gamma"], abs=0.01)
        assert cdnow_fit.n_observations == 946

    def test_zero_frequency_customers_are_left_out(self, cdnow_fit: GammaGamma) -> None:
        """Fitting only the repeat buyers gives the same model."""
        cdnow = load_cdnow_summary()
        buyers = cdnow.frequency > 0
        only = GammaGamma.fit(cdnow.frequency[buyers], cdnow.monetary_value[buyers])
        assert only.log_likelihood == pytest.approx(cdnow_fit.log_likelihood, rel=1e-12)

    def test_compressed_and_uncompressed_fits_agree(self, cdnow_fit: GammaGamma) -> None:
        """Distinct (x, z̄) rows with counts give the same fit."""
        cdnow = load_cdnow_summary()
        rows, counts = np.unique(
            np.column_stack([cdnow.frequency, cdnow.monetary_value]), axis=0, return_counts=True
        )
        compressed = GammaGamma.fit(rows[:, 0], rows[:, 1], weights=counts)
        assert compressed.log_likelihood == pytest.approx(cdnow_fit.log_likelihood, rel=1e-10)
        assert compressed.p == pytest.approx(cdnow_fit.p, rel=1e-5)

    def test_log_likelihood_matches_mixture_integral(self) -> None:
        """The closed-form density of z̄ equals the gamma mixture integrated numerically."""
        p, q, gamma = 6.25, 3.74, 15.44
        for x, mean in [(1, 10.0), (2, 22.35), (7, 40.0)]:
            density = integrate.quad(
                lambda nu, x=x, mean=mean: (
                    stats.gamma.pdf(mean, p * x, scale=1 / (x * nu))
                    * stats.gamma.pdf(nu, q, scale=1 / gamma)
                ),
                0,
                np.inf,
            )[0]
            assert MODEL.log_likelihood_of(x, mean) == pytest.approx(math.log(density), rel=1e-8)

    def test_recovers_parameters_from_simulated_customers(self) -> None:
        """A fit on 20,000 simulated spenders lands within 4 standard errors of the truth."""
        truth = GammaGamma(p=4.0, q=3.0, gamma=20.0)
        frequency = np.random.default_rng(1).integers(1, 10, size=20_000).astype(float)
        values = truth.simulate(frequency, seed=9)
        fitted = GammaGamma.fit(frequency, values)
        assert fitted.standard_errors is not None
        for k, name in enumerate(GammaGamma.parameter_names):
            assert (
                abs(getattr(fitted, name) - getattr(truth, name)) < 4 * fitted.standard_errors[k]
            )

    @pytest.mark.parametrize(
        ("args", "error", "message"),
        [
            (
                ([1, 2], [10.0, 0.0]),
                OutOfRangeError,
                "monetary_value must be > 0 when frequency > 0; got 0.0 at index 1",
            ),
            (
                ([-1, 2], [10.0, 5.0]),
                OutOfRangeError,
                "frequency must be >= 0; got -1.0 at index 0",
            ),
            (
                ([0, 0], [0.0, 0.0]),
                InvalidInputError,
                "frequency must be > 0 for at least one customer",
            ),
            (([], []), InvalidInputError, "frequency must not be empty"),
            (
                ([1, 2], [10.0]),
                ShapeMismatchError,
                r"monetary_value must have one value per customer \(2\)",
            ),
        ],
    )
    def test_bad_input(self, args: tuple, error: type, message: str) -> None:
        """Bad spend data is reported with its parameter, rule and value."""
        with pytest.raises(error, match=message):
            GammaGamma.fit(*args)


class TestExpectedSpend:
    def test_weighted_average_of_population_and_own_mean(self) -> None:
        """E[Z|x, z̄] = (q-1)/(px+q-1) · pγ/(q-1) + px/(px+q-1) · z̄, by hand."""
        p, q, gamma = 6.25, 3.74, 15.44
        x, mean = 2, 22.35
        weight = p * x / (p * x + q - 1)
        expected = (1 - weight) * p * gamma / (q - 1) + weight * mean
        assert MODEL.expected_spend(x, mean) == pytest.approx(expected, rel=1e-12)

    def test_population_mean_without_repeat_purchases(self) -> None:
        """x = 0 gives pγ/(q-1), whatever monetary value is passed."""
        assert MODEL.expected_spend(0, 123.0) == pytest.approx(6.25 * 15.44 / 2.74, rel=1e-12)

    def test_infinite_mean_is_an_error(self) -> None:
        """With q <= 1 the population mean is infinite: an error, not inf or NaN."""
        with pytest.raises(
            InvalidInputError, match="frequency must satisfy p \\* frequency \\+ q > 1"
        ):
            GammaGamma(p=1.0, q=0.5, gamma=1.0).expected_spend([2, 0], [5.0, 0.0])

    @pytest.mark.parametrize(
        ("frequency", "value", "error", "message"),
        [
            ([2.0, 1.5], [5.0, 5.0], InvalidInputError, "frequency must be a whole number"),
            ([2.0, -1.0], [5.0, 5.0], OutOfRangeError, "frequency must be >= 0; got -1.0"),
            ([2.0, 1.0], [5.0, 0.0], OutOfRangeError, "monetary_value must be > 0 when"),
            ([2.0, 0.0], [5.0, -1.0], OutOfRangeError, "monetary_value must be >= 0; got -1.0"),
            ([2.0, 1.0], [5.0, np.nan], NonFiniteError, "monetary_value must be finite; got nan"),
            ([2.0, np.inf], [5.0, 1.0], NonFiniteError, "frequency must be finite; got inf"),
        ],
    )
    def test_bad_inputs_are_named(
        self, frequency: list[float], value: list[float], error: type, message: str
    ) -> None:
        """Every rule on the inputs of a prediction is checked and names the value."""
        with pytest.raises(error, match=message):
            MODEL.expected_spend(np.array(frequency), np.array(value))

    def test_simulated_means_match_expectation(self) -> None:
        """Simulated single-transaction values average pγ/(q-1)."""
        values = MODEL.simulate(np.ones(400_000), seed=4)
        assert values.mean() == pytest.approx(6.25 * 15.44 / 2.74, rel=0.02)

    @given(
        st.floats(0.5, 20.0),
        st.floats(1.1, 20.0),
        st.floats(0.5, 100.0),
        st.integers(1, 200),
        st.floats(0.01, 1e4),
        st.floats(0.01, 1e4),
    )
    def test_increasing_in_own_mean(
        self, p: float, q: float, gamma: float, x: int, low: float, high: float
    ) -> None:
        """A customer who spent more is expected to spend more."""
        model = GammaGamma(p=p, q=q, gamma=gamma)
        a, b = sorted((low, high))
        assert model.expected_spend(x, a) <= model.expected_spend(x, b)

    @given(
        model_parameters,
        model_parameters,
        model_parameters,
        st.integers(1, 500),
        st.floats(0.01, 1e5),
    )
    def test_log_likelihood_finite_over_wide_ranges(
        self, p: float, q: float, gamma: float, x: int, mean: float
    ) -> None:
        """The log-likelihood is finite for parameters in [1e-3, 1e3]."""
        assert math.isfinite(GammaGamma(p=p, q=q, gamma=gamma).log_likelihood_of(x, mean))
