"""Tests of servicemetrics.models.customer_lifetime_value."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemetrics import InvalidInputError
from servicemetrics.models import (
    BetaGeo,
    GammaGamma,
    ModifiedBetaGeo,
    ParetoNBD,
    customer_lifetime_value,
)
from tests.strategies import continuous_histories

SPEND = GammaGamma(p=6.25, q=3.74, gamma=15.44)
BGNBD = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
PNBD = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)


def brute_force_clv(
    model, x: float, t_x: float, age: float, mean: float, rate: float, periods: int, length: float
) -> float:
    """Sum the discounted purchases of each period one at a time with the public methods."""
    total = 0.0
    for k in range(1, periods + 1):
        bought = model.conditional_expected_purchases(
            k * length, x, t_x, age
        ) - model.conditional_expected_purchases((k - 1) * length, x, t_x, age)
        total += bought / (1 + rate) ** k
    return total * SPEND.expected_spend(x, mean)


class TestCustomerLifetimeValue:
    @pytest.mark.parametrize(
        "model",
        [BGNBD, PNBD, ModifiedBetaGeo(r=0.5, alpha=5.0, a=0.8, b=3.0)],
        ids=["BG/NBD", "Pareto/NBD", "MBG/NBD"],
    )
    def test_period_sum_matches_brute_force(self, model) -> None:
        """The vectorised period sum equals the period-by-period loop."""
        x = np.array([0.0, 2.0, 7.0])
        t_x = np.array([0.0, 30.43, 35.0])
        mean = np.array([0.0, 22.35, 41.0])
        values = customer_lifetime_value(
            model, SPEND, x, t_x, 38.86, mean, discount_rate=0.01, horizon=12, period=4.0
        )
        for k in range(3):
            expected = brute_force_clv(model, x[k], t_x[k], 38.86, mean[k], 0.01, 12, 4.0)
            assert values[k] == pytest.approx(expected, rel=1e-10)

    def test_infinite_horizon_uses_dert(self) -> None:
        """Pareto/NBD with no horizon is spend × DERT at δ = ln(1 + d) / period."""
        value = customer_lifetime_value(
            PNBD, SPEND, 2, 30.43, 38.86, 22.35, discount_rate=0.15, period=52.0
        )
        dert = PNBD.discounted_expected_transactions(math.log(1.15) / 52, 2, 30.43, 38.86)
        assert value == pytest.approx(dert * SPEND.expected_spend(2, 22.35), rel=1e-12)

    def test_long_period_sum_approaches_dert(self) -> None:
        """Weekly sums over 60 years approach the continuous-discounting closed form."""
        finite = customer_lifetime_value(
            PNBD, SPEND, 2, 30.43, 38.86, 22.35, discount_rate=0.002, horizon=3120
        )
        closed = customer_lifetime_value(PNBD, SPEND, 2, 30.43, 38.86, 22.35, discount_rate=0.002)
        # Discounting each week's purchases at the week's end instead of continuously costs
        # about half a week of interest, 0.1%; the tail beyond 60 years is smaller still.
        assert finite == pytest.approx(closed, rel=3e-3)
        assert finite < closed

    def test_margin_scales_linearly(self) -> None:
        """A margin of 30% gives 30% of the revenue value."""
        revenue = customer_lifetime_value(
            BGNBD, SPEND, 2, 30.43, 38.86, 22.35, discount_rate=0.01, horizon=10
        )
        profit = customer_lifetime_value(
            BGNBD, SPEND, 2, 30.43, 38.86, 22.35, discount_rate=0.01, horizon=10, margin=0.3
        )
        assert profit == pytest.approx(0.3 * revenue, rel=1e-12)

    def test_bgnbd_needs_a_horizon(self) -> None:
        """Without a closed-form DERT the BG/NBD value needs a horizon."""
        with pytest.raises(InvalidInputError, match="horizon must be given for a BetaGeo model"):
            customer_lifetime_value(BGNBD, SPEND, 2, 30.43, 38.86, 22.35, discount_rate=0.01)

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"discount_rate": 0.0}, "discount_rate must be > 0 for an infinite horizon; got 0.0"),
            (
                {"discount_rate": 0.1, "horizon": 0},
                "horizon must be a whole number >= 1 or None; got 0",
            ),
            (
                {"discount_rate": 0.1, "period": -1.0},
                "period must be a finite number > 0; got -1.0",
            ),
            ({"discount_rate": 0.1, "margin": 1.5}, r"margin must be in \[0, 1\]; got 1.5"),
        ],
    )
    def test_bad_options(self, kwargs: dict, message: str) -> None:
        """Each bad option names itself and its value."""
        with pytest.raises(InvalidInputError, match=message):
            customer_lifetime_value(PNBD, SPEND, 2, 30.43, 38.86, 22.35, **kwargs)

    def test_models_must_have_the_right_roles(self) -> None:
        """The purchase and spend models cannot be swapped."""
        with pytest.raises(
            InvalidInputError,
            match="purchase_model must be a BetaGeo, ModifiedBetaGeo or ParetoNBD model; got 'GammaGamma'",
        ):
            customer_lifetime_value(SPEND, SPEND, 2, 30.43, 38.86, 22.35, discount_rate=0.1)  # type: ignore[arg-type]
        with pytest.raises(
            InvalidInputError, match="spend_model must be a GammaGamma model; got 'BetaGeo'"
        ):
            customer_lifetime_value(PNBD, BGNBD, 2, 30.43, 38.86, 22.35, discount_rate=0.1)  # type: ignore[arg-type]

    @given(
        continuous_histories(max_frequency=200, max_age=500.0),
        st.floats(0.0, 0.05),
        st.floats(1.0, 2.0),
    )
    def test_non_negative_and_increasing_in_spend(
        self, histories: tuple, rate: float, factor: float
    ) -> None:
        """CLV is >= 0 and does not fall when the customers' past spend rises."""
        x, t_x, age = histories
        spend = np.where(x > 0, 20.0, 0.0)
        for model in (BGNBD, PNBD):
            low = customer_lifetime_value(
                model, SPEND, x, t_x, age, spend, discount_rate=rate, horizon=8, period=4.0
            )
            high = customer_lifetime_value(
                model,
                SPEND,
                x,
                t_x,
                age,
                spend * factor,
                discount_rate=rate,
                horizon=8,
                period=4.0,
            )
            assert np.all(low >= 0)
            assert np.all(high >= low)
