"""Expected reach, unique hearers and the complaint iceberg."""

from __future__ import annotations

from typing import ClassVar, Literal

import attrs
import numpy as np
from scipy import stats

from servicemetrics._results import ResultModel
from servicemetrics._validation import (
    ArrayLike,
    FloatOrArray,
    InvalidInputError,
    as_float_array,
    as_nonnegative,
    as_open_unit,
    as_positive,
    check_broadcastable,
    check_choice,
    check_range,
    check_single,
    raise_at,
    wrap_output,
)
from servicemetrics.word_of_mouth._common import VALUE_EQ, as_share, float_or_array

__all__ = [
    "ComplaintIceberg",
    "ReachBalance",
    "complaint_iceberg",
    "expected_reach",
    "reach_balance",
    "unique_reach",
]

_ZERO_DIVISION = ("raise", "nan")


def expected_reach(
    customers: ArrayLike, share_talking: ArrayLike, people_told: ArrayLike
) -> FloatOrArray:
    r"""Expected number of people told: customers × share who talk × people each tells.

    Parameters
    ----------
    customers : array-like
        Customers in each segment (satisfied, dissatisfied, ...), >= 0.
    share_talking : array-like
        Share of those customers who tell anyone at all, in [0, 1].
    people_told : array-like
        Average number of people each talking customer tells, >= 0.

    Returns
    -------
    float or numpy.ndarray
        :math:`N s k`, the expected number of tellings, broadcast over the inputs. People told
        by two customers count twice; see :func:`unique_reach` for distinct hearers.

    Raises
    ------
    OutOfRangeError
        If a count is negative or a share lies outside [0, 1].
    ShapeMismatchError
        If the arguments do not broadcast together.

    References
    ----------
    - Technical Assistance Research Programs (1986). Consumer complaint handling in America:
      an update study. US Office of Consumer Affairs (people told per dissatisfied customer).
    - East, R., Hammond, K., & Wright, M. (2007). The relative incidence of positive and
      negative word of mouth: A multi-category study. *International Journal of Research in
      Marketing*, 24(2), 175–184.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> wom.expected_reach(1_000, 0.5, 10)
    5000.0
    >>> wom.expected_reach([18_400, 1_600], [0.3, 1.0], [5, 10])  # satisfied, dissatisfied
    array([27600., 16000.])
    """
    n = as_nonnegative(customers, "customers")
    s = as_share(share_talking, "share_talking")
    k = as_nonnegative(people_told, "people_told")
    check_broadcastable({"customers": n, "share_talking": s, "people_told": k})
    return wrap_output(np.asarray(n * s * k), customers, share_talking, people_told)


def unique_reach(
    customers: ArrayLike,
    share_talking: ArrayLike,
    people_told: ArrayLike,
    population: ArrayLike,
) -> FloatOrArray:
    r"""Expected number of distinct people who hear, in a population of finite size.

    Every customer talks with probability ``share_talking`` and then tells ``people_told``
    different people, drawn at random from a population of ``population`` people,
    independently of the other customers; a person told twice is counted once.

    Parameters
    ----------
    customers : array-like
        Customers, >= 0.
    share_talking : array-like
        Share of them who talk, in [0, 1].
    people_told : array-like
        People each talking customer tells, in [0, ``population``].
    population : array-like
        Size of the population the hearers come from (a town, a market), > 0.

    Returns
    -------
    float or numpy.ndarray
        :math:`P\,(1 - (1 - s k/P)^{N})`, never more than the population, nor (for whole
        numbers of customers) than the naive reach :func:`expected_reach`; it approaches
        the naive reach as the population grows.

    Raises
    ------
    OutOfRangeError
        If a value lies outside its range, or a customer tells more people than there are.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    A given person escapes one customer with probability :math:`1 - sk/P` (the customer
    stays silent, or talks to :math:`k` others) and all :math:`N` of them with probability
    :math:`(1 - sk/P)^{N}`; the expected number of people reached is :math:`P` times the
    complement. This is the classical occupancy argument. With :math:`s = 1` it is
    :math:`P(1 - (1 - k/P)^{N})`; for :math:`s < 1` it differs slightly from the shortcut
    :math:`P(1 - (1 - k/P)^{Ns})`, which treats the expected :math:`Ns` talkers as a fixed
    number. It is computed as ``-P * expm1(N log1p(-s k/P))`` so that large populations
    lose no precision.

    References
    ----------
    - Feller, W. (1968). *An Introduction to Probability Theory and Its Applications*,
      Vol. 1 (3rd ed.). Wiley, ch. II and IV (occupancy problems).

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> wom.unique_reach(1_600, 1.0, 10, 200_000)  # 200000 * (1 - 0.99995**1600)
    15377.0999...
    >>> wom.unique_reach(1_600, 1.0, 10, [20_000, 2_000_000])
    array([11015.2184..., 15936.2100...])
    """
    n = as_nonnegative(customers, "customers")
    s = as_share(share_talking, "share_talking")
    k = as_nonnegative(people_told, "people_told")
    p = as_nonnegative(population, "population")
    arrays = {"customers": n, "share_talking": s, "people_told": k, "population": p}
    shape = check_broadcastable(arrays)
    if (p == 0).any():
        raise_at(InvalidInputError, "population", "must be > 0", p, p == 0)
    too_many = np.broadcast_to(k > p, shape)
    if too_many.any():
        raise_at(
            InvalidInputError,
            "people_told",
            "must not exceed population (nobody can tell more people than there are)",
            k,
            too_many,
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        escape = n * np.log1p(-s * k / p)
    # Everybody is told when s k = P (log1p(-1) = -inf), unless there is nobody to talk.
    escape = np.where(n == 0.0, 0.0, escape)
    reached = -p * np.expm1(escape)
    return wrap_output(np.asarray(reached), customers, share_talking, people_told, population)


@attrs.frozen(repr=False)
class ReachBalance(ResultModel):
    """Positive and negative word of mouth set against each other, per segment.

    Build it with :func:`reach_balance`.

    Parameters
    ----------
    positive, negative : float or array-like
        Expected tellings by satisfied and by dissatisfied customers.
    net : float or array-like
        ``positive - negative``: above 0 when praise outnumbers complaint.
    negative_to_positive : float or array-like
        ``negative / positive``, infinite where only bad news travels.

    References
    ----------
    - East, R., Hammond, K., & Wright, M. (2007). The relative incidence of positive and
      negative word of mouth: A multi-category study. *International Journal of Research in
      Marketing*, 24(2), 175–184.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> balance = wom.reach_balance(
    ...     9_000, 1_000, satisfied_talking=0.3, satisfied_tell=5,
    ...     dissatisfied_talking=1.0, dissatisfied_tell=10,
    ... )
    >>> balance.positive, balance.negative, balance.net
    (13500.0, 10000.0, 3500.0)
    >>> round(balance.negative_to_positive, 4)
    0.7407
    """

    positive: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    negative: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    net: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    negative_to_positive: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)

    _html_title: ClassVar[str | None] = "Word-of-mouth balance"


def reach_balance(
    satisfied: ArrayLike,
    dissatisfied: ArrayLike,
    *,
    satisfied_talking: ArrayLike,
    satisfied_tell: ArrayLike,
    dissatisfied_talking: ArrayLike,
    dissatisfied_tell: ArrayLike,
    zero_division: Literal["raise", "nan"] = "raise",
) -> ReachBalance:
    r"""Expected positive and negative reach, the net reach and the negative-to-positive ratio.

    Parameters
    ----------
    satisfied, dissatisfied : array-like
        Satisfied and dissatisfied customers per segment, >= 0.
    satisfied_talking, dissatisfied_talking : array-like
        Share of each group who tell anyone, in [0, 1].
    satisfied_tell, dissatisfied_tell : array-like
        People each talking customer of the group tells, >= 0. The reference module holds
        published values to choose from: ``RESOLVED_COMPLAINANT_TELLS`` (about 5) and
        ``UNHAPPY_CUSTOMER_TELLS`` (about 10), both graded illustrative.
    zero_division : {'raise', 'nan'}, default 'raise'
        What to do where neither group tells anyone, so that the ratio is :math:`0/0`:
        raise an error, or report NaN for that segment. Where only the dissatisfied talk the
        ratio is infinite, which is not an error.

    Returns
    -------
    ReachBalance
        ``positive`` :math:`= N_s s_s k_s`, ``negative`` :math:`= N_d s_d k_d`, ``net`` and
        ``negative_to_positive``, broadcast over the segments.

    Raises
    ------
    OutOfRangeError
        If a count is negative or a share lies outside [0, 1].
    InvalidInputError
        If ``zero_division`` is unknown, or is ``'raise'`` and a segment has no word of mouth.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    East, Hammond & Wright (2007) found positive word of mouth about three times as common as
    negative across 15 studies (``reference.POSITIVE_TO_NEGATIVE_WOM_RATIO``): a ratio of
    negative to positive tellings well above 1/3 is worse than the norm they measured.

    References
    ----------
    - East, R., Hammond, K., & Wright, M. (2007). The relative incidence of positive and
      negative word of mouth: A multi-category study. *International Journal of Research in
      Marketing*, 24(2), 175–184.
    - Technical Assistance Research Programs (1986). Consumer complaint handling in America:
      an update study. US Office of Consumer Affairs.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> balance = wom.reach_balance(
    ...     [9_000, 500], [1_000, 500], satisfied_talking=0.3, satisfied_tell=5,
    ...     dissatisfied_talking=1.0, dissatisfied_tell=10,
    ... )
    >>> balance.net
    array([ 3500., -4250.])
    >>> balance.negative_to_positive
    array([0.74074074, 6.66666667])
    >>> wom.reach_balance(0, 0, satisfied_talking=0.3, satisfied_tell=5,
    ...                   dissatisfied_talking=1.0, dissatisfied_tell=10)
    Traceback (most recent call last):
    ...
    servicemetrics._validation.InvalidInputError: positive and negative reach must not both be 0 (the ratio is 0/0; see zero_division); got 0.0
    """
    policy = check_choice(zero_division, "zero_division", _ZERO_DIVISION)
    positive = np.asarray(expected_reach(satisfied, satisfied_talking, satisfied_tell))
    negative = np.asarray(expected_reach(dissatisfied, dissatisfied_talking, dissatisfied_tell))
    check_broadcastable({"satisfied reach": positive, "dissatisfied reach": negative})
    positive, negative = np.broadcast_arrays(positive, negative)
    both_zero = (positive == 0.0) & (negative == 0.0)
    if policy == "raise" and both_zero.any():
        raise_at(
            InvalidInputError,
            "positive and negative reach",
            "must not both be 0 (the ratio is 0/0; see zero_division)",
            positive,
            both_zero,
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = negative / positive
    return ReachBalance(
        positive=positive, negative=negative, net=positive - negative, negative_to_positive=ratio
    )


@attrs.frozen(repr=False)
class ComplaintIceberg(ResultModel):
    """Dissatisfied customers estimated from the complaints that surface.

    Build it with :func:`complaint_iceberg`.

    Parameters
    ----------
    complaints : float or array-like
        Complaints observed.
    complaint_rate : float or array-like
        Share of dissatisfied customers who complain (the mean, when uncertain).
    dissatisfied : float or array-like
        Estimated dissatisfied customers, ``complaints / complaint_rate``.
    silent : float or array-like
        Dissatisfied customers who did not complain, ``dissatisfied - complaints``.
    silent_share : float or array-like
        Share of dissatisfied customers who stay silent, ``1 - complaint_rate``.
    low, high : float or array-like
        Interval for ``dissatisfied`` from the uncertainty of the rate (equal to
        ``dissatisfied`` when the rate is taken as known).
    confidence_level : float
        Probability the interval carries.

    References
    ----------
    - Technical Assistance Research Programs (1979). Consumer complaint handling in America:
      final report. US Office of Consumer Affairs; as retold by Albrecht, K., & Zemke, R.
      (1985). *Service America!* Dow Jones-Irwin.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> wom.complaint_iceberg(40, 0.04).silent
    960.0
    """

    complaints: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    complaint_rate: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    dissatisfied: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    silent: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    silent_share: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    low: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    high: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    confidence_level: float = attrs.field(converter=float)

    _html_title: ClassVar[str | None] = "Complaint iceberg"


def complaint_iceberg(
    complaints: ArrayLike,
    complaint_rate: ArrayLike,
    *,
    rate_sample_size: ArrayLike | None = None,
    confidence_level: float = 0.95,
) -> ComplaintIceberg:
    r"""Dissatisfied customers behind the complaints: complaints ÷ complaint rate.

    Parameters
    ----------
    complaints : array-like
        Complaints observed in a period, >= 0.
    complaint_rate : array-like
        Share of dissatisfied customers who complain through the channel counted, in (0, 1].
        ``reference.COMPLAINT_RATE`` holds presets (graded folklore): 0.04 for complaints
        that reach management, 0.10 as commonly quoted, 0.5 for any mention to staff.
    rate_sample_size : array-like, optional
        How much the rate is known: the number of dissatisfied customers it was measured on,
        > 0. The rate is then uncertain as a Beta distribution with mean ``complaint_rate``
        and concentration ``rate_sample_size``, and ``low``/``high`` give the interval for
        the dissatisfied customers it implies. ``None`` (the default) takes the rate as known.
    confidence_level : float, default 0.95
        Probability of the interval, in (0, 1).

    Returns
    -------
    ComplaintIceberg
        The dissatisfied customers (point estimate and interval), the silent ones and the
        silent share.

    Raises
    ------
    OutOfRangeError
        If a value lies outside its range (a complaint rate of 0 says nothing about how many
        are dissatisfied).
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    With a rate :math:`c \sim \mathrm{Beta}(c_0 n, (1 - c_0) n)` the number of dissatisfied
    customers :math:`D = C / c` is a decreasing function of :math:`c`, so its quantiles are
    the complaints divided by the rate's opposite quantiles: the interval is
    :math:`[C / c_{1-\alpha/2},\ C / c_{\alpha/2}]`. It is skewed upwards: a rate that is
    really lower than thought hides many more customers.

    References
    ----------
    - Technical Assistance Research Programs (1979). Consumer complaint handling in America:
      final report. US Office of Consumer Affairs; as retold by Albrecht, K., & Zemke, R.
      (1985). *Service America!* Dow Jones-Irwin.
    - Gelman, A., Carlin, J. B., Stern, H. S., Dunson, D. B., Vehtari, A., & Rubin, D. B.
      (2013). *Bayesian Data Analysis* (3rd ed.). CRC Press, sec. 5.3 (a Beta distribution
      by its mean and concentration).

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> iceberg = wom.complaint_iceberg(40, 0.04)
    >>> iceberg.dissatisfied, iceberg.silent, iceberg.silent_share
    (1000.0, 960.0, 0.96)
    >>> uncertain = wom.complaint_iceberg(40, 0.04, rate_sample_size=500)
    >>> round(uncertain.low), round(uncertain.high)
    (680, 1623)
    """
    c = as_nonnegative(complaints, "complaints")
    rate = check_range(
        as_float_array(complaint_rate, "complaint_rate"),
        "complaint_rate",
        low=0,
        high=1,
        low_inclusive=False,
    )
    level = check_single(as_open_unit(confidence_level, "confidence_level"), "confidence_level")
    arrays = {"complaints": c, "complaint_rate": rate}
    if rate_sample_size is not None:
        n = as_positive(rate_sample_size, "rate_sample_size")
        arrays["rate_sample_size"] = n
    check_broadcastable(arrays)
    dissatisfied = c / rate
    if rate_sample_size is None:
        low = high = dissatisfied
    else:
        alpha = (1.0 - float(level)) / 2.0
        # A rate of exactly 1 is certain; the Beta(n, 0) limit is a point mass at 1.
        a, b = rate * n, np.maximum((1.0 - rate) * n, np.finfo(np.float64).tiny)
        upper_rate = stats.beta.ppf(1.0 - alpha, a, b)
        lower_rate = stats.beta.ppf(alpha, a, b)
        low = np.where(rate == 1.0, c, c / upper_rate)
        with np.errstate(divide="ignore"):
            high = np.where(rate == 1.0, c, c / lower_rate)
    return ComplaintIceberg(
        complaints=c,
        complaint_rate=rate,
        dissatisfied=dissatisfied,
        silent=dissatisfied - c,
        silent_share=1.0 - rate,
        low=low,
        high=high,
        confidence_level=float(level),
    )
