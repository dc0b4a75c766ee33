"""Time the Dask path of servicemetrics against the in-memory path on the same log.

Both paths summarise the same synthetic transaction log, count its distinct histories, fit a
BG/NBD on them and predict every customer's purchases; each case checks that they agree
(summaries to 1e-12, identical fitted parameters, predictions to 1e-12). Dask runs on its local
threaded scheduler over a log held in memory as pandas partitions, so the table shows the cost
of the partitioned path where the in-memory path is possible; its point is to go where that
path cannot (logs larger than memory, clusters). The "peer" of these cases is servicemetrics'
own in-memory path, and the ratio is Dask ÷ in memory.

Needs the ``dask`` extra (``pip install -e ".[dask]"``); without it the suite skips these cases.

Usage::

    python benchmarks/run.py --only Dask          # as part of the suite
    python benchmarks/bench_dask.py --quick       # this script alone
"""

from __future__ import annotations

from typing import Any

import numpy as np
from _harness import Benchmark, installed, relative_difference, size_label

import servicemetrics as sm
from servicemetrics.models import BetaGeo

IN_MEMORY = "servicemetrics in memory"


def synthetic_log(rows: int, seed: int = 0) -> Any:
    """``rows`` purchases by ``rows // 10`` customers over three years, in row order of time.

    Rows are sorted by timestamp, as a log is appended to: every partition then holds a slice
    of time, and each customer's purchases are spread over many partitions.
    """
    import pandas as pd

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


def frame_difference(ours: Any, theirs: Any) -> float:
    """Largest relative difference between a Dask summary and the in-memory one (inf if the
    customers or frequencies differ)."""
    expected = theirs.to_dataframe()
    frame = ours.sort_index()
    if not np.array_equal(frame.index.to_numpy(), expected.index.to_numpy()) or not (
        np.array_equal(frame["frequency"].to_numpy(), expected["frequency"].to_numpy())
    ):
        return float("inf")
    columns = ["recency", "T", "monetary_value"]
    return relative_difference(frame[columns].to_numpy(), expected[columns].to_numpy())


def parameter_difference(ours: BetaGeo, theirs: BetaGeo) -> float:
    """Largest relative difference between two fitted models' parameters."""
    return relative_difference(ours._vector, theirs._vector)


def prediction_difference(ours: Any, theirs: Any) -> float:
    return relative_difference(ours.sort_index().to_numpy(), theirs)


def benchmarks(quick: bool) -> list[Benchmark]:
    if not (installed("dask") and installed("pandas")):
        return []
    import dask
    import dask.dataframe as dd

    from servicemetrics import dask as smd

    rows = 10**5 if quick else 10**7
    partitions = 4 if quick else 16
    log = synthetic_log(rows)
    end = log["timestamp"].max()
    ids, timestamps, amounts = (log[c].to_numpy() for c in ("customer_id", "timestamp", "amount"))
    partitioned = dd.from_pandas(log, npartitions=partitions, sort=False).persist()
    options: dict[str, Any] = {"freq": "D", "unit": "W", "end": end}
    summary = sm.transactions.summarize(ids, timestamps, amounts, **options)
    with dask.config.set(scheduler="threads"):
        summaries = smd.summarize(
            partitioned, "customer_id", "timestamp", "amount", **options
        ).persist()
    # The synthetic log has neither drop-out nor a spread of purchase rates, so a BG/NBD fit to
    # it drifts to the edge of the family; predictions use the CDNOW estimates (FHL 2005).
    model = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
    n = size_label(rows)
    where = f"{n} transactions, {partitions} partitions"
    repeat = 1 if rows >= 10**7 else None

    def threaded(function: Any) -> Any:
        def call() -> Any:
            with dask.config.set(scheduler="threads"):
                return function()

        return call

    return [
        Benchmark(
            f"Dask summary, daily grain in weeks ({where})",
            "dask",
            threaded(
                lambda: smd.summarize(
                    partitioned, "customer_id", "timestamp", "amount", **options
                ).compute()
            ),
            lambda: sm.transactions.summarize(ids, timestamps, amounts, **options),
            IN_MEMORY,
            frame_difference,
            tolerance=1e-12,
            repeat=repeat,
        ),
        Benchmark(
            f"Dask compress + BG/NBD fit ({where})",
            "dask",
            threaded(lambda: fit(smd.compress(summaries))),
            lambda: fit(summary.compress()),
            IN_MEMORY,
            parameter_difference,
            tolerance=0.0,
            repeat=repeat,
        ),
        Benchmark(
            f"Dask conditional expected purchases, 52 weeks ({where})",
            "dask",
            threaded(
                lambda: smd.predict(
                    model, summaries, "conditional_expected_purchases", t=52
                ).compute()
            ),
            lambda: model.conditional_expected_purchases(
                52, summary.frequency, summary.recency, summary.T
            ),
            IN_MEMORY,
            prediction_difference,
            tolerance=1e-12,
            repeat=repeat,
        ),
    ]


if __name__ == "__main__":
    from _harness import run_standalone

    run_standalone(__file__)
