r"""Process quality: defects per million opportunities, yield and the Six Sigma level.

A service process makes *units* (orders shipped, calls handled, invoices sent), each with a
number of *opportunities* for a defect (a wrong address, a missed call-back, a wrong amount).
Counting defects per opportunity makes processes of different complexity comparable:

* :func:`dpmo` — defects per million opportunities;
* :func:`process_yield` — the share of opportunities without a defect;
* :func:`rolled_throughput_yield` — the chance that a unit passes every step of a process
  without a defect;
* :func:`sigma_level` and :func:`dpmo_from_sigma` — the Six Sigma scale and back.

The sigma level is the number of standard deviations of a normal distribution that lie between
the process mean and the nearest specification limit, *plus* a conventional 1.5σ shift: Six
Sigma practice assumes that a process measured over a short period drifts by up to 1.5σ in the
long run, so a "six sigma" process is expected to show 3.4 defects per million opportunities
(the one-sided normal tail beyond 4.5σ), not the 0.001 per million beyond 6σ. The shift is a
convention of Motorola's programme, not a measured constant; pass ``shift=0`` to work without
it.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    FloatOrArray,
    OutOfRangeError,
    as_curve,
    as_float_array,
    as_nonnegative,
    as_positive,
    check_broadcastable,
    check_range,
    check_single,
    raise_at,
    wrap_output,
)

__all__ = [
    "MILLION",
    "dpmo",
    "dpmo_from_sigma",
    "process_yield",
    "rolled_throughput_yield",
    "sigma_level",
]

MILLION = 1_000_000.0
"""The number of opportunities that DPMO counts defects per."""


def _shift(shift: float) -> float:
    value = as_nonnegative(shift, "shift")
    return float(check_single(value, "shift"))


def dpmo(defects: ArrayLike, units: ArrayLike, opportunities: ArrayLike) -> FloatOrArray:
    r"""Defects per million opportunities.

    Parameters
    ----------
    defects : array-like
        Defects counted, >= 0 (whole numbers are typical but not required).
    units : array-like
        Units inspected, > 0.
    opportunities : array-like
        Opportunities for a defect per unit, > 0. The three arguments broadcast together.

    Returns
    -------
    float or numpy.ndarray
        DPMO in [0, 1,000,000]; 0 is best. A pandas Series input gives a Series.

    Raises
    ------
    OutOfRangeError
        If ``defects`` < 0, ``units`` or ``opportunities`` <= 0, or there are more defects
        than opportunities (``defects > units * opportunities``).
    NonFiniteError
        If an argument is NaN or infinite.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    .. math::

        \mathrm{DPMO} = \frac{D}{U \cdot O} \times 10^6 .

    References
    ----------
    - Harry, M. J. (1988). *The Nature of Six Sigma Quality*. Motorola University Press,
      Schaumburg, IL.
    - Breyfogle, F. W. (2003). *Implementing Six Sigma: Smarter Solutions Using Statistical
      Methods* (2nd ed.). Wiley, Hoboken, NJ.

    Examples
    --------
    34 wrong entries found in 2,000 orders with 5 fields each:

    >>> from servicemetrics.quality import dpmo
    >>> dpmo(34, 2000, 5)
    3400.0
    >>> dpmo([0, 10], 1000, [4, 8])
    array([   0., 1250.])
    """
    d = as_nonnegative(defects, "defects")
    u = as_positive(units, "units")
    o = as_positive(opportunities, "opportunities")
    shape = check_broadcastable({"defects": d, "units": u, "opportunities": o})
    total = np.broadcast_to(u * o, shape)
    d_b = np.broadcast_to(d, shape)
    too_many = d_b > total
    if too_many.any():
        raise_at(
            OutOfRangeError,
            "defects",
            "must be <= units * opportunities",
            d_b,
            too_many,
        )
    return wrap_output(d_b / total * MILLION, defects, units, opportunities)


def process_yield(dpmo: ArrayLike) -> FloatOrArray:
    r"""Share of opportunities without a defect, from the DPMO.

    Parameters
    ----------
    dpmo : array-like
        Defects per million opportunities, in [0, 1,000,000].

    Returns
    -------
    float or numpy.ndarray
        Yield :math:`1 - \mathrm{DPMO}/10^6` in [0, 1]; 1 is best.

    Raises
    ------
    OutOfRangeError
        If ``dpmo`` is outside [0, 1,000,000].
    NonFiniteError
        If ``dpmo`` is NaN or infinite.

    Notes
    -----
    This is the yield per opportunity. The chance that a unit with :math:`O` independent
    opportunities is defect-free is :math:`(1 - \mathrm{DPMO}/10^6)^O`, and across process
    steps yields multiply (:func:`rolled_throughput_yield`).

    References
    ----------
    - Breyfogle, F. W. (2003). *Implementing Six Sigma: Smarter Solutions Using Statistical
      Methods* (2nd ed.). Wiley, Hoboken, NJ.

    Examples
    --------
    >>> from servicemetrics.quality import process_yield
    >>> process_yield(3400.0)
    0.9966
    >>> process_yield([0.0, 66807.0])
    array([1.      , 0.933193])
    """
    d = check_range(as_float_array(dpmo, "dpmo"), "dpmo", low=0, high=MILLION)
    return wrap_output(1.0 - d / MILLION, dpmo)


def rolled_throughput_yield(step_yields: ArrayLike) -> FloatOrArray:
    r"""Chance that a unit passes every step of a process without a defect.

    Parameters
    ----------
    step_yields : array-like of shape (..., n_steps)
        First-pass yield of each step, in [0, 1], on the last axis; leading axes (processes,
        teams, months) are kept.

    Returns
    -------
    float or numpy.ndarray of shape (...)
        The product of the step yields, in [0, 1]; 1 is best. A single process gives a float.

    Raises
    ------
    OutOfRangeError
        If a yield is outside [0, 1].
    InvalidInputError
        If ``step_yields`` is a scalar or its last axis is empty.
    NonFiniteError
        If a yield is NaN or infinite.

    Notes
    -----
    With steps that fail independently,

    .. math::

        \mathrm{RTY} = \prod_{k=1}^{K} Y_k .

    References
    ----------
    - Breyfogle, F. W. (2003). *Implementing Six Sigma: Smarter Solutions Using Statistical
      Methods* (2nd ed.). Wiley, Hoboken, NJ.

    Examples
    --------
    Order taking, picking and delivery at 98%, 95% and 99% first-pass yield:

    >>> from servicemetrics.quality import rolled_throughput_yield
    >>> rolled_throughput_yield([0.98, 0.95, 0.99])
    0.921690
    """
    y = as_curve(step_yields, "step_yields")
    return wrap_output(np.prod(y, axis=-1))


def sigma_level(dpmo: ArrayLike, *, shift: float = 1.5) -> FloatOrArray:
    r"""Six Sigma level of a process from its defects per million opportunities.

    Parameters
    ----------
    dpmo : array-like
        Defects per million opportunities, strictly between 0 and 1,000,000 (at 0 the level
        is infinite, at a million it is minus infinity).
    shift : float, default 1.5
        The long-term shift added to the normal quantile, >= 0. The default is the
        conventional 1.5σ; ``shift=0`` gives the plain (short-term) z value.

    Returns
    -------
    float or numpy.ndarray
        The sigma level; higher is better. 3.4 DPMO is 6σ with the default shift.

    Raises
    ------
    OutOfRangeError
        If ``dpmo`` is not in (0, 1,000,000) or ``shift`` < 0.
    NonFiniteError
        If an argument is NaN or infinite.
    InvalidInputError
        If ``shift`` is not a single number.

    See Also
    --------
    dpmo_from_sigma : the inverse.

    Notes
    -----
    With :math:`\Phi` the standard normal distribution function,

    .. math::

        \sigma = \Phi^{-1}\!\left(1 - \frac{\mathrm{DPMO}}{10^6}\right) + s
               = -\Phi^{-1}\!\left(\frac{\mathrm{DPMO}}{10^6}\right) + s ,

    evaluated in the second form so that small defect rates keep their precision. This counts
    defects in one tail only, as is usual; counting both tails changes little (66,811 instead
    of 66,807 DPMO at 3σ).

    References
    ----------
    - Harry, M. J. (1988). *The Nature of Six Sigma Quality*. Motorola University Press,
      Schaumburg, IL.
    - Breyfogle, F. W. (2003). *Implementing Six Sigma: Smarter Solutions Using Statistical
      Methods* (2nd ed.). Wiley, Hoboken, NJ.

    Examples
    --------
    >>> from servicemetrics.quality import sigma_level
    >>> round(sigma_level(3.4), 3)
    6.0
    >>> sigma_level([66807.0, 308538.0]).round(3)
    array([3., 2.])
    >>> sigma_level(66807.0, shift=0)
    1.5000
    """
    s = _shift(shift)
    d = check_range(
        as_float_array(dpmo, "dpmo"),
        "dpmo",
        low=0,
        high=MILLION,
        low_inclusive=False,
        high_inclusive=False,
    )
    level: FloatArray = -special.ndtri(d / MILLION) + s
    return wrap_output(level, dpmo)


def dpmo_from_sigma(sigma: ArrayLike, *, shift: float = 1.5) -> FloatOrArray:
    r"""Defects per million opportunities expected at a given Six Sigma level.

    Parameters
    ----------
    sigma : array-like
        Sigma level, any finite number.
    shift : float, default 1.5
        The long-term shift subtracted before taking the normal tail, >= 0; ``shift=0``
        treats ``sigma`` as a plain z value.

    Returns
    -------
    float or numpy.ndarray
        DPMO in [0, 1,000,000]; lower is better.

    Raises
    ------
    OutOfRangeError
        If ``shift`` < 0.
    NonFiniteError
        If an argument is NaN or infinite.
    InvalidInputError
        If ``shift`` is not a single number.

    See Also
    --------
    sigma_level : the inverse.

    Notes
    -----
    .. math::

        \mathrm{DPMO} = 10^6 \, \Phi(s - \sigma) ,

    the one-sided normal tail beyond :math:`\sigma - s` standard deviations.

    References
    ----------
    - Harry, M. J. (1988). *The Nature of Six Sigma Quality*. Motorola University Press,
      Schaumburg, IL.
    - Breyfogle, F. W. (2003). *Implementing Six Sigma: Smarter Solutions Using Statistical
      Methods* (2nd ed.). Wiley, Hoboken, NJ.

    Examples
    --------
    >>> from servicemetrics.quality import dpmo_from_sigma
    >>> round(dpmo_from_sigma(6.0), 1)
    3.4
    >>> dpmo_from_sigma([3.0, 4.0, 5.0]).round(0)
    array([66807.,  6210.,   233.])
    >>> round(dpmo_from_sigma(6.0, shift=0), 4)
    0.001
    """
    s = _shift(shift)
    z = as_float_array(sigma, "sigma")
    return wrap_output(special.ndtr(s - z) * MILLION, sigma)
