"""Tests of the fitting core shared by the customer-base models."""

from __future__ import annotations

import math

import attrs
import numpy as np
import pytest
from scipy import special, stats

from servicemetrics import (
    InvalidInputError,
    NonFiniteError,
    OutOfRangeError,
    ShapeMismatchError,
)
from servicemetrics.models import (
    ConvergenceError,
    FittedModel,
    MaximumLikelihood,
    ParameterSummary,
    maximize_likelihood,
)
from servicemetrics.models._base import as_weights, check_frequency_recency_age, parameter


def gamma_log_likelihood(values: np.ndarray, weights: np.ndarray | None = None):
    """Total log-likelihood of a gamma(shape k, rate b) sample, natural parameters."""
    w = np.ones_like(values) if weights is None else weights

    def ll(p: np.ndarray) -> float:
        k, b = p
        return float(np.sum(w * stats.gamma.logpdf(values, k, scale=1.0 / b)))

    def grad(p: np.ndarray) -> np.ndarray:
        k, b = p
        n = w.sum()
        return np.array(
            [
                n * np.log(b) - n * special.digamma(k) + np.sum(w * np.log(values)),
                n * k / b - np.sum(w * values),
            ]
        )

    return ll, grad


@pytest.fixture(scope="module")
def gamma_sample() -> np.ndarray:
    return np.random.default_rng(7).gamma(2.5, 1 / 1.5, size=400)


class TestMaximizeLikelihood:
    def test_exponential_rate_and_standard_error(self) -> None:
        """The exponential MLE is 1/mean, with standard error rate/sqrt(n)."""
        waits = np.array([0.5, 1.0, 2.0, 4.5])
        fit = maximize_likelihood(
            lambda p: waits.size * math.log(p[0]) - p[0] * waits.sum(),
            [3.0],
            ["rate"],
            n_observations=4,
        )
        assert fit.estimates[0] == pytest.approx(0.5, rel=1e-7)
        assert fit.standard_errors[0] == pytest.approx(0.5 / 2.0, rel=1e-4)
        assert fit.log_likelihood == pytest.approx(4 * math.log(0.5) - 4.0, rel=1e-12)

    @pytest.mark.parametrize("analytic", [True, False])
    def test_gamma_matches_scipy_and_fisher_information(
        self, gamma_sample: np.ndarray, analytic: bool
    ) -> None:
        """Gamma estimates match scipy.stats.gamma.fit; SEs match the inverse information."""
        ll, grad = gamma_log_likelihood(gamma_sample)
        fit = maximize_likelihood(
            ll, [1.0, 1.0], ["k", "b"], gradient=grad if analytic else None, n_observations=400
        )
        shape, _, scale = stats.gamma.fit(gamma_sample, floc=0)
        assert fit.estimates == pytest.approx([shape, 1 / scale], rel=1e-5)
        k, b = fit.estimates
        n = gamma_sample.size
        information = np.array([[n * special.polygamma(1, k), -n / b], [-n / b, n * k / b**2]])
        expected = np.sqrt(np.diag(np.linalg.inv(information)))
        assert fit.standard_errors == pytest.approx(expected, rel=1e-4)
        assert fit.covariance[0, 1] == pytest.approx(np.linalg.inv(information)[0, 1], rel=1e-3)

    def test_weights_equal_repeated_rows(self) -> None:
        """A weighted fit on unique rows equals the fit on the repeated rows."""
        unique = np.array([0.4, 1.1, 2.3, 5.0])
        counts = np.array([3.0, 1.0, 4.0, 2.0])
        ll_w, grad_w = gamma_log_likelihood(unique, counts)
        ll_r, grad_r = gamma_log_likelihood(np.repeat(unique, counts.astype(int)))
        a = maximize_likelihood(ll_w, [1, 1], ["k", "b"], gradient=grad_w, n_observations=10)
        b = maximize_likelihood(ll_r, [1, 1], ["k", "b"], gradient=grad_r, n_observations=10)
        assert a.estimates == pytest.approx(b.estimates, rel=1e-6)
        assert a.standard_errors == pytest.approx(b.standard_errors, rel=1e-4)

    def test_penalty_shrinks_and_is_not_in_log_likelihood(self, gamma_sample: np.ndarray) -> None:
        """An L2 penalty pulls estimates towards 0; the reported LL is the unpenalised one."""
        ll, grad = gamma_log_likelihood(gamma_sample)
        plain = maximize_likelihood(ll, [1, 1], ["k", "b"], gradient=grad, n_observations=400)
        shrunk = maximize_likelihood(
            ll, [1, 1], ["k", "b"], gradient=grad, penalty=50.0, n_observations=400
        )
        assert np.all(shrunk.estimates < plain.estimates)
        assert shrunk.log_likelihood == pytest.approx(ll(shrunk.estimates), rel=1e-12)
        assert shrunk.log_likelihood < plain.log_likelihood
        # The penalised optimum satisfies d(LL)/dθ = 2 λ θ.
        assert grad(shrunk.estimates) == pytest.approx(100.0 * shrunk.estimates, rel=1e-4)

    def test_information_criteria(self) -> None:
        """AIC = 2k - 2LL and BIC = k ln n - 2LL."""
        fit = MaximumLikelihood(
            names=("a", "b"),
            estimates=[1.0, 2.0],
            standard_errors=[0.1, 0.2],
            covariance=np.diag([0.01, 0.04]),
            log_likelihood=-100.0,
            n_observations=50,
            iterations=3,
            message="ok",
        )
        assert fit.aic == 204.0
        assert fit.bic == pytest.approx(2 * math.log(50) + 200.0)

    def test_runaway_parameter_raises(self) -> None:
        """A likelihood increasing without bound raises instead of returning a bound."""
        with pytest.raises(ConvergenceError, match="parameter x runs away towards infinity"):
            maximize_likelihood(lambda p: math.log(p[0]), [1.0], ["x"], n_observations=1)

    def test_plateau_towards_infinity_raises(self) -> None:
        """A likelihood flattening out towards infinity is no maximum, even if the gradient
        vanishes before the bound: the standard error dwarfs the estimate."""
        with pytest.raises(ConvergenceError, match="parameter rate is not identified"):
            maximize_likelihood(
                lambda p: -math.exp(-p[0]) - (p[1] - 2.0) ** 2,
                [1.0, 1.0],
                ["rate", "k"],
                n_observations=1,
            )

    def test_non_finite_start_raises(self) -> None:
        """A log-likelihood that is not finite at the start is reported."""
        with pytest.raises(ConvergenceError, match="not finite at the initial values"):
            maximize_likelihood(lambda p: float("nan"), [1.0], ["x"], n_observations=1)

    def test_optimiser_failure_includes_its_message(self) -> None:
        """When no optimiser converges the error quotes the optimiser's own message."""
        with pytest.raises(ConvergenceError, match="optimiser says: "):
            maximize_likelihood(
                lambda p: -((p[0] - 2.0) ** 2) - (p[1] - 3.0) ** 2,
                [1.0, 1.0],
                ["x", "y"],
                n_observations=1,
                max_iterations=1,
            )

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"initial": [1.0, 2.0]}, "initial must have one value per name"),
            ({"initial": [-1.0]}, r"initial must be finite and > 0; got \[-1.\]"),
            ({"penalty": -1.0}, "penalty must be >= 0; got -1.0"),
            ({"n_observations": 0.0}, "n_observations must be > 0; got 0.0"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict, message: str) -> None:
        """Bad starting values, penalties and counts are rejected with their value."""
        arguments = {"initial": [1.0], "n_observations": 1.0, **kwargs}
        with pytest.raises(InvalidInputError, match=message):
            maximize_likelihood(lambda p: -p[0], names=["x"], **arguments)


@attrs.frozen(repr=False)
class Exponential(FittedModel):
    """A one-parameter model for testing the base class."""

    parameter_names = ("rate",)
    rate: float = parameter()


@attrs.frozen(repr=False)
class TwoParameters(FittedModel):
    """A two-parameter model for testing the base class."""

    parameter_names = ("shape", "rate")
    shape: float = parameter()
    rate: float = parameter()


class TestFittedModel:
    def _fitted(self) -> TwoParameters:
        fit = MaximumLikelihood(
            names=("shape", "rate"),
            estimates=[2.0, 0.5],
            standard_errors=[0.2, 0.1],
            covariance=np.diag([0.04, 0.01]),
            log_likelihood=-120.5,
            n_observations=100,
            iterations=4,
            message="ok",
        )
        return TwoParameters._from_fit(fit)

    def test_built_from_parameters_alone(self) -> None:
        """A model needs only its parameters; fit metadata default to None."""
        model = Exponential(0.5)
        assert model.rate == 0.5
        assert model.log_likelihood is None
        assert model.standard_errors is None
        assert model.aic is None
        assert model.bic is None
        assert model.parameters == {"rate": 0.5}

    def test_from_fit_carries_metadata(self) -> None:
        """A fitted model keeps its log-likelihood, errors and criteria."""
        model = self._fitted()
        assert model.parameters == {"shape": 2.0, "rate": 0.5}
        assert model.log_likelihood == -120.5
        assert model.aic == pytest.approx(4 + 241.0)
        assert model.bic == pytest.approx(2 * math.log(100) + 241.0)
        assert model.standard_errors is not None
        assert model.standard_errors.tolist() == [0.2, 0.1]

    def test_frozen_and_equal_by_value(self) -> None:
        """Models are immutable values compared by their fields."""
        model = self._fitted()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            model.shape = 3.0  # type: ignore[misc]
        assert model == self._fitted()
        assert model != TwoParameters(2.0, 0.5)

    def test_summary_table(self) -> None:
        """The summary lists estimates, errors and log-scale 95% intervals."""
        summary = self._fitted().summary()
        assert isinstance(summary, ParameterSummary)
        assert summary.names == ("shape", "rate")
        z = stats.norm.ppf(0.975)
        assert summary.lower[0] == pytest.approx(2.0 * math.exp(-z * 0.2 / 2.0))
        assert summary.upper[1] == pytest.approx(0.5 * math.exp(z * 0.1 / 0.5))
        text = str(summary)
        assert "shape" in text
        assert "log-likelihood: -120.5" in text
        assert "<table" in summary._repr_html_()
        assert "95% interval" in self._fitted()._repr_html_()

    def test_summary_without_errors(self) -> None:
        """A model built from parameters summarises with NaN errors."""
        summary = Exponential(0.5).summary()
        assert np.isnan(summary.standard_errors).all()
        # Unknown errors and intervals show as dashes, not "nan".
        assert "nan" not in str(summary)
        assert "nan" not in summary._repr_html_()
        assert str(summary).splitlines()[2].split() == ["rate", "0.5000", "—"]
        assert "<td>—</td><td>—</td>" in summary._repr_html_()

    def test_to_dict(self) -> None:
        """to_dict gives plain values, including the metadata."""
        d = self._fitted().to_dict()
        assert d["shape"] == 2.0
        assert d["standard_errors"] == [0.2, 0.1]
        assert d["log_likelihood"] == -120.5

    def test_parameters_must_be_positive(self) -> None:
        """A non-positive parameter is rejected, naming it."""
        with pytest.raises(OutOfRangeError, match=r"rate must be finite and > 0; got -1\.0"):
            Exponential(-1.0)

    def test_bad_confidence_level(self) -> None:
        """The summary's confidence level must lie in (0, 1)."""
        with pytest.raises(OutOfRangeError, match="confidence_level must be in"):
            Exponential(0.5).summary(1.5)


class TestHistoryChecks:
    def test_valid_histories_pass(self) -> None:
        """Valid (frequency, recency, T) vectors come back as float arrays."""
        x, t_x, age = check_frequency_recency_age([0, 2], [0.0, 3.5], [10, 10])
        assert x.tolist() == [0.0, 2.0]
        assert t_x.tolist() == [0.0, 3.5]
        assert age.tolist() == [10.0, 10.0]

    @pytest.mark.parametrize(
        ("args", "error", "message"),
        [
            (
                ([1, 2], [5.0, 11.0], [10, 10]),
                OutOfRangeError,
                "recency must be <= T; got 11.0 at index 1",
            ),
            (([-1], [0.0], [10]), OutOfRangeError, "frequency must be >= 0; got -1.0 at index 0"),
            (([1.5], [1.0], [10]), InvalidInputError, "frequency must be a whole number"),
            (
                ([0, 0], [0.0, 2.0], [10, 10]),
                InvalidInputError,
                "recency must be 0 when frequency is 0; got 2.0 at index 1",
            ),
            (([], [], []), InvalidInputError, "frequency must not be empty"),
            (
                ([1, 2], [1.0], [10, 10]),
                ShapeMismatchError,
                r"recency must have one value per customer \(2\)",
            ),
            (([1], [1.0], [0.0]), OutOfRangeError, "T must be > 0"),
        ],
    )
    def test_errors(self, args: tuple, error: type, message: str) -> None:
        """Each broken rule names its parameter and value."""
        with pytest.raises(error, match=message):
            check_frequency_recency_age(*args)

    @pytest.mark.parametrize(
        ("args", "error", "message"),
        [
            (([1, 2], [5.0, 11.0], 10), OutOfRangeError, "recency must be <= T; got 11.0"),
            (([2.0, -1.0], [1.0, 0.0], 10), OutOfRangeError, "frequency must be >= 0; got -1.0"),
            (([2.0, 1.5], [1.0, 1.0], 10), InvalidInputError, "frequency must be a whole number"),
            (([2.0, 0.0], [1.0, 2.0], 10), InvalidInputError, "recency must be 0 when frequency"),
            (([2.0, np.nan], [1.0, 0.0], 10), NonFiniteError, "frequency must be finite; got nan"),
            (([2.0, np.inf], [1.0, 0.0], 10), NonFiniteError, "frequency must be finite; got inf"),
            ((2, [1.0, np.inf], [10.0, np.inf]), NonFiniteError, "recency must be finite"),
            ((2, 1.0, [10.0, 0.0]), OutOfRangeError, "T must be > 0; got 0.0 at index 1"),
            ((2, [-1.0, 1.0], 10), OutOfRangeError, "recency must be >= 0; got -1.0"),
            (
                ([1, 2], [1.0, 2.0, 3.0], 10),
                ShapeMismatchError,
                "must have broadcast-compatible shapes",
            ),
            (("2", 1.0, 10.0), InvalidInputError, "frequency must be numeric"),
        ],
    )
    def test_broadcast_errors(self, args: tuple, error: type, message: str) -> None:
        """Predictions check every rule too, whatever the path taken, and name the value."""
        with pytest.raises(error, match=message):
            check_frequency_recency_age(*args, broadcast=True)

    def test_broadcast_mode(self) -> None:
        """For predictions the arrays broadcast against each other."""
        x, t_x, age = check_frequency_recency_age(2, [3.0, 4.0], 10, broadcast=True)
        assert x.shape == t_x.shape == age.shape == (2,)

    def test_weights(self) -> None:
        """Weights default to ones and must be one non-negative value per row."""
        assert as_weights(None, 3).tolist() == [1.0, 1.0, 1.0]
        with pytest.raises(ShapeMismatchError, match="weights must have one value per customer"):
            as_weights([1.0, 2.0], 3)
        with pytest.raises(OutOfRangeError, match="weights must be >= 0"):
            as_weights([1.0, -2.0], 2)
        with pytest.raises(InvalidInputError, match="weights must have a positive total"):
            as_weights([0.0, 0.0], 2)
