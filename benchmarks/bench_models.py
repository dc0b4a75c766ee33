"""Customer-base models: servicemetrics against lifetimes, in the same run.

Fits BG/NBD, Pareto/NBD and gamma-gamma on the CDNOW sample and on a synthetic base, and
predicts for every customer of the synthetic base, timing both libraries and checking that
they reach the same maximum of the likelihood. Run from the repository root in an environment
with ``lifetimes`` installed (it is not a dependency of servicemetrics)::

    PYTHONPATH=src python benchmarks/bench_models.py --size 1e6

``lifetimes`` fits run in a child process capped at ``--cap`` seconds; a fit that does not
finish in time is reported as "> cap". servicemetrics fits on the distinct histories (it merges
identical rows itself; the time includes that step). Synthetic recency and T are whole days
expressed in weeks, as a daily transaction log gives them.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import platform
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from _harness import timed

import servicemetrics as sm
from servicemetrics.datasets import load_cdnow_summary
from servicemetrics.models import BetaGeo, GammaGamma, ParetoNBD

ROWS: list[tuple[str, float, float | None, str]] = []


def _child(queue: Any, function: Callable[..., Any], args: tuple) -> None:
    warnings.simplefilter("ignore")
    start = time.perf_counter()
    result = function(*args)
    queue.put((time.perf_counter() - start, result))


def capped(function: Callable[..., Any], args: tuple, cap: float) -> tuple[float, Any] | None:
    """Run ``function(*args)`` in a child process; None if it takes longer than ``cap``."""
    context = mp.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(queue, function, args))
    process.start()
    try:
        outcome = queue.get(timeout=cap)
    except Exception:
        process.terminate()
        process.join()
        return None
    process.join()
    return outcome


# --- lifetimes calls (module level so that child processes can run them) ---


def lifetimes_bgnbd(x: np.ndarray, t_x: np.ndarray, age: np.ndarray) -> list[float]:
    from lifetimes import BetaGeoFitter

    fitter = BetaGeoFitter().fit(x, t_x, age)
    return [float(fitter.params_[k]) for k in ("r", "alpha", "a", "b")]


def lifetimes_pnbd(x: np.ndarray, t_x: np.ndarray, age: np.ndarray) -> list[float]:
    from lifetimes import ParetoNBDFitter

    fitter = ParetoNBDFitter().fit(x, t_x, age)
    return [float(fitter.params_[k]) for k in ("r", "alpha", "s", "beta")]


def lifetimes_gamma_gamma(x: np.ndarray, value: np.ndarray) -> list[float]:
    from lifetimes import GammaGammaFitter

    fitter = GammaGammaFitter().fit(x, value)
    return [float(fitter.params_[k]) for k in ("p", "q", "v")]


def total_ll(model_class: type, params: list[float], *data: np.ndarray) -> float:
    """The total log-likelihood of ``data`` under ``params``, by servicemetrics's formula."""
    return float(np.sum(model_class(*params).log_likelihood_of(*data)))


def record(case: str, ours: float, theirs: float | None, note: str = "") -> None:
    ROWS.append((case, ours, theirs, note))
    shown = "> cap" if theirs is None else f"{theirs:.3f}"
    print(f"{case}: servicemetrics {ours:.4f} s, lifetimes {shown} s {note}", flush=True)


def compare_fit(
    case: str,
    model_class: type,
    ours_fit: Callable[[], Any],
    theirs: Callable[..., list[float]],
    data: tuple[np.ndarray, ...],
    ll_data: tuple[np.ndarray, ...],
    repeat: int,
    cap: float,
) -> None:
    seconds, model = timed(ours_fit, repeat)
    outcome = capped(theirs, data, cap)
    if outcome is None:
        record(case, seconds, None, "(lifetimes capped)")
        return
    their_seconds, their_params = outcome
    ours_ll = total_ll(model_class, list(model.parameters.values()), *ll_data)
    their_ll = total_ll(model_class, their_params, *ll_data)
    relative = abs(ours_ll - their_ll) / abs(their_ll)
    record(
        case,
        seconds,
        their_seconds,
        f"LL {ours_ll:.6f} vs {their_ll:.6f} (relative difference {relative:.1e})",
    )


def synthetic_base(size: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    age = rng.integers(7, 365, size=size) / 7.0
    bg = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426).simulate(age, seed=rng)
    pn = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669).simulate(age, seed=rng)
    day = 1.0 / 7.0
    bg_recency = np.floor(bg.recency / day) * day
    pn_recency = np.floor(pn.recency / day) * day
    value = np.round(GammaGamma(p=6.25, q=3.74, gamma=15.44).simulate(bg.frequency, seed=rng), 2)
    value = np.where(bg.frequency > 0, np.maximum(value, 0.01), 0.0)
    return {
        "T": age,
        "bg_x": bg.frequency,
        "bg_tx": bg_recency,
        "pn_x": pn.frequency,
        "pn_tx": pn_recency,
        "value": value,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=1e6, help="synthetic customers")
    parser.add_argument("--repeat", type=int, default=3, help="best of, for CDNOW cases")
    parser.add_argument("--cap", type=float, default=900.0, help="seconds per lifetimes fit")
    args = parser.parse_args()
    size = int(args.size)
    import lifetimes

    cdnow = load_cdnow_summary()
    x, t_x, age, value = cdnow.frequency, cdnow.recency, cdnow.T, cdnow.monetary_value
    buyers = x > 0
    compare_fit(
        "BG/NBD fit, CDNOW (2,357 customers)",
        BetaGeo,
        lambda: BetaGeo.fit(x, t_x, age),
        lifetimes_bgnbd,
        (x, t_x, age),
        (x, t_x, age),
        args.repeat,
        args.cap,
    )
    compare_fit(
        "Pareto/NBD fit, CDNOW",
        ParetoNBD,
        lambda: ParetoNBD.fit(x, t_x, age),
        lifetimes_pnbd,
        (x, t_x, age),
        (x, t_x, age),
        args.repeat,
        args.cap,
    )
    compare_fit(
        "Gamma-gamma fit, CDNOW (946 repeat buyers)",
        GammaGamma,
        lambda: GammaGamma.fit(x, value),
        lifetimes_gamma_gamma,
        (x[buyers], value[buyers]),
        (x[buyers], value[buyers]),
        args.repeat,
        args.cap,
    )

    base = synthetic_base(size, seed=2026)
    n = f"{size:.0e}"
    spenders = base["bg_x"] > 0
    distinct = np.unique(np.column_stack([base["bg_x"], base["bg_tx"], base["T"]]), axis=0)
    print(f"synthetic BG/NBD base: {size} customers, {distinct.shape[0]} distinct histories")
    compare_fit(
        f"BG/NBD fit, synthetic ({n} customers)",
        BetaGeo,
        lambda: BetaGeo.fit(base["bg_x"], base["bg_tx"], base["T"]),
        lifetimes_bgnbd,
        (base["bg_x"], base["bg_tx"], base["T"]),
        (base["bg_x"], base["bg_tx"], base["T"]),
        1,
        args.cap,
    )
    compare_fit(
        f"Pareto/NBD fit, synthetic ({n} customers)",
        ParetoNBD,
        lambda: ParetoNBD.fit(base["pn_x"], base["pn_tx"], base["T"]),
        lifetimes_pnbd,
        (base["pn_x"], base["pn_tx"], base["T"]),
        (base["pn_x"], base["pn_tx"], base["T"]),
        1,
        args.cap,
    )
    compare_fit(
        f"Gamma-gamma fit, synthetic ({int(spenders.sum()):.0e} repeat buyers)",
        GammaGamma,
        lambda: GammaGamma.fit(base["bg_x"], base["value"]),
        lifetimes_gamma_gamma,
        (base["bg_x"][spenders], base["value"][spenders]),
        (base["bg_x"][spenders], base["value"][spenders]),
        1,
        args.cap,
    )

    from lifetimes import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter

    bg = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
    pn = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
    gg = GammaGamma(p=6.25, q=3.74, gamma=15.44)
    their_bg = BetaGeoFitter()
    their_bg.params_ = __import__("pandas").Series(bg.parameters)
    their_pn = ParetoNBDFitter()
    their_pn.params_ = __import__("pandas").Series(pn.parameters)
    their_gg = GammaGammaFitter()
    their_gg.params_ = __import__("pandas").Series({"p": gg.p, "q": gg.q, "v": gg.gamma})
    bx, btx, tt, pxx, ptx = base["bg_x"], base["bg_tx"], base["T"], base["pn_x"], base["pn_tx"]
    predictions = [
        (
            "BG/NBD conditional expected purchases, 39 weeks",
            lambda: bg.conditional_expected_purchases(39.0, bx, btx, tt),
            lambda: their_bg.conditional_expected_number_of_purchases_up_to_time(
                39.0, bx, btx, tt
            ),
        ),
        (
            "BG/NBD P(alive)",
            lambda: bg.p_alive(bx, btx, tt),
            lambda: their_bg.conditional_probability_alive(bx, btx, tt),
        ),
        (
            "Pareto/NBD conditional expected purchases, 39 weeks",
            lambda: pn.conditional_expected_purchases(39.0, pxx, ptx, tt),
            lambda: their_pn.conditional_expected_number_of_purchases_up_to_time(
                39.0, pxx, ptx, tt
            ),
        ),
        (
            "Pareto/NBD P(alive)",
            lambda: pn.p_alive(pxx, ptx, tt),
            lambda: their_pn.conditional_probability_alive(pxx, ptx, tt),
        ),
        (
            "Gamma-gamma expected spend",
            lambda: gg.expected_spend(bx, base["value"]),
            lambda: their_gg.conditional_expected_average_profit(bx, base["value"]),
        ),
    ]
    for name, ours, theirs in predictions:
        ours_seconds, ours_values = timed(ours, 1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            their_seconds, their_values = timed(theirs, 1)
        their_values = np.asarray(their_values, dtype=float)
        finite = np.isfinite(their_values)
        gap = float(
            np.max(
                np.abs(ours_values[finite] - their_values[finite])
                / np.maximum(np.abs(their_values[finite]), 1e-12)
            )
        )
        note = f"max relative difference {gap:.1e}"
        if not finite.all():
            note += f"; lifetimes non-finite for {int((~finite).sum())} customers"
        record(f"{name} ({n} customers)", ours_seconds, their_seconds, note)

    print()
    print(
        f"servicemetrics {sm.__version__}, lifetimes {lifetimes.__version__}, NumPy "
        f"{np.__version__}, Python {platform.python_version()}, {platform.machine()}"
    )
    print()
    print("| case | servicemetrics (s) | lifetimes (s) | speed-up | notes |")
    print("|---|---:|---:|---:|---|")
    for case, ours, theirs, note in ROWS:
        if theirs is None:
            print(
                f"| {case} | {ours:.3f} | > {args.cap:.0f} (capped) | > {args.cap / ours:.0f}x | {note} |"
            )
        else:
            print(f"| {case} | {ours:.3f} | {theirs:.3f} | {theirs / ours:.1f}x | {note} |")


if __name__ == "__main__":
    main()
