"""servicemetrics.costs against the bare NumPy expressions it evaluates, in the same run.

The two cost ratios (LTV:CAC, payback) run at 10^7 segments in ``bench_metrics.py``; these are
the composite calls, at 10^6 segments (10^5 with ``--quick``).

Usage::

    python benchmarks/bench_costs.py
    python benchmarks/bench_costs.py --quick
"""

from __future__ import annotations

import numpy as np
from _harness import Benchmark, relative_difference

import servicemetrics as sm


def cases(size: int) -> list[tuple[str, object, object]]:
    rng = np.random.default_rng(0)
    acquisition_spend = rng.uniform(1e3, 1e5, size)
    new = rng.integers(1, 1_000, size).astype(np.float64)
    retention_spend = rng.uniform(1e2, 1e4, size)
    kept = rng.integers(1, 5_000, size).astype(np.float64)
    revenue = rng.lognormal(3.0, 0.5, size)
    margin_rate = rng.uniform(-0.1, 0.9, size)
    retention = rng.uniform(0.5, 0.98, size)
    discount = 0.008
    cac = acquisition_spend / new
    clv = revenue * 0.5 * retention / (1 + discount - retention)

    def unit_economics_numpy() -> object:
        c = acquisition_spend / new
        k = retention_spend / kept
        m = revenue * margin_rate
        value = m * retention / (1 + discount - retention)
        payback = np.where(m > 0, c / np.where(m > 0, m, 1.0), np.inf)
        return c, k, c / k, value, value / c, payback

    def break_even_numpy() -> object:
        a = 1 + discount - retention
        gain = 1e4 * a**2 / (kept * revenue * (1 + discount) + 1e4 * a)
        return np.where(retention + gain >= 1, np.inf, gain)

    def compare_budget_numpy() -> object:
        gross_a = 1e4 / cac * clv
        gross_r = 1e4 / (cac / 3) * (clv / 2)
        better = np.where(
            gross_a > gross_r, "acquisition", np.where(gross_r > gross_a, "retention", "either")
        )
        return gross_a - 1e4, gross_r - 1e4, better

    return [
        (
            f"unit_economics ({size:.0e} segments)",
            lambda: sm.costs.unit_economics(
                acquisition_spend,
                new,
                retention_spend,
                kept,
                revenue,
                margin_rate,
                retention,
                discount,
            ),
            unit_economics_numpy,
        ),
        (
            f"break_even_retention_gain ({size:.0e} segments)",
            lambda: sm.costs.break_even_retention_gain(1e4, kept, revenue, retention, discount),
            break_even_numpy,
        ),
        (
            f"compare_budget ({size:.0e} scenarios)",
            lambda: sm.costs.compare_budget(1e4, cac, clv, cac / 3, clv / 2),
            compare_budget_numpy,
        ),
    ]


def compare_fields(*names: str):  # type: ignore[no-untyped-def]
    """Compare the named fields of a result with the NumPy tuple, in order."""

    def compare(ours: object, theirs: tuple) -> float:  # type: ignore[type-arg]
        return max(
            relative_difference(getattr(ours, name), value)
            for name, value in zip(names, theirs, strict=False)
        )

    return compare


COMPARE = {
    "unit_economics": compare_fields(
        "cac", "retention_cost", "acquisition_retention_ratio", "clv", "ltv_to_cac"
    ),
    "break_even_retention_gain": relative_difference,
    "compare_budget": lambda ours, theirs: max(
        relative_difference(ours.acquisition_value, theirs[0]),
        relative_difference(ours.retention_value, theirs[1]),
        0.0 if np.array_equal(ours.better, theirs[2]) else float("inf"),
    ),
}


def benchmarks(quick: bool) -> list[Benchmark]:
    size = 10**5 if quick else 10**6
    return [
        Benchmark(
            name,
            "costs",
            ours,  # type: ignore[arg-type]
            theirs,  # type: ignore[arg-type]
            "NumPy expression",
            COMPARE[name.split(" ")[0]],
            tolerance=1e-9,
        )
        for name, ours, theirs in cases(size)
    ]


if __name__ == "__main__":
    from _harness import run_standalone

    run_standalone(__file__)
