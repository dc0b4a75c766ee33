"""Tests of the Pareto/NBD model (servicemetrics.models.ParetoNBD)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, special, stats

from servicemetrics import InvalidInputError, OutOfRangeError
from servicemetrics.datasets import load_cdnow_summary
from servicemetrics.models import ParetoNBD
from servicemetrics.models import _pareto_nbd as _pareto
from tests.strategies import continuous_histories, model_parameters

# Fader, Hardie & Lee (2005), Marketing Science 24(2): the Pareto/NBD estimates for CDNOW.
PUBLISHED = {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}
PUBLISHED_LL = -9595.0
MODEL = ParetoNBD(**PUBLISHED)


def likelihood_by_quadrature(
    model: ParetoNBD, x: float, t_x: float, age: float
) -> tuple[float, float]:
    """Log-likelihood and P(alive) from the lifetime integral, by numerical quadrature.

    L = Γ(r+x)α^r β^s/Γ(r) [(α+T)^-(r+x) (β+T)^-s + s ∫_{t_x}^T (α+y)^-(r+x) (β+y)^-(s+1) dy]
    (Fader & Hardie 2005, eq. 19 before the integral is solved). Everything is scaled by the
    integrand at t_x so that large x does not underflow.
    """
    r, alpha, s, beta = model.r, model.alpha, model.s, model.beta

    def log_integrand(y: float) -> float:
        return -(r + x) * math.log(alpha + y) - (s + 1) * math.log(beta + y)

    top = log_integrand(t_x)
    log_alive = -(r + x) * math.log(alpha + age) - s * math.log(beta + age)
    area = integrate.quad(
        lambda y: s * math.exp(log_integrand(y) - top), t_x, age, epsabs=0, epsrel=1e-12, limit=200
    )[0]
    bracket = math.exp(log_alive - top) + area
    head = special.gammaln(r + x) - special.gammaln(r) + r * math.log(alpha) + s * math.log(beta)
    return head + top + math.log(bracket), math.exp(log_alive - top) / bracket


@pytest.fixture(scope="module")
def cdnow_fit() -> ParetoNBD:
    cdnow = load_cdnow_summary()
    return ParetoNBD.fit(cdnow.frequency, cdnow.recency, cdnow.T)


class TestFit:
    def test_reproduces_published_cdnow_estimates(self, cdnow_fit: ParetoNBD) -> None:
        """r, α, s and the log-likelihood match FHL (2005) to their rounding.

        β is flat (its standard error is about 6): the maximum lies at 11.6679, one unit in the
        last published digit from 11.669, which every optimiser tried here confirms.
        """
        for name in ("r", "alpha", "s"):
            assert round(getattr(cdnow_fit, name), 3) == PUBLISHED[name], name
        assert cdnow_fit.beta == pytest.approx(PUBLISHED["beta"], abs=0.002)
        assert round(cdnow_fit.log_likelihood, 1) == PUBLISHED_LL

    def test_fit_metadata(self, cdnow_fit: ParetoNBD) -> None:
        """The fit has finite positive standard errors and the number of customers."""
        assert cdnow_fit.n_observations == 2357
        assert cdnow_fit.standard_errors is not None
        assert np.all(np.isfinite(cdnow_fit.standard_errors))
        assert np.all(cdnow_fit.standard_errors > 0)

    def test_compressed_and_uncompressed_fits_agree(self, cdnow_fit: ParetoNBD) -> None:
        """Distinct histories with counts give the same fit as one row per customer."""
        cdnow = load_cdnow_summary()
        rows, counts = np.unique(
            np.column_stack([cdnow.frequency, cdnow.recency, cdnow.T]), axis=0, return_counts=True
        )
        compressed = ParetoNBD.fit(rows[:, 0], rows[:, 1], rows[:, 2], weights=counts)
        assert compressed.log_likelihood == pytest.approx(cdnow_fit.log_likelihood, rel=1e-10)
        for name in PUBLISHED:
            assert getattr(compressed, name) == pytest.approx(getattr(cdnow_fit, name), rel=1e-4)

    def test_recovers_parameters_from_simulated_customers(self) -> None:
        """A fit on 20,000 simulated customers lands within 4 standard errors of the truth."""
        truth = ParetoNBD(r=0.6, alpha=8.0, s=0.8, beta=12.0)
        age = np.random.default_rng(4).choice([26.0, 39.0, 52.0], size=20_000)
        histories = truth.simulate(age, seed=21)
        fitted = ParetoNBD.fit(histories.frequency, histories.recency, histories.T)
        assert fitted.standard_errors is not None
        for k, name in enumerate(ParetoNBD.parameter_names):
            error = abs(getattr(fitted, name) - getattr(truth, name))
            assert error < 4 * fitted.standard_errors[k], name

    @pytest.mark.parametrize(
        ("args", "error", "message"),
        [
            (([3], [12.0], [10.0]), OutOfRangeError, "recency must be <= T; got 12.0 at index 0"),
            (
                ([-2], [0.0], [10.0]),
                OutOfRangeError,
                "frequency must be >= 0; got -2.0 at index 0",
            ),
            (([0], [1.0], [10.0]), InvalidInputError, "recency must be 0 when frequency is 0"),
            (([], [], []), InvalidInputError, "frequency must not be empty"),
            (
                ([1, 2], [1.0, 2.0], [10.0]),
                InvalidInputError,
                "T must have one value per customer",
            ),
        ],
    )
    def test_impossible_histories_are_rejected(
        self, args: tuple, error: type, message: str
    ) -> None:
        """Each impossible history is reported with its parameter, rule and value."""
        with pytest.raises(error, match=message):
            ParetoNBD.fit(*args)

    def test_no_repeat_purchases_is_an_error(self) -> None:
        """Without any repeat purchase the parameters cannot be estimated."""
        with pytest.raises(
            InvalidInputError, match="frequency must be > 0 for at least one customer"
        ):
            ParetoNBD.fit([0, 0, 0], [0.0, 0.0, 0.0], [10.0, 20.0, 30.0])


class TestLikelihood:
    @pytest.mark.parametrize(
        ("x", "t_x", "age"),
        [(0, 0.0, 38.86), (2, 30.43, 38.86), (2, 5.0, 38.86), (40, 20.0, 100.0)],
    )
    def test_matches_quadrature(self, x: int, t_x: float, age: float) -> None:
        """The closed form equals the lifetime integral computed numerically."""
        ll, alive = likelihood_by_quadrature(MODEL, x, t_x, age)
        assert MODEL.log_likelihood_of(x, t_x, age) == pytest.approx(ll, rel=1e-9)
        assert MODEL.p_alive(x, t_x, age) == pytest.approx(alive, rel=1e-8)

    @pytest.mark.parametrize(
        "params",
        [
            (0.553, 10.578, 0.606, 11.669),  # alpha < beta
            (0.553, 30.0, 0.606, 2.0),  # alpha > beta
            (2.0, 5.0, 3.0, 5.0),  # alpha == beta
        ],
    )
    @pytest.mark.parametrize(
        ("x", "t_x", "age"),
        [
            (300, 2500.0, 3000.0),
            (800, 4990.0, 5000.0),
            (500, 100.0, 4000.0),
            (250, 2999.9, 3000.0),
        ],
    )
    def test_frequent_long_lived_customers(
        self, params: tuple, x: int, t_x: float, age: float
    ) -> None:
        """x in the hundreds and T in the thousands: finite, and equal to the quadrature."""
        model = ParetoNBD(*params)
        ll, alive = likelihood_by_quadrature(model, x, t_x, age)
        value = model.log_likelihood_of(x, t_x, age)
        assert math.isfinite(value)
        assert value == pytest.approx(ll, rel=1e-9)
        assert model.p_alive(x, t_x, age) == pytest.approx(alive, rel=1e-7, abs=1e-300)
        assert math.isfinite(model.conditional_expected_purchases(52.0, x, t_x, age))

    def test_total_is_the_sum_over_customers(self, cdnow_fit: ParetoNBD) -> None:
        """The fitted log-likelihood is the sum of the per-customer values."""
        cdnow = load_cdnow_summary()
        per_customer = cdnow_fit.log_likelihood_of(cdnow.frequency, cdnow.recency, cdnow.T)
        assert float(np.sum(per_customer)) == pytest.approx(cdnow_fit.log_likelihood, rel=1e-12)


class TestSeriesAndGradient:
    @given(
        st.floats(0.01, 100.0),
        st.floats(0.01, 100.0),
        st.integers(0, 1000),
        st.booleans(),
        st.floats(0.0, 0.8),
    )
    def test_series_matches_continued_fraction(
        self, r: float, s: float, x: int, alpha_at_least_beta: bool, z: float
    ) -> None:
        """Two independent evaluations of ln 2F1(1, d; c; z) agree on the likelihood's
        arguments: d = r + x (α ≥ β) or s + 1 (α < β), and c = r + s + x + 1."""
        d = np.array([r + x if alpha_at_least_beta else s + 1.0])
        c = np.array([r + s + x + 1.0])
        series = _pareto._log_hyp2f1_series(d, c, np.array([z]))
        fraction = _pareto._log_hyp2f1_unit(d, c, np.array([z]))
        assert float(series[0]) == pytest.approx(float(fraction[0]), rel=1e-12, abs=1e-13)

    @pytest.mark.parametrize(
        "params",
        [
            (0.553, 10.578, 0.606, 11.669),  # alpha < beta
            (0.553, 30.0, 0.606, 25.0),  # alpha > beta
            (2.0, 5.0, 3.0, 5.0),  # alpha == beta
        ],
    )
    def test_gradient_matches_difference_quotients(self, params: tuple) -> None:
        """The analytic gradient equals central differences of the total log-likelihood,
        on CDNOW plus frequent, long-lived customers."""
        cdnow = load_cdnow_summary()
        x = np.concatenate([cdnow.frequency, [300.0, 800.0, 500.0]])
        t_x = np.concatenate([cdnow.recency, [2500.0, 4990.0, 100.0]])
        age = np.concatenate([cdnow.T, [3000.0, 5000.0, 4000.0]])
        theta = np.array(params)
        result = _pareto._log_likelihood_and_gradient(theta, x, t_x, age)
        assert result is not None
        values, gradient = result
        assert values == pytest.approx(_pareto._log_likelihood_parts(theta, x, t_x, age)[0])
        for k in range(4):
            step = np.zeros(4)
            step[k] = 1e-6 * theta[k]
            upper = np.sum(_pareto._log_likelihood_parts(theta + step, x, t_x, age)[0])
            lower = np.sum(_pareto._log_likelihood_parts(theta - step, x, t_x, age)[0])
            quotient = (upper - lower) / (2.0 * step[k])
            assert float(np.sum(gradient[k])) == pytest.approx(quotient, rel=1e-5, abs=1e-3)

    def test_fit_through_the_continued_fraction_agrees(
        self, cdnow_fit: ParetoNBD, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without the series (continued fraction, difference quotients) the fit is the same."""
        monkeypatch.setattr(_pareto, "_SERIES_MAX_Z", -1.0)
        cdnow = load_cdnow_summary()
        other = ParetoNBD.fit(cdnow.frequency, cdnow.recency, cdnow.T)
        assert other.log_likelihood == pytest.approx(cdnow_fit.log_likelihood, rel=1e-9)
        for name, value in cdnow_fit.parameters.items():
            assert getattr(other, name) == pytest.approx(value, rel=1e-4)


class TestPredictions:
    def test_expected_purchases_by_quadrature(self) -> None:
        """E[X(t)] = (r/α) ∫_0^t (β/(β+τ))^s dτ, integrated numerically."""
        r, alpha, s, beta = MODEL._vector
        for t in (1.0, 39.0, 500.0):
            expected = integrate.quad(lambda tau: r / alpha * (beta / (beta + tau)) ** s, 0, t)[0]
            assert MODEL.expected_purchases(t) == pytest.approx(expected, rel=1e-9)

    def test_s_equal_to_one(self) -> None:
        """At s = 1 the expectation is (rβ/α) ln(1 + t/β)."""
        model = ParetoNBD(r=0.5, alpha=10.0, s=1.0, beta=5.0)
        assert model.expected_purchases(20.0) == pytest.approx(
            0.5 * 5 / 10 * math.log(5.0), rel=1e-12
        )

    @pytest.mark.parametrize(("x", "t_x"), [(0, 0.0), (2, 30.43), (9, 12.0)])
    def test_conditional_expectation_by_quadrature(self, x: int, t_x: float) -> None:
        """E[Y(t)|…] = (r+x)/(α+T) ∫_0^t ((β+T)/(β+T+τ))^s dτ · P(alive)."""
        r, alpha, s, beta = MODEL._vector
        age = 38.86
        _, alive = likelihood_by_quadrature(MODEL, x, t_x, age)
        integral = integrate.quad(lambda tau: ((beta + age) / (beta + age + tau)) ** s, 0, 39.0)[0]
        expected = (r + x) / (alpha + age) * integral * alive
        assert MODEL.conditional_expected_purchases(39.0, x, t_x, age) == pytest.approx(
            expected, rel=1e-8
        )

    @pytest.mark.parametrize(("x", "t_x"), [(0, 0.0), (2, 30.43), (9, 12.0)])
    def test_dert_by_quadrature(self, x: int, t_x: float) -> None:
        """DERT = E[λ|…] E[1/(δ+μ)|…] P(alive), the expectation over μ's gamma by quadrature."""
        r, alpha, s, beta = MODEL._vector
        age, delta = 38.86, math.log(1.15) / 52
        _, alive = likelihood_by_quadrature(MODEL, x, t_x, age)
        inverse = integrate.quad(
            lambda m: stats.gamma.pdf(m, s, scale=1 / (beta + age)) / (delta + m),
            0,
            np.inf,
            limit=200,
        )[0]
        expected = (r + x) / (alpha + age) * inverse * alive
        value = MODEL.discounted_expected_transactions(delta, x, t_x, age)
        assert value == pytest.approx(expected, rel=1e-6)

    def test_dert_is_the_limit_of_discounted_period_sums(self) -> None:
        """DERT equals the sum of expected purchases per small interval, discounted."""
        delta = 0.01
        grid = np.linspace(0.0, 6000.0, 600_001)
        cumulative = MODEL.conditional_expected_purchases(grid, 2, 30.43, 38.86)
        middle = 0.5 * (grid[1:] + grid[:-1])
        approx = float(np.sum(np.diff(cumulative) * np.exp(-delta * middle)))
        assert MODEL.discounted_expected_transactions(delta, 2, 30.43, 38.86) == pytest.approx(
            approx, rel=1e-3
        )

    def test_simulated_mean_matches_expectation(self) -> None:
        """The mean simulated frequency at T = 39 is E[X(39)] within Monte Carlo error."""
        histories = MODEL.simulate(np.full(200_000, 39.0), seed=8)
        error = histories.frequency.std() / math.sqrt(200_000)
        assert abs(histories.frequency.mean() - MODEL.expected_purchases(39.0)) < 4 * error

    def test_discount_rate_must_be_positive(self) -> None:
        """DERT needs a positive discount rate."""
        with pytest.raises(
            OutOfRangeError, match=r"continuous_discount_rate must be > 0; got 0\.0"
        ):
            MODEL.discounted_expected_transactions(0.0, 1, 1.0, 2.0)


class TestProperties:
    @given(
        model_parameters,
        model_parameters,
        model_parameters,
        model_parameters,
        continuous_histories(),
    )
    def test_log_likelihood_finite_over_wide_ranges(
        self, r: float, alpha: float, s: float, beta: float, histories: tuple
    ) -> None:
        """The log-likelihood is finite for any parameters in [1e-3, 1e3] and histories up to
        x = 500 and T = 5000."""
        ll = ParetoNBD(r=r, alpha=alpha, s=s, beta=beta).log_likelihood_of(*histories)
        assert np.all(np.isfinite(ll))

    @given(continuous_histories())
    def test_p_alive_is_a_probability(self, histories: tuple) -> None:
        """P(alive) lies in [0, 1]."""
        alive = MODEL.p_alive(*histories)
        assert np.all((alive >= 0) & (alive <= 1))

    @given(st.floats(0.05, 5.0), st.floats(0.5, 50.0), st.floats(0.1, 5.0), st.floats(0.5, 50.0))
    def test_expected_purchases_non_decreasing(
        self, r: float, alpha: float, s: float, beta: float
    ) -> None:
        """Expected purchases never decrease as the window grows."""
        model = ParetoNBD(r=r, alpha=alpha, s=s, beta=beta)
        t = np.linspace(0.0, 200.0, 41)
        assert np.all(np.diff(model.expected_purchases(t)) >= 0)
        assert np.all(np.diff(model.conditional_expected_purchases(t, 3, 10.0, 20.0)) >= 0)
