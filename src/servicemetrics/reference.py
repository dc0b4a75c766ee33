"""Figures from the field: published rules of thumb as cited, graded ranges.

Customer-service writing repeats a handful of numbers: acquiring a customer costs five times
as much as keeping one, an unhappy customer tells nine to fifteen people, only one in ten
dissatisfied customers complains, twenty percent of customers bring eighty percent of sales.
Some of these come from measurement, some from a single old survey retold many times, and
some from nowhere that anyone can trace. This module keeps each of them as data: a
:class:`ReferenceFigure` with a low, typical and high value, the claim as it is usually
quoted, what the evidence actually supports, the full source and a :class:`Grade`.

The figures describe; they never decide. No function in the library uses one of them as a
silent default: where a metric needs a rate or a ratio, the caller passes it, and these
figures are there to choose it knowingly and to compare a measured value with the field.

Every figure is listed in :data:`FIGURES` and can be looked up by name with :func:`figure`.
The buy-again rates by complaint outcome form a small table of their own,
:data:`REPURCHASE_BY_COMPLAINT_OUTCOME`.

Examples
--------
>>> from servicemetrics import reference
>>> reference.ACQUISITION_RETENTION_COST_RATIO.grade
<Grade.FOLKLORE: 'folklore'>
>>> reference.ACQUISITION_RETENTION_COST_RATIO.compare(3.1)
'Your value is 3.1, within the reference range 1–25 (typical 5; folklore: Gallo, HBR 2014)'
>>> reference.figure("top_20_percent_share").typical
0.67
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Final, Generic, TypeVar, overload

import attrs
import numpy as np
import numpy.typing as npt
from scipy import special, stats

from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array
from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    FloatOrArray,
    InvalidInputError,
    ShapeMismatchError,
    as_float_array,
    check_broadcastable,
    check_choice,
    check_integer,
    check_range,
    raise_at,
    wrap_output,
)

__all__ = [
    "ACQUISITION_COST_VALUE_ELASTICITY",
    "ACQUISITION_RETENTION_COST_RATIO",
    "COMPLAINT_RATE",
    "DEFECTION_PROFIT_IMPACT",
    "FIGURES",
    "LOW_EFFORT_REPURCHASE",
    "LOYAL_CUSTOMER_VALUE_MULTIPLE",
    "MARGIN_VALUE_ELASTICITY",
    "POSITIVE_TO_NEGATIVE_WOM_RATIO",
    "REPURCHASE_BY_COMPLAINT_OUTCOME",
    "RESOLVED_COMPLAINANT_TELLS",
    "RETENTION_VALUE_ELASTICITY",
    "REWARDED_REFERRAL_MULTIPLE",
    "SERVICE_RECOVERY_UPLIFT",
    "TOP_20_PERCENT_SHARE",
    "UNHAPPY_CUSTOMER_TELLS",
    "Grade",
    "LognormalFigure",
    "NegativeBinomialFigure",
    "ReferenceFigure",
    "RepurchaseRates",
    "figure",
]

_DASH: Final = "\N{EN DASH}"
_LOSS_SIZES: Final = ("large", "small")


class Grade(enum.Enum):
    """How far the published evidence supports a reference figure.

    Examples
    --------
    >>> Grade("firm")
    <Grade.FIRM: 'firm'>
    >>> [grade.value for grade in Grade]
    ['firm', 'illustrative', 'folklore']
    """

    FIRM = "firm"
    """Measured in peer-reviewed work across several firms, categories or studies."""

    ILLUSTRATIVE = "illustrative"
    """Traceable to a named source, but to one survey, case examples, stated intentions or a
    secondhand retelling: good for orders of magnitude, not for planning."""

    FOLKLORE = "folklore"
    """Widely repeated without a primary source that supports the quoted number."""


def _to_float(value: float) -> float:
    """Turn a real number into ``float``; anything else is left for the validator to reject."""
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return float(value)
    return value


def _finite_number(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, float):
        raise InvalidInputError(attribute.name, "must be a real number", value)
    as_float_array(value, attribute.name)


def _positive_number(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    _finite_number(instance, attribute, value)
    check_range(np.asarray(value, dtype=np.float64), attribute.name, low=0, low_inclusive=False)


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(attribute.name, "must be a non-empty string", value)


def _to_grade(value: Grade | str) -> Grade:
    """Accept a :class:`Grade` or its string value."""
    if isinstance(value, Grade):
        return value
    return Grade(check_choice(value, "grade", [grade.value for grade in Grade]))


def _format_number(value: float) -> str:
    return f"{value:.4g}"


@attrs.frozen(repr=False)
class NegativeBinomialFigure(ResultModel):
    """A count of people, modelled as negative binomial by its mean and dispersion.

    Word-of-mouth surveys report an average number of people told together with the share
    who tell many more; a negative binomial (a Poisson count whose rate varies across
    customers as a gamma distribution) carries both. Its variance is ``mean + mean**2 /
    dispersion``: the smaller the dispersion, the heavier the tail.

    Parameters
    ----------
    mean : float
        Expected count, > 0.
    dispersion : float
        The gamma shape ``k``, > 0 (``k → ∞`` gives a Poisson count).

    Raises
    ------
    OutOfRangeError
        If ``mean`` or ``dispersion`` is not positive.

    References
    ----------
    M. Greenwood and G. U. Yule, "An inquiry into the nature of frequency distributions
    representative of multiple happenings", Journal of the Royal Statistical Society 83(2),
    255-279, 1920 (the gamma mixture of Poisson counts). SciPy's ``scipy.stats.nbinom`` with
    ``n = dispersion`` and ``p = dispersion / (dispersion + mean)``.

    Examples
    --------
    >>> tells = NegativeBinomialFigure(mean=10.0, dispersion=1.1)
    >>> round(tells.sf(20), 3)
    0.131
    >>> tells.variance
    100.9090...
    """

    mean: float = attrs.field(converter=_to_float, validator=_positive_number)
    dispersion: float = attrs.field(converter=_to_float, validator=_positive_number)

    _html_title: ClassVar[str | None] = "Negative binomial figure"

    @property
    def variance(self) -> float:
        """Variance of the count, ``mean + mean**2 / dispersion``."""
        return self.mean + self.mean**2 / self.dispersion

    def _success_probability(self) -> float:
        return self.dispersion / (self.dispersion + self.mean)

    def pmf(self, n: ArrayLike) -> FloatOrArray:
        """Probability of exactly ``n``.

        Parameters
        ----------
        n : array-like of whole numbers
            Counts.

        Returns
        -------
        float or numpy.ndarray
            ``P(X = n)``, broadcast like ``n`` (0 for negative ``n``).

        Raises
        ------
        InvalidInputError
            If a count is not a whole number.

        Examples
        --------
        >>> NegativeBinomialFigure(mean=2.0, dispersion=1.0).pmf([0, 1])
        array([0.333333, 0.222222])
        """
        counts = check_integer(as_float_array(n, "n"), "n")
        probability = stats.nbinom.pmf(counts, self.dispersion, self._success_probability())
        return wrap_output(np.asarray(probability, dtype=np.float64), n)

    def sf(self, n: ArrayLike) -> FloatOrArray:
        """Probability of more than ``n``, ``P(X > n)``.

        Parameters
        ----------
        n : array-like of whole numbers
            Counts.

        Returns
        -------
        float or numpy.ndarray
            ``P(X > n)``, broadcast like ``n`` (1 for negative ``n``).

        Raises
        ------
        InvalidInputError
            If a count is not a whole number.

        Examples
        --------
        >>> UNHAPPY_CUSTOMER_TELLS.distribution.sf([10, 20])
        array([0.36, 0.13])
        """
        counts = check_integer(as_float_array(n, "n"), "n")
        probability = stats.nbinom.sf(counts, self.dispersion, self._success_probability())
        return wrap_output(np.asarray(probability, dtype=np.float64), n)


@attrs.frozen(repr=False)
class LognormalFigure(ResultModel):
    """A positive quantity, modelled as lognormal by its median and a central interval.

    Rules of thumb such as "5 to 25 times" are best read as a spread of beliefs, not a
    fact. A lognormal pinned by its median and the central ``coverage`` interval
    ``[low, high]`` turns such a range into a distribution; the interval must be symmetric
    on the log scale, so ``median`` is the geometric mean of ``low`` and ``high``.

    Parameters
    ----------
    median : float
        The median, > 0.
    low, high : float
        The central interval, ``0 < low < median < high``.
    coverage : float
        Probability inside ``[low, high]``, in (0, 1).

    Raises
    ------
    OutOfRangeError
        If a value lies outside its range or the bounds are out of order.
    InvalidInputError
        If ``median`` is not the geometric mean of ``low`` and ``high``.

    References
    ----------
    J. Aitchison and J. A. C. Brown, The Lognormal Distribution, Cambridge University Press,
    1957: ``log X`` is normal with mean ``log(median)`` and standard deviation ``sigma``.

    Examples
    --------
    >>> ratio = LognormalFigure(median=5.0, low=1.0, high=25.0, coverage=0.9)
    >>> round(ratio.sigma, 4)
    0.9785
    >>> ratio.ppf([0.05, 0.5, 0.95])
    array([ 1.,  5., 25.])
    >>> LognormalFigure(median=4.0, low=1.0, high=25.0, coverage=0.9)
    Traceback (most recent call last):
    ...
    servicemetrics._validation.InvalidInputError: median must be the geometric mean of low and high (5) for a lognormal interval; got 4.0
    """

    median: float = attrs.field(converter=_to_float, validator=_positive_number)
    low: float = attrs.field(converter=_to_float, validator=_positive_number)
    high: float = attrs.field(converter=_to_float, validator=_positive_number)
    coverage: float = attrs.field(converter=_to_float, validator=_finite_number)

    _html_title: ClassVar[str | None] = "Lognormal figure"

    def __attrs_post_init__(self) -> None:
        check_range(
            np.asarray(self.coverage),
            "coverage",
            low=0,
            high=1,
            low_inclusive=False,
            high_inclusive=False,
        )
        check_range(np.asarray(self.median), "median", low=self.low, low_inclusive=False)
        check_range(np.asarray(self.high), "high", low=self.median, low_inclusive=False)
        geometric_mean = math.sqrt(self.low * self.high)
        if not math.isclose(self.median, geometric_mean, rel_tol=1e-9):
            raise InvalidInputError(
                "median",
                "must be the geometric mean of low and high "
                f"({_format_number(geometric_mean)}) for a lognormal interval",
                self.median,
            )

    @property
    def sigma(self) -> float:
        """Standard deviation of ``log X``, from the interval and its coverage."""
        z = float(special.ndtri(0.5 + self.coverage / 2.0))
        return math.log(self.high / self.low) / (2.0 * z)

    def ppf(self, q: ArrayLike) -> FloatOrArray:
        """Quantile function: the value below which a share ``q`` of the distribution lies.

        Parameters
        ----------
        q : array-like
            Probabilities in [0, 1].

        Returns
        -------
        float or numpy.ndarray
            Quantiles, broadcast like ``q`` (0 at ``q = 0``, infinity at ``q = 1``).

        Raises
        ------
        OutOfRangeError
            If a probability lies outside [0, 1].

        Examples
        --------
        >>> ACQUISITION_RETENTION_COST_RATIO.distribution.ppf(0.5)
        5.0
        """
        probabilities = check_range(as_float_array(q, "q"), "q", low=0, high=1)
        quantiles = self.median * np.exp(self.sigma * special.ndtri(probabilities))
        return wrap_output(quantiles, q)

    def cdf(self, x: ArrayLike) -> FloatOrArray:
        """Probability of a value at or below ``x``.

        Parameters
        ----------
        x : array-like
            Non-negative values.

        Returns
        -------
        float or numpy.ndarray
            ``P(X <= x)``, broadcast like ``x``.

        Raises
        ------
        OutOfRangeError
            If a value is negative.

        Examples
        --------
        >>> ACQUISITION_RETENTION_COST_RATIO.distribution.cdf([1.0, 5.0, 25.0])
        array([0.05, 0.5 , 0.95])
        """
        values = check_range(as_float_array(x, "x"), "x", low=0)
        # log(0) is -inf on purpose: the normal cdf maps it to probability 0.
        with np.errstate(divide="ignore"):
            standardised = np.log(values / self.median) / self.sigma
        return wrap_output(special.ndtr(standardised), x)


def _check_distribution(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, (NegativeBinomialFigure, LognormalFigure)):
        raise InvalidInputError(
            attribute.name, "must be a NegativeBinomialFigure, a LognormalFigure or None", value
        )


_DistributionT = TypeVar(
    "_DistributionT", bound="NegativeBinomialFigure | LognormalFigure | None", covariant=True
)


@attrs.frozen(repr=False)
class ReferenceFigure(ResultModel, Generic[_DistributionT]):
    """A published rule of thumb: the quoted claim, a cited range and a grade.

    Parameters
    ----------
    name : str
        Registry key, the lower-case form of the module constant
        (``"unhappy_customer_tells"``).
    claim : str
        The figure as it is commonly quoted.
    low, typical, high : float
        The reference range and its central value, ``low <= typical <= high``. Where the
        evidence gives a single number, all three are equal.
    unit : str
        What the numbers count: ``"people"``, ``"share"`` (a fraction in [0, 1]),
        ``"ratio"``, ``"multiple"`` or ``"elasticity"``.
    grade : Grade or str
        How far the evidence supports the range.
    source : str
        Full citation, or a statement that no primary source was found.
    short_source : str
        A short form of the source for one-line comparisons.
    evidence : str
        What the evidence actually supports, in a few sentences.
    distribution : NegativeBinomialFigure, LognormalFigure or None
        A distribution consistent with the figure where one is documented, else ``None``.
        The figure's type records which (``ReferenceFigure[NegativeBinomialFigure]``), so
        type checkers know what ``figure.distribution`` holds.

    Raises
    ------
    InvalidInputError
        If a text field is empty, a number is not real or the grade is unknown.
    NonFiniteError
        If a number is NaN or infinite.
    OutOfRangeError
        If ``low <= typical <= high`` does not hold.

    References
    ----------
    Each figure's own ``source``; the grading follows the project's reference notes on
    figures from the field.

    Examples
    --------
    >>> fig = UNHAPPY_CUSTOMER_TELLS
    >>> (fig.low, fig.typical, fig.high, fig.unit, fig.grade.value)
    (9.0, 10.0, 15.0, 'people', 'illustrative')
    >>> fig.contains([3, 12])
    array([False,  True])

    A figure is a value: derive a variant for your own setting instead of changing it.

    >>> import attrs
    >>> ours = attrs.evolve(COMPLAINT_RATE, typical=0.2)
    >>> ours.typical, COMPLAINT_RATE.typical
    (0.2, 0.1)
    >>> attrs.evolve(COMPLAINT_RATE, typical=0.9)
    Traceback (most recent call last):
    ...
    servicemetrics._validation.OutOfRangeError: typical must be in [0.04, 0.5]; got 0.9
    """

    name: str = attrs.field(validator=_text)
    claim: str = attrs.field(validator=_text)
    low: float = attrs.field(converter=_to_float, validator=_finite_number)
    typical: float = attrs.field(converter=_to_float, validator=_finite_number)
    high: float = attrs.field(converter=_to_float, validator=_finite_number)
    unit: str = attrs.field(validator=_text)
    grade: Grade = attrs.field(converter=_to_grade)
    source: str = attrs.field(validator=_text)
    short_source: str = attrs.field(validator=_text)
    evidence: str = attrs.field(validator=_text)
    distribution: _DistributionT = attrs.field(validator=_check_distribution)

    _html_title: ClassVar[str | None] = "Reference figure"

    def __attrs_post_init__(self) -> None:
        check_range(np.asarray(self.high), "high", low=self.low)
        check_range(np.asarray(self.typical), "typical", low=self.low, high=self.high)

    @overload
    def contains(self, value: float) -> bool: ...
    @overload
    def contains(self, value: ArrayLike) -> bool | npt.NDArray[np.bool_]: ...
    def contains(self, value: ArrayLike) -> bool | npt.NDArray[np.bool_]:
        """Whether values lie in the reference range ``[low, high]``.

        Parameters
        ----------
        value : array-like
            Values in the figure's unit.

        Returns
        -------
        bool or numpy.ndarray of bool
            ``bool`` for a scalar, a boolean array of the input's shape otherwise.

        Raises
        ------
        NonFiniteError
            If a value is NaN or infinite.

        Examples
        --------
        >>> TOP_20_PERCENT_SHARE.contains(0.8)
        False
        >>> TOP_20_PERCENT_SHARE.contains([0.6, 0.7, 0.8])
        array([ True,  True, False])
        """
        values = as_float_array(value, "value")
        inside = (values >= self.low) & (values <= self.high)
        if inside.ndim == 0:
            return bool(inside)
        return inside

    @overload
    def compare(self, value: float) -> str: ...
    @overload
    def compare(self, value: ArrayLike) -> str | npt.NDArray[np.str_]: ...
    def compare(self, value: ArrayLike) -> str | npt.NDArray[np.str_]:
        """Place values against the reference range in a sentence that names the source.

        Parameters
        ----------
        value : array-like
            Values in the figure's unit, such as your own measured rate.

        Returns
        -------
        str or numpy.ndarray of str
            One sentence for a scalar, an array of sentences of the input's shape otherwise.

        Raises
        ------
        NonFiniteError
            If a value is NaN or infinite.

        Examples
        --------
        >>> UNHAPPY_CUSTOMER_TELLS.compare(3.1)
        'Your value is 3.1, below the reference range 9–15 (typical 10; illustrative: TARP 1979–1986, retold by Albrecht & Zemke 1985)'
        >>> LOW_EFFORT_REPURCHASE.compare([0.94, 0.97])
        array(['Your value is 0.94, at the reference value 0.94 (illustrative: Dixon, Freeman & Toman, HBR 2010)',
               'Your value is 0.97, above the reference value 0.94 (illustrative: Dixon, Freeman & Toman, HBR 2010)'],
              dtype='<U...')
        """
        values = as_float_array(value, "value")
        # Sentences are text, so they are built one element at a time.
        sentences = [self._sentence(float(v)) for v in values.ravel()]
        if values.ndim == 0:
            return sentences[0]
        return np.array(sentences, dtype=np.str_).reshape(values.shape)

    def _sentence(self, value: float) -> str:
        label = f"{self.grade.value}: {self.short_source}"
        if self.low == self.high:
            position = "below" if value < self.low else "above" if value > self.high else "at"
            return (
                f"Your value is {_format_number(value)}, {position} the reference value "
                f"{_format_number(self.typical)} ({label})"
            )
        position = "below" if value < self.low else "above" if value > self.high else "within"
        span = f"{_format_number(self.low)}{_DASH}{_format_number(self.high)}"
        return (
            f"Your value is {_format_number(value)}, {position} the reference range {span} "
            f"(typical {_format_number(self.typical)}; {label})"
        )


def _check_outcomes(
    instance: RepurchaseRates, attribute: attrs.Attribute[Any], value: Any
) -> None:
    if (
        not isinstance(value, tuple)
        or not value
        or not all(isinstance(item, str) and item for item in value)
    ):
        raise InvalidInputError(attribute.name, "must be a non-empty tuple of labels", value)
    if len(set(value)) != len(value):
        raise InvalidInputError(attribute.name, "must not repeat a label", value)


def _check_rates(
    instance: RepurchaseRates, attribute: attrs.Attribute[Any], value: npt.NDArray[Any]
) -> None:
    rates = as_float_array(value, attribute.name)
    if rates.shape != (len(instance.outcomes),):
        raise ShapeMismatchError(
            attribute.name, f"must hold one rate per outcome ({len(instance.outcomes)})", rates
        )
    check_range(rates, attribute.name, low=0, high=1)


def _label_index(labels: ArrayLike, name: str, choices: tuple[str, ...]) -> npt.NDArray[np.intp]:
    """Positions of string labels in ``choices``, with the first unknown label reported."""
    # Object dtype compares any input (numpy or pandas strings, numbers) without a cast.
    array = np.asarray(labels, dtype=object)
    rule = "must be one of " + ", ".join(repr(choice) for choice in choices)
    matches = np.asarray(array[..., np.newaxis] == np.asarray(choices, dtype=object), dtype=bool)
    known: npt.NDArray[np.bool_] = np.asarray(matches.any(axis=-1), dtype=bool)
    if not known.all():
        raise_at(InvalidInputError, name, rule, array, ~known)
    return np.asarray(matches.argmax(axis=-1), dtype=np.intp)


@attrs.frozen(repr=False)
class RepurchaseRates(ResultModel):
    """Buy-again rates by what happened to a customer's problem, for large and small losses.

    Parameters
    ----------
    name : str
        Identifier of the table.
    claim : str
        The finding as it is commonly quoted.
    outcomes : tuple of str
        Labels of the outcomes, in the order of the rate arrays.
    large_loss, small_loss : array-like of shape (n_outcomes,)
        Share of customers who would buy again, in [0, 1], after a problem with a large or a
        small loss.
    grade : Grade or str
        How far the evidence supports the rates.
    source, short_source, evidence : str
        As for :class:`ReferenceFigure`.

    Raises
    ------
    InvalidInputError
        If a label repeats or a text field is empty.
    ShapeMismatchError
        If a rate array does not hold one rate per outcome.
    OutOfRangeError
        If a rate lies outside [0, 1].

    References
    ----------
    Technical Assistance Research Programs (TARP) for the US Office of Consumer Affairs,
    Consumer Complaint Handling in America (1979; update study 1986), as retold by
    K. Albrecht and R. Zemke, Service America!, Dow Jones-Irwin, 1985.

    Examples
    --------
    >>> table = REPURCHASE_BY_COMPLAINT_OUTCOME
    >>> table.outcomes
    ('no_complaint', 'unresolved', 'resolved', 'resolved_quickly')
    >>> table.rate("resolved_quickly", "large")
    0.82
    """

    name: str = attrs.field(validator=_text)
    claim: str = attrs.field(validator=_text)
    outcomes: tuple[str, ...] = attrs.field(validator=_check_outcomes)
    large_loss: FloatArray = attrs.field(
        converter=frozen_array, eq=ARRAY_EQ, validator=_check_rates
    )
    small_loss: FloatArray = attrs.field(
        converter=frozen_array, eq=ARRAY_EQ, validator=_check_rates
    )
    grade: Grade = attrs.field(converter=_to_grade)
    source: str = attrs.field(validator=_text)
    short_source: str = attrs.field(validator=_text)
    evidence: str = attrs.field(validator=_text)

    _html_title: ClassVar[str | None] = "Buy-again rates by complaint outcome"

    def rate(self, outcome: ArrayLike, loss: ArrayLike) -> FloatOrArray:
        """Buy-again rate for an outcome and a loss size.

        Parameters
        ----------
        outcome : str or array-like of str
            Labels from :attr:`outcomes`.
        loss : str or array-like of str
            ``"large"`` or ``"small"``; broadcast against ``outcome``.

        Returns
        -------
        float or numpy.ndarray
            Share of customers who would buy again, broadcast over the labels.

        Raises
        ------
        InvalidInputError
            If a label is unknown (naming the first one and its index).
        ShapeMismatchError
            If the label arrays cannot be broadcast together.

        Examples
        --------
        >>> table = REPURCHASE_BY_COMPLAINT_OUTCOME
        >>> table.rate(["no_complaint", "resolved"], "small")
        array([0.37, 0.7 ])
        >>> table.rate("ignored", "small")
        Traceback (most recent call last):
        ...
        servicemetrics._validation.InvalidInputError: outcome must be one of 'no_complaint', 'unresolved', 'resolved', 'resolved_quickly'; got 'ignored'
        """
        row = _label_index(outcome, "outcome", self.outcomes)
        column = _label_index(loss, "loss", _LOSS_SIZES)
        check_broadcastable({"outcome": row.astype(np.float64), "loss": column.astype(np.float64)})
        table = np.stack([self.large_loss, self.small_loss], axis=-1)
        return wrap_output(np.asarray(table[row, column], dtype=np.float64), outcome, loss)


_TARP_SOURCE: Final = (
    "Technical Assistance Research Programs (TARP), Consumer Complaint Handling in America, "
    "studies for the US Office of Consumer Affairs (final report 1979; update study 1986), "
    "as retold by K. Albrecht and R. Zemke, Service America! Doing Business in the New "
    "Economy, Dow Jones-Irwin, 1985, and by TARP's J. Goodman."
)
_TARP_SHORT: Final = f"TARP 1979{_DASH}1986, retold by Albrecht & Zemke 1985"

_GUPTA_SOURCE: Final = (
    "S. Gupta, D. R. Lehmann and J. A. Stuart, 'Valuing Customers', Journal of Marketing "
    "Research 41(1), 7-18, 2004. The ranges across firms are stated in the abstract of the "
    "working-paper version (Columbia Business School)."
)
_GUPTA_SHORT: Final = "Gupta, Lehmann & Stuart, JMR 2004"

_NO_SOURCE: Final = (
    "No primary source found: the figure circulates in trade articles and slide decks "
    "without a traceable study."
)
_NO_SOURCE_SHORT: Final = "no primary source found"


UNHAPPY_CUSTOMER_TELLS: Final = ReferenceFigure(
    name="unhappy_customer_tells",
    claim=(
        "An unhappy customer tells 9 to 15 people (or 'about 10'), and about 13% tell more "
        "than 20."
    ),
    low=9.0,
    typical=10.0,
    high=15.0,
    unit="people",
    grade=Grade.ILLUSTRATIVE,
    source=_TARP_SOURCE,
    short_source=_TARP_SHORT,
    evidence=(
        "The retellings of the TARP surveys say that a customer with an unresolved problem "
        "tells 9 or 10 others and that 13% tell more than 20; 9 to 15 is how the figure is "
        "usually quoted. A negative binomial count with mean 10 and dispersion 1.1 matches "
        "the average and the 13% tail at once."
    ),
    distribution=NegativeBinomialFigure(mean=10.0, dispersion=1.1),
)
"""How many people an unhappy customer tells, 9 to 15 and typically 10 (illustrative).

:meta hide-value:

The range comes with a distribution, :class:`NegativeBinomialFigure` with mean 10 and
dispersion 1.1, under which ``P(X > 20) ≈ 0.13``, the "13% tell more than 20" of the same
surveys. Use it where a calculation needs the spread of the count, not only its average.

References
----------
TARP, Consumer Complaint Handling in America (US Office of Consumer Affairs, 1979 and 1986),
as retold by K. Albrecht and R. Zemke, Service America!, Dow Jones-Irwin, 1985.

Examples
--------
>>> UNHAPPY_CUSTOMER_TELLS.typical
10.0
>>> round(UNHAPPY_CUSTOMER_TELLS.distribution.sf(20), 2)
0.13
"""

RESOLVED_COMPLAINANT_TELLS: Final = ReferenceFigure(
    name="resolved_complainant_tells",
    claim="A customer whose complaint was resolved tells 4 to 6 people.",
    low=4.0,
    typical=5.0,
    high=6.0,
    unit="people",
    grade=Grade.ILLUSTRATIVE,
    source=_TARP_SOURCE,
    short_source=_TARP_SHORT,
    evidence=(
        "The same retellings put the number told by a customer whose complaint was resolved "
        "at about 5, half of what an unhappy customer tells; 4 to 6 is the usual spread "
        "quoted around it."
    ),
    distribution=None,
)
"""How many people a customer tells after a resolved complaint, 4 to 6 and typically 5.

:meta hide-value:

Graded illustrative: one programme of surveys from the late 1970s and 1980s, known through
retellings.

References
----------
TARP, Consumer Complaint Handling in America (US Office of Consumer Affairs, 1979 and 1986),
as retold by K. Albrecht and R. Zemke, Service America!, Dow Jones-Irwin, 1985.

Examples
--------
>>> RESOLVED_COMPLAINANT_TELLS.typical / UNHAPPY_CUSTOMER_TELLS.typical
0.5
"""

COMPLAINT_RATE: Final = ReferenceFigure(
    name="complaint_rate",
    claim="Only 1 in 10 dissatisfied customers complains.",
    low=0.04,
    typical=0.10,
    high=0.5,
    unit="share",
    grade=Grade.FOLKLORE,
    source=_TARP_SOURCE,
    short_source="TARP retellings, none giving '1 in 10'",
    evidence=(
        "The TARP retellings say that about 4% of dissatisfied customers complain to "
        "management (for every complaint, 26 customers stay silent: 1 in 27) and that about "
        "half mention the problem to front-line staff, where it often goes unrecorded. No "
        "primary figure says 1 in 10; it lies between the two. The values are presets: 0.04 "
        "for complaints that reach management, 0.5 for problems voiced to anyone at the "
        "company, 0.10 as commonly quoted."
    ),
    distribution=None,
)
"""Share of dissatisfied customers who complain, with presets 0.04, 0.10 and 0.5 (folklore).

:meta hide-value:

Choose the preset that matches what you count: complaints recorded by management
(``low``, 0.04), the quoted figure (``typical``, 0.10) or any mention to staff (``high``,
0.5). Dividing a complaint count by this share estimates the dissatisfied customers behind
it, so the choice changes that estimate more than twelvefold.

References
----------
TARP, Consumer Complaint Handling in America (US Office of Consumer Affairs, 1979 and 1986),
as retold by K. Albrecht and R. Zemke, Service America!, Dow Jones-Irwin, 1985.

Examples
--------
>>> COMPLAINT_RATE.low, COMPLAINT_RATE.typical, COMPLAINT_RATE.high
(0.04, 0.1, 0.5)
>>> round(1 / 27, 2)  # one complaint for every 26 silent customers
0.04
"""

ACQUISITION_RETENTION_COST_RATIO: Final = ReferenceFigure(
    name="acquisition_retention_cost_ratio",
    claim=(
        "Acquiring a new customer costs 5 times (or 5 to 25 times) as much as retaining an "
        "existing one."
    ),
    low=1.0,
    typical=5.0,
    high=25.0,
    unit="ratio",
    grade=Grade.FOLKLORE,
    source=(
        "A. Gallo, 'The Value of Keeping the Right Customers', Harvard Business Review "
        "(hbr.org), October 2014, which quotes 5 to 25 times 'depending on which study you "
        "believe' without naming the studies."
    ),
    short_source="Gallo, HBR 2014",
    evidence=(
        "Neither the single 5 nor the 5 to 25 range has a primary study behind it. The "
        "range stored here is a prior, not a measurement: a lognormal with median 5 whose "
        "central 90% runs from 1 (acquisition no dearer than retention) to 25."
    ),
    distribution=LognormalFigure(median=5.0, low=1.0, high=25.0, coverage=0.9),
)
"""Cost of acquiring a customer over that of retaining one, 1 to 25 with median 5 (folklore).

:meta hide-value:

Stored with a :class:`LognormalFigure` (median 5, 90% interval 1 to 25) so that the belief
can be propagated through a calculation instead of a single made-up ratio. Measure your own
acquisition and retention costs where you can.

References
----------
A. Gallo, "The Value of Keeping the Right Customers", Harvard Business Review (hbr.org),
October 2014.

Examples
--------
>>> ACQUISITION_RETENTION_COST_RATIO.distribution.ppf([0.05, 0.95]).round(6)
array([ 1., 25.])
"""

DEFECTION_PROFIT_IMPACT: Final = ReferenceFigure(
    name="defection_profit_impact",
    claim="Cutting customer defections by 5% raises profits by 25% to 95%.",
    low=0.25,
    typical=0.5,
    high=0.95,
    unit="share",
    grade=Grade.ILLUSTRATIVE,
    source=(
        "F. F. Reichheld and W. E. Sasser, 'Zero Defections: Quality Comes to Services', "
        "Harvard Business Review 68(5), 105-111, 1990; the 25% to 95% summary is from "
        "F. F. Reichheld and P. Schefter, 'E-Loyalty: Your Secret Weapon on the Web', "
        "Harvard Business Review 78(4), 2000."
    ),
    short_source="Reichheld & Sasser, HBR 1990; Reichheld & Schefter, HBR 2000",
    evidence=(
        "Reichheld and Sasser report company examples of the profit gain from 5% fewer "
        "defections: 85% in a bank's branch system, 50% in an insurance brokerage, 30% in an "
        "auto-service chain, and 125% at a credit-card issuer that halved a 10% defection "
        "rate. The 25% to 95% range is the summary given ten years later. These are consulting "
        "cases, not a sample; the typical value 0.5 is the middle of the three 1990 examples."
    ),
    distribution=None,
)
"""Profit gain from 5% fewer defections as a share, 0.25 to 0.95 and typically 0.5.

:meta hide-value:

Graded illustrative: consulting case examples. For your own business, compute the effect
of retention on customer value from margins and retention instead.

References
----------
F. F. Reichheld and W. E. Sasser, "Zero Defections: Quality Comes to Services", Harvard
Business Review 68(5), 105-111, 1990. F. F. Reichheld and P. Schefter, "E-Loyalty: Your
Secret Weapon on the Web", Harvard Business Review 78(4), 2000.

Examples
--------
>>> DEFECTION_PROFIT_IMPACT.contains(1.25)  # the credit-card example lies outside
False
"""

RETENTION_VALUE_ELASTICITY: Final = ReferenceFigure(
    name="retention_value_elasticity",
    claim="A 1% improvement in customer retention raises firm value by about 5%.",
    low=3.0,
    typical=5.0,
    high=7.0,
    unit="elasticity",
    grade=Grade.FIRM,
    source=_GUPTA_SOURCE,
    short_source=_GUPTA_SHORT,
    evidence=(
        "Valuing the customer bases of five firms (Amazon, Ameritrade, Capital One, eBay and "
        "E*Trade) from public data, a 1% improvement in retention raises customer value by "
        "3% to 7%, about 5% in the published summary, nearly five times the effect of a 1% "
        "change in the discount rate."
    ),
    distribution=None,
)
"""Percent change in firm value per 1% better retention, 3 to 7 and typically 5 (firm).

:meta hide-value:

The closed-form elasticity of lifetime value to retention, ``(1 + i) / (1 + i - r)``, gives
about 5 at retention ``r = 0.9`` and discount rate ``i = 0.12``, in line with the figure.

References
----------
S. Gupta, D. R. Lehmann and J. A. Stuart, "Valuing Customers", Journal of Marketing
Research 41(1), 7-18, 2004.

Examples
--------
>>> round((1 + 0.12) / (1 + 0.12 - 0.9), 2)
5.09
>>> RETENTION_VALUE_ELASTICITY.contains(5.09)
True
"""

MARGIN_VALUE_ELASTICITY: Final = ReferenceFigure(
    name="margin_value_elasticity",
    claim="A 1% improvement in margin raises firm value by about 1%.",
    low=1.0,
    typical=1.0,
    high=1.0,
    unit="elasticity",
    grade=Grade.FIRM,
    source=_GUPTA_SOURCE,
    short_source=_GUPTA_SHORT,
    evidence=(
        "Margin scales customer value in proportion, so its elasticity is about 1 across the "
        "five firms studied."
    ),
    distribution=None,
)
"""Percent change in firm value per 1% better margin, about 1 (firm).

:meta hide-value:

References
----------
S. Gupta, D. R. Lehmann and J. A. Stuart, "Valuing Customers", Journal of Marketing
Research 41(1), 7-18, 2004.

Examples
--------
>>> RETENTION_VALUE_ELASTICITY.typical / MARGIN_VALUE_ELASTICITY.typical
5.0
"""

ACQUISITION_COST_VALUE_ELASTICITY: Final = ReferenceFigure(
    name="acquisition_cost_value_elasticity",
    claim="A 1% cut in acquisition cost raises firm value by about 0.1%.",
    low=0.02,
    typical=0.1,
    high=0.3,
    unit="elasticity",
    grade=Grade.FIRM,
    source=_GUPTA_SOURCE,
    short_source=_GUPTA_SHORT,
    evidence=(
        "Across the five firms a 1% cut in the cost of acquiring a customer raises customer "
        "value by 0.02% to 0.3%, about 0.1% in the published summary: fifty times less than "
        "the same improvement in retention."
    ),
    distribution=None,
)
"""Percent change in firm value per 1% lower acquisition cost, 0.02 to 0.3 (firm).

:meta hide-value:

References
----------
S. Gupta, D. R. Lehmann and J. A. Stuart, "Valuing Customers", Journal of Marketing
Research 41(1), 7-18, 2004.

Examples
--------
>>> ACQUISITION_COST_VALUE_ELASTICITY.grade.value
'firm'
"""

TOP_20_PERCENT_SHARE: Final = ReferenceFigure(
    name="top_20_percent_share",
    claim=(
        "The top 20% of customers give 59-73% of turnover, about two thirds; the '80/20 rule' "
        "that quotes 80% is folklore."
    ),
    low=0.59,
    typical=0.67,
    high=0.73,
    unit="share",
    grade=Grade.FIRM,
    source=(
        "B. J. Kim, V. Singh and R. S. Winer, 'The Pareto rule for frequently purchased "
        "packaged goods: an empirical generalization', Marketing Letters 28(4), 491-507, "
        "2017; D. McCarthy and R. S. Winer, 'The Pareto rule in marketing revisited: is it "
        "80/20 or 70/20?', Marketing Letters, 2019; B. Sharp, J. Romaniuk and C. Graham, "
        "'Marketing's 60/20 Pareto Law', Ehrenberg-Bass Institute report, 2019."
    ),
    short_source="Kim, Singh & Winer 2017; McCarthy & Winer 2019",
    evidence=(
        "Measured shares of sales from the top 20% of customers fall short of 80%: 0.73 on "
        "average across 22 packaged-goods categories (brand level, a Nielsen panel of over "
        "100,000 households), 0.67 across 339 publicly traded companies outside packaged "
        "goods and 0.59 for subscription businesses among them; Ehrenberg-Bass reports put "
        "brands near 0.6. The measured range is firm; the 0.8 of the rule is folklore."
    ),
    distribution=None,
)
"""Share of sales from the top 20% of customers, 0.59 to 0.73 and typically 0.67 (firm).

:meta hide-value:

The graded range is the measured one; the quoted 0.8 lies above all of it.

References
----------
B. J. Kim, V. Singh and R. S. Winer, Marketing Letters 28(4), 491-507, 2017. D. McCarthy and
R. S. Winer, Marketing Letters, 2019. B. Sharp, J. Romaniuk and C. Graham, Ehrenberg-Bass
Institute, 2019.

Examples
--------
>>> TOP_20_PERCENT_SHARE.contains(0.8)
False
"""

LOW_EFFORT_REPURCHASE: Final = ReferenceFigure(
    name="low_effort_repurchase",
    claim="94% of customers whose problem was resolved with low effort would buy again.",
    low=0.94,
    typical=0.94,
    high=0.94,
    unit="share",
    grade=Grade.ILLUSTRATIVE,
    source=(
        "M. Dixon, K. Freeman and N. Toman, 'Stop Trying to Delight Your Customers', "
        "Harvard Business Review 88(7/8), 116-122, 2010 (a Corporate Executive Board study)."
    ),
    short_source="Dixon, Freeman & Toman, HBR 2010",
    evidence=(
        "From a large proprietary survey of contact-centre and self-service customers. It "
        "measures stated intention to repurchase, not observed repurchase."
    ),
    distribution=None,
)
"""Share of low-effort customers who say they would buy again, 0.94 (illustrative).

:meta hide-value:

References
----------
M. Dixon, K. Freeman and N. Toman, "Stop Trying to Delight Your Customers", Harvard Business
Review 88(7/8), 116-122, 2010.

Examples
--------
>>> LOW_EFFORT_REPURCHASE.typical
0.94
"""

LOYAL_CUSTOMER_VALUE_MULTIPLE: Final = ReferenceFigure(
    name="loyal_customer_value_multiple",
    claim="A loyal customer is worth up to 10 times their first purchase.",
    low=10.0,
    typical=10.0,
    high=10.0,
    unit="multiple",
    grade=Grade.FOLKLORE,
    source=_NO_SOURCE,
    short_source=_NO_SOURCE_SHORT,
    evidence=(
        "No primary source found. 'Up to' gives only a ceiling, so the quoted 10 is stored "
        "as low, typical and high alike. Compute the multiple from your own cohorts instead."
    ),
    distribution=None,
)
"""Lifetime value of a loyal customer over their first purchase, up to 10 (folklore).

:meta hide-value:

References
----------
No primary source found.

Examples
--------
>>> LOYAL_CUSTOMER_VALUE_MULTIPLE.source.startswith("No primary source")
True
"""

REWARDED_REFERRAL_MULTIPLE: Final = ReferenceFigure(
    name="rewarded_referral_multiple",
    claim="Customers who receive a reward are twice as likely to refer others.",
    low=2.0,
    typical=2.0,
    high=2.0,
    unit="multiple",
    grade=Grade.FOLKLORE,
    source=_NO_SOURCE,
    short_source=_NO_SOURCE_SHORT,
    evidence="No primary source found; the quoted 2 is stored as it is.",
    distribution=None,
)
"""How much more likely rewarded customers are to refer others, 2 (folklore).

:meta hide-value:

References
----------
No primary source found.

Examples
--------
>>> REWARDED_REFERRAL_MULTIPLE.grade
<Grade.FOLKLORE: 'folklore'>
"""

SERVICE_RECOVERY_UPLIFT: Final = ReferenceFigure(
    name="service_recovery_uplift",
    claim=(
        "Customers whose problem was put right are more loyal than customers who never had "
        "a problem (the service recovery paradox)."
    ),
    low=0.0,
    typical=0.0,
    high=0.0,
    unit="share",
    grade=Grade.FIRM,
    source=(
        "C. A. de Matos, J. L. Henrique and C. A. V. Rossi, 'Service Recovery Paradox: A "
        "Meta-Analysis', Journal of Service Research 10(1), 60-77, 2007."
    ),
    short_source="de Matos, Henrique & Rossi, JSR 2007",
    evidence=(
        "A meta-analysis finds the paradox significant and positive for satisfaction but "
        "not significant for repurchase intention, word of mouth or corporate image. The "
        "uplift in repurchase or word of mouth over never-failed customers is therefore 0."
    ),
    distribution=None,
)
"""Uplift in repurchase after a good recovery over never having failed, 0 (firm).

:meta hide-value:

Recovering well still beats recovering badly (see :data:`REPURCHASE_BY_COMPLAINT_OUTCOME`);
what the evidence does not support is that a recovered failure beats no failure.

References
----------
C. A. de Matos, J. L. Henrique and C. A. V. Rossi, "Service Recovery Paradox: A
Meta-Analysis", Journal of Service Research 10(1), 60-77, 2007.

Examples
--------
>>> SERVICE_RECOVERY_UPLIFT.typical
0.0
"""

POSITIVE_TO_NEGATIVE_WOM_RATIO: Final = ReferenceFigure(
    name="positive_to_negative_wom_ratio",
    claim="Positive word of mouth outnumbers negative about 3 to 1.",
    low=3.0,
    typical=3.0,
    high=3.0,
    unit="ratio",
    grade=Grade.FIRM,
    source=(
        "R. East, K. Hammond and M. Wright, 'The relative incidence of positive and negative "
        "word of mouth: A multi-category study', International Journal of Research in "
        "Marketing 24(2), 175-184, 2007."
    ),
    short_source="East, Hammond & Wright, IJRM 2007",
    evidence=(
        "Across 15 studies positive word of mouth was more common than negative in every "
        "case, and the incidence ratio averaged 3 to 1; follow-up studies with two other "
        "measures found about the same."
    ),
    distribution=None,
)
"""Incidence of positive over negative word of mouth, about 3 to 1 (firm).

:meta hide-value:

Negative stories travel further per teller (compare :data:`UNHAPPY_CUSTOMER_TELLS`), but
positive ones are told more often.

References
----------
R. East, K. Hammond and M. Wright, "The relative incidence of positive and negative word of
mouth: A multi-category study", International Journal of Research in Marketing 24(2),
175-184, 2007.

Examples
--------
>>> POSITIVE_TO_NEGATIVE_WOM_RATIO.compare(1.5)
'Your value is 1.5, below the reference value 3 (firm: East, Hammond & Wright, IJRM 2007)'
"""

REPURCHASE_BY_COMPLAINT_OUTCOME: Final = RepurchaseRates(
    name="repurchase_by_complaint_outcome",
    claim=(
        "Customers who complain and see the complaint resolved, especially quickly, buy "
        "again far more often than customers who never complain."
    ),
    outcomes=("no_complaint", "unresolved", "resolved", "resolved_quickly"),
    large_loss=[0.09, 0.19, 0.54, 0.82],
    small_loss=[0.37, 0.46, 0.70, 0.95],
    grade=Grade.ILLUSTRATIVE,
    source=_TARP_SOURCE,
    short_source="TARP retellings",
    evidence=(
        "The retellings give buy-again rates by what happened after a problem, for large "
        "and small losses: no complaint 9% and 37%; complained but not resolved 19% and "
        "46%; resolved 54% and 70%; resolved quickly 82% and 95%. They come from surveys of "
        "the late 1970s and 1980s, retold without sample sizes: use them to show the shape "
        "of the effect, not as a forecast."
    ),
)
"""Buy-again rates by complaint outcome and size of loss (illustrative).

:meta hide-value:

Silence is the worst outcome: a customer who never complains is the least likely to buy
again, and a quick resolution recovers most of them.

References
----------
TARP, Consumer Complaint Handling in America (US Office of Consumer Affairs, 1979 and 1986),
as retold by K. Albrecht and R. Zemke, Service America!, Dow Jones-Irwin, 1985.

Examples
--------
>>> REPURCHASE_BY_COMPLAINT_OUTCOME.rate("no_complaint", ["large", "small"])
array([0.09, 0.37])
"""

FIGURES: Final[Mapping[str, ReferenceFigure[NegativeBinomialFigure | LognormalFigure | None]]] = (
    MappingProxyType(
        {
            fig.name: fig
            for fig in (
                UNHAPPY_CUSTOMER_TELLS,
                RESOLVED_COMPLAINANT_TELLS,
                COMPLAINT_RATE,
                ACQUISITION_RETENTION_COST_RATIO,
                DEFECTION_PROFIT_IMPACT,
                RETENTION_VALUE_ELASTICITY,
                MARGIN_VALUE_ELASTICITY,
                ACQUISITION_COST_VALUE_ELASTICITY,
                TOP_20_PERCENT_SHARE,
                LOW_EFFORT_REPURCHASE,
                LOYAL_CUSTOMER_VALUE_MULTIPLE,
                REWARDED_REFERRAL_MULTIPLE,
                SERVICE_RECOVERY_UPLIFT,
                POSITIVE_TO_NEGATIVE_WOM_RATIO,
            )
        }
    )
)
"""Every :class:`ReferenceFigure` in this module, by name (a read-only mapping).

:meta hide-value:

The buy-again table :data:`REPURCHASE_BY_COMPLAINT_OUTCOME` is a different kind of object
and is not listed here.

References
----------
See each figure's ``source``.

Examples
--------
>>> len(FIGURES)
14
>>> sorted(name for name, fig in FIGURES.items() if fig.grade is Grade.FOLKLORE)
['acquisition_retention_cost_ratio', 'complaint_rate', 'loyal_customer_value_multiple', 'rewarded_referral_multiple']
"""


def figure(name: str) -> ReferenceFigure[NegativeBinomialFigure | LognormalFigure | None]:
    """Look up a reference figure by name.

    Parameters
    ----------
    name : str
        A key of :data:`FIGURES`, such as ``"complaint_rate"``.

    Returns
    -------
    ReferenceFigure
        The figure.

    Raises
    ------
    InvalidInputError
        If the name is unknown; the message lists the known names.

    References
    ----------
    See the figure's ``source``.

    Examples
    --------
    >>> figure("complaint_rate").claim
    'Only 1 in 10 dissatisfied customers complains.'
    >>> figure("complaints")
    Traceback (most recent call last):
    ...
    servicemetrics._validation.InvalidInputError: name must be one of 'unhappy_customer_tells', ...; got 'complaints'
    """
    return FIGURES[check_choice(name, "name", tuple(FIGURES))]
