r"""Acquisition versus retention: unit costs, payback and the value of keeping customers.

The question this module answers is the one a budget meeting asks: should the next unit of money
go to winning new customers or to keeping the ones the firm already has? It does so with the
standard unit economics (cost per acquired and per retained customer, LTV:CAC, CAC payback) and
with the closed-form lifetime value of :mod:`servicemetrics.lifetime_value`, and it states every
assumption as an argument.

Conventions used throughout
---------------------------
* Money is in any one currency; every ratio returned here is unchanged when all money amounts are
  multiplied by the same positive factor.
* Customer counts may be fractional (averages or expected counts per segment) but must be
  positive wherever they divide.
* ``retention``, ``discount_rate`` and ``margin`` share one period, as in
  :mod:`servicemetrics.lifetime_value`; ``timing`` and ``growth`` mean what they mean there.
* The field's rules of thumb (acquisition costs 5 to 25 times retention; a 1% gain in retention
  adds about 5% to value) are kept in :mod:`servicemetrics.reference` for comparison. No function
  here uses them as a default.

All functions are vectorised: arguments broadcast against each other like NumPy ufuncs.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import attrs
import numpy as np
import numpy.typing as npt

from servicemetrics import reference
from servicemetrics._fields import NUMBER_EQ, float_or_array
from servicemetrics._results import ResultModel, frozen_array
from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    FloatOrArray,
    InvalidInputError,
    as_float_array,
    as_nonnegative,
    as_open_unit,
    as_positive,
    check_broadcastable,
    check_choice,
    check_range,
    raise_at,
    wrap_output,
)
from servicemetrics.lifetime_value import Timing, clv

__all__ = [
    "BudgetComparison",
    "UnitEconomics",
    "Unprofitable",
    "acquisition_cost",
    "acquisition_retention_ratio",
    "break_even_retention_gain",
    "cac_payback_months",
    "clv_change",
    "compare_budget",
    "customer_equity_change",
    "ltv_to_cac",
    "retention_cost",
    "retention_gain_value",
    "unit_economics",
]

Unprofitable = Literal["inf", "raise"]
"""What :func:`cac_payback_months` does when the monthly margin is zero or negative."""

_TIMINGS = ("end", "start")
_UNPROFITABLE = ("inf", "raise")


def _per_customer(spend: ArrayLike, customers: ArrayLike, customers_name: str) -> FloatOrArray:
    s = as_nonnegative(spend, "spend")
    n = as_positive(customers, customers_name)
    check_broadcastable({"spend": s, customers_name: n})
    return wrap_output(np.asarray(s / n), spend, customers)


def acquisition_cost(spend: ArrayLike, new_customers: ArrayLike) -> FloatOrArray:
    r"""Customer acquisition cost (CAC): acquisition spend per new customer.

    The same division gives the two figures in common use; what changes is what is counted:

    * **blended CAC**: all acquisition spend (paid media, sales, promotions, onboarding) over
      all new customers of the period, whatever brought them;
    * **paid CAC**: spend on paid channels only over the new customers attributed to those
      channels. It is higher than blended CAC when many customers arrive unpaid (referrals,
      search), and it is the one that measures what the next unit of paid spend buys.

    Parameters
    ----------
    spend : array-like
        Acquisition spend of each segment or period (money, >= 0).
    new_customers : array-like
        New customers won with that spend (> 0; may be fractional).

    Returns
    -------
    float or numpy.ndarray
        Money per new customer; lower is better.

    Raises
    ------
    OutOfRangeError
        If spend is negative or there are no new customers.
    NonFiniteError
        If a value is NaN or infinite.
    ShapeMismatchError
        If the arguments do not broadcast together.

    References
    ----------
    - Farris, P. W., Bendle, N. T., Pfeifer, P. E., & Reibstein, D. J. (2010). *Marketing
      Metrics: The Definitive Guide to Measuring Marketing Performance* (2nd ed.), ch. 5
      ("average acquisition cost"). Wharton School Publishing.
    - Skok, D. (2013). SaaS Metrics 2.0 – A guide to measuring and improving what matters.
      *For Entrepreneurs* (forentrepreneurs.com).

    Examples
    --------
    Blended and paid CAC of the same quarter: 120,000 spent in all for 1,500 new customers,
    of which 90,000 went to paid channels that brought 750 of them:

    >>> from servicemetrics.costs import acquisition_cost
    >>> acquisition_cost(120_000.0, 1_500)  # blended
    80.0
    >>> acquisition_cost(90_000.0, 750)  # paid
    120.0
    >>> acquisition_cost([50_000.0, 30_000.0], [400, 0])
    Traceback (most recent call last):
    ...
    servicemetrics._validation.OutOfRangeError: new_customers must be > 0; got 0.0 at index 1
    """
    return _per_customer(spend, new_customers, "new_customers")


def retention_cost(spend: ArrayLike, retained_customers: ArrayLike) -> FloatOrArray:
    r"""Retention cost per retained customer: retention spend over the customers kept.

    This is an *average* cost: it divides by every customer who stayed, including the many who
    would have stayed without any spending. It is the figure the "acquisition costs five times
    retention" comparison uses; the *incremental* cost of a customer kept because of the spend
    is higher and is what :func:`compare_budget` needs.

    Parameters
    ----------
    spend : array-like
        Retention spend (loyalty programmes, retention offers, account management) of each
        segment or period (money, >= 0).
    retained_customers : array-like
        Customers retained over the same period (> 0; may be fractional).

    Returns
    -------
    float or numpy.ndarray
        Money per retained customer; lower is better.

    Raises
    ------
    OutOfRangeError
        If spend is negative or no customer was retained.
    NonFiniteError
        If a value is NaN or infinite.
    ShapeMismatchError
        If the arguments do not broadcast together.

    References
    ----------
    - Farris, P. W., Bendle, N. T., Pfeifer, P. E., & Reibstein, D. J. (2010). *Marketing
      Metrics: The Definitive Guide to Measuring Marketing Performance* (2nd ed.), ch. 5
      ("average retention cost"). Wharton School Publishing.

    Examples
    --------
    >>> from servicemetrics.costs import retention_cost
    >>> retention_cost(36_000.0, 9_000)
    4.0
    >>> retention_cost([36_000.0, 10_000.0], [9_000, 2_000])
    array([4., 5.])
    """
    return _per_customer(spend, retained_customers, "retained_customers")


def acquisition_retention_ratio(cac: ArrayLike, retention_cost: ArrayLike) -> FloatOrArray:
    r"""How many times more it costs to win a customer than to keep one.

    Parameters
    ----------
    cac : array-like
        Acquisition cost per new customer (money, >= 0), from :func:`acquisition_cost`.
    retention_cost : array-like
        Retention cost per retained customer (money, > 0), from :func:`retention_cost`.

    Returns
    -------
    float or numpy.ndarray
        :math:`\mathrm{CAC} / \text{retention cost}`, dimensionless.

    Raises
    ------
    OutOfRangeError
        If ``cac`` is negative or ``retention_cost`` is not positive.
    NonFiniteError
        If a value is NaN or infinite.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    The commonly quoted "five times" (or "five to 25 times") has no primary study behind it;
    :data:`servicemetrics.reference.ACQUISITION_RETENTION_COST_RATIO` keeps it with that grade.
    Compare your own ratio with it rather than assuming it.

    References
    ----------
    - Farris, P. W., Bendle, N. T., Pfeifer, P. E., & Reibstein, D. J. (2010). *Marketing
      Metrics: The Definitive Guide to Measuring Marketing Performance* (2nd ed.), ch. 5.
      Wharton School Publishing.
    - Gallo, A. (2014). The value of keeping the right customers. *Harvard Business Review*
      (hbr.org), October 29 (the folklore range, quoted without a primary source).

    Examples
    --------
    >>> from servicemetrics import reference
    >>> from servicemetrics.costs import acquisition_retention_ratio
    >>> ratio = acquisition_retention_ratio(80.0, 25.8)
    >>> round(ratio, 1)
    3.1
    >>> reference.ACQUISITION_RETENTION_COST_RATIO.compare(round(ratio, 1))
    'Your value is 3.1, within the reference range 1–25 (typical 5; folklore: Gallo, HBR 2014)'
    """
    a = as_nonnegative(cac, "cac")
    c = as_positive(retention_cost, "retention_cost")
    check_broadcastable({"cac": a, "retention_cost": c})
    return wrap_output(np.asarray(a / c), cac, retention_cost)


def ltv_to_cac(ltv: ArrayLike, cac: ArrayLike) -> FloatOrArray:
    r"""The LTV:CAC ratio: lifetime value of a new customer over what it cost to win them.

    Parameters
    ----------
    ltv : array-like
        Lifetime value of a new customer *gross* of acquisition cost (money; may be negative),
        for example :func:`servicemetrics.lifetime_value.clv` without ``acquisition_cost``.
    cac : array-like
        Acquisition cost per new customer (money, > 0).

    Returns
    -------
    float or numpy.ndarray
        :math:`\mathrm{LTV} / \mathrm{CAC}`. Above 1 a customer returns more than they cost;
        the usual target for subscription businesses is 3 or more.

    Raises
    ------
    OutOfRangeError
        If ``cac`` is not positive.
    NonFiniteError
        If a value is NaN or infinite.
    ShapeMismatchError
        If the arguments do not broadcast together.

    References
    ----------
    - Skok, D. (2013). SaaS Metrics 2.0 – A guide to measuring and improving what matters.
      *For Entrepreneurs* (forentrepreneurs.com) (the LTV:CAC > 3 rule of thumb).
    - Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
      Marketing*, 17(1), 9–24 (lifetime value net of acquisition cost).

    Examples
    --------
    >>> from servicemetrics.costs import ltv_to_cac
    >>> ltv_to_cac(450.0, 120.0)
    3.75
    >>> ltv_to_cac([450.0, 300.0], [120.0, 150.0])
    array([3.75, 2.  ])
    """
    value = as_float_array(ltv, "ltv")
    a = as_positive(cac, "cac")
    check_broadcastable({"ltv": value, "cac": a})
    return wrap_output(np.asarray(value / a), ltv, cac)


def cac_payback_months(
    cac: ArrayLike,
    monthly_revenue: ArrayLike,
    gross_margin: ArrayLike,
    *,
    unprofitable: Unprofitable = "inf",
) -> FloatOrArray:
    r"""Months of gross margin a new customer needs to repay their acquisition cost.

    Parameters
    ----------
    cac : array-like
        Acquisition cost per new customer (money, >= 0).
    monthly_revenue : array-like
        Revenue per customer per month (money, >= 0).
    gross_margin : array-like
        Gross margin as a fraction of revenue, <= 1 (may be negative when the service is sold
        below its cost).
    unprofitable : {"inf", "raise"}, default "inf"
        What to do where the monthly margin ``monthly_revenue * gross_margin`` is zero or
        negative, so that the cost is never repaid. ``"inf"`` (the default) returns ``inf``
        there, a value that sorts after every finite payback and lets the other segments of a
        vectorised call through; ``"raise"`` raises :class:`InvalidInputError` instead. A
        customer who cost nothing (``cac == 0``) pays back in 0 months whatever the margin.

    Returns
    -------
    float or numpy.ndarray
        Payback in months, :math:`\mathrm{CAC} / (\text{monthly revenue} \times
        \text{gross margin})`, not rounded up to whole months; lower is better (under 12
        months is the usual target). ``inf`` where the customer never pays back.

    Raises
    ------
    InvalidInputError
        With ``unprofitable="raise"``, if the monthly margin is zero or negative while
        ``cac > 0``; or if ``unprofitable`` is not a known choice.
    OutOfRangeError
        If ``cac`` or ``monthly_revenue`` is negative, or ``gross_margin`` exceeds 1.
    NonFiniteError
        If a value is NaN or infinite.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    The payback ignores churn and discounting, as the metric is conventionally defined: it
    is the time a customer who stays would take to repay the cost. Compare it with the
    expected lifetime (:func:`servicemetrics.retention.expected_lifetime`) before trusting it.

    References
    ----------
    - Skok, D. (2013). SaaS Metrics 2.0 – A guide to measuring and improving what matters.
      *For Entrepreneurs* (forentrepreneurs.com) (months to recover CAC, gross-margin
      adjusted, with a target under 12 months).

    Examples
    --------
    >>> from servicemetrics.costs import cac_payback_months
    >>> cac_payback_months(120.0, 25.0, 0.8)  # 120 / (25 * 0.8)
    6.0
    >>> cac_payback_months(120.0, [25.0, 25.0, 0.0], [0.8, -0.1, 0.8])
    array([ 6., inf, inf])
    >>> cac_payback_months(120.0, 25.0, -0.1, unprofitable="raise")
    Traceback (most recent call last):
    ...
    servicemetrics._validation.InvalidInputError: monthly_revenue * gross_margin must be > 0 when unprofitable='raise' (the cost is never repaid); got -2.5
    """
    a = as_nonnegative(cac, "cac")
    revenue = as_nonnegative(monthly_revenue, "monthly_revenue")
    g = check_range(as_float_array(gross_margin, "gross_margin"), "gross_margin", high=1)
    policy = check_choice(unprofitable, "unprofitable", _UNPROFITABLE)
    shape = check_broadcastable({"cac": a, "monthly_revenue": revenue, "gross_margin": g})
    monthly_margin = np.asarray(revenue * g)
    plain = monthly_margin.shape == shape and monthly_margin.size > 0 and a.size > 0
    if plain and monthly_margin.min() > 0.0 and a.min() > 0.0:
        # Every customer pays back at some point and costs something: one division.
        months_left = np.divide(a, monthly_margin, out=monthly_margin)
        return wrap_output(months_left, cac, monthly_revenue, gross_margin)
    never = np.broadcast_to((monthly_margin <= 0.0) & (a > 0.0), shape)
    if policy == "raise" and never.any():
        raise_at(
            InvalidInputError,
            "monthly_revenue * gross_margin",
            "must be > 0 when unprofitable='raise' (the cost is never repaid)",
            monthly_margin,
            never,
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        months = a / monthly_margin
    months = np.where(a == 0.0, 0.0, np.where(never, np.inf, months))
    return wrap_output(np.asarray(months), cac, monthly_revenue, gross_margin)


def _retention_terms(
    retention: ArrayLike,
    retention_gain: ArrayLike,
    discount_rate: ArrayLike,
    growth: ArrayLike,
    timing: object,
    others: dict[str, FloatArray],
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, str]:
    """Validate the retention-change arguments and return r, Δr, 1+i, 1+g, 1+i-r(1+g), timing.

    Both the old and the new retention must lie in (0, 1) and keep the infinite-horizon sum
    convergent; ``others`` are the caller's other arrays, checked for broadcasting with these.
    """
    r = as_open_unit(retention, "retention")
    gain = as_float_array(retention_gain, "retention_gain")
    i = as_nonnegative(discount_rate, "discount_rate")
    g = check_range(as_float_array(growth, "growth"), "growth", low=-1, low_inclusive=False)
    chosen = check_choice(timing, "timing", _TIMINGS)
    shape = check_broadcastable(
        {**others, "retention": r, "retention_gain": gain, "discount_rate": i, "growth": g}
    )
    new = r + gain
    outside = np.broadcast_to((new <= 0.0) | (new >= 1.0), shape)
    if outside.any():
        raise_at(
            InvalidInputError,
            "retention_gain",
            "must keep retention + retention_gain in (0, 1)",
            gain,
            outside,
        )
    one_plus_i = 1.0 + i
    one_plus_g = 1.0 + g
    diverges = np.broadcast_to(np.maximum(r, new) * one_plus_g >= one_plus_i, shape)
    if diverges.any():
        raise_at(
            InvalidInputError,
            "growth",
            "must satisfy retention * (1 + growth) < 1 + discount_rate before and after the gain",
            g,
            diverges,
        )
    return r, gain, one_plus_i, one_plus_g, one_plus_i - r * one_plus_g, chosen


def clv_change(
    retention: ArrayLike,
    retention_gain: ArrayLike,
    discount_rate: ArrayLike,
    *,
    timing: Timing = "end",
    growth: ArrayLike = 0.0,
) -> FloatOrArray:
    r"""Relative change in infinite-horizon CLV when retention rises by ``retention_gain``.

    Parameters
    ----------
    retention : array-like
        Current retention per period, in (0, 1).
    retention_gain : array-like
        Change in retention in absolute points (0.01 is one percentage point); negative for a
        loss. ``retention + retention_gain`` must stay in (0, 1).
    discount_rate : array-like
        Discount rate per period, >= 0.
    timing : {"end", "start"}, default "end"
        When each period's margin is received (see :mod:`servicemetrics.lifetime_value`).
    growth : array-like, default 0.0
        Margin growth per period, > -1; the sum must converge before and after the change.

    Returns
    -------
    float or numpy.ndarray
        :math:`\mathrm{CLV}(r+\Delta r)/\mathrm{CLV}(r) - 1`: 0.05 means 5% more value. It does
        not depend on the margin (gross of acquisition cost).

    Raises
    ------
    OutOfRangeError
        If an argument is out of its range.
    InvalidInputError
        If the new retention leaves (0, 1), the sum diverges, or ``timing`` is unknown.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    With :math:`D = 1+i`, :math:`h = 1+g` and :math:`r' = r + \Delta r`, the closed forms of
    :func:`servicemetrics.lifetime_value.clv` give without cancellation

    .. math::

        \frac{\Delta \mathrm{CLV}}{\mathrm{CLV}} =
        \begin{cases}
            \dfrac{D\,\Delta r}{r\,(D - r' h)} & \text{margin at the end of each period,}\\[1ex]
            \dfrac{h\,\Delta r}{D - r' h} & \text{margin at the start.}
        \end{cases}

    For small gains this is the elasticity of
    :func:`~servicemetrics.lifetime_value.retention_elasticity` times the relative gain
    :math:`\Delta r / r`: about :math:`(1+i)/(1+i-r) \approx 5` at :math:`r = 0.9`,
    :math:`i = 0.12`, the figure of Gupta, Lehmann & Stuart (2004) kept as
    :data:`servicemetrics.reference.RETENTION_VALUE_ELASTICITY`. Larger gains are worth more
    than the linear approximation says, because CLV is convex in retention.

    References
    ----------
    - Gupta, S., Lehmann, D. R., & Stuart, J. A. (2004). Valuing customers. *Journal of
      Marketing Research*, 41(1), 7–18.
    - Reichheld, F. F., & Sasser, W. E. (1990). Zero defections: Quality comes to services.
      *Harvard Business Review*, 68(5), 105–111.

    Examples
    --------
    One percent better retention (0.9 to 0.909) at a 12% discount rate:

    >>> from servicemetrics.costs import clv_change
    >>> clv_change(0.9, 0.009, 0.12)  # 1.12 * 0.009 / (0.9 * (1.12 - 0.909))
    0.0530806
    >>> clv_change(0.9, [-0.01, 0.01, 0.05], 0.12)
    array([-0.054106,  0.059259,  0.366013])
    """
    r, gain, d, h, _, chosen = _retention_terms(
        retention, retention_gain, discount_rate, growth, timing, {}
    )
    after = d - (r + gain) * h
    change = d * gain / (r * after) if chosen == "end" else h * gain / after
    return wrap_output(np.asarray(change), retention, retention_gain, discount_rate)


def retention_gain_value(
    customers: ArrayLike,
    margin: ArrayLike,
    retention: ArrayLike,
    retention_gain: ArrayLike,
    discount_rate: ArrayLike,
    *,
    timing: Timing = "end",
    growth: ArrayLike = 0.0,
) -> FloatOrArray:
    r"""Money value of a retention gain: the increase in the base's lifetime value.

    Parameters
    ----------
    customers : array-like
        Customers whose retention improves (>= 0; may be fractional).
    margin : array-like
        Margin per customer per period (money; may be negative).
    retention : array-like
        Current retention per period, in (0, 1).
    retention_gain : array-like
        Change in retention in absolute points; ``retention + retention_gain`` in (0, 1).
    discount_rate : array-like
        Discount rate per period, >= 0.
    timing : {"end", "start"}, default "end"
        When each period's margin is received.
    growth : array-like, default 0.0
        Margin growth per period, > -1.

    Returns
    -------
    float or numpy.ndarray
        :math:`n\,[\mathrm{CLV}(r+\Delta r) - \mathrm{CLV}(r)]` per segment (money), not summed.

    Raises
    ------
    OutOfRangeError
        If an argument is out of its range.
    InvalidInputError
        If the new retention leaves (0, 1), the sum diverges, or ``timing`` is unknown.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    With :math:`D = 1+i`, :math:`h = 1+g`, :math:`A = D - rh` and :math:`k = 1` for margin at
    the end of each period (:math:`k = h` at the start),

    .. math::

        n\,\Delta\mathrm{CLV} = \frac{n\, m\, D\, k\, \Delta r}{A\,(A - h\,\Delta r)}.

    :func:`break_even_retention_gain` inverts it.

    References
    ----------
    - Gupta, S., Lehmann, D. R., & Stuart, J. A. (2004). Valuing customers. *Journal of
      Marketing Research*, 41(1), 7–18.
    - Blattberg, R. C., & Deighton, J. (1996). Manage marketing by the customer equity test.
      *Harvard Business Review*, 74(4), 136–144.

    Examples
    --------
    10,000 customers with a margin of 20 a month, retention 0.95 a month, 1% a month cost of
    capital; one point better retention:

    >>> from servicemetrics.costs import retention_gain_value
    >>> retention_gain_value(10_000, 20.0, 0.95, 0.01, 0.01)  # 10000 * 20 * (0.96/0.05 - 0.95/0.06)
    673333.3333
    """
    n = as_nonnegative(customers, "customers")
    m = as_float_array(margin, "margin")
    _, gain, d, h, before, chosen = _retention_terms(
        retention, retention_gain, discount_rate, growth, timing, {"customers": n, "margin": m}
    )
    k = 1.0 if chosen == "end" else h
    value = n * m * d * k * gain / (before * (before - h * gain))
    return wrap_output(np.asarray(value), customers, margin, retention, retention_gain)


def customer_equity_change(
    customers: ArrayLike,
    margin: ArrayLike,
    retention: ArrayLike,
    retention_gain: ArrayLike,
    discount_rate: ArrayLike,
    *,
    timing: Timing = "end",
    growth: ArrayLike = 0.0,
) -> FloatOrArray:
    r"""Relative change in customer equity when retention rises, summed over segments.

    Parameters
    ----------
    customers : array-like
        Customers in each segment (>= 0), segments along the last axis.
    margin : array-like
        Margin per customer per period of each segment (money, > 0).
    retention : array-like
        Current retention per period of each segment, in (0, 1).
    retention_gain : array-like
        Change in retention of each segment in absolute points; ``retention +
        retention_gain`` in (0, 1).
    discount_rate : array-like
        Discount rate per period, >= 0.
    timing : {"end", "start"}, default "end"
        When each period's margin is received.
    growth : array-like, default 0.0
        Margin growth per period, > -1.

    Returns
    -------
    float or numpy.ndarray
        :math:`\sum_s n_s \Delta\mathrm{CLV}_s / \sum_s n_s \mathrm{CLV}_s`, over the last axis.

    Raises
    ------
    OutOfRangeError
        If an argument is out of its range (including a margin that is not positive).
    InvalidInputError
        If a base holds no customers, the new retention leaves (0, 1), the sum diverges, or
        ``timing`` is unknown.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    Segments with high retention gain most from the same gain in points, so the change in
    equity is a value-weighted mean of the segments' :func:`clv_change`.

    References
    ----------
    - Blattberg, R. C., & Deighton, J. (1996). Manage marketing by the customer equity test.
      *Harvard Business Review*, 74(4), 136–144.
    - Gupta, S., Lehmann, D. R., & Stuart, J. A. (2004). Valuing customers. *Journal of
      Marketing Research*, 41(1), 7–18.

    Examples
    --------
    Two segments, each with one point better retention:

    >>> from servicemetrics.costs import customer_equity_change
    >>> customer_equity_change([8_000, 2_000], [10.0, 40.0], [0.8, 0.95], 0.01, 0.01)
    0.1836364
    """
    n = as_nonnegative(customers, "customers")
    m = as_positive(margin, "margin")
    gained = np.asarray(
        retention_gain_value(
            n, m, retention, retention_gain, discount_rate, timing=timing, growth=growth
        )
    )
    base = np.asarray(clv(m, retention, discount_rate, timing=timing, growth=growth)) * n
    base = np.broadcast_to(base, np.broadcast_shapes(base.shape, gained.shape))
    total = base.sum(axis=-1) if base.ndim else base
    empty = np.asarray(total == 0.0)
    if empty.any():
        raise_at(InvalidInputError, "customers", "must not all be 0 in a base", total, empty)
    change = (gained.sum(axis=-1) if gained.ndim else gained) / total
    return wrap_output(np.asarray(change))


def break_even_retention_gain(
    spend: ArrayLike,
    customers: ArrayLike,
    margin: ArrayLike,
    retention: ArrayLike,
    discount_rate: ArrayLike,
    *,
    timing: Timing = "end",
    growth: ArrayLike = 0.0,
) -> FloatOrArray:
    r"""The retention gain whose value equals a spend: what a retention budget must achieve.

    Parameters
    ----------
    spend : array-like
        Money spent on retention (>= 0), once, now.
    customers : array-like
        Customers the spend reaches (> 0; may be fractional).
    margin : array-like
        Margin per customer per period (money, > 0).
    retention : array-like
        Current retention per period, in (0, 1).
    discount_rate : array-like
        Discount rate per period, >= 0.
    timing : {"end", "start"}, default "end"
        When each period's margin is received.
    growth : array-like, default 0.0
        Margin growth per period, > -1, with :math:`r(1+g) < 1+i`.

    Returns
    -------
    float or numpy.ndarray
        The gain :math:`\Delta r` in absolute points of retention per period such that
        ``retention_gain_value(customers, margin, retention, gain, discount_rate) == spend``.
        A programme that raises retention by more than this pays for itself. ``inf`` where
        the gain would have to take retention to 1 or beyond: no attainable retention gain is
        worth that spend.

    Raises
    ------
    OutOfRangeError
        If an argument is out of its range.
    InvalidInputError
        If the sum diverges or ``timing`` is unknown.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    Solving :func:`retention_gain_value` for :math:`\Delta r` with :math:`s` the spend per
    the whole group (notation as there) gives a closed form:

    .. math::

        \Delta r = \frac{s A^2}{n\, m\, D\, k + s A h}.

    References
    ----------
    - Gupta, S., Lehmann, D. R., & Stuart, J. A. (2004). Valuing customers. *Journal of
      Marketing Research*, 41(1), 7–18.
    - Blattberg, R. C., & Deighton, J. (1996). Manage marketing by the customer equity test.
      *Harvard Business Review*, 74(4), 136–144.

    Examples
    --------
    What must a 100,000 programme do for 10,000 customers worth 20 a month at 95% monthly
    retention?

    >>> from servicemetrics.costs import break_even_retention_gain, retention_gain_value
    >>> gain = break_even_retention_gain(100_000.0, 10_000, 20.0, 0.95, 0.01)
    >>> gain  # 1e5 * 0.06**2 / (1e4 * 20 * 1.01 + 1e5 * 0.06)
    0.0017308
    >>> retention_gain_value(10_000, 20.0, 0.95, gain, 0.01)
    100000.0
    >>> break_even_retention_gain(1e9, 10_000, 20.0, 0.95, 0.01)
    inf
    """
    s = as_nonnegative(spend, "spend")
    n = as_positive(customers, "customers")
    m = as_positive(margin, "margin")
    r, _, d, h, before, chosen = _retention_terms(
        retention, 0.0, discount_rate, growth, timing, {"spend": s, "customers": n, "margin": m}
    )
    k = 1.0 if chosen == "end" else h
    gain = s * before**2 / (n * m * d * k + s * before * h)
    gain = np.where(r + gain >= 1.0, np.inf, gain)
    return wrap_output(np.asarray(gain), spend, customers, margin, retention)


def _label_or_array(value: ArrayLike) -> str | npt.NDArray[np.str_]:
    """A ``str`` for a single label, otherwise a read-only array of labels."""
    array = np.asarray(value, dtype=np.str_)
    if array.ndim == 0:
        return str(array)
    frozen: npt.NDArray[np.str_] = frozen_array(array)
    return frozen


@attrs.frozen(repr=False)
class UnitEconomics(ResultModel):
    r"""Unit economics of winning and keeping customers, one entry per segment or period.

    Build it with :func:`unit_economics`. Each field is a ``float`` when every input was a
    scalar, otherwise a read-only array of the inputs' broadcast shape.

    Parameters
    ----------
    cac : array-like
        Acquisition cost per new customer (money).
    retention_cost : array-like
        Retention cost per retained customer (money).
    acquisition_retention_ratio : array-like
        ``cac / retention_cost``.
    clv : array-like
        Lifetime value of a new customer, gross of acquisition cost (money).
    ltv_to_cac : array-like
        ``clv / cac``.
    payback_months : array-like
        CAC payback in months (``inf`` where the customer never pays back).

    Attributes
    ----------
    cac, retention_cost, acquisition_retention_ratio, clv, ltv_to_cac, payback_months
        As given: floats, or read-only float arrays.

    References
    ----------
    - Skok, D. (2013). SaaS Metrics 2.0 – A guide to measuring and improving what matters.
      *For Entrepreneurs* (forentrepreneurs.com).
    - Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
      Marketing*, 17(1), 9–24.

    Examples
    --------
    >>> economics = UnitEconomics(
    ...     cac=80.0, retention_cost=25.0, acquisition_retention_ratio=3.2, clv=400.0,
    ...     ltv_to_cac=5.0, payback_months=4.0,
    ... )
    >>> economics.ltv_to_cac
    5.0
    >>> economics.to_dict()["payback_months"]
    4.0
    """

    cac: float | FloatArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    retention_cost: float | FloatArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    acquisition_retention_ratio: float | FloatArray = attrs.field(
        converter=float_or_array, eq=NUMBER_EQ
    )
    clv: float | FloatArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    ltv_to_cac: float | FloatArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    payback_months: float | FloatArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)

    _html_title: ClassVar[str | None] = "Unit economics"

    def compare_ratio(self) -> str | npt.NDArray[np.str_]:
        """Place the acquisition-to-retention cost ratio against the published rule of thumb.

        Returns
        -------
        str or numpy.ndarray of str
            The sentence of
            :meth:`servicemetrics.reference.ReferenceFigure.compare` for
            :data:`servicemetrics.reference.ACQUISITION_RETENTION_COST_RATIO`, which names the
            figure's grade (folklore) and source.

        References
        ----------
        - Gallo, A. (2014). The value of keeping the right customers. *Harvard Business
          Review* (hbr.org), October 29.

        Examples
        --------
        >>> UnitEconomics(
        ...     cac=80.0, retention_cost=25.0, acquisition_retention_ratio=3.2, clv=400.0,
        ...     ltv_to_cac=5.0, payback_months=4.0,
        ... ).compare_ratio()
        'Your value is 3.2, within the reference range 1–25 (typical 5; folklore: Gallo, HBR 2014)'
        """
        ratio = self.acquisition_retention_ratio
        if isinstance(ratio, float):
            return reference.ACQUISITION_RETENTION_COST_RATIO.compare(ratio)
        return reference.ACQUISITION_RETENTION_COST_RATIO.compare(ratio)


def unit_economics(
    acquisition_spend: ArrayLike,
    new_customers: ArrayLike,
    retention_spend: ArrayLike,
    retained_customers: ArrayLike,
    monthly_revenue: ArrayLike,
    gross_margin: ArrayLike,
    monthly_retention: ArrayLike,
    monthly_discount_rate: ArrayLike,
    *,
    timing: Timing = "end",
    unprofitable: Unprofitable = "inf",
) -> UnitEconomics:
    r"""Unit economics from raw spend and customer counts, in one call.

    Parameters
    ----------
    acquisition_spend : array-like
        Acquisition spend of each segment or period (money, > 0).
    new_customers : array-like
        New customers won with it (> 0).
    retention_spend : array-like
        Retention spend over the same period (money, > 0).
    retained_customers : array-like
        Customers retained over the same period (> 0).
    monthly_revenue : array-like
        Revenue per customer per month (money, >= 0).
    gross_margin : array-like
        Gross margin as a fraction of revenue, <= 1.
    monthly_retention : array-like
        Retention per month, in [0, 1).
    monthly_discount_rate : array-like
        Cost of capital per month, >= 0 (about 0.0080 for 10% a year).
    timing : {"end", "start"}, default "end"
        When each month's margin is received, for the lifetime value.
    unprofitable : {"inf", "raise"}, default "inf"
        Passed to :func:`cac_payback_months`: ``inf`` payback, or an error, where the monthly
        margin is zero or negative.

    Returns
    -------
    UnitEconomics
        CAC (:func:`acquisition_cost`), retention cost (:func:`retention_cost`), their ratio,
        the lifetime value of a new customer gross of CAC
        (:func:`servicemetrics.lifetime_value.clv` with margin ``monthly_revenue *
        gross_margin``), LTV:CAC and the CAC payback in months.

    Raises
    ------
    OutOfRangeError
        If an argument is out of its range; in particular, both spends must be positive for
        the ratios to exist.
    InvalidInputError
        If an option is unknown, or with ``unprofitable="raise"`` a margin is not positive.
    ShapeMismatchError
        If the arguments do not broadcast together.

    References
    ----------
    - Skok, D. (2013). SaaS Metrics 2.0 – A guide to measuring and improving what matters.
      *For Entrepreneurs* (forentrepreneurs.com).
    - Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
      Marketing*, 17(1), 9–24.
    - Farris, P. W., Bendle, N. T., Pfeifer, P. E., & Reibstein, D. J. (2010). *Marketing
      Metrics* (2nd ed.), ch. 5. Wharton School Publishing.

    Examples
    --------
    >>> from servicemetrics.costs import unit_economics
    >>> economics = unit_economics(
    ...     acquisition_spend=120_000.0, new_customers=1_500,
    ...     retention_spend=36_000.0, retained_customers=9_000,
    ...     monthly_revenue=25.0, gross_margin=0.8,
    ...     monthly_retention=0.95, monthly_discount_rate=0.01,
    ... )
    >>> economics
    UnitEconomics(cac=80, retention_cost=4, acquisition_retention_ratio=20, clv=316.667, ltv_to_cac=3.95833, payback_months=4)
    >>> economics.compare_ratio()
    'Your value is 20, within the reference range 1–25 (typical 5; folklore: Gallo, HBR 2014)'
    """
    inputs = {
        "acquisition_spend": as_positive(acquisition_spend, "acquisition_spend"),
        "new_customers": as_positive(new_customers, "new_customers"),
        "retention_spend": as_positive(retention_spend, "retention_spend"),
        "retained_customers": as_positive(retained_customers, "retained_customers"),
        "monthly_revenue": as_nonnegative(monthly_revenue, "monthly_revenue"),
        "gross_margin": check_range(
            as_float_array(gross_margin, "gross_margin"), "gross_margin", high=1
        ),
        "monthly_retention": check_range(
            as_float_array(monthly_retention, "monthly_retention"),
            "monthly_retention",
            low=0,
            high=1,
            high_inclusive=False,
        ),
        "monthly_discount_rate": as_nonnegative(monthly_discount_rate, "monthly_discount_rate"),
    }
    shape = check_broadcastable(inputs)
    cac = inputs["acquisition_spend"] / inputs["new_customers"]
    keep = inputs["retention_spend"] / inputs["retained_customers"]
    revenue, margin = inputs["monthly_revenue"], inputs["gross_margin"]
    value = np.asarray(
        clv(
            revenue * margin,
            inputs["monthly_retention"],
            inputs["monthly_discount_rate"],
            timing=timing,
        )
    )
    payback = np.asarray(cac_payback_months(cac, revenue, margin, unprofitable=unprofitable))
    return UnitEconomics(
        cac=np.broadcast_to(cac, shape),
        retention_cost=np.broadcast_to(keep, shape),
        acquisition_retention_ratio=np.broadcast_to(cac / keep, shape),
        clv=np.broadcast_to(value, shape),
        ltv_to_cac=np.broadcast_to(value / cac, shape),
        payback_months=np.broadcast_to(payback, shape),
    )


@attrs.frozen(repr=False)
class BudgetComparison(ResultModel):
    r"""The value of a budget spent on acquisition and on retention, and the better of the two.

    Build it with :func:`compare_budget`. Each field is a ``float`` (``str`` for ``better``)
    when every input was a scalar, otherwise a read-only array of the inputs' broadcast shape.

    Parameters
    ----------
    budget : array-like
        The amount to spend (money).
    customers_won : array-like
        New customers the budget buys, ``budget / cac``.
    customers_kept : array-like
        Customers kept who would otherwise have left, ``budget / cost_per_customer_kept``.
    acquisition_value : array-like
        Value created by spending the budget on acquisition, net of the budget:
        ``customers_won * new_customer_value - budget`` (money).
    retention_value : array-like
        The same for retention: ``customers_kept * kept_customer_value - budget`` (money).
    better : array-like of str
        ``"acquisition"``, ``"retention"`` or ``"either"`` (equal values).

    Attributes
    ----------
    budget, customers_won, customers_kept, acquisition_value, retention_value, better
        As given: floats and a label, or read-only arrays.

    References
    ----------
    - Blattberg, R. C., & Deighton, J. (1996). Manage marketing by the customer equity test.
      *Harvard Business Review*, 74(4), 136–144.

    Examples
    --------
    >>> from servicemetrics.costs import compare_budget
    >>> compare_budget(10_000.0, 80.0, 316.67, 50.0, 250.0).better
    'retention'
    """

    budget: float | FloatArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    customers_won: float | FloatArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    customers_kept: float | FloatArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    acquisition_value: float | FloatArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    retention_value: float | FloatArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    better: str | npt.NDArray[np.str_] = attrs.field(converter=_label_or_array, eq=NUMBER_EQ)

    _html_title: ClassVar[str | None] = "Acquisition or retention?"


def compare_budget(
    budget: ArrayLike,
    cac: ArrayLike,
    new_customer_value: ArrayLike,
    cost_per_customer_kept: ArrayLike,
    kept_customer_value: ArrayLike,
) -> BudgetComparison:
    r"""Compare spending a budget on winning new customers with spending it on keeping them.

    Assumptions, each of them an argument or stated here:

    * **Constant marginal costs.** Every unit of the budget buys customers at the same
      price: ``budget / cac`` new customers, or ``budget / cost_per_customer_kept`` customers
      kept. Neither channel saturates within the budget; for large budgets, compare
      scenarios with rising costs instead.
    * **Incremental retention.** A customer *kept* is one who would have left without the
      spend. ``cost_per_customer_kept`` is therefore the incremental cost, not the average
      :func:`retention_cost` (which divides by every retained customer, most of whom would
      have stayed anyway). From a retention uplift: a programme that raises retention by
      :math:`\Delta r` among :math:`n` customers keeps :math:`n\Delta r` of them, so
      ``cost_per_customer_kept = budget / (n * Δr)``.
    * **Values are per customer and exclude the budget.** ``new_customer_value`` is the
      lifetime value of a new customer gross of acquisition cost (for example
      :func:`servicemetrics.lifetime_value.clv`); ``kept_customer_value`` is the remaining
      lifetime value of a customer who stays rather than leaves now. Both must already be
      discounted to the moment of spending.
    * **Net of the budget.** Both values subtract the budget, so they are the money the
      decision creates; a negative value means the budget is better left unspent. The better
      option is the larger value (the same as comparing gross values, since the same budget is
      subtracted from both).

    Parameters
    ----------
    budget : array-like
        Money available (>= 0).
    cac : array-like
        Cost of acquiring one more customer (money, > 0).
    new_customer_value : array-like
        Lifetime value of a new customer, gross of acquisition cost (money).
    cost_per_customer_kept : array-like
        Cost of keeping one more customer who would otherwise leave (money, > 0).
    kept_customer_value : array-like
        Remaining lifetime value of a customer kept (money).

    Returns
    -------
    BudgetComparison
        Customers won and kept, the net value of each option and the better one, broadcast
        over the scenarios given.

    Raises
    ------
    OutOfRangeError
        If the budget is negative or a cost is not positive.
    NonFiniteError
        If a value is NaN or infinite.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    With budget :math:`B`,

    .. math::

        V_\text{acq} = \frac{B}{\mathrm{CAC}}\,\mathrm{CLV}_\text{new} - B, \qquad
        V_\text{ret} = \frac{B}{c_\text{kept}}\,\mathrm{CLV}_\text{kept} - B,

    so retention wins exactly when :math:`\mathrm{CLV}_\text{kept}/c_\text{kept} >
    \mathrm{CLV}_\text{new}/\mathrm{CAC}`: value per unit of money, not the cost ratio alone,
    decides. Blattberg & Deighton (1996) set the balance of the two budgets by the same
    marginal comparison.

    References
    ----------
    - Blattberg, R. C., & Deighton, J. (1996). Manage marketing by the customer equity test.
      *Harvard Business Review*, 74(4), 136–144.
    - Gupta, S., Lehmann, D. R., & Stuart, J. A. (2004). Valuing customers. *Journal of
      Marketing Research*, 41(1), 7–18.

    Examples
    --------
    10,000 to spend; a new customer costs 80 and is worth 316.67; keeping a customer who was
    about to leave costs 50 and saves 250 of remaining value:

    >>> from servicemetrics.costs import compare_budget
    >>> result = compare_budget(10_000.0, 80.0, 316.67, 50.0, 250.0)
    >>> result.acquisition_value, result.retention_value  # 125 * 316.67 - 1e4, 200 * 250 - 1e4
    (29583.75, 40000.0)
    >>> result.better
    'retention'

    Three scenarios for the cost of keeping a customer:

    >>> compare_budget(10_000.0, 80.0, 316.67, [50.0, 63.0, 64.0], 250.0).better
    array(['retention', 'retention', 'acquisition'], dtype='<U11')
    """
    b = as_nonnegative(budget, "budget")
    a = as_positive(cac, "cac")
    v_new = as_float_array(new_customer_value, "new_customer_value")
    c_kept = as_positive(cost_per_customer_kept, "cost_per_customer_kept")
    v_kept = as_float_array(kept_customer_value, "kept_customer_value")
    shape = check_broadcastable(
        {
            "budget": b,
            "cac": a,
            "new_customer_value": v_new,
            "cost_per_customer_kept": c_kept,
            "kept_customer_value": v_kept,
        }
    )
    won = np.broadcast_to(b / a, shape)
    kept = np.broadcast_to(b / c_kept, shape)
    gross_acquisition = won * v_new
    gross_retention = kept * v_kept
    better = np.where(
        gross_acquisition > gross_retention,
        "acquisition",
        np.where(gross_retention > gross_acquisition, "retention", "either"),
    )
    return BudgetComparison(
        budget=np.broadcast_to(b, shape),
        customers_won=won,
        customers_kept=kept,
        acquisition_value=gross_acquisition - b,
        retention_value=gross_retention - b,
        better=better,
    )
