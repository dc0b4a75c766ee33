"""Time the Dask path of servicemetrics against the in-memory path on the same log.

Both paths summarise the same synthetic transaction log, count its distinct histories, fit a
BG/NBD on them and predict every customer's purchases; the script checks that they agree
(summaries to 1e-12, identical fitted parameters, predictions to 1e-12) and prints a Markdown
table of best-of-``repeat`` wall times. Dask runs on its local threaded scheduler over a log
held in memory as ``--partitions`` pandas partitions, so the table shows the cost of the
partitioned path where the in-memory path is possible; its point is to go where that path
cannot (logs larger than memory, clusters).

Needs the ``dask`` extra (``pip install "servicemetrics[dask]"``).

Usage::

    python benchmarks/bench_dask.py                  # 10^6 transactions
    python benchmarks/bench_dask.py --rows 1e7 --repeat 1
"""

from __future__ import annotations

import argparse
import os
import platform

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
from _harness import timed

import servicemetrics as sm
from servicemetrics import dask as smd
from servicemetrics.models import BetaGeo


def synthetic_log(rows: int, seed: int = 0) -> pd.DataFrame:
    """``rows`` purchases by ``rows // 10`` customers over three years, in row order of time.

    Rows are sorted by timestamp, as a log is appended to: every partition then holds a slice
    of time, and each customer's purchases are spread over many partitions.
    """
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, max(rows // 10, 1), rows)
    seconds = np.sort(rng.integers(0, 3 * 365 * 86_400, rows)).astype("timedelta64[s]")
    return pd.DataFrame(
        {
            "customer_id": ids,
            "timestamp": np.datetime64("2021-01-01T00:00:00", "s") + seconds,
            "amount": np.round(rng.gamma(2.0, 20.0, rows), 2),
        }
    )


def fit(histories: sm.transactions.CompressedHistories) -> BetaGeo:
    return BetaGeo.fit(
        histories.frequency, histories.recency, histories.T, weights=histories.weights
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=float, default=1e6, help="transactions (default 1e6)")
    parser.add_argument("--partitions", type=int, default=8, help="Dask partitions (default 8)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    rows = int(args.rows)
    log = synthetic_log(rows)
    end = log["timestamp"].max()
    ids, timestamps, amounts = (log[c].to_numpy() for c in ("customer_id", "timestamp", "amount"))
    partitioned = dd.from_pandas(log, npartitions=args.partitions, sort=False).persist()
    options = {"freq": "D", "unit": "W", "end": end}

    print(
        f"{rows:.0e} transactions, {np.unique(ids).size} customers, {args.partitions} "
        f"partitions; servicemetrics {sm.__version__}, Dask {dask.__version__}, pandas "
        f"{pd.__version__}, NumPy {np.__version__}, Python {platform.python_version()} on "
        f"{platform.machine()} ({os.cpu_count()} cores), threaded scheduler; best of "
        f"{args.repeat}\n"
    )
    print("| step | in memory (s) | Dask (s) | Dask / in memory |")
    print("|---|---:|---:|---:|")

    def row(step: str, memory: float, partitioned_time: float) -> None:
        print(
            f"| {step} | {memory:.3f} | {partitioned_time:.3f} | {partitioned_time / memory:.2f} |"
        )

    with dask.config.set(scheduler="threads"):
        memory_time, summary = timed(
            lambda: sm.transactions.summarize(ids, timestamps, amounts, **options), args.repeat
        )
        dask_time, frame = timed(
            lambda: smd.summarize(
                partitioned, "customer_id", "timestamp", "amount", **options
            ).compute(),
            args.repeat,
        )
        expected = summary.to_dataframe()
        frame = frame.sort_index()
        np.testing.assert_array_equal(frame.index.to_numpy(), expected.index.to_numpy())
        np.testing.assert_array_equal(frame["frequency"], expected["frequency"])
        for name in ("recency", "T", "monetary_value"):
            np.testing.assert_allclose(frame[name], expected[name], rtol=1e-12, atol=1e-12)
        row("summarize (day grain, weeks)", memory_time, dask_time)

        summaries = smd.summarize(
            partitioned, "customer_id", "timestamp", "amount", **options
        ).persist()
        memory_time, model = timed(lambda: fit(summary.compress()), args.repeat)
        dask_time, dask_model = timed(lambda: fit(smd.compress(summaries)), args.repeat)
        assert dask_model == model, (dask_model, model)
        row("compress + BG/NBD fit", memory_time, dask_time)

        memory_time, expected_purchases = timed(
            lambda: model.conditional_expected_purchases(
                52, summary.frequency, summary.recency, summary.T
            ),
            args.repeat,
        )
        dask_time, predicted = timed(
            lambda: (
                smd.predict(model, summaries, "conditional_expected_purchases", t=52)
                .compute()
                .sort_index()
            ),
            args.repeat,
        )
        np.testing.assert_allclose(predicted.to_numpy(), expected_purchases, rtol=1e-12)
        row("conditional expected purchases, 52 weeks", memory_time, dask_time)
    print(f"\n{len(summary)} customers, {summary.compress().weights.size} distinct histories")


if __name__ == "__main__":
    main()
