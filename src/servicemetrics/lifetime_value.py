r"""Closed-form customer lifetime value.

Customer lifetime value (CLV) is the present value of the margins a customer is expected to
bring while they remain a customer. This module holds the closed forms practitioners use when
retention is a constant rate or a known survival curve; the probabilistic customer-base models
live in :mod:`servicemetrics.models`.

Conventions used throughout
---------------------------
* One *period* is whatever unit the rates are expressed in (a month, a year); ``margin`` is the
  margin per period, ``retention`` the probability of staying from one period to the next and
  ``discount_rate`` the cost of capital per period.
* ``timing="end"`` (the default) receives each period's margin at its end, only if the customer
  is still there: the first margin is discounted once and already needs one retention. This is
  the convention of Gupta & Lehmann (2003) and Gupta, Lehmann & Stuart (2004).
* ``timing="start"`` receives each period's margin at its start: the first margin is certain and
  undiscounted (the customer has just been acquired).

All functions are vectorised: arguments broadcast against each other like NumPy ufuncs.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    FloatOrArray,
    InvalidInputError,
    as_curve,
    as_float_array,
    as_open_unit,
    check_broadcastable,
    check_choice,
    check_integer,
    check_range,
    plainly_within,
    raise_at,
    wrap_output,
)

__all__ = [
    "Timing",
    "clv",
    "clv_from_survival",
    "customer_equity",
    "future_customer_equity",
    "margin_multiple",
    "retention_elasticity",
    "simple_clv",
]

Timing = Literal["end", "start"]
"""When each period's margin is received, at the period's ``"end"`` or its ``"start"``."""

_TIMINGS = ("end", "start")


def _geometric_sum(ratio: FloatArray, terms: FloatArray) -> FloatArray:
    """Sum of ``ratio**k`` for k = 0 .. terms-1, accurate when ``ratio`` is close to 1."""
    with np.errstate(divide="ignore", invalid="ignore"):
        # -expm1(T log ρ) / (1 - ρ) avoids the cancellation in (1 - ρ**T) / (1 - ρ) near ρ = 1.
        partial = -np.expm1(terms * np.log1p(ratio - 1.0)) / (1.0 - ratio)
    partial = np.where(ratio == 1.0, terms, partial)
    return np.where(terms == 0.0, 0.0, partial)


def _check_convergence(
    retention: FloatArray, growth: FloatArray, discount_rate: FloatArray
) -> FloatArray:
    """Return ρ = r(1+g)/(1+i), raising if an infinite horizon would diverge."""
    ratio = retention * (1.0 + growth) / (1.0 + discount_rate)
    bad = ratio >= 1.0
    if bad.any():
        raise_at(
            InvalidInputError,
            "growth",
            "must satisfy retention * (1 + growth) < 1 + discount_rate when horizon is None",
            growth,
            bad,
        )
    return ratio


def _perpetuity(
    m: FloatArray,
    r: FloatArray,
    i: FloatArray,
    g: FloatArray,
    shape: tuple[int, ...],
    timing: str,
) -> FloatArray | None:
    """The infinite-horizon value m r / (1 + i - r(1 + g)) (timing "end") with few temporaries.

    None when some customer is too close to divergence for the quick test to be sure; the
    caller then checks convergence customer by customer.
    """
    one_plus_i = 1.0 + i
    denominator = np.asarray(r * (1.0 + g)) if g.any() else np.array(r, copy=True)
    if denominator.shape != shape:
        denominator = np.broadcast_to(denominator, shape).copy()
    np.subtract(one_plus_i, denominator, out=denominator)
    # ρ = r(1+g)/(1+i) < 1 holds, with rounding, whenever 1 + i - r(1+g) > 8 ε (1 + i).
    if denominator.size and not denominator.min() > 8.0 * _EPSILON * float(one_plus_i.max()):
        return None
    value = np.asarray(m * r if timing == "end" else m * one_plus_i)
    if value.shape != shape:
        value = np.broadcast_to(value, shape).copy()
    np.divide(value, denominator, out=value)
    return value


_EPSILON = float(np.finfo(np.float64).eps)


def clv(
    margin: ArrayLike,
    retention: ArrayLike,
    discount_rate: ArrayLike,
    *,
    timing: Timing = "end",
    growth: ArrayLike = 0.0,
    horizon: ArrayLike | None = None,
    acquisition_cost: ArrayLike = 0.0,
) -> FloatOrArray:
    r"""Customer lifetime value with constant retention and discount rate.

    Parameters
    ----------
    margin : array-like
        Margin per period in the first period (money; may be negative for loss-making
        customers).
    retention : array-like
        Probability that a customer stays from one period to the next, in [0, 1) for an infinite
        horizon and in [0, 1] for a finite one.
    discount_rate : array-like
        Discount rate (cost of capital) per period, >= 0.
    timing : {"end", "start"}, default "end"
        When each period's margin is received (see the module notes).
    growth : array-like, default 0.0
        Growth rate of the margin per period, > -1. With an infinite horizon the series must
        converge: :math:`r(1+g) < 1+i`.
    horizon : array-like of int, optional
        Number of margin payments counted (whole periods, >= 0). ``None`` means an infinite
        horizon.
    acquisition_cost : array-like, default 0.0
        Cost of acquiring the customer, paid at the start and subtracted (money, >= 0).

    Returns
    -------
    float or numpy.ndarray
        The lifetime value in money, shaped like the broadcast inputs. Higher is better.

    Raises
    ------
    OutOfRangeError
        If an argument is outside its range (for example retention >= 1 with no horizon).
    InvalidInputError
        If ``timing`` is unknown, ``horizon`` is not whole, or the infinite series diverges.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    With :math:`\rho = r(1+g)/(1+i)`, margin paid at the end of each period and a horizon of
    :math:`T` payments,

    .. math::

        \mathrm{CLV} = \sum_{t=1}^{T} \frac{m(1+g)^{t-1} r^t}{(1+i)^t} - AC
                     = \frac{m r}{1+i} \cdot \frac{1-\rho^T}{1-\rho} - AC,

    which for :math:`T\to\infty` is Gupta & Lehmann's :math:`m r/(1+i-r(1+g)) - AC`
    (:math:`m r/(1+i-r)` without growth). With margin at the start of each period the first
    payment is :math:`m` itself and the sum becomes
    :math:`m(1-\rho^T)/(1-\rho)`, or :math:`m(1+i)/(1+i-r(1+g))` for an infinite horizon.

    References
    ----------
    - Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
      Marketing*, 17(1), 9–24.
    - Gupta, S., Lehmann, D. R., & Stuart, J. A. (2004). Valuing customers. *Journal of
      Marketing Research*, 41(1), 7–18.

    Examples
    --------
    A customer worth 100 a year, 80% retention, 10% discount rate:

    >>> from servicemetrics.lifetime_value import clv
    >>> clv(100.0, 0.8, 0.1)  # 100 * 0.8 / (1.1 - 0.8)
    266.6667
    >>> clv(100.0, 0.8, 0.1, timing="start")  # 100 * 1.1 / (1.1 - 0.8)
    366.6667
    >>> clv(100.0, 0.8, 0.1, horizon=3)  # 100 * (0.8/1.1 + 0.8**2/1.1**2 + 0.8**3/1.1**3)
    164.0872
    >>> clv(100.0, [0.6, 0.7, 0.8], 0.1, acquisition_cost=50.0)
    array([ 70.    , 125.    , 216.6667])
    """
    m = as_float_array(margin, "margin")
    r = as_float_array(retention, "retention")
    i = check_range(as_float_array(discount_rate, "discount_rate"), "discount_rate", low=0)
    g = check_range(as_float_array(growth, "growth"), "growth", low=-1, low_inclusive=False)
    ac = check_range(
        as_float_array(acquisition_cost, "acquisition_cost"), "acquisition_cost", low=0
    )
    timing = check_choice(timing, "timing", _TIMINGS)  # type: ignore[assignment]
    arrays = {"margin": m, "retention": r, "discount_rate": i, "growth": g, "acquisition_cost": ac}
    if horizon is None:
        if plainly_within(r, low=0, high=1, high_inclusive=False) is None:
            check_range(r, "retention", low=0, high=1, high_inclusive=False)
        shape = check_broadcastable(arrays)
        value = _perpetuity(m, r, i, g, shape, timing)
        if value is not None:
            if np.any(ac):
                value -= ac
            return wrap_output(value, margin, retention, discount_rate, horizon)
        ratio = _check_convergence(r, g, i)
        payments = 1.0 / (1.0 - ratio)
    else:
        check_range(r, "retention", low=0, high=1)
        periods = check_integer(
            check_range(as_float_array(horizon, "horizon"), "horizon", low=0), "horizon"
        )
        check_broadcastable({**arrays, "horizon": periods})
        ratio = r * (1.0 + g) / (1.0 + i)
        payments = _geometric_sum(ratio, periods)
    first = m * r / (1.0 + i) if timing == "end" else m
    result = first * payments - ac
    return wrap_output(np.asarray(result), margin, retention, discount_rate, horizon)


def margin_multiple(retention: ArrayLike, discount_rate: ArrayLike) -> FloatOrArray:
    r"""How many periods' margin a customer is worth: :math:`r/(1+i-r)`.

    The infinite-horizon CLV with margin at the end of each period, divided by the margin.
    Multiply a per-period margin by it to get the lifetime value.

    Parameters
    ----------
    retention : array-like
        Retention per period, in [0, 1).
    discount_rate : array-like
        Discount rate per period, >= 0.

    Returns
    -------
    float or numpy.ndarray
        The multiple (periods of margin); higher retention gives a larger multiple.

    References
    ----------
    - Gupta, S., & Lehmann, D. R. (2003). Customers as assets. *Journal of Interactive
      Marketing*, 17(1), 9–24 (the "margin multiple").

    Examples
    --------
    >>> from servicemetrics.lifetime_value import margin_multiple
    >>> margin_multiple(0.9, 0.12)  # 0.9 / (1.12 - 0.9)
    4.0909
    >>> margin_multiple([0.6, 0.7, 0.8, 0.9], 0.1)
    array([1.2       , 1.75      , 2.66666667, 4.5       ])
    """
    r = check_range(
        as_float_array(retention, "retention"), "retention", low=0, high=1, high_inclusive=False
    )
    i = check_range(as_float_array(discount_rate, "discount_rate"), "discount_rate", low=0)
    check_broadcastable({"retention": r, "discount_rate": i})
    return wrap_output(r / (1.0 + i - r), retention, discount_rate)


def retention_elasticity(
    retention: ArrayLike,
    discount_rate: ArrayLike,
    *,
    timing: Timing = "end",
    growth: ArrayLike = 0.0,
) -> FloatOrArray:
    r"""Elasticity of infinite-horizon CLV to retention: % change in CLV per 1% in retention.

    Parameters
    ----------
    retention : array-like
        Retention per period, in (0, 1).
    discount_rate : array-like
        Discount rate per period, >= 0.
    timing : {"end", "start"}, default "end"
        When each period's margin is received.
    growth : array-like, default 0.0
        Margin growth per period, > -1, with :math:`r(1+g) < 1+i`.

    Returns
    -------
    float or numpy.ndarray
        :math:`\partial \ln \mathrm{CLV} / \partial \ln r`, dimensionless and positive. It does
        not depend on the margin, and it applies to CLV gross of acquisition cost.

    Notes
    -----
    Differentiating the closed forms of :func:`clv`:

    .. math::

        \frac{\partial \ln \mathrm{CLV}}{\partial \ln r} =
        \begin{cases}
            \dfrac{1+i}{1+i-r(1+g)} & \text{margin at the end of each period,} \\[1ex]
            \dfrac{r(1+g)}{1+i-r(1+g)} & \text{margin at the start.}
        \end{cases}

    At :math:`r = 0.9`, :math:`i = 0.12` the end-of-period elasticity is about 5, the order of
    magnitude Gupta, Lehmann & Stuart (2004) report for firm value: a 1% improvement in
    retention raised the value of the five firms they studied by about 5%.

    References
    ----------
    - Gupta, S., Lehmann, D. R., & Stuart, J. A. (2004). Valuing customers. *Journal of
      Marketing Research*, 41(1), 7–18.

    Examples
    --------
    >>> from servicemetrics.lifetime_value import retention_elasticity
    >>> retention_elasticity(0.9, 0.12)  # 1.12 / (1.12 - 0.9)
    5.0909
    >>> retention_elasticity(0.9, 0.12, timing="start")  # 0.9 / (1.12 - 0.9)
    4.0909
    """
    r = as_open_unit(retention, "retention")
    i = check_range(as_float_array(discount_rate, "discount_rate"), "discount_rate", low=0)
    g = check_range(as_float_array(growth, "growth"), "growth", low=-1, low_inclusive=False)
    timing = check_choice(timing, "timing", _TIMINGS)  # type: ignore[assignment]
    check_broadcastable({"retention": r, "discount_rate": i, "growth": g})
    _check_convergence(r, g, i)
    denominator = 1.0 + i - r * (1.0 + g)
    numerator = 1.0 + i if timing == "end" else r * (1.0 + g)
    return wrap_output(np.asarray(numerator / denominator), retention, discount_rate)


def clv_from_survival(
    margin: ArrayLike,
    survival: ArrayLike,
    discount_rate: ArrayLike,
    *,
    timing: Timing = "end",
) -> FloatOrArray:
    r"""Lifetime value from an arbitrary survival (retention) curve.

    Use this when retention is not constant: a curve fitted to cohort data, a
    shifted-beta-geometric projection, or a contractual schedule.

    Parameters
    ----------
    margin : array-like
        Margin per period: a number, or one value per period along the last axis (money).
    survival : array-like of shape (..., n_periods)
        ``survival[..., t-1]`` is the probability that the customer is still active for the
        ``t``-th margin payment, in [0, 1] and non-increasing along the last axis. Leading
        axes index separate curves (segments, scenarios).
    discount_rate : array-like
        Discount rate per period, >= 0; broadcasts against the leading axes of ``survival``.
    timing : {"end", "start"}, default "end"
        ``"end"`` discounts payment ``t`` by :math:`(1+i)^t`, ``"start"`` by
        :math:`(1+i)^{t-1}`.

    Returns
    -------
    float or numpy.ndarray
        Present value of the expected margins, one per curve (money).

    Raises
    ------
    OutOfRangeError
        If a survival probability is outside [0, 1] or the discount rate is negative.
    InvalidInputError
        If the survival curve increases somewhere, or has no periods.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    .. math::

        \mathrm{CLV} = \sum_{t=1}^{T} \frac{m_t S_t}{(1+i)^{t}} \quad\text{(end)}, \qquad
        \mathrm{CLV} = \sum_{t=1}^{T} \frac{m_t S_t}{(1+i)^{t-1}} \quad\text{(start)}.

    A geometric curve reproduces :func:`clv`: :math:`S_t = r^t` with ``timing="end"``, or
    :math:`S_t = r^{t-1}` (a first payment that is certain) with ``timing="start"``.

    References
    ----------
    - Gupta, S., Lehmann, D. R., & Stuart, J. A. (2004). Valuing customers. *Journal of
      Marketing Research*, 41(1), 7–18.
    - Fader, P. S., & Hardie, B. G. S. (2007). How to project customer retention. *Journal
      of Interactive Marketing*, 21(1), 76–90.

    Examples
    --------
    >>> from servicemetrics.lifetime_value import clv_from_survival
    >>> clv_from_survival(100.0, [0.8, 0.6, 0.5], 0.1)  # 80/1.1 + 60/1.21 + 50/1.331
    159.8798
    >>> clv_from_survival(100.0, [[0.9, 0.8], [0.5, 0.2]], 0.0)  # two segments
    array([170.,  70.])
    """
    s = as_curve(survival, "survival", non_increasing=True)
    m = as_float_array(margin, "margin")
    i = check_range(as_float_array(discount_rate, "discount_rate"), "discount_rate", low=0)
    timing = check_choice(timing, "timing", _TIMINGS)  # type: ignore[assignment]
    check_broadcastable({"margin": m, "survival": s})
    check_broadcastable({"discount_rate": i, "survival (leading axes)": s[..., 0]})
    periods = np.arange(1, s.shape[-1] + 1, dtype=np.float64)
    exponent = periods if timing == "end" else periods - 1.0
    discount = (1.0 + i[..., np.newaxis]) ** -exponent
    value = np.sum(m * s * discount, axis=-1)
    return wrap_output(np.asarray(value), discount_rate)


def simple_clv(
    average_order_value: ArrayLike,
    purchase_frequency: ArrayLike,
    gross_margin: ArrayLike,
    lifespan: ArrayLike,
) -> FloatOrArray:
    r"""The traditional back-of-the-envelope CLV: value × frequency × margin × lifespan.

    It ignores discounting and the uncertainty of retention, so it overstates the value of
    long relationships; prefer :func:`clv` when a retention rate is known.

    Parameters
    ----------
    average_order_value : array-like
        Average revenue per purchase (money, >= 0).
    purchase_frequency : array-like
        Purchases per period (>= 0).
    gross_margin : array-like
        Gross margin as a fraction of revenue, <= 1 (may be negative when goods sell below
        cost).
    lifespan : array-like
        Expected customer lifespan in the same periods as ``purchase_frequency`` (>= 0).

    Returns
    -------
    float or numpy.ndarray
        Undiscounted margin over the customer's lifespan (money).

    Notes
    -----
    .. math:: \mathrm{CLV} = \bar{v} \times f \times g \times L

    References
    ----------
    - Farris, P. W., Bendle, N. T., Pfeifer, P. E., & Reibstein, D. J. (2010). *Marketing
      Metrics: The Definitive Guide to Measuring Marketing Performance* (2nd ed.), ch. 5.
      Wharton School Publishing.

    Examples
    --------
    >>> from servicemetrics.lifetime_value import simple_clv
    >>> simple_clv(40.0, 6, 0.3, 4)  # 40 * 6 * 0.3 * 4
    288.0
    """
    v = check_range(
        as_float_array(average_order_value, "average_order_value"), "average_order_value", low=0
    )
    f = check_range(
        as_float_array(purchase_frequency, "purchase_frequency"), "purchase_frequency", low=0
    )
    g = check_range(as_float_array(gross_margin, "gross_margin"), "gross_margin", high=1)
    life = check_range(as_float_array(lifespan, "lifespan"), "lifespan", low=0)
    check_broadcastable(
        {
            "average_order_value": v,
            "purchase_frequency": f,
            "gross_margin": g,
            "lifespan": life,
        }
    )
    return wrap_output(
        np.asarray(v * f * g * life), average_order_value, purchase_frequency, gross_margin
    )


def customer_equity(customers: ArrayLike, value: ArrayLike) -> FloatOrArray:
    r"""Customer equity of a base: the sum of customers × value per customer over segments.

    Parameters
    ----------
    customers : array-like
        Number of customers in each segment (>= 0), segments along the last axis.
    value : array-like
        Lifetime value per customer of each segment (money), broadcasting against
        ``customers``.

    Returns
    -------
    float or numpy.ndarray
        :math:`\sum_s n_s \mathrm{CLV}_s`, summed over the last axis (money).

    References
    ----------
    - Blattberg, R. C., & Deighton, J. (1996). Manage marketing by the customer equity
      test. *Harvard Business Review*, 74(4), 136–144.
    - Gupta, S., Lehmann, D. R., & Stuart, J. A. (2004). Valuing customers. *Journal of
      Marketing Research*, 41(1), 7–18.

    Examples
    --------
    >>> from servicemetrics.lifetime_value import customer_equity
    >>> customer_equity([1000, 200], [150.0, 900.0])  # 1000*150 + 200*900
    330000.0
    """
    n = check_range(as_float_array(customers, "customers"), "customers", low=0)
    v = as_float_array(value, "value")
    check_broadcastable({"customers": n, "value": v})
    product = n * v
    total = product.sum(axis=-1) if product.ndim else product
    return wrap_output(np.asarray(total))


def future_customer_equity(
    new_customers: ArrayLike,
    value: ArrayLike,
    discount_rate: ArrayLike,
    *,
    acquisition_cost: ArrayLike = 0.0,
    cohort_growth: ArrayLike = 0.0,
    cohorts: ArrayLike | None = None,
) -> FloatOrArray:
    r"""Value of the customers a firm will acquire: current and future cohorts, discounted.

    A new cohort of customers joins at the start of every period (the first one now); each
    customer is worth ``value`` at the moment of acquisition and costs ``acquisition_cost``.

    Parameters
    ----------
    new_customers : array-like
        Size of the first cohort (>= 0).
    value : array-like
        Lifetime value of an acquired customer at acquisition, gross of acquisition cost
        (money), for example from :func:`clv` with ``timing="start"``.
    discount_rate : array-like
        Discount rate per period, >= 0 (> ``cohort_growth`` for an infinite stream).
    acquisition_cost : array-like, default 0.0
        Cost per acquired customer (money, >= 0).
    cohort_growth : array-like, default 0.0
        Growth of cohort size per period, > -1.
    cohorts : array-like of int, optional
        Number of cohorts counted (>= 0). ``None`` means cohorts keep coming for ever.

    Returns
    -------
    float or numpy.ndarray
        Present value of all cohorts' margins net of their acquisition costs (money).

    Raises
    ------
    InvalidInputError
        If the infinite stream diverges (``cohort_growth >= discount_rate``) or ``cohorts`` is
        not whole.
    OutOfRangeError
        If an argument is out of range.

    Notes
    -----
    With :math:`n` customers in the first cohort, cohort growth :math:`g_n` and
    :math:`\rho = (1+g_n)/(1+i)`,

    .. math::

        E = \sum_{k=0}^{K-1} \frac{n (1+g_n)^k (\mathrm{CLV} - AC)}{(1+i)^k}
          = n(\mathrm{CLV} - AC)\frac{1-\rho^K}{1-\rho},

    which for :math:`K\to\infty` is :math:`n(\mathrm{CLV}-AC)(1+i)/(i-g_n)`. Gupta, Lehmann &
    Stuart (2004) value firms as this sum over cohorts.

    References
    ----------
    - Gupta, S., Lehmann, D. R., & Stuart, J. A. (2004). Valuing customers. *Journal of
      Marketing Research*, 41(1), 7–18.

    Examples
    --------
    >>> from servicemetrics.lifetime_value import future_customer_equity
    >>> future_customer_equity(100, 300.0, 0.1, acquisition_cost=50.0)  # 100*250*1.1/0.1
    275000.0
    >>> future_customer_equity(100, 300.0, 0.1, cohorts=2)  # 100*300 + 100*300/1.1
    57272.7273
    """
    n = check_range(as_float_array(new_customers, "new_customers"), "new_customers", low=0)
    v = as_float_array(value, "value")
    i = check_range(as_float_array(discount_rate, "discount_rate"), "discount_rate", low=0)
    ac = check_range(
        as_float_array(acquisition_cost, "acquisition_cost"), "acquisition_cost", low=0
    )
    gn = check_range(
        as_float_array(cohort_growth, "cohort_growth"),
        "cohort_growth",
        low=-1,
        low_inclusive=False,
    )
    arrays = {
        "new_customers": n,
        "value": v,
        "discount_rate": i,
        "acquisition_cost": ac,
        "cohort_growth": gn,
    }
    ratio = (1.0 + gn) / (1.0 + i)
    if cohorts is None:
        shape = check_broadcastable(arrays)
        bad = np.broadcast_to(ratio >= 1.0, shape)
        if bad.any():
            raise_at(
                InvalidInputError,
                "cohort_growth",
                "must be < discount_rate when cohorts is None",
                gn,
                bad,
            )
        stream = 1.0 / (1.0 - ratio)
    else:
        k = check_integer(
            check_range(as_float_array(cohorts, "cohorts"), "cohorts", low=0), "cohorts"
        )
        check_broadcastable({**arrays, "cohorts": k})
        stream = _geometric_sum(ratio, k)
    return wrap_output(np.asarray(n * (v - ac) * stream), new_customers, value, discount_rate)
