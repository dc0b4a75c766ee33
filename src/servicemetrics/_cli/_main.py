"""The argument parser and the entry point of ``python -m servicemetrics``."""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import Any, Final

from servicemetrics._cli._commands import run_audit, run_clv, run_summary, run_survey
from servicemetrics._cli._demo import demo_report
from servicemetrics._cli._io import CliError, Output, Progress, write_output
from servicemetrics._version import __version__
from servicemetrics.models import ConvergenceError

__all__ = ["build_parser", "main"]

PROG: Final = "python -m servicemetrics"
ERROR_STATUS: Final = 2

_DESCRIPTION = """\
Service-quality metrics from the command line: a demo report on bundled example data, and
reports on your own CSV files (a header row, then one row per transaction, survey answer or
audit). Row numbers in error messages count the header as row 1.
"""

_EXAMPLES: Final = {
    "demo": """\
        examples:
          python -m servicemetrics demo
          python -m servicemetrics demo --seed 7
        """,
    "summary": """\
        TRANSACTIONS.csv has one row per purchase, e.g.
          customer_id,date,amount
          17,2024-03-01,19.99
          17,2024-03-15T14:05,5.00

        examples:
          python -m servicemetrics summary orders.csv --amount-column amount
          python -m servicemetrics summary orders.csv --unit W --end 1997-09-30 \\
              --holdout-end 1998-06-30 --format csv --output summary.csv
        """,
    "clv": """\
        TRANSACTIONS.csv as for "summary"; an amount column is required.

        examples:
          python -m servicemetrics clv orders.csv --horizon 52 --discount-rate 0.002
          python -m servicemetrics clv orders.csv --model pareto-nbd --unit W \\
              --horizon 12 --period 4.33 --discount-rate 0.008 --margin 0.3 --top 10
        """,
    "survey": """\
        EXPORT.csv has one row per respondent, e.g.
          month,score
          2024-01,9
          2024-01,6
        Blank answers are left out (and counted).

        examples:
          python -m servicemetrics survey export.csv --score-column score
          python -m servicemetrics survey export.csv --metric csat --group-column month
          python -m servicemetrics survey export.csv --interval-method bootstrap --seed 1
        """,
    "audit": """\
        SHEET.csv has one row per audit and one column per criterion, answered
          1 / pass / yes, 0 / fail / no, a fraction for partial credit, or
          -1 / N/A / blank for "not applicable", e.g.
          branch,greeting,verifies identity,explains fees
          North,1,1,0.5
          South,yes,no,N/A
        STANDARD.csv (optional) has a row per criterion with columns criterion and,
        optionally, weight (default 1), section, critical (yes/no) and scale
        (pass_fail or partial; by default critical criteria are pass/fail and the
        others take partial credit). Without it every other column is a criterion
        of weight 1.

        examples:
          python -m servicemetrics audit sheet.csv --group-column branch
          python -m servicemetrics audit sheet.csv --standard standard.csv --format json
        """,
}


_METAVARS: Final = {
    "amount_column": "NAME",
    "customer_column": "NAME",
    "date_column": "NAME",
    "group_column": "NAME",
    "score_column": "NAME",
    "delimiter": "CHAR",
    "end": "DATE",
    "holdout_end": "DATE",
    "horizon": "N",
    "top": "N",
    "top_boxes": "N",
    "scale": "N",
    "threshold": "N",
    "seed": "N",
    "customers": "N",
    "period": "LENGTH",
    "discount_rate": "RATE",
    "margin": "SHARE",
    "interval_method": "METHOD",
    "level": "LEVEL",
    "pass_threshold": "SCORE",
}


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def _command(commands: Any, name: str, summary: str, description: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=textwrap.fill(description, 88),
        epilog=textwrap.dedent(_EXAMPLES[name]),
        formatter_class=_formatter,
    )
    return parser


def _add_common(parser: argparse.ArgumentParser, metavar: str, file_help: str) -> None:
    parser.add_argument("file", metavar=metavar, help=file_help)
    output = parser.add_argument_group("input and output")
    output.add_argument(
        "--delimiter", default=",", help="field separator of the CSV file (default ',')"
    )
    output.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="output format (default table: aligned text)",
    )
    output.add_argument(
        "--output", metavar="FILE", help="write the output to FILE instead of standard output"
    )
    output.add_argument(
        "--progress",
        action="store_true",
        help="show stage messages on standard error (default: only when it is a terminal)",
    )
    output.add_argument("--quiet", action="store_true", help="never show stage messages")
    output.add_argument("--debug", action="store_true", help="show the traceback of an error")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number; got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1; got {text!r}")
    return value


def _level(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number; got {text!r}") from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must be in (0, 1); got {text!r}")
    return value


def _add_log_options(parser: argparse.ArgumentParser, *, amount_default: str | None) -> None:
    log = parser.add_argument_group("transaction log")
    log.add_argument(
        "--customer-column", default="customer_id", help="customer column (default customer_id)"
    )
    log.add_argument("--date-column", default="date", help="date column (default date)")
    log.add_argument(
        "--amount-column",
        default=amount_default,
        help=f"amount column (default {amount_default or 'none: no monetary value'})",
    )
    log.add_argument("--end", help="end of observation, ISO 8601 (default: the last transaction)")
    log.add_argument(
        "--grain",
        choices=("D", "W", "M"),
        default="D",
        help="purchases in the same day, week or month count as one (default D)",
    )
    log.add_argument(
        "--unit",
        choices=("D", "W", "M"),
        help="unit of recency and T (default: the grain); M only with --grain M",
    )


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``python -m servicemetrics`` and its subcommands."""
    parser = argparse.ArgumentParser(
        prog=PROG, description=_DESCRIPTION, formatter_class=_formatter
    )
    parser.add_argument("--version", action="version", version=f"servicemetrics {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = _command(
        commands,
        "demo",
        "print a report on bundled example data, every domain",
        "Print a report on the bundled example data: lifetime value, retention, concentration, "
        "costs, word of mouth, compliance, staffing, surveys and customer-base models.",
    )
    demo.add_argument(
        "--customers", type=int, default=5000, help="customers in the example (default 5000)"
    )
    demo.add_argument("--seed", type=int, default=2026, help="seed of the example data")
    demo.add_argument("--debug", action="store_true", help="show the traceback of an error")

    summary = _command(
        commands,
        "summary",
        "per-customer frequency, recency, T and spend from a transaction log",
        "Summarise a transaction log per customer: frequency (repeat purchase periods), "
        "recency and T (time from the first purchase to the last one and to the end), and "
        "the mean repeat spend; with --holdout-end, also the purchases after --end.",
    )
    _add_common(summary, "TRANSACTIONS.csv", "transaction log, one row per purchase")
    _add_log_options(summary, amount_default=None)
    summary.add_argument(
        "--holdout-end",
        help="end of a holdout period after --end (calibration/holdout split), ISO 8601",
    )
    summary.set_defaults(run=run_summary)

    clv = _command(
        commands,
        "clv",
        "fit BG/NBD (or Pareto/NBD) and Gamma-Gamma; value every customer",
        "Fit a purchase model and the Gamma-Gamma spend model to a transaction log and report "
        "each customer's P(alive), expected purchases and spend, and lifetime value over a "
        "horizon of --horizon periods of --period time units.",
    )
    _add_common(clv, "TRANSACTIONS.csv", "transaction log, one row per purchase")
    _add_log_options(clv, amount_default="amount")
    model = clv.add_argument_group("model and value")
    model.add_argument(
        "--model",
        choices=("bg-nbd", "pareto-nbd"),
        default="bg-nbd",
        help="purchase model (default bg-nbd)",
    )
    model.add_argument(
        "--horizon",
        type=_positive_int,
        default=12,
        help="periods valued, and over which purchases are predicted (default 12)",
    )
    model.add_argument(
        "--period",
        type=float,
        default=1.0,
        help="length of one period in the time unit, --unit (default 1)",
    )
    model.add_argument(
        "--discount-rate",
        type=float,
        default=0.0,
        help="discount rate per period (default 0: undiscounted)",
    )
    model.add_argument(
        "--margin",
        type=float,
        default=1.0,
        help="share of spend kept as profit, in [0, 1] (default 1: revenue)",
    )
    model.add_argument(
        "--top", type=_positive_int, help="only the N customers of highest value, highest first"
    )
    clv.set_defaults(run=run_clv)

    survey = _command(
        commands,
        "survey",
        "NPS, CSAT or CES with confidence intervals, overall or per group",
        "Score survey answers: Net Promoter Score from 0-10 answers, CSAT (top-box share of "
        "a 1-5 scale) or the Customer Effort Score (CES 2.0, 1-7 agreement), with confidence "
        "intervals; with --group-column, one row per group and a last row for all answers.",
    )
    _add_common(survey, "EXPORT.csv", "survey export, one row per respondent")
    options = survey.add_argument_group("metric")
    options.add_argument(
        "--metric", choices=("nps", "csat", "ces"), default="nps", help="default nps"
    )
    options.add_argument("--score-column", default="score", help="answers (default score)")
    options.add_argument("--group-column", help="one row per value of this column")
    options.add_argument(
        "--scale", type=int, help="answer options: CSAT 1..scale (default 5), CES (default 7)"
    )
    options.add_argument(
        "--top-boxes",
        type=int,
        help="CSAT: highest answers counted as satisfied (default 2: 4 and 5 of 1-5)",
    )
    options.add_argument(
        "--threshold", type=int, help="CES: lowest answer counted as agreeing (default 5)"
    )
    options.add_argument(
        "--interval-method",
        help="NPS: adjusted-wald (default), wald, score, bootstrap; "
        "CSAT and CES share: wilson (default), wilson-cc, clopper-pearson",
    )
    options.add_argument(
        "--level", type=_level, default=0.95, help="confidence level (default 0.95)"
    )
    options.add_argument("--seed", type=int, default=0, help="seed of the bootstrap (default 0)")
    survey.set_defaults(run=run_survey)

    audit = _command(
        commands,
        "audit",
        "compliance of audits with a standard: score, pass rate, weakest criteria",
        "Score an audit sheet: the mean score with its interval, the pass rate, critical "
        "failures and the criteria from the weakest; with --group-column, one row per group.",
    )
    _add_common(audit, "SHEET.csv", "audit sheet, one row per audit")
    rules = audit.add_argument_group("standard")
    rules.add_argument("--standard", metavar="STANDARD.csv", help="criteria and weights (CSV)")
    rules.add_argument("--group-column", help="one row per value of this column")
    rules.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="COLUMN",
        help="a column that is not a criterion (without --standard; repeatable)",
    )
    rules.add_argument(
        "--pass-threshold", type=float, default=0.8, help="score needed to pass (default 0.8)"
    )
    rules.add_argument(
        "--na-policy",
        choices=("exclude", "pass"),
        default="exclude",
        help="N/A answers leave the points possible (exclude, default) or count as met",
    )
    rules.add_argument(
        "--level", type=_level, default=0.95, help="confidence level (default 0.95)"
    )
    audit.set_defaults(run=run_audit)
    for command in (demo, summary, clv, survey, audit):
        for action in command._actions:
            action.metavar = _METAVARS.get(action.dest, action.metavar)
    return parser


def _fail(message: str) -> int:
    print(f"servicemetrics: error: {message}", file=sys.stderr)
    return ERROR_STATUS


def _run(args: argparse.Namespace) -> int:
    if args.command == "demo":
        print(demo_report(args.customers, seed=args.seed))
        return 0
    progress = Progress.choose(progress=args.progress, quiet=args.quiet)
    runner: Callable[[argparse.Namespace, Progress], Output] = args.run
    output = runner(args, progress)
    progress("writing the output…")
    write_output(output, args.format, args.output)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status (0 success, 2 error)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else ERROR_STATUS
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return _run(args)
    except (CliError, ValueError, ConvergenceError) as error:
        if args.debug:
            raise
        return _fail(" ".join(str(error).split()))
    except KeyboardInterrupt:
        return _fail("interrupted")
