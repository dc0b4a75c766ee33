"""Command line: ``python -m servicemetrics demo`` prints a report on the example customer base."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import numpy as np

from servicemetrics import concentration, lifetime_value, reference, retention
from servicemetrics._version import __version__
from servicemetrics.datasets import load_example_customers

__all__ = ["demo_report", "main"]


def _money(value: float) -> str:
    return f"{value:,.0f}"


def _section(title: str) -> list[str]:
    return ["", title, "-" * len(title)]


def demo_report(n_customers: int = 5000, *, seed: int = 2026) -> str:
    """Build the demo report on the example customer base as text.

    Parameters
    ----------
    n_customers : int, default 5000
        Customers who ever joined the example business.
    seed : int, default 2026
        Seed of the example data.

    Returns
    -------
    str
        The report, one line per fact.
    """
    base = load_example_customers(n_customers, seed=seed)
    lines = [
        f"servicemetrics {__version__} — demo report",
        f"Example subscription business: {base.customer_id.size:,} customers ever joined, "
        f"{int(base.active.sum()):,} still active (seed {seed}; see servicemetrics.datasets).",
    ]

    lines += _section("Retention (from yearly customer counts)")
    rates = np.asarray(
        retention.retention_rate(
            base.customers_at_start, base.customers_at_end, base.new_customers
        )
    )
    lines.append(f"{'year':>6} {'start':>7} {'end':>7} {'new':>6} {'retention':>10}")
    for year, start, end, new, rate in zip(
        base.year,
        base.customers_at_start,
        base.customers_at_end,
        base.new_customers,
        rates,
        strict=True,
    ):
        lines.append(f"{year:>6} {start:>7.0f} {end:>7.0f} {new:>6.0f} {rate:>10.1%}")
    pooled = float(
        retention.retention_rate(
            base.customers_at_start.sum(), base.customers_at_end.sum(), base.new_customers.sum()
        )
    )
    churn = 1.0 - pooled
    lines.append(f"Pooled annual retention {pooled:.1%}, churn {churn:.1%}.")
    lines.append(
        f"Expected lifetime at that churn: {retention.expected_lifetime(churn):.1f} years "
        f"(whole years, counting the year of leaving); constant-hazard estimate from observed "
        f"tenures: {retention.lifetime_from_tenure(base.tenure_years, base.churned):.1f} years."
    )

    lines += _section("Customer lifetime value (Gupta & Lehmann, margin at year end)")
    active_margin = base.annual_margin[base.active]
    values = np.asarray(lifetime_value.clv(active_margin, pooled, base.discount_rate))
    multiple = lifetime_value.margin_multiple(pooled, base.discount_rate)
    lines.append(
        f"Discount rate {base.discount_rate:.0%}: each customer is worth {multiple:.2f} years "
        f"of margin."
    )
    lines.append(
        f"CLV per active customer: mean {_money(values.mean())}, median "
        f"{_money(float(np.median(values)))}, 90th percentile "
        f"{_money(float(np.percentile(values, 90)))}."
    )
    equity = values.sum()
    lines.append(f"Customer equity of the active base: {_money(float(equity))}.")
    elasticity = lifetime_value.retention_elasticity(pooled, base.discount_rate)
    lines.append(
        f"Retention elasticity: +1% retention → +{elasticity:.1f}% CLV "
        f"(Gupta, Lehmann & Stuart 2004 report about 5% for firm value)."
    )

    lines += _section("Concentration of margin (active customers)")
    share = float(concentration.top_share(active_margin, fraction=0.2))
    lines.append(
        f"Top 20% of customers hold {share:.1%} of margin; Gini coefficient "
        f"{concentration.gini(active_margin):.3f}."
    )
    lines.append(
        "Against published measurements: " + reference.TOP_20_PERCENT_SHARE.compare(share)
    )
    tiers = concentration.assign_tiers(active_margin)
    lines.append(f"{'tier':>6} {'customers':>10} {'of base':>8} {'of margin':>10}")
    for label, count, customer_share, value_share in zip(
        tiers.tier_labels, tiers.counts, tiers.customer_shares, tiers.value_shares, strict=True
    ):
        lines.append(f"{label:>6} {count:>10,} {customer_share:>8.1%} {value_share:>10.1%}")
    return "\n".join(lines)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m servicemetrics",
        description="Service-quality metrics: lifetime value, retention and concentration.",
    )
    parser.add_argument("--version", action="version", version=f"servicemetrics {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="print a report on the bundled example customer base")
    demo.add_argument(
        "--customers", type=int, default=5000, help="customers in the example (default 5000)"
    )
    demo.add_argument("--seed", type=int, default=2026, help="seed of the example data")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.command == "demo":
        try:
            print(demo_report(args.customers, seed=args.seed))
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        return 0
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
