"""Transaction summaries against ``lifetimes.utils``, in the same run.

Both libraries summarise the same synthetic log (purchases of ``rows / 10`` customers at second
resolution over three years, gamma-distributed amounts) into frequency, recency, T and mean
repeat spend per customer, and split it into calibration and holdout periods. The driver checks
that they agree: frequencies exactly, recency, T and monetary value to 1e-9 relative.

Usage::

    python benchmarks/bench_transactions.py            # 10^6 and 10^7 rows
    python benchmarks/bench_transactions.py --quick    # 10^5 rows
"""

from __future__ import annotations

from typing import Any

import numpy as np
from _harness import Benchmark, installed, size_label

import servicemetrics as sm

LIFETIMES = "lifetimes"


def synthetic_log(rows: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A log of ``rows`` purchases by ``rows // 10`` customers over three years."""
    rng = np.random.default_rng(seed)
    customers = max(rows // 10, 1)
    ids = rng.integers(0, customers, rows)
    seconds = rng.integers(0, 3 * 365 * 86_400, rows).astype("timedelta64[s]")
    timestamps = np.datetime64("2021-01-01T00:00:00", "s") + seconds
    amounts = np.round(rng.gamma(2.0, 20.0, rows), 2)
    return ids, timestamps, amounts


def summary_gap(ours: sm.transactions.TransactionSummary, theirs: Any) -> float:
    """Largest relative difference between the two summaries; inf if customers or counts differ."""
    if not np.array_equal(ours.customer_id, theirs.index.to_numpy()):
        return float("inf")
    if not np.array_equal(ours.frequency, theirs["frequency"].to_numpy()):
        return float("inf")
    gaps = [0.0]
    for name in ("recency", "T", "monetary_value"):
        a, b = np.asarray(getattr(ours, name), float), theirs[name].to_numpy(dtype=float)
        gaps.append(float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-9))))
    return max(gaps)


def split_gap(ours: sm.transactions.CalibrationHoldout, theirs: Any) -> float:
    """As :func:`summary_gap` for the calibration part, plus holdout frequencies exactly."""
    calibration = theirs.rename(
        columns={
            "frequency_cal": "frequency",
            "recency_cal": "recency",
            "T_cal": "T",
            "monetary_value_cal": "monetary_value",
        }
    )
    gap = summary_gap(ours.calibration, calibration)
    if not np.array_equal(ours.frequency_holdout, theirs["frequency_holdout"].to_numpy()):
        return float("inf")
    return gap


def log_cases(rows: int, have: bool) -> list[Benchmark]:
    """The summary case, and the split case up to 10^6 rows, for a log of ``rows``."""
    ids, timestamps, amounts = synthetic_log(rows)
    end = timestamps.max()
    calibration_end = np.datetime64("2023-01-01T00:00:00", "s")
    frame = None
    if have:
        import pandas as pd

        frame = pd.DataFrame({"customer_id": ids, "date": timestamps, "amount": amounts})
    n = size_label(rows)
    repeat = 1 if rows >= 10**7 else None

    def ours() -> Any:
        return sm.transactions.summarize(ids, timestamps, amounts, freq="D", end=end)

    def theirs() -> Any:
        from lifetimes.utils import summary_data_from_transaction_data

        return summary_data_from_transaction_data(
            frame,
            "customer_id",
            "date",
            monetary_value_col="amount",
            observation_period_end=end,
            freq="D",
        )

    def ours_split() -> Any:
        return sm.transactions.calibration_holdout(
            ids,
            timestamps,
            amounts,
            calibration_end=calibration_end,
            observation_end=end,
            freq="D",
        )

    def theirs_split() -> Any:
        from lifetimes.utils import calibration_and_holdout_data

        return calibration_and_holdout_data(
            frame,
            "customer_id",
            "date",
            calibration_period_end=calibration_end,
            observation_period_end=end,
            freq="D",
            monetary_value_col="amount",
        )

    cases = [
        Benchmark(
            f"summary, daily grain ({n} transactions, {size_label(rows // 10)} customers)",
            "transactions",
            ours,
            theirs if have else None,
            LIFETIMES,
            summary_gap,
            repeat=repeat,
        )
    ]
    if rows <= 10**6:
        cases.append(
            Benchmark(
                f"calibration/holdout split, daily grain ({n} transactions)",
                "transactions",
                ours_split,
                theirs_split if have else None,
                LIFETIMES,
                split_gap,
                repeat=repeat,
            )
        )
    return cases


def benchmarks(quick: bool) -> list[Benchmark]:
    have = installed("lifetimes") and installed("pandas")
    cases: list[Benchmark] = []
    for rows in (10**5,) if quick else (10**6, 10**7):
        cases += log_cases(rows, have)
    return cases


if __name__ == "__main__":
    from _harness import run_standalone

    run_standalone(__file__)
