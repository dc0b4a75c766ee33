"""Erlang C: servicemetrics against pyworkforce and plain NumPy/SciPy baselines, in the same run.

Cases:

* agents needed for an 80/20 service level (80% of calls answered within 20 s, 3-minute
  handle time) at 10, 1,000 and 50,000 Erlangs, against ``pyworkforce.queuing.ErlangC``
  (``required_positions``: a linear search from A + 1 whose every step runs the Erlang B
  recursion over all positions in Python). Without pyworkforce installed, the peer is a plain
  reference loop: the same linear search with the service level written in NumPy/SciPy;
* agents needed for 1,000 intervals (10 with ``--quick``) at once against that reference loop;
* ``erlang_c`` over a grid of 10^6 (load, agents) pairs against the same incomplete-gamma
  formula as bare NumPy/SciPy expressions.

Usage::

    python benchmarks/bench_staffing.py
    python benchmarks/bench_staffing.py --quick
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from _harness import Benchmark, absolute_difference, installed, relative_difference, size_label
from scipy import special

import servicemetrics as sm

HANDLE = 180.0  # seconds
TARGET = 20.0  # seconds
LEVEL = 0.8


def service_level_numpy(agents: Any, load: Any, aht: float, target_time: float) -> Any:
    """Erlang C service level, bare NumPy/SciPy (stable queues only)."""
    top = np.exp(special.xlogy(agents, load) - load - special.gammaln(agents + 1.0))
    blocking = top / special.gammaincc(agents + 1.0, load)
    wait = agents * blocking / (agents - load * (1.0 - blocking))
    return 1.0 - wait * np.exp(-(agents - load) * target_time / aht)


def agents_linear(loads: np.ndarray) -> list[int]:
    """Fewest agents per load by a linear search from floor(A) + 1 (a loop over intervals)."""
    needed = []
    for load in loads:
        agents = math.floor(load) + 1
        while service_level_numpy(float(agents), float(load), HANDLE, TARGET) < LEVEL:
            agents += 1
        needed.append(agents)
    return needed


def pyworkforce_agents(load: float) -> Callable[[], int]:
    def call() -> int:
        from pyworkforce.queuing import ErlangC

        interval = 30.0  # minutes; transactions per interval giving `load` Erlangs
        queue = ErlangC(
            transactions=load * interval / (HANDLE / 60.0),
            aht=HANDLE / 60.0,
            asa=TARGET / 60.0,
            interval=interval,
        )
        return int(queue.required_positions(service_level=LEVEL)["raw_positions"])

    return call


def benchmarks(quick: bool) -> list[Benchmark]:
    have = installed("pyworkforce")
    cases = []
    for load in (10.0, 1_000.0, 50_000.0):
        peer = pyworkforce_agents(load) if have else (lambda load=load: agents_linear([load])[0])
        cases.append(
            Benchmark(
                f"Erlang C agents needed, 80/20 at {load:,.0f} Erlangs",
                "staffing",
                lambda load=load: sm.staffing.agents_needed(
                    load / HANDLE, HANDLE, target_time=TARGET, service_level=LEVEL
                ),
                peer,
                "pyworkforce" if have else "reference loop (pyworkforce not installed)",
                absolute_difference,
                tolerance=0.0,
                repeat=1 if load > 10_000 else None,
                note="difference in agents",
            )
        )
    rng = np.random.default_rng(0)
    intervals = 10 if quick else 1_000
    interval_loads = rng.uniform(1.0, 2_000.0, intervals)
    cases.append(
        Benchmark(
            f"Erlang C agents needed, 80/20 for {intervals:,} intervals up to 2,000 Erlangs",
            "staffing",
            lambda: sm.staffing.agents_needed(
                interval_loads / HANDLE, HANDLE, target_time=TARGET, service_level=LEVEL
            ),
            lambda: agents_linear(interval_loads),
            "reference loop",
            absolute_difference,
            tolerance=0.0,
            note="difference in agents",
        )
    )
    size = 10**4 if quick else 10**6
    load = rng.uniform(1.0, 5_000.0, size)
    agents = np.floor(load) + 1.0 + np.floor(rng.uniform(0.0, 0.1, size) * load + 1.0)
    cases.append(
        Benchmark(
            f"erlang_c service level ({size_label(size)} load x agents pairs, "
            "up to 5,000 Erlangs)",
            "staffing",
            lambda: sm.staffing.erlang_c(agents, load / HANDLE, HANDLE, target_time=TARGET),
            lambda: service_level_numpy(agents, load, HANDLE, TARGET),
            "NumPy/SciPy expression",
            lambda ours, theirs: relative_difference(ours.service_level, theirs),
            tolerance=1e-9,
        )
    )
    return cases


if __name__ == "__main__":
    from _harness import run_standalone

    run_standalone(__file__)
