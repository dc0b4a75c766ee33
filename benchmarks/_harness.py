"""Timing and reporting shared by the benchmark scripts.

The scripts run as ``python benchmarks/<script>.py`` from the repository root, which puts this
folder first on ``sys.path``; they import what they need from here.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable, Sequence
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
