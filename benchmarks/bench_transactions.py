"""Time transaction summaries against ``lifetimes.utils.summary_data_from_transaction_data``.

Both libraries summarise the same synthetic log in the same run; the script checks that they
agree (frequency exactly, recency, T and monetary value to 1e-9 relative) and prints a Markdown
table of best-of-``repeat`` wall times and their ratio (lifetimes / servicemetrics).

``lifetimes`` is not a dependency of servicemetrics: install it only in the environment that
runs this script (it also needs pandas). Without it, only servicemetrics is timed.

Usage::

    python benchmarks/bench_transactions.py                       # 10^6 rows
    python benchmarks/bench_transactions.py --rows 1e7 --no-lifetimes
"""

from __future__ import annotations

import argparse
import platform
from typing import Any

import numpy as np
from _harness import timed

import servicemetrics as sm


def synthetic_log(rows: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A log of ``rows`` purchases by ``rows // 10`` customers over three years.

    Timestamps have second resolution, so several purchases of a customer can share a day.
    """
    rng = np.random.default_rng(seed)
    customers = max(rows // 10, 1)
    ids = rng.integers(0, customers, rows)
    seconds = rng.integers(0, 3 * 365 * 86_400, rows).astype("timedelta64[s]")
    timestamps = np.datetime64("2021-01-01T00:00:00", "s") + seconds
    amounts = np.round(rng.gamma(2.0, 20.0, rows), 2)
    return ids, timestamps, amounts


def check_agreement(ours: sm.transactions.TransactionSummary, theirs: Any) -> None:
    """Raise AssertionError unless both summaries list the same customers with equal numbers."""
    np.testing.assert_array_equal(ours.customer_id, theirs.index.to_numpy())
    np.testing.assert_array_equal(ours.frequency, theirs["frequency"].to_numpy())
    for name in ("recency", "T", "monetary_value"):
        np.testing.assert_allclose(
            getattr(ours, name), theirs[name].to_numpy(), rtol=1e-9, atol=1e-9, err_msg=name
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, default=1e6, help="transactions (default 1e6)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="best of this many runs of each library"
    )
    parser.add_argument("--freq", nargs="+", default=["D", "W"], help="grains to time")
    parser.add_argument("--no-lifetimes", action="store_true", help="time servicemetrics only")
    args = parser.parse_args()
    rows = int(args.rows)

    lifetimes_summary = None
    if not args.no_lifetimes:
        try:
            import lifetimes
            import pandas as pd
            from lifetimes.utils import summary_data_from_transaction_data as lifetimes_summary
        except ImportError:
            print("lifetimes or pandas not installed: timing servicemetrics only\n")

    ids, timestamps, amounts = synthetic_log(rows)
    end = timestamps.max()
    versions = f"servicemetrics {sm.__version__}, NumPy {np.__version__}"
    if lifetimes_summary is not None:
        versions += f", pandas {pd.__version__}, lifetimes {lifetimes.__version__}"
        frame = pd.DataFrame({"customer_id": ids, "date": timestamps, "amount": amounts})
    print(f"{rows:.0e} transactions, {np.unique(ids).size} customers; {versions}, ", end="")
    print(f"Python {platform.python_version()}, {platform.machine()}\n")
    print("| grain | servicemetrics (s) | lifetimes (s) | lifetimes / servicemetrics |")
    print("|---|---:|---:|---:|")
    for freq in args.freq:
        ours_time, ours = timed(
            lambda freq=freq: sm.transactions.summarize(
                ids, timestamps, amounts, freq=freq, end=end
            ),
            args.repeat,
        )
        if lifetimes_summary is None:
            print(f"| {freq} | {ours_time:.3f} | n/a | n/a |")
            continue
        theirs_time, theirs = timed(
            lambda freq=freq: lifetimes_summary(
                frame,
                "customer_id",
                "date",
                monetary_value_col="amount",
                observation_period_end=end,
                freq=freq,
            ),
            args.repeat,
        )
        check_agreement(ours, theirs)
        print(f"| {freq} | {ours_time:.3f} | {theirs_time:.3f} | {theirs_time / ours_time:.1f} |")


if __name__ == "__main__":
    main()
