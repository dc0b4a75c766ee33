"""The subcommands that read a user's CSV file: summary, clv, survey and audit."""

from __future__ import annotations

import argparse
import math
import warnings
from collections.abc import Callable
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from servicemetrics import compliance, models, surveys, transactions
from servicemetrics._cli._io import (
    CliError,
    Columns,
    Output,
    Progress,
    answer_codes,
    library_error,
    read_csv,
    to_dates,
)
from servicemetrics._validation import InvalidInputError

__all__ = ["run_audit", "run_clv", "run_summary", "run_survey"]

ALL_GROUPS: Final = "(all)"


def _read(args: argparse.Namespace, progress: Progress, path: str | None = None) -> Columns:
    name = args.file if path is None else path
    progress(f"reading {name}…")
    columns = read_csv(name, delimiter=args.delimiter)
    progress(f"read {len(columns):,} rows")
    return columns


# --- summary and clv ------------------------------------------------------------------------


def _log(
    args: argparse.Namespace, columns: Columns, *, amounts: bool
) -> tuple[npt.NDArray[Any], npt.NDArray[np.datetime64], npt.NDArray[np.float64] | None]:
    ids = columns.identifiers(args.customer_column, "--customer-column")
    dates = columns.dates(args.date_column, "--date-column")
    amount = None
    if amounts:
        amount = columns.numbers(args.amount_column, "--amount-column")
    return ids, dates, amount


def _end_date(value: str | None, option: str) -> np.datetime64 | None:
    """An end date given on the command line, checked by the rules of the date column."""
    if value is None:
        return None

    def fail(bad: npt.NDArray[np.bool_], rule: str) -> None:
        if bad.any():
            raise CliError(f"{option} {rule}; got {value!r}")

    date: np.datetime64 = to_dates(np.array([value.strip()]), fail)[0]
    return date


def _whole_day(
    end: np.datetime64 | None, dates: npt.NDArray[np.datetime64]
) -> np.datetime64 | None:
    """A date-only end includes its whole day when the log records times of day."""
    if end is None or np.datetime_data(end.dtype)[0] != "D":
        return end
    if np.datetime_data(dates.dtype)[0] in ("Y", "M", "W", "D"):
        return end
    last: np.datetime64 = end + np.timedelta64(1, "D") - np.timedelta64(1, "s")
    return last


def _summarize(
    args: argparse.Namespace, columns: Columns, progress: Progress, *, amounts: bool
) -> tuple[transactions.TransactionSummary, transactions.CalibrationHoldout | None]:
    ids, dates, amount = _log(args, columns, amounts=amounts)
    end = _whole_day(_end_date(args.end, "--end"), dates)
    holdout_end = _whole_day(_end_date(getattr(args, "holdout_end", None), "--holdout-end"), dates)
    limit, limit_option = end, f"--end ({args.end})"
    if holdout_end is not None:
        limit, limit_option = holdout_end, f"--holdout-end ({args.holdout_end})"
    if limit is not None:
        columns.fail_first(
            args.date_column,
            f"must not be after {limit_option}",
            columns.data[args.date_column],
            dates > limit,
        )
    progress("summarising purchase histories…")
    unit = args.unit
    try:
        if holdout_end is not None:
            if end is None:
                raise CliError("--holdout-end needs --end (the end of the calibration period)")
            if holdout_end <= end:
                raise CliError(
                    f"--holdout-end ({args.holdout_end}) must be after --end ({args.end})"
                )
            if not (dates <= end).any():
                raise CliError(
                    f"{columns.path}: no transaction at or before --end ({args.end}) to "
                    "calibrate on"
                )
            split = transactions.calibration_holdout(
                ids,
                dates,
                amount,
                calibration_end=end,
                observation_end=holdout_end,
                freq=args.grain,
                unit=unit,
            )
            return split.calibration, split
        summary = transactions.summarize(ids, dates, amount, freq=args.grain, unit=unit, end=end)
    except InvalidInputError as error:
        raise _option_error(error) from None
    return summary, None


def _option_error(error: InvalidInputError) -> CliError:
    options = {"freq": "--grain", "unit": "--unit", "end": "--end"}
    option = options.get(error.parameter)
    if option is None:
        return CliError(str(error))
    return CliError(f"{option} {str(error)[len(error.parameter) + 1 :]}")


def _summary_columns(summary: transactions.TransactionSummary) -> dict[str, Any]:
    columns: dict[str, Any] = {
        "customer_id": summary.customer_id,
        "frequency": summary.frequency,
        "recency": summary.recency,
        "T": summary.T,
    }
    if summary.monetary_value is not None:
        columns["monetary_value"] = summary.monetary_value
    return columns


def _summary_facts(summary: transactions.TransactionSummary, n_rows: int) -> dict[str, Any]:
    return {
        "transactions": n_rows,
        "customers": len(summary),
        "end": str(summary.end),
        "grain": summary.freq,
        "unit": summary.unit,
        "repeat buyers": float(np.mean(summary.frequency > 0)),
        "mean frequency": float(np.mean(summary.frequency)),
    }


def run_summary(args: argparse.Namespace, progress: Progress) -> Output:
    """Per-customer frequency, recency, T and monetary value, optionally with a holdout."""
    columns = _read(args, progress)
    summary, split = _summarize(args, columns, progress, amounts=args.amount_column is not None)
    table = _summary_columns(summary)
    facts = _summary_facts(summary, len(columns))
    if split is not None:
        table["frequency_holdout"] = split.frequency_holdout
        if split.monetary_value_holdout is not None:
            table["monetary_value_holdout"] = split.monetary_value_holdout
        facts["calibration end"] = str(summary.end)
        facts["holdout end"] = str(split.observation_end)
        facts["holdout length"] = split.duration_holdout
        facts["holdout purchases"] = int(np.sum(split.frequency_holdout))
    units = {"recency": summary.unit, "T": summary.unit}
    return Output("Customer summary", table, facts, units=units)


_MODELS: Final[dict[str, Any]] = {"bg-nbd": models.BetaGeo, "pareto-nbd": models.ParetoNBD}


def _fit(progress: Progress, what: str, fit: Callable[[], Any]) -> Any:
    progress(f"fitting the {what} model…")
    try:
        return fit()
    except models.ConvergenceError as error:
        raise CliError(f"the {what} model did not converge: {error}") from None
    except InvalidInputError as error:
        raise CliError(f"cannot fit the {what} model: {error}") from None


def _parameters(fitted: models.FittedModel) -> dict[str, Any]:
    summary = fitted.summary()
    return {
        name: {"estimate": float(estimate), "standard_error": _finite_or_none(se)}
        for name, estimate, se in zip(
            summary.names, summary.estimates, summary.standard_errors, strict=True
        )
    }


def _finite_or_none(value: Any) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None


def run_clv(args: argparse.Namespace, progress: Progress) -> Output:
    """Fit a purchase model and the Gamma-Gamma spend model; value every customer."""
    columns = _read(args, progress)
    summary, _ = _summarize(args, columns, progress, amounts=True)
    # A customer whose first purchase falls in the last period has been observed for no time
    # (T = 0): the models say nothing about them, so they are left out and counted.
    observed = summary.T > 0
    if not observed.any():
        raise CliError(
            f"{columns.path}: every customer's first purchase falls in the last period before "
            "--end; there is no history to fit"
        )
    ids = summary.customer_id[observed]
    x, t_x, age = summary.frequency[observed], summary.recency[observed], summary.T[observed]
    value = np.asarray(summary.monetary_value)[observed]
    purchase_class = _MODELS[args.model]
    label = "BG/NBD" if args.model == "bg-nbd" else "Pareto/NBD"
    purchase = _fit(progress, label, lambda: purchase_class.fit(x, t_x, age))
    repeat = x > 0
    negative = repeat & (value <= 0)
    if negative.any():
        first = ids[int(np.argmax(negative))]
        raise CliError(
            f"{columns.path}: customer {first!s} has repeat purchases worth {value[negative][0]:g} "
            "on average; the Gamma-Gamma spend model needs positive amounts"
        )
    spend = _fit(progress, "Gamma-Gamma", lambda: models.GammaGamma.fit(x, value))
    progress(f"predicting for {ids.size:,} customers…")
    window = args.horizon * args.period
    # A fit at the edge of the parameter space can make the predictions overflow; that is
    # reported below as an error rather than printed as a warning and a NaN.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            clv = models.customer_lifetime_value(
                purchase,
                spend,
                x,
                t_x,
                age,
                value,
                discount_rate=args.discount_rate,
                horizon=args.horizon,
                period=args.period,
                margin=args.margin,
            )
        except InvalidInputError as error:
            raise _clv_option_error(error) from None
        table: dict[str, Any] = {
            "customer_id": ids,
            "frequency": x,
            "recency": t_x,
            "T": age,
            "monetary_value": value,
            "p_alive": purchase.p_alive(x, t_x, age),
            "expected_purchases": purchase.conditional_expected_purchases(window, x, t_x, age),
            "expected_spend": spend.expected_spend(x, np.where(repeat, value, 0.0)),
            "clv": clv,
        }
    for name in ("p_alive", "expected_purchases", "expected_spend", "clv"):
        bad = ~np.isfinite(np.asarray(table[name], dtype=float))
        if bad.any():
            raise CliError(
                f"the fitted models give no finite {name} for customer {ids[np.argmax(bad)]!s}: "
                f"the fit is degenerate ({ids.size} customers, {int(repeat.sum())} with repeat "
                "purchases are too few to estimate the models)"
            )
    clv_array = np.asarray(clv)
    if args.top is not None:
        order = np.argsort(-clv_array, kind="stable")[: args.top]
        table = {name: np.asarray(column)[order] for name, column in table.items()}
    facts: dict[str, Any] = {
        "customers": int(observed.sum()),
        "left out (T = 0)": int((~observed).sum()),
        "transactions": len(columns),
        "end": str(summary.end),
        "unit": summary.unit,
        "model": label,
        "log-likelihood": purchase.log_likelihood,
        "purchase parameters": _parameters(purchase),
        "spend parameters": _parameters(spend),
        "horizon": f"{args.horizon} periods of {args.period:g} {summary.unit}",
        "discount rate per period": args.discount_rate,
        "margin": args.margin,
        "total clv": float(clv_array.sum()),
    }
    units = {"recency": summary.unit, "T": summary.unit}
    title = f"Customer lifetime value ({label} + Gamma-Gamma)"
    return Output(title, table, facts, units=units)


def _clv_option_error(error: InvalidInputError) -> CliError:
    options = {
        "discount_rate": "--discount-rate",
        "horizon": "--horizon",
        "period": "--period",
        "margin": "--margin",
    }
    option = options.get(error.parameter, error.parameter)
    return CliError(f"{option} {str(error)[len(error.parameter) + 1 :]}")


# --- survey ---------------------------------------------------------------------------------

_SURVEY_COLUMNS: Final = {
    "nps": ("n", "promoter_share", "passive_share", "detractor_share", "nps", "low", "high"),
    "csat": ("n", "satisfied", "csat", "low", "high", "mean"),
    "ces": ("n", "mean", "low", "high", "agree_share", "agree_low", "agree_high"),
}


def _survey_row(args: argparse.Namespace, scores: npt.NDArray[np.float64]) -> dict[str, Any]:
    """One group's metric and interval (raises the library's errors)."""
    level = args.level
    if args.metric == "nps":
        result = surveys.nps(scores, nan_policy="omit")
        method = args.interval_method or "adjusted-wald"
        low, high = result.confidence_interval(level, method, rng=args.seed)  # type: ignore[arg-type]
        return {
            "n": result.n,
            "promoter_share": result.promoter_share,
            "passive_share": result.passive_share,
            "detractor_share": result.detractor_share,
            "nps": result.score,
            "low": low,
            "high": high,
        }
    if args.metric == "csat":
        csat = surveys.csat(scores, scale=args.scale, top=args.top_boxes, nan_policy="omit")
        low, high = csat.confidence_interval(level, args.interval_method or "wilson")
        return {
            "n": csat.n,
            "satisfied": csat.satisfied,
            "csat": csat.share,
            "low": low,
            "high": high,
            "mean": csat.mean,
        }
    ces = surveys.ces(scores, scale=args.scale, threshold=args.threshold, nan_policy="omit")
    low, high = ces.mean_interval(level) if ces.n >= 2 else (math.nan, math.nan)
    agree_low, agree_high = ces.share_interval(level, args.interval_method or "wilson")
    return {
        "n": ces.n,
        "mean": ces.mean,
        "low": low,
        "high": high,
        "agree_share": ces.agree_share,
        "agree_low": agree_low,
        "agree_high": agree_high,
    }


_INTERVAL_METHODS: Final = {
    "nps": ("adjusted-wald", "wald", "score", "bootstrap"),
    "csat": ("wilson", "wilson-cc", "clopper-pearson"),
    "ces": ("wilson", "wilson-cc", "clopper-pearson"),
}


_SURVEY_OPTIONS: Final = {"scale": "--scale", "top": "--top-boxes", "threshold": "--threshold"}
_SURVEY_DEFAULTS: Final = {
    "nps": {},
    "csat": {"scale": 5, "top_boxes": 2},
    "ces": {"scale": 7, "threshold": 5},
}


def _survey_options(args: argparse.Namespace) -> None:
    """Refuse options of another metric, and fill in the defaults of this one."""
    defaults = _SURVEY_DEFAULTS[args.metric]
    for name in ("scale", "top_boxes", "threshold"):
        if name not in defaults and getattr(args, name) is not None:
            option = "--" + name.replace("_", "-")
            users = [m for m, d in _SURVEY_DEFAULTS.items() if name in d]
            raise CliError(f"{option} applies only to --metric {' or '.join(users)}")
        if getattr(args, name) is None and name in defaults:
            setattr(args, name, defaults[name])


def run_survey(args: argparse.Namespace, progress: Progress) -> Output:
    """NPS, CSAT or CES with confidence intervals, overall or per group."""
    methods = _INTERVAL_METHODS[args.metric]
    if args.interval_method is not None and args.interval_method not in methods:
        raise CliError(
            f"--interval-method must be one of {', '.join(methods)} for --metric "
            f"{args.metric}; got {args.interval_method!r}"
        )
    _survey_options(args)
    columns = _read(args, progress)
    scores = columns.numbers(args.score_column, "--score-column", missing="nan")
    progress(f"scoring {args.metric.upper()}…")
    try:
        overall = _survey_row(args, scores)
    except InvalidInputError as error:
        option = _SURVEY_OPTIONS.get(error.parameter)
        if option is not None:
            raise CliError(f"{option} {str(error)[len(error.parameter) + 1 :]}") from None
        raise library_error(
            error, columns, args.score_column, values=columns.data[args.score_column]
        ) from None
    rows: list[dict[str, Any]] = []
    labels: list[str] = []
    if args.group_column is not None:
        groups = columns.column(args.group_column, "--group-column")
        names, codes = np.unique(groups, return_inverse=True)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(names.size + 1))
        for index, name in enumerate(names.tolist()):
            members = order[bounds[index] : bounds[index + 1]]
            try:
                rows.append(_survey_row(args, scores[members]))
            except InvalidInputError as error:
                raise CliError(
                    f"{columns.path}: group {name!r} of column {args.group_column!r}: {error}"
                ) from None
            labels.append(name)
    rows.append(overall)
    labels.append(ALL_GROUPS)
    table: dict[str, Any] = {}
    if args.group_column is not None:
        table[args.group_column] = labels
    for key in _SURVEY_COLUMNS[args.metric]:
        table[key] = [row[key] for row in rows]
    n_blank = int(np.isnan(scores).sum())
    method = args.interval_method or methods[0]
    facts: dict[str, Any] = {
        "responses": len(columns),
        "blank answers left out": n_blank,
        "confidence level": args.level,
        "interval": method if args.metric != "ces" else f"t (mean), {method} (share agreeing)",
    }
    titles = {
        "nps": "Net Promoter Score (scores 0-10; promoters 9-10, detractors 0-6)",
        "csat": f"CSAT (top {args.top_boxes} boxes of 1-{args.scale})",
        "ces": f"Customer Effort Score (1-{args.scale}; agreeing from {args.threshold})",
    }
    return Output(titles[args.metric], table, facts)


# --- audit ----------------------------------------------------------------------------------

_TRUE: Final = ("1", "true", "yes", "y", "x")
_FALSE: Final = ("0", "false", "no", "n", "")


def _standard_from_file(args: argparse.Namespace, progress: Progress) -> compliance.Standard:
    table = _read(args, progress, args.standard)
    names = table.column("criterion", "--standard")
    table.fail_first("criterion", "must not be empty", names, names == "")
    n = len(table)
    weights = (
        table.numbers("weight", "--standard", low=0) if "weight" in table.data else np.ones(n)
    )
    sections = table.data.get("section", np.full(n, "General"))
    sections = np.where(sections == "", "General", sections)
    critical = np.zeros(n, dtype=bool)
    if "critical" in table.data:
        flags = np.char.lower(table.data["critical"])
        table.fail_first(
            "critical",
            "must be yes/no, true/false or 1/0",
            table.data["critical"],
            ~np.isin(flags, _TRUE + _FALSE),
        )
        critical = np.isin(flags, _TRUE)
    if "scale" in table.data:
        scales = np.char.lower(table.data["scale"])
        table.fail_first(
            "scale",
            "must be pass_fail or partial",
            table.data["scale"],
            ~np.isin(scales, ("pass_fail", "partial", "")),
        )
        scales = np.where(scales == "", np.where(critical, "pass_fail", "partial"), scales)
    else:
        scales = np.where(critical, "pass_fail", "partial")
    try:
        criteria = [
            compliance.Criterion(
                name, weight=weight, critical=bool(flag), scale=scale, section=section
            )
            for name, weight, flag, scale, section in zip(
                names.tolist(),
                weights.tolist(),
                critical.tolist(),
                scales.tolist(),
                sections.tolist(),
                strict=True,
            )
        ]
        return compliance.Standard("standard", criteria, pass_threshold=args.pass_threshold)
    except InvalidInputError as error:
        raise library_error(error, table, "criterion") from None


def _default_standard(args: argparse.Namespace, columns: Columns) -> compliance.Standard:
    skip = {args.group_column, *args.exclude}
    names = [name for name in columns.names if name not in skip]
    if not names:
        raise CliError(f"{columns.path}: no criterion columns left to score")
    criteria = [compliance.Criterion(name, scale="partial") for name in names]
    return compliance.Standard("equal weights", criteria, pass_threshold=args.pass_threshold)


def _score(
    standard: compliance.Standard,
    matrix: npt.NDArray[np.float64],
    args: argparse.Namespace,
    columns: Columns,
    rows: npt.NDArray[np.int64],
) -> compliance.ComplianceReport:
    try:
        return compliance.score_audits(
            standard, matrix, confidence_level=args.level, na_policy=args.na_policy
        )
    except InvalidInputError as error:
        index = error.index
        if isinstance(index, tuple):
            name = standard.names[index[1]]
            text = columns.data[name][np.searchsorted(columns.rows, rows[index[0]])]
            raise CliError(
                f"{columns.path}: column {name!r} {error.rule}; got {str(text)!r} at row "
                f"{int(rows[index[0]])} (rows counted with the header as row 1)"
            ) from None
        if isinstance(index, int):
            raise CliError(
                f"{columns.path}: {error.parameter} {error.rule} (row {int(rows[index])}, "
                "rows counted with the header as row 1)"
            ) from None
        raise CliError(str(error)) from None


def _report_row(report: compliance.ComplianceReport) -> dict[str, Any]:
    return {
        "audits": report.n_audits,
        "score": report.score,
        "score_low": report.score_interval[0],
        "score_high": report.score_interval[1],
        "pass_rate": report.pass_rate,
        "pass_low": report.pass_rate_interval[0],
        "pass_high": report.pass_rate_interval[1],
        "critical_failures": report.critical_failure_count,
    }


def run_audit(args: argparse.Namespace, progress: Progress) -> Output:
    """Compliance of audits with a standard: score, pass rate, critical failures, criteria."""
    standard = None if args.standard is None else _standard_from_file(args, progress)
    columns = _read(args, progress)
    if standard is None:
        standard = _default_standard(args, columns)
    matrix = answer_codes(columns, standard.names)
    progress(f"scoring {len(columns):,} audits against {len(standard.criteria)} criteria…")
    report = _score(standard, matrix, args, columns, columns.rows)
    facts: dict[str, Any] = {
        "criteria": len(standard.criteria),
        **_report_row(report),
        "pass threshold": report.threshold,
        "confidence level": report.confidence_level,
        "N/A answers": args.na_policy,
    }
    if args.group_column is None:
        index = {name: i for i, name in enumerate(standard.names)}
        order = [index[name] for name in report.worst_criteria.tolist()]
        criteria = standard.criteria
        table = {
            "criterion": report.worst_criteria.tolist(),
            "section": [criteria[i].section for i in order],
            "weight": standard.weights[order],
            "critical": standard.critical[order],
            "compliance": report.criterion_compliance[order],
            "audits": report.criterion_applicable[order],
        }
        return Output("Compliance, criteria from the weakest", table, facts)
    groups = columns.column(args.group_column, "--group-column")
    names, codes = np.unique(groups, return_inverse=True)
    rows: list[dict[str, Any]] = []
    for code in range(names.size):
        members = codes == code
        group_report = _score(standard, matrix[members], args, columns, columns.rows[members])
        rows.append(_report_row(group_report))
    rows.append(_report_row(report))
    table = {args.group_column: [*names.tolist(), ALL_GROUPS]}
    for key in rows[0]:
        table[key] = [row[key] for row in rows]
    facts["weakest criteria"] = report.worst_criteria[:3].tolist()
    return Output(f"Compliance by {args.group_column}", table, facts)
