"""The distribution of a new customer's purchases under the Pareto/NBD and MBG/NBD models."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate, special, stats

from servicemetrics import InvalidInputError, OutOfRangeError
from servicemetrics.models import ModifiedBetaGeo, ParetoNBD
from tests.strategies import model_parameters

PARETO = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)  # CDNOW, FHL (2005)
MBG = ModifiedBetaGeo(r=0.5, alpha=5.0, a=0.8, b=3.0)

# Parameter sets spanning small and large shapes and rates, with windows short and long.
PARETO_CASES = [
    (0.553, 10.578, 0.606, 11.669, 39.0),
    (0.553, 10.578, 0.606, 11.669, 1000.0),
    (2.27, 0.645, 0.06, 0.112, 100.0),
    (17.9, 34.0, 0.35, 86.9, 400.0),
    (0.08, 0.55, 0.70, 1.52, 50.0),
    (5.0, 1.0, 3.0, 0.5, 10.0),
]


def _pareto_by_adaptive_quadrature(model: ParetoNBD, n: int, t: float) -> float:
    """P(X(t)=n) from the dropout-time mixture, integrated adaptively on the time axis."""

    def nbd(tau: float) -> float:
        return float(stats.nbinom.pmf(n, model.r, model.alpha / (model.alpha + tau)))

    def integrand(tau: float) -> float:
        return model.s * model.beta**model.s / (model.beta + tau) ** (model.s + 1) * nbd(tau)

    peak = min(t, model.alpha * n / model.r) if n else t / 2
    leaving, _ = integrate.quad(integrand, 0.0, t, points=[peak], epsabs=1e-14, limit=400)
    return (model.beta / (model.beta + t)) ** model.s * nbd(t) + leaving


class TestParetoNBD:
    @pytest.mark.parametrize("n", [0, 1, 2, 5, 12])
    def test_agrees_with_adaptive_quadrature(self, n: int) -> None:
        expected = _pareto_by_adaptive_quadrature(PARETO, n, 39.0)
        assert PARETO.probability_of_purchases(n, 39.0) == pytest.approx(expected, rel=1e-9)

    @pytest.mark.parametrize(("r", "alpha", "s", "beta", "t"), PARETO_CASES)
    def test_sums_to_one_with_the_model_mean(
        self, r: float, alpha: float, s: float, beta: float, t: float
    ) -> None:
        model = ParetoNBD(r=r, alpha=alpha, s=s, beta=beta)
        n = np.arange(4000)
        probabilities = model.probability_of_purchases(n, t)
        assert probabilities.sum() == pytest.approx(1.0, abs=1e-9)
        assert float(n @ probabilities) == pytest.approx(model.expected_purchases(t), rel=1e-8)

    def test_agrees_with_simulation(self) -> None:
        histories = PARETO.simulate(np.full(200_000, 39.0), seed=7)
        for n in range(4):
            share = float(np.mean(histories.frequency == n))
            p = PARETO.probability_of_purchases(n, 39.0)
            assert share == pytest.approx(p, abs=4.5 * np.sqrt(p * (1 - p) / 200_000))

    def test_empty_window_means_no_purchase(self) -> None:
        assert PARETO.probability_of_purchases([0, 1, 3], 0.0).tolist() == [1.0, 0.0, 0.0]

    def test_broadcasts(self) -> None:
        grid = PARETO.probability_of_purchases(np.arange(3)[:, None], np.array([10.0, 39.0]))
        assert grid.shape == (3, 2)
        assert grid[1, 1] == pytest.approx(PARETO.probability_of_purchases(1, 39.0))


class TestModifiedBetaGeo:
    @pytest.mark.parametrize("n", [0, 1, 4])
    def test_by_direct_integration_over_the_dropout_probability(self, n: int) -> None:
        """Integrating the individual-level probabilities over p ~ Beta(a, b) agrees."""
        nbd = stats.nbinom.pmf(n, MBG.r, MBG.alpha / (MBG.alpha + 39.0))
        at_least = stats.nbinom.sf(n - 1, MBG.r, MBG.alpha / (MBG.alpha + 39.0))

        def given_p(p: float) -> float:
            density = stats.beta.pdf(p, MBG.a, MBG.b)
            return float(density * ((1 - p) ** (n + 1) * nbd + p * (1 - p) ** n * at_least))

        expected, _ = integrate.quad(given_p, 0.0, 1.0, epsabs=1e-13)
        assert MBG.probability_of_purchases(n, 39.0) == pytest.approx(expected, rel=1e-8)

    def test_sums_to_one_with_the_model_mean(self) -> None:
        n = np.arange(5000)
        probabilities = MBG.probability_of_purchases(n, 39.0)
        assert probabilities.sum() == pytest.approx(1.0, abs=1e-10)
        assert float(n @ probabilities) == pytest.approx(MBG.expected_purchases(39.0), rel=1e-8)

    def test_agrees_with_simulation(self) -> None:
        histories = MBG.simulate(np.full(200_000, 39.0), seed=11)
        for n in range(4):
            share = float(np.mean(histories.frequency == n))
            p = MBG.probability_of_purchases(n, 39.0)
            assert share == pytest.approx(p, abs=4.5 * np.sqrt(p * (1 - p) / 200_000))

    def test_no_purchase_includes_leaving_at_once(self) -> None:
        """P(X(0)=0) is 1, and P(X(t)=0) >= a/(a+b), the share who leave right away."""
        assert MBG.probability_of_purchases(0, 0.0) == 1.0
        assert MBG.probability_of_purchases(0, 1e6) >= MBG.a / (MBG.a + MBG.b)
        assert MBG.probability_of_purchases(0, 1e9) == pytest.approx(
            np.exp(special.betaln(MBG.a + 1, MBG.b) - special.betaln(MBG.a, MBG.b)), rel=1e-3
        )


class TestProperties:
    @given(
        st.sampled_from([ParetoNBD, ModifiedBetaGeo]),
        model_parameters,
        model_parameters,
        model_parameters,
        model_parameters,
        st.floats(0.0, 1e4),
    )
    def test_probabilities_in_unit_interval_and_no_purchase_fades(
        self,
        kind: type[ParetoNBD] | type[ModifiedBetaGeo],
        p1: float,
        p2: float,
        p3: float,
        p4: float,
        t: float,
    ) -> None:
        """Every probability is in [0, 1]; P(no purchase) does not rise as the window grows."""
        model = kind(p1, p2, p3, p4)
        probabilities = model.probability_of_purchases(np.arange(30), t)
        assert np.all((probabilities >= 0.0) & (probabilities <= 1.0 + 1e-12))
        assert probabilities.sum() <= 1.0 + 1e-9
        longer = model.probability_of_purchases(0, 2.0 * t + 1.0)
        assert longer <= probabilities[0] + 1e-9


@pytest.mark.parametrize("model", [PARETO, MBG], ids=["pareto_nbd", "mbg_nbd"])
class TestErrors:
    def test_negative_count(self, model: ParetoNBD | ModifiedBetaGeo) -> None:
        with pytest.raises(OutOfRangeError, match=r"n must be .*; got -1"):
            model.probability_of_purchases(-1, 10.0)

    def test_fractional_count(self, model: ParetoNBD | ModifiedBetaGeo) -> None:
        with pytest.raises(InvalidInputError, match=r"n must be a whole number.*1.5"):
            model.probability_of_purchases(1.5, 10.0)

    def test_negative_window(self, model: ParetoNBD | ModifiedBetaGeo) -> None:
        with pytest.raises(OutOfRangeError, match=r"t must be .*; got -2"):
            model.probability_of_purchases(1, -2.0)
