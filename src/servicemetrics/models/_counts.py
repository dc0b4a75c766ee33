"""Distribution of the number of purchases of a new customer, shared by the purchase models."""

from __future__ import annotations

import numpy as np
from scipy import special

from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    as_float_array,
    check_broadcastable,
    check_integer,
    check_range,
)

__all__ = [
    "QUADRATURE_NODES",
    "check_count_window",
    "log_nbd_pmf",
    "nbd_tail",
    "pareto_nbd_count_pmf",
]


def check_count_window(n: ArrayLike, t: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Validate a number of purchases ``n`` (whole, >= 0) and a window ``t`` (>= 0)."""
    count = check_integer(check_range(as_float_array(n, "n"), "n", low=0), "n")
    horizon = check_range(as_float_array(t, "t"), "t", low=0)
    check_broadcastable({"n": count, "t": horizon})
    return count, horizon


def log_nbd_pmf(count: FloatArray, r: float, alpha: float, t: FloatArray) -> FloatArray:
    r"""Log of the NBD probability of ``count`` purchases in a window of length ``t``.

    Poisson purchases at a rate λ ~ Gamma(r, α) give
    :math:`\frac{\Gamma(r+n)}{\Gamma(r)\,n!}(\frac{\alpha}{\alpha+t})^r(\frac{t}{\alpha+t})^n`
    (Ehrenberg 1959); ``0 log 0`` is taken as 0 so that ``t = 0`` gives certainty of no purchase.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        log_q = np.where(count > 0, count * np.log(t / (alpha + t)), 0.0)
    return (
        special.gammaln(r + count)
        - special.gammaln(r)
        - special.gammaln(count + 1.0)
        + r * np.log(alpha / (alpha + t))
        + log_q
    )


def nbd_tail(count: FloatArray, r: float, alpha: float, t: FloatArray) -> FloatArray:
    r"""NBD probability of at least ``count`` purchases in a window of length ``t``.

    :math:`P(N(t) \ge n) = I_{t/(\alpha+t)}(n, r)`, the regularised incomplete beta function;
    1 for ``n = 0``.
    """
    safe = np.maximum(count, 1.0)
    return np.where(count > 0, special.betainc(safe, r, t / (alpha + t)), 1.0)


_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(16)
_LOG_SPAN = 28.0  # the quadrature covers dropout times from t * e**-28 to t
_PANELS = 48
QUADRATURE_NODES = _PANELS * _NODES.size
"""Dropout times evaluated per (n, t) pair by :func:`pareto_nbd_count_pmf`."""


def pareto_nbd_count_pmf(
    count: FloatArray, t: FloatArray, r: float, alpha: float, s: float, beta: float
) -> FloatArray:
    r"""Pareto/NBD probability of ``count`` purchases of a new customer in (0, t].

    A customer who is still active at ``t`` buys NBD(r, α) over the whole window; one who left
    at τ < t bought NBD(r, α) over (0, τ]. With the dropout time τ Pareto(s, β) (exponential
    with a gamma-distributed rate), independent of the purchase rate,

    .. math::

        P(X(t)=n) = \Big(\frac{\beta}{\beta+t}\Big)^s \mathrm{NB}_n(t)
          + \int_0^t \frac{s\beta^s}{(\beta+\tau)^{s+1}}\,\mathrm{NB}_n(\tau)\,d\tau .

    The integral is taken over log τ by composite Gauss–Legendre quadrature (48 panels of 16
    nodes spanning 28 units of log τ below log t; the sliver below is added as a rectangle),
    which keeps its error below about 1e-12 over the parameter ranges met in practice; the
    closed form of Fader & Hardie (2006) needs Gauss hypergeometric functions whose
    cancellation this avoids.
    """
    span = np.linspace(-_LOG_SPAN, 0.0, _PANELS + 1)
    half = (span[1:] - span[:-1])[:, None] / 2.0
    y = ((span[:-1, None] + span[1:, None]) / 2.0 + half * _NODES).ravel()
    weight = (half * _WEIGHTS).ravel()
    window = np.where(t > 0, t, 1.0)
    log_tau = np.log(window)[..., None] + y  # tau itself may underflow for tiny windows
    tau = np.exp(log_tau)
    log_density = np.log(s) + s * np.log(beta) - (s + 1.0) * np.log(beta + tau) + log_tau
    inner = np.sum(np.exp(log_nbd_pmf(count[..., None], r, alpha, tau) + log_density) * weight, -1)
    shortest = window * np.exp(-_LOG_SPAN)
    sliver = -np.expm1(s * np.log(beta / (beta + shortest))) * np.exp(
        log_nbd_pmf(count, r, alpha, shortest)
    )
    active = np.exp(s * np.log(beta / (beta + t)) + log_nbd_pmf(count, r, alpha, t))
    return np.where(t > 0, active + inner + sliver, np.where(count == 0, 1.0, 0.0))
