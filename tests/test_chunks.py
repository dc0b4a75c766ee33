"""Predictions evaluated in blocks of customers, and fits on compressed histories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemetrics.models import (
    BetaGeo,
    BetaGeoBetaBinom,
    GammaGamma,
    ParetoNBD,
    _beta_geo,
    _chunks,
    _pareto_nbd,
    customer_lifetime_value,
)
from servicemetrics.models._chunks import in_blocks

from .strategies import discrete_histories

BG = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
PARETO = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
BGBB = BetaGeoBetaBinom(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
SPEND = GammaGamma(p=6.25, q=3.74, gamma=15.44)


def both_ways(
    monkeypatch: pytest.MonkeyPatch, call: Callable[[], Any], tiny: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """The result of ``call`` in one block, and again with blocks of a few elements."""
    whole = np.asarray(call())
    monkeypatch.setattr(_chunks, "BLOCK_BYTES", tiny)
    blocked = np.asarray(call())
    monkeypatch.undo()
    return whole, blocked


def continuous_base(size: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Histories drawn from the BG/NBD with whole-day recency and age, in weeks."""
    rng = np.random.default_rng(seed)
    age = rng.integers(7, 365, size) / 7.0
    drawn = BG.simulate(age, seed=rng)
    return drawn.frequency, np.floor(drawn.recency * 7.0) / 7.0, age


class TestInBlocks:
    def test_blocks_respect_the_budget_and_cover_every_element(self) -> None:
        sizes: list[int] = []

        def formula(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            sizes.append(a.size)
            return a * 10.0 + b

        a = np.arange(12.0).reshape(3, 4)
        result = in_blocks(formula, (a, np.array(0.5)), bytes_per_element=8.0, block_bytes=40.0)
        # 40 bytes at 8 bytes per element: blocks of 5, 5 and the remaining 2.
        assert sizes == [5, 5, 2]
        np.testing.assert_array_equal(result, a * 10.0 + 0.5)
        assert result.shape == (3, 4)

    def test_one_block_passes_the_arrays_unchanged(self) -> None:
        seen: list[tuple[int, ...]] = []

        def formula(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            seen.append(b.shape)
            return a + b

        result = in_blocks(formula, (np.ones(3), np.array(2.0)), bytes_per_element=8.0)
        assert seen == [()]
        np.testing.assert_array_equal(result, [3.0, 3.0, 3.0])

    @given(
        st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=40),
        st.integers(1, 50),
    )
    def test_blocked_equals_whole_for_any_budget(self, values: list[float], budget: int) -> None:
        a = np.array(values)
        whole = np.exp(a / 100.0) - a
        blocked = in_blocks(
            lambda v: np.exp(v / 100.0) - v, (a,), bytes_per_element=1.0, block_bytes=budget
        )
        np.testing.assert_array_equal(blocked, whole)


class TestBlockedPredictionsAreIdentical:
    def test_pareto_nbd_probability_of_purchases(self, monkeypatch: pytest.MonkeyPatch) -> None:
        n = np.arange(6.0)[:, None]
        t = np.array([0.0, 1.0, 13.0, 39.0, 78.0])
        whole, blocked = both_ways(monkeypatch, lambda: PARETO.probability_of_purchases(n, t))
        assert whole.shape == (6, 5)
        np.testing.assert_array_equal(blocked, whole)
        # Hand check: P(X(t) = 0) at t = 0 is 1, and the probabilities for n < 6 stay <= 1.
        assert whole[0, 0] == 1.0
        assert np.all(whole[:, 3].sum() <= 1.0)

    def test_pareto_nbd_blocks_bound_the_quadrature_rows(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With a budget of ten pairs' nodes, no evaluation sees more than ten pairs."""
        seen: list[int] = []
        original = _pareto_nbd.pareto_nbd_count_pmf

        def spy(count: np.ndarray, *args: Any) -> np.ndarray:
            seen.append(count.size)
            return original(count, *args)

        monkeypatch.setattr(_pareto_nbd, "pareto_nbd_count_pmf", spy)
        monkeypatch.setattr(_chunks, "BLOCK_BYTES", 10 * _pareto_nbd._PMF_BYTES_PER_PAIR)
        PARETO.probability_of_purchases(np.arange(25.0) % 4, 39.0)
        assert seen == [10, 10, 5]

    def test_bgbb_predictions(self, monkeypatch: pytest.MonkeyPatch) -> None:
        x = np.array([0.0, 1.0, 3.0, 6.0, 2.0, 4.0, 5.0])
        t_x = np.array([0.0, 1.0, 4.0, 6.0, 2.0, 6.0, 5.0])
        n = np.array([6.0, 6.0, 6.0, 6.0, 3.0, 9.0, 11.0])
        calls: list[Callable[[], Any]] = [
            lambda: BGBB.p_alive(x, t_x, n),
            lambda: BGBB.conditional_expected_purchases(np.array([[1.0], [5.0]]), x, t_x, n),
            lambda: BGBB.discounted_expected_residual_transactions(0.1, x, t_x, n),
            lambda: BGBB.log_likelihood_of(x, t_x, n),
            lambda: BGBB.probability_of_purchases(np.arange(8.0)[:, None], n),
        ]
        for call in calls:
            whole, blocked = both_ways(monkeypatch, call)
            np.testing.assert_array_equal(blocked, whole)
        # Published figure (Fader, Hardie & Shang 2010 data; see the class example).
        assert BGBB.p_alive(3, 4, 6) == pytest.approx(0.4395, abs=5e-5)

    @given(discrete_histories(max_periods=15, max_size=12))
    def test_bgbb_p_alive_any_histories(
        self, histories: tuple[np.ndarray, np.ndarray, np.ndarray]
    ) -> None:
        x, t_x, n = histories
        whole = BGBB.p_alive(x, t_x, n)
        blocked = in_blocks(
            lambda *a: np.asarray(BGBB.p_alive(*a)),
            (x, t_x, n),
            bytes_per_element=1.0,
            block_bytes=3,
        )
        np.testing.assert_array_equal(blocked, whole)

    @pytest.mark.parametrize("model", [BG, PARETO], ids=["BG/NBD", "Pareto/NBD"])
    def test_clv_over_a_horizon(self, monkeypatch: pytest.MonkeyPatch, model: Any) -> None:
        x, t_x, age = continuous_base(300, seed=3)
        value = np.where(x > 0, 20.0 + x, 0.0)
        whole, blocked = both_ways(
            monkeypatch,
            lambda: customer_lifetime_value(
                model, SPEND, x, t_x, age, value, discount_rate=0.01, horizon=12, period=4.0
            ),
            tiny=7 * 16 * 8,  # seven customers per block
        )
        np.testing.assert_array_equal(blocked, whole)
        assert np.all(whole >= 0)


class TestFitsOnCompressedHistories:
    """Fitting cost depends on the distinct histories, not on the number of customers."""

    @staticmethod
    def compress(
        x: np.ndarray, t_x: np.ndarray, age: np.ndarray
    ) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
        rows, counts = np.unique(np.column_stack([x, t_x, age]), axis=0, return_counts=True)
        return tuple(rows.T.copy()), counts.astype(float)

    @pytest.mark.parametrize(
        ("model", "module", "names"),
        [
            (BetaGeo, _beta_geo, ["_log_likelihood_terms"]),
            (
                ParetoNBD,
                _pareto_nbd,
                ["_log_likelihood_and_gradient", "_log_likelihood_parts"],
            ),
        ],
        ids=["BG/NBD", "Pareto/NBD"],
    )
    def test_same_estimates_and_likelihood_on_distinct_rows_only(
        self, monkeypatch: pytest.MonkeyPatch, model: Any, module: Any, names: list[str]
    ) -> None:
        x, t_x, age = continuous_base(100_000, seed=11)
        (cx, ctx, cage), counts = self.compress(x, t_x, age)
        distinct = cx.size
        assert distinct < 40_000  # whole days over a year: far fewer histories than customers

        sizes: list[int] = []
        for name in names:
            original = getattr(module, name)

            def spy(params: Any, x: np.ndarray, *rest: Any, _original: Any = original) -> Any:
                sizes.append(np.size(x))
                return _original(params, x, *rest)

            monkeypatch.setattr(module, name, spy)

        full = model.fit(x, t_x, age)
        full_sizes = set(sizes)
        sizes.clear()
        compressed = model.fit(cx, ctx, cage, weights=counts)
        # The likelihood only ever sees one row per distinct history, both times.
        assert full_sizes == set(sizes) == {distinct}
        assert full.parameters == compressed.parameters
        assert full.log_likelihood == compressed.log_likelihood
        assert full.n_observations == compressed.n_observations == 100_000
