r"""Retention, churn, survival and expected customer lifetime.

The functions here describe how long customers stay. They all work per *period*: a month, a
quarter, a year, whatever the counts or rates were measured over. A retention rate measured over
months is a monthly rate; use :func:`convert_retention` or :func:`convert_churn` to restate it
for a period of another length.

Conventions used throughout:

* **Retention** :math:`r` is the share of the customers present at the start of a period who are
  still customers at its end; **churn** is :math:`c = 1 - r`.
* **Lifetime** counts whole periods and includes the period in which the customer leaves, so a
  customer who churns in the first period has a lifetime of 1. Under constant churn
  :math:`c` the lifetime is geometric with mean :math:`1/c`.
* **Survival** :math:`S(t)` is the share of a starting cohort still active at the end of period
  :math:`t`, with :math:`S(0) = 1`; curves put the periods on the last axis.

Scalars in give a ``float`` out, array-likes give an ``ndarray`` of the broadcast shape, and a
pandas ``Series`` gives a ``Series`` with the same index.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    FloatOrArray,
    InvalidInputError,
    OutOfRangeError,
    ShapeMismatchError,
    Verbatim,
    as_curve,
    as_float_array,
    as_vector,
    check_broadcastable,
    check_choice,
    check_integer,
    check_range,
    plainly_within,
    raise_at,
    shape_of,
    wrap_output,
)

__all__ = [
    "average_tenure",
    "churn_rate",
    "convert_churn",
    "convert_retention",
    "expected_lifetime",
    "lifetime_from_tenure",
    "retention_from_survival",
    "retention_rate",
    "share_of_wallet",
    "survival_curve",
    "survival_from_retention",
]

_ZERO_DIVISION_CHOICES = ("raise", "nan", "zero")


def _plain_retention(start: ArrayLike, end: ArrayLike, new: ArrayLike) -> FloatArray | None:
    """The retention rate when every rule plainly holds, from a few reductions; else None.

    ``start`` finite and >= 1e-300 (so that a quotient above 1 cannot round to 1), ``new`` >= 0,
    ``end - new`` >= 0 (which also gives ``end`` >= 0 and ``new`` <= ``end``) and a rate <= 1
    (which holds exactly when ``end - new`` <= ``start``); NaN or infinite counts fail one of
    these. None sends the counts to the rule-by-rule checks, which name the offending value.
    """
    start_a = plainly_within(start, low=1e-300)
    new_a = plainly_within(new, low=0)
    end_a = plainly_within(end)
    if start_a is None or new_a is None or end_a is None:
        return None
    try:
        shape = np.broadcast_shapes(start_a.shape, end_a.shape, new_a.shape)
    except ValueError:
        return None
    retained = np.subtract(end_a, new_a, out=np.empty(shape))
    if not retained.min() >= 0.0:
        return None
    np.divide(retained, start_a, out=retained)
    if not retained.max() <= 1.0:
        return None
    return retained


def _retention_from_counts(start: ArrayLike, end: ArrayLike, new: ArrayLike) -> FloatArray:
    """Validate the three customer counts and return the retention rate as an array."""
    plain = _plain_retention(start, end, new)
    if plain is not None:
        return plain
    start_a = check_range(as_float_array(start, "start"), "start", low=0, low_inclusive=False)
    end_a = check_range(as_float_array(end, "end"), "end", low=0)
    new_a = check_range(as_float_array(new, "new"), "new", low=0)
    shape = check_broadcastable({"start": start_a, "end": end_a, "new": new_a})
    # Broadcast all three up front so that a joint rule broken by a scalar count is reported at
    # its position in the result, not without an index.
    start_b, end_b, new_b = (np.broadcast_to(a, shape) for a in (start_a, end_a, new_a))
    too_many_new = new_b > end_b
    if too_many_new.any():
        raise_at(OutOfRangeError, "new", "must be <= end", new_b, too_many_new)
    retained = end_b - new_b
    too_many_retained = retained > start_b
    if too_many_retained.any():
        raise_at(
            OutOfRangeError,
            "end - new",
            "must be <= start (retained customers cannot exceed those at the start)",
            retained,
            too_many_retained,
        )
    result: FloatArray = retained / start_b
    return result


def retention_rate(start: ArrayLike, end: ArrayLike, new: ArrayLike) -> FloatOrArray:
    r"""Share of the customers present at the start of a period who are still there at its end.

    Parameters
    ----------
    start : array-like
        Customers at the start of the period (a count; whole numbers are typical but not
        required). Must be > 0.
    end : array-like
        Customers at the end of the period, including those won during it. Must be >= 0.
    new : array-like
        Customers won during the period and still active at its end. Must be >= 0 and
        <= ``end``. The three arguments broadcast against each other.

    Returns
    -------
    float or numpy.ndarray
        Retention per period, in [0, 1]; 1 (nobody left) is best. A pandas Series input gives a
        Series with the same index.

    Raises
    ------
    OutOfRangeError
        If ``start`` <= 0, ``end`` or ``new`` < 0, ``new`` > ``end``, or ``end - new`` >
        ``start`` (more customers retained than there were to retain). For arrays the message
        names the first offending index of the broadcast shape.
    NonFiniteError
        If a count is NaN or infinite.
    ShapeMismatchError
        If the arguments do not broadcast together.

    See Also
    --------
    churn_rate : ``1 - retention_rate``.

    Notes
    -----
    Customers won during the period are removed from the end count, so that acquisition does
    not hide losses:

    .. math::

        r = \frac{E - N}{S}

    with :math:`S` the customers at the start, :math:`E` at the end and :math:`N` the new
    customers still active at the end. Customers who joined *and* left within the period appear
    in none of the three counts.

    References
    ----------
    * Gupta, S. and Lehmann, D. R. (2003). "Customers as assets". *Journal of Interactive
      Marketing*, 17(1), 9–24.

    Examples
    --------
    1,000 customers at the start, 950 at the end of whom 100 are new: 850 stayed.

    >>> from servicemetrics.retention import retention_rate
    >>> retention_rate(1000, 950, 100)
    0.85
    >>> retention_rate([1000, 500], [950, 520], [100, 40])
    array([0.85, 0.96])
    """
    return wrap_output(_retention_from_counts(start, end, new), start, end, new)


def churn_rate(start: ArrayLike, end: ArrayLike, new: ArrayLike) -> FloatOrArray:
    r"""Share of the customers present at the start of a period who left during it.

    Parameters
    ----------
    start : array-like
        Customers at the start of the period. Must be > 0.
    end : array-like
        Customers at the end of the period, including those won during it. Must be >= 0.
    new : array-like
        Customers won during the period and still active at its end. Must be >= 0 and
        <= ``end``. The three arguments broadcast against each other.

    Returns
    -------
    float or numpy.ndarray
        Churn per period, in [0, 1]; 0 is best. A pandas Series input gives a Series with the
        same index.

    Raises
    ------
    OutOfRangeError
        Under the same rules as :func:`retention_rate`.
    NonFiniteError
        If a count is NaN or infinite.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    .. math::

        c = 1 - r = 1 - \frac{E - N}{S}

    References
    ----------
    * Gupta, S. and Lehmann, D. R. (2003). "Customers as assets". *Journal of Interactive
      Marketing*, 17(1), 9–24.

    Examples
    --------
    >>> from servicemetrics.retention import churn_rate
    >>> churn_rate(1000, 950, 100)
    0.15
    """
    return wrap_output(1.0 - _retention_from_counts(start, end, new), start, end, new)


def expected_lifetime(churn: ArrayLike) -> FloatOrArray:
    r"""Expected customer lifetime, in periods, under a constant churn rate.

    Parameters
    ----------
    churn : array-like
        Churn per period, in (0, 1]. A churn of 0 would mean customers never leave, so the
        expected lifetime would be infinite.

    Returns
    -------
    float or numpy.ndarray
        Expected lifetime in periods (>= 1), counting the period in which the customer leaves;
        longer is better. A pandas Series input gives a Series with the same index.

    Raises
    ------
    OutOfRangeError
        If ``churn`` is not in (0, 1].
    NonFiniteError
        If ``churn`` is NaN or infinite.

    Notes
    -----
    With the same churn :math:`c` in every period, the period :math:`L` in which a customer
    leaves is geometric, :math:`P(L = t) = (1 - c)^{t-1} c` for :math:`t = 1, 2, \ldots`, so

    .. math::

        E[L] = \sum_{t \ge 1} t (1 - c)^{t-1} c = \frac{1}{c}.

    A customer who leaves in the first period has a lifetime of 1. Counting only the *completed*
    periods instead would give :math:`(1 - c)/c`, one period less.

    Heterogeneous customers make the population's retention rise with tenure, so a single
    churn rate taken from a young cohort understates how long the base lasts (Fader and Hardie,
    2007).

    References
    ----------
    * Gupta, S. and Lehmann, D. R. (2003). "Customers as assets". *Journal of Interactive
      Marketing*, 17(1), 9–24.
    * Fader, P. S. and Hardie, B. G. S. (2007). "How to project customer retention".
      *Journal of Interactive Marketing*, 21(1), 76–90.

    Examples
    --------
    >>> from servicemetrics.retention import expected_lifetime
    >>> expected_lifetime(0.2)
    5.0
    >>> expected_lifetime([0.5, 0.1, 1.0])
    array([ 2., 10.,  1.])
    """
    churn_a = check_range(
        as_float_array(churn, "churn"), "churn", low=0, high=1, low_inclusive=False
    )
    return wrap_output(1.0 / churn_a, churn)


def _whole_periods(periods: ArrayLike) -> int:
    """Validate a single whole number of periods >= 1."""
    periods_a = as_float_array(periods, "periods")
    if periods_a.ndim != 0:
        raise ShapeMismatchError("periods", "must be a single number", shape_of(periods_a))
    check_range(check_integer(periods_a, "periods"), "periods", low=1)
    return int(periods_a)


def survival_curve(retention: ArrayLike, periods: ArrayLike) -> FloatArray:
    r"""Share of a cohort still active after each of ``periods`` periods, at constant retention.

    Parameters
    ----------
    retention : array-like
        Retention per period, in [0, 1]; any shape.
    periods : int
        Number of periods to project, a whole number >= 1.

    Returns
    -------
    numpy.ndarray of shape (\*retention.shape, periods)
        :math:`S(1), \ldots, S(T)` on a new last axis, non-increasing, in [0, 1]; higher is
        better. Always an array, also for a scalar retention.

    Raises
    ------
    OutOfRangeError
        If ``retention`` is not in [0, 1] or ``periods`` < 1.
    InvalidInputError
        If ``periods`` is not a whole number.
    ShapeMismatchError
        If ``periods`` is not a single number.
    NonFiniteError
        If an input is NaN or infinite.

    See Also
    --------
    survival_from_retention : the same curve when retention changes from period to period.

    Notes
    -----
    .. math::

        S(t) = r^t, \qquad t = 1, \ldots, T.

    :math:`S(t)` is the share of the customers present at time 0 who are still active at the
    end of period :math:`t`; :math:`S(0) = 1` is not included.

    References
    ----------
    * Gupta, S. and Lehmann, D. R. (2003). "Customers as assets". *Journal of Interactive
      Marketing*, 17(1), 9–24.
    * Fader, P. S. and Hardie, B. G. S. (2007). "How to project customer retention".
      *Journal of Interactive Marketing*, 21(1), 76–90.

    Examples
    --------
    >>> from servicemetrics.retention import survival_curve
    >>> survival_curve(0.8, 3)
    array([0.8  , 0.64 , 0.512])
    >>> survival_curve([0.5, 0.9], 2)
    array([[0.5 , 0.25],
           [0.9 , 0.81]])
    """
    retention_a = check_range(as_float_array(retention, "retention"), "retention", low=0, high=1)
    exponents = np.arange(1, _whole_periods(periods) + 1, dtype=np.float64)
    curve: FloatArray = retention_a[..., np.newaxis] ** exponents
    return curve


def survival_from_retention(period_retention: ArrayLike) -> FloatOrArray:
    r"""Survival curve from retention rates that change from period to period.

    Parameters
    ----------
    period_retention : array-like of shape (..., n_periods)
        Retention :math:`r_1, \ldots, r_T` of each period, in [0, 1], on the last axis. Leading
        axes (cohorts, segments) are kept.

    Returns
    -------
    numpy.ndarray of shape (..., n_periods)
        :math:`S(1), \ldots, S(T)`, non-increasing along the last axis, in [0, 1]; higher is
        better. A one-dimensional pandas Series gives a Series with the same index.

    Raises
    ------
    OutOfRangeError
        If a retention rate is not in [0, 1].
    InvalidInputError
        If ``period_retention`` is a scalar or its last axis is empty.
    NonFiniteError
        If a value is NaN or infinite.

    See Also
    --------
    retention_from_survival : the inverse.
    survival_curve : the special case of constant retention.

    Notes
    -----
    A customer is still active at the end of period :math:`t` only if retained in every period
    up to it:

    .. math::

        S(t) = \prod_{k=1}^{t} r_k.

    References
    ----------
    * Gupta, S. and Lehmann, D. R. (2003). "Customers as assets". *Journal of Interactive
      Marketing*, 17(1), 9–24.
    * Fader, P. S. and Hardie, B. G. S. (2007). "How to project customer retention".
      *Journal of Interactive Marketing*, 21(1), 76–90.

    Examples
    --------
    Retention usually rises with tenure, as the customers likely to leave go first:

    >>> from servicemetrics.retention import survival_from_retention
    >>> survival_from_retention([0.6, 0.75, 0.8])
    array([0.6 , 0.45, 0.36])
    """
    retention_a = as_curve(period_retention, "period_retention")
    return wrap_output(np.cumprod(retention_a, axis=-1), period_retention)


def retention_from_survival(
    survival: ArrayLike, *, zero_division: Literal["raise", "nan", "zero"] = "raise"
) -> FloatOrArray:
    r"""Period-by-period retention implied by a survival curve.

    Parameters
    ----------
    survival : array-like of shape (..., n_periods)
        :math:`S(1), \ldots, S(T)` on the last axis: the share of a starting cohort still active
        at the end of each period, in [0, 1] and non-increasing. :math:`S(0) = 1` is implied
        and must not be included.
    zero_division : {'raise', 'nan', 'zero'}, default 'raise'
        What to do for the periods after the curve has reached 0, where nobody is left and the
        retention :math:`0/0` is undefined. ``'raise'`` raises an error, ``'nan'`` reports NaN
        for those periods, ``'zero'`` reports 0 (so that :func:`survival_from_retention` gives
        the curve back).

    Returns
    -------
    numpy.ndarray of shape (..., n_periods)
        Retention :math:`r_1, \ldots, r_T` in [0, 1]; higher is better. A one-dimensional pandas
        Series gives a Series with the same index.

    Raises
    ------
    OutOfRangeError
        If a survival value is not in [0, 1].
    InvalidInputError
        If the curve rises along its last axis, if it is a scalar or its last axis is empty, if
        ``zero_division`` is not one of the choices, or, with ``zero_division='raise'``, if the
        curve reaches 0 before its last period.
    NonFiniteError
        If a value is NaN or infinite.

    See Also
    --------
    survival_from_retention : the inverse.

    Notes
    -----
    .. math::

        r_t = \frac{S(t)}{S(t-1)}, \qquad S(0) = 1.

    The first period in which the curve drops to 0 has a well-defined retention of 0; only the
    periods after it are undefined.

    References
    ----------
    * Fader, P. S. and Hardie, B. G. S. (2007). "How to project customer retention".
      *Journal of Interactive Marketing*, 21(1), 76–90.

    Examples
    --------
    >>> from servicemetrics.retention import retention_from_survival
    >>> retention_from_survival([0.6, 0.45, 0.36])
    array([0.6 , 0.75, 0.8 ])
    >>> retention_from_survival([0.5, 0.0, 0.0], zero_division="zero")
    array([0.5, 0. , 0. ])
    >>> retention_from_survival([0.5, 0.0, 0.0])
    Traceback (most recent call last):
    ...
    servicemetrics._validation.InvalidInputError: survival must stay above 0 before its last period (retention after everyone has left is undefined; see zero_division); got 0.0 at index 1
    """
    policy = check_choice(zero_division, "zero_division", _ZERO_DIVISION_CHOICES)
    survival_a = as_curve(survival, "survival", non_increasing=True)
    previous = np.concatenate(
        [np.ones((*survival_a.shape[:-1], 1)), survival_a[..., :-1]], axis=-1
    )
    undefined = previous == 0
    if policy == "raise" and undefined.any():
        # Report the zero itself (one period before the undefined ratio): that is the value
        # the caller can recognise in the curve they passed.
        zero_before_last = np.zeros(survival_a.shape, dtype=bool)
        zero_before_last[..., :-1] = undefined[..., 1:]
        raise_at(
            InvalidInputError,
            "survival",
            "must stay above 0 before its last period (retention after everyone has left is "
            "undefined; see zero_division)",
            survival_a,
            zero_before_last,
        )
    fill = np.nan if policy == "nan" else 0.0
    ratio = np.divide(survival_a, previous, out=np.full(survival_a.shape, fill), where=~undefined)
    return wrap_output(ratio, survival)


def convert_retention(retention: ArrayLike, length_ratio: ArrayLike) -> FloatOrArray:
    r"""Restate a retention rate for a period ``length_ratio`` times as long.

    Parameters
    ----------
    retention : array-like
        Retention over the original period, in [0, 1].
    length_ratio : array-like
        Length of the new period divided by the length of the original one, > 0: 12 turns a
        monthly rate into an annual one, 1/12 an annual rate into a monthly one. Broadcasts
        against ``retention``.

    Returns
    -------
    float or numpy.ndarray
        Retention over the new period, in [0, 1]; higher is better. A pandas Series input gives
        a Series with the same index.

    Raises
    ------
    OutOfRangeError
        If ``retention`` is not in [0, 1] or ``length_ratio`` <= 0.
    NonFiniteError
        If an input is NaN or infinite.
    ShapeMismatchError
        If the inputs do not broadcast together.

    See Also
    --------
    convert_churn : the same conversion stated for churn.

    Notes
    -----
    Assumes a constant hazard of leaving within the period, so that surviving :math:`k`
    consecutive periods is :math:`k` independent survivals:

    .. math::

        r_{\text{new}} = r^{k}.

    Seasonal churn (renewal dates, annual contracts) breaks the assumption: an annual-contract
    business does not lose a twelfth of its annual churn every month.

    References
    ----------
    * Fader, P. S. and Hardie, B. G. S. (2007). "How to project customer retention".
      *Journal of Interactive Marketing*, 21(1), 76–90.

    Examples
    --------
    A monthly retention of 95% is an annual retention of about 54%:

    >>> from servicemetrics.retention import convert_retention
    >>> convert_retention(0.95, 12)
    0.5404
    >>> convert_retention(0.81, 1 / 2)
    0.9
    """
    retention_a, ratio_a = _conversion_inputs(retention, "retention", length_ratio)
    return wrap_output(retention_a**ratio_a, retention, length_ratio)


def convert_churn(churn: ArrayLike, length_ratio: ArrayLike) -> FloatOrArray:
    r"""Restate a churn rate for a period ``length_ratio`` times as long.

    Parameters
    ----------
    churn : array-like
        Churn over the original period, in [0, 1].
    length_ratio : array-like
        Length of the new period divided by the length of the original one, > 0: 12 turns a
        monthly rate into an annual one, 1/12 an annual rate into a monthly one. Broadcasts
        against ``churn``.

    Returns
    -------
    float or numpy.ndarray
        Churn over the new period, in [0, 1]; lower is better. A pandas Series input gives a
        Series with the same index.

    Raises
    ------
    OutOfRangeError
        If ``churn`` is not in [0, 1] or ``length_ratio`` <= 0.
    NonFiniteError
        If an input is NaN or infinite.
    ShapeMismatchError
        If the inputs do not broadcast together.

    See Also
    --------
    convert_retention : the same conversion stated for retention.

    Notes
    -----
    Assumes a constant hazard of leaving within the period (see :func:`convert_retention`):

    .. math::

        c_{\text{new}} = 1 - (1 - c)^{k}.

    It is evaluated as :math:`-\operatorname{expm1}(k \log1p(-c))`, which keeps small churn
    rates (daily, say) accurate. Multiplying churn by :math:`k` is only a first-order
    approximation and can exceed 1.

    References
    ----------
    * Fader, P. S. and Hardie, B. G. S. (2007). "How to project customer retention".
      *Journal of Interactive Marketing*, 21(1), 76–90.

    Examples
    --------
    A monthly churn of 5% is an annual churn of about 46%, not 60%:

    >>> from servicemetrics.retention import convert_churn
    >>> convert_churn(0.05, 12)
    0.4596
    >>> convert_churn([0.19, 1.0], 1 / 2)
    array([0.1, 1. ])
    """
    churn_a, ratio_a = _conversion_inputs(churn, "churn", length_ratio)
    # log1p(-1) is -inf by design here: a churn of 1 stays 1 for any positive ratio.
    # Subtracting from 0.0 instead of negating keeps a churn of 0 at +0.0, not -0.0.
    with np.errstate(divide="ignore"):
        converted = 0.0 - np.expm1(ratio_a * np.log1p(-churn_a))
    return wrap_output(converted, churn, length_ratio)


def _conversion_inputs(
    rate: ArrayLike, name: str, length_ratio: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Validate a rate in [0, 1] and a positive period-length ratio that broadcast together."""
    rate_a = check_range(as_float_array(rate, name), name, low=0, high=1)
    ratio_a = check_range(
        as_float_array(length_ratio, "length_ratio"), "length_ratio", low=0, low_inclusive=False
    )
    check_broadcastable({name: rate_a, "length_ratio": ratio_a})
    return rate_a, ratio_a


def average_tenure(tenure: ArrayLike) -> float:
    r"""Mean observed tenure of a group of customers.

    Parameters
    ----------
    tenure : array-like of shape (n_customers,)
        Periods each customer has been (or was) a customer, >= 0.

    Returns
    -------
    float
        The arithmetic mean, in periods.

    Raises
    ------
    OutOfRangeError
        If a tenure is negative.
    InvalidInputError
        If ``tenure`` is empty.
    ShapeMismatchError
        If ``tenure`` is not one-dimensional.
    NonFiniteError
        If a value is NaN or infinite.

    See Also
    --------
    lifetime_from_tenure : expected lifetime from tenures of active and churned customers.

    Notes
    -----
    .. math::

        \bar t = \frac{1}{n} \sum_{i=1}^{n} t_i.

    This describes the customers as observed; it is *not* an estimate of expected lifetime
    when some of them are still active, because their tenure is cut short by the end of the
    observation (right-censored). Including active customers biases it down; dropping them
    biases it down too, because long-lived customers are the ones most likely to be active.
    Use :func:`lifetime_from_tenure` for the lifetime.

    References
    ----------
    * Lawless, J. F. (2003). *Statistical Models and Methods for Lifetime Data*, 2nd ed.
      Wiley.

    Examples
    --------
    >>> from servicemetrics.retention import average_tenure
    >>> average_tenure([3, 12, 7, 2])
    6.0
    """
    tenure_a = check_range(as_vector(tenure, "tenure"), "tenure", low=0)
    return float(np.mean(tenure_a))


def lifetime_from_tenure(tenure: ArrayLike, churned: ArrayLike) -> float:
    r"""Expected customer lifetime from observed tenures, counting active customers as censored.

    Parameters
    ----------
    tenure : array-like of shape (n_customers,)
        Periods observed for each customer, >= 0: up to and including the period of leaving for
        churned customers, up to the end of observation for active ones.
    churned : array-like of shape (n_customers,)
        Whether each customer has left: booleans or 0/1. Active customers (``False``/0) are
        right-censored: their lifetime is known only to exceed their tenure.

    Returns
    -------
    float
        Expected lifetime in periods under a constant churn hazard, counting the period in
        which a customer leaves; longer is better.

    Raises
    ------
    InvalidInputError
        If ``churned`` holds anything other than 0 and 1, if nobody churned (the estimate would
        be infinite), or if an input is empty.
    OutOfRangeError
        If a tenure is negative.
    ShapeMismatchError
        If an input is not one-dimensional or the lengths differ.
    NonFiniteError
        If a value is NaN or infinite.

    See Also
    --------
    expected_lifetime : the same quantity from a known churn rate.
    average_tenure : the plain mean, which ignores censoring.

    Notes
    -----
    With a constant hazard (exponential lifetimes in continuous time, geometric in whole
    periods) the maximum-likelihood estimate of the churn rate from right-censored data is the
    number of customers who churned, :math:`d`, divided by the total time at risk. Its inverse
    is the expected lifetime:

    .. math::

        \hat L = \frac{\sum_{i=1}^{n} t_i}{d}, \qquad d = \sum_{i=1}^{n} \delta_i,

    with :math:`\delta_i = 1` if customer :math:`i` churned. Its relative standard error is
    about :math:`1/\sqrt{d}`. If churn varies between customers or with tenure, the constant
    hazard is an average and the estimate depends on how long the customers were observed.

    References
    ----------
    * Lawless, J. F. (2003). *Statistical Models and Methods for Lifetime Data*, 2nd ed.
      Wiley. (The censored exponential model and its maximum-likelihood estimate.)

    Examples
    --------
    Four customers observed for 3, 12, 7 and 2 periods; the first and the last have left.
    The 24 periods at risk hold 2 departures, one every 12 periods:

    >>> from servicemetrics.retention import lifetime_from_tenure
    >>> lifetime_from_tenure([3, 12, 7, 2], [True, False, False, True])
    12.0
    """
    tenure_a = check_range(as_vector(tenure, "tenure"), "tenure", low=0)
    churned_a = as_vector(churned, "churned")
    if churned_a.shape != tenure_a.shape:
        raise ShapeMismatchError(
            "churned", f"must have the same length as tenure ({tenure_a.size})", churned_a.size
        )
    not_flag = (churned_a != 0) & (churned_a != 1)
    if not_flag.any():
        raise_at(
            InvalidInputError, "churned", "must be 0 or 1 (False or True)", churned_a, not_flag
        )
    departures = float(np.sum(churned_a))
    if departures == 0:
        raise InvalidInputError(
            "churned",
            "must contain at least one churned customer (with none, the lifetime cannot be "
            "estimated)",
            Verbatim(f"0 of {churned_a.size}"),
        )
    return float(np.sum(tenure_a)) / departures


def share_of_wallet(firm_spend: ArrayLike, category_spend: ArrayLike) -> FloatOrArray:
    r"""Share of a customer's spending in a category that goes to the firm.

    Parameters
    ----------
    firm_spend : array-like
        The customer's spending with the firm over a period, in money, >= 0.
    category_spend : array-like
        The customer's total spending in the category over the same period, in the same money,
        > 0 and >= ``firm_spend``. Broadcasts against ``firm_spend``.

    Returns
    -------
    float or numpy.ndarray
        Share of wallet in [0, 1]; 1 (the firm gets all of it) is best. A pandas Series input
        gives a Series with the same index.

    Raises
    ------
    OutOfRangeError
        If ``firm_spend`` < 0, ``category_spend`` <= 0 or ``firm_spend`` > ``category_spend``.
    NonFiniteError
        If an input is NaN or infinite.
    ShapeMismatchError
        If the inputs do not broadcast together.

    Notes
    -----
    .. math::

        \mathrm{SOW} = \frac{\text{spend with the firm}}{\text{spend in the category}}.

    Retention says whether a customer stays; share of wallet says how much of their business
    the firm has while they do.

    References
    ----------
    * Cooil, B., Keiningham, T. L., Aksoy, L. and Hsu, M. (2007). "A longitudinal analysis
      of customer satisfaction and share of wallet: investigating the moderating effect of
      customer characteristics". *Journal of Marketing*, 71(1), 67–83.

    Examples
    --------
    >>> from servicemetrics.retention import share_of_wallet
    >>> share_of_wallet(300.0, 1200.0)
    0.25
    >>> share_of_wallet([0, 50, 80], 100)
    array([0. , 0.5, 0.8])
    """
    firm_a = check_range(as_float_array(firm_spend, "firm_spend"), "firm_spend", low=0)
    category_a = check_range(
        as_float_array(category_spend, "category_spend"),
        "category_spend",
        low=0,
        low_inclusive=False,
    )
    check_broadcastable({"firm_spend": firm_a, "category_spend": category_a})
    too_much = firm_a > category_a
    if too_much.any():
        raise_at(OutOfRangeError, "firm_spend", "must be <= category_spend", firm_a, too_much)
    return wrap_output(firm_a / category_a, firm_spend, category_spend)
