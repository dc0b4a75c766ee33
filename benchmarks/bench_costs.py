"""Time servicemetrics.costs against the bare NumPy expressions it evaluates, in the same run.

Usage::

    python benchmarks/bench_costs.py                  # 10^6 segments
    python benchmarks/bench_costs.py --size 1e7 --repeat 3

Prints a Markdown table like ``run.py``: best-of-``repeat`` wall times of servicemetrics and of
the plain NumPy baseline, and their ratio (servicemetrics / baseline).
"""

from __future__ import annotations

import numpy as np
from _harness import Case, print_table, size_arguments

import servicemetrics as sm


def cases(size: int) -> list[Case]:
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
            f"cac_payback_months ({size:.0e} segments)",
            lambda: sm.costs.cac_payback_months(cac, revenue, margin_rate),
            lambda: np.where(
                revenue * margin_rate > 0,
                cac / np.where(revenue * margin_rate > 0, revenue * margin_rate, 1.0),
                np.inf,
            ),
        ),
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


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0], 1e6, "segments (default 1e6)")
    print_table(cases(int(args.size)), args.repeat)


if __name__ == "__main__":
    main()
