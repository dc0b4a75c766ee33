"""servicemetrics.word_of_mouth against plain NumPy doing the same work, in the same run.

Usage::

    python benchmarks/bench_word_of_mouth.py            # 10^6 customers
    python benchmarks/bench_word_of_mouth.py --quick    # 10^5

The simulation cases compare two ways of getting the same distribution. ``simulate_reach``
draws each replication's total in one step (a sum of negative binomials is negative binomial);
the first baseline draws the same thing with bare NumPy calls, the second draws every
customer's count and sums them, as a per-customer simulation would.
"""

from __future__ import annotations

import numpy as np
from _harness import Benchmark, relative_difference
from scipy import special

import servicemetrics as sm

wom = sm.word_of_mouth


def cases(size: int) -> list[tuple[str, object, object]]:
    tells = wom.UNHAPPY_TELLING
    k = float(tells.dispersion or 0.0)
    p = k / (k + tells.mean)
    share = 0.3
    replications = 1_000
    data = np.random.default_rng(0)
    segments = data.integers(0, 10_000, size).astype(np.float64)
    reproduction = data.uniform(1.01, 5.0, size)

    def one_step_numpy() -> np.ndarray:
        rng = np.random.default_rng(1)
        talkers = rng.binomial(size, share, replications)
        return rng.negative_binomial(np.maximum(talkers * k, 1e-300), p)

    def per_customer_numpy() -> np.ndarray:
        rng = np.random.default_rng(1)
        talks = rng.random(size) < share
        return np.sum(rng.negative_binomial(k, p, size) * talks)

    return [
        (
            f"simulate_reach, {size:.0e} customers x {replications} replications "
            "vs the same draws in NumPy",
            lambda: wom.simulate_reach(
                size, tells, share_talking=share, replications=replications, rng=1
            ),
            one_step_numpy,
        ),
        (
            f"simulate_reach, {size:.0e} customers, 1 replication vs per-customer draws in NumPy",
            lambda: wom.simulate_reach(size, tells, share_talking=share, replications=1, rng=1),
            per_customer_numpy,
        ),
        (
            f"TellingDistribution.sample ({size:.0e} customers)",
            lambda: tells.sample(size, 1),
            lambda: np.random.default_rng(1).negative_binomial(k, p, size),
        ),
        (
            f"expected_reach ({size:.0e} segments)",
            lambda: wom.expected_reach(segments, share, tells.mean),
            lambda: segments * share * tells.mean,
        ),
        (
            f"unique_reach ({size:.0e} segments)",
            lambda: wom.unique_reach(segments, share, tells.mean, 1e6),
            lambda: -1e6 * np.expm1(segments * np.log1p(-share * tells.mean / 1e6)),
        ),
        (
            f"extinction_probability, Poisson ({size:.0e} values of R) vs Lambert W",
            lambda: wom.extinction_probability(reproduction),
            lambda: -special.lambertw(-reproduction * np.exp(-reproduction)).real / reproduction,
        ),
    ]


def benchmarks(quick: bool) -> list[Benchmark]:
    size = 10**5 if quick else 10**6
    found = cases(size)
    # The simulations compare timings of different draws (no common answer to check); the
    # deterministic formulas must agree.
    checks = [None, None, None, relative_difference, relative_difference, relative_difference]
    notes = ["different draws of the same distribution"] * 3 + [""] * 3
    return [
        Benchmark(
            name,
            "word of mouth",
            ours,  # type: ignore[arg-type]
            theirs,  # type: ignore[arg-type]
            "NumPy expression",
            check,
            1e-9,
            note=note,
        )
        for (name, ours, theirs), check, note in zip(found, checks, notes, strict=True)
    ]


if __name__ == "__main__":
    from _harness import run_standalone

    run_standalone(__file__)
