r"""Survey scores with their uncertainty: NPS, CSAT, CES, SERVQUAL and SERVPERF.

Survey results are usually reported as bare percentages, as if a score from 80 answers were as
certain as one from 8,000. Every score here comes with a standard error or a confidence
interval, and two Net Promoter Scores can be compared with a proper test:

* :func:`nps` and :func:`nps_from_counts` — the Net Promoter Score (Reichheld 2003) with
  Wald, adjusted-Wald, score and bootstrap intervals (:meth:`NPSResult.confidence_interval`);
  :func:`nps_confidence_interval` gives the analytic intervals for many surveys at once;
* :func:`compare_nps` — the difference between two independent Net Promoter Scores;
* :func:`csat` — top-box or top-2-box satisfaction with a proportion interval;
* :func:`ces` — Customer Effort Score: mean with a *t* interval and share agreeing with a
  Wilson interval;
* :func:`servqual` and :func:`servperf` — gap scores (perception − expectation) and
  performance-only scores per item, per dimension and overall, unweighted or weighted by
  importance (Parasuraman, Zeithaml & Berry 1988; Cronin & Taylor 1992);
  :func:`cronbach_alpha` checks that a dimension's items measure one thing.

**Invalid answers.** Responses must be whole numbers on the documented scale. An answer out of
scale (a 99 "don't know" code, a 1–5 answer fed to a 0–10 question) or a fraction always
raises: it is a coding error that dropping would hide. A missing answer (NaN) raises too,
unless ``nan_policy="omit"``, which drops exactly the NaN answers (with their weights, for
NPS; whole respondents, for SERVQUAL and SERVPERF) and records how many were dropped in the
result's ``n_omitted``. Recode "don't know" codes to NaN first if they should be dropped.

Proportions and shares are on the 0–1 scale; the Net Promoter Score and its intervals are on
the conventional −100…100 scale.
"""

from __future__ import annotations

import math
import types
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

import attrs
import numpy as np
import numpy.typing as npt
from scipy import stats

from servicemetrics._intervals import t_half_width
from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array
from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    FloatOrArray,
    InvalidInputError,
    NonFiniteError,
    OutOfRangeError,
    ShapeMismatchError,
    Verbatim,
    as_float_array,
    as_nonnegative,
    as_open_unit,
    as_vector,
    check_broadcastable,
    check_choice,
    check_integer,
    check_range,
    check_single,
    plainly_within,
    raise_at,
    shape_of,
    wrap_output,
)

__all__ = [
    "SERVQUAL_DIMENSIONS",
    "CESResult",
    "CSATResult",
    "NPSComparison",
    "NPSResult",
    "ServperfResult",
    "ServqualResult",
    "ces",
    "compare_nps",
    "cronbach_alpha",
    "csat",
    "nps",
    "nps_confidence_interval",
    "nps_from_counts",
    "servperf",
    "servqual",
]

SurveyNanPolicy = Literal["raise", "omit"]
NPSMethod = Literal["wald", "adjusted-wald", "score", "bootstrap"]
ProportionMethod = Literal["wilson", "wilson-cc", "clopper-pearson"]

_NAN_POLICIES: Final = ("raise", "omit")
_ANALYTIC_METHODS: Final = ("wald", "adjusted-wald", "score")
_NPS_METHODS: Final = (*_ANALYTIC_METHODS, "bootstrap")
_COMPARE_METHODS: Final = ("wald", "adjusted-wald")
_SCIPY_PROPORTION_METHODS: Final[dict[str, Literal["wilson", "wilsoncc", "exact"]]] = {
    "wilson": "wilson",
    "wilson-cc": "wilsoncc",
    "clopper-pearson": "exact",
}
_BOOTSTRAP_BLOCK: Final = 1 << 22
_BISECTION_STEPS: Final = 54  # halves a width of 2 down to about 1e-16

SERVQUAL_DIMENSIONS: Final[Mapping[str, tuple[int, ...]]] = types.MappingProxyType(
    {
        "tangibles": (0, 1, 2, 3),
        "reliability": (4, 5, 6, 7, 8),
        "responsiveness": (9, 10, 11, 12),
        "assurance": (13, 14, 15, 16),
        "empathy": (17, 18, 19, 20, 21),
    }
)
"""The standard assignment of the 22 SERVQUAL items to five dimensions, as column indices.

Questionnaire items 1 to 4 (columns 0 to 3) measure tangibles, items 5 to 9 reliability,
items 10 to 13 responsiveness, items 14 to 17 assurance and items 18 to 22 empathy
(Parasuraman, Zeithaml & Berry 1988; the revision of 1991 keeps the assignment). Columns count
from 0, so item *k* of the questionnaire is column *k* - 1.
"""


# --- shared checks ---------------------------------------------------------------------------


def _level_z(level: float) -> float:
    """Two-sided standard normal quantile for a confidence level in (0, 1)."""
    _check_level(level)
    return float(stats.norm.ppf(0.5 + level / 2.0))


def _check_level(level: float) -> None:
    check_single(as_open_unit(level, "level"), "level")


def _whole_number(value: ArrayLike, name: str, *, low: int) -> int:
    array = check_single(as_float_array(value, name), name)
    check_range(check_integer(array, name), name, low=low)
    return int(array)


_NO_MISSING: Final = np.zeros(0, dtype=bool)
"""The mask :func:`_responses` returns when no answer is missing (an empty one, not n zeros)."""


def _answer_codes(values: ArrayLike, low: int, high: int) -> npt.NDArray[np.int8] | None:
    """Answers as int8 codes when they plainly are whole numbers in [low, high]; else None.

    A fast path for long vectors of answers on a small scale: a round trip through int8
    establishes in one pass that every answer is whole and finite (NaN, infinities, fractions
    and numbers beyond int8 do not survive it), and the range is then checked and the answers
    counted on a tenth of the memory. None sends the answers to :func:`_responses`, whose
    rule-by-rule checks name any offending answer.
    """
    if isinstance(values, (str, bytes)) or low < 0 or high > 127:
        return None
    try:
        array = np.asarray(values)
    except (TypeError, ValueError):
        return None
    if array.ndim != 1 or array.size == 0 or array.dtype.kind not in "biuf":
        return None
    with np.errstate(invalid="ignore"):
        codes = array.astype(np.int8)
    if not np.array_equal(codes, array) or codes.min() < low or codes.max() > high:
        return None
    return codes


def _kept(answers: FloatArray, missing: npt.NDArray[np.bool_]) -> tuple[FloatArray, int]:
    """The answers that are not missing, and how many are."""
    if missing is _NO_MISSING:
        return answers, 0
    return answers[~missing], int(missing.sum())


def _responses(
    values: ArrayLike, name: str, *, low: int, high: int, nan_policy: str
) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    """Validate one answer per respondent; return the answers and the mask of NaN answers."""
    check_choice(nan_policy, "nan_policy", _NAN_POLICIES)
    plain = plainly_within(values, low=low, high=high)
    if plain is not None and plain.ndim == 1:
        # Finite and within the scale (two reductions): only wholeness is left to check.
        return check_integer(plain, name), _NO_MISSING
    answers = as_vector(values, name, allow_nan=True)
    missing = np.isnan(answers)
    if missing.any() and nan_policy == "raise":
        raise_at(
            NonFiniteError,
            name,
            "must not be NaN (pass nan_policy='omit' to drop missing answers)",
            answers,
            missing,
        )
    check_integer(answers, name)
    check_range(answers, name, low=low, high=high)
    if missing.all():
        raise InvalidInputError(name, "must hold at least one answer that is not NaN")
    return answers, missing


def _proportion_interval(
    successes: int, trials: int, level: float, method: str
) -> tuple[float, float]:
    _check_level(level)
    check_choice(method, "method", tuple(_SCIPY_PROPORTION_METHODS))
    ci = stats.binomtest(successes, trials).proportion_ci(
        confidence_level=level, method=_SCIPY_PROPORTION_METHODS[method]
    )
    return float(ci.low), float(ci.high)


# --- Net Promoter Score: intervals on arrays of counts ----------------------------------------


def _wald(
    promoters: FloatArray, detractors: FloatArray, n: FloatArray, z: float
) -> tuple[FloatArray, FloatArray]:
    p, d = promoters / n, detractors / n
    centre = p - d
    half = z * np.sqrt(np.maximum(p + d - centre**2, 0.0) / n)
    return np.clip(centre - half, -1.0, 1.0), np.clip(centre + half, -1.0, 1.0)


def _score_statistic(
    theta: FloatArray, promoters: FloatArray, detractors: FloatArray, n: FloatArray
) -> FloatArray:
    """Score statistic for H0: p − d = theta, variance at the restricted maximum likelihood.

    The restricted estimate of the detractor probability solves 2n q² + B q + C = 0 (Tango
    1998, for the paired-sample design whose two discordant cells play the roles of promoters
    and detractors here).
    """
    a = 2.0 * n
    b = -(promoters + detractors) + (2.0 * n - promoters + detractors) * theta
    c = -detractors * theta * (1.0 - theta)
    q = (-b + np.sqrt(np.maximum(b * b - 4.0 * a * c, 0.0))) / (2.0 * a)
    variance = np.maximum(2.0 * q + theta * (1.0 - theta), 0.0) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        result: FloatArray = ((promoters - detractors) / n - theta) / np.sqrt(variance)
    return result


def _score(
    promoters: FloatArray, detractors: FloatArray, n: FloatArray, z: float
) -> tuple[FloatArray, FloatArray]:
    """Invert the score test by bisection on both sides of the estimate at once."""
    estimate = (promoters - detractors) / n
    # Axis 0 holds the lower and the upper bound; the statistic falls as theta rises.
    sign = np.array([1.0, -1.0]).reshape((2,) + (1,) * estimate.ndim)
    outside = np.broadcast_to(-sign, sign.shape[:1] + estimate.shape).copy()
    inside = np.broadcast_to(estimate, outside.shape).copy()
    for _ in range(_BISECTION_STEPS):
        mid = 0.5 * (outside + inside)
        rejected = sign * _score_statistic(mid, promoters, detractors, n) > z
        outside = np.where(rejected, mid, outside)
        inside = np.where(rejected, inside, mid)
    return inside[0], inside[1]


def _interval_from_counts(
    promoters: FloatArray, passives: FloatArray, detractors: FloatArray, z: float, method: str
) -> tuple[FloatArray, FloatArray]:
    """Interval for p − d on the −1…1 scale from (possibly effective) category counts."""
    if method == "adjusted-wald":
        promoters, passives, detractors = promoters + 0.75, passives + 1.5, detractors + 0.75
    n = promoters + passives + detractors
    if method == "score":
        return _score(promoters, detractors, n, z)
    return _wald(promoters, detractors, n, z)


def _check_counts(**counts: ArrayLike) -> list[FloatArray]:
    arrays = {}
    for name, value in counts.items():
        array = check_range(as_float_array(value, name), name, low=0)
        arrays[name] = array
    shape = check_broadcastable(arrays)
    broadcast = [np.broadcast_to(a, shape).astype(np.float64) for a in arrays.values()]
    total = sum(broadcast[1:], broadcast[0])
    empty = total <= 0.0
    if empty.any():
        raise_at(
            InvalidInputError,
            " + ".join(counts),
            "must be > 0 (a survey needs at least one answer)",
            total,
            empty,
        )
    return broadcast


def nps_confidence_interval(
    promoters: ArrayLike,
    passives: ArrayLike,
    detractors: ArrayLike,
    *,
    level: float = 0.95,
    method: Literal["wald", "adjusted-wald", "score"] = "adjusted-wald",
) -> tuple[FloatOrArray, FloatOrArray]:
    r"""Analytic confidence interval of the Net Promoter Score from category counts.

    The vectorised form of :meth:`NPSResult.confidence_interval` for many surveys at once
    (segments, months, teams): the three counts broadcast against each other.

    Parameters
    ----------
    promoters, passives, detractors : array-like
        Number of respondents who answered 9–10, 7–8 and 0–6; non-negative, with a positive
        total for every survey. Fractional (effective) counts are accepted.
    level : float, default 0.95
        Confidence level, in (0, 1).
    method : {"adjusted-wald", "wald", "score"}, default "adjusted-wald"
        ``"wald"``: the estimate ± *z* times the trinomial standard error. ``"adjusted-wald"``:
        the same after adding 3 pseudo-respondents (¾ promoter, 1½ passive, ¾ detractor).
        ``"score"``: the set of values not rejected by the score test with the variance at the
        restricted maximum-likelihood estimate. See Notes.

    Returns
    -------
    (low, high) : tuple of float or numpy.ndarray
        Bounds on the −100…100 scale, clipped to it; ``float`` for scalar counts, arrays of the
        broadcast shape otherwise.

    Raises
    ------
    OutOfRangeError
        If a count is negative or ``level`` is not in (0, 1).
    InvalidInputError
        If the three counts of a survey add up to 0, or ``method`` is unknown.
    NonFiniteError
        If a count is NaN or infinite.
    ShapeMismatchError
        If the counts do not broadcast together.

    Notes
    -----
    With shares :math:`\hat p` of promoters and :math:`\hat d` of detractors among :math:`n`
    respondents, the score (on the −1…1 scale) is :math:`\hat\theta = \hat p - \hat d` and the
    trinomial variance of the estimate is

    .. math::

        \operatorname{Var}(\hat\theta) = \frac{p + d - (p - d)^2}{n}.

    *Wald* plugs in the observed shares; it collapses to a zero-width interval when every
    respondent is a promoter (or a detractor) and under-covers at small :math:`n`.
    *Adjusted-Wald* adds 3 to :math:`n` and ¾ to the promoters and to the detractors before
    doing the same, as described by Lewis & Sauro (2021) following Rocks (2016); the pseudo-counts
    are fixed (they do not change with ``level``) and the interval is centred on the adjusted
    score, so for very small samples it may not contain the observed score.
    *Score* inverts the test :math:`|\hat\theta - \theta| / \sqrt{\tilde V(\theta)} \le z`,
    where :math:`\tilde V(\theta)` is the variance at the maximum-likelihood shares restricted to
    :math:`p - d = \theta`; those have a closed form (Tango 1998, whose paired-design
    discordant cells are the promoters and detractors here), and the bounds are found by
    bisection. Rocks (2016) found the adjusted-Wald and score intervals to cover best.

    References
    ----------
    - Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*,
      81(12), 46–54.
    - Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
      Statistician*, 70(4), 365–372.
    - Lewis, J. R., & Sauro, J. (2021). Confidence intervals for Net Promoter Scores.
      MeasuringU, https://measuringu.com/nps-confidence-intervals/.
    - Tango, T. (1998). Equivalence test and confidence interval for the difference in
      proportions for the paired-sample design. *Statistics in Medicine*, 17(8), 891–908.

    Examples
    --------
    50 promoters, 30 passives and 20 detractors: NPS 30, trinomial standard error
    √((0.7 − 0.09)/100) = 0.0781.

    >>> from servicemetrics.surveys import nps_confidence_interval
    >>> nps_confidence_interval(50, 30, 20, method="wald")
    (14.69..., 45.30...)
    >>> low, high = nps_confidence_interval([50, 5], [30, 3], [20, 2], method="score")
    >>> low
    array([ 13.95..., -21.65...])
    """
    z = _level_z(level)
    check_choice(method, "method", _ANALYTIC_METHODS)
    promoters_a, passives_a, detractors_a = _check_counts(
        promoters=promoters, passives=passives, detractors=detractors
    )
    low, high = _interval_from_counts(promoters_a, passives_a, detractors_a, z, method)
    inputs = (promoters, passives, detractors)
    return wrap_output(100.0 * low, *inputs), wrap_output(100.0 * high, *inputs)


# --- Net Promoter Score: results ---------------------------------------------------------------


@attrs.frozen(repr=False)
class NPSResult(ResultModel):
    r"""A Net Promoter Score with its respondents, shares and standard error.

    Build it with :func:`nps` (from 0–10 answers) or :func:`nps_from_counts`.

    Parameters
    ----------
    score : float
        Net Promoter Score, in [−100, 100]: the promoter share minus the detractor share,
        times 100. Higher is better.
    promoters, passives, detractors : int
        Respondents who answered 9–10, 7–8 and 0–6 (unweighted counts).
    n : int
        Respondents counted (after any NaN answers were dropped).
    promoter_share, passive_share, detractor_share : float
        Shares of the three groups, in [0, 1], weighted when weights were given.
    effective_n : float
        Kish's effective sample size :math:`(\sum w)^2 / \sum w^2`; equal to ``n`` without
        weights. It replaces :math:`n` in every variance.
    standard_error : float
        Trinomial (Wald) standard error of ``score``, on the −100…100 scale.
    n_omitted : int
        NaN answers dropped under ``nan_policy="omit"``.
    response_groups : array-like of shape (n_groups, 3)
        Rows (category, weight, respondents) with category −1 (detractor), 0 (passive) or
        1 (promoter): the distinct answers the bootstrap resamples.

    References
    ----------
    - Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*,
      81(12), 46–54.
    - Kish, L. (1965). *Survey Sampling*. Wiley.

    Examples
    --------
    >>> from servicemetrics.surveys import nps_from_counts
    >>> result = nps_from_counts(50, 30, 20)
    >>> result.score
    30.0
    >>> round(result.standard_error, 4)
    7.8102
    >>> result.to_dict()["promoter_share"]
    0.5
    """

    score: float = attrs.field(converter=float)
    promoters: int = attrs.field(converter=int)
    passives: int = attrs.field(converter=int)
    detractors: int = attrs.field(converter=int)
    n: int = attrs.field(converter=int)
    promoter_share: float = attrs.field(converter=float)
    passive_share: float = attrs.field(converter=float)
    detractor_share: float = attrs.field(converter=float)
    effective_n: float = attrs.field(converter=float)
    standard_error: float = attrs.field(converter=float)
    n_omitted: int = attrs.field(converter=int)
    response_groups: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ, repr=False)

    def confidence_interval(
        self,
        level: float = 0.95,
        method: NPSMethod = "adjusted-wald",
        *,
        n_resamples: int = 2000,
        rng: np.random.Generator | int | None = None,
    ) -> tuple[float, float]:
        r"""Confidence interval of the score, on the −100…100 scale.

        Parameters
        ----------
        level : float, default 0.95
            Confidence level, in (0, 1).
        method : {"adjusted-wald", "wald", "score", "bootstrap"}, default "adjusted-wald"
            The analytic methods are those of :func:`nps_confidence_interval`, applied to the
            effective counts ``effective_n`` × share (the plain counts without weights).
            ``"bootstrap"``: the percentile interval of the score over ``n_resamples``
            resamples of the ``n`` respondents with replacement (weights travel with their
            respondents), drawn at once as multinomial counts of ``response_groups``.
        n_resamples : int, default 2000
            Number of bootstrap resamples (1,000 or more is the usual advice); bootstrap only.
        rng : numpy.random.Generator or int, optional
            Random generator or seed for the bootstrap; pass one for reproducible bounds
            (without one, fresh entropy is drawn and the bounds vary from call to call).

        Returns
        -------
        (low, high) : tuple of float
            Bounds on the −100…100 scale, within [−100, 100].

        Raises
        ------
        OutOfRangeError
            If ``level`` is not in (0, 1) or ``n_resamples`` < 1.
        InvalidInputError
            If ``method`` is unknown or ``n_resamples`` is not a whole number.

        References
        ----------
        - Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
          Statistician*, 70(4), 365–372.
        - Lewis, J. R., & Sauro, J. (2021). Confidence intervals for Net Promoter Scores.
          MeasuringU, https://measuringu.com/nps-confidence-intervals/.
        - Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*, ch. 13.
          Chapman & Hall.

        Examples
        --------
        >>> from servicemetrics.surveys import nps_from_counts
        >>> result = nps_from_counts(50, 30, 20)
        >>> result.confidence_interval(method="wald")
        (14.69..., 45.30...)
        >>> result.confidence_interval()
        (14.05..., 44.20...)
        >>> result.confidence_interval(method="score")
        (13.95..., 44.33...)
        >>> low, high = result.confidence_interval(method="bootstrap", rng=1)
        >>> bool(14 < low < 16 and 44 < high < 46)
        True
        """
        check_choice(method, "method", _NPS_METHODS)
        if method == "bootstrap":
            return self._bootstrap(level, n_resamples, rng)
        low, high = nps_confidence_interval(
            self.effective_n * self.promoter_share,
            self.effective_n * self.passive_share,
            self.effective_n * self.detractor_share,
            level=level,
            method=method,
        )
        return float(low), float(high)

    def _bootstrap(
        self, level: float, n_resamples: int, rng: np.random.Generator | int | None
    ) -> tuple[float, float]:
        _check_level(level)
        resamples = _whole_number(n_resamples, "n_resamples", low=1)
        generator = np.random.default_rng(rng)
        category, weight, count = self.response_groups.T
        probabilities = count / count.sum()
        # Draw in blocks of at most _BOOTSTRAP_BLOCK counts so that weighted surveys with many
        # distinct weights do not need a (resamples × groups) array all at once.
        block = max(1, _BOOTSTRAP_BLOCK // probabilities.size)
        scores = np.empty(resamples)
        for start in range(0, resamples, block):
            size = min(block, resamples - start)
            draws = generator.multinomial(self.n, probabilities, size=size)
            scores[start : start + size] = 100.0 * (draws @ (weight * category)) / (draws @ weight)
        low, high = np.quantile(scores, [0.5 - level / 2.0, 0.5 + level / 2.0])
        return float(low), float(high)


def _nps_result(groups: FloatArray, n_omitted: int) -> NPSResult:
    """Build the result from rows (category −1/0/1, weight, respondents) of distinct answers."""
    groups = groups[groups[:, 2] > 0]
    category, weight, count = groups.T
    mass = weight * count
    total = mass.sum()
    shares = [float(mass[category == c].sum() / total) for c in (1.0, 0.0, -1.0)]
    effective_n = float(total**2 / np.sum(weight * mass))
    p, _, d = shares
    standard_error = 100.0 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / effective_n)
    net = float(mass[category == 1.0].sum() - mass[category == -1.0].sum())
    respondents = [int(count[category == c].sum()) for c in (1.0, 0.0, -1.0)]
    return NPSResult(
        score=100.0 * net / float(total),
        promoters=respondents[0],
        passives=respondents[1],
        detractors=respondents[2],
        n=sum(respondents),
        promoter_share=shares[0],
        passive_share=shares[1],
        detractor_share=shares[2],
        effective_n=effective_n,
        standard_error=standard_error,
        n_omitted=n_omitted,
        response_groups=groups,
    )


def nps(
    scores: ArrayLike,
    weights: ArrayLike | None = None,
    *,
    nan_policy: SurveyNanPolicy = "raise",
) -> NPSResult:
    r"""Net Promoter Score from 0–10 likelihood-to-recommend answers.

    Parameters
    ----------
    scores : array-like of shape (n_respondents,)
        Answers to "How likely is it that you would recommend us to a friend or colleague?",
        whole numbers from 0 to 10. Promoters answer 9–10, passives 7–8, detractors 0–6.
    weights : array-like of shape (n_respondents,), optional
        Positive survey weights (post-stratification, say). The shares become weighted shares
        and the variances use Kish's effective sample size (see Notes).
    nan_policy : {"raise", "omit"}, default "raise"
        What to do with NaN answers: raise, or drop them (and their weights). Answers out of
        0–10 or not whole always raise.

    Returns
    -------
    NPSResult
        The score in [−100, 100] (higher is better), counts, shares, standard error and
        :meth:`~NPSResult.confidence_interval`.

    Raises
    ------
    OutOfRangeError
        If an answer is outside 0–10 or a weight is not positive.
    InvalidInputError
        If an answer is not a whole number, all answers are NaN, or ``nan_policy`` is unknown.
    NonFiniteError
        If an answer is NaN (under ``nan_policy="raise"``) or a weight is NaN or infinite.
    ShapeMismatchError
        If ``scores`` is not one-dimensional and non-empty, or ``weights`` has another shape.

    Notes
    -----
    .. math::

        \mathrm{NPS} = 100\,(\hat p - \hat d),

    with :math:`\hat p` and :math:`\hat d` the (weighted) shares of promoters and detractors.
    With weights :math:`w_i`, the variances of the trinomial methods use Kish's effective
    sample size :math:`n_\text{eff} = (\sum w_i)^2 / \sum w_i^2` in place of :math:`n`,
    which accounts for the precision lost to unequal weighting (the design effect
    :math:`n / n_\text{eff}`) but not for clustering or stratification of the design.

    References
    ----------
    - Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*,
      81(12), 46–54.
    - Kish, L. (1965). *Survey Sampling*. Wiley.

    Examples
    --------
    >>> from servicemetrics.surveys import nps
    >>> result = nps([10, 9, 9, 8, 7, 6, 3, 10, 9, 5])
    >>> result.score
    20.0
    >>> (result.promoters, result.passives, result.detractors)
    (5, 2, 3)

    Weights: the two detractors count double, so they hold half of the weight.

    >>> nps([10, 9, 0, 0], weights=[1, 1, 2, 2]).score
    -33.33...
    """
    check_choice(nan_policy, "nan_policy", _NAN_POLICIES)
    codes = _answer_codes(scores, 0, 10) if weights is None else None
    kept: npt.NDArray[np.int8] | FloatArray
    if codes is not None:
        kept, n_missing = codes, 0
    else:
        answers, missing = _responses(scores, "scores", low=0, high=10, nan_policy=nan_policy)
        kept, n_missing = _kept(answers, missing)
    if weights is None:
        # Unweighted: the three groups are counts (rows in the order np.unique gives them).
        promoters = np.count_nonzero(kept >= 9)
        passives = np.count_nonzero(kept >= 7) - promoters
        detractors = kept.size - promoters - passives
        groups = np.array(
            [[-1.0, 1.0, detractors], [0.0, 1.0, passives], [1.0, 1.0, promoters]],
            dtype=np.float64,
        )
        return _nps_result(groups, n_missing)
    weight = as_vector(weights, "weights")
    if weight.shape != answers.shape:
        raise ShapeMismatchError(
            "weights", f"must have the same shape as scores {answers.shape}", shape_of(weight)
        )
    check_range(weight, "weights", low=0, low_inclusive=False)
    category = np.where(kept >= 9, 1.0, np.where(kept >= 7, 0.0, -1.0))
    kept_weight = weight if missing is _NO_MISSING else weight[~missing]
    pairs, counts = np.unique(
        np.stack([category, kept_weight], axis=1), axis=0, return_counts=True
    )
    return _nps_result(np.column_stack([pairs, counts]), n_missing)


def nps_from_counts(promoters: int, passives: int, detractors: int) -> NPSResult:
    r"""Net Promoter Score from the numbers of promoters, passives and detractors.

    Parameters
    ----------
    promoters, passives, detractors : int
        Respondents who answered 9–10, 7–8 and 0–6: non-negative whole numbers with a
        positive total.

    Returns
    -------
    NPSResult
        As :func:`nps` returns for the same answers, unweighted.

    Raises
    ------
    OutOfRangeError
        If a count is negative.
    InvalidInputError
        If a count is not a whole number or the counts add up to 0.
    NonFiniteError
        If a count is NaN or infinite.
    ShapeMismatchError
        If a count is not a single number (use :func:`nps_confidence_interval` for arrays).

    References
    ----------
    - Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*,
      81(12), 46–54.

    Examples
    --------
    >>> from servicemetrics.surveys import nps_from_counts
    >>> nps_from_counts(120, 50, 30).score
    45.0
    """
    counts = [
        _whole_number(value, name, low=0)
        for value, name in (
            (promoters, "promoters"),
            (passives, "passives"),
            (detractors, "detractors"),
        )
    ]
    if sum(counts) == 0:
        raise InvalidInputError(
            "promoters + passives + detractors",
            "must be > 0 (a survey needs at least one answer)",
            0,
        )
    groups = np.array([[-1.0, 1.0, counts[2]], [0.0, 1.0, counts[1]], [1.0, 1.0, counts[0]]])
    return _nps_result(groups, 0)


@attrs.frozen(repr=False)
class NPSComparison(ResultModel):
    r"""The difference between two independent Net Promoter Scores, with its test.

    Build it with :func:`compare_nps`. Every number is on the −100…100 scale (points of NPS).

    Parameters
    ----------
    difference : float
        Observed score of the first survey minus that of the second.
    standard_error : float
        Standard error of the difference used by the test.
    low, high : float
        Confidence interval of the difference.
    statistic : float
        The *z* statistic: the (adjusted) difference over ``standard_error``.
    p_value : float
        Two-sided p-value of "no difference".
    level : float
        Confidence level of the interval.
    method : str
        ``"adjusted-wald"`` or ``"wald"``.

    References
    ----------
    - Lewis, J. R., & Sauro, J. (2021). Confidence intervals for Net Promoter Scores.
      MeasuringU, https://measuringu.com/nps-confidence-intervals/.

    Examples
    --------
    >>> from servicemetrics.surveys import compare_nps, nps_from_counts
    >>> result = compare_nps(nps_from_counts(50, 30, 20), nps_from_counts(40, 30, 30))
    >>> result.difference
    20.0
    """

    difference: float = attrs.field(converter=float)
    standard_error: float = attrs.field(converter=float)
    low: float = attrs.field(converter=float)
    high: float = attrs.field(converter=float)
    statistic: float = attrs.field(converter=float)
    p_value: float = attrs.field(converter=float)
    level: float = attrs.field(converter=float)
    method: str = attrs.field(converter=str)


def _as_nps(value: NPSResult | ArrayLike, name: str) -> NPSResult:
    if isinstance(value, NPSResult):
        return value
    try:
        return nps(value)
    except InvalidInputError as exc:
        # Keep the error's class (OutOfRangeError, ...) and say which survey was wrong.
        raise type(exc)(
            name, "must be an NPSResult or answers from 0 to 10 (" + str(exc) + ")"
        ) from exc


def _centre_and_variance(result: NPSResult, method: str) -> tuple[float, float]:
    """Score and variance on the −1…1 scale, after the pseudo-counts of the adjusted-Wald."""
    n = result.effective_n
    promoters, detractors = n * result.promoter_share, n * result.detractor_share
    if method == "adjusted-wald":
        promoters, detractors, n = promoters + 0.75, detractors + 0.75, n + 3.0
    p, d = promoters / n, detractors / n
    return p - d, max(p + d - (p - d) ** 2, 0.0) / n


def compare_nps(
    a: NPSResult | ArrayLike,
    b: NPSResult | ArrayLike,
    *,
    level: float = 0.95,
    method: Literal["adjusted-wald", "wald"] = "adjusted-wald",
) -> NPSComparison:
    r"""Test the difference between two Net Promoter Scores from independent samples.

    Parameters
    ----------
    a, b : NPSResult or array-like of 0–10 answers
        The two surveys (two periods, teams or channels with different respondents). Answers
        are passed through :func:`nps` with its defaults.
    level : float, default 0.95
        Confidence level of the interval, in (0, 1).
    method : {"adjusted-wald", "wald"}, default "adjusted-wald"
        ``"adjusted-wald"`` adds 3 pseudo-respondents (¾ promoter, ¾ detractor) to each survey
        before computing both the difference and the variances; ``"wald"`` uses the observed
        shares.

    Returns
    -------
    NPSComparison
        ``difference`` (observed, ``a`` minus ``b``), its standard error, the interval, the
        *z* statistic and the two-sided p-value. Swapping ``a`` and ``b`` negates the
        difference, the interval and the statistic and keeps the p-value.

    Raises
    ------
    OutOfRangeError
        If ``level`` is not in (0, 1).
    InvalidInputError
        If ``a`` or ``b`` is neither an :class:`NPSResult` nor valid answers, if ``method`` is
        unknown, or if under ``"wald"`` both surveys have zero variance (all answers in one
        group), which leaves the test undefined.

    Notes
    -----
    With the (adjusted) scores :math:`\tilde\theta_a, \tilde\theta_b` and trinomial variances
    :math:`V_a, V_b` (effective sample sizes for weighted surveys),

    .. math::

        z = \frac{\tilde\theta_a - \tilde\theta_b}{\sqrt{V_a + V_b}},

    and the interval is :math:`\tilde\theta_a - \tilde\theta_b \pm z_{1-\alpha/2}
    \sqrt{V_a + V_b}`, as described by Lewis & Sauro (2021) after Rocks (2016). The samples
    must be independent: the same customers surveyed twice call for a paired analysis.

    References
    ----------
    - Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
      Statistician*, 70(4), 365–372.
    - Lewis, J. R., & Sauro, J. (2021). Confidence intervals for Net Promoter Scores.
      MeasuringU, https://measuringu.com/nps-confidence-intervals/.

    Examples
    --------
    This quarter 50 promoters, 30 passives and 20 detractors; last quarter 40, 30 and 30.

    >>> from servicemetrics.surveys import compare_nps, nps_from_counts
    >>> result = compare_nps(nps_from_counts(50, 30, 20), nps_from_counts(40, 30, 30))
    >>> result.difference
    20.0
    >>> round(result.statistic, 3), round(result.p_value, 3)
    (1.732, 0.083)

    Twenty points up, yet not significant at 5% with 100 answers per quarter.
    """
    first, second = _as_nps(a, "a"), _as_nps(b, "b")
    z = _level_z(level)
    check_choice(method, "method", _COMPARE_METHODS)
    centre_a, variance_a = _centre_and_variance(first, method)
    centre_b, variance_b = _centre_and_variance(second, method)
    standard_error = math.sqrt(variance_a + variance_b)
    if standard_error == 0.0:
        raise InvalidInputError(
            "a, b",
            "must not both have all answers in one group under method='wald' (zero variance);"
            " use method='adjusted-wald'",
        )
    centre = centre_a - centre_b
    statistic = centre / standard_error
    return NPSComparison(
        difference=first.score - second.score,
        standard_error=100.0 * standard_error,
        low=100.0 * (centre - z * standard_error),
        high=100.0 * (centre + z * standard_error),
        statistic=statistic,
        p_value=float(2.0 * stats.norm.sf(abs(statistic))),
        level=level,
        method=method,
    )


# --- CSAT and CES ------------------------------------------------------------------------------


@attrs.frozen(repr=False)
class CSATResult(ResultModel):
    r"""Customer satisfaction as a top-box share, with the mean answer.

    Build it with :func:`csat`.

    Parameters
    ----------
    share : float
        Share of respondents in the top ``top`` boxes, in [0, 1]. Higher is better.
    satisfied : int
        Respondents in the top boxes.
    n : int
        Respondents counted (after any NaN answers were dropped).
    mean : float
        Mean answer, on the 1…``scale`` scale.
    scale : int
        Number of answer options (answers run from 1 to ``scale``).
    top : int
        Number of top boxes counted as satisfied (2 on a 1–5 scale counts 4s and 5s).
    n_omitted : int
        NaN answers dropped under ``nan_policy="omit"``.

    References
    ----------
    - Farris, P. W., Bendle, N. T., Pfeifer, P. E., & Reibstein, D. J. (2010). *Marketing
      Metrics: The Definitive Guide to Measuring Marketing Performance* (2nd ed.), ch. 2.
      Wharton School Publishing.

    Examples
    --------
    >>> from servicemetrics.surveys import csat
    >>> result = csat([5, 4, 4, 3, 5, 2, 4, 5, 1, 4])
    >>> result.share, result.satisfied, result.mean
    (0.7, 7, 3.7)
    """

    share: float = attrs.field(converter=float)
    satisfied: int = attrs.field(converter=int)
    n: int = attrs.field(converter=int)
    mean: float = attrs.field(converter=float)
    scale: int = attrs.field(converter=int)
    top: int = attrs.field(converter=int)
    n_omitted: int = attrs.field(converter=int)

    def confidence_interval(
        self, level: float = 0.95, method: ProportionMethod = "wilson"
    ) -> tuple[float, float]:
        r"""Confidence interval of the top-box share, on the 0–1 scale.

        Parameters
        ----------
        level : float, default 0.95
            Confidence level, in (0, 1).
        method : {"wilson", "wilson-cc", "clopper-pearson"}, default "wilson"
            Wilson's score interval, the same with a continuity correction, or the
            Clopper–Pearson ("exact") interval, which is conservative.

        Returns
        -------
        (low, high) : tuple of float
            Bounds in [0, 1].

        Raises
        ------
        OutOfRangeError
            If ``level`` is not in (0, 1).
        InvalidInputError
            If ``method`` is unknown.

        References
        ----------
        - Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
          inference. *Journal of the American Statistical Association*, 22(158), 209–212.
        - Clopper, C. J., & Pearson, E. S. (1934). The use of confidence or fiducial limits
          illustrated in the case of the binomial. *Biometrika*, 26(4), 404–413.
        - Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion:
          comparison of seven methods. *Statistics in Medicine*, 17(8), 857–872.

        Examples
        --------
        >>> from servicemetrics.surveys import csat
        >>> csat([5, 4, 4, 3, 5, 2, 4, 5, 1, 4]).confidence_interval()
        (0.396..., 0.892...)
        """
        return _proportion_interval(self.satisfied, self.n, level, method)


def _scale_and_option(
    scale: int, option: int, name: str, *, low: int, below_scale: int
) -> tuple[int, int]:
    """Validate a scale length and an option that must lie in [low, scale - below_scale]."""
    scale_i = _whole_number(scale, "scale", low=2)
    option_i = _whole_number(option, name, low=low)
    high = scale_i - below_scale
    if option_i > high:
        rule = f"must be <= scale{f' - {below_scale}' if below_scale else ''} = {high}"
        raise OutOfRangeError(name, rule, option_i)
    return scale_i, option_i


def csat(
    scores: ArrayLike,
    *,
    scale: int = 5,
    top: int = 2,
    nan_policy: SurveyNanPolicy = "raise",
) -> CSATResult:
    r"""Customer satisfaction (CSAT): the share of answers in the top boxes of the scale.

    Parameters
    ----------
    scores : array-like of shape (n_respondents,)
        Satisfaction answers, whole numbers from 1 to ``scale``.
    scale : int, default 5
        Number of answer options, at least 2.
    top : int, default 2
        How many of the highest options count as satisfied, from 1 to ``scale`` − 1: 2 on
        the usual 1–5 scale is "top-2-box" (4 or 5), 1 is "top-box" (5 only).
    nan_policy : {"raise", "omit"}, default "raise"
        What to do with NaN answers: raise, or drop them. Answers outside 1…``scale`` or not
        whole always raise.

    Returns
    -------
    CSATResult
        The share in [0, 1] (higher is better), the counts, the mean answer and
        :meth:`~CSATResult.confidence_interval`.

    Raises
    ------
    OutOfRangeError
        If an answer is outside 1…``scale``, ``scale`` < 2 or ``top`` is not in
        1…``scale`` − 1.
    InvalidInputError
        If an answer, ``scale`` or ``top`` is not a whole number, all answers are NaN, or
        ``nan_policy`` is unknown.
    NonFiniteError
        If an answer is NaN (under ``nan_policy="raise"``) or infinite.
    ShapeMismatchError
        If ``scores`` is not one-dimensional and non-empty.

    Notes
    -----
    .. math::

        \mathrm{CSAT} = \frac{\#\{i : x_i > s - t\}}{n}

    for answers :math:`x_i` on a 1…\ :math:`s` scale and :math:`t` top boxes. The share is a
    binomial proportion, so its interval is a proportion interval; Wilson's is the default
    because the Wald interval misbehaves near 0 and 1, where satisfaction shares often lie
    (Brown, Cai & DasGupta 2001).

    References
    ----------
    - Farris, P. W., Bendle, N. T., Pfeifer, P. E., & Reibstein, D. J. (2010). *Marketing
      Metrics: The Definitive Guide to Measuring Marketing Performance* (2nd ed.), ch. 2.
      Wharton School Publishing.
    - Brown, L. D., Cai, T. T., & DasGupta, A. (2001). Interval estimation for a binomial
      proportion. *Statistical Science*, 16(2), 101–133.

    Examples
    --------
    Seven of ten answers are 4 or 5:

    >>> from servicemetrics.surveys import csat
    >>> csat([5, 4, 4, 3, 5, 2, 4, 5, 1, 4]).share
    0.7
    >>> csat([5, 4, 4, 3, 5, 2, 4, 5, 1, 4], top=1).share
    0.3
    >>> csat([7, 6, 2, float("nan")], scale=7, top=2, nan_policy="omit").n_omitted
    1
    """
    scale_i, top_i = _scale_and_option(scale, top, "top", low=1, below_scale=1)
    check_choice(nan_policy, "nan_policy", _NAN_POLICIES)
    codes = _answer_codes(scores, 1, scale_i)
    kept: npt.NDArray[np.int8] | FloatArray
    if codes is not None:
        kept, n_missing = codes, 0
        # Whole answers: their sum is exact in integers, as it is in floating point (int32
        # accumulates faster than int64 and cannot overflow below 2**31 / scale answers).
        total = codes.sum(dtype=np.int32 if codes.size * scale_i < 2**31 else np.int64)
        mean = float(total) / codes.size
    else:
        answers, missing = _responses(scores, "scores", low=1, high=scale_i, nan_policy=nan_policy)
        kept, n_missing = _kept(answers, missing)
        mean = float(kept.mean())
    satisfied = int(np.count_nonzero(kept > scale_i - top_i))
    return CSATResult(
        share=satisfied / kept.size,
        satisfied=satisfied,
        n=kept.size,
        mean=mean,
        scale=scale_i,
        top=top_i,
        n_omitted=n_missing,
    )


@attrs.frozen(repr=False)
class CESResult(ResultModel):
    r"""Customer Effort Score: the mean agreement and the share agreeing.

    Build it with :func:`ces`.

    Parameters
    ----------
    mean : float
        Mean answer on the 1…``scale`` agreement scale; higher means less effort.
    standard_deviation : float
        Sample standard deviation of the answers (0 for a single answer).
    n : int
        Respondents counted (after any NaN answers were dropped).
    agree : int
        Respondents answering ``threshold`` or more.
    agree_share : float
        ``agree / n``, in [0, 1]; higher is better.
    scale : int
        Number of answer options.
    threshold : int
        Lowest answer counted as agreeing.
    n_omitted : int
        NaN answers dropped under ``nan_policy="omit"``.

    References
    ----------
    - Dixon, M., Toman, N., & DeLisi, R. (2013). *The Effortless Experience: Conquering the
      New Battleground for Customer Loyalty*. Portfolio/Penguin.

    Examples
    --------
    >>> from servicemetrics.surveys import ces
    >>> result = ces([7, 6, 5, 5, 4, 2, 6, 7])
    >>> result.mean, result.agree_share
    (5.25, 0.75)
    """

    mean: float = attrs.field(converter=float)
    standard_deviation: float = attrs.field(converter=float)
    n: int = attrs.field(converter=int)
    agree: int = attrs.field(converter=int)
    agree_share: float = attrs.field(converter=float)
    scale: int = attrs.field(converter=int)
    threshold: int = attrs.field(converter=int)
    n_omitted: int = attrs.field(converter=int)

    def mean_interval(self, level: float = 0.95) -> tuple[float, float]:
        r"""Student-*t* confidence interval of the mean answer.

        Parameters
        ----------
        level : float, default 0.95
            Confidence level, in (0, 1).

        Returns
        -------
        (low, high) : tuple of float
            :math:`\bar x \pm t_{n-1,\,1-\alpha/2}\, s/\sqrt{n}`, not clipped to the scale.

        Raises
        ------
        OutOfRangeError
            If ``level`` is not in (0, 1).
        InvalidInputError
            If fewer than 2 answers were counted (the spread cannot be estimated).

        References
        ----------
        - Student (1908). The probable error of a mean. *Biometrika*, 6(1), 1–25.

        Examples
        --------
        >>> from servicemetrics.surveys import ces
        >>> ces([7, 6, 5, 5, 4, 2, 6, 7]).mean_interval()
        (3.85..., 6.64...)
        """
        _check_level(level)
        if self.n < 2:
            raise InvalidInputError(
                "n", "must be >= 2 for an interval of the mean (one answer has no spread)", self.n
            )
        half = t_half_width(level, self.n, self.standard_deviation)
        half /= math.sqrt(self.n)
        return self.mean - half, self.mean + half

    def share_interval(
        self, level: float = 0.95, method: ProportionMethod = "wilson"
    ) -> tuple[float, float]:
        r"""Confidence interval of the share agreeing, on the 0–1 scale.

        Parameters
        ----------
        level : float, default 0.95
            Confidence level, in (0, 1).
        method : {"wilson", "wilson-cc", "clopper-pearson"}, default "wilson"
            As for :meth:`CSATResult.confidence_interval`.

        Returns
        -------
        (low, high) : tuple of float
            Bounds in [0, 1].

        Raises
        ------
        OutOfRangeError
            If ``level`` is not in (0, 1).
        InvalidInputError
            If ``method`` is unknown.

        References
        ----------
        - Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
          inference. *Journal of the American Statistical Association*, 22(158), 209–212.

        Examples
        --------
        >>> from servicemetrics.surveys import ces
        >>> ces([7, 6, 5, 5, 4, 2, 6, 7]).share_interval()
        (0.409..., 0.928...)
        """
        return _proportion_interval(self.agree, self.n, level, method)


def ces(
    scores: ArrayLike,
    *,
    scale: int = 7,
    threshold: int = 5,
    nan_policy: SurveyNanPolicy = "raise",
) -> CESResult:
    r"""Customer Effort Score (CES 2.0): mean agreement and share agreeing.

    Parameters
    ----------
    scores : array-like of shape (n_respondents,)
        Answers to "The company made it easy for me to handle my issue", whole numbers from 1
        (strongly disagree) to ``scale`` (strongly agree).
    scale : int, default 7
        Number of answer options, at least 2.
    threshold : int, default 5
        Lowest answer counted as agreeing, from 2 to ``scale``: 5 counts "somewhat agree",
        "agree" and "strongly agree" on the 7-point scale.
    nan_policy : {"raise", "omit"}, default "raise"
        What to do with NaN answers: raise, or drop them. Answers outside 1…``scale`` or not
        whole always raise.

    Returns
    -------
    CESResult
        Mean, standard deviation, share agreeing, and the intervals
        :meth:`~CESResult.mean_interval` and :meth:`~CESResult.share_interval`. Higher is
        better (less effort).

    Raises
    ------
    OutOfRangeError
        If an answer is outside 1…``scale``, ``scale`` < 2 or ``threshold`` is not in
        2…``scale``.
    InvalidInputError
        If an answer, ``scale`` or ``threshold`` is not a whole number, all answers are NaN,
        or ``nan_policy`` is unknown.
    NonFiniteError
        If an answer is NaN (under ``nan_policy="raise"``) or infinite.
    ShapeMismatchError
        If ``scores`` is not one-dimensional and non-empty.

    Notes
    -----
    The first Customer Effort Score asked "How much effort did you personally have to put
    forth to handle your request?" on a 1–5 scale where *lower* was better (Dixon, Freeman &
    Toman 2010). CES 2.0 turned it into an agreement statement on a 1–7 scale where *higher*
    is better (Dixon, Toman & DeLisi 2013); this function follows CES 2.0. The mean is
    reported with a *t* interval and the share agreeing with a Wilson interval.

    References
    ----------
    - Dixon, M., Freeman, K., & Toman, N. (2010). Stop trying to delight your customers.
      *Harvard Business Review*, 88(7/8), 116–122.
    - Dixon, M., Toman, N., & DeLisi, R. (2013). *The Effortless Experience: Conquering the
      New Battleground for Customer Loyalty*. Portfolio/Penguin.

    Examples
    --------
    >>> from servicemetrics.surveys import ces
    >>> result = ces([7, 6, 5, 5, 4, 2, 6, 7])
    >>> result.mean, result.agree, result.n
    (5.25, 6, 8)
    """
    scale_i, threshold_i = _scale_and_option(scale, threshold, "threshold", low=2, below_scale=0)
    answers, missing = _responses(scores, "scores", low=1, high=scale_i, nan_policy=nan_policy)
    kept, n_missing = _kept(answers, missing)
    agree = int(np.count_nonzero(kept >= threshold_i))
    return CESResult(
        mean=float(kept.mean()),
        standard_deviation=float(kept.std(ddof=1)) if kept.size > 1 else 0.0,
        n=kept.size,
        agree=agree,
        agree_share=agree / kept.size,
        scale=scale_i,
        threshold=threshold_i,
        n_omitted=n_missing,
    )


# --- SERVQUAL and SERVPERF ---------------------------------------------------------------------


def _item_matrix(values: ArrayLike, name: str, scale: int) -> FloatArray:
    """Answers per respondent (rows) and item (columns): whole numbers on 1…scale, or NaN."""
    matrix = as_float_array(values, name, allow_nan=True)
    if matrix.ndim != 2 or matrix.shape[0] == 0 or matrix.shape[1] == 0:
        raise ShapeMismatchError(
            name, "must be two-dimensional (respondents by items) and non-empty", shape_of(matrix)
        )
    check_integer(matrix, name)
    check_range(matrix, name, low=1, high=scale)
    return matrix


def _membership(
    dimensions: Mapping[str, Sequence[int]] | None, n_items: int
) -> tuple[list[str], FloatArray]:
    """Dimension names and the (n_items, n_dimensions) 0/1 matrix assigning items."""
    if dimensions is None:
        if n_items != 22:
            raise ShapeMismatchError(
                "perceptions",
                "must have 22 item columns for the standard SERVQUAL dimensions "
                "(pass dimensions= for another instrument)",
                Verbatim(f"{n_items} columns"),
            )
        dimensions = SERVQUAL_DIMENSIONS
    if not isinstance(dimensions, Mapping) or len(dimensions) == 0:
        raise InvalidInputError(
            "dimensions", "must be a non-empty mapping of names to item columns", dimensions
        )
    names = [str(name) for name in dimensions]
    membership = np.zeros((n_items, len(names)))
    for j, (name, columns) in enumerate(dimensions.items()):
        indices = as_float_array(list(columns), f"dimensions[{name!r}]")
        if indices.ndim != 1 or indices.size == 0:
            raise InvalidInputError(
                f"dimensions[{name!r}]", "must list at least one item column", columns
            )
        check_integer(indices, f"dimensions[{name!r}]")
        check_range(indices, f"dimensions[{name!r}]", low=0, high=n_items - 1)
        for column in indices.astype(int):
            if membership[column].any():
                raise InvalidInputError(
                    "dimensions", "must assign each item column to one dimension only", int(column)
                )
            membership[column, j] = 1.0
    unassigned = membership.sum(axis=1) == 0.0
    if unassigned.any():
        raise InvalidInputError(
            "dimensions",
            "must assign every item column to a dimension",
            Verbatim(f"column {int(np.argmax(unassigned))} unassigned"),
        )
    return names, membership


def _importance(
    weights: ArrayLike | None, n_respondents: int, n_dimensions: int
) -> FloatArray | None:
    """Importance weights broadcast to (n_respondents, n_dimensions), each row summing to 1."""
    if weights is None:
        return None
    array = as_nonnegative(weights, "weights")
    if array.shape not in ((n_dimensions,), (n_respondents, n_dimensions)):
        raise ShapeMismatchError(
            "weights",
            f"must have shape ({n_dimensions},) or ({n_respondents}, {n_dimensions})"
            " (one weight per dimension, optionally per respondent)",
            shape_of(array),
        )
    rows = np.broadcast_to(array, (n_respondents, n_dimensions))
    totals = rows.sum(axis=1)
    empty = totals <= 0.0
    if empty.any():
        raise_at(
            InvalidInputError,
            "weights",
            "must have a positive total per respondent",
            totals,
            empty,
        )
    normalised: FloatArray = rows / totals[:, np.newaxis]
    return normalised


def _reverse(matrix: FloatArray, reverse_items: Sequence[int], scale: int) -> FloatArray:
    if len(reverse_items) == 0:
        return matrix
    columns = check_range(
        check_integer(as_float_array(list(reverse_items), "reverse_items"), "reverse_items"),
        "reverse_items",
        low=0,
        high=matrix.shape[1] - 1,
    ).astype(int)
    result: FloatArray = matrix.copy()
    result[:, columns] = scale + 1.0 - result[:, columns]
    return result


def _omit_rows(
    matrices: Sequence[FloatArray], nan_policy: str, name: str
) -> tuple[npt.NDArray[np.bool_], int]:
    """Rows without NaN in any matrix, and how many rows were dropped."""
    check_choice(nan_policy, "nan_policy", _NAN_POLICIES)
    missing = np.zeros(matrices[0].shape, dtype=bool)
    for matrix in matrices:
        missing |= np.isnan(matrix)
    if missing.any() and nan_policy == "raise":
        for matrix_name, matrix in zip(name.split(", "), matrices, strict=True):
            if np.isnan(matrix).any():
                raise_at(
                    NonFiniteError,
                    matrix_name,
                    "must not be NaN (pass nan_policy='omit' to drop incomplete respondents)",
                    matrix,
                    np.isnan(matrix),
                )
    keep: npt.NDArray[np.bool_] = ~np.any(missing, axis=1)
    if not keep.any():
        raise InvalidInputError(name, "must hold at least one respondent without NaN answers")
    return keep, int((~keep).sum())


def _standard_error(values: FloatArray) -> FloatArray | None:
    """Standard error of the mean over respondents (axis 0); None for a single respondent."""
    n = values.shape[0]
    if n < 2:
        return None
    result: FloatArray = values.std(axis=0, ddof=1) / math.sqrt(n)
    return result


def _scored_items(
    answers: Mapping[str, ArrayLike],
    dimensions: Mapping[str, Sequence[int]] | None,
    weights: ArrayLike | None,
    scale: int,
    reverse_items: Sequence[int],
    nan_policy: str,
) -> tuple[list[FloatArray], list[str], FloatArray, FloatArray | None, int]:
    """Validate same-shaped answer matrices and the dimension arguments; drop incomplete rows.

    Returns the complete respondents' answers (reverse-scored), the dimension names, the
    membership matrix, the kept respondents' importance weights and how many were dropped.
    """
    scale_i = _whole_number(scale, "scale", low=2)
    matrices = [_item_matrix(value, name, scale_i) for name, value in answers.items()]
    names = list(answers)
    for name, matrix in zip(names[1:], matrices[1:], strict=True):
        if matrix.shape != matrices[0].shape:
            raise ShapeMismatchError(
                name,
                f"must have the same shape as {names[0]} {matrices[0].shape}",
                shape_of(matrix),
            )
    dimension_names, membership = _membership(dimensions, matrices[0].shape[1])
    importance = _importance(weights, matrices[0].shape[0], len(dimension_names))
    keep, n_omitted = _omit_rows(matrices, nan_policy, ", ".join(names))
    kept = [_reverse(matrix[keep], reverse_items, scale_i) for matrix in matrices]
    return (
        kept,
        dimension_names,
        membership,
        None if importance is None else importance[keep],
        n_omitted,
    )


def _dimension_summary(
    per_respondent: FloatArray, membership: FloatArray, importance: FloatArray | None
) -> tuple[FloatArray, dict[str, Any]]:
    """Means per dimension, and the overall scores, standard errors and respondents counted.

    The dictionary holds the result fields that SERVQUAL and SERVPERF share.
    """
    by_dimension = per_respondent @ membership / membership.sum(axis=0)
    overall = by_dimension.mean(axis=1)
    weighted = None if importance is None else np.sum(importance * by_dimension, axis=1)
    unweighted_se = _standard_error(overall)
    weighted_se = None if weighted is None else _standard_error(weighted)
    return by_dimension.mean(axis=0), {
        "unweighted_score": float(overall.mean()),
        "weighted_score": None if weighted is None else float(weighted.mean()),
        "dimension_standard_errors": _standard_error(by_dimension),
        "unweighted_standard_error": None if unweighted_se is None else float(unweighted_se),
        "weighted_standard_error": None if weighted_se is None else float(weighted_se),
        "n": per_respondent.shape[0],
    }


def _optional_arrays_equal(a: FloatArray | None, b: FloatArray | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a.shape == b.shape and bool(np.array_equal(a, b))


_OPTIONAL_ARRAY_EQ: Final = attrs.cmp_using(eq=_optional_arrays_equal)


def _t_interval(centre: Any, standard_error: Any, n: int, level: float) -> tuple[Any, Any]:
    """Student-t interval with n − 1 degrees of freedom; raises for a single respondent."""
    _check_level(level)
    if standard_error is None:
        raise InvalidInputError(
            "n", "must be >= 2 for an interval (one respondent has no spread)", n
        )
    half = t_half_width(level, n, standard_error)
    return centre - half, centre + half


def _dimension_intervals(
    centre: FloatArray, standard_errors: FloatArray | None, n: int, level: float
) -> tuple[FloatArray, FloatArray]:
    low, high = _t_interval(centre, standard_errors, n, level)
    return np.asarray(low, dtype=np.float64), np.asarray(high, dtype=np.float64)


def _score_interval(
    result: ServqualResult | ServperfResult, level: float, weighted: bool
) -> tuple[float, float]:
    if not weighted:
        centre, se = result.unweighted_score, result.unweighted_standard_error
    elif result.weighted_score is None:
        raise InvalidInputError("weighted", "requires a result built with weights", True)
    else:
        centre, se = result.weighted_score, result.weighted_standard_error
    low, high = _t_interval(centre, se, result.n, level)
    return float(low), float(high)


@attrs.frozen(repr=False)
class ServqualResult(ResultModel):
    r"""SERVQUAL gap scores (perception − expectation) per item, per dimension and overall.

    Build it with :func:`servqual`. Negative gaps mean the service falls short of what
    customers expect; zero means it meets expectations.

    Parameters
    ----------
    item_expectations, item_perceptions : array-like of shape (n_items,)
        Mean expectation and perception per item (after any reverse scoring).
    item_gaps : array-like of shape (n_items,)
        Mean gap per item, ``item_perceptions - item_expectations``.
    dimension_names : array-like of str, shape (n_dimensions,)
        Names of the dimensions, in the order of the ``dimensions`` mapping.
    dimension_gaps : array-like of shape (n_dimensions,)
        Mean gap per dimension: the mean over respondents of each respondent's mean gap over
        the dimension's items.
    unweighted_score : float
        Mean of the dimension gaps.
    weighted_score : float or None
        Mean over respondents of the importance-weighted sum of their dimension gaps; None
        without weights.
    dimension_standard_errors : array-like of shape (n_dimensions,) or None
        Standard errors of the dimension means over respondents; None for one respondent.
    unweighted_standard_error, weighted_standard_error : float or None
        Standard errors of the overall scores, from each respondent's own overall score (so
        the correlation between a respondent's dimensions is accounted for); None for one
        respondent or, for the weighted one, without weights.
    n : int
        Respondents counted.
    n_omitted : int
        Respondents dropped under ``nan_policy="omit"``.

    References
    ----------
    - Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1988). SERVQUAL: A multiple-item
      scale for measuring consumer perceptions of service quality. *Journal of Retailing*,
      64(1), 12–40.

    Examples
    --------
    >>> from servicemetrics.surveys import servqual
    >>> result = servqual([[6, 7], [5, 6]], [[5, 7], [5, 4]], dimensions={"a": [0], "b": [1]})
    >>> result.dimension_gaps
    array([-0.5, -1. ])
    """

    item_expectations: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    item_perceptions: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    item_gaps: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    dimension_names: npt.NDArray[np.str_] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    dimension_gaps: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    unweighted_score: float = attrs.field(converter=float)
    weighted_score: float | None = attrs.field(converter=attrs.converters.optional(float))
    dimension_standard_errors: FloatArray | None = attrs.field(
        converter=attrs.converters.optional(frozen_array), eq=_OPTIONAL_ARRAY_EQ
    )
    unweighted_standard_error: float | None = attrs.field(
        converter=attrs.converters.optional(float)
    )
    weighted_standard_error: float | None = attrs.field(converter=attrs.converters.optional(float))
    n: int = attrs.field(converter=int)
    n_omitted: int = attrs.field(converter=int)

    def dimension_intervals(self, level: float = 0.95) -> tuple[FloatArray, FloatArray]:
        r"""Student-*t* confidence intervals of the dimension gaps.

        Parameters
        ----------
        level : float, default 0.95
            Confidence level, in (0, 1).

        Returns
        -------
        (low, high) : tuple of numpy.ndarray of shape (n_dimensions,)
            :math:`\bar D_j \pm t_{n-1,\,1-\alpha/2}\,\mathrm{SE}_j`, respondents being the
            sampling unit.

        Raises
        ------
        OutOfRangeError
            If ``level`` is not in (0, 1).
        InvalidInputError
            If only one respondent was counted.

        References
        ----------
        - Student (1908). The probable error of a mean. *Biometrika*, 6(1), 1–25.

        Examples
        --------
        >>> from servicemetrics.surveys import servqual
        >>> result = servqual(
        ...     [[7, 7], [6, 7], [7, 6]], [[5, 7], [6, 6], [6, 6]], dimensions={"a": [0], "b": [1]}
        ... )
        >>> low, high = result.dimension_intervals()
        >>> low.round(3), high.round(3)
        (array([-3.484, -1.768]), array([1.484, 1.101]))
        """
        return _dimension_intervals(
            self.dimension_gaps, self.dimension_standard_errors, self.n, level
        )

    def score_interval(
        self, level: float = 0.95, *, weighted: bool = False
    ) -> tuple[float, float]:
        r"""Student-*t* confidence interval of the overall score.

        Parameters
        ----------
        level : float, default 0.95
            Confidence level, in (0, 1).
        weighted : bool, default False
            Interval of ``weighted_score`` instead of ``unweighted_score``.

        Returns
        -------
        (low, high) : tuple of float
            The score ± :math:`t_{n-1,\,1-\alpha/2}` standard errors.

        Raises
        ------
        OutOfRangeError
            If ``level`` is not in (0, 1).
        InvalidInputError
            If only one respondent was counted, or ``weighted`` is set for a result built
            without weights.

        References
        ----------
        - Student (1908). The probable error of a mean. *Biometrika*, 6(1), 1–25.

        Examples
        --------
        >>> from servicemetrics.surveys import servqual
        >>> result = servqual(
        ...     [[7, 7], [6, 7], [7, 6]], [[5, 7], [6, 6], [6, 6]], dimensions={"a": [0], "b": [1]}
        ... )
        >>> result.score_interval()
        (-1.38..., 0.05...)
        """
        return _score_interval(self, level, weighted)


def servqual(
    expectations: ArrayLike,
    perceptions: ArrayLike,
    *,
    dimensions: Mapping[str, Sequence[int]] | None = None,
    weights: ArrayLike | None = None,
    scale: int = 7,
    reverse_items: Sequence[int] = (),
    nan_policy: SurveyNanPolicy = "raise",
) -> ServqualResult:
    r"""SERVQUAL gap scores: perceptions minus expectations, per item, dimension and overall.

    Parameters
    ----------
    expectations, perceptions : array-like of shape (n_respondents, n_items)
        Each respondent's agreement with the expectation statement ("Excellent companies will
        …") and the perception statement ("XYZ company has …") of every item, whole numbers
        from 1 (strongly disagree) to ``scale`` (strongly agree). Same shape.
    dimensions : mapping of str to sequence of int, optional
        Dimension name → item columns (counted from 0). Every column must belong to exactly
        one dimension. Default :data:`SERVQUAL_DIMENSIONS`, the standard 22-item assignment
        (items 1–4 tangibles, 5–9 reliability, 10–13 responsiveness, 14–17 assurance, 18–22
        empathy), which needs 22 columns.
    weights : array-like of shape (n_dimensions,) or (n_respondents, n_dimensions), optional
        Importance of each dimension, in the order of ``dimensions``: typically the 100 points
        each respondent split across the dimensions, or one set of points for everyone.
        Non-negative with a positive total per respondent; normalised to sum to 1.
    scale : int, default 7
        Number of answer options.
    reverse_items : sequence of int, default ()
        Item columns worded negatively (as some items of the 1988 instrument are), scored
        as ``scale + 1 - answer`` in both expectations and perceptions before the gaps.
    nan_policy : {"raise", "omit"}, default "raise"
        What to do with NaN answers: raise, or drop every respondent with a NaN answer
        anywhere (with the respondent's weights). Answers outside 1…``scale`` or not whole
        always raise.

    Returns
    -------
    ServqualResult
        Item and dimension gaps and the unweighted and weighted overall scores. Gaps range
        from −(``scale`` − 1) to ``scale`` − 1; higher is better, 0 meets expectations.

    Raises
    ------
    OutOfRangeError
        If an answer is outside 1…``scale``, a weight is negative, or an item column is out
        of range.
    InvalidInputError
        If an answer or item column is not a whole number, a column is assigned to no or
        several dimensions, a respondent's weights total 0, no respondent is complete, or
        ``nan_policy`` is unknown.
    NonFiniteError
        If an answer is NaN (under ``nan_policy="raise"``) or infinite, or a weight is NaN.
    ShapeMismatchError
        If the answers are not two-dimensional, the two matrices differ in shape, the default
        dimensions meet other than 22 columns, or ``weights`` has the wrong shape.

    Notes
    -----
    For respondent :math:`i` and item :math:`k`, the gap is :math:`G_{ik} = P_{ik} - E_{ik}`.
    A dimension's gap for the respondent is the mean of its items' gaps,
    :math:`D_{ij} = \operatorname{mean}_{k \in j} G_{ik}`, and

    .. math::

        \text{unweighted} = \frac{1}{J}\sum_j \bar D_j, \qquad
        \text{weighted} = \frac{1}{n}\sum_i \sum_j w_{ij} D_{ij}, \quad \sum_j w_{ij} = 1,

    following Parasuraman, Zeithaml & Berry (1988, 1991), who weight each respondent's
    dimension gaps by that respondent's own importance points. The reliability and validity of
    difference scores have been debated (Cronin & Taylor 1992); :func:`servperf` gives the
    perceptions-only alternative.

    References
    ----------
    - Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1988). SERVQUAL: A multiple-item
      scale for measuring consumer perceptions of service quality. *Journal of Retailing*,
      64(1), 12–40.
    - Parasuraman, A., Berry, L. L., & Zeithaml, V. A. (1991). Refinement and reassessment of
      the SERVQUAL scale. *Journal of Retailing*, 67(4), 420–450.

    Examples
    --------
    Two respondents, four items in two dimensions:

    >>> from servicemetrics.surveys import servqual
    >>> expectations = [[7, 6, 7, 7], [6, 6, 5, 7]]
    >>> perceptions = [[5, 6, 6, 7], [6, 4, 5, 6]]
    >>> result = servqual(
    ...     expectations, perceptions, dimensions={"reliability": [0, 1], "empathy": [2, 3]}
    ... )
    >>> result.item_gaps
    array([-1. , -1. , -0.5, -0.5])
    >>> result.dimension_gaps
    array([-1. , -0.5])
    >>> result.unweighted_score
    -0.75

    Reliability matters more to these customers (70 of 100 points):

    >>> servqual(
    ...     expectations,
    ...     perceptions,
    ...     dimensions={"reliability": [0, 1], "empathy": [2, 3]},
    ...     weights=[70, 30],
    ... ).weighted_score
    -0.85
    """
    (expected, perceived), names, membership, importance, n_omitted = _scored_items(
        {"expectations": expectations, "perceptions": perceptions},
        dimensions,
        weights,
        scale,
        reverse_items,
        nan_policy,
    )
    gaps, shared = _dimension_summary(perceived - expected, membership, importance)
    return ServqualResult(
        item_expectations=expected.mean(axis=0),
        item_perceptions=perceived.mean(axis=0),
        item_gaps=(perceived - expected).mean(axis=0),
        dimension_names=names,
        dimension_gaps=gaps,
        n_omitted=n_omitted,
        **shared,
    )


@attrs.frozen(repr=False)
class ServperfResult(ResultModel):
    r"""SERVPERF performance scores (perceptions only) per item, per dimension and overall.

    Build it with :func:`servperf`. Scores lie on the 1…``scale`` answer scale; higher is
    better.

    Parameters
    ----------
    item_scores : array-like of shape (n_items,)
        Mean perception per item (after any reverse scoring).
    dimension_names : array-like of str, shape (n_dimensions,)
        Names of the dimensions, in the order of the ``dimensions`` mapping.
    dimension_scores : array-like of shape (n_dimensions,)
        Mean over respondents of each respondent's mean over the dimension's items.
    unweighted_score : float
        Mean of the dimension scores.
    weighted_score : float or None
        Mean over respondents of the importance-weighted sum of their dimension scores; None
        without weights.
    dimension_standard_errors : array-like of shape (n_dimensions,) or None
        Standard errors of the dimension means over respondents; None for one respondent.
    unweighted_standard_error, weighted_standard_error : float or None
        Standard errors of the overall scores, from each respondent's own overall score (so
        the correlation between a respondent's dimensions is accounted for); None for one
        respondent or, for the weighted one, without weights.
    n : int
        Respondents counted.
    n_omitted : int
        Respondents dropped under ``nan_policy="omit"``.

    References
    ----------
    - Cronin, J. J., Jr., & Taylor, S. A. (1992). Measuring service quality: A reexamination
      and extension. *Journal of Marketing*, 56(3), 55–68.

    Examples
    --------
    >>> from servicemetrics.surveys import servperf
    >>> servperf([[5, 7], [6, 4]], dimensions={"a": [0], "b": [1]}).dimension_scores
    array([5.5, 5.5])
    """

    item_scores: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    dimension_names: npt.NDArray[np.str_] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    dimension_scores: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    unweighted_score: float = attrs.field(converter=float)
    weighted_score: float | None = attrs.field(converter=attrs.converters.optional(float))
    dimension_standard_errors: FloatArray | None = attrs.field(
        converter=attrs.converters.optional(frozen_array), eq=_OPTIONAL_ARRAY_EQ
    )
    unweighted_standard_error: float | None = attrs.field(
        converter=attrs.converters.optional(float)
    )
    weighted_standard_error: float | None = attrs.field(converter=attrs.converters.optional(float))
    n: int = attrs.field(converter=int)
    n_omitted: int = attrs.field(converter=int)

    def dimension_intervals(self, level: float = 0.95) -> tuple[FloatArray, FloatArray]:
        r"""Student-*t* confidence intervals of the dimension scores.

        Parameters
        ----------
        level : float, default 0.95
            Confidence level, in (0, 1).

        Returns
        -------
        (low, high) : tuple of numpy.ndarray of shape (n_dimensions,)
            :math:`\bar D_j \pm t_{n-1,\,1-\alpha/2}\,\mathrm{SE}_j`, respondents being the
            sampling unit.

        Raises
        ------
        OutOfRangeError
            If ``level`` is not in (0, 1).
        InvalidInputError
            If only one respondent was counted.

        References
        ----------
        - Student (1908). The probable error of a mean. *Biometrika*, 6(1), 1–25.

        Examples
        --------
        >>> from servicemetrics.surveys import servperf
        >>> result = servperf([[5, 7], [6, 6], [6, 6]], dimensions={"a": [0], "b": [1]})
        >>> low, high = result.dimension_intervals()
        >>> low.round(3), high.round(3)
        (array([4.232, 4.899]), array([7.101, 7.768]))
        """
        return _dimension_intervals(
            self.dimension_scores, self.dimension_standard_errors, self.n, level
        )

    def score_interval(
        self, level: float = 0.95, *, weighted: bool = False
    ) -> tuple[float, float]:
        r"""Student-*t* confidence interval of the overall score.

        Parameters
        ----------
        level : float, default 0.95
            Confidence level, in (0, 1).
        weighted : bool, default False
            Interval of ``weighted_score`` instead of ``unweighted_score``.

        Returns
        -------
        (low, high) : tuple of float
            The score ± :math:`t_{n-1,\,1-\alpha/2}` standard errors.

        Raises
        ------
        OutOfRangeError
            If ``level`` is not in (0, 1).
        InvalidInputError
            If only one respondent was counted, or ``weighted`` is set for a result built
            without weights.

        References
        ----------
        - Student (1908). The probable error of a mean. *Biometrika*, 6(1), 1–25.

        Examples
        --------
        >>> from servicemetrics.surveys import servperf
        >>> servperf([[5, 7], [6, 6], [6, 6]], dimensions={"a": [0], "b": [1]}).score_interval()
        (6.0, 6.0)
        """
        return _score_interval(self, level, weighted)


def servperf(
    perceptions: ArrayLike,
    *,
    dimensions: Mapping[str, Sequence[int]] | None = None,
    weights: ArrayLike | None = None,
    scale: int = 7,
    reverse_items: Sequence[int] = (),
    nan_policy: SurveyNanPolicy = "raise",
) -> ServperfResult:
    r"""SERVPERF: service quality from perceptions alone, per item, dimension and overall.

    Parameters
    ----------
    perceptions : array-like of shape (n_respondents, n_items)
        Each respondent's agreement with the perception statement of every item, whole
        numbers from 1 to ``scale``.
    dimensions, weights, scale, reverse_items, nan_policy
        As for :func:`servqual` (the default dimensions are the standard 22-item assignment).

    Returns
    -------
    ServperfResult
        Item and dimension means and the unweighted and weighted overall scores, on the
        1…``scale`` scale; higher is better.

    Raises
    ------
    OutOfRangeError, InvalidInputError, NonFiniteError, ShapeMismatchError
        Under the same rules as :func:`servqual`.

    Notes
    -----
    Cronin & Taylor (1992) found the perceptions alone (the "performance" part of SERVQUAL)
    to explain more of the variation in overall service quality than the gap scores, and
    argued that expectations need not be asked. The aggregation is the one of
    :func:`servqual` with :math:`P_{ik}` in place of :math:`G_{ik}`.

    References
    ----------
    - Cronin, J. J., Jr., & Taylor, S. A. (1992). Measuring service quality: A reexamination
      and extension. *Journal of Marketing*, 56(3), 55–68.
    - Parasuraman, A., Zeithaml, V. A., & Berry, L. L. (1988). SERVQUAL: A multiple-item
      scale for measuring consumer perceptions of service quality. *Journal of Retailing*,
      64(1), 12–40.

    Examples
    --------
    >>> from servicemetrics.surveys import servperf
    >>> result = servperf(
    ...     [[5, 6, 6, 7], [6, 4, 5, 6]], dimensions={"reliability": [0, 1], "empathy": [2, 3]}
    ... )
    >>> result.dimension_scores
    array([5.25, 6.  ])
    >>> result.unweighted_score
    5.625
    """
    (perceived,), names, membership, importance, n_omitted = _scored_items(
        {"perceptions": perceptions}, dimensions, weights, scale, reverse_items, nan_policy
    )
    scores, shared = _dimension_summary(perceived, membership, importance)
    return ServperfResult(
        item_scores=perceived.mean(axis=0),
        dimension_names=names,
        dimension_scores=scores,
        n_omitted=n_omitted,
        **shared,
    )


def cronbach_alpha(answers: ArrayLike, *, nan_policy: SurveyNanPolicy = "raise") -> float:
    r"""Cronbach's alpha: how consistently a set of items measures one thing.

    Parameters
    ----------
    answers : array-like of shape (n_respondents, n_items)
        Each respondent's answer to every item of one scale or dimension (the columns of a
        SERVQUAL dimension, say). At least 2 respondents and 2 items.
    nan_policy : {"raise", "omit"}, default "raise"
        What to do with NaN answers: raise, or drop every respondent with a NaN answer.

    Returns
    -------
    float
        Alpha, at most 1; higher means more internally consistent. Values of 0.7 or more are
        conventionally read as acceptable for research use (Nunnally 1978). It can be
        negative when items are negatively correlated (a reverse-worded item left unreversed).

    Raises
    ------
    InvalidInputError
        If the respondents' total scores do not vary (alpha is undefined), no respondent is
        complete, or ``nan_policy`` is unknown.
    NonFiniteError
        If an answer is infinite, or NaN under ``nan_policy="raise"``.
    ShapeMismatchError
        If ``answers`` is not two-dimensional with at least 2 respondents and 2 items (after
        dropping incomplete respondents).

    Notes
    -----
    For :math:`k` items with variances :math:`\sigma_i^2` and total score variance
    :math:`\sigma_X^2`,

    .. math::

        \alpha = \frac{k}{k - 1}\left(1 - \frac{\sum_i \sigma_i^2}{\sigma_X^2}\right).

    References
    ----------
    - Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
      *Psychometrika*, 16(3), 297–334.
    - Nunnally, J. C. (1978). *Psychometric Theory* (2nd ed.). McGraw-Hill.

    Examples
    --------
    >>> from servicemetrics.surveys import cronbach_alpha
    >>> round(cronbach_alpha([[2, 3, 3], [4, 4, 5], [3, 3, 4], [5, 4, 5]]), 6)
    0.923077
    """
    matrix = as_float_array(answers, "answers", allow_nan=True)
    if matrix.ndim != 2 or matrix.size == 0:
        raise ShapeMismatchError(
            "answers", "must be two-dimensional (respondents by items)", shape_of(matrix)
        )
    keep, _ = _omit_rows([matrix], nan_policy, "answers")
    matrix = matrix[keep]
    if matrix.shape[0] < 2 or matrix.shape[1] < 2:
        raise ShapeMismatchError(
            "answers", "must have at least 2 complete respondents and 2 items", shape_of(matrix)
        )
    total_variance = float(matrix.sum(axis=1).var(ddof=1))
    if total_variance == 0.0:
        raise InvalidInputError(
            "answers", "must have total scores that vary across respondents (alpha is 0/0)"
        )
    k = matrix.shape[1]
    item_variance = float(matrix.var(axis=0, ddof=1).sum())
    return float(k / (k - 1) * (1.0 - item_variance / total_variance))
