"""Customer-base models: servicemetrics against lifetimes, in the same run.

Fits BG/NBD, Pareto/NBD and gamma-gamma on the CDNOW sample and on a synthetic base of 10^6
customers (10^4 with ``--quick``), predicts for every customer of the synthetic base
(P(alive), conditional expected purchases, expected spend, CLV), and times the fit on
compressed histories and the predictions evaluated in blocks. ``lifetimes`` 0.11.3 is the peer
(install it in the benchmark environment; without it those cases report it as not installed).

Agreement: both libraries' estimates are scored with servicemetrics's log-likelihood and the
relative difference of the two totals is reported; predictions are compared customer by
customer. servicemetrics fits on the distinct histories (it merges identical rows itself; its
times include that step). Synthetic recency and T are whole days expressed in weeks, as a
daily transaction log gives them.

Usage::

    python benchmarks/bench_models.py            # 10^6 synthetic customers
    python benchmarks/bench_models.py --quick    # 10^4
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from _harness import Benchmark, installed, relative_difference, size_label

from servicemetrics.datasets import load_cdnow_summary
from servicemetrics.models import (
    BetaGeo,
    BetaGeoBetaBinom,
    GammaGamma,
    ParetoNBD,
    _chunks,
    customer_lifetime_value,
)

LIFETIMES = "lifetimes"
BG = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
PARETO = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
SPEND = GammaGamma(p=6.25, q=3.74, gamma=15.44)
BGBB = BetaGeoBetaBinom(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)


def synthetic_base(size: int, seed: int) -> dict[str, np.ndarray]:
    """Histories drawn from the CDNOW estimates, observed for 1 to 52 weeks, in whole days."""
    rng = np.random.default_rng(seed)
    age = rng.integers(7, 365, size=size) / 7.0
    bg = BG.simulate(age, seed=rng)
    pn = PARETO.simulate(age, seed=rng)
    day = 1.0 / 7.0
    value = np.round(SPEND.simulate(bg.frequency, seed=rng), 2)
    value = np.where(bg.frequency > 0, np.maximum(value, 0.01), 0.0)
    return {
        "T": age,
        "bg_x": bg.frequency,
        "bg_tx": np.floor(bg.recency / day) * day,
        "pn_x": pn.frequency,
        "pn_tx": np.floor(pn.recency / day) * day,
        "value": value,
    }


def quiet(function: Callable[[], Any]) -> Callable[[], Any]:
    """``function`` with the peer's warnings (deprecations, overflow in its formulas) muted."""

    def call() -> Any:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return function()

    return call


def lifetimes_fit(kind: str, *data: np.ndarray) -> Callable[[], list[float]]:
    def fit() -> list[float]:
        import lifetimes

        fitter_class, names = {
            "bg": (lifetimes.BetaGeoFitter, ("r", "alpha", "a", "b")),
            "pareto": (lifetimes.ParetoNBDFitter, ("r", "alpha", "s", "beta")),
            "gg": (lifetimes.GammaGammaFitter, ("p", "q", "v")),
        }[kind]
        fitter = fitter_class().fit(*data)
        return [float(fitter.params_[k]) for k in names]

    return quiet(fit)


def likelihood_gap(model_class: type, data: tuple[np.ndarray, ...]) -> Callable[[Any, Any], float]:
    """Relative difference of the total log-likelihoods of both estimates, by one formula."""

    def gap(ours: Any, theirs: list[float]) -> float:
        ours_ll = float(np.sum(model_class(*ours.parameters.values()).log_likelihood_of(*data)))
        their_ll = float(np.sum(model_class(*theirs).log_likelihood_of(*data)))
        return abs(ours_ll - their_ll) / abs(their_ll)

    return gap


def fitted_peers() -> dict[str, Any]:
    """lifetimes fitters holding the same parameters as the servicemetrics models."""
    import lifetimes
    import pandas as pd

    bg = lifetimes.BetaGeoFitter()
    bg.params_ = pd.Series(BG.parameters)
    bg.predict = bg.conditional_expected_number_of_purchases_up_to_time  # as fit() sets it
    pareto = lifetimes.ParetoNBDFitter()
    pareto.params_ = pd.Series(PARETO.parameters)
    gg = lifetimes.GammaGammaFitter()
    gg.params_ = pd.Series({"p": SPEND.p, "q": SPEND.q, "v": SPEND.gamma})
    return {"bg": bg, "pareto": pareto, "gg": gg}


def one_block() -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Wrap a call so that it runs with blocks large enough to hold every customer at once."""

    def wrap(function: Callable[[], Any]) -> Callable[[], Any]:
        def call() -> Any:
            saved = _chunks.BLOCK_BYTES
            _chunks.BLOCK_BYTES = 2**62
            try:
                return function()
            finally:
                _chunks.BLOCK_BYTES = saved

        return call

    return wrap


def benchmarks(quick: bool) -> list[Benchmark]:
    size = 10**4 if quick else 10**6
    n = size_label(size)
    have = installed("lifetimes") and installed("pandas")
    cdnow = load_cdnow_summary()
    x, t_x, age, value = cdnow.frequency, cdnow.recency, cdnow.T, cdnow.monetary_value
    buyers = x > 0
    base = synthetic_base(size, seed=2026)
    bx, btx, tt = base["bg_x"], base["bg_tx"], base["T"]
    pxx, ptx, spend = base["pn_x"], base["pn_tx"], base["value"]
    spenders = bx > 0
    fits = "model fits"
    cases = [
        Benchmark(
            "BG/NBD fit, CDNOW (2,357 customers)",
            fits,
            lambda: BetaGeo.fit(x, t_x, age),
            lifetimes_fit("bg", x, t_x, age) if have else None,
            LIFETIMES,
            likelihood_gap(BetaGeo, (x, t_x, age)),
            tolerance=1e-6,
            note="difference: relative gap of the log-likelihoods at both estimates",
        ),
        Benchmark(
            "Pareto/NBD fit, CDNOW",
            fits,
            lambda: ParetoNBD.fit(x, t_x, age),
            lifetimes_fit("pareto", x, t_x, age) if have else None,
            LIFETIMES,
            likelihood_gap(ParetoNBD, (x, t_x, age)),
            tolerance=1e-6,
        ),
        Benchmark(
            "Gamma-gamma fit, CDNOW (946 repeat buyers)",
            fits,
            lambda: GammaGamma.fit(x, value),
            lifetimes_fit("gg", x[buyers], value[buyers]) if have else None,
            LIFETIMES,
            likelihood_gap(GammaGamma, (x[buyers], value[buyers])),
            tolerance=1e-6,
        ),
        Benchmark(
            f"BG/NBD fit, synthetic ({n} customers)",
            fits,
            lambda: BetaGeo.fit(bx, btx, tt),
            lifetimes_fit("bg", bx, btx, tt) if have else None,
            LIFETIMES,
            likelihood_gap(BetaGeo, (bx, btx, tt)),
            tolerance=1e-6,
            repeat=1,
        ),
        Benchmark(
            f"Pareto/NBD fit, synthetic ({n} customers)",
            fits,
            lambda: ParetoNBD.fit(pxx, ptx, tt),
            lifetimes_fit("pareto", pxx, ptx, tt) if have else None,
            LIFETIMES,
            likelihood_gap(ParetoNBD, (pxx, ptx, tt)),
            tolerance=1e-6,
            repeat=1,
        ),
        Benchmark(
            f"Gamma-gamma fit, synthetic ({int(spenders.sum()):,} repeat buyers)",
            fits,
            lambda: GammaGamma.fit(bx, spend),
            lifetimes_fit("gg", bx[spenders], spend[spenders]) if have else None,
            LIFETIMES,
            likelihood_gap(GammaGamma, (bx[spenders], spend[spenders])),
            tolerance=1e-6,
            repeat=1,
        ),
    ]

    # Fitting cost once compressed: the same histories, 10x and 100x as many customers.
    rows, counts = np.unique(np.column_stack([bx, btx, tt]), axis=0, return_counts=True)
    cx, ctx, cage = (np.ascontiguousarray(rows[:, k]) for k in range(3))
    for factor in (10, 100):
        weights = counts * float(factor)
        cases.append(
            Benchmark(
                f"BG/NBD fit, compressed: {size_label(size * factor)} customers in "
                f"{cx.size:,} distinct histories",
                fits,
                lambda weights=weights: BetaGeo.fit(cx, ctx, cage, weights=weights),
                lambda: BetaGeo.fit(cx, ctx, cage, weights=counts.astype(float)),
                f"servicemetrics, same histories x {size_label(size)} customers",
                lambda ours, theirs: relative_difference(
                    list(ours.parameters.values()), list(theirs.parameters.values())
                ),
                tolerance=1e-4,
                repeat=1,
                note="same estimates: the weights scale, the likelihood's maximum does not move",
            )
        )

    predictions = "model predictions"
    peers = fitted_peers() if have else {}

    def peer(kind: str, method: str, *args: Any) -> Callable[[], Any] | None:
        if not have:
            return None
        return quiet(lambda: np.asarray(getattr(peers[kind], method)(*args), dtype=float))

    cases += [
        Benchmark(
            f"BG/NBD P(alive) ({n} customers)",
            predictions,
            lambda: BG.p_alive(bx, btx, tt),
            peer("bg", "conditional_probability_alive", bx, btx, tt),
            LIFETIMES,
            relative_difference,
        ),
        Benchmark(
            f"BG/NBD conditional expected purchases, 39 weeks ({n} customers)",
            predictions,
            lambda: BG.conditional_expected_purchases(39.0, bx, btx, tt),
            peer("bg", "conditional_expected_number_of_purchases_up_to_time", 39.0, bx, btx, tt),
            LIFETIMES,
            relative_difference,
        ),
        Benchmark(
            f"Pareto/NBD P(alive) ({n} customers)",
            predictions,
            lambda: PARETO.p_alive(pxx, ptx, tt),
            peer("pareto", "conditional_probability_alive", pxx, ptx, tt),
            LIFETIMES,
            relative_difference,
        ),
        Benchmark(
            f"Pareto/NBD conditional expected purchases, 39 weeks ({n} customers)",
            predictions,
            lambda: PARETO.conditional_expected_purchases(39.0, pxx, ptx, tt),
            peer(
                "pareto",
                "conditional_expected_number_of_purchases_up_to_time",
                39.0,
                pxx,
                ptx,
                tt,
            ),
            LIFETIMES,
            relative_difference,
        ),
        Benchmark(
            f"Gamma-gamma expected spend ({n} customers)",
            predictions,
            lambda: SPEND.expected_spend(bx, spend),
            peer("gg", "conditional_expected_average_profit", bx, spend),
            LIFETIMES,
            relative_difference,
        ),
    ]

    def their_clv() -> np.ndarray:
        import pandas as pd

        frame = pd.DataFrame({"x": bx, "t_x": btx, "T": tt, "m": spend})
        value = peers["gg"].customer_lifetime_value(
            peers["bg"],
            frame["x"],
            frame["t_x"],
            frame["T"],
            frame["m"],
            time=12,
            discount_rate=0.01,
            freq="D",
        )
        return np.asarray(value, dtype=float)

    # With freq="D" lifetimes sums 12 "months" of 30 time units each, discounting each by 1%;
    # servicemetrics does the same with period=30 and horizon=12.
    cases.append(
        Benchmark(
            f"CLV, BG/NBD + gamma-gamma, 12 periods at 1% ({n} customers)",
            predictions,
            lambda: customer_lifetime_value(
                BG, SPEND, bx, btx, tt, spend, discount_rate=0.01, horizon=12, period=30.0
            ),
            quiet(their_clv) if have else None,
            LIFETIMES,
            relative_difference,
            tolerance=1e-8,
            repeat=1,
            memory=True,
        )
    )

    # Memory of predictions with wide per-customer intermediates, in blocks and in one block.
    blocks = "blocked predictions"
    pairs = 2_000 if quick else 20_000
    counts_n = np.arange(pairs, dtype=float) % 20
    windows = np.repeat(np.linspace(1.0, 104.0, pairs // 20), 20)
    everyone = one_block()
    opportunities = 50
    customers = 10_000 if quick else 100_000
    rng = np.random.default_rng(5)
    periods_n = rng.integers(1, opportunities + 1, customers).astype(float)
    recency = np.floor(rng.uniform(0.0, 1.0, customers) * (periods_n + 1))
    frequency = np.where(
        recency > 0, 1 + np.floor(rng.uniform(0.0, 1.0, customers) * recency), 0.0
    )
    frequency = np.minimum(frequency, recency)
    cases += [
        Benchmark(
            f"Pareto/NBD probability_of_purchases ({size_label(pairs)} (n, t) pairs)",
            blocks,
            lambda: PARETO.probability_of_purchases(counts_n, windows),
            everyone(lambda: PARETO.probability_of_purchases(counts_n, windows)),
            "servicemetrics in one block",
            lambda a, b: float(np.max(np.abs(np.asarray(a) - np.asarray(b)))),
            tolerance=0.0,
            memory=True,
            note="768 quadrature nodes per pair; identical results",
        ),
        Benchmark(
            f"BG/BB P(alive) ({size_label(customers)} customers, up to "
            f"{opportunities} opportunities)",
            blocks,
            lambda: BGBB.p_alive(frequency, recency, periods_n),
            everyone(lambda: BGBB.p_alive(frequency, recency, periods_n)),
            "servicemetrics in one block",
            lambda a, b: float(np.max(np.abs(np.asarray(a) - np.asarray(b)))),
            tolerance=0.0,
            memory=True,
            note="identical results",
        ),
    ]
    return cases


if __name__ == "__main__":
    from _harness import run_standalone

    run_standalone(__file__)
