"""How many people one customer tells: a negative binomial (or Poisson) count."""

from __future__ import annotations

import math
from typing import Any, ClassVar, Final

import attrs
import numpy as np
import numpy.typing as npt
from scipy import optimize, stats

from servicemetrics import reference
from servicemetrics._results import ResultModel
from servicemetrics._validation import (
    ArrayLike,
    FloatOrArray,
    InvalidInputError,
    OutOfRangeError,
    as_float_array,
    as_open_unit,
    as_positive,
    check_integer,
    check_range,
    wrap_output,
)
from servicemetrics.word_of_mouth._common import as_generator, as_share, single

__all__ = ["TellingDistribution"]

# Dispersions searched by from_tail: from extreme overdispersion to practically Poisson.
_LOG_DISPERSION_GRID: Final = np.linspace(math.log(1e-4), math.log(1e8), 601)


def _positive(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, float):
        raise InvalidInputError(attribute.name, "must be a real number", value)
    check_range(as_float_array(value, attribute.name), attribute.name, low=0, low_inclusive=False)


def _positive_or_none(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _positive(instance, attribute, value)


def _to_float(value: Any) -> Any:
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return float(value)
    return value


def _to_float_or_none(value: Any) -> Any:
    return None if value is None else _to_float(value)


def _to_grade_or_none(value: Any) -> reference.Grade | None:
    if value is None or isinstance(value, reference.Grade):
        return value
    return reference.Grade(value)


def _counts(n: ArrayLike) -> npt.NDArray[np.float64]:
    return check_integer(as_float_array(n, "n"), "n")


@attrs.frozen(repr=False)
class TellingDistribution(ResultModel):
    r"""How many people one customer tells, as a count distribution.

    A negative binomial with mean :math:`\mu` and dispersion :math:`k` (a Poisson count whose
    rate varies from customer to customer as a gamma distribution), or a Poisson count when
    ``dispersion`` is ``None``. Surveys of word of mouth report an average and a share who
    tell many people; :meth:`from_tail` finds the dispersion that matches both.

    Parameters
    ----------
    mean : float
        Average number of people told, > 0.
    dispersion : float or None
        The gamma shape :math:`k`, > 0; the smaller, the heavier the tail. ``None`` gives a
        Poisson count (the limit :math:`k \to \infty`).
    grade : reference.Grade or str, optional
        How far the evidence supports the figures, for presets built from
        :mod:`servicemetrics.reference`.
    source : str, optional
        Where the figures come from.

    Attributes
    ----------
    mean, dispersion, grade, source
        As given.

    Raises
    ------
    OutOfRangeError
        If ``mean`` or ``dispersion`` is not positive.
    InvalidInputError
        If a number is not real.

    Notes
    -----
    :math:`P(X = n) = \binom{n + k - 1}{n} \left(\frac{k}{k+\mu}\right)^k
    \left(\frac{\mu}{k+\mu}\right)^n`, with variance :math:`\mu + \mu^2/k` and probability
    generating function :math:`G(s) = (1 + \mu(1-s)/k)^{-k}` (Poisson:
    :math:`e^{\mu(s-1)}`).

    References
    ----------
    - Greenwood, M., & Yule, G. U. (1920). An inquiry into the nature of frequency
      distributions representative of multiple happenings. *Journal of the Royal Statistical
      Society*, 83(2), 255–279.
    - Technical Assistance Research Programs (1986). Consumer complaint handling in America:
      an update study. US Office of Consumer Affairs (mean 10, 13% tell more than 20).

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> tells = wom.TellingDistribution(mean=10.0, dispersion=1.1)
    >>> round(tells.sf(20), 3)  # share telling more than 20
    0.131
    >>> tells.ppf([0.5, 0.9])
    array([ 7., 23.])
    >>> wom.TellingDistribution(mean=10.0, dispersion=None).variance  # Poisson
    10.0
    """

    mean: float = attrs.field(converter=_to_float, validator=_positive)
    dispersion: float | None = attrs.field(
        converter=_to_float_or_none, validator=_positive_or_none
    )
    grade: reference.Grade | None = attrs.field(default=None, converter=_to_grade_or_none)
    source: str | None = attrs.field(default=None)

    _html_title: ClassVar[str | None] = "Telling distribution"

    @classmethod
    def from_tail(
        cls,
        mean: float,
        threshold: int,
        share: float,
        *,
        grade: reference.Grade | str | None = None,
        source: str | None = None,
    ) -> TellingDistribution:
        r"""Calibrate a negative binomial to a mean and the share telling more than a threshold.

        Parameters
        ----------
        mean : float
            Average number of people told, > 0.
        threshold : int
            A whole number of people, >= 0.
        share : float
            Share of customers who tell more than ``threshold`` people, in (0, 1).
        grade, source : optional
            Carried over to the result.

        Returns
        -------
        TellingDistribution
            The negative binomial with that mean and :math:`P(X > \text{threshold}) =`
            ``share``. Where two dispersions match (the tail share first rises, then falls
            as the dispersion shrinks), the larger one is returned: the least overdispersed
            count that agrees with both figures.

        Raises
        ------
        OutOfRangeError
            If a value lies outside its range, or if no negative binomial with that mean puts
            ``share`` above the threshold; the message gives the largest share that can be
            reached.

        Notes
        -----
        The dispersion is found by bracketing on a grid of :math:`\log k` and refining with
        :func:`scipy.optimize.brentq` on :math:`P_k(X > t) - \text{share}`. A share below
        the Poisson tail :math:`P(X > t)` of the same mean, with a threshold above the mean,
        is matched only by a very small dispersion: nearly everyone tells nobody and a few
        tell very many. Check ``sf(0)`` of the result before relying on it.

        References
        ----------
        - Technical Assistance Research Programs (1986). Consumer complaint handling in
          America: an update study. US Office of Consumer Affairs.
        - Brent, R. P. (1973). *Algorithms for Minimization without Derivatives*.
          Prentice-Hall, ch. 4.

        Examples
        --------
        >>> from servicemetrics import word_of_mouth as wom
        >>> tells = wom.TellingDistribution.from_tail(10, 20, 0.13)  # "13% tell more than 20"
        >>> round(tells.dispersion, 3)
        1.118
        >>> round(tells.sf(20), 6)
        0.13
        >>> wom.TellingDistribution.from_tail(10, 20, 0.5)
        Traceback (most recent call last):
        ...
        servicemetrics._validation.OutOfRangeError: share must be <= 0.156 (the largest share above threshold 20 that a negative binomial with mean 10 reaches); got 0.5
        """
        mu = single(as_positive(mean, "mean"), "mean")
        t = single(
            check_range(
                check_integer(as_float_array(threshold, "threshold"), "threshold"),
                "threshold",
                low=0,
            ),
            "threshold",
        )
        target = single(as_open_unit(share, "share"), "share")
        grid = _LOG_DISPERSION_GRID

        def tail_gap(log_k: float) -> float:
            k = math.exp(log_k)
            return float(stats.nbinom.sf(t, k, k / (k + mu))) - target

        dispersions = np.exp(grid)
        tails = np.asarray(stats.nbinom.sf(t, dispersions, dispersions / (dispersions + mu)))
        gap = tails - target
        crossings = np.flatnonzero(np.sign(gap[:-1]) != np.sign(gap[1:]))
        if crossings.size:
            i = int(crossings[-1])
            low, high = grid[i], grid[i + 1]
        elif gap.max() < 0.0:
            # The share may still be reached between grid points, next to the largest tail.
            i = int(np.argmax(tails))
            bounds = (float(grid[max(i - 1, 0)]), float(grid[min(i + 1, grid.size - 1)]))
            peak = optimize.minimize_scalar(
                lambda log_k: -tail_gap(log_k),
                bounds=bounds,
                method="bounded",
                options={"xatol": 1e-12},
            )
            peak_gap = -float(peak.fun)
            if peak_gap < 0.0:
                raise OutOfRangeError(
                    "share",
                    f"must be <= {target + peak_gap:.4g} (the largest share above threshold "
                    f"{t:g} that a negative binomial with mean {mu:g} reaches)",
                    target,
                )
            low, high = float(peak.x), bounds[1]
        else:
            raise OutOfRangeError(
                "share",
                f"must be >= {float(tails.min()):.4g} (the smallest share above threshold "
                f"{t:g} that a negative binomial with mean {mu:g} reaches)",
                target,
            )
        log_k = optimize.brentq(tail_gap, low, high, xtol=1e-13)
        return cls(mean=mu, dispersion=math.exp(log_k), grade=grade, source=source)

    @classmethod
    def from_reference(
        cls, figure: reference.ReferenceFigure[Any], *, dispersion: float | None = None
    ) -> TellingDistribution:
        """Build a telling distribution from a figure of :mod:`servicemetrics.reference`.

        Parameters
        ----------
        figure : reference.ReferenceFigure
            A figure counting people told, such as ``reference.UNHAPPY_CUSTOMER_TELLS``.
        dispersion : float, optional
            Used when the figure documents no distribution of its own; ``None`` then gives a
            Poisson count around the figure's typical value.

        Returns
        -------
        TellingDistribution
            The figure's negative binomial if it has one, else its typical value as the mean;
            with the figure's grade and short source.

        Raises
        ------
        InvalidInputError
            If the figure does not count people.

        References
        ----------
        - See the figure's ``source``.

        Examples
        --------
        >>> from servicemetrics import reference, word_of_mouth as wom
        >>> wom.TellingDistribution.from_reference(reference.RESOLVED_COMPLAINANT_TELLS).mean
        5.0
        """
        if figure.unit != "people":
            raise InvalidInputError("figure", "must count people", figure.name)
        documented = figure.distribution
        if isinstance(documented, reference.NegativeBinomialFigure):
            return cls(
                mean=documented.mean,
                dispersion=documented.dispersion,
                grade=figure.grade,
                source=figure.short_source,
            )
        return cls(
            mean=figure.typical,
            dispersion=dispersion,
            grade=figure.grade,
            source=figure.short_source,
        )

    @property
    def variance(self) -> float:
        """Variance of the count, ``mean + mean**2 / dispersion`` (``mean`` for Poisson)."""
        if self.dispersion is None:
            return self.mean
        return self.mean + self.mean**2 / self.dispersion

    def _frozen(self) -> Any:
        if self.dispersion is None:
            return stats.poisson(self.mean)
        k = self.dispersion
        return stats.nbinom(k, k / (k + self.mean))

    def pmf(self, n: ArrayLike) -> FloatOrArray:
        """Probability of telling exactly ``n`` people.

        Parameters
        ----------
        n : array-like of whole numbers
            Counts.

        Returns
        -------
        float or numpy.ndarray
            ``P(X = n)``, shaped like ``n``.

        Raises
        ------
        InvalidInputError
            If a count is not a whole number.

        Examples
        --------
        >>> from servicemetrics import word_of_mouth as wom
        >>> wom.TellingDistribution(mean=2.0, dispersion=1.0).pmf([0, 1])  # 1/3, 2/9
        array([0.33333333, 0.22222222])
        """
        return wrap_output(np.asarray(self._frozen().pmf(_counts(n)), dtype=np.float64), n)

    def sf(self, n: ArrayLike) -> FloatOrArray:
        """Probability of telling more than ``n`` people, ``P(X > n)``.

        Parameters
        ----------
        n : array-like of whole numbers
            Counts.

        Returns
        -------
        float or numpy.ndarray
            ``P(X > n)``, shaped like ``n``.

        Raises
        ------
        InvalidInputError
            If a count is not a whole number.

        Examples
        --------
        >>> from servicemetrics import word_of_mouth as wom
        >>> wom.TellingDistribution(mean=2.0, dispersion=1.0).sf([0, 1])  # 2/3, 4/9
        array([0.66666667, 0.44444444])
        """
        return wrap_output(np.asarray(self._frozen().sf(_counts(n)), dtype=np.float64), n)

    def ppf(self, q: ArrayLike) -> FloatOrArray:
        """Quantile: the smallest count ``n`` with ``P(X <= n) >= q``.

        Parameters
        ----------
        q : array-like
            Probabilities in [0, 1].

        Returns
        -------
        float or numpy.ndarray
            Counts as floats, shaped like ``q`` (``-1`` at ``q = 0`` as in SciPy, infinity at
            ``q = 1``).

        Raises
        ------
        OutOfRangeError
            If a probability lies outside [0, 1].

        Examples
        --------
        >>> from servicemetrics import word_of_mouth as wom
        >>> wom.TellingDistribution(mean=2.0, dispersion=1.0).ppf([0.3, 0.5])
        array([0., 1.])
        """
        probabilities = as_share(q, "q")
        return wrap_output(np.asarray(self._frozen().ppf(probabilities), dtype=np.float64), q)

    def pgf(self, s: ArrayLike) -> FloatOrArray:
        r"""Probability generating function :math:`G(s) = E[s^X]`.

        Parameters
        ----------
        s : array-like
            Arguments in [0, 1].

        Returns
        -------
        float or numpy.ndarray
            :math:`(1 + \mu(1-s)/k)^{-k}`, or :math:`e^{\mu(s-1)}` for a Poisson count;
            :math:`G(0)` is the share who tell nobody.

        Raises
        ------
        OutOfRangeError
            If an argument lies outside [0, 1].

        References
        ----------
        - Greenwood, M., & Yule, G. U. (1920). An inquiry into the nature of frequency
          distributions representative of multiple happenings. *Journal of the Royal
          Statistical Society*, 83(2), 255–279.

        Examples
        --------
        >>> from servicemetrics import word_of_mouth as wom
        >>> wom.TellingDistribution(mean=2.0, dispersion=1.0).pgf([0.0, 1.0])
        array([0.33333333, 1.        ])
        """
        x = as_share(s, "s")
        return wrap_output(_pgf(x, self.mean, self.dispersion), s)

    def sample(
        self, size: int | tuple[int, ...], rng: np.random.Generator | int
    ) -> npt.NDArray[np.int64]:
        """Draw counts of people told, reproducibly.

        Parameters
        ----------
        size : int or tuple of int
            Shape of the sample (one entry per customer, say).
        rng : numpy.random.Generator or int
            The random generator, or a seed for a new one.

        Returns
        -------
        numpy.ndarray of int64
            Independent draws.

        Raises
        ------
        InvalidInputError
            If ``rng`` is neither a generator nor a non-negative seed.

        Examples
        --------
        >>> import numpy as np
        >>> from servicemetrics import word_of_mouth as wom
        >>> counts = wom.UNHAPPY_TELLING.sample(100_000, rng=np.random.default_rng(7))
        >>> counts.shape, bool(abs(counts.mean() - 10) < 0.2)
        ((100000,), True)
        """
        generator = as_generator(rng)
        if self.dispersion is None:
            return generator.poisson(self.mean, size).astype(np.int64)
        k = self.dispersion
        return generator.negative_binomial(k, k / (k + self.mean), size).astype(np.int64)


def _pgf(s: npt.NDArray[np.float64], mean: Any, dispersion: Any) -> npt.NDArray[np.float64]:
    """Offspring pgf, Poisson when ``dispersion`` is None (arrays broadcast)."""
    if dispersion is None:
        return np.asarray(np.exp(mean * (s - 1.0)))
    return np.asarray(np.exp(-dispersion * np.log1p(mean * (1.0 - s) / dispersion)))
