"""Time Erlang C and the agents search against plain NumPy/SciPy baselines, in the same run.

Usage::

    python benchmarks/bench_staffing.py             # 10^6 (load, agents) pairs
    python benchmarks/bench_staffing.py --size 1e5 --repeat 3

Prints a Markdown table: for each case the best-of-``repeat`` wall time of servicemetrics, of
the baseline, and their ratio (servicemetrics / baseline; 1.0 means no overhead).

Baselines:

* ``erlang_c`` grid — the same incomplete-gamma formula as bare NumPy/SciPy expressions, without
  input checks, broadcasting checks or the result model;
* ``agents_needed`` — a plain linear search that, for each interval in a Python loop, raises the
  number of agents one at a time from floor(A) + 1 until the target is met (each step one
  vectorised SciPy evaluation). This is the straightforward way to write it; the library's
  vectorised doubling-and-bisection search handles all intervals at once.
"""

from __future__ import annotations

import math

import numpy as np
from _harness import Case, print_table, size_arguments
from scipy import special

import servicemetrics as sm


def service_level_numpy(
    agents: np.ndarray, load: np.ndarray, aht: float, target_time: float
) -> np.ndarray:
    """Erlang C service level, bare NumPy/SciPy (stable queues only)."""
    top = np.exp(special.xlogy(agents, load) - load - special.gammaln(agents + 1.0))
    blocking = top / special.gammaincc(agents + 1.0, load)
    wait = agents * blocking / (agents - load * (1.0 - blocking))
    return 1.0 - wait * np.exp(-(agents - load) * target_time / aht)


def agents_linear(rates: np.ndarray, aht: float, target_time: float, target: float) -> list[int]:
    """Fewest agents per interval by a linear search from floor(A) + 1."""
    needed = []
    for rate in rates:
        load = rate * aht
        agents = math.floor(load) + 1
        while (
            service_level_numpy(np.array(float(agents)), np.array(load), aht, target_time) < target
        ):
            agents += 1
        needed.append(agents)
    return needed


def cases(size: int) -> list[Case]:
    rng = np.random.default_rng(0)
    aht = 180.0
    load = rng.uniform(1.0, 5_000.0, size)
    agents = np.floor(load) + 1.0 + np.floor(rng.uniform(0.0, 0.1, size) * load + 1.0)
    rate = load / aht
    intervals = max(size // 1_000, 10)
    interval_rates = rng.uniform(1.0, 2_000.0, intervals) / aht
    return [
        (
            f"erlang_c grid ({size:.0e} load x agents pairs, up to 5,000 Erlangs)",
            lambda: sm.staffing.erlang_c(agents, rate, aht, target_time=20.0),
            lambda: service_level_numpy(agents, load, aht, 20.0),
        ),
        (
            f"agents_needed 80/20 ({intervals} intervals, up to 2,000 Erlangs)",
            lambda: sm.staffing.agents_needed(
                interval_rates, aht, target_time=20.0, service_level=0.8
            ),
            lambda: agents_linear(interval_rates, aht, 20.0, 0.8),
        ),
    ]


def main() -> None:
    args = size_arguments(__doc__.splitlines()[0], 1e6, "grid points (default 1e6)")
    print_table(cases(int(args.size)), args.repeat, baseline="baseline")


if __name__ == "__main__":
    main()
