"""Every vectorised metric family against the bare NumPy expression it evaluates.

Each case calls servicemetrics on 10^7 elements (10^5 with ``--quick``) and the plain NumPy
expression of the same formula, without input checks or result wrapping, in the same run. The
ratio servicemetrics ÷ NumPy is the cost of the checks, the conversions and the result.

Usage::

    python benchmarks/bench_metrics.py            # 10^7 elements
    python benchmarks/bench_metrics.py --quick    # 10^5
"""

from __future__ import annotations

import numpy as np
from _harness import Benchmark, relative_difference, size_label
from scipy import special

import servicemetrics as sm
from servicemetrics.models import BetaGeo

NUMPY = "NumPy expression"
BG = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)


def bg_p_alive_numpy(x: np.ndarray, t_x: np.ndarray, age: np.ndarray) -> np.ndarray:
    """BG/NBD P(alive) (Fader, Hardie & Lee 2005, eq. 11)."""
    r, alpha, a, b = BG.r, BG.alpha, BG.a, BG.b
    odds = a / (b + np.maximum(x, 1.0) - 1.0) * ((alpha + age) / (alpha + t_x)) ** (r + x)
    return np.where(x > 0, 1.0 / (1.0 + odds), 1.0)


def bg_conditional_numpy(t: float, x: np.ndarray, t_x: np.ndarray, age: np.ndarray) -> np.ndarray:
    """BG/NBD conditional expected purchases in (T, T + t] (Fader, Hardie & Lee 2005, eq. 10)."""
    r, alpha, a, b = BG.r, BG.alpha, BG.a, BG.b
    z = t / (alpha + age + t)
    hyp = special.hyp2f1(r + x, b + x, a + b + x - 1.0, z)
    head = (
        (a + b + x - 1.0)
        / (a - 1.0)
        * (1.0 - ((alpha + age) / (alpha + age + t)) ** (r + x) * hyp)
    )
    odds = a / (b + np.maximum(x, 1.0) - 1.0) * ((alpha + age) / (alpha + t_x)) ** (r + x)
    return head / (1.0 + np.where(x > 0, odds, 0.0))


def benchmarks(quick: bool) -> list[Benchmark]:
    size = 10**5 if quick else 10**7
    n = size_label(size)
    rng = np.random.default_rng(0)
    margin = rng.lognormal(4.0, 1.0, size)
    retention = rng.uniform(0.3, 0.95, size)
    discount = 0.1
    start = rng.integers(1_000, 2_000, size).astype(np.float64)
    new = rng.integers(0, 300, size).astype(np.float64)
    end = np.floor(start * retention) + new
    curves = size // 10
    survival = np.cumprod(rng.uniform(0.7, 1.0, (curves, 10)), axis=1)
    periods = np.arange(1, 11)
    cac = rng.uniform(50.0, 500.0, size)
    ltv = margin * retention / (1 + discount - retention)
    revenue = rng.lognormal(3.0, 0.5, size)
    gross = rng.uniform(0.05, 0.9, size)
    answers = rng.integers(0, 11, size).astype(np.float64)
    stars = rng.integers(1, 6, size).astype(np.float64)
    x = rng.poisson(1.5, size).astype(np.float64)
    age = rng.integers(1, 365, size) / 7.0
    t_x = np.where(x > 0, np.round(rng.uniform(0.0, 1.0, size) * age * 7.0) / 7.0, 0.0)

    def gini_numpy() -> float:
        values = np.sort(margin)
        ranks = np.arange(1, values.size + 1)
        return float(np.sum((2 * ranks - values.size - 1) * values) / (values.size * values.sum()))

    def top_share_numpy() -> float:
        values = np.sort(margin)[::-1]
        return float(values[: int(0.2 * values.size)].sum() / values.sum())

    def nps_numpy() -> float:
        promoters = np.count_nonzero(answers >= 9)
        detractors = np.count_nonzero(answers <= 6)
        return 100.0 * (promoters - detractors) / answers.size

    def payback_numpy() -> np.ndarray:
        monthly = revenue * gross
        return cac / monthly

    group = "vectorised metrics"
    return [
        Benchmark(
            f"clv, infinite horizon ({n} customers)",
            group,
            lambda: sm.lifetime_value.clv(margin, retention, discount),
            lambda: margin * retention / (1 + discount - retention),
            NUMPY,
            relative_difference,
        ),
        Benchmark(
            f"clv, 12-period horizon ({n} customers)",
            group,
            lambda: sm.lifetime_value.clv(margin, retention, discount, horizon=12),
            lambda: (
                margin
                * retention
                / (1 + discount)
                * (1 - (retention / (1 + discount)) ** 12)
                / (1 - retention / (1 + discount))
            ),
            NUMPY,
            relative_difference,
        ),
        Benchmark(
            f"clv_from_survival ({size_label(curves)} curves x 10 periods)",
            group,
            lambda: sm.lifetime_value.clv_from_survival(margin[:curves, None], survival, discount),
            lambda: np.sum(margin[:curves, None] * survival / (1 + discount) ** periods, axis=1),
            NUMPY,
            relative_difference,
        ),
        Benchmark(
            f"retention_rate ({n} segments)",
            group,
            lambda: sm.retention.retention_rate(start, end, new),
            lambda: (end - new) / start,
            NUMPY,
            relative_difference,
        ),
        Benchmark(
            f"gini ({n} customers)",
            group,
            lambda: sm.concentration.gini(margin),
            gini_numpy,
            NUMPY,
            relative_difference,
            tolerance=1e-6,
        ),
        Benchmark(
            f"top_share 20% ({n} customers)",
            group,
            lambda: sm.concentration.top_share(margin, fraction=0.2),
            top_share_numpy,
            NUMPY,
            relative_difference,
            tolerance=1e-6,
        ),
        Benchmark(
            f"ltv_to_cac ({n} segments)",
            group,
            lambda: sm.costs.ltv_to_cac(ltv, cac),
            lambda: ltv / cac,
            NUMPY,
            relative_difference,
        ),
        Benchmark(
            f"cac_payback_months ({n} segments)",
            group,
            lambda: sm.costs.cac_payback_months(cac, revenue, gross),
            payback_numpy,
            NUMPY,
            relative_difference,
        ),
        Benchmark(
            f"nps ({n} responses)",
            group,
            lambda: sm.surveys.nps(answers).score,
            nps_numpy,
            NUMPY,
            relative_difference,
        ),
        Benchmark(
            f"csat, top 2 of 5 ({n} responses)",
            group,
            lambda: sm.surveys.csat(stars).share,
            lambda: np.count_nonzero(stars >= 4) / stars.size,
            NUMPY,
            relative_difference,
        ),
        Benchmark(
            f"BG/NBD p_alive ({n} customers)",
            group,
            lambda: BG.p_alive(x, t_x, age),
            lambda: bg_p_alive_numpy(x, t_x, age),
            NUMPY,
            relative_difference,
        ),
        Benchmark(
            f"BG/NBD conditional_expected_purchases, 39 weeks ({n} customers)",
            group,
            lambda: BG.conditional_expected_purchases(39.0, x, t_x, age),
            lambda: bg_conditional_numpy(39.0, x, t_x, age),
            NUMPY,
            relative_difference,
            tolerance=1e-8,
        ),
    ]


if __name__ == "__main__":
    from _harness import run_standalone

    run_standalone(__file__)
