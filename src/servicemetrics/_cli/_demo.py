"""The demo report: every domain of the library on bundled or seeded example data.

Each section has its own builder returning lines of text, so that the report can be
assembled, tested and reused piece by piece. The synthetic data (audits, complaint cases,
survey answers) are drawn from generators seeded by the report's ``seed``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from servicemetrics import (
    compliance,
    concentration,
    costs,
    lifetime_value,
    models,
    quality,
    reference,
    retention,
    staffing,
    surveys,
    transactions,
)
from servicemetrics import word_of_mouth as wom
from servicemetrics._cli._io import format_table
from servicemetrics._version import __version__
from servicemetrics.datasets import (
    ExampleCustomerBase,
    load_cdnow_transactions,
    load_example_customers,
)

__all__ = [
    "compliance_section",
    "costs_section",
    "customer_base_section",
    "demo_report",
    "models_section",
    "staffing_section",
    "surveys_section",
    "word_of_mouth_section",
]


def _money(value: float) -> str:
    return f"{value:,.0f}"


def _section(title: str) -> list[str]:
    return ["", title, "-" * len(title)]


def _interval(low: float, high: float, fmt: str = ".1f") -> str:
    return f"[{low:{fmt}}, {high:{fmt}}]"


def customer_base_section(base: ExampleCustomerBase, seed: int) -> list[str]:
    """Retention, lifetime value and concentration of the example subscription business."""
    lines = [
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
    lines.append(f"Customer equity of the active base: {_money(float(values.sum()))}.")
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
    return lines


# The quarter of a subscription business used by the costs and word-of-mouth sections (the
# same figures as the guide "Acquisition versus retention").
ACQUISITION_SPEND = 120_000.0
NEW_CUSTOMERS = 1_500
RETENTION_SPEND = 36_000.0
CUSTOMERS_AT_START = 10_000
CUSTOMERS_AT_END = 10_500
MONTHLY_REVENUE = 25.0
GROSS_MARGIN = 0.8
ANNUAL_DISCOUNT = 0.10


def costs_section() -> list[str]:
    """Unit economics of acquisition against retention, and the value of better retention."""
    quarterly = float(
        retention.retention_rate(CUSTOMERS_AT_START, CUSTOMERS_AT_END, NEW_CUSTOMERS)
    )
    retained = round(quarterly * CUSTOMERS_AT_START)
    monthly_retention = float(retention.convert_retention(quarterly, 1 / 3))
    monthly_discount = (1 + ANNUAL_DISCOUNT) ** (1 / 12) - 1
    economics = costs.unit_economics(
        acquisition_spend=ACQUISITION_SPEND,
        new_customers=NEW_CUSTOMERS,
        retention_spend=RETENTION_SPEND,
        retained_customers=retained,
        monthly_revenue=MONTHLY_REVENUE,
        gross_margin=GROSS_MARGIN,
        monthly_retention=monthly_retention,
        monthly_discount_rate=monthly_discount,
    )
    monthly_margin = MONTHLY_REVENUE * GROSS_MARGIN
    gain = float(
        costs.retention_gain_value(
            CUSTOMERS_AT_START, monthly_margin, monthly_retention, 0.001, monthly_discount
        )
    )
    lines = _section("Acquisition versus retention (one quarter of a subscription business)")
    lines.append(
        f"Spent {_money(ACQUISITION_SPEND)} to win {NEW_CUSTOMERS:,} customers and "
        f"{_money(RETENTION_SPEND)} to keep {retained:,} of {CUSTOMERS_AT_START:,}; "
        f"revenue {MONTHLY_REVENUE:g} a month at {GROSS_MARGIN:.0%} gross margin; "
        f"{ANNUAL_DISCOUNT:.0%} a year cost of capital."
    )
    lines += format_table(
        {
            "measure": [
                "acquisition cost (CAC)",
                "retention cost",
                "acquisition : retention",
                "lifetime value",
                "LTV : CAC",
                "CAC payback",
            ],
            "value": [
                f"{economics.cac:,.2f}",
                f"{economics.retention_cost:,.2f}",
                f"{economics.acquisition_retention_ratio:.1f}",
                f"{economics.clv:,.2f}",
                f"{economics.ltv_to_cac:.2f}",
                f"{economics.payback_months:.1f}",
            ],
            "unit": [
                "per new customer",
                "per customer kept",
                "times",
                "per new customer",
                "times",
                "months",
            ],
        },
        {},
    )
    lines.append(
        f"Monthly retention {monthly_retention:.2%} (quarterly {quarterly:.0%}). "
        + reference.ACQUISITION_RETENTION_COST_RATIO.compare(
            float(economics.acquisition_retention_ratio)
        )
        + "."
    )
    lines.append(
        f"Value of +0.1 point of monthly retention across the {CUSTOMERS_AT_START:,} "
        f"customers: {_money(gain)} of discounted margin."
    )
    return lines


def word_of_mouth_section() -> list[str]:
    """Reach of satisfied against dissatisfied customers, the complaint iceberg, a cascade."""
    complaints = 64
    rate = reference.COMPLAINT_RATE
    rates = np.array([rate.low, rate.typical, rate.high])
    iceberg = wom.complaint_iceberg(complaints, rates)
    dissatisfied = float(np.asarray(iceberg.dissatisfied)[0])
    customers = CUSTOMERS_AT_START * 2
    satisfied = customers - dissatisfied
    balance = wom.reach_balance(
        satisfied,
        dissatisfied,
        satisfied_talking=0.3,
        satisfied_tell=5,
        dissatisfied_talking=1.0,
        dissatisfied_tell=10,
    )
    cascade = wom.cascade_reach(float(balance.negative), 0.3, dispersion=0.5, generations=3)
    lines = _section("Word of mouth")
    lines.append(
        f"Complaint iceberg: {complaints} complaints; dissatisfied customers behind them at "
        "the reference complaint rates:"
    )
    lines += format_table(
        {
            "complaint rate": [f"{r:.0%}" for r in rates],
            "dissatisfied": [f"{d:,.0f}" for d in np.asarray(iceberg.dissatisfied)],
            "silent": [f"{s:,.0f}" for s in np.asarray(iceberg.silent)],
        },
        {},
    )
    lines.append(f"({rate.grade.value}: {rate.source})")
    lines.append(
        f"Reach among {customers:,} customers, taking {dissatisfied:,.0f} dissatisfied: "
        f"{float(balance.positive):,.0f} people hear praise (30% of the satisfied tell 5 each), "
        f"{float(balance.negative):,.0f} hear complaints (every dissatisfied customer tells 10); "
        f"{float(balance.negative_to_positive):.2f} negative per positive."
    )
    generations = ", ".join(f"{g:,.0f}" for g in cascade.per_generation)
    lines.append(
        f"Retold at 0.3 per hearer (dispersion 0.5): generations {generations}; "
        f"{float(cascade.total):,.0f} people in all."
    )
    return lines


AUDIT_STANDARD = compliance.Standard(
    "Branch visit",
    [
        compliance.Criterion("verifies identity", weight=0, critical=True, section="Security"),
        compliance.Criterion("greets within 30 s", section="Welcome"),
        compliance.Criterion("uses customer's name", section="Welcome"),
        compliance.Criterion("explains fees", weight=2, scale="partial", section="Advice"),
        compliance.Criterion("offers follow-up", section="Advice"),
    ],
    pass_threshold=0.8,
)
"""The small audit standard scored in the demo."""


def synthetic_audits(n_audits: int, rng: np.random.Generator) -> npt.NDArray[np.float64]:
    """Audit answers for :data:`AUDIT_STANDARD`: pass/fail draws, partial credit and N/A."""
    passes = rng.random((n_audits, 5)) < np.array([0.97, 0.9, 0.75, 1.0, 0.8])
    answers = passes.astype(np.float64)
    answers[:, 3] = rng.choice([0.0, 0.5, 1.0], size=n_audits, p=[0.1, 0.3, 0.6])
    answers[rng.random(n_audits) < 0.3, 4] = compliance.NOT_APPLICABLE
    return answers


def synthetic_cases(
    n_cases: int, rng: np.random.Generator
) -> tuple[npt.NDArray[np.datetime64], npt.NDArray[np.datetime64], npt.NDArray[np.str_]]:
    """Complaints opened on the working days of March 2024, resolved after lognormal times."""
    days = np.busday_offset("2024-03-01", rng.integers(0, 21, n_cases), roll="forward")
    minutes = rng.integers(9 * 60, 17 * 60, n_cases).astype("timedelta64[m]")
    opened = days.astype("datetime64[m]") + minutes
    major = rng.random(n_cases) < 0.3
    hours = rng.lognormal(np.where(major, np.log(30.0), np.log(4.0)), 0.8)
    closed = opened + (hours * 60).astype("timedelta64[m]")
    return opened, closed, np.where(major, "major", "minor")


def compliance_section(rng: np.random.Generator) -> list[str]:
    """A seeded audit programme, a complaint-handling time standard and a defect rate."""
    report = compliance.score_audits(AUDIT_STANDARD, synthetic_audits(60, rng))
    lines = _section("Compliance with service standards (seeded synthetic audits)")
    lines.append(
        f"{AUDIT_STANDARD.name}: {report.n_audits} audits, mean score {report.score:.1%} "
        f"{_interval(*(100 * np.array(report.score_interval)))}%, pass rate "
        f"{report.pass_rate:.1%} {_interval(*(100 * np.array(report.pass_rate_interval)))}% "
        f"at the {report.threshold:.0%} threshold; {report.critical_failure_count} audits failed "
        "the critical criterion."
    )
    index = {name: i for i, name in enumerate(report.criteria.tolist())}
    order = [index[name] for name in report.worst_criteria.tolist()]
    lines += format_table(
        {
            "criterion (weakest first)": report.worst_criteria.tolist(),
            "weight": [f"{w:g}" for w in AUDIT_STANDARD.weights[order]],
            "critical": ["yes" if c else "" for c in AUDIT_STANDARD.critical[order]],
            "compliance": [f"{c:.1%}" for c in report.criterion_compliance[order]],
            "audits": report.criterion_applicable[order].tolist(),
        },
        {},
    )
    opened, closed, classes = synthetic_cases(200, rng)
    as_of = np.datetime64("2024-04-02T12:00")
    closed = np.where(closed <= as_of, closed, np.datetime64("NaT"))
    timely = compliance.time_standard_attainment(
        opened,
        closed,
        classes,
        standard=compliance.COMPLAINT_HANDLING,
        as_of=as_of,
        holidays=["2024-03-29", "2024-04-01"],
    )
    targets = {t.case_class: t for t in compliance.COMPLAINT_HANDLING.targets}
    lines.append(
        f"Complaint handling ({len(opened)} cases in March 2024, as of {as_of}, "
        "Easter holidays off):"
    )
    lines += format_table(
        {
            "class": timely.classes.tolist(),
            "target": [
                f"{targets[c].limit:g} working days" if targets[c].limit else "same working day"
                for c in timely.classes.tolist()
            ],
            "met": timely.met.tolist(),
            "failed": timely.failed.tolist(),
            "pending": timely.pending.tolist(),
            "attainment": [
                f"{r:.1%} {_interval(100 * lo, 100 * hi)}%"
                for r, lo, hi in zip(timely.rate, timely.low, timely.high, strict=True)
            ],
        },
        {},
    )
    defects, units, opportunities = 38, 1_200, 5
    dpmo = float(quality.dpmo(defects, units, opportunities))
    lines.append(
        f"Claims processing: {defects} errors in {units:,} claims of {opportunities} "
        f"opportunities each = {dpmo:,.0f} DPMO, sigma level {float(quality.sigma_level(dpmo)):.2f}."
    )
    return lines


def staffing_section() -> list[str]:
    """Erlang C: agents needed for 80% of calls answered within 20 seconds."""
    calls = np.array([50, 100, 200, 400])
    interval, handle_time, target = 1800.0, 180.0, 20.0
    rate = calls / interval
    needed = np.asarray(
        staffing.agents_needed(rate, handle_time, target_time=target, service_level=0.8)
    )
    measures = staffing.erlang_c(needed, rate, handle_time, target_time=target)
    scheduled = np.asarray(
        staffing.agents_needed(
            rate, handle_time, target_time=target, service_level=0.8, shrinkage=0.3
        )
    )
    lines = _section("Contact-centre staffing (Erlang C, 80% answered within 20 s)")
    lines.append(f"Half-hour intervals, average handle time {handle_time:g} s; 30% shrinkage.")
    lines += format_table(
        {
            "calls": calls.tolist(),
            "load (Erlangs)": [f"{a:.1f}" for a in np.asarray(measures.offered_load)],
            "agents": needed.tolist(),
            "service level": [f"{s:.1%}" for s in np.asarray(measures.service_level)],
            "ASA (s)": [f"{a:.1f}" for a in np.asarray(measures.average_speed_of_answer)],
            "occupancy": [f"{o:.1%}" for o in np.asarray(measures.occupancy)],
            "to schedule": scheduled.tolist(),
        },
        {},
    )
    lines.append("Bigger teams answer the same service level at a higher occupancy.")
    return lines


def _draw(rng: np.random.Generator, n: int, low: int, shares: Sequence[float]) -> Any:
    p = np.asarray(shares, dtype=float)
    return rng.choice(np.arange(low, low + p.size), size=n, p=p / p.sum())


def surveys_section(rng: np.random.Generator) -> list[str]:
    """NPS with an adjusted-Wald interval, CSAT and CES on seeded synthetic answers."""
    recommend = _draw(rng, 400, 0, [2, 1, 2, 3, 3, 6, 8, 15, 18, 20, 22])
    satisfaction = _draw(rng, 300, 1, [5, 8, 15, 37, 35])
    effort = _draw(rng, 250, 1, [4, 6, 8, 12, 25, 25, 20])
    net = surveys.nps(recommend)
    csat = surveys.csat(satisfaction)
    ces = surveys.ces(effort)
    lines = _section("Surveys (seeded synthetic answers)")
    lines += format_table(
        {
            "metric": ["NPS (0-10)", "CSAT (top-2 of 1-5)", "CES 2.0 (1-7)", "CES share 5-7"],
            "answers": [net.n, csat.n, ces.n, ces.n],
            "value": [
                f"{net.score:+.1f}",
                f"{csat.share:.1%}",
                f"{ces.mean:.2f}",
                f"{ces.agree_share:.1%}",
            ],
            "95% interval": [
                _interval(*net.confidence_interval()),
                _interval(*(100 * np.array(csat.confidence_interval()))) + "%",
                _interval(*ces.mean_interval(), ".2f"),
                _interval(*(100 * np.array(ces.share_interval()))) + "%",
            ],
            "method": ["adjusted Wald", "Wilson", "Student t", "Wilson"],
        },
        {},
    )
    lines.append(
        f"NPS: {net.promoter_share:.1%} promoters, {net.passive_share:.1%} passives, "
        f"{net.detractor_share:.1%} detractors."
    )
    return lines


CALIBRATION_END = "1997-09-30"
OBSERVATION_END = "1998-06-30"


def models_section() -> list[str]:
    """BG/NBD and Gamma-Gamma on the CDNOW sample: parameters, holdout check, top CLVs."""
    log = load_cdnow_transactions()
    split = transactions.calibration_holdout(
        log.customer_id,
        log.date,
        log.amount,
        calibration_end=CALIBRATION_END,
        observation_end=OBSERVATION_END,
        unit="W",
    )
    cal = split.calibration
    x, t_x, age, value = cal.frequency, cal.recency, cal.T, np.asarray(cal.monetary_value)
    purchase = models.BetaGeo.fit(x, t_x, age)
    spend = models.GammaGamma.fit(x, value)
    lines = _section("Customer-base models (CDNOW sample, weeks)")
    lines.append(
        f"{log.customer_id.size:,} purchases by {len(cal):,} customers; calibration to "
        f"{CALIBRATION_END}, holdout of {split.duration_holdout:g} weeks to {OBSERVATION_END}."
    )
    for fitted in (purchase, spend):
        summary = fitted.summary()
        lines.append(
            f"{summary.model}: "
            + ", ".join(
                f"{name} {est:.4g} (se {se:.2g})"
                for name, est, se in zip(
                    summary.names, summary.estimates, summary.standard_errors, strict=True
                )
            )
            + f"; log-likelihood {fitted.log_likelihood:,.1f}."
        )
    predicted = np.asarray(
        purchase.conditional_expected_purchases(split.duration_holdout, x, t_x, age)
    )
    actual = split.frequency_holdout
    bucket = np.minimum(x, 7).astype(np.int64)
    count = np.bincount(bucket, minlength=8)
    lines.append(
        f"Holdout check: {actual.sum():,} purchases observed, {predicted.sum():,.0f} predicted; "
        "mean per customer by calibration repeat purchases:"
    )
    lines += format_table(
        {
            "repeat purchases": [*map(str, range(7)), "7+"],
            "customers": count.tolist(),
            "observed": [f"{v:.2f}" for v in np.bincount(bucket, actual, 8) / count],
            "predicted": [f"{v:.2f}" for v in np.bincount(bucket, predicted, 8) / count],
        },
        {},
    )
    months, annual = 12, 0.10
    clv = np.asarray(
        models.customer_lifetime_value(
            purchase,
            spend,
            x,
            t_x,
            age,
            value,
            discount_rate=(1 + annual) ** (1 / 12) - 1,
            horizon=months,
            period=52 / 12,
        )
    )
    top = np.argsort(-clv, kind="stable")[:5]
    alive = np.asarray(purchase.p_alive(x, t_x, age))
    lines.append(
        f"Next {months} months' revenue per customer (months of 52/12 weeks, {annual:.0%} a "
        f"year discount): mean {clv.mean():.2f} US$, total {_money(float(clv.sum()))} US$. "
        "Top five:"
    )
    lines += format_table(
        {
            "customer": cal.customer_id[top].tolist(),
            "x": x[top].tolist(),
            "t_x (weeks)": [f"{v:.1f}" for v in t_x[top]],
            "T (weeks)": [f"{v:.1f}" for v in age[top]],
            "mean spend (US$)": [f"{v:.2f}" for v in value[top]],
            "P(alive)": [f"{v:.3f}" for v in alive[top]],
            "CLV (US$)": [f"{v:,.2f}" for v in clv[top]],
        },
        {},
    )
    return lines


def demo_report(n_customers: int = 5000, *, seed: int = 2026) -> str:
    """Build the demo report on the example data as text.

    Parameters
    ----------
    n_customers : int, default 5000
        Customers who ever joined the example subscription business.
    seed : int, default 2026
        Seed of the example business and of the synthetic audits, complaint cases and survey
        answers.

    Returns
    -------
    str
        The report: one section per domain, with titles, aligned tables and units.
    """
    base = load_example_customers(n_customers, seed=seed)
    rng = np.random.default_rng(seed)
    lines = [f"servicemetrics {__version__} — demo report"]
    lines += customer_base_section(base, seed)
    lines += costs_section()
    lines += word_of_mouth_section()
    lines += compliance_section(rng)
    lines += staffing_section()
    lines += surveys_section(rng)
    lines += models_section()
    return "\n".join(lines)
