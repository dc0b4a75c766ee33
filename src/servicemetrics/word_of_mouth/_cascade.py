"""Referral cascades as branching processes, and simulated reach."""

from __future__ import annotations

from typing import Any, ClassVar, Final

import attrs
import numpy as np
import numpy.typing as npt

from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array
from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    FloatOrArray,
    InvalidInputError,
    as_float_array,
    as_nonnegative,
    as_positive,
    check_broadcastable,
    check_range,
    raise_at,
    wrap_output,
)
from servicemetrics.word_of_mouth._common import (
    VALUE_EQ,
    as_generator,
    as_share,
    float_or_array,
    single,
    whole_number,
)
from servicemetrics.word_of_mouth._telling import TellingDistribution

__all__ = [
    "CascadeReach",
    "SimulatedCascade",
    "SimulatedReach",
    "cascade_reach",
    "extinction_probability",
    "final_size",
    "simulate_cascade",
    "simulate_reach",
]

_MAX_NEWTON: Final = 200
_MAX_SIMULATED: Final = 1e12


def _dispersion(dispersion: ArrayLike | None) -> FloatArray | None:
    if dispersion is None:
        return None
    return as_positive(dispersion, "dispersion")


def _reproduction(reproduction: ArrayLike) -> FloatArray:
    return as_nonnegative(reproduction, "reproduction")


def _newton(gap: Any, start: FloatArray, what: str) -> FloatArray:
    """Vectorised Newton iteration ``x -= g(x) / g'(x)`` until every element has converged.

    The callers' functions are concave, Newton converges monotonically to a simple root, and
    their terms are of the size of ``x``. An element is done once its residual is at the
    rounding level of those terms (``|g(x)| <= 16 eps |x|``: no further step can improve it)
    or its last step was below ``1e-14 |x|``.
    """
    x = start
    tolerance = 16.0 * np.finfo(np.float64).eps
    for _ in range(_MAX_NEWTON):
        value, slope = gap(x)
        if np.all(np.abs(value) <= tolerance * np.abs(x)):
            return x
        step = np.asarray(value / slope, dtype=np.float64)
        x = np.asarray(x - step, dtype=np.float64)
        if np.all(np.abs(step) <= 1e-14 * np.abs(x)):
            return x
    raise RuntimeError(f"{what} did not converge in {_MAX_NEWTON} Newton steps")


def _survival(reproduction: FloatArray, dispersion: FloatArray | None) -> FloatArray:
    """Probability that a cascade from one seed never dies out, 0 where R <= 1."""
    supercritical = reproduction > 1.0
    r = np.where(supercritical, reproduction, 2.0)

    def gap(u: FloatArray) -> tuple[FloatArray, FloatArray]:
        # g(u) = 1 - G(1 - u) - u is concave with g(0) = 0 and g'(0) = R - 1 > 0, so Newton
        # from u = 1 decreases monotonically to the positive root.
        if dispersion is None:
            exponent = -r * u
            return -np.expm1(exponent) - u, r * np.exp(exponent) - 1.0
        log_base = np.log1p(r * u / dispersion)
        value = -np.expm1(-dispersion * log_base) - u
        slope = r * np.exp(-(dispersion + 1.0) * log_base) - 1.0
        return value, slope

    shape = np.broadcast_shapes(r.shape, () if dispersion is None else dispersion.shape)
    u = _newton(gap, np.ones(shape), "extinction_probability")
    return np.where(supercritical, u, 0.0)


def extinction_probability(
    reproduction: ArrayLike, dispersion: ArrayLike | None = None
) -> FloatOrArray:
    r"""Probability that a referral cascade started by one customer eventually stops.

    Every person who hears passes the story on to a random number of new people with mean
    ``reproduction`` (:math:`R`): a Poisson count, or a negative binomial with the given
    ``dispersion`` :math:`k` (heavier-tailed: a few people tell many, most tell nobody).

    Parameters
    ----------
    reproduction : array-like
        Mean number of new people each hearer tells, >= 0.
    dispersion : array-like, optional
        Negative-binomial dispersion :math:`k` > 0; ``None`` for Poisson offspring.

    Returns
    -------
    float or numpy.ndarray
        The smallest root :math:`q` in [0, 1] of :math:`q = G(q)`, with
        :math:`G(s) = e^{R(s-1)}` (Poisson) or :math:`G(s) = (1 + R(1-s)/k)^{-k}`. It is 1
        for :math:`R \le 1` and in (0, 1) for :math:`R > 1`; for :math:`m` independent
        seeds it is :math:`q^m`.

    Raises
    ------
    OutOfRangeError
        If ``reproduction`` is negative or ``dispersion`` is not positive.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    The survival probability :math:`u = 1 - q` solves :math:`u = 1 - G(1 - u)`; it is found
    by Newton's method from :math:`u = 1`, which converges monotonically because the
    right-hand side is concave. The smaller the dispersion, the likelier a cascade dies out
    for the same :math:`R` (Lloyd-Smith et al. 2005).

    References
    ----------
    - Harris, T. E. (1963). *The Theory of Branching Processes*. Springer, ch. I.
    - Lloyd-Smith, J. O., Schreiber, S. J., Kopp, P. E., & Getz, W. M. (2005).
      Superspreading and the effect of individual variation on disease emergence. *Nature*,
      438(7066), 355–359.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> wom.extinction_probability([0.8, 1.0, 2.0])
    array([1.        , 1.        , 0.20318787])
    >>> wom.extinction_probability(2.0, dispersion=1.0)  # geometric offspring: 1/R
    0.5
    """
    r = _reproduction(reproduction)
    k = _dispersion(dispersion)
    if k is not None:
        check_broadcastable({"reproduction": r, "dispersion": k})
    q = 1.0 - _survival(r, k)
    return wrap_output(np.asarray(q), reproduction, dispersion)


def final_size(seeds: ArrayLike, reproduction: ArrayLike, population: ArrayLike) -> FloatOrArray:
    r"""People reached by a cascade in a finite population, seeds included.

    The deterministic final size of a susceptible–informed–retired cascade with random
    mixing, the word-of-mouth analogue of an SIR epidemic: it is finite for every
    :math:`R`, including :math:`R \ge 1` where the branching-process total is unbounded.

    Parameters
    ----------
    seeds : array-like
        People who start the cascade, in [0, ``population``].
    reproduction : array-like
        Mean number of new people each hearer would tell in a population where nobody has
        heard yet, >= 0.
    population : array-like
        Size of the population, > 0.

    Returns
    -------
    float or numpy.ndarray
        :math:`P z`, with :math:`z` the share ever reached: the root in (0, 1] of
        :math:`z = 1 - s_0 e^{-R z}`, :math:`s_0 = 1 - m/P`. For :math:`R < 1` and a large
        population it approaches the branching-process total :math:`m/(1-R)`; for
        :math:`R > 1` it is the size of a cascade that takes off, which happens with
        probability ``1 - extinction_probability(R, k) ** m``.

    Raises
    ------
    OutOfRangeError
        If a value lies outside its range or there are more seeds than people.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    Kermack & McKendrick's final-size relation :math:`\ln(s_0/s_\infty) = R(1 - s_\infty)`
    holds for any distribution of the time a person keeps telling (Ma & Earn 2006), so
    the same equation serves for Poisson and for negative-binomial offspring; the dispersion
    changes whether a cascade takes off, not how far one that does travels. It is solved in
    terms of :math:`z = 1 - s_\infty` by Newton's method from :math:`z = 1`.

    References
    ----------
    - Kermack, W. O., & McKendrick, A. G. (1927). A contribution to the mathematical theory
      of epidemics. *Proceedings of the Royal Society of London A*, 115(772), 700–721.
    - Ma, J., & Earn, D. J. D. (2006). Generality of the final size formula for an epidemic
      of a newly invading infectious disease. *Bulletin of Mathematical Biology*, 68(3),
      679–702.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> round(wom.final_size(1, 2.0, 1_000_000))  # 79.7% of the population
    796812
    >>> round(wom.final_size(10, 0.5, 1_000_000), 3)  # close to 10 / (1 - 0.5)
    20.0
    """
    m = as_nonnegative(seeds, "seeds")
    r = _reproduction(reproduction)
    p = as_positive(population, "population")
    shape = check_broadcastable({"seeds": m, "reproduction": r, "population": p})
    too_many = np.broadcast_to(m > p, shape)
    if too_many.any():
        raise_at(InvalidInputError, "seeds", "must not exceed population", m, too_many)
    # Without seeds nobody hears; solving for z = 1 there keeps Newton away from the double
    # root at 0 that the equation has when R = 1 and nobody is seeded.
    seeded = np.where(m == 0.0, 1.0, m / p)
    unseeded = 1.0 - seeded

    def gap(z: FloatArray) -> tuple[FloatArray, FloatArray]:
        # psi(z) = i0 - s0 expm1(-R z) - z is concave with psi(0) = i0 >= 0 > psi(1).
        return (
            seeded - unseeded * np.expm1(-r * z) - z,
            unseeded * r * np.exp(-r * z) - 1.0,
        )

    z = _newton(gap, np.ones(shape), "final_size")
    reached = np.where(m == 0.0, 0.0, p * z)
    return wrap_output(np.asarray(reached), seeds, reproduction, population)


@attrs.frozen(repr=False)
class CascadeReach(ResultModel):
    """Expected reach of a referral cascade, generation by generation and in total.

    Build it with :func:`cascade_reach`.

    Parameters
    ----------
    per_generation : array-like of shape (..., generations + 1)
        Expected people in each generation, the seeds first.
    total : float or array-like
        Expected people ever reached, seeds included; infinite for ``R >= 1``.
    variance : float or array-like
        Variance of the total; infinite for ``R >= 1``.
    extinction : float or array-like
        Probability that the cascade dies out.
    population_total : float, array-like or None
        People reached in a finite population (:func:`final_size`), when one was given.

    References
    ----------
    - Harris, T. E. (1963). *The Theory of Branching Processes*. Springer, ch. I.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> wom.cascade_reach(100, 0.5, generations=3).per_generation
    array([100. ,  50. ,  25. ,  12.5])
    """

    per_generation: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    total: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    variance: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    extinction: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    population_total: FloatOrArray | None = attrs.field(
        default=None, converter=attrs.converters.optional(float_or_array), eq=VALUE_EQ
    )

    _html_title: ClassVar[str | None] = "Cascade reach"


def cascade_reach(
    seeds: ArrayLike,
    reproduction: ArrayLike,
    *,
    dispersion: ArrayLike | None = None,
    generations: int = 10,
    population: ArrayLike | None = None,
) -> CascadeReach:
    r"""Expected reach of a referral cascade (a Galton–Watson branching process).

    ``seeds`` customers start telling; every person who hears tells a random number of new
    people with mean ``reproduction`` :math:`R` (Poisson, or negative binomial with the given
    ``dispersion``), independently of everyone else.

    Parameters
    ----------
    seeds : array-like
        People who start the cascade (generation 0), >= 0.
    reproduction : array-like
        Mean number of new people each hearer tells, >= 0.
    dispersion : array-like, optional
        Negative-binomial dispersion :math:`k` > 0 of the offspring; ``None`` for Poisson.
    generations : int, default 10
        Generations after the seeds listed in ``per_generation``, >= 0.
    population : array-like, optional
        A finite population size: adds ``population_total`` from :func:`final_size`.

    Returns
    -------
    CascadeReach
        ``per_generation`` :math:`m R^n` for :math:`n = 0, \dots,` ``generations``;
        ``total`` :math:`m/(1-R)` and ``variance`` :math:`m\sigma^2/(1-R)^3` for
        :math:`R < 1`, infinite (an unbounded cascade in an unbounded population) for
        :math:`R \ge 1`; ``extinction`` :math:`q^m`; and ``population_total``.

    Raises
    ------
    OutOfRangeError
        If a value lies outside its range.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    The offspring variance is :math:`\sigma^2 = R + R^2/k` (negative binomial) or :math:`R`
    (Poisson). The total progeny of one ancestor has mean :math:`1/(1-R)` and variance
    :math:`\sigma^2/(1-R)^3` (Harris 1963); seeds start independent cascades, so both scale
    with :math:`m`.

    References
    ----------
    - Harris, T. E. (1963). *The Theory of Branching Processes*. Springer, ch. I.
    - Kermack, W. O., & McKendrick, A. G. (1927). A contribution to the mathematical theory
      of epidemics. *Proceedings of the Royal Society of London A*, 115(772), 700–721.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> reach = wom.cascade_reach(100, 0.5, dispersion=1.0, generations=3)
    >>> reach.total, reach.variance  # 100 / 0.5; 100 * (0.5 + 0.25) / 0.5**3
    (200.0, 600.0)
    >>> viral = wom.cascade_reach(1, 2.0, population=1_000_000)
    >>> viral.total, round(viral.extinction, 4), round(viral.population_total)
    (inf, 0.2032, 796812)
    """
    m = as_nonnegative(seeds, "seeds")
    r = _reproduction(reproduction)
    k = _dispersion(dispersion)
    g = whole_number(generations, "generations")
    arrays = {"seeds": m, "reproduction": r}
    if k is not None:
        arrays["dispersion"] = k
    shape = check_broadcastable(arrays)
    m, r = np.broadcast_to(m, shape), np.broadcast_to(r, shape)
    offspring_variance = r if k is None else r + r**2 / k
    subcritical = r < 1.0
    with np.errstate(divide="ignore"):
        gap = np.where(subcritical, 1.0 - r, 1.0)
        total = np.where(subcritical, m / gap, np.inf)
        variance = np.where(subcritical, m * offspring_variance / gap**3, np.inf)
    # No seeds, no cascade: nothing to travel even when R >= 1.
    total = np.where(m == 0.0, 0.0, total)
    variance = np.where(m == 0.0, 0.0, variance)
    q = 1.0 - _survival(r, k)
    extinction = q**m
    exponents = np.arange(g + 1, dtype=np.float64)
    per_generation = m[..., np.newaxis] * r[..., np.newaxis] ** exponents
    population_total = None if population is None else final_size(m, r, population)
    return CascadeReach(
        per_generation=per_generation,
        total=total,
        variance=variance,
        extinction=extinction,
        population_total=population_total,
    )


@attrs.frozen(repr=False)
class SimulatedCascade(ResultModel):
    """Simulated referral cascades: people reached in each generation of each replication.

    Build it with :func:`simulate_cascade`.

    Parameters
    ----------
    counts : array-like of int, shape (replications, generations + 1)
        People in each generation, the seeds first.

    References
    ----------
    - Harris, T. E. (1963). *The Theory of Branching Processes*. Springer, ch. I.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> sim = wom.simulate_cascade(10, 0.5, generations=4, replications=3, rng=1)
    >>> sim.counts.shape
    (3, 5)
    """

    counts: npt.NDArray[np.int64] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)

    _html_title: ClassVar[str | None] = "Simulated cascade"

    @property
    def totals(self) -> npt.NDArray[np.int64]:
        """People reached over all simulated generations, one per replication."""
        return np.asarray(self.counts.sum(axis=-1), dtype=np.int64)

    @property
    def mean_per_generation(self) -> FloatArray:
        """Average people per generation across replications."""
        return np.asarray(self.counts.mean(axis=0), dtype=np.float64)

    @property
    def extinct_share(self) -> float:
        """Share of replications with nobody left in the last generation."""
        return float(np.mean(self.counts[:, -1] == 0))


def _offspring(
    generator: np.random.Generator,
    parents: npt.NDArray[np.int64],
    mean: float,
    dispersion: float | None,
) -> npt.NDArray[np.int64]:
    """Total offspring of ``parents`` people each (a sum of iid counts drawn at once)."""
    if dispersion is None:
        return generator.poisson(parents * mean).astype(np.int64)
    # A sum of n iid NB(k, p) counts is NB(n k, p); numpy needs n > 0, so empty rows draw a
    # placeholder that is then zeroed.
    shape = np.where(parents > 0, parents * dispersion, 1.0)
    draws = generator.negative_binomial(shape, dispersion / (dispersion + mean))
    return np.where(parents > 0, draws, 0).astype(np.int64)


def simulate_cascade(
    seeds: int,
    reproduction: float,
    *,
    dispersion: float | None = None,
    generations: int = 10,
    replications: int = 1000,
    rng: np.random.Generator | int,
) -> SimulatedCascade:
    r"""Simulate a referral cascade generation by generation, reproducibly.

    Parameters
    ----------
    seeds : int
        People who start the cascade, >= 0.
    reproduction : float
        Mean number of new people each hearer tells, >= 0.
    dispersion : float, optional
        Negative-binomial dispersion > 0 of the offspring; ``None`` for Poisson.
    generations : int, default 10
        Generations simulated after the seeds, >= 0. ``seeds * reproduction**generations``
        may not exceed :math:`10^{12}` people, so that counts stay exact integers.
    replications : int, default 1000
        Independent cascades, >= 1.
    rng : numpy.random.Generator or int
        The random generator, or a seed for a new one.

    Returns
    -------
    SimulatedCascade
        The people in each generation of each replication.

    Raises
    ------
    OutOfRangeError
        If a value lies outside its range.
    InvalidInputError
        If a count is not a whole number, the expected cascade would be too large, or
        ``rng`` is not a generator or seed.

    Notes
    -----
    All replications advance together: the next generation of every replication is one
    vectorised draw, using that the sum of :math:`n` independent negative binomials with
    dispersion :math:`k` is negative binomial with dispersion :math:`nk` (and a sum of
    Poisson counts is Poisson).

    References
    ----------
    - Harris, T. E. (1963). *The Theory of Branching Processes*. Springer, ch. I.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> sim = wom.simulate_cascade(100, 0.5, generations=3, replications=20_000, rng=3)
    >>> sim.mean_per_generation.round(1)  # closed form 100, 50, 25, 12.5
    array([100. ,  50. ,  25. ,  12.5])
    """
    m = whole_number(seeds, "seeds")
    r = single(_reproduction(reproduction), "reproduction")
    k_array = _dispersion(dispersion)
    k = None if k_array is None else single(k_array, "dispersion")
    g = whole_number(generations, "generations")
    n = whole_number(replications, "replications", low=1)
    if m * max(r, 1.0) ** g > _MAX_SIMULATED:
        raise InvalidInputError(
            "generations",
            f"must keep seeds * reproduction**generations at most {_MAX_SIMULATED:.0e}",
            g,
        )
    generator = as_generator(rng)
    counts = np.empty((n, g + 1), dtype=np.int64)
    counts[:, 0] = m
    # The loop runs over generations; every replication is drawn at once.
    for n_gen in range(1, g + 1):
        counts[:, n_gen] = _offspring(generator, counts[:, n_gen - 1], r, k)
    return SimulatedCascade(counts=counts)


@attrs.frozen(repr=False)
class SimulatedReach(ResultModel):
    """Simulated first-hand reach of a group of customers.

    Build it with :func:`simulate_reach`.

    Parameters
    ----------
    totals : array-like of int, shape (replications,)
        People told by the whole group in each replication.
    expected : float
        The closed-form expectation, customers × share talking × mean told.

    References
    ----------
    - Johnson, N. L., Kemp, A. W., & Kotz, S. (2005). *Univariate Discrete Distributions*
      (3rd ed.). Wiley, ch. 5.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> sim = wom.simulate_reach(1_000, wom.UNHAPPY_TELLING, replications=5, rng=0)
    >>> sim.totals.shape, sim.expected
    ((5,), 10000.0)
    """

    totals: npt.NDArray[np.int64] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    expected: float = attrs.field(converter=float)

    _html_title: ClassVar[str | None] = "Simulated reach"

    @property
    def mean(self) -> float:
        """Average total across replications."""
        return float(self.totals.mean())

    @property
    def std(self) -> float:
        """Standard deviation of the total across replications."""
        return float(self.totals.std(ddof=1)) if self.totals.size > 1 else 0.0

    def quantiles(self, q: ArrayLike = (0.05, 0.5, 0.95)) -> FloatOrArray:
        """Quantiles of the simulated total.

        Parameters
        ----------
        q : array-like, default (0.05, 0.5, 0.95)
            Probabilities in [0, 1].

        Returns
        -------
        float or numpy.ndarray
            Empirical quantiles (linear interpolation), shaped like ``q``.

        Raises
        ------
        OutOfRangeError
            If a probability lies outside [0, 1].

        Examples
        --------
        >>> from servicemetrics import word_of_mouth as wom
        >>> sim = wom.simulate_reach(1_000, wom.UNHAPPY_TELLING, replications=10_000, rng=0)
        >>> low, high = sim.quantiles([0.05, 0.95])
        >>> bool(9_000 < low < 10_000 < high < 11_000)
        True
        """
        probabilities = as_share(q, "q")
        return wrap_output(np.asarray(np.quantile(self.totals, probabilities)), q)


def simulate_reach(
    customers: int,
    telling: TellingDistribution,
    *,
    share_talking: float = 1.0,
    replications: int = 10_000,
    rng: np.random.Generator | int,
) -> SimulatedReach:
    r"""Simulate how many people a group of customers tells, with the spread of the total.

    Each of ``customers`` customers talks with probability ``share_talking`` and then tells a
    number of people drawn from ``telling``, independently of the others. A person told by
    two customers counts twice (see :func:`unique_reach` for distinct hearers).

    Parameters
    ----------
    customers : int
        Customers in the group, >= 0 (any size: the cost does not grow with it).
    telling : TellingDistribution
        How many people a talking customer tells.
    share_talking : float, default 1.0
        Probability that a customer talks at all, in [0, 1].
    replications : int, default 10000
        Simulated totals, >= 1.
    rng : numpy.random.Generator or int
        The random generator, or a seed for a new one.

    Returns
    -------
    SimulatedReach
        One simulated total per replication, with its closed-form expectation.

    Raises
    ------
    OutOfRangeError
        If a value lies outside its range.
    InvalidInputError
        If ``telling`` is not a :class:`TellingDistribution` or ``rng`` is not a generator
        or seed.

    Notes
    -----
    In each replication the number of talkers is binomial and their total is drawn in one
    step: a sum of :math:`n` independent negative binomials with dispersion :math:`k` and
    mean :math:`\mu` is negative binomial with dispersion :math:`nk` and mean :math:`n\mu`
    (Poisson: Poisson with mean :math:`n\mu`). The draws are exact, and the time taken
    depends on ``replications``, not on ``customers``.

    References
    ----------
    - Johnson, N. L., Kemp, A. W., & Kotz, S. (2005). *Univariate Discrete Distributions*
      (3rd ed.). Wiley, ch. 5 (sums of negative binomial variables).

    Examples
    --------
    >>> import numpy as np
    >>> from servicemetrics import word_of_mouth as wom
    >>> rng = np.random.default_rng(2026)
    >>> unhappy = wom.simulate_reach(1_600, wom.UNHAPPY_TELLING, rng=rng)
    >>> happy = wom.simulate_reach(18_400, wom.RESOLVED_TELLING, share_talking=0.3, rng=rng)
    >>> unhappy.expected, happy.expected
    (16000.0, 27600.0)
    >>> bool(abs(unhappy.mean - 16_000) < 100), bool(abs(happy.mean - 27_600) < 150)
    (True, True)
    """
    n = whole_number(customers, "customers")
    if not isinstance(telling, TellingDistribution):
        raise InvalidInputError("telling", "must be a TellingDistribution", telling)
    s = single(
        check_range(
            as_float_array(share_talking, "share_talking"), "share_talking", low=0, high=1
        ),
        "share_talking",
    )
    reps = whole_number(replications, "replications", low=1)
    generator = as_generator(rng)
    talkers = generator.binomial(n, s, reps).astype(np.int64)
    totals = _offspring(generator, talkers, telling.mean, telling.dispersion)
    return SimulatedReach(totals=totals, expected=n * s * telling.mean)
