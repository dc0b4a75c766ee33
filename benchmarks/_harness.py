"""Timing and reporting shared by the benchmark scripts and the suite driver ``run.py``.

The scripts run as ``python benchmarks/<script>.py`` from the repository root, which puts this
folder first on ``sys.path``; they import what they need from here. Each ``bench_*.py`` that
defines ``benchmarks(quick)`` returning a list of :class:`Benchmark` is part of the suite.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.metadata
import importlib.util
import platform
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import servicemetrics as sm

Case = tuple[str, Callable[[], object], Callable[[], object]]


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best wall-clock time of ``repeat`` calls in seconds, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def best_time(function: Callable[[], object], repeat: int) -> float:
    """Best wall-clock time of ``repeat`` calls, in seconds."""
    return timed(function, repeat)[0]


def size_arguments(description: str, default: float, size_help: str) -> argparse.Namespace:
    """Parse ``--size`` (default ``default``) and ``--repeat`` from the command line."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--size", type=float, default=default, help=size_help)
    parser.add_argument("--repeat", type=int, default=5, help="timed calls per case (best kept)")
    return parser.parse_args()


def print_table(
    cases: Sequence[Case],
    repeat: int,
    *,
    baseline: str = "NumPy baseline",
    time_format: str = ".4f",
    ratio_format: str = ".2f",
) -> None:
    """Time every case and print the versions and a Markdown table of times and ratios."""
    print(
        f"servicemetrics {sm.__version__}, NumPy {np.__version__}, Python "
        f"{platform.python_version()} on {platform.machine()}; best of {repeat}"
    )
    print()
    print(f"| case | servicemetrics (s) | {baseline} (s) | ratio |")
    print("|---|---:|---:|---:|")
    for name, ours, theirs in cases:
        ours_time = best_time(ours, repeat)
        base_time = best_time(theirs, repeat)
        print(
            f"| {name} | {ours_time:{time_format}} | {base_time:{time_format}} "
            f"| {ours_time / base_time:{ratio_format}} |"
        )


# --- the suite: cases that ``run.py`` collects from every ``bench_*.py`` ---


@dataclass
class Benchmark:
    """One timed comparison of servicemetrics with a peer, run by ``run.py``.

    ``ours`` and ``peer`` are called with no arguments; ``compare(ours_result, peer_result)``
    returns the largest difference between the two answers (relative unless the note says
    otherwise) and ``tolerance`` is the most it may be. ``peer`` is None when the peer is not
    installed. With ``memory`` the peak memory of one more call of each is measured with
    :mod:`tracemalloc`, outside the timed calls.
    """

    name: str
    group: str
    ours: Callable[[], Any]
    peer: Callable[[], Any] | None
    peer_name: str
    compare: Callable[[Any, Any], float] | None = None
    tolerance: float = 1e-9
    repeat: int | None = None
    memory: bool = False
    note: str = ""


def installed(module: str) -> bool:
    """Whether ``module`` can be imported in this environment."""
    return importlib.util.find_spec(module) is not None


def peer_version(module: str) -> str:
    """The version of an installed peer, or "not installed"."""
    if not installed(module):
        return "not installed"
    try:
        return importlib.metadata.version(module)
    except importlib.metadata.PackageNotFoundError:
        return str(getattr(importlib.import_module(module), "__version__", "unknown"))


def relative_difference(ours: Any, theirs: Any, *, floor: float = 1e-12) -> float:
    """Largest ``|ours - theirs| / max(|theirs|, floor)``; NaN unless both are finite alike."""
    a = np.asarray(ours, dtype=np.float64)
    b = np.asarray(theirs, dtype=np.float64)
    a, b = np.broadcast_arrays(a, b)
    finite = np.isfinite(b)
    if not np.array_equal(finite, np.isfinite(a)):
        return float("nan")
    if not finite.any():
        return 0.0
    gap = np.abs(a[finite] - b[finite]) / np.maximum(np.abs(b[finite]), floor)
    return float(gap.max())


def absolute_difference(ours: Any, theirs: Any) -> float:
    """Largest ``|ours - theirs|`` over all elements."""
    a = np.asarray(ours, dtype=np.float64)
    b = np.asarray(theirs, dtype=np.float64)
    return float(np.max(np.abs(a - b))) if a.size else 0.0


def peak_memory(function: Callable[[], Any]) -> float:
    """Peak memory allocated during one call of ``function``, in MiB (NumPy buffers included)."""
    gc.collect()
    tracemalloc.start()
    try:
        function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def size_label(size: float) -> str:
    """``1e+07`` style label of a size, as the case names show it."""
    return f"{size:.0e}"


def run_standalone(script: str) -> None:
    """Run one script's cases with the suite's options, printing the table (no files)."""
    import run

    raise SystemExit(run.main([Path(script).stem]))
