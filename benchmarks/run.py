"""Run the whole benchmark suite: servicemetrics against its peers, timed in the same run.

Usage (from the repository root, in the benchmark environment; see benchmarks/README.md)::

    python benchmarks/run.py                    # every case, full sizes (about 10 minutes)
    python benchmarks/run.py --quick            # small sizes: a smoke run of every case
    python benchmarks/run.py --only "Erlang|NPS" --repeat 5
    python benchmarks/run.py --output /tmp/bench

Every ``bench_*.py`` next to this file that defines ``benchmarks(quick)`` contributes cases.
For each case the driver times servicemetrics and its peer (``lifetimes``, ``pyworkforce``,
SciPy or the bare NumPy expression) in the same process, best of ``--repeat`` calls, checks
that both give the same answer within the case's tolerance, and writes ``latest.csv``,
``latest.md`` and ``latest-machine.csv`` (``quick.*`` with ``--quick``) to the output folder,
with the machine and the versions. The ratio is always servicemetrics time ÷ peer time: below
1 servicemetrics is faster, above 1 it is slower (for a NumPy peer, the overhead of its
checks and result wrapping). A peer that is not installed is reported as such, not an error;
a disagreement between the answers makes the exit status 1.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import gc
import importlib
import math
import os
import platform
import re
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy
from _harness import Benchmark, peak_memory, peer_version, timed

import servicemetrics as sm

HERE = Path(__file__).resolve().parent
PEERS = ("lifetimes", "pandas", "pyworkforce")
ORDER = {
    name: k
    for k, name in enumerate(
        [
            "bench_metrics",
            "bench_transactions",
            "bench_models",
            "bench_staffing",
            "bench_surveys",
            "bench_costs",
            "bench_word_of_mouth",
            "bench_dask",
        ]
    )
}
COLUMNS = (
    "case",
    "servicemetrics (s)",
    "peer",
    "peer (s)",
    "servicemetrics ÷ peer",
    "max difference",
    "peak MiB (servicemetrics / peer)",
    "note",
)


def machine() -> dict[str, str]:
    """The machine and the versions the figures were measured with."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "CPU": f"{os.cpu_count()} logical CPUs, {model}",
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "Python": platform.python_version(),
        "NumPy": np.__version__,
        "SciPy": scipy.__version__,
        "servicemetrics": sm.__version__,
    }
    for peer in PEERS:
        info[peer] = peer_version(peer)
    if hasattr(os, "getloadavg"):
        info["load average at start (1 min)"] = f"{os.getloadavg()[0]:.2f}"
    return info


def suite_modules(names: list[str] | None = None) -> list[Any]:
    """The ``bench_*`` modules that define ``benchmarks(quick)``, in name order."""
    sys.path.insert(0, str(HERE))
    modules = []
    paths = sorted(HERE.glob("bench_*.py"), key=lambda p: (ORDER.get(p.stem, len(ORDER)), p.stem))
    for path in paths:
        if names is not None and path.stem not in names:
            continue
        module = importlib.import_module(path.stem)
        if hasattr(module, "benchmarks"):
            modules.append(module)
    return modules


def seconds(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.3g}" if value < 10 else f"{value:.1f}"


def run_case(case: Benchmark, repeat: int) -> dict[str, str]:
    """Time one case and check its answers; returns the row of the results table."""
    times = case.repeat or repeat
    ours_time, ours = timed(case.ours, times)
    row = {
        "case": case.name,
        "servicemetrics (s)": seconds(ours_time),
        "peer": case.peer_name,
        "peer (s)": "",
        "servicemetrics ÷ peer": "",
        "max difference": "",
        "peak MiB (servicemetrics / peer)": "",
        "note": case.note,
        "_agrees": "yes",
    }
    theirs = None
    if case.peer is None:
        row["peer"] = f"{case.peer_name} (not installed)"
    else:
        peer_time, theirs = timed(case.peer, times)
        row["peer (s)"] = seconds(peer_time)
        row["servicemetrics ÷ peer"] = f"{ours_time / peer_time:.3g}"
        if case.compare is not None:
            difference = case.compare(ours, theirs)
            row["max difference"] = f"{difference:.1e}"
            if not difference <= case.tolerance:  # NaN fails too
                row["_agrees"] = "no"
                row["max difference"] += f" > {case.tolerance:.0e} (DISAGREE)"
    del ours, theirs
    gc.collect()
    if case.memory:
        ours_peak = peak_memory(case.ours)
        peer_peak = "" if case.peer is None else f"{peak_memory(case.peer):.0f}"
        row["peak MiB (servicemetrics / peer)"] = f"{ours_peak:.0f} / {peer_peak or '-'}"
    return row


def markdown(rows: list[dict[str, str]], info: dict[str, str]) -> str:
    """The results as a Markdown page: the machine and versions, then the table."""
    lines = ["# Benchmark results", ""]
    lines += [f"- {key}: {value}" for key, value in info.items()]
    lines += [
        "",
        "Times are the best of the stated number of calls, in seconds. "
        "servicemetrics ÷ peer < 1: servicemetrics is faster; > 1: slower.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "|".join("---:" if "(s)" in c or "÷" in c else "---" for c in COLUMNS) + "|",
    ]
    for row in rows:
        lines.append("| " + " | ".join(row[c].replace("|", "/") for c in COLUMNS) + " |")
    return "\n".join(lines) + "\n"


def write(rows: list[dict[str, str]], info: dict[str, str], folder: Path, stem: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{stem}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([row[c] for c in COLUMNS])
    with open(folder / f"{stem}-machine.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("measured with", ""))
        writer.writerows(info.items())
    (folder / f"{stem}.md").write_text(markdown(rows, info), encoding="utf-8")


def main(modules: list[str] | None = None) -> int:
    """Run the suite (or only the named ``bench_*`` modules, printing without writing files)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--only", help="run only cases whose group or name matches this regex")
    parser.add_argument("--repeat", type=int, default=3, help="timed calls per case (best kept)")
    parser.add_argument(
        "--output",
        type=Path,
        default=None if modules else HERE / "results",
        help="folder for the results files (benchmarks/results when running the suite)",
    )
    args = parser.parse_args()
    pattern = re.compile(args.only, re.IGNORECASE) if args.only else None
    info = machine()
    info["command"] = " ".join(["python", *sys.argv])
    for key, value in info.items():
        print(f"{key}: {value}")
    print()
    rows: list[dict[str, str]] = []
    started = time.perf_counter()
    for module in suite_modules(modules):
        cases: list[Benchmark] = module.benchmarks(args.quick)
        for case in cases:
            if pattern and not (pattern.search(case.name) or pattern.search(case.group)):
                continue
            row = run_case(case, args.repeat)
            rows.append(row)
            print(
                f"{case.name}: servicemetrics {row['servicemetrics (s)']} s, "
                f"{row['peer']} {row['peer (s)'] or '-'} s, ratio "
                f"{row['servicemetrics ÷ peer'] or '-'}, difference "
                f"{row['max difference'] or '-'} {row['peak MiB (servicemetrics / peer)']}",
                flush=True,
            )
        del cases
        gc.collect()
    elapsed = time.perf_counter() - started
    info["suite wall time"] = f"{math.ceil(elapsed)} s"
    if hasattr(os, "getloadavg"):
        info["load average at end (1 min)"] = f"{os.getloadavg()[0]:.2f}"
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        info["peak resident memory of the run"] = f"{peak / 2**20:.1f} GiB"
    except ImportError:
        pass
    stem = "quick" if args.quick else "latest"
    print()
    if args.output is None:
        print(markdown(rows, info))
    else:
        write(rows, info, args.output, stem)
        print(f"{len(rows)} cases in {elapsed:.0f} s; wrote {stem}.csv, .md, -machine.csv")
    disagreements = [row["case"] for row in rows if row["_agrees"] == "no"]
    if disagreements:
        print("Answers disagree in: " + "; ".join(disagreements), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
