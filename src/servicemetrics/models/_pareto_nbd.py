"""The Pareto/NBD model of non-contractual repeat buying (Schmittlein, Morrison & Colombo 1987)."""

from __future__ import annotations

import math
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
from scipy import special

from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    FloatOrArray,
    as_float_array,
    as_vector,
    check_broadcastable,
    check_range,
    wrap_output,
)
from servicemetrics.models._base import (
    CustomerHistories,
    FittedModel,
    as_generator,
    check_frequency_recency_age,
    dot,
    parameter,
    prediction,
    repeat_purchase_histories,
)
from servicemetrics.models._chunks import in_blocks
from servicemetrics.models._counts import (
    QUADRATURE_NODES,
    check_count_window,
    pareto_nbd_count_pmf,
)
from servicemetrics.models._fitting import ConvergenceError, maximize_likelihood

__all__ = ["ParetoNBD"]

_MAX_FRACTION_TERMS = 100_000
# Below this argument the power series of 2F1(1, d; c; z) converges within a few dozen terms,
# and the parameter derivatives are accumulated alongside it.
_SERIES_MAX_Z = 0.8
# Up to this many customers both ends of the lifetime integral are evaluated in one pass.
_JOINT_ROWS = 65_536
# Memory per (n, t) pair of probability_of_purchases: a few float64 values per quadrature node.
_PMF_BYTES_PER_PAIR = 8 * 8 * QUADRATURE_NODES


def _log_hyp2f1_unit(d: FloatArray, c: FloatArray, z: FloatArray) -> FloatArray:
    r"""Logarithm of :math:`{}_2F_1(1, d; c; z)` for 0 <= z < 1 and 0 < d < c.

    This is Gauss's continued fraction for :math:`{}_2F_1(a+b, 1; a+1; z)` (a = c − 1,
    b = d − c + 1) evaluated by the modified Lentz method, the fraction behind the incomplete
    beta function; it converges quickly while z < (a+1)/(a+b+2), which always holds when
    b <= 0. Otherwise b > 0 and the function is
    :math:`a\,B(a,b)\,I_z(a,b)\,z^{-a}(1-z)^{-b}` with the regularised incomplete beta
    function I. Rows are dropped from the iteration as they converge.
    """
    d, c, z = np.broadcast_arrays(d, c, z)
    shape = z.shape
    d, c, z = (np.array(v, dtype=np.float64).ravel() for v in (d, c, z))
    a = c - 1.0
    b = d - c + 1.0
    result = np.empty(z.shape)
    use_beta = (b > 0.0) & (z >= (a + 1.0) / (a + b + 2.0))
    if use_beta.any():
        ab, bb, zb = a[use_beta], b[use_beta], z[use_beta]
        result[use_beta] = (
            np.log(ab)
            + special.betaln(ab, bb)
            + np.log(special.betainc(ab, bb, zb))
            - ab * np.log(zb)
            - bb * np.log1p(-zb)
        )
    index = np.flatnonzero(~use_beta)
    a, b, z = a[~use_beta], b[~use_beta], z[~use_beta]
    tiny = 1e-300

    def guard(v: FloatArray) -> FloatArray:
        return np.where(np.abs(v) < tiny, tiny, v)

    front = 1.0 / guard(1.0 - (a + b) * z / (a + 1.0))
    back = np.ones_like(z)
    value = front.copy()
    for m in range(1, _MAX_FRACTION_TERMS + 1):
        even = m * (b - m) * z / ((a - 1.0 + 2.0 * m) * (a + 2.0 * m))
        front = 1.0 / guard(1.0 + even * front)
        back = guard(1.0 + even / back)
        value *= front * back
        odd = -(a + m) * (a + b + m) * z / ((a + 2.0 * m) * (a + 1.0 + 2.0 * m))
        front = 1.0 / guard(1.0 + odd * front)
        back = guard(1.0 + odd / back)
        step = front * back
        value *= step
        done = np.abs(step - 1.0) < 1e-15
        if done.any():
            result[index[done]] = np.log(value[done])
            keep = ~done
            index, a, b, z = index[keep], a[keep], b[keep], z[keep]
            front, back, value = front[keep], back[keep], value[keep]
            if index.size == 0:
                break
    if index.size:
        raise ConvergenceError(
            "the hypergeometric continued fraction of the Pareto/NBD likelihood did not "
            f"converge in {_MAX_FRACTION_TERMS} terms"
        )
    return result.reshape(shape)


def _series_order(z: FloatArray) -> tuple[npt.NDArray[np.intp], list[int]]:
    """Rows sorted by the terms of the series of 2F1(1, d; c; z) they need, longest first.

    Also returns the number of rows still summing at each term, a leading slice of the
    sorted rows. The terms are below :math:`z^j`; J terms leave less than 1e-17 (1 − z),
    with a margin for the slower derivative series.
    """
    with np.errstate(divide="ignore"):
        needed = (math.log(1e-17) - 6.0 + np.log1p(-z)) / np.log(z)
    terms = np.where(z > 0, np.ceil(needed) + 1.0, 1.0).astype(np.int16)
    order = np.argsort(-terms, kind="stable")
    most = int(terms[order[0]]) if z.size else 0
    active = np.searchsorted(-terms[order], -np.arange(most), side="left")
    return order, active.tolist()


def _log_hyp2f1_series(d: FloatArray | float, c: FloatArray, z: FloatArray) -> FloatArray:
    r"""Logarithm of :math:`{}_2F_1(1, d; c; z)` for 0 <= z <= ``_SERIES_MAX_Z``, 0 < d < c.

    The power series :math:`\sum_j \frac{(d)_j}{(c)_j} z^j` of positive terms below
    :math:`z^j`, each row summed to the length :func:`_series_order` gives it.
    """
    order, active = _series_order(z)
    c, z = c[order], z[order]  # copies; c is updated in place to c + j
    common = isinstance(d, float)  # one d for every row (the case α < β)
    rows = np.empty(0) if isinstance(d, float) else d[order]
    total = np.ones(z.size)
    term = np.ones(z.size)
    for j, m in enumerate(active):
        head = term[:m]
        if j > 0:
            c[:m] += 1.0
            if not common:
                rows[:m] += 1.0
        if isinstance(d, float):
            head *= d + j
        else:
            head *= rows[:m]
        head /= c[:m]
        head *= z[:m]
        total[:m] += head
    result = np.empty(z.size)
    result[order] = np.log(total)
    return result


def _log_hyp2f1(d: FloatArray | float, c: FloatArray, z: FloatArray) -> FloatArray:
    """Logarithm of 2F1(1, d; c; z) for 0 <= z < 1 and 0 < d < c.

    The series where z is small enough for it, the continued fraction of
    :func:`_log_hyp2f1_unit` elsewhere.
    """
    if isinstance(d, float) and np.all(z <= _SERIES_MAX_Z):
        return _log_hyp2f1_series(d, np.ravel(c), np.ravel(z))
    d, c, z = (np.array(v, dtype=np.float64).ravel() for v in np.broadcast_arrays(d, c, z))
    small = z <= _SERIES_MAX_Z
    if small.all():
        return _log_hyp2f1_series(d, c, z)
    result = np.empty(z.size)
    result[small] = _log_hyp2f1_series(d[small], c[small], z[small])
    large = ~small
    result[large] = _log_hyp2f1_unit(d[large], c[large], z[large])
    return result


def _log_area(
    y: FloatArray, x: FloatArray, r: float, alpha: float, s: float, beta: float
) -> FloatArray:
    r"""Logarithm of :math:`F(y) = {}_2F_1(a, b; a+1; z(y)) / (m+y)^{a}`, a = r+s+x.

    Fader & Hardie (2005), eqs. (20)–(23): with α ≥ β, m = α, b = s+1, z = (α−β)/(α+y); with
    α < β, m = β, b = r+x, z = (β−α)/(β+y), so that 0 <= z < 1. Euler's transformation
    :math:`{}_2F_1(a,b;a+1;z) = (1-z)^{1-b}\,{}_2F_1(1, a+1-b; a+1; z)` leaves a series with
    terms below :math:`z^j`, bounded by 1/(1−z), while the possibly huge factor
    :math:`(1-z)^{1-b}` is taken in logs, with :math:`\ln(1-z)` a difference of logarithms.
    The remaining function lies in [1, 1/(1−z)] and is evaluated by :func:`_log_hyp2f1`.
    """
    a = r + s + x
    log_alpha = np.log(alpha + y)
    log_beta = np.log(beta + y)
    if alpha >= beta:
        z = (alpha - beta) / (alpha + y)
        outer = -s * (log_beta - log_alpha)
        inner = _log_hyp2f1(r + x, a + 1.0, z).reshape(z.shape)
        return np.asarray(outer + inner - a * log_alpha, dtype=np.float64)
    z = (beta - alpha) / (beta + y)
    outer = (1.0 - r - x) * (log_alpha - log_beta)
    inner = _log_hyp2f1(s + 1.0, a + 1.0, z).reshape(z.shape)
    return np.asarray(outer + inner - a * log_beta, dtype=np.float64)


def _log_likelihood_parts(
    params: FloatArray,
    x: FloatArray,
    t_x: FloatArray,
    age: FloatArray,
    *,
    with_head: bool = True,
) -> tuple[FloatArray, FloatArray]:
    r"""Per-customer log-likelihood, and the log of its "alive at T" term (same scale).

    Without ``with_head`` the factor in front of the bracket, which the share alive does not
    need, is left out of the first result.

    The likelihood is :math:`\frac{\Gamma(r+x)\alpha^r\beta^s}{\Gamma(r)}[(α+T)^{-(r+x)}
    (β+T)^{-s} + \frac{s}{r+s+x}(F(t_x) − F(T))]` (Fader & Hardie 2005, eq. 19). The bracket
    is summed after factoring out its largest term, so it never overflows or underflows.
    """
    r, alpha, s, beta = (float(v) for v in params)
    head = (
        special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
        if with_head
        else 0.0
    )
    alive = -(r + x) * np.log(alpha + age) - s * np.log(beta + age)
    if np.size(x) <= _JOINT_ROWS:
        # One pass over both ends of the lifetime integral halves the per-term overhead of
        # the series and the continued fraction on small data.
        both = _log_area(
            np.concatenate([np.ravel(t_x), np.ravel(age)]),
            np.concatenate([np.ravel(x), np.ravel(x)]),
            r,
            alpha,
            s,
            beta,
        )
        start, end = (part.reshape(np.shape(x)) for part in np.split(both, 2))
    else:  # on large data, arrays of one value per customer cost less memory traffic
        start, end = (
            _log_area(np.ravel(y), np.ravel(x), r, alpha, s, beta).reshape(np.shape(x))
            for y in (t_x, age)
        )
    top = np.maximum(alive, start)
    weight = s / (r + s + x)
    inside = np.exp(alive - top) + weight * (np.exp(start - top) - np.exp(end - top))
    log_bracket = top + np.log(inside)
    return head + log_bracket, alive - log_bracket


def _hyp2f1_unit_series(
    d: FloatArray, c: FloatArray, z: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    r"""Logarithm of :math:`{}_2F_1(1, d; c; z)` and its derivatives in d, c and z.

    For 0 <= z < 1 and 0 < d < c the series :math:`\sum_j t_j`,
    :math:`t_j = \frac{(d)_j}{(c)_j} z^j`, has positive terms below :math:`z^j`. Its
    derivatives are the series of :math:`t_j\sum_{i<j}\frac{1}{d+i}`,
    :math:`-t_j\sum_{i<j}\frac{1}{c+i}` and :math:`j\,t_j/z`, all positive, summed in the
    same pass; they are returned divided by the function (derivatives of the logarithm).
    Each row is summed to the number of terms J at which :math:`z^J` falls below
    1e-17 (1 − z) with a margin for the slower derivative series; the rows are sorted by J,
    so the rows still summing are always a leading slice.
    """
    d, c, z = (np.array(v, dtype=np.float64).ravel() for v in np.broadcast_arrays(d, c, z))
    size = z.size
    order, active = _series_order(z)
    d, c, z = d[order], c[order], z[order]
    total = np.ones(size)
    sum_d = np.zeros(size)  # sum of t_j * sum_{i<j} 1/(d+i)
    sum_c = np.zeros(size)  # sum of t_j * sum_{i<j} 1/(c+i)
    sum_z = np.zeros(size)  # sum of j * t_j / z
    inverse_d = np.zeros(size)
    inverse_c = np.zeros(size)
    scaled = np.ones(size)  # t_{j+1} / z
    for j, m in enumerate(active):
        d_j = d[:m] + j
        c_j = c[:m] + j
        head = scaled[:m]
        if j > 0:
            head *= z[:m]
        head *= d_j / c_j
        inverse_d[:m] += 1.0 / d_j
        inverse_c[:m] += 1.0 / c_j
        term = head * z[:m]
        total[:m] += term
        sum_d[:m] += term * inverse_d[:m]
        sum_c[:m] += term * inverse_c[:m]
        sum_z[:m] += (j + 1.0) * head
    results = (np.log(total), sum_d / total, -sum_c / total, sum_z / total)
    unsorted = tuple(np.empty(size) for _ in results)
    for target, source in zip(unsorted, results, strict=True):
        target[order] = source
    return unsorted  # type: ignore[return-value]


def _log_likelihood_and_gradient(
    params: FloatArray, x: FloatArray, t_x: FloatArray, age: FloatArray
) -> tuple[FloatArray, FloatArray] | None:
    r"""Per-customer log-likelihood and its gradient in (r, α, s, β), or None.

    The same likelihood as :func:`_log_likelihood_parts` (Fader & Hardie 2005, eqs. 19–23),
    with the hypergeometric functions summed as power series that carry their parameter
    derivatives. None when some argument z exceeds ``_SERIES_MAX_Z``, where the series would
    converge slowly (the continued fraction and difference quotients are used instead).
    """
    r, alpha, s, beta = (float(v) for v in params)
    a = r + s + x
    y = np.concatenate([t_x, age])
    xx = np.concatenate([x, x])
    aa = np.concatenate([a, a])
    log_alpha_y = np.log(alpha + y)
    log_beta_y = np.log(beta + y)
    if alpha >= beta:
        z = (alpha - beta) / (alpha + y)
        if z.size and float(z.max()) > _SERIES_MAX_Z:
            return None
        g, g_d, g_c, g_z = _hyp2f1_unit_series(r + xx, aa + 1.0, z)
        area = -s * (log_beta_y - log_alpha_y) + g - aa * log_alpha_y
        # d(area)/dθ: d = r + x, c = a + 1, z = (α − β)/(α + y).
        d_r = g_d + g_c - log_alpha_y
        d_s = g_c - (log_beta_y - log_alpha_y) - log_alpha_y
        d_alpha = g_z * (beta + y) / (alpha + y) ** 2 + s / (alpha + y) - aa / (alpha + y)
        d_beta = -g_z / (alpha + y) - s / (beta + y)
    else:
        z = (beta - alpha) / (beta + y)
        if z.size and float(z.max()) > _SERIES_MAX_Z:
            return None
        g, g_d, g_c, g_z = _hyp2f1_unit_series(np.full(z.shape, s + 1.0), aa + 1.0, z)
        area = (1.0 - r - xx) * (log_alpha_y - log_beta_y) + g - aa * log_beta_y
        # d(area)/dθ: d = s + 1, c = a + 1, z = (β − α)/(β + y).
        d_r = g_c - (log_alpha_y - log_beta_y) - log_beta_y
        d_s = g_d + g_c - log_beta_y
        d_alpha = -g_z / (beta + y) + (1.0 - r - xx) / (alpha + y)
        d_beta = (
            g_z * (alpha + y) / (beta + y) ** 2 - (1.0 - r - xx) / (beta + y) - aa / (beta + y)
        )
    n = x.size
    start, end = area[:n], area[n:]
    log_alpha_t = log_alpha_y[n:]
    log_beta_t = log_beta_y[n:]
    head = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    alive = -(r + x) * log_alpha_t - s * log_beta_t
    top = np.maximum(alive, start)
    weight = s / a
    e_alive = np.exp(alive - top)
    e_start = np.exp(start - top)
    e_end = np.exp(end - top)
    inside = e_alive + weight * (e_start - e_end)
    value = head + top + np.log(inside)
    d_weight_r = -s / a**2
    d_weight_s = (r + x) / a**2
    gradient = np.empty((4, n))
    gradient[0] = special.digamma(r + x) - special.digamma(r) + np.log(alpha)
    gradient[1] = r / alpha
    gradient[2] = np.log(beta)
    gradient[3] = s / beta
    alive_slope = (
        -log_alpha_t,
        -(r + x) / (alpha + age),
        -log_beta_t,
        -s / (beta + age),
    )
    weight_slope = (d_weight_r, 0.0, d_weight_s, 0.0)
    for k, (slope_area, slope_alive, slope_weight) in enumerate(
        zip((d_r, d_alpha, d_s, d_beta), alive_slope, weight_slope, strict=True)
    ):
        gradient[k] += (
            e_alive * slope_alive
            + slope_weight * (e_start - e_end)
            + weight * (e_start * slope_area[:n] - e_end * slope_area[n:])
        ) / inside
    return value, gradient


def _truncated_lifetime(t: FloatArray, s: float, scale: FloatArray) -> FloatArray:
    r"""Expected time alive within (0, t] when μ ~ Gamma(s, b), b = ``scale``.

    :math:`\int_0^t (\frac{b}{b+\tau})^s d\tau = \frac{b}{s-1}[1 - (\frac{b}{b+t})^{s-1}]`,
    or :math:`b\ln(1+t/b)` at s = 1.
    """
    log_ratio = np.log(scale) - np.log(scale + t)
    if s == 1.0:
        return np.asarray(-scale * log_ratio, dtype=np.float64)
    return np.asarray(scale * -np.expm1((s - 1.0) * log_ratio) / (s - 1.0), dtype=np.float64)


@attrs.frozen(repr=False)
class ParetoNBD(FittedModel):
    r"""The Pareto/NBD model of Schmittlein, Morrison & Colombo (1987).

    While active, a customer buys as a Poisson process with rate λ; their lifetime is
    exponential with rate μ. Across customers λ ~ Gamma(r, α) and μ ~ Gamma(s, β) (shapes and
    rates), independently. The data are, per customer, the repeat purchases ``frequency`` (x),
    the time of the last one ``recency`` (t_x) and the time observed ``T``, measured from the
    first purchase in one time unit, which is then the unit of every time argument and result.

    Parameters
    ----------
    r, alpha : float
        Shape and rate of the gamma distribution of purchase rates (> 0).
    s, beta : float
        Shape and rate of the gamma distribution of drop-out rates (> 0).

    Attributes
    ----------
    log_likelihood, standard_errors, covariance, n_observations
        Fit metadata (``None`` for a model built from its parameters), see
        :class:`~servicemetrics.models.FittedModel`.

    References
    ----------
    - Schmittlein, D. C., Morrison, D. G., & Colombo, R. (1987). Counting your customers: who
      are they and what will they do next? *Management Science*, 33(1), 1–24.
    - Fader, P. S., & Hardie, B. G. S. (2005). A note on deriving the Pareto/NBD model and
      related expressions. http://brucehardie.com/notes/009/.

    Examples
    --------
    >>> from servicemetrics.models import ParetoNBD
    >>> model = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
    >>> model.p_alive(frequency=2, recency=30.43, T=38.86)
    0.8692
    """

    parameter_names = ("r", "alpha", "s", "beta")

    r: float = parameter()
    alpha: float = parameter()
    s: float = parameter()
    beta: float = parameter()

    @classmethod
    def fit(
        cls,
        frequency: ArrayLike,
        recency: ArrayLike,
        T: ArrayLike,  # noqa: N803
        *,
        weights: ArrayLike | None = None,
        penalty: float = 0.0,
    ) -> ParetoNBD:
        r"""Fit the model by maximum likelihood.

        Identical histories are merged (their weights summed) before fitting. The gradient is
        analytic: the hypergeometric series carry their derivatives in the parameters.

        Parameters
        ----------
        frequency : array-like of shape (n_customers,)
            Repeat purchases x (whole, >= 0).
        recency : array-like of shape (n_customers,)
            Time of the last repeat purchase t_x, in [0, T]; 0 when x = 0.
        T : array-like of shape (n_customers,)
            Time observed since the first purchase (> 0).
        weights : array-like of shape (n_customers,), optional
            Number of customers with each history; ones by default.
        penalty : float, default 0.0
            L2 penalty on the parameters (see :func:`~servicemetrics.models.maximize_likelihood`).

        Returns
        -------
        ParetoNBD
            The fitted model with its total log-likelihood and standard errors.

        Raises
        ------
        InvalidInputError
            If a history is impossible, the arrays are empty or differ in length, or no
            customer made a repeat purchase.
        ConvergenceError
            If the likelihood has no maximum the optimiser can find.

        Notes
        -----
        The likelihood of Fader & Hardie (2005), eq. (19)–(23), is evaluated in log space. The
        Gauss hypergeometric functions take the argument ordering of the note that keeps
        :math:`0 \le z < 1` (α ≥ β or α < β), and Euler's transformation reduces each to a
        bounded series times a power taken in logs, so customers with hundreds of purchases over
        thousands of periods neither overflow nor produce NaN.

        References
        ----------
        - Schmittlein, D. C., Morrison, D. G., & Colombo, R. (1987). Counting your customers:
          who are they and what will they do next? *Management Science*, 33(1), 1–24.
        - Fader, P. S., & Hardie, B. G. S. (2005). A note on deriving the Pareto/NBD model and
          related expressions. http://brucehardie.com/notes/009/.

        Examples
        --------
        >>> from servicemetrics.datasets import load_cdnow_summary
        >>> from servicemetrics.models import ParetoNBD
        >>> cdnow = load_cdnow_summary()
        >>> model = ParetoNBD.fit(cdnow.frequency, cdnow.recency, cdnow.T)
        >>> [round(v, 3) for v in model.parameters.values()]
        [0.553, 10.578, 0.606, 11.668]
        >>> round(model.log_likelihood, 1)
        -9595.0
        """
        (x, t_x, age), w = repeat_purchase_histories(frequency, recency, T, weights)
        # The optimiser asks for the value and the gradient at the same point in turn: one
        # pass of the series gives both.
        cache: dict[str, Any] = {"key": None}

        def evaluate(params: FloatArray) -> tuple[FloatArray, FloatArray] | None:
            key = np.asarray(params, dtype=np.float64).tobytes()
            if cache["key"] != key:
                cache.update(key=key, result=_log_likelihood_and_gradient(params, x, t_x, age))
            result: tuple[FloatArray, FloatArray] | None = cache["result"]
            return result

        def log_likelihood(params: FloatArray) -> float:
            result = evaluate(params)
            if result is None:
                return dot(w, _log_likelihood_parts(params, x, t_x, age)[0])
            return dot(w, result[0])

        def gradient(params: FloatArray) -> FloatArray:
            result = evaluate(params)
            if result is not None:
                return np.asarray(np.einsum("kn,n->k", result[1], w), dtype=np.float64)
            # Far from the series' range: central differences of the continued fraction.
            params = np.asarray(params, dtype=np.float64)
            step = np.finfo(np.float64).eps ** (1.0 / 3.0) * params
            slope = np.empty(params.size)
            for k in range(params.size):  # one pair of evaluations per parameter
                shift = np.zeros(params.size)
                shift[k] = step[k]
                slope[k] = (log_likelihood(params + shift) - log_likelihood(params - shift)) / (
                    2.0 * step[k]
                )
            return slope

        n = float(w.sum())
        purchases = dot(w, x)
        exposure = dot(w, age)
        mean_rate = purchases / exposure if purchases > 0 else 0.1 / exposure
        initial = [0.5, 0.5 / mean_rate, 0.5, 0.5 * exposure / n]
        fit = maximize_likelihood(
            log_likelihood,
            initial,
            cls.parameter_names,
            gradient=gradient,
            penalty=penalty,
            n_observations=n,
        )
        return cls._from_fit(fit)

    def log_likelihood_of(
        self,
        frequency: ArrayLike,
        recency: ArrayLike,
        T: ArrayLike,  # noqa: N803
    ) -> FloatOrArray:
        """Log-likelihood of each customer's history (Fader & Hardie 2005, eq. 19).

        Parameters
        ----------
        frequency, recency, T : array-like
            Customer histories, broadcast against each other.

        Returns
        -------
        float or numpy.ndarray
            The log-likelihood per customer.

        References
        ----------
        - Fader, P. S., & Hardie, B. G. S. (2005). A note on deriving the Pareto/NBD model and
          related expressions. http://brucehardie.com/notes/009/.

        Examples
        --------
        >>> from servicemetrics.models import ParetoNBD
        >>> model = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
        >>> model.log_likelihood_of([0, 2], [0.0, 30.43], 38.86)
        array([-0.52104..., -9.55428...])
        """
        x, t_x, age = check_frequency_recency_age(frequency, recency, T, broadcast=True)
        values = _log_likelihood_parts(self._vector, x, t_x, age)[0]
        return wrap_output(values, frequency, recency, T)

    @prediction
    def p_alive(
        self,
        frequency: ArrayLike,
        recency: ArrayLike,
        T: ArrayLike,  # noqa: N803
    ) -> FloatOrArray:
        r"""Probability that a customer with this history is still active at ``T``.

        The share of the likelihood coming from customers alive at T (Fader & Hardie 2005,
        eq. 24): :math:`P = \frac{\Gamma(r+x)\alpha^r\beta^s}{\Gamma(r)(\alpha+T)^{r+x}
        (\beta+T)^s} / L(r,\alpha,s,\beta \mid x, t_x, T)`, evaluated in logs.

        Parameters
        ----------
        frequency, recency, T : array-like
            Customer histories, broadcast against each other.

        Returns
        -------
        float or numpy.ndarray
            Probabilities in [0, 1].

        References
        ----------
        - Schmittlein, D. C., Morrison, D. G., & Colombo, R. (1987). Counting your customers:
          who are they and what will they do next? *Management Science*, 33(1), 1–24.
        - Fader, P. S., & Hardie, B. G. S. (2005). A note on deriving the Pareto/NBD model and
          related expressions. http://brucehardie.com/notes/009/.

        Examples
        --------
        >>> from servicemetrics.models import ParetoNBD
        >>> model = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
        >>> model.p_alive([0, 2, 2], [0.0, 30.43, 5.0], 38.86)
        array([0.29528..., 0.86916..., 0.13016...])
        """
        x, t_x, age = check_frequency_recency_age(frequency, recency, T, broadcast=True)
        return wrap_output(self._p_alive(x, t_x, age), frequency, recency, T)

    def _alive_mean(self, t: FloatArray, x: FloatArray, age: FloatArray) -> FloatArray:
        """Expected purchases in (T, T+t] of a customer known to be active at T."""
        rate = (self.r + x) / (self.alpha + age)
        return np.asarray(rate * _truncated_lifetime(t, self.s, self.beta + age + 0.0 * t))

    def _p_alive(self, x: FloatArray, t_x: FloatArray, age: FloatArray) -> FloatArray:
        log_share = _log_likelihood_parts(self._vector, x, t_x, age, with_head=False)[1]
        return np.asarray(np.minimum(np.exp(log_share), 1.0), dtype=np.float64)

    @prediction
    def expected_purchases(self, t: ArrayLike) -> FloatOrArray:
        r"""Expected purchases of a new customer in (0, t] after the first purchase.

        :math:`E[X(t)] = \frac{r\beta}{\alpha(s-1)}\big[1 - (\frac{\beta}{\beta+t})^{s-1}\big]`
        (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005, eq. 17), and
        :math:`\frac{r\beta}{\alpha}\ln(1 + t/\beta)` at s = 1.

        Parameters
        ----------
        t : array-like
            Length of the window (>= 0).

        Returns
        -------
        float or numpy.ndarray
            Expected purchases, non-decreasing in ``t``.

        References
        ----------
        - Schmittlein, D. C., Morrison, D. G., & Colombo, R. (1987). Counting your customers:
          who are they and what will they do next? *Management Science*, 33(1), 1–24.
        - Fader, P. S., & Hardie, B. G. S. (2005). A note on deriving the Pareto/NBD model and
          related expressions. http://brucehardie.com/notes/009/.

        Examples
        --------
        >>> from servicemetrics.models import ParetoNBD
        >>> ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669).expected_purchases([0, 39])
        array([0.        , 1.21300...])
        """
        horizon = check_range(as_float_array(t, "t"), "t", low=0)
        beta = np.full(horizon.shape, self.beta)
        mean = self.r / self.alpha * _truncated_lifetime(horizon, self.s, beta)
        return wrap_output(mean, t)

    @prediction
    def conditional_expected_purchases(
        self,
        t: ArrayLike,
        frequency: ArrayLike,
        recency: ArrayLike,
        T: ArrayLike,  # noqa: N803
    ) -> FloatOrArray:
        r"""Expected purchases in (T, T+t] of a customer with the given history.

        :math:`E[Y(t)\mid x, t_x, T] = \frac{(r+x)(\beta+T)}{(\alpha+T)(s-1)}
        \big[1 - (\frac{\beta+T}{\beta+T+t})^{s-1}\big]\,P(\text{alive})`
        (Fader & Hardie 2005, eq. 25).

        Parameters
        ----------
        t : array-like
            Length of the future window (>= 0).
        frequency, recency, T : array-like
            Customer histories; all arguments broadcast together.

        Returns
        -------
        float or numpy.ndarray
            Expected purchases in the window.

        References
        ----------
        - Schmittlein, D. C., Morrison, D. G., & Colombo, R. (1987). Counting your customers:
          who are they and what will they do next? *Management Science*, 33(1), 1–24.
        - Fader, P. S., & Hardie, B. G. S. (2005). A note on deriving the Pareto/NBD model and
          related expressions. http://brucehardie.com/notes/009/.

        Examples
        --------
        >>> from servicemetrics.models import ParetoNBD
        >>> model = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
        >>> model.conditional_expected_purchases(39, [0, 2], [0.0, 30.43], 38.86)
        array([0.10708..., 1.45512...])
        """
        horizon = check_range(as_float_array(t, "t"), "t", low=0)
        x, t_x, age = check_frequency_recency_age(frequency, recency, T, broadcast=True)
        check_broadcastable({"t": horizon, "frequency": x})
        mean = self._alive_mean(horizon, x, age) * self._p_alive(x, t_x, age)
        return wrap_output(np.asarray(mean), t, frequency, recency, T)

    @prediction
    def discounted_expected_transactions(
        self,
        continuous_discount_rate: ArrayLike,
        frequency: ArrayLike,
        recency: ArrayLike,
        T: ArrayLike,  # noqa: N803
    ) -> FloatOrArray:
        r"""Discounted expected residual transactions (DERT) of a customer with this history.

        The present value at T of the customer's future purchases counted one unit each, with
        continuous discounting at rate δ per time unit (Fader, Hardie & Lee 2005, RFM and CLV,
        eq. 2):

        .. math::

            \mathrm{DERT} = \frac{r+x}{\alpha+T}\,(\beta+T)^s\,\delta^{s-1}\,
              \Psi\big(s, s; \delta(\beta+T)\big)\,P(\text{alive}),

        with Ψ the confluent hypergeometric function of the second kind (Tricomi's U). It is
        the expected purchase rate times :math:`E[1/(\delta+\mu)]` under the updated gamma
        distribution of μ.

        Parameters
        ----------
        continuous_discount_rate : array-like
            δ > 0 per time unit; for an annual rate d and weekly data, δ = ln(1+d)/52.
        frequency, recency, T : array-like
            Customer histories; all arguments broadcast together.

        Returns
        -------
        float or numpy.ndarray
            DERT, in purchases.

        References
        ----------
        - Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). RFM and CLV: using iso-value
          curves for customer base analysis. *Journal of Marketing Research*, 42(4), 415–430.

        Examples
        --------
        >>> import math
        >>> from servicemetrics.models import ParetoNBD
        >>> model = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
        >>> model.discounted_expected_transactions(math.log(1.15) / 52, [0, 2], [0.0, 30.43], 38.86)
        array([0.47845..., 6.50173...])
        """
        delta = check_range(
            as_float_array(continuous_discount_rate, "continuous_discount_rate"),
            "continuous_discount_rate",
            low=0,
            low_inclusive=False,
        )
        x, t_x, age = check_frequency_recency_age(frequency, recency, T, broadcast=True)
        check_broadcastable({"continuous_discount_rate": delta, "frequency": x})
        scale = self.beta + age
        w = delta * scale
        inverse_mean = (
            scale * np.exp((self.s - 1.0) * np.log(w)) * special.hyperu(self.s, self.s, w)
        )
        dert = (self.r + x) / (self.alpha + age) * inverse_mean * self._p_alive(x, t_x, age)
        return wrap_output(np.asarray(dert), continuous_discount_rate, frequency, recency, T)

    def simulate(
        self,
        T: ArrayLike,  # noqa: N803
        *,
        seed: int | np.random.Generator,
    ) -> CustomerHistories:
        """Draw purchase histories from the model.

        Each customer draws λ ~ Gamma(r, α), μ ~ Gamma(s, β) and an exponential lifetime τ of
        rate μ; the purchases in (0, min(τ, T)] are Poisson with rate λ, and the last of n
        uniform purchase times is min(τ, T) times a Beta(n, 1) draw.

        Parameters
        ----------
        T : array-like of shape (n_customers,)
            Time each customer is observed after the first purchase (> 0).
        seed : int or numpy.random.Generator
            Seed or generator; the same seed gives the same histories.

        Returns
        -------
        CustomerHistories
            ``frequency``, ``recency`` and ``T`` per customer.

        References
        ----------
        - Schmittlein, D. C., Morrison, D. G., & Colombo, R. (1987). Counting your customers:
          who are they and what will they do next? *Management Science*, 33(1), 1–24.

        Examples
        --------
        >>> from servicemetrics.models import ParetoNBD
        >>> model = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
        >>> histories = model.simulate([38.86] * 5, seed=1)
        >>> bool((histories.recency <= histories.T).all())
        True
        """
        age = check_range(as_vector(T, "T"), "T", low=0, low_inclusive=False)
        rng = as_generator(seed)
        rate = rng.gamma(self.r, 1.0 / self.alpha, size=age.size)
        dropout = rng.gamma(self.s, 1.0 / self.beta, size=age.size)
        lifetime = rng.exponential(1.0, size=age.size) / np.maximum(dropout, 1e-300)
        active = np.minimum(lifetime, age)
        x = rng.poisson(rate * active).astype(np.float64)
        repeat = x > 0
        last = rng.beta(np.where(repeat, x, 1.0), 1.0)
        t_x = np.where(repeat, active * last, 0.0)
        return CustomerHistories(frequency=x, recency=t_x, T=age)

    @prediction
    def probability_of_purchases(self, n: ArrayLike, t: ArrayLike) -> FloatOrArray:
        r"""Probability that a new customer makes exactly ``n`` purchases in (0, t].

        A customer still active at ``t`` bought NBD(r, α) purchases over the whole window; one
        who left at τ < t bought NBD(r, α) purchases over (0, τ]:

        .. math::

            P(X(t)=n) = \Big(\frac{\beta}{\beta+t}\Big)^s \mathrm{NB}_n(t)
              + \int_0^t \frac{s\beta^s}{(\beta+\tau)^{s+1}}\,\mathrm{NB}_n(\tau)\,d\tau,

        the mixture behind the closed form of Fader & Hardie (2006), evaluated by Gauss–Legendre
        quadrature over log τ (accurate to about 1e-12). It uses 768 nodes per (n, t) pair, so
        its time grows with pairs × nodes; the pairs are evaluated in blocks, so its memory
        stays bounded (about 64 MiB) however many there are.

        Parameters
        ----------
        n : array-like of int
            Number of purchases (>= 0).
        t : array-like
            Length of the window (>= 0); broadcast with ``n``.

        Returns
        -------
        float or numpy.ndarray
            Probabilities; they sum to 1 over n = 0, 1, 2, ..., with mean
            :meth:`expected_purchases`.

        References
        ----------
        - Schmittlein, D. C., Morrison, D. G., & Colombo, R. (1987). Counting your customers:
          who are they and what will they do next? *Management Science*, 33(1), 1–24.
        - Fader, P. S., & Hardie, B. G. S. (2006). Deriving an expression for P(X(t) = x)
          under the Pareto/NBD model. http://brucehardie.com/notes/012/.

        Examples
        --------
        >>> from servicemetrics.models import ParetoNBD
        >>> model = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
        >>> model.probability_of_purchases([0, 1, 2], 39)
        array([0.59362..., 0.16556..., 0.08248...])
        """
        count, horizon = check_count_window(n, t)
        count, horizon = np.broadcast_arrays(count, horizon)

        def pmf(k: FloatArray, window: FloatArray) -> FloatArray:
            return pareto_nbd_count_pmf(k, window, self.r, self.alpha, self.s, self.beta)

        # Each (n, t) pair holds a row of quadrature nodes while it is evaluated.
        probability = in_blocks(pmf, (count, horizon), _PMF_BYTES_PER_PAIR)
        return wrap_output(np.clip(probability, 0.0, 1.0), n, t)  # rounding can pass 1
