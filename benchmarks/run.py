"""Time servicemetrics against the bare NumPy expression it evaluates, in the same run.

Usage::

    python benchmarks/run.py            # 10^7 customers
    python benchmarks/run.py --size 1e6 --repeat 3

Prints a Markdown table: for each case the best-of-``repeat`` wall time of servicemetrics, of
the plain NumPy baseline, and their ratio (servicemetrics / baseline; 1.0 means no overhead).
"""

from __future__ import annotations

import numpy as np
from _harness import Case, print_table, size_arguments

import servicemetrics as sm


def cases(size: int) -> list[Case]:
    rng = np.random.default_rng(0)
    margin = rng.lognormal(4.0, 1.0, size)
    retention = rng.uniform(0.3, 0.95, size)
    discount = 0.1
    start = rng.integers(1_000, 2_000, size).astype(np.float64)
    new = rng.integers(0, 300, size).astype(np.float64)
    end = start * retention + new
    survival = np.cumprod(rng.uniform(0.7, 1.0, (size // 10, 10)), axis=1)
    periods = np.arange(1, 11)

    def gini_numpy() -> float:
        x = np.sort(margin)
        n = x.size
        ranks = np.arange(1, n + 1)
        return float(np.sum((2 * ranks - n - 1) * x) / (n * x.sum()))

    def top_share_numpy() -> float:
        x = np.sort(margin)[::-1]
        k = int(0.2 * x.size)
        return float(x[:k].sum() / x.sum())

    return [
        (
            f"clv, infinite horizon ({size:.0e} customers)",
            lambda: sm.lifetime_value.clv(margin, retention, discount),
            lambda: margin * retention / (1 + discount - retention),
        ),
        (
            f"clv, 12-period horizon ({size:.0e})",
            lambda: sm.lifetime_value.clv(margin, retention, discount, horizon=12),
            lambda: (
                margin
                * retention
                / (1 + discount)
                * (1 - (retention / (1 + discount)) ** 12)
                / (1 - retention / (1 + discount))
            ),
        ),
        (
            f"clv_from_survival ({size // 10:.0e} curves x 10)",
            lambda: sm.lifetime_value.clv_from_survival(
                margin[: size // 10, None], survival, discount
            ),
            lambda: np.sum(
                margin[: size // 10, None] * survival / (1 + discount) ** periods, axis=1
            ),
        ),
        (
            f"retention_rate ({size:.0e} segments)",
            lambda: sm.retention.retention_rate(start, end, new),
            lambda: (end - new) / start,
        ),
        (f"gini ({size:.0e} customers)", lambda: sm.concentration.gini(margin), gini_numpy),
        (
            f"top_share 20% ({size:.0e} customers)",
            lambda: sm.concentration.top_share(margin, fraction=0.2),
            top_share_numpy,
        ),
    ]


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0], 1e7, "customers (default 1e7)")
    print_table(cases(int(args.size)), args.repeat)


if __name__ == "__main__":
    main()
