"""Survey intervals and audit scoring against SciPy and plain NumPy, in the same run.

Cases:

* the bootstrap interval of the Net Promoter Score of 10^6 responses (10^5 with ``--quick``),
  1,000 percentile resamples, against ``scipy.stats.bootstrap`` resampling the respondents
  (servicemetrics resamples the three category counts, which is the same distribution). The
  two intervals differ by Monte Carlo noise only: the check allows half a standard error;
* scoring 10^5 audits x 50 criteria (10^4 with ``--quick``), and 2 x 10^5 x 50 = 10^7
  answers, against the points-earned over points-possible rule written in NumPy (N/A answers
  out of both sums, a failed critical criterion scores 0).

Usage::

    python benchmarks/bench_surveys.py
    python benchmarks/bench_surveys.py --quick
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from _harness import Benchmark, absolute_difference, relative_difference, size_label
from scipy import stats

import servicemetrics as sm
from servicemetrics.compliance import Criterion, Standard

RESAMPLES = 1_000


def audit_standard(criteria: int, seed: int) -> tuple[Standard, np.ndarray, np.ndarray]:
    """A standard of ``criteria`` items: weights 1-5, every tenth critical, every fifth partial."""
    rng = np.random.default_rng(seed)
    weights = rng.integers(1, 6, criteria).astype(float)
    critical = np.arange(criteria) % 10 == 0
    partial = (np.arange(criteria) % 5 == 2) & ~critical
    items = [
        Criterion(
            f"criterion {j}",
            weight=float(weights[j]),
            critical=bool(critical[j]),
            scale="partial" if partial[j] else "pass_fail",
        )
        for j in range(criteria)
    ]
    return Standard("Benchmark standard", items, pass_threshold=0.8), weights, critical


def audit_answers(audits: int, criteria: int, seed: int) -> np.ndarray:
    """Answers: 1 pass, 0 fail, -1 N/A, and halves on partial criteria."""
    rng = np.random.default_rng(seed)
    answers = rng.choice([1.0, 0.0, -1.0], p=[0.85, 0.1, 0.05], size=(audits, criteria))
    partial = (np.arange(criteria) % 5 == 2) & (np.arange(criteria) % 10 != 0)
    halves = rng.random((audits, criteria)) < 0.2
    answers[:, partial] = np.where(
        halves[:, partial] & (answers[:, partial] >= 0), 0.5, answers[:, partial]
    )
    # Critical criteria fail rarely: one audit in a hundred per critical criterion.
    critical = np.arange(criteria) % 10 == 0
    answers[:, critical] = np.where(rng.random((audits, int(critical.sum()))) < 0.01, 0.0, 1.0)
    return answers


def scores_numpy(answers: np.ndarray, weights: np.ndarray, critical: np.ndarray) -> np.ndarray:
    applicable = answers >= 0
    earned = np.where(applicable, answers, 0.0) @ weights
    possible = applicable @ weights
    failed = np.any((answers == 0) & critical, axis=1)
    return np.where(failed, 0.0, earned / possible)


def benchmarks(quick: bool) -> list[Benchmark]:
    responses = 10**5 if quick else 10**6
    rng = np.random.default_rng(0)
    answers = rng.choice(
        np.arange(11.0), p=np.r_[np.full(7, 0.03), 0.1, 0.15, 0.25, 0.29], size=responses
    )
    category = np.where(answers >= 9, 1.0, np.where(answers >= 7, 0.0, -1.0))
    p, d = np.mean(category == 1), np.mean(category == -1)
    standard_error = 100.0 * math.sqrt((p + d - (p - d) ** 2) / responses)

    def ours_nps() -> tuple[float, float]:
        result = sm.surveys.nps(answers)
        return result.confidence_interval(method="bootstrap", n_resamples=RESAMPLES, rng=1)

    def scipy_nps() -> tuple[float, float]:
        result = stats.bootstrap(
            (category,),
            lambda c, axis: 100.0 * np.mean(c, axis=axis),
            n_resamples=RESAMPLES,
            batch=10,
            method="percentile",
            confidence_level=0.95,
            rng=np.random.default_rng(1),
        )
        return float(result.confidence_interval.low), float(result.confidence_interval.high)

    cases = [
        Benchmark(
            f"NPS bootstrap interval, {RESAMPLES:,} resamples ({size_label(responses)} responses)",
            "surveys",
            ours_nps,
            scipy_nps,
            "scipy.stats.bootstrap",
            absolute_difference,
            tolerance=0.5 * standard_error,
            repeat=1,
            note=f"difference in NPS points (standard error {standard_error:.2f})",
        )
    ]
    criteria = 50
    standard, weights, critical = audit_standard(criteria, seed=1)
    sizes = (10**4,) if quick else (10**5, 2 * 10**5)
    for audits in sizes:
        sheet = audit_answers(audits, criteria, seed=audits)

        def ours_audits(sheet: Any = sheet) -> Any:
            return sm.compliance.score_audits(standard, sheet).scores

        cases.append(
            Benchmark(
                f"score_audits ({size_label(audits)} audits x {criteria} criteria)",
                "audits",
                ours_audits,
                lambda sheet=sheet: scores_numpy(sheet, weights, critical),
                "NumPy expression",
                relative_difference,
            )
        )
    return cases


if __name__ == "__main__":
    from _harness import run_standalone

    run_standalone(__file__)
