"""The Bass diffusion model: adoption driven by innovation and imitation."""

from __future__ import annotations

import math
from typing import ClassVar

import attrs
import numpy as np
from scipy import optimize

from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array
from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    FloatOrArray,
    InvalidInputError,
    ShapeMismatchError,
    as_float_array,
    as_nonnegative,
    as_positive,
    as_vector,
    check_broadcastable,
    check_range,
    shape_of,
    wrap_output,
)
from servicemetrics.word_of_mouth._common import VALUE_EQ, float_or_array

__all__ = [
    "BassFit",
    "BassPeak",
    "bass_adopters",
    "bass_adoption",
    "bass_peak",
    "bass_rate",
    "fit_bass",
]


def _parameters(
    p: ArrayLike, q: ArrayLike, m: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    p_a = as_positive(p, "p")
    q_a = as_nonnegative(q, "q")
    m_a = as_positive(m, "m")
    return p_a, q_a, m_a


def _curve_inputs(
    t: ArrayLike, p: ArrayLike, q: ArrayLike, m: ArrayLike, *, first_time: float
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Check times (>= ``first_time``) and the coefficients, and that they broadcast together."""
    time = check_range(as_float_array(t, "t"), "t", low=first_time)
    p_a, q_a, m_a = _parameters(p, q, m)
    check_broadcastable({"t": time, "p": p_a, "q": q_a, "m": m_a})
    return time, p_a, q_a, m_a


def _cumulative(t: FloatArray, p: FloatArray, q: FloatArray) -> FloatArray:
    decay = np.exp(-(p + q) * t)
    return np.asarray(-np.expm1(-(p + q) * t) / (1.0 + (q / p) * decay))


def _density(t: FloatArray, p: FloatArray, q: FloatArray) -> FloatArray:
    decay = np.exp(-(p + q) * t)
    return np.asarray((p + q) ** 2 / p * decay / (1.0 + (q / p) * decay) ** 2)


def _per_period(t: FloatArray, p: FloatArray, q: FloatArray, m: FloatArray) -> FloatArray:
    """Adopters in the period ending at ``t``: ``m (F(t) - F(t - 1))``."""
    return np.asarray(m * (_cumulative(t, p, q) - _cumulative(t - 1.0, p, q)))


def bass_adoption(t: ArrayLike, p: ArrayLike, q: ArrayLike, m: ArrayLike = 1.0) -> FloatOrArray:
    r"""Cumulative adopters :math:`m F(t)` of the Bass diffusion model.

    Parameters
    ----------
    t : array-like
        Time since launch, >= 0, in the unit the rates are expressed in.
    p : array-like
        Coefficient of innovation (adoption independent of earlier adopters), > 0.
    q : array-like
        Coefficient of imitation (adoption driven by earlier adopters: word of mouth), >= 0.
    m : array-like, default 1.0
        Market potential, > 0; the default gives the share :math:`F(t)`.

    Returns
    -------
    float or numpy.ndarray
        :math:`m\,(1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t})`, rising from 0 at launch to
        :math:`m`.

    Raises
    ------
    OutOfRangeError
        If a value lies outside its range.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    Typical estimates across many products are :math:`p \approx 0.03` and
    :math:`q \approx 0.38` per year (Sultan, Farley & Lehmann 1990).

    References
    ----------
    - Bass, F. M. (1969). A new product growth for model consumer durables. *Management
      Science*, 15(5), 215–227.
    - Sultan, F., Farley, J. U., & Lehmann, D. R. (1990). A meta-analysis of applications of
      diffusion models. *Journal of Marketing Research*, 27(1), 70–77.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> wom.bass_adoption([0.0, 5.0, 50.0], 0.03, 0.38)
    array([0.        , 0.33119864, 0.99999998])
    >>> wom.bass_adoption(5.0, 0.03, 0.38, m=10_000)
    3311.9864...
    """
    time, p_a, q_a, m_a = _curve_inputs(t, p, q, m, first_time=0)
    return wrap_output(m_a * _cumulative(time, p_a, q_a), t, p, q, m)


def bass_rate(t: ArrayLike, p: ArrayLike, q: ArrayLike, m: ArrayLike = 1.0) -> FloatOrArray:
    r"""Adoption rate :math:`m f(t)` of the Bass model: adopters per unit of time at ``t``.

    Parameters
    ----------
    t : array-like
        Time since launch, >= 0.
    p, q, m : array-like
        As in :func:`bass_adoption`.

    Returns
    -------
    float or numpy.ndarray
        :math:`m\,\frac{(p+q)^2}{p} e^{-(p+q)t} / (1 + (q/p)e^{-(p+q)t})^2`, equal to
        :math:`m p` at launch.

    Raises
    ------
    OutOfRangeError
        If a value lies outside its range.
    ShapeMismatchError
        If the arguments do not broadcast together.

    References
    ----------
    - Bass, F. M. (1969). A new product growth for model consumer durables. *Management
      Science*, 15(5), 215–227.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> wom.bass_rate(0.0, 0.03, 0.38, m=1_000)  # m p
    30.0
    """
    time, p_a, q_a, m_a = _curve_inputs(t, p, q, m, first_time=0)
    return wrap_output(m_a * _density(time, p_a, q_a), t, p, q, m)


def bass_adopters(t: ArrayLike, p: ArrayLike, q: ArrayLike, m: ArrayLike = 1.0) -> FloatOrArray:
    r"""New adopters in the period that ends at ``t``: :math:`m\,[F(t) - F(t-1)]`.

    Parameters
    ----------
    t : array-like
        End of each period, >= 1 (period ``t`` runs from ``t - 1`` to ``t``).
    p, q, m : array-like
        As in :func:`bass_adoption`.

    Returns
    -------
    float or numpy.ndarray
        Expected adopters per period; over periods 1, 2, ... they add up to :math:`m`.

    Raises
    ------
    OutOfRangeError
        If a value lies outside its range.
    ShapeMismatchError
        If the arguments do not broadcast together.

    References
    ----------
    - Srinivasan, V., & Mason, C. H. (1986). Nonlinear least squares estimation of new
      product diffusion models. *Marketing Science*, 5(2), 169–178.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> wom.bass_adopters([1, 2, 3], 0.03, 0.38, m=10_000).round(1)
    array([357.6, 493. , 654.4])
    """
    time, p_a, q_a, m_a = _curve_inputs(t, p, q, m, first_time=1)
    return wrap_output(_per_period(time, p_a, q_a, m_a), t, p, q, m)


@attrs.frozen(repr=False)
class BassPeak(ResultModel):
    """When adoption peaks in the Bass model, and how fast it runs there.

    Build it with :func:`bass_peak`.

    Parameters
    ----------
    time : float or array-like
        Time of the peak, 0 when imitation does not exceed innovation (``q <= p``).
    rate : float or array-like
        Adopters per unit of time at the peak.
    cumulative : float or array-like
        Adopters so far at the peak.

    References
    ----------
    - Bass, F. M. (1969). A new product growth for model consumer durables. *Management
      Science*, 15(5), 215–227.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> round(wom.bass_peak(0.03, 0.38).time, 3)
    6.193
    """

    time: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    rate: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    cumulative: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)

    _html_title: ClassVar[str | None] = "Bass peak"


def bass_peak(p: ArrayLike, q: ArrayLike, m: ArrayLike = 1.0) -> BassPeak:
    r"""Peak time and peak adoption rate of the Bass model.

    Parameters
    ----------
    p, q, m : array-like
        As in :func:`bass_adoption`.

    Returns
    -------
    BassPeak
        For :math:`q > p`: time :math:`t^* = \ln(q/p)/(p+q)`, rate
        :math:`m(p+q)^2/(4q)` and cumulative adopters :math:`m(1/2 - p/(2q))`. For
        :math:`q \le p` adoption is fastest at launch: time 0, rate :math:`mp`, cumulative 0.

    Raises
    ------
    OutOfRangeError
        If a value lies outside its range.
    ShapeMismatchError
        If the arguments do not broadcast together.

    References
    ----------
    - Bass, F. M. (1969). A new product growth for model consumer durables. *Management
      Science*, 15(5), 215–227.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> peak = wom.bass_peak(0.03, 0.38, m=10_000)
    >>> round(peak.time, 2), round(peak.rate, 1), round(peak.cumulative, 1)
    (6.19, 1105.9, 4605.3)
    >>> wom.bass_peak(0.5, 0.2).time  # innovation dominates: fastest at launch
    0.0
    """
    p_a, q_a, m_a = _parameters(p, q, m)
    shape = check_broadcastable({"p": p_a, "q": q_a, "m": m_a})
    p_a, q_a, m_a = (np.broadcast_to(x, shape) for x in (p_a, q_a, m_a))
    imitative = q_a > p_a
    safe_q = np.where(imitative, q_a, 1.0)
    with np.errstate(divide="ignore"):
        time = np.where(imitative, np.log(safe_q / p_a) / (p_a + q_a), 0.0)
    rate = np.where(imitative, m_a * (p_a + q_a) ** 2 / (4.0 * safe_q), m_a * p_a)
    cumulative = np.where(imitative, m_a * (0.5 - p_a / (2.0 * safe_q)), 0.0)
    return BassPeak(time=time, rate=rate, cumulative=cumulative)


@attrs.frozen(repr=False)
class BassFit(ResultModel):
    """Bass model parameters fitted to adopters per period, with standard errors.

    Build it with :func:`fit_bass`.

    Parameters
    ----------
    p, q, m : float
        Coefficients of innovation and imitation, and the market potential.
    p_se, q_se, m_se : float
        Asymptotic standard errors of ``p``, ``q`` and ``m``.
    covariance : array-like of shape (3, 3)
        Asymptotic covariance of ``(p, q, m)``.
    residual_sum_of_squares : float
        Sum of squared residuals at the fit.
    n_observations : int
        Periods used.

    References
    ----------
    - Srinivasan, V., & Mason, C. H. (1986). Nonlinear least squares estimation of new
      product diffusion models. *Marketing Science*, 5(2), 169–178.

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> t = range(1, 16)
    >>> fit = wom.fit_bass(t, wom.bass_adopters(t, 0.03, 0.38, m=10_000))
    >>> round(fit.q, 4)
    0.38
    """

    p: float = attrs.field(converter=float)
    q: float = attrs.field(converter=float)
    m: float = attrs.field(converter=float)
    p_se: float = attrs.field(converter=float)
    q_se: float = attrs.field(converter=float)
    m_se: float = attrs.field(converter=float)
    covariance: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    residual_sum_of_squares: float = attrs.field(converter=float)
    n_observations: int = attrs.field(converter=int)

    _html_title: ClassVar[str | None] = "Bass fit"

    def adopters(self, t: ArrayLike) -> FloatOrArray:
        """Fitted adopters in the periods ending at ``t`` (see :func:`bass_adopters`).

        Examples
        --------
        >>> from servicemetrics import word_of_mouth as wom
        >>> t = range(1, 16)
        >>> fit = wom.fit_bass(t, wom.bass_adopters(t, 0.03, 0.38, m=10_000))
        >>> round(fit.adopters(1), 1)
        357.6
        """
        return bass_adopters(t, self.p, self.q, self.m)

    def adoption(self, t: ArrayLike) -> FloatOrArray:
        """Fitted cumulative adopters at ``t`` (see :func:`bass_adoption`).

        Examples
        --------
        >>> from servicemetrics import word_of_mouth as wom
        >>> t = range(1, 16)
        >>> fit = wom.fit_bass(t, wom.bass_adopters(t, 0.03, 0.38, m=10_000))
        >>> round(fit.adoption(100))
        10000
        """
        return bass_adoption(t, self.p, self.q, self.m)

    def peak(self) -> BassPeak:
        """Peak time and rate of the fitted curve (see :func:`bass_peak`).

        Examples
        --------
        >>> from servicemetrics import word_of_mouth as wom
        >>> t = range(1, 16)
        >>> fit = wom.fit_bass(t, wom.bass_adopters(t, 0.03, 0.38, m=10_000))
        >>> round(fit.peak().time, 2)
        6.19
        """
        return bass_peak(self.p, self.q, self.m)


def _start(adopters: FloatArray) -> FloatArray:
    """Starting log-parameters from Bass's own regression of adopters on earlier adopters."""
    before = np.cumsum(adopters) - adopters
    design = np.column_stack([np.ones_like(before), before, before**2])
    (a, b, c), *_ = np.linalg.lstsq(design, adopters, rcond=None)
    total = float(adopters.sum())
    discriminant = b * b - 4.0 * a * c
    if c < 0.0 and a > 0.0 and discriminant > 0.0:
        m = (-b - math.sqrt(discriminant)) / (2.0 * c)
        p, q = a / m, -c * m
        if m >= total and p > 0.0 and q > 0.0:
            return np.log([p, q, m])
    # The regression failed (too few or too noisy periods): typical coefficients instead.
    return np.log([0.03, 0.38, 2.0 * total])


def fit_bass(t: ArrayLike, adopters: ArrayLike) -> BassFit:
    r"""Fit the Bass model to adopters per period by non-linear least squares.

    Parameters
    ----------
    t : array-like of shape (n_periods,)
        End of each observed period, >= 1, time measured from launch (period ``t`` runs from
        ``t - 1`` to ``t``): ``1, 2, ..., n`` for consecutive periods since launch.
    adopters : array-like of shape (n_periods,)
        New adopters observed in each period, >= 0.

    Returns
    -------
    BassFit
        Estimates of :math:`p`, :math:`q`, :math:`m` with asymptotic standard errors, and
        methods to predict from them.

    Raises
    ------
    ShapeMismatchError
        If the arrays are not one-dimensional of the same length, with at least 4 periods
        (three parameters and one degree of freedom for the error).
    OutOfRangeError
        If a time is below 1 or a count is negative.
    InvalidInputError
        If nobody adopted at all.
    RuntimeError
        If the optimiser does not converge.

    Notes
    -----
    Following Srinivasan & Mason (1986), the adopters in period :math:`i` are modelled as
    :math:`x_i = m[F(t_i) - F(t_i - 1)] + \varepsilon_i` and :math:`(p, q, m)` minimise the
    sum of squared errors; the fit is run on :math:`(\log p, \log q, \log m)` with
    :func:`scipy.optimize.least_squares`, which keeps every parameter positive, starting
    from Bass's (1969) regression of adopters on earlier adopters, within the box
    :math:`10^{-8} \le p, q \le 10` and :math:`m` between half and :math:`10^4` times
    the adopters observed. The covariance is
    :math:`s^2 (J^\top J)^{-1}` with :math:`s^2 = \mathrm{RSS}/(n-3)`, carried to
    :math:`(p, q, m)` by the delta method. Like any least-squares standard errors they
    assume errors of equal variance in every period; counts whose noise grows with their
    size (Poisson-like) make them only approximate.

    References
    ----------
    - Bass, F. M. (1969). A new product growth for model consumer durables. *Management
      Science*, 15(5), 215–227.
    - Srinivasan, V., & Mason, C. H. (1986). Nonlinear least squares estimation of new
      product diffusion models. *Marketing Science*, 5(2), 169–178.

    Examples
    --------
    >>> import numpy as np
    >>> from servicemetrics import word_of_mouth as wom
    >>> t = np.arange(1, 16)
    >>> noisy = np.random.default_rng(5).poisson(wom.bass_adopters(t, 0.03, 0.38, m=10_000))
    >>> fit = wom.fit_bass(t, noisy)
    >>> bool(abs(fit.p - 0.03) < 3 * fit.p_se), bool(abs(fit.q - 0.38) < 3 * fit.q_se)
    (True, True)
    """
    time = check_range(as_vector(t, "t"), "t", low=1)
    x = check_range(as_vector(adopters, "adopters"), "adopters", low=0)
    if x.shape != time.shape:
        raise ShapeMismatchError(
            "adopters", f"must have the same length as t {time.shape}", shape_of(x)
        )
    if x.size < 4:
        raise ShapeMismatchError(
            "adopters", "must hold at least 4 periods to fit 3 parameters", shape_of(x)
        )
    if x.sum() == 0.0:
        raise InvalidInputError("adopters", "must not all be 0")

    def residuals(theta: FloatArray) -> FloatArray:
        p, q, m = np.exp(theta)
        return np.asarray(_per_period(time, p, q, m) - x)

    # Box bounds keep the search where exp() cannot overflow: coefficients between 1e-8 and
    # 10 per period, a market between half and ten thousand times the adopters seen.
    total = float(x.sum())
    lower = np.log([1e-8, 1e-8, 0.5 * total])
    upper = np.log([10.0, 10.0, 1e4 * total])
    start = np.clip(_start(x), lower + 1e-9, upper - 1e-9)
    result = optimize.least_squares(
        residuals, start, bounds=(lower, upper), method="trf", xtol=1e-15, ftol=1e-15, gtol=1e-15
    )
    if not result.success:
        raise RuntimeError(f"fit_bass did not converge: {result.message}")
    p, q, m = np.exp(result.x)
    rss = float(np.sum(result.fun**2))
    jacobian = np.asarray(result.jac, dtype=np.float64)
    log_covariance = rss / (x.size - 3) * np.linalg.pinv(jacobian.T @ jacobian)
    scale = np.array([p, q, m])
    covariance = log_covariance * np.outer(scale, scale)
    errors = np.sqrt(np.clip(np.diag(covariance), 0.0, None))
    return BassFit(
        p=p,
        q=q,
        m=m,
        p_se=errors[0],
        q_se=errors[1],
        m_se=errors[2],
        covariance=covariance,
        residual_sum_of_squares=rss,
        n_observations=x.size,
    )
