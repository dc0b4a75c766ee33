r"""How well a service keeps its own standards: audits, time targets and attainment.

A service standard is a promise the organisation makes to itself and its customers — "greet
the customer by name", "acknowledge every complaint the same day", "answer 80% of calls within
20 seconds". This module turns the evidence of keeping it into numbers with their uncertainty:

* **Audits** (quality monitoring, mystery shopping, checklists): a :class:`Standard` is a list
  of typed :class:`Criterion` objects with weights, sections and critical ("auto-fail") items;
  :func:`score_audits` scores many audits at once and returns a :class:`ComplianceReport` with
  the overall score, the pass rate, the critical failures and the weakest criteria first.
* **Time standards**: :func:`time_standard_attainment` checks response or resolution times
  against targets per case class, in hours or in business days on a calendar; the
  :data:`COMPLAINT_HANDLING` preset holds the common "minor complaints the same working day,
  major ones within 3 working days" standard.
* **Attainment**: :func:`attainment` gives the share of cases that met a standard with a
  Wilson or Clopper–Pearson interval and a one-sided exact test against the target, and
  :func:`attainment_trend` tests whether attainment is rising or falling across periods.

Standards bodies describe *how* to manage such promises, not the numbers: ISO 10002:2018
(complaints handling) leaves timeliness targets to the organisation, ISO 18295-1:2017
(customer contact centres) asks centres to set and monitor their own service levels, and the
"80/20" telephone target is an industry convention. The functions here measure attainment of
whatever targets the organisation sets.

**Audit answer codes.** Audit answers are numbers, one per audit and criterion:

* :data:`PASS` (1) — the criterion was met;
* :data:`FAIL` (0) — it was not;
* a fraction in (0, 1) — partial credit, allowed only for criteria with ``scale="partial"``;
* :data:`NOT_APPLICABLE` (−1) — the criterion did not apply to this audit (no complaint to
  handle, no payment taken).

A missing answer (NaN) is an error rather than "not applicable", so that a gap in the data
cannot inflate a score.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Final, Literal

import attrs
import numpy as np
import numpy.typing as npt
from scipy import special, stats

from servicemetrics._fields import NUMBER_EQ, float_or_array, int_or_array
from servicemetrics._intervals import t_half_width
from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array
from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    InvalidInputError,
    OutOfRangeError,
    ShapeMismatchError,
    Verbatim,
    as_float_array,
    check_broadcastable,
    check_choice,
    check_integer,
    check_range,
    check_single,
    raise_at,
    shape_of,
)

__all__ = [
    "COMPLAINT_HANDLING",
    "FAIL",
    "NOT_APPLICABLE",
    "PASS",
    "Attainment",
    "AttainmentTrend",
    "ComplianceReport",
    "Criterion",
    "Standard",
    "TimeStandard",
    "TimeStandardReport",
    "TimeTarget",
    "attainment",
    "attainment_trend",
    "score_audits",
    "time_standard_attainment",
]

PASS: Final = 1.0
"""The audit answer for a criterion that was met."""

FAIL: Final = 0.0
"""The audit answer for a criterion that was not met."""

NOT_APPLICABLE: Final = -1.0
"""The audit answer for a criterion that did not apply to the audit."""

_SCALES = ("pass_fail", "partial")
_NA_POLICIES = ("exclude", "pass")
_METHODS = ("wilson", "clopper-pearson")
_UNITS = ("hours", "business_days")
_STATUSES = ("met", "late", "open_late", "open_pending")
# Scores equal to the threshold up to round-off of weighted sums count as passing.
_THRESHOLD_TOLERANCE = 1e-12


# --- shared checks ------------------------------------------------------------------------


def _check_name(value: object, name: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidInputError(name, "must be a non-empty string", value)
    return value


def _check_scalar(value: ArrayLike, name: str, **bounds: Any) -> float:
    array = check_single(as_float_array(value, name), name)
    return float(check_range(array, name, **bounds))


def _confidence_level(value: ArrayLike) -> float:
    return _check_scalar(
        value,
        "confidence_level",
        low=0,
        high=1,
        low_inclusive=False,
        high_inclusive=False,
    )


# --- attainment -----------------------------------------------------------------------------


def _optional_number(value: Any) -> Any:
    return None if value is None else float_or_array(value)


def _optional_flag(value: Any) -> Any:
    if value is None:
        return None
    array = np.asarray(value, dtype=bool)
    return bool(array) if array.ndim == 0 else frozen_array(array)


@attrs.frozen(repr=False)
class Attainment(ResultModel):
    r"""Share of cases that met a standard, with its interval and a test against a target.

    Built by :func:`attainment`. Count and rate fields are numbers for scalar inputs and
    read-only arrays of the broadcast shape otherwise.

    Parameters
    ----------
    met, total : int or numpy.ndarray
        Cases that met the standard, and cases counted.
    rate : float or numpy.ndarray
        ``met / total``; higher is better.
    low, high : float or numpy.ndarray
        Two-sided confidence interval for the true rate.
    confidence_level : float
        Coverage of the interval, such as 0.95.
    method : str
        ``"wilson"`` or ``"clopper-pearson"``.
    target : float, numpy.ndarray or None
        The target rate tested against, if any.
    p_value : float, numpy.ndarray or None
        One-sided exact binomial p-value for "the true rate is below the target"; ``None``
        without a target. Small values are evidence of missing the target.
    below_target : bool, numpy.ndarray of bool or None
        ``p_value < 1 - confidence_level``: the shortfall is significant at that level.

    See Also
    --------
    attainment : Builds this result.

    Examples
    --------
    >>> result = attainment(45, 50, target=0.95)
    >>> result.rate, round(result.p_value, 4), result.below_target
    (0.9, 0.1036, False)
    """

    _html_title: ClassVar[str | None] = "Attainment"

    met: Any = attrs.field(converter=int_or_array, eq=NUMBER_EQ)
    total: Any = attrs.field(converter=int_or_array, eq=NUMBER_EQ)
    rate: Any = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    low: Any = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    high: Any = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    confidence_level: float = attrs.field(converter=float)
    method: str = attrs.field()
    target: Any = attrs.field(default=None, converter=_optional_number, eq=NUMBER_EQ)
    p_value: Any = attrs.field(default=None, converter=_optional_number, eq=NUMBER_EQ)
    below_target: Any = attrs.field(default=None, converter=_optional_flag, eq=NUMBER_EQ)


def _wilson(k: FloatArray, n: FloatArray, z: float) -> tuple[FloatArray, FloatArray]:
    z2 = z * z
    centre = (k + z2 / 2.0) / (n + z2)
    half = z / (n + z2) * np.sqrt(k * (n - k) / n + z2 / 4.0)
    # At k = 0 and k = n the bounds are exactly 0 and 1; round-off would leave a hair over.
    low = np.where(k == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    high = np.where(k == n, 1.0, np.clip(centre + half, 0.0, 1.0))
    return low, high


def _clopper_pearson(k: FloatArray, n: FloatArray, alpha: float) -> tuple[FloatArray, FloatArray]:
    # The beta quantiles are undefined at k = 0 (lower) and k = n (upper), where the bounds
    # are 0 and 1 exactly; evaluate at safe arguments there and overwrite.
    low = stats.beta.ppf(alpha / 2.0, np.maximum(k, 1.0), n - k + 1.0)
    high = stats.beta.ppf(1.0 - alpha / 2.0, k + 1.0, np.maximum(n - k, 1.0))
    return np.where(k == 0, 0.0, low), np.where(k == n, 1.0, high)


def _interval(
    k: FloatArray, n: FloatArray, confidence_level: float, method: str
) -> tuple[FloatArray, FloatArray]:
    alpha = 1.0 - confidence_level
    if method == "wilson":
        return _wilson(k, n, float(special.ndtri(1.0 - alpha / 2.0)))
    return _clopper_pearson(k, n, alpha)


def _counts(met: ArrayLike, total: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Validate met/total counts and broadcast them together."""
    k = check_range(check_integer(as_float_array(met, "met"), "met"), "met", low=0)
    n = check_range(
        check_integer(as_float_array(total, "total"), "total"), "total", low=0, low_inclusive=False
    )
    shape = check_broadcastable({"met": k, "total": n})
    k_b, n_b = np.broadcast_to(k, shape), np.broadcast_to(n, shape)
    too_many = k_b > n_b
    if too_many.any():
        raise_at(OutOfRangeError, "met", "must be <= total", k_b, too_many)
    return k_b, n_b


def attainment(
    met: ArrayLike,
    total: ArrayLike,
    *,
    target: ArrayLike | None = None,
    confidence_level: float = 0.95,
    method: Literal["wilson", "clopper-pearson"] = "wilson",
) -> Attainment:
    r"""Attainment of a service standard (met / total) with a confidence interval and a test.

    Parameters
    ----------
    met : array-like
        Cases that met the standard (calls answered in time, complaints resolved on time):
        whole numbers >= 0 and <= ``total``.
    total : array-like
        Cases counted, whole numbers >= 1. ``met`` and ``total`` broadcast together, so one
        call covers many periods or teams.
    target : array-like, optional
        Target attainment in (0, 1], broadcasting with the counts. With it, the result also
        tests whether the true attainment is below the target.
    confidence_level : float, default 0.95
        Coverage of the two-sided interval, in (0, 1); ``1 - confidence_level`` is also the
        significance level of the test.
    method : {"wilson", "clopper-pearson"}, default "wilson"
        Interval method: Wilson's score interval (close to nominal coverage on average, and
        never outside [0, 1]) or the Clopper–Pearson "exact" interval (at least nominal
        coverage for every true rate, hence wider).

    Returns
    -------
    Attainment
        ``rate`` (higher is better), the interval ``low`` / ``high``, and with a target the
        one-sided ``p_value`` and ``below_target``.

    Raises
    ------
    OutOfRangeError
        If a count is negative, ``total`` < 1, ``met > total``, or ``target`` or
        ``confidence_level`` is out of range.
    InvalidInputError
        If a count is not a whole number or ``method`` is unknown.
    NonFiniteError
        If an argument is NaN or infinite.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    With :math:`k` cases met out of :math:`n`, :math:`\hat p = k/n` and :math:`z` the
    :math:`1 - \alpha/2` normal quantile, Wilson's interval is

    .. math::

        \frac{k + z^2/2}{n + z^2} \pm \frac{z}{n + z^2}\sqrt{\frac{k (n - k)}{n} + \frac{z^2}{4}},

    and the Clopper–Pearson interval is
    :math:`[B^{-1}(\alpha/2; k, n-k+1),\; B^{-1}(1-\alpha/2; k+1, n-k)]` with :math:`B^{-1}`
    the beta quantile (0 at :math:`k = 0`, 1 at :math:`k = n`). Brown, Cai & DasGupta (2001)
    recommend Wilson's interval for its coverage and length.

    The test takes :math:`H_0: p \ge p_0` against :math:`H_1: p < p_0` for target
    :math:`p_0`; its exact p-value is the binomial probability of doing as badly or worse,
    :math:`P(X \le k)` with :math:`X \sim \mathrm{Binomial}(n, p_0)`.

    References
    ----------
    - Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
      inference. *Journal of the American Statistical Association*, 22(158), 209–212.
    - Clopper, C. J. and Pearson, E. S. (1934). The use of confidence or fiducial limits
      illustrated in the case of the binomial. *Biometrika*, 26(4), 404–413.
    - Brown, L. D., Cai, T. T. and DasGupta, A. (2001). Interval estimation for a binomial
      proportion. *Statistical Science*, 16(2), 101–133.

    Examples
    --------
    45 of 50 complaints resolved on time against a 95% target: 90%, but the shortfall is
    not significant at the 5% level with so few cases.

    >>> from servicemetrics.compliance import attainment
    >>> result = attainment(45, 50, target=0.95)
    >>> result.rate, round(result.low, 4), round(result.high, 4)
    (0.9, 0.7864, 0.9565)
    >>> round(result.p_value, 4), result.below_target
    (0.1036, False)

    Four teams at once, with the exact interval:

    >>> teams = attainment([180, 370, 95, 400], [200, 400, 100, 500], target=0.9,
    ...                    method="clopper-pearson")
    >>> teams.rate
    array([0.9  , 0.925, 0.95 , 0.8  ])
    >>> teams.below_target
    array([False, False, False,  True])
    """
    k, n = _counts(met, total)
    level = _confidence_level(confidence_level)
    chosen = check_choice(method, "method", _METHODS)
    low, high = _interval(k, n, level, chosen)
    p_value: FloatArray | None = None
    below: npt.NDArray[np.bool_] | None = None
    goal: FloatArray | None = None
    if target is not None:
        goal = check_range(
            as_float_array(target, "target"), "target", low=0, high=1, low_inclusive=False
        )
        shape = check_broadcastable({"met": k, "total": n, "target": goal})
        goal = np.broadcast_to(goal, shape)
        k, n, low, high = (np.broadcast_to(x, shape) for x in (k, n, low, high))
        p_value = np.asarray(stats.binom.cdf(k, n, goal), dtype=np.float64)
        below = p_value < 1.0 - level
    return Attainment(
        met=k,
        total=n,
        rate=k / n,
        low=low,
        high=high,
        confidence_level=level,
        method=chosen,
        target=goal,
        p_value=p_value,
        below_target=below,
    )


@attrs.frozen(repr=False)
class AttainmentTrend(ResultModel):
    r"""Linear trend of attainment across periods, with the Cochran–Armitage test.

    Built by :func:`attainment_trend`. Fields are numbers for a single series and arrays over
    the leading axes (teams, sites) otherwise.

    Parameters
    ----------
    slope : float or numpy.ndarray
        Change in attainment per period (per unit of ``scores``), by least squares weighted
        by the cases in each period; positive means improving.
    standard_error : float or numpy.ndarray
        Standard error of the slope under the null hypothesis of no trend.
    statistic : float or numpy.ndarray
        Cochran–Armitage chi-square statistic (1 degree of freedom), ``(slope / se)²``.
    p_value : float or numpy.ndarray
        Two-sided p-value of the statistic; small values are evidence of a trend.
    rates : numpy.ndarray
        Attainment of each period, ``met / total``.

    See Also
    --------
    attainment_trend : Builds this result.

    Examples
    --------
    >>> trend = attainment_trend([80, 85, 90, 95], [100, 100, 100, 100])
    >>> round(trend.slope, 3)
    0.05
    """

    _html_title: ClassVar[str | None] = "Attainment trend"

    slope: Any = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    standard_error: Any = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    statistic: Any = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    p_value: Any = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    rates: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)


def attainment_trend(
    met: ArrayLike, total: ArrayLike, *, scores: ArrayLike | None = None
) -> AttainmentTrend:
    r"""Is attainment rising or falling across periods? (Cochran–Armitage test for trend).

    Parameters
    ----------
    met : array-like of shape (..., n_periods)
        Cases that met the standard in each period, on the last axis; leading axes (teams,
        sites) are tested separately. Whole numbers >= 0 and <= ``total``.
    total : array-like of shape (..., n_periods)
        Cases counted in each period, whole numbers >= 1; broadcasts with ``met``.
    scores : array-like of shape (n_periods,), optional
        Position of each period on the time axis (default ``0, 1, 2, ...``); the slope is per
        unit of these scores. At least two must differ.

    Returns
    -------
    AttainmentTrend
        Slope per period with its standard error, the chi-square statistic and its two-sided
        p-value, and the period rates.

    Raises
    ------
    OutOfRangeError
        If a count is out of range (as in :func:`attainment`).
    InvalidInputError
        If a count is not a whole number, or all ``scores`` are equal.
    ShapeMismatchError
        If there are fewer than two periods or the shapes do not fit together.
    NonFiniteError
        If an argument is NaN or infinite.

    Notes
    -----
    For periods :math:`i` with :math:`k_i` of :math:`n_i` cases met, scores :math:`x_i`,
    :math:`N = \sum n_i`, :math:`\bar p = \sum k_i / N` and
    :math:`\bar x = \sum n_i x_i / N`, the weighted least-squares slope of the period rates on
    the scores and its standard error under no trend are

    .. math::

        b = \frac{\sum_i k_i (x_i - \bar x)}{S_{xx}}, \qquad
        \mathrm{se}_0(b) = \sqrt{\frac{\bar p (1 - \bar p)}{S_{xx}}}, \qquad
        S_{xx} = \sum_i n_i (x_i - \bar x)^2,

    and :math:`\chi^2 = (b / \mathrm{se}_0)^2` has one degree of freedom (Cochran 1954;
    Armitage 1955). When every case met the standard, or none did (:math:`\bar p \in
    \{0, 1\}`), the periods do not differ: the slope and statistic are 0, the standard error
    0 and the p-value 1.

    References
    ----------
    - Cochran, W. G. (1954). Some methods for strengthening the common χ² tests.
      *Biometrics*, 10(4), 417–451.
    - Armitage, P. (1955). Tests for linear trends in proportions and frequencies.
      *Biometrics*, 11(3), 375–386.

    Examples
    --------
    Attainment improving by 5 points a month over four months of 100 cases each:

    >>> from servicemetrics.compliance import attainment_trend
    >>> trend = attainment_trend([80, 85, 90, 95], [100, 100, 100, 100])
    >>> round(trend.slope, 4), round(trend.standard_error, 4)
    (0.05, 0.0148)
    >>> round(trend.statistic, 2), f"{trend.p_value:.1e}"
    (11.43, '7.2e-04')
    """
    k, n = _counts(met, total)
    if k.ndim == 0 or k.shape[-1] < 2:
        raise ShapeMismatchError(
            "met, total", "must hold at least two periods along the last axis", shape_of(k)
        )
    periods = k.shape[-1]
    if scores is None:
        x = np.arange(periods, dtype=np.float64)
    else:
        x = as_float_array(scores, "scores")
        if x.shape != (periods,):
            raise ShapeMismatchError(
                "scores", f"must have one value per period ({periods})", shape_of(x)
            )
    if np.ptp(x) == 0.0:
        raise InvalidInputError("scores", "must not all be equal", x)
    cases = n.sum(axis=-1)
    mean_rate = k.sum(axis=-1) / cases
    mean_score = (n * x).sum(axis=-1) / cases
    centred = x - mean_score[..., np.newaxis]
    sxx = (n * centred**2).sum(axis=-1)
    slope = (k * centred).sum(axis=-1) / sxx
    variance = mean_rate * (1.0 - mean_rate) / sxx
    degenerate = variance <= 0.0
    se = np.sqrt(np.where(degenerate, 0.0, variance))
    statistic = np.where(degenerate, 0.0, slope**2 / np.where(degenerate, 1.0, variance))
    slope = np.where(degenerate, 0.0, slope)
    return AttainmentTrend(
        slope=slope,
        standard_error=se,
        statistic=statistic,
        p_value=stats.chi2.sf(statistic, 1),
        rates=k / n,
    )


# --- audits ---------------------------------------------------------------------------------


def _check_weight(value: object, name: str) -> float:
    return _check_scalar(value, name, low=0)  # type: ignore[arg-type]


def _weight(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInputError("weight", "must be a number", value) from None


@attrs.frozen(repr=False)
class Criterion(ResultModel):
    """One item of a service standard: what an auditor checks and how it counts.

    Parameters
    ----------
    name : str
        A short, unique name ("greets by name").
    weight : float, default 1
        Points the criterion carries, >= 0. A critical criterion may carry 0 points and act
        as a pure gate.
    critical : bool, default False
        Whether failing it fails the whole audit ("auto-fail"), whatever the other points.
        Critical criteria are scored pass/fail.
    scale : {"pass_fail", "partial"}, default "pass_fail"
        ``"pass_fail"`` accepts the answers :data:`PASS` (1) and :data:`FAIL` (0);
        ``"partial"`` also accepts partial credit in between.
    section : str, default "General"
        The section of the standard the criterion belongs to.
    allow_not_applicable : bool, default True
        Whether :data:`NOT_APPLICABLE` (−1) is an acceptable answer. Set it to ``False`` for a
        criterion that applies to every audit, so that an N/A answer is caught as an error.
    description : str, default ""
        Free text for the auditor.

    Raises
    ------
    InvalidInputError
        If ``name`` or ``section`` is empty, ``scale`` is unknown, or a critical criterion
        has a partial scale.
    OutOfRangeError
        If ``weight`` is negative.
    NonFiniteError
        If ``weight`` is NaN or infinite.

    See Also
    --------
    Standard : A set of criteria.

    Examples
    --------
    >>> Criterion("verifies identity", weight=0, critical=True, section="Security")
    Criterion(name='verifies identity', weight=0, critical=True, scale='pass_fail', section='Security', allow_not_applicable=True, description='')
    >>> Criterion("tone", weight=-1)
    Traceback (most recent call last):
    ...
    servicemetrics._validation.OutOfRangeError: weight must be >= 0; got -1.0
    """

    name: str = attrs.field()
    weight: float = attrs.field(default=1.0, converter=_weight)
    critical: bool = attrs.field(default=False, converter=bool)
    scale: str = attrs.field(default="pass_fail")
    section: str = attrs.field(default="General")
    allow_not_applicable: bool = attrs.field(default=True, converter=bool)
    description: str = attrs.field(default="")

    def __attrs_post_init__(self) -> None:
        _check_name(self.name, "name")
        _check_name(self.section, "section")
        _check_weight(self.weight, "weight")
        check_choice(self.scale, "scale", _SCALES)
        if self.critical and self.scale != "pass_fail":
            raise InvalidInputError(
                "scale", "must be 'pass_fail' for a critical criterion", self.scale
            )


def _section_weights(value: Mapping[str, float] | None) -> tuple[tuple[str, float], ...] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InvalidInputError("section_weights", "must be a mapping of section to weight", value)
    return tuple((str(name), float(weight)) for name, weight in value.items())


def _as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


def _check_members(
    items: tuple[object, ...], param: str, kind: type, key: str, unique_rule: str
) -> None:
    """Check that ``items`` is not empty, holds only ``kind`` and repeats no ``key`` value."""
    if not items:
        raise InvalidInputError(param, "must not be empty", Verbatim("()"))
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise InvalidInputError(param, f"must be {kind.__name__} objects", item, index=index)
        value = getattr(item, key)
        if value in seen:
            raise InvalidInputError(param, unique_rule, value, index=index)
        seen.add(value)


@attrs.frozen(repr=False)
class Standard(ResultModel):
    """A service standard: weighted criteria in sections, with a pass threshold.

    Parameters
    ----------
    name : str
        Name of the standard.
    criteria : sequence of Criterion
        The criteria, in the order of the columns of the audit answers. Names are unique.
    section_weights : mapping of str to float, optional
        Weight of each section (all sections, each >= 0, not all 0), such as points summing
        to 100. Without it every criterion counts by its own weight across the whole
        standard; with it, each section is scored on its own and the audit score is the
        weighted mean of the section scores.
    pass_threshold : float, default 0.8
        Score in [0, 1] an audit needs to pass (as well as no critical failure).
    description : str, default ""
        Free text.

    Raises
    ------
    InvalidInputError
        If there are no criteria, a criterion is not a :class:`Criterion`, names repeat, all
        weights are 0, or ``section_weights`` misses or invents a section or has only zero
        weights.
    OutOfRangeError
        If a weight is negative or ``pass_threshold`` is outside [0, 1].

    See Also
    --------
    score_audits : Scores audits against a standard.

    Examples
    --------
    >>> standard = Standard("Branch visit", [
    ...     Criterion("greets within 30 s", section="Welcome"),
    ...     Criterion("offers help", section="Welcome"),
    ...     Criterion("explains fees", weight=2, section="Advice"),
    ... ], section_weights={"Welcome": 40, "Advice": 60})
    >>> standard.sections
    ('Welcome', 'Advice')
    >>> standard.weights
    array([1., 1., 2.])
    """

    name: str = attrs.field()
    criteria: tuple[Criterion, ...] = attrs.field(converter=_as_tuple)
    section_weights: tuple[tuple[str, float], ...] | None = attrs.field(
        default=None, converter=_section_weights
    )
    pass_threshold: float = attrs.field(default=0.8, converter=float)
    description: str = attrs.field(default="")

    def __attrs_post_init__(self) -> None:
        _check_name(self.name, "name")
        _check_members(self.criteria, "criteria", Criterion, "name", "must have unique names")
        if not self.weights.any():
            raise InvalidInputError("criteria", "must not all have weight 0", self.weights)
        _check_scalar(self.pass_threshold, "pass_threshold", low=0, high=1)
        if self.section_weights is not None:
            given = [name for name, _ in self.section_weights]
            for name in self.sections:
                if name not in given:
                    raise InvalidInputError(
                        "section_weights", "must give a weight to every section", name
                    )
            for index, (name, weight) in enumerate(self.section_weights):
                if name not in self.sections:
                    raise InvalidInputError(
                        "section_weights", "must name sections of the criteria", name, index=index
                    )
                _check_weight(weight, "section_weights")
            if not any(weight > 0 for _, weight in self.section_weights):
                raise InvalidInputError(
                    "section_weights", "must not all be 0", dict(self.section_weights)
                )

    @property
    def names(self) -> tuple[str, ...]:
        """Criterion names, in column order."""
        return tuple(c.name for c in self.criteria)

    @property
    def weights(self) -> FloatArray:
        """Criterion weights, in column order."""
        return np.array([c.weight for c in self.criteria], dtype=np.float64)

    @property
    def sections(self) -> tuple[str, ...]:
        """Section names, in the order they first appear among the criteria."""
        return tuple(dict.fromkeys(c.section for c in self.criteria))

    @property
    def critical(self) -> npt.NDArray[np.bool_]:
        """Which criteria are critical, in column order."""
        return np.array([c.critical for c in self.criteria], dtype=bool)


def _pair(value: Iterable[float]) -> tuple[float, float]:
    low, high = value
    return float(low), float(high)


@attrs.frozen(repr=False)
class ComplianceReport(ResultModel):
    r"""Audit results against a :class:`Standard`, overall and criterion by criterion.

    Built by :func:`score_audits`.

    Parameters
    ----------
    standard : str
        Name of the standard.
    n_audits : int
        Number of audits scored.
    score : float
        Mean audit score in [0, 1] (audits with a critical failure count as 0); higher is
        better.
    score_interval : tuple of float
        Student *t* confidence interval for the mean score, clipped to [0, 1].
    pass_rate : float
        Share of audits that passed: no critical failure and a score of at least
        ``threshold``.
    pass_rate_interval : tuple of float
        Wilson interval for the pass rate.
    critical_failure_count : int
        Audits failed by a critical criterion.
    threshold, confidence_level : float
        As used.
    scores : numpy.ndarray of shape (n_audits,)
        Score of each audit, 0 where a critical criterion failed.
    raw_scores : numpy.ndarray of shape (n_audits,)
        Weighted points earned by each audit before the critical rule.
    critical_failures : numpy.ndarray of bool, shape (n_audits,)
        Which audits failed a critical criterion.
    passed : numpy.ndarray of bool, shape (n_audits,)
        Which audits passed.
    criteria : numpy.ndarray of str, shape (n_criteria,)
        Criterion names, in column order.
    criterion_compliance : numpy.ndarray of shape (n_criteria,)
        Mean answer of each criterion over the audits where it applied (the share passed,
        for pass/fail criteria); NaN for a criterion that applied nowhere.
    criterion_applicable : numpy.ndarray of int, shape (n_criteria,)
        Audits in which each criterion applied.
    sections : numpy.ndarray of str, shape (n_sections,)
        Section names.
    section_compliance : numpy.ndarray of shape (n_sections,)
        Mean section score over the audits where the section had an applicable criterion
        with positive weight; NaN if it never had one.
    worst_criteria : numpy.ndarray of str
        Criteria that applied somewhere, from the lowest compliance up (ties: critical
        criteria first, then heavier weights, then column order): what to fix first.

    See Also
    --------
    score_audits : Builds the report.

    Examples
    --------
    >>> standard = Standard("Call", [Criterion("greeting"), Criterion("resolution", weight=3)])
    >>> report = score_audits(standard, [[1, 1], [0, 1], [1, 0], [1, 1]])
    >>> report.scores
    array([1.  , 0.75, 0.25, 1.  ])
    >>> report.worst_criteria
    array(['resolution', 'greeting'], dtype='<U10')
    """

    _html_title: ClassVar[str | None] = "Compliance report"

    standard: str = attrs.field()
    n_audits: int = attrs.field(converter=int)
    score: float = attrs.field(converter=float)
    score_interval: tuple[float, float] = attrs.field(converter=_pair)
    pass_rate: float = attrs.field(converter=float)
    pass_rate_interval: tuple[float, float] = attrs.field(converter=_pair)
    critical_failure_count: int = attrs.field(converter=int)
    threshold: float = attrs.field(converter=float)
    confidence_level: float = attrs.field(converter=float)
    scores: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    raw_scores: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    critical_failures: npt.NDArray[np.bool_] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    passed: npt.NDArray[np.bool_] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    criteria: npt.NDArray[np.str_] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    criterion_compliance: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    criterion_applicable: npt.NDArray[np.int64] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    sections: npt.NDArray[np.str_] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    section_compliance: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    worst_criteria: npt.NDArray[np.str_] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)

    def _repr_html_(self) -> str:
        summary = super()._repr_html_()
        order = [int(np.flatnonzero(self.criteria == name)[0]) for name in self.worst_criteria]
        rows = "".join(
            f"<tr><td style='text-align:left'>{html.escape(str(self.criteria[i]))}</td>"
            f"<td>{self.criterion_compliance[i]:.1%}</td>"
            f"<td>{int(self.criterion_applicable[i])}</td></tr>"
            for i in order
        )
        table = (
            "<table class='servicemetrics-result'>"
            "<caption style='text-align:left'><b>Criteria, weakest first</b></caption>"
            "<thead><tr><th style='text-align:left'>criterion</th><th>compliance</th>"
            f"<th>audits</th></tr></thead><tbody>{rows}</tbody></table>"
        )
        return summary + table


def _answer_matrix(standard: Standard, answers: ArrayLike) -> FloatArray:
    """Coerce answers to (n_audits, n_criteria), reorder named columns, check the codes."""
    columns = getattr(answers, "columns", None)
    if columns is not None:
        missing = [name for name in standard.names if name not in list(columns)]
        if missing:
            raise ShapeMismatchError(
                "answers", "must have a column for every criterion", Verbatim(repr(missing))
            )
        frame: Any = answers
        answers = frame[list(standard.names)]
    matrix = as_float_array(answers, "answers")
    if matrix.ndim == 1:
        matrix = matrix[np.newaxis, :]
    n_criteria = len(standard.criteria)
    if matrix.ndim != 2 or matrix.shape[1] != n_criteria or matrix.shape[0] == 0:
        raise ShapeMismatchError(
            "answers",
            f"must have shape (n_audits, {n_criteria}) with at least one audit",
            shape_of(matrix),
        )
    not_applicable = matrix == NOT_APPLICABLE
    partial = np.array([c.scale == "partial" for c in standard.criteria])
    na_allowed = np.array([c.allow_not_applicable for c in standard.criteria])
    whole = (matrix == FAIL) | (matrix == PASS)
    in_range = (matrix >= 0.0) & (matrix <= 1.0)
    unknown = ~not_applicable & ~np.where(partial, in_range, whole)
    if unknown.any():
        pass_fail_bad = unknown & ~partial
        if pass_fail_bad.any():
            raise_at(
                InvalidInputError,
                "answers",
                "must be 1 (pass), 0 (fail) or -1 (not applicable) for a pass/fail criterion",
                matrix,
                pass_fail_bad,
            )
        raise_at(
            InvalidInputError,
            "answers",
            "must be in [0, 1] or -1 (not applicable) for a partial criterion",
            matrix,
            unknown,
        )
    forbidden = not_applicable & ~na_allowed
    if forbidden.any():
        raise_at(
            InvalidInputError,
            "answers",
            "must not be -1 (not applicable) for a criterion with allow_not_applicable=False",
            matrix,
            forbidden,
        )
    return matrix


def _mean_interval(scores: FloatArray, level: float) -> tuple[float, float]:
    n = scores.shape[0]
    if n < 2:
        return 0.0, 1.0
    mean = float(scores.mean())
    half = float(t_half_width(level, n, scores.std(ddof=1)) / np.sqrt(n))
    return max(mean - half, 0.0), min(mean + half, 1.0)


def score_audits(
    standard: Standard,
    answers: ArrayLike,
    *,
    threshold: float | None = None,
    confidence_level: float = 0.95,
    na_policy: Literal["exclude", "pass"] = "exclude",
) -> ComplianceReport:
    r"""Score audits against a service standard, overall and criterion by criterion.

    Parameters
    ----------
    standard : Standard
        The criteria, their weights, sections and critical flags.
    answers : array-like of shape (n_audits, n_criteria)
        One row per audit, one column per criterion in the standard's order, coded as in the
        module's *Audit answer codes*: 1 pass, 0 fail, a fraction for partial credit
        (partial criteria only) and −1 for not applicable. A one-dimensional array is a single
        audit. A pandas DataFrame is matched to the criteria by column name.
    threshold : float, optional
        Score in [0, 1] needed to pass; the standard's ``pass_threshold`` by default.
    confidence_level : float, default 0.95
        Coverage of the intervals, in (0, 1).
    na_policy : {"exclude", "pass"}, default "exclude"
        What an N/A answer counts as. ``"exclude"`` removes the criterion from both the points
        earned and the points possible of that audit; ``"pass"`` awards its points as if it
        had been met (some programmes do, so that a visit is not penalised for what could not
        happen).

    Returns
    -------
    ComplianceReport
        Per-audit scores, critical failures and pass/fail; the mean score with its interval;
        the pass rate with its interval; compliance per criterion and per section, and the
        criteria from the weakest up.

    Raises
    ------
    InvalidInputError
        If an answer is not a valid code for its criterion, an N/A is given where
        ``allow_not_applicable`` is False, an audit has no applicable criterion with positive
        weight, or ``na_policy`` is unknown.
    OutOfRangeError
        If ``threshold`` or ``confidence_level`` is out of range.
    NonFiniteError
        If an answer is NaN or infinite (code N/A as −1).
    ShapeMismatchError
        If ``answers`` does not have one column per criterion.

    Notes
    -----
    For audit :math:`a`, criterion weights :math:`w_j`, answers :math:`y_{aj} \in [0, 1]` and
    the set :math:`J_a` of criteria that applied, the points score is

    .. math::

        s_a = \frac{\sum_{j \in J_a} w_j \, y_{aj}}{\sum_{j \in J_a} w_j} .

    With section weights :math:`v_g`, each section :math:`g` is scored the same way over its
    own criteria, giving :math:`s_{ag}`, and

    .. math::

        s_a = \frac{\sum_{g \in G_a} v_g \, s_{ag}}{\sum_{g \in G_a} v_g},

    where :math:`G_a` holds the sections with an applicable criterion of positive weight.
    A failed critical criterion sets the audit's score to 0 and fails it, whatever its
    points (``raw_scores`` keeps the points). This is the points-earned over points-possible
    rule of audit and mystery-shopping programmes, with N/A items out of the denominator
    and "auto-fail" items (Wilson 1998); contact-centre rubrics such as the COPC standard score
    sections the same way.

    The overall score is the mean of the audit scores, with a Student *t* interval: audits
    are independent visits or calls, and the mean of bounded scores is close to normal for a
    moderate number of audits, while the scores themselves are not binomial counts. With one
    audit there is no spread to estimate and the interval is [0, 1]; when every audit scored
    the same it has zero width, and the Wilson interval of the pass rate is the better guide.

    References
    ----------
    - Wilson, A. M. (1998). The role of mystery shopping in the measurement of service
      performance. *Managing Service Quality*, 8(6), 414–420.
    - Student (1908). The probable error of a mean. *Biometrika*, 6(1), 1–25.
    - Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
      inference. *Journal of the American Statistical Association*, 22(158), 209–212.

    Examples
    --------
    A call-monitoring form: verifying identity is critical, the rest carries points.

    >>> from servicemetrics.compliance import Criterion, Standard, score_audits
    >>> form = Standard("Call quality", [
    ...     Criterion("verifies identity", weight=0, critical=True),
    ...     Criterion("uses name", weight=1),
    ...     Criterion("resolves first time", weight=3, scale="partial"),
    ...     Criterion("offers follow-up", weight=1),
    ... ], pass_threshold=0.8)
    >>> answers = [
    ...     [1, 1, 1.0, 1],   # perfect
    ...     [1, 0, 0.5, -1],  # no follow-up needed: out of 4 points
    ...     [0, 1, 1.0, 1],   # identity not verified: fails whatever the points
    ...     [1, 1, 1.0, 0],
    ... ]
    >>> report = score_audits(form, answers)
    >>> report.scores
    array([1.   , 0.375, 0.   , 0.8  ])
    >>> report.critical_failures
    array([False, False,  True, False])
    >>> report.pass_rate, report.critical_failure_count
    (0.5, 1)
    >>> report.worst_criteria
    array(['offers follow-up', 'verifies identity', 'uses name', 'resolves first time'],
          dtype='<U19')
    >>> report.criterion_compliance  # in column order
    array([0.75    , 0.75    , 0.875   , 0.666667])
    """
    if not isinstance(standard, Standard):
        raise InvalidInputError("standard", "must be a Standard", standard)
    matrix = _answer_matrix(standard, answers)
    policy = check_choice(na_policy, "na_policy", _NA_POLICIES)
    level = _confidence_level(confidence_level)
    cut = (
        standard.pass_threshold
        if threshold is None
        else _check_scalar(threshold, "threshold", low=0, high=1)
    )

    applicable = matrix != NOT_APPLICABLE
    if policy == "pass":
        matrix = np.where(applicable, matrix, PASS)
        applicable = np.ones_like(applicable)
    points = np.where(applicable, matrix, 0.0)
    weights = standard.weights
    sections = standard.sections
    member = np.array(
        [[c.section == s for s in sections] for c in standard.criteria], dtype=np.float64
    )
    earned = (points * weights) @ member
    possible = (applicable * weights) @ member
    section_on = possible > 0.0
    section_scores = np.where(section_on, earned / np.where(section_on, possible, 1.0), np.nan)
    if standard.section_weights is None:
        numerator, denominator = earned.sum(axis=1), possible.sum(axis=1)
    else:
        lookup = dict(standard.section_weights)
        v = np.array([lookup[s] for s in sections])
        numerator = (np.where(section_on, section_scores, 0.0) * v).sum(axis=1)
        denominator = (section_on * v).sum(axis=1)
    empty = denominator <= 0.0
    if empty.any():
        raise InvalidInputError(
            "answers",
            "must leave every audit at least one applicable criterion with positive weight",
            Verbatim("an audit with nothing to score"),
            index=int(np.argmax(empty)),
        )
    raw = numerator / denominator

    failed_critical = (matrix == FAIL) & applicable & standard.critical
    critical_failures = failed_critical.any(axis=1)
    scores = np.where(critical_failures, 0.0, raw)
    passed = ~critical_failures & (scores >= cut - _THRESHOLD_TOLERANCE)

    n_applicable = applicable.sum(axis=0)
    seen = n_applicable > 0
    compliance = np.where(seen, points.sum(axis=0) / np.where(seen, n_applicable, 1), np.nan)
    seen_sections = section_on.sum(axis=0)
    section_compliance = np.where(
        seen_sections > 0,
        np.where(section_on, section_scores, 0.0).sum(axis=0)
        / np.where(seen_sections > 0, seen_sections, 1),
        np.nan,
    )
    columns = np.arange(len(standard.criteria))
    order = np.lexsort((columns, -weights, ~standard.critical, compliance))
    worst = np.array(standard.names)[order[seen[order]]]

    n_audits = matrix.shape[0]
    n_passed = int(passed.sum())
    pass_low, pass_high = _interval(
        np.array(float(n_passed)), np.array(float(n_audits)), level, "wilson"
    )
    return ComplianceReport(
        standard=standard.name,
        n_audits=n_audits,
        score=float(scores.mean()),
        score_interval=_mean_interval(scores, level),
        pass_rate=n_passed / n_audits,
        pass_rate_interval=(float(pass_low), float(pass_high)),
        critical_failure_count=int(critical_failures.sum()),
        threshold=cut,
        confidence_level=level,
        scores=scores,
        raw_scores=raw,
        critical_failures=critical_failures,
        passed=passed,
        criteria=np.array(standard.names),
        criterion_compliance=compliance,
        criterion_applicable=n_applicable.astype(np.int64),
        sections=np.array(sections),
        section_compliance=section_compliance,
        worst_criteria=worst,
    )


# --- time standards -------------------------------------------------------------------------


@attrs.frozen(repr=False)
class TimeTarget(ResultModel):
    """The time allowed to respond to or resolve one class of case.

    Parameters
    ----------
    case_class : str
        The class of case the target applies to ("minor", "major", "billing").
    limit : float
        Time allowed, >= 0: hours, or whole business days (0 means the same business day).
    unit : {"hours", "business_days"}
        ``"hours"`` counts elapsed clock hours from opening; ``"business_days"`` counts whole
        working days on the calendar passed to :func:`time_standard_attainment`, so a case is
        on time if closed by the end of the ``limit``-th working day after the day it was
        opened (a case opened on a day off starts on the next working day).
    description : str, default ""
        Free text.

    Raises
    ------
    InvalidInputError
        If ``case_class`` is empty, ``unit`` is unknown, or a business-day limit is not a
        whole number.
    OutOfRangeError
        If ``limit`` is negative.

    Examples
    --------
    >>> TimeTarget("urgent", 4, "hours")
    TimeTarget(case_class='urgent', limit=4, unit='hours', description='')
    """

    case_class: str = attrs.field()
    limit: float = attrs.field(converter=float)
    unit: str = attrs.field()
    description: str = attrs.field(default="")

    def __attrs_post_init__(self) -> None:
        _check_name(self.case_class, "case_class")
        _check_scalar(self.limit, "limit", low=0)
        check_choice(self.unit, "unit", _UNITS)
        if self.unit == "business_days":
            check_integer(np.asarray(self.limit), "limit")


@attrs.frozen(repr=False)
class TimeStandard(ResultModel):
    """A set of time targets, one per case class.

    Parameters
    ----------
    name : str
        Name of the standard.
    targets : sequence of TimeTarget
        One target per case class; classes are unique.
    description : str, default ""
        Where the targets come from.

    Raises
    ------
    InvalidInputError
        If there are no targets, one is not a :class:`TimeTarget`, or a class repeats.

    See Also
    --------
    time_standard_attainment : Checks cases against the standard.
    COMPLAINT_HANDLING : A preset.

    Examples
    --------
    >>> support = TimeStandard("Support", [TimeTarget("P1", 4, "hours"),
    ...                                    TimeTarget("P2", 2, "business_days")])
    >>> support.classes
    ('P1', 'P2')
    """

    name: str = attrs.field()
    targets: tuple[TimeTarget, ...] = attrs.field(converter=_as_tuple)
    description: str = attrs.field(default="")

    def __attrs_post_init__(self) -> None:
        _check_name(self.name, "name")
        _check_members(
            self.targets, "targets", TimeTarget, "case_class", "must have unique case classes"
        )

    @property
    def classes(self) -> tuple[str, ...]:
        """The case classes, in the order of the targets."""
        return tuple(t.case_class for t in self.targets)


COMPLAINT_HANDLING: Final = TimeStandard(
    "Complaint handling",
    [
        TimeTarget("minor", 0, "business_days", "resolved the same working day"),
        TimeTarget("major", 3, "business_days", "resolved within 3 working days"),
    ],
    description=(
        "Minor complaints resolved the same working day, major ones within 3 working days. "
        "A common organisational target, not a requirement of ISO 10002:2018, which leaves "
        "timeliness targets to the organisation."
    ),
)
"""The common complaint-handling standard, minor complaints the same working day and major in 3.

Minor complaints are to be resolved on the working day they arrive, major ones by the end of
the third working day after. These limits are a widespread organisational practice in the
spirit of ISO 10002:2018 (*Quality management — Customer satisfaction — Guidelines for
complaints handling in organizations*), which gives guidance on responding to complaints
promptly and leaves the time frames to the organisation; the standard itself prescribes no
number of days. Replace the preset by your own :class:`TimeStandard` where your targets
differ.
"""


@attrs.frozen(repr=False)
class TimeStandardReport(ResultModel):
    """Cases checked against a :class:`TimeStandard`, per class and overall.

    Built by :func:`time_standard_attainment`.

    Parameters
    ----------
    standard : str
        Name of the standard.
    as_of : str or None
        Reporting time (ISO 8601), or ``None`` when every case was closed.
    classes : numpy.ndarray of str
        Case classes present in the data, in the standard's order.
    met, failed, pending : numpy.ndarray of int
        Per class: cases closed in time; cases closed late or still open past their
        deadline; cases still open and not yet due (left out of the rate).
    rate, low, high : numpy.ndarray
        Per class: ``met / (met + failed)`` and its Wilson interval; NaN for a class whose
        cases are all pending.
    overall : Attainment or None
        All classes together (Wilson interval), or ``None`` when every case is pending.
    status : numpy.ndarray of str, shape (n_cases,)
        Each case's status: ``"met"``, ``"late"``, ``"open_late"`` or ``"open_pending"``.
    due : numpy.ndarray of datetime64[s], shape (n_cases,)
        Each case's deadline (inclusive): opening time plus the hours allowed, or the last
        second of the last working day allowed.

    See Also
    --------
    time_standard_attainment : Builds the report.

    Examples
    --------
    >>> report = time_standard_attainment(
    ...     ["2024-03-04T10:00", "2024-03-04T11:00"], ["2024-03-04T16:00", "2024-03-05T09:00"],
    ...     ["minor", "minor"], standard=COMPLAINT_HANDLING)
    >>> report.status
    array(['met', 'late'], dtype='<U12')
    """

    _html_title: ClassVar[str | None] = "Time standard attainment"

    standard: str = attrs.field()
    as_of: str | None = attrs.field()
    classes: npt.NDArray[np.str_] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    met: npt.NDArray[np.int64] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    failed: npt.NDArray[np.int64] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    pending: npt.NDArray[np.int64] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    rate: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    low: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    high: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    overall: Attainment | None = attrs.field()
    status: npt.NDArray[np.str_] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    due: npt.NDArray[np.datetime64] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as plain Python values, with deadlines as ISO 8601 strings."""
        data = super().to_dict()
        data["due"] = self.due.astype(str).tolist()
        return data


def _as_times(value: ArrayLike, name: str) -> npt.NDArray[np.datetime64]:
    raw = np.asarray(value)
    if raw.dtype.kind in "biufc":
        raise InvalidInputError(name, "must be dates or times, not numbers", raw)
    try:
        times = np.asarray(value, dtype="datetime64[s]")
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(name, "must be dates or times", raw) from exc
    return times


def _case_times(value: ArrayLike, name: str) -> npt.NDArray[np.datetime64]:
    times = _as_times(value, name)
    if times.ndim != 1:
        raise ShapeMismatchError(name, "must be one-dimensional", shape_of(times))
    return times


def _calendar(weekmask: str | Sequence[int], holidays: ArrayLike) -> np.busdaycalendar:
    try:
        days = np.asarray(holidays, dtype="datetime64[D]")
    except (TypeError, ValueError) as exc:
        raise InvalidInputError("holidays", "must be dates", holidays) from exc
    try:
        return np.busdaycalendar(weekmask=weekmask, holidays=days.ravel())
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(
            "weekmask", "must be a weekmask such as '1111100' or 'Mon Tue Wed Thu Fri'", weekmask
        ) from exc


def time_standard_attainment(
    opened: ArrayLike,
    closed: ArrayLike,
    case_class: ArrayLike,
    *,
    standard: TimeStandard,
    as_of: ArrayLike | None = None,
    weekmask: str | Sequence[int] = "1111100",
    holidays: ArrayLike = (),
    confidence_level: float = 0.95,
) -> TimeStandardReport:
    r"""Share of cases that met their response or resolution time target, per case class.

    Parameters
    ----------
    opened : array-like of datetime64 or str, shape (n_cases,)
        When each case was opened (received). NaT is not allowed.
    closed : array-like of datetime64 or str, shape (n_cases,)
        When each case was closed (responded to, resolved); NaT (or ``None``) for a case still
        open at ``as_of``.
    case_class : array-like of str, shape (n_cases,)
        Each case's class, one of the standard's classes.
    standard : TimeStandard
        The targets per class, such as :data:`COMPLAINT_HANDLING`.
    as_of : datetime64 or str, optional
        Reporting time. Needed when a case is still open; no case may be opened or closed
        after it.
    weekmask : str or sequence of int, default "1111100"
        Working days of the week, Monday first, as for :func:`numpy.busday_offset`.
    holidays : array-like of dates, default ()
        Days off besides the weekly ones.
    confidence_level : float, default 0.95
        Coverage of the Wilson intervals, in (0, 1).

    Returns
    -------
    TimeStandardReport
        Per class the cases met, failed and pending, the attainment rate with its interval,
        the overall attainment, and each case's status and deadline.

    Raises
    ------
    InvalidInputError
        If times are not dates, ``opened`` holds NaT, a class is unknown, a case is still
        open and ``as_of`` is missing, or the calendar is invalid.
    OutOfRangeError
        If a case closes before it opens, or opens or closes after ``as_of``.
    ShapeMismatchError
        If the three case arrays differ in length or are not one-dimensional.

    Notes
    -----
    A case closed by its deadline met the standard; one closed after it did not. A case still
    open at the reporting time is handled by what is known then:

    * **open past its deadline** — it can no longer meet the standard, so it counts as
      *failed* now, without waiting for it to close (waiting would flatter the report exactly
      when the backlog is worst);
    * **open and not yet due** — it may still meet the standard, so it is left out of both the
      numerator and the denominator (*censored*) and counted as ``pending``. Counting it as
      met would assume an outcome not yet known, and counting it as failed would punish the
      team for the reporting date.

    Business-day deadlines come from :func:`numpy.busday_offset` with ``roll="forward"``: the
    day of opening (moved to the next working day if it is a day off) plus ``limit`` working
    days, until the end of that day. Hour limits count elapsed clock time. Times are read as
    wall-clock times without a time zone (NumPy converts time-zone-aware pandas timestamps to
    UTC), and working days are calendar dates of those times: give local times of the
    service, e.g. ``series.dt.tz_convert("Europe/Paris").dt.tz_localize(None)``.

    References
    ----------
    - ISO 10002:2018. *Quality management — Customer satisfaction — Guidelines for complaints
      handling in organizations*. International Organization for Standardization, Geneva.
    - Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
      inference. *Journal of the American Statistical Association*, 22(158), 209–212.

    Examples
    --------
    Four complaints, reported on Thursday 7 March 2024 at noon. The minor one of Monday was
    resolved on Tuesday, a day late; a major one of Friday 1 March was resolved on Wednesday
    6 March, the third working day after; one major case opened on Monday is still open but
    due on Thursday, and one opened the previous Friday is open and overdue.

    >>> from servicemetrics.compliance import COMPLAINT_HANDLING, time_standard_attainment
    >>> report = time_standard_attainment(
    ...     opened=["2024-03-04T09:00", "2024-03-01T15:00", "2024-03-04T10:00",
    ...             "2024-03-01T16:00"],
    ...     closed=["2024-03-05T10:00", "2024-03-06T17:00", None, None],
    ...     case_class=["minor", "major", "major", "major"],
    ...     standard=COMPLAINT_HANDLING,
    ...     as_of="2024-03-07T12:00",
    ... )
    >>> report.status
    array(['late', 'met', 'open_pending', 'open_late'], dtype='<U12')
    >>> report.classes, report.met, report.failed, report.pending
    (array(['minor', 'major'], dtype='<U5'), array([0, 1]), array([1, 1]), array([0, 1]))
    >>> report.overall.rate
    0.3333333333333333
    """
    if not isinstance(standard, TimeStandard):
        raise InvalidInputError("standard", "must be a TimeStandard", standard)
    start = _case_times(opened, "opened")
    end = _case_times(closed, "closed")
    labels = np.asarray(case_class)
    if labels.ndim != 1:
        raise ShapeMismatchError("case_class", "must be one-dimensional", shape_of(labels))
    if not (start.shape == end.shape == labels.shape):
        raise ShapeMismatchError(
            "opened, closed, case_class",
            "must have the same length",
            Verbatim(f"{start.shape}, {end.shape}, {labels.shape}"),
        )
    if start.shape[0] == 0:
        raise InvalidInputError("opened", "must not be empty", shape_of(start))
    level = _confidence_level(confidence_level)
    calendar = _calendar(weekmask, holidays)

    if np.isnat(start).any():
        raise_at(InvalidInputError, "opened", "must not be NaT", start, np.isnat(start))
    classes = np.asarray(standard.classes)
    labels = labels.astype(str)
    known = np.isin(labels, classes)
    if not known.all():
        allowed = ", ".join(repr(c) for c in standard.classes)
        raise_at(InvalidInputError, "case_class", f"must be one of {allowed}", labels, ~known)
    order = np.argsort(classes)
    index = order[np.searchsorted(classes, labels, sorter=order)]

    still_open = np.isnat(end)
    report_time: npt.NDArray[np.datetime64] | None = None
    if as_of is not None:
        report_time = _as_times(as_of, "as_of")
        if report_time.ndim != 0 or np.isnat(report_time):
            raise InvalidInputError("as_of", "must be a single date or time", as_of)
        late_open = start > report_time
        if late_open.any():
            raise_at(OutOfRangeError, "opened", "must be <= as_of", start, late_open)
        late_close = ~still_open & (end > report_time)
        if late_close.any():
            raise_at(OutOfRangeError, "closed", "must be <= as_of", end, late_close)
    elif still_open.any():
        raise InvalidInputError(
            "as_of", "is required when a case is still open (closed is NaT)", Verbatim("None")
        )
    backwards = ~still_open & (end < start)
    if backwards.any():
        raise_at(OutOfRangeError, "closed", "must be >= opened", end, backwards)

    limits = np.array([t.limit for t in standard.targets])[index]
    in_days = np.array([t.unit == "business_days" for t in standard.targets])[index]
    second = np.timedelta64(1, "s")
    day_due = np.busday_offset(
        start.astype("datetime64[D]"),
        np.where(in_days, limits, 0).astype(np.int64),
        roll="forward",
        busdaycal=calendar,
    )
    end_of_day = (day_due + np.timedelta64(1, "D")).astype("datetime64[s]") - second
    hour_due = start + np.round(np.where(in_days, 0.0, limits) * 3600.0).astype(np.int64) * second
    due = np.where(in_days, end_of_day, hour_due)

    clock = end if report_time is None else np.where(still_open, report_time, end)
    on_time = clock <= due
    status = np.where(
        still_open,
        np.where(on_time, "open_pending", "open_late"),
        np.where(on_time, "met", "late"),
    ).astype("<U12")

    n_classes = len(standard.classes)
    met = np.bincount(index, weights=status == "met", minlength=n_classes).astype(np.int64)
    pending = np.bincount(index, weights=status == "open_pending", minlength=n_classes).astype(
        np.int64
    )
    present = np.bincount(index, minlength=n_classes) > 0
    failed = np.bincount(index, minlength=n_classes) - met - pending
    decided = met + failed
    has = decided > 0
    low, high = _interval(met.astype(float), np.maximum(decided, 1).astype(float), level, "wilson")
    rate = np.where(has, met / np.maximum(decided, 1), np.nan)
    overall = (
        attainment(int(met.sum()), int(decided.sum()), confidence_level=level)
        if decided.sum() > 0
        else None
    )
    return TimeStandardReport(
        standard=standard.name,
        as_of=None if report_time is None else str(report_time),
        classes=classes[present],
        met=met[present],
        failed=failed[present],
        pending=pending[present],
        rate=rate[present],
        low=np.where(has, low, np.nan)[present],
        high=np.where(has, high, np.nan)[present],
        overall=overall,
        status=status,
        due=due,
    )
