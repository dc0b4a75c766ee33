r"""The beta-geometric/beta-Bernoulli (BG/BB) model (Fader, Hardie & Shang 2010).

Some businesses offer a fixed sequence of transaction opportunities: a charity's annual appeal,
a yearly conference, a monthly box that can be skipped. At each opportunity an "alive" customer
transacts with probability :math:`p`; before each opportunity a customer may "die" (leave for
good, unseen by the firm) with probability :math:`\theta`. Across customers :math:`p` follows a
Beta(:math:`\alpha, \beta`) distribution and :math:`\theta` a Beta(:math:`\gamma, \delta`)
distribution, independently.

A customer's history over :math:`n` opportunities is summarised by the **frequency**
:math:`x` (opportunities with a transaction) and the **recency** :math:`t_x` (the last such
opportunity, 0 when there was none). The likelihood of a history is

.. math::

    L = \frac{B(\alpha + x, \beta + n - x)}{B(\alpha, \beta)}
        \frac{B(\gamma, \delta + n)}{B(\gamma, \delta)}
      + \sum_{i=0}^{n - t_x - 1}
        \frac{B(\alpha + x, \beta + t_x - x + i)}{B(\alpha, \beta)}
        \frac{B(\gamma + 1, \delta + t_x + i)}{B(\gamma, \delta)},

the first term for a customer alive throughout, the others for one who died just after
opportunity :math:`t_x + i`. Everything here is computed in log space (``betaln`` and
``logsumexp``), vectorised over customers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import attrs
import numpy as np
from scipy import special

from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array
from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    FloatOrArray,
    InvalidInputError,
    OutOfRangeError,
    ShapeMismatchError,
    as_float_array,
    as_vector,
    check_broadcastable,
    check_integer,
    check_range,
    raise_at,
    shape_of,
    wrap_output,
)
from servicemetrics.models._base import (
    FittedModel,
    as_weights,
    parameter,
    positive_count,
    prediction,
)
from servicemetrics.models._chunks import in_blocks
from servicemetrics.models._fitting import maximize_likelihood

__all__ = ["BetaGeoBetaBinom", "DiscreteHistories"]


def _ones_like_frequency(self: DiscreteHistories) -> FloatArray:
    return np.ones(np.shape(self.frequency))


@attrs.frozen(repr=False)
class DiscreteHistories(ResultModel):
    """Repeat-transaction histories over discrete opportunities, one row per customer or group.

    Attributes
    ----------
    frequency : numpy.ndarray of shape (n_rows,)
        Opportunities with a transaction (the acquisition transaction is not counted).
    recency : numpy.ndarray of shape (n_rows,)
        The last opportunity with a transaction (0 when there was none).
    n_periods : numpy.ndarray of shape (n_rows,)
        Opportunities observed.
    weights : numpy.ndarray of shape (n_rows,)
        Customers sharing each history (ones unless the rows are compressed).

    Examples
    --------
    >>> from servicemetrics.models import DiscreteHistories
    >>> histories = DiscreteHistories(frequency=[1, 0, 1], recency=[2, 0, 2], n_periods=[3, 3, 3])
    >>> compressed = histories.compress()
    >>> compressed.frequency, compressed.weights
    (array([0., 1.]), array([1., 2.]))
    """

    frequency: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    recency: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    n_periods: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    weights: FloatArray = attrs.field(
        converter=frozen_array,
        eq=ARRAY_EQ,
        default=attrs.Factory(_ones_like_frequency, takes_self=True),
    )

    def __attrs_post_init__(self) -> None:
        size = self.frequency.shape
        for name in ("recency", "n_periods", "weights"):
            array = getattr(self, name)
            if array.ndim != 1 or array.shape != size:
                raise ShapeMismatchError(
                    name, f"must have the shape of frequency {size}", shape_of(array)
                )

    @property
    def n_customers(self) -> float:
        """Total number of customers, the sum of the weights."""
        return float(np.sum(self.weights))

    def compress(self) -> DiscreteHistories:
        """One row per distinct (frequency, recency, n_periods) with the summed weights.

        Fitting costs grow with the number of rows, so compressed histories fit as fast as
        their distinct patterns allow and give the same estimates.
        """
        stacked = np.stack([self.frequency, self.recency, self.n_periods]).astype(np.float64)
        unique, position = np.unique(stacked, axis=1, return_inverse=True)
        weights = np.bincount(
            position.ravel(), weights=self.weights, minlength=unique.shape[1]
        ).astype(np.float64)
        return DiscreteHistories(unique[0], unique[1], unique[2], weights)


def _whole(value: ArrayLike, name: str, *, low: float, broadcast: bool) -> FloatArray:
    coerce = as_float_array if broadcast else as_vector
    return check_integer(check_range(coerce(value, name), name, low=low), name)


def _check_histories(
    frequency: ArrayLike, recency: ArrayLike, n_periods: ArrayLike, *, broadcast: bool
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Validate discrete histories: whole, ``0 <= x <= t_x <= n``, ``x = 0`` iff ``t_x = 0``.

    Same-length vectors for a fit; broadcast against each other for predictions.
    """
    x = _whole(frequency, "frequency", low=0, broadcast=broadcast)
    t_x = _whole(recency, "recency", low=0, broadcast=broadcast)
    n = _whole(n_periods, "n_periods", low=1, broadcast=broadcast)
    if broadcast:
        shape = check_broadcastable({"frequency": x, "recency": t_x, "n_periods": n})
        x, t_x, n = (np.broadcast_to(a, shape) for a in (x, t_x, n))
    else:
        for name, array in (("recency", t_x), ("n_periods", n)):
            if array.size != x.size:
                raise ShapeMismatchError(
                    name, f"must have one value per customer ({x.size})", shape_of(array)
                )
    over = t_x > n
    if over.any():
        raise_at(OutOfRangeError, "recency", "must be <= n_periods", t_x, over)
    orphan = (x == 0) & (t_x > 0)
    if orphan.any():
        raise_at(InvalidInputError, "recency", "must be 0 when frequency is 0", t_x, orphan)
    excess = x > t_x
    if excess.any():
        raise_at(OutOfRangeError, "frequency", "must be <= recency", x, excess)
    return x, t_x, n


def _died_log_terms(
    params: FloatArray, x: FloatArray, t_x: FloatArray, n: FloatArray, width: int | None = None
) -> tuple[FloatArray, FloatArray]:
    """Offsets i and the log-terms of dying after opportunity t_x + i, i = 0 … n - t_x - 1.

    One row per i, -inf past each customer's own last i, so that sums over i are single
    reductions over customers. Successive terms differ by the factor
    (1 - (alpha + x)/(alpha + beta + t_x + i)) · (1 - (gamma + 1)/(gamma + delta + t_x + i + 1)),
    so only the first needs beta functions. ``width`` (at least the largest n - t_x) fixes the
    number of rows, so that a block of customers gets the same terms as the whole base.
    """
    alpha, beta, gamma, delta = params
    gap = n - t_x
    if width is None:
        width = int(gap.max()) if gap.size else 0
    i = np.arange(width, dtype=np.float64).reshape((-1,) + (1,) * x.ndim)
    first = (
        special.betaln(alpha + x, beta + t_x - x)
        - special.betaln(alpha, beta)
        + special.betaln(gamma + 1.0, delta + t_x)
        - special.betaln(gamma, delta)
    )
    step = np.log1p(-(alpha + x) / (alpha + beta + t_x + i[:-1])) + np.log1p(
        -(gamma + 1.0) / (gamma + delta + t_x + i[:-1] + 1.0)
    )
    died = first + np.concatenate((np.zeros_like(i[:1] + first), np.cumsum(step, axis=0)))
    return i, np.where(i < gap, died, -np.inf)


# Memory per customer and dropout opportunity of the log-terms in _died_log_terms and of the
# (purchases, n_periods) pairs in probability_of_purchases: a few float64 arrays at once.
_BYTES_PER_OPPORTUNITY = 6 * 8


def _by_customer(
    formula: Callable[..., FloatArray],
    arrays: tuple[FloatArray, ...],
    t_x: FloatArray,
    n: FloatArray,
) -> FloatArray:
    """Evaluate a per-customer formula in blocks whose dropout terms fit in memory.

    ``formula`` takes the blocks of ``arrays`` and the keyword ``width``, the number of dropout
    terms of the widest history, to pass on to :func:`_log_likelihood_terms`.
    """
    width = int(np.max(n - t_x)) if n.size else 0
    return in_blocks(
        lambda *blocks: formula(*blocks, width=width),
        arrays,
        _BYTES_PER_OPPORTUNITY * max(width, 1),
    )


def _sum_rows(terms: FloatArray) -> FloatArray:
    """Sum over the first axis, row after row.

    The order of the additions does not depend on the other axes, so a customer's sum is the
    same, to the last bit, whether the customer is evaluated alone or with others (NumPy's own
    reduction switches to pairwise summation when the summed axis is contiguous).
    """
    total = np.zeros(terms.shape[1:])
    for row in terms:
        total += row
    return total


def _log_likelihood_terms(
    params: FloatArray, x: FloatArray, t_x: FloatArray, n: FloatArray, width: int | None = None
) -> tuple[FloatArray, FloatArray]:
    """Per customer: the log of the "alive throughout" term and the log of the whole likelihood."""
    alpha, beta, gamma, delta = params
    log_b_ab = special.betaln(alpha, beta)
    log_b_gd = special.betaln(gamma, delta)
    alive = (
        special.betaln(alpha + x, beta + n - x)
        - log_b_ab
        + special.betaln(gamma, delta + n)
        - log_b_gd
    )
    died = _died_log_terms(params, x, t_x, n, width)[1]
    peak = np.maximum(alive, died.max(axis=0, initial=-np.inf))
    total = peak + np.log(np.exp(alive - peak) + _sum_rows(np.exp(died - peak)))
    return np.asarray(alive), np.asarray(total)


def _log_likelihood_gradient(
    params: FloatArray, x: FloatArray, t_x: FloatArray, n: FloatArray, weights: FloatArray
) -> FloatArray:
    """Derivatives of the weighted total log-likelihood with respect to the four parameters.

    Each customer's derivative is the average of the derivatives of the log-terms of
    :func:`_log_likelihood_terms`, weighted by each term's share of the likelihood.
    """
    alpha, beta, gamma, delta = params
    psi = special.digamma
    norm = np.array(
        [
            psi(alpha) - psi(alpha + beta),
            psi(beta) - psi(alpha + beta),
            psi(gamma) - psi(gamma + delta),
            psi(delta) - psi(gamma + delta),
        ]
    )
    alive, total = _log_likelihood_terms(params, x, t_x, n)
    share_alive = np.exp(alive - total)
    d_alive = (
        psi(alpha + x) - psi(alpha + beta + n),
        psi(beta + n - x) - psi(alpha + beta + n),
        psi(gamma) - psi(gamma + delta + n),
        psi(delta + n) - psi(gamma + delta + n),
    )
    i, died = _died_log_terms(params, x, t_x, n)
    share_died = np.exp(died - total)
    d_died = (
        psi(alpha + x) - psi(alpha + beta + t_x + i),
        psi(beta + t_x - x + i) - psi(alpha + beta + t_x + i),
        psi(gamma + 1.0) - psi(gamma + delta + t_x + i + 1.0),
        psi(delta + t_x + i) - psi(gamma + delta + t_x + i + 1.0),
    )
    per_parameter = [
        weights @ (share_alive * a + np.sum(share_died * d, axis=0))
        for a, d in zip(d_alive, d_died, strict=True)
    ]
    return np.asarray(per_parameter, dtype=np.float64) - float(weights.sum()) * norm


def _expected_alive_opportunities(gamma: float, delta: FloatArray, m: FloatArray) -> FloatArray:
    r"""Expected opportunities at which a customer is alive among the next ``m``.

    :math:`\sum_{t=1}^{m} B(\gamma, \delta + t) / B(\gamma, \delta)
    = \frac{\delta}{\gamma - 1}\left[1 - \frac{\Gamma(\gamma + \delta)\,\Gamma(1 + \delta + m)}
    {\Gamma(1 + \delta)\,\Gamma(\gamma + \delta + m)}\right]`, with its limit
    :math:`\delta\,[\psi(1 + \delta + m) - \psi(1 + \delta)]` at :math:`\gamma = 1`.
    """
    eps = gamma - 1.0
    if abs(eps) < 1e-3:
        # Near gamma = 1 the closed form is 0/0. Write f = ln[Γ(γ+δ)Γ(1+δ+m)/(Γ(1+δ)Γ(γ+δ+m))]
        # as its Taylor series in eps (coefficients are polygamma differences), so that
        # sum = -δ · (f/eps) · exprel(f) has no cancellation.
        f_over_eps = np.zeros(np.broadcast_shapes(np.shape(delta), np.shape(m)))
        factorial = 1.0
        for order in range(1, 7):
            factorial *= order
            derivative = special.polygamma(order - 1, 1.0 + delta) - special.polygamma(
                order - 1, 1.0 + delta + m
            )
            f_over_eps = f_over_eps + derivative * eps ** (order - 1) / factorial
        return np.asarray(-delta * f_over_eps * special.exprel(eps * f_over_eps))
    log_ratio = (
        special.gammaln(gamma + delta)
        - special.gammaln(gamma + delta + m)
        + special.gammaln(1.0 + delta + m)
        - special.gammaln(1.0 + delta)
    )
    return np.asarray(-delta / eps * np.expm1(log_ratio))


@attrs.frozen(repr=False)
class BetaGeoBetaBinom(FittedModel):
    r"""BG/BB model of repeat transactions at discrete opportunities in a noncontractual setting.

    Build the model from its parameters, or estimate them from customers' histories with
    :meth:`fit`.

    Parameters
    ----------
    alpha, beta : float
        Parameters of the beta distribution of the transaction probability :math:`p` while
        alive, both > 0 (mean ``alpha / (alpha + beta)``).
    gamma, delta : float
        Parameters of the beta distribution of the dropout probability :math:`\theta`, both > 0
        (mean ``gamma / (gamma + delta)``).
    log_likelihood, standard_errors, covariance, n_observations : optional, keyword-only
        Fit metadata, set by :meth:`fit`.

    Notes
    -----
    Opportunities are numbered 1, 2, …; the opportunity at which a customer was acquired is
    not one of them. A customer alive at opportunity :math:`t` was alive at every earlier one:
    :math:`P(\text{alive at } t) = B(\gamma, \delta + t) / B(\gamma, \delta)`.

    References
    ----------
    - Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a
      discrete-time noncontractual setting. Marketing Science, 29(6), 1086–1108.

    Examples
    --------
    >>> from servicemetrics.models import BetaGeoBetaBinom
    >>> model = BetaGeoBetaBinom(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
    >>> round(model.p_alive(frequency=3, recency=4, n_periods=6), 4)
    0.4395
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("alpha", "beta", "gamma", "delta")

    alpha: float = parameter()
    beta: float = parameter()
    gamma: float = parameter()
    delta: float = parameter()

    @classmethod
    def fit(
        cls,
        frequency: ArrayLike,
        recency: ArrayLike,
        n_periods: ArrayLike,
        *,
        weights: ArrayLike | None = None,
        penalty: float = 0.0,
    ) -> BetaGeoBetaBinom:
        """Estimate the four parameters by maximum likelihood from customers' histories.

        Parameters
        ----------
        frequency : array-like of shape (n_customers,)
            Opportunities with a transaction, whole numbers >= 0 (the acquisition transaction
            is not counted).
        recency : array-like of shape (n_customers,)
            The last opportunity with a transaction, whole, ``frequency <= recency <=
            n_periods``, and 0 exactly when ``frequency`` is 0.
        n_periods : array-like of shape (n_customers,)
            Opportunities observed for each customer, whole numbers >= 1.
        weights : array-like of shape (n_customers,), optional
            Number of customers sharing each history (compressed data); ones by default.
        penalty : float, default 0.0
            Coefficient of an optional L2 penalty on the parameters (0 gives plain maximum
            likelihood).

        Returns
        -------
        BetaGeoBetaBinom
            The fitted model with ``log_likelihood`` (the weighted total), standard errors from
            the observed information and ``n_observations`` (the total weight).

        Raises
        ------
        OutOfRangeError
            If a value is negative, ``recency > n_periods`` or ``frequency > recency``.
        InvalidInputError
            If a value is not whole, ``recency`` > 0 with ``frequency`` 0, the input is empty,
            or the weights have no positive total.
        ShapeMismatchError
            If the arrays differ in length or are not one-dimensional.
        ConvergenceError
            If the optimiser does not converge.

        References
        ----------
        - Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a
          discrete-time noncontractual setting. Marketing Science, 29(6), 1086–1108.

        Examples
        --------
        The 11,104 donors of Fader, Hardie & Shang (2010), as 22 distinct histories:

        >>> from servicemetrics.datasets import load_donations
        >>> from servicemetrics.models import BetaGeoBetaBinom
        >>> d = load_donations()
        >>> model = BetaGeoBetaBinom.fit(d.frequency, d.recency, d.n_periods, weights=d.weights)
        >>> [round(v, 3) for v in model.parameters.values()]
        [1.204, 0.75, 0.657, 2.783]
        >>> round(model.log_likelihood, 1)
        -33225.6
        """
        x, t_x, n = _check_histories(frequency, recency, n_periods, broadcast=False)
        w = as_weights(weights, x.size)
        # Customers with the same history contribute the same term: fit on distinct histories.
        histories, position = np.unique(np.stack((x, t_x, n)), axis=1, return_inverse=True)
        w = np.bincount(position.ravel(), weights=w, minlength=histories.shape[1]).astype(
            np.float64
        )
        x, t_x, n = histories
        result = maximize_likelihood(
            lambda p: float(w @ _log_likelihood_terms(p, x, t_x, n)[1]),
            (1.0, 1.0, 1.0, 1.0),
            cls.parameter_names,
            gradient=lambda p: _log_likelihood_gradient(p, x, t_x, n, w),
            penalty=penalty,
            n_observations=float(w.sum()),
        )
        return cls._from_fit(result)

    @property
    def _params(self) -> FloatArray:
        return np.array([self.alpha, self.beta, self.gamma, self.delta])

    def log_likelihood_of(
        self, frequency: ArrayLike, recency: ArrayLike, n_periods: ArrayLike
    ) -> FloatOrArray:
        """Log-likelihood of each history under the model's parameters.

        Parameters
        ----------
        frequency, recency, n_periods : array-like
            Histories as in :meth:`fit`; they broadcast together.

        Returns
        -------
        float or numpy.ndarray
            The log of the likelihood :math:`L` of each history (<= 0).

        References
        ----------
        - Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a
          discrete-time noncontractual setting. Marketing Science, 29(6), 1086–1108.

        Examples
        --------
        A customer with no repeat transaction in one opportunity either stayed alive and did
        not transact, or died before it: ``beta/(alpha+beta) · delta/(gamma+delta) +
        gamma/(gamma+delta)``.

        >>> from servicemetrics.models import BetaGeoBetaBinom
        >>> model = BetaGeoBetaBinom(alpha=1.0, beta=1.0, gamma=1.0, delta=1.0)
        >>> round(float(np.exp(model.log_likelihood_of(0, 0, 1))), 6)
        0.75
        """
        x, t_x, n = _check_histories(frequency, recency, n_periods, broadcast=True)

        def log_likelihood(
            x: FloatArray, t_x: FloatArray, n: FloatArray, *, width: int
        ) -> FloatArray:
            return _log_likelihood_terms(self._params, x, t_x, n, width)[1]

        return wrap_output(_by_customer(log_likelihood, (x, t_x, n), t_x, n), frequency)

    @prediction
    def p_alive(
        self, frequency: ArrayLike, recency: ArrayLike, n_periods: ArrayLike
    ) -> FloatOrArray:
        r"""Probability that a customer with this history is alive at the next opportunity.

        .. math::

            P(\text{alive at } n + 1 \mid x, t_x, n) =
            \frac{B(\alpha + x, \beta + n - x)}{B(\alpha, \beta)}
            \frac{B(\gamma, \delta + n + 1)}{B(\gamma, \delta)} \Big/ L

        Parameters
        ----------
        frequency, recency, n_periods : array-like
            Histories as in :meth:`fit`; they broadcast together.

        Returns
        -------
        float or numpy.ndarray
            Probabilities in [0, 1]; a Series input gives a Series.

        References
        ----------
        - Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a
          discrete-time noncontractual setting. Marketing Science, 29(6), 1086–1108.

        Examples
        --------
        Donors who gave at all six opportunities are almost surely still alive; those who
        stopped after the first are probably not:

        >>> from servicemetrics.models import BetaGeoBetaBinom
        >>> model = BetaGeoBetaBinom(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
        >>> model.p_alive([6, 1], [6, 1], 6)
        array([0.93040254, 0.06940809])
        """
        x, t_x, n = _check_histories(frequency, recency, n_periods, broadcast=True)

        def p_alive(x: FloatArray, t_x: FloatArray, n: FloatArray, *, width: int) -> FloatArray:
            alive, total = _log_likelihood_terms(self._params, x, t_x, n, width)
            # Alive at n + 1 = alive throughout n, times surviving one more dropout draw, which
            # updates delta by n: (delta + n) / (gamma + delta + n).
            log_next = np.log(self.delta + n) - np.log(self.gamma + self.delta + n)
            return np.asarray(np.exp(alive + log_next - total))

        probability = _by_customer(p_alive, (x, t_x, n), t_x, n)
        return wrap_output(probability, frequency, recency, n_periods)

    @prediction
    def expected_purchases(self, n_periods: ArrayLike) -> FloatOrArray:
        r"""Expected transactions of a new customer over the first ``n_periods`` opportunities.

        .. math::

            E[X(n)] = \frac{\alpha}{\alpha + \beta}\,\frac{\delta}{\gamma - 1}
            \left[1 - \frac{\Gamma(\gamma + \delta)}{\Gamma(\gamma + \delta + n)}
            \frac{\Gamma(1 + \delta + n)}{\Gamma(1 + \delta)}\right]

        (with its limit at :math:`\gamma = 1`).

        Parameters
        ----------
        n_periods : array-like
            Opportunities, whole numbers >= 0.

        Returns
        -------
        float or numpy.ndarray
            Expected transactions, >= 0 and non-decreasing in ``n_periods``.

        References
        ----------
        - Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a
          discrete-time noncontractual setting. Marketing Science, 29(6), 1086–1108.

        Examples
        --------
        >>> from servicemetrics.models import BetaGeoBetaBinom
        >>> model = BetaGeoBetaBinom(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
        >>> model.expected_purchases([1, 6, 11])
        array([0.49849028, 2.21963139, 3.38757111])
        """
        n = _whole(n_periods, "n_periods", low=0, broadcast=True)
        rate = self.alpha / (self.alpha + self.beta)
        expected = rate * _expected_alive_opportunities(self.gamma, np.asarray(self.delta), n)
        return wrap_output(np.asarray(expected, dtype=np.float64), n_periods)

    @prediction
    def conditional_expected_purchases(
        self,
        future_periods: ArrayLike,
        frequency: ArrayLike,
        recency: ArrayLike,
        n_periods: ArrayLike,
    ) -> FloatOrArray:
        r"""Expected transactions in the next ``future_periods`` opportunities, given a history.

        .. math::

            E[X(n, n + n^*) \mid x, t_x, n] =
            \frac{1}{L}\,\frac{B(\alpha + x + 1, \beta + n - x)}{B(\alpha, \beta)}
            \frac{\delta}{\gamma - 1}\frac{\Gamma(\gamma + \delta)}{\Gamma(1 + \delta)}
            \left[\frac{\Gamma(1 + \delta + n)}{\Gamma(\gamma + \delta + n)}
            - \frac{\Gamma(1 + \delta + n + n^*)}{\Gamma(\gamma + \delta + n + n^*)}\right]

        computed as P(alive through :math:`n`) × posterior mean of :math:`p` × expected alive
        opportunities among the next :math:`n^*`, in log space.

        Parameters
        ----------
        future_periods : array-like
            Opportunities ahead, :math:`n^*`, whole numbers >= 0.
        frequency, recency, n_periods : array-like
            Histories as in :meth:`fit`. All four arguments broadcast together.

        Returns
        -------
        float or numpy.ndarray
            Expected transactions, >= 0 and non-decreasing in ``future_periods``.

        References
        ----------
        - Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a
          discrete-time noncontractual setting. Marketing Science, 29(6), 1086–1108.

        Examples
        --------
        Expected donations over the next five years by donors who gave in 3 of the 6 years,
        the last time in year 6 or in year 4:

        >>> from servicemetrics.models import BetaGeoBetaBinom
        >>> model = BetaGeoBetaBinom(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
        >>> model.conditional_expected_purchases(5, 3, [6, 4], 6)
        array([2.18960217, 1.0342285 ])
        """
        ahead = _whole(future_periods, "future_periods", low=0, broadcast=True)
        x, t_x, n = _check_histories(frequency, recency, n_periods, broadcast=True)
        check_broadcastable({"future_periods": ahead, "frequency": x})

        def expected_purchases(
            ahead: FloatArray, x: FloatArray, t_x: FloatArray, n: FloatArray, *, width: int
        ) -> FloatArray:
            alive, total = _log_likelihood_terms(self._params, x, t_x, n, width)
            posterior_rate = (self.alpha + x) / (self.alpha + self.beta + n)
            opportunities = _expected_alive_opportunities(self.gamma, self.delta + n, ahead)
            expected = np.exp(alive - total) * posterior_rate * opportunities
            return np.broadcast_to(expected, np.broadcast_shapes(ahead.shape, x.shape))

        expected = _by_customer(expected_purchases, (ahead, x, t_x, n), t_x, n)
        return wrap_output(expected, future_periods, frequency, recency, n_periods)

    @prediction
    def probability_of_purchases(self, purchases: ArrayLike, n_periods: ArrayLike) -> FloatOrArray:
        r"""Probability that a new customer makes ``purchases`` transactions in ``n_periods``.

        .. math::

            P(X(n) = x) = \binom{n}{x}\frac{B(\alpha + x, \beta + n - x)}{B(\alpha, \beta)}
            \frac{B(\gamma, \delta + n)}{B(\gamma, \delta)}
            + \sum_{i=x}^{n-1}\binom{i}{x}\frac{B(\alpha + x, \beta + i - x)}{B(\alpha, \beta)}
            \frac{B(\gamma + 1, \delta + i)}{B(\gamma, \delta)}

        Parameters
        ----------
        purchases : array-like
            Number of transactions, whole numbers >= 0.
        n_periods : array-like
            Opportunities, whole numbers >= 0; broadcasts against ``purchases``.

        Returns
        -------
        float or numpy.ndarray
            Probabilities in [0, 1], 0 where ``purchases > n_periods``; they sum to 1 over
            ``purchases = 0 … n_periods``.

        References
        ----------
        - Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a
          discrete-time noncontractual setting. Marketing Science, 29(6), 1086–1108.

        Examples
        --------
        >>> from servicemetrics.models import BetaGeoBetaBinom
        >>> model = BetaGeoBetaBinom(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
        >>> probabilities = model.probability_of_purchases(range(7), 6)
        >>> probabilities.round(4)
        array([0.3112, 0.1701, 0.1215, 0.1003, 0.0917, 0.0925, 0.1128])
        >>> round(float(probabilities.sum()), 12)
        1.0
        """
        k = _whole(purchases, "purchases", low=0, broadcast=True)
        n = _whole(n_periods, "n_periods", low=0, broadcast=True)
        shape = check_broadcastable({"purchases": k, "n_periods": n})
        k, n = np.broadcast_to(k, shape), np.broadcast_to(n, shape)
        width = int(n.max()) if n.size else 0
        # Each (purchases, n_periods) pair holds a row of its possible dropout opportunities.
        probability = in_blocks(
            lambda k, n: self._purchase_count_pmf(k, n, width),
            (k, n),
            _BYTES_PER_OPPORTUNITY * max(width, 1),
        )
        return wrap_output(probability, purchases, n_periods)

    def _purchase_count_pmf(self, k: FloatArray, n: FloatArray, width: int) -> FloatArray:
        """P(X(n) = k) for checked ``k`` and ``n``, with dropout terms up to ``width``."""
        possible = k <= n
        k_ok = np.where(possible, k, 0.0)
        log_b_ab = special.betaln(self.alpha, self.beta)
        log_b_gd = special.betaln(self.gamma, self.delta)
        alive = (
            _log_binomial(n, k_ok)
            + special.betaln(self.alpha + k_ok, self.beta + n - k_ok)
            - log_b_ab
            + special.betaln(self.gamma, self.delta + n)
            - log_b_gd
        )
        i = np.arange(width, dtype=np.float64).reshape((-1,) + (1,) * k.ndim)
        died = (
            _log_binomial(np.maximum(i, k_ok), k_ok)
            + special.betaln(self.alpha + k_ok, self.beta + np.maximum(i - k_ok, 0.0))
            - log_b_ab
            + special.betaln(self.gamma + 1.0, self.delta + i)
            - log_b_gd
        )
        died = np.where((i >= k_ok) & (i < n), died, -np.inf)
        terms = np.concatenate((alive[np.newaxis], died))
        peak = terms.max(axis=0)
        log_p = peak + np.log(_sum_rows(np.exp(terms - peak)))
        return np.where(possible, np.exp(log_p), 0.0)

    @prediction
    def discounted_expected_residual_transactions(
        self,
        discount_rate: ArrayLike,
        frequency: ArrayLike,
        recency: ArrayLike,
        n_periods: ArrayLike,
    ) -> FloatOrArray:
        r"""Discounted expected residual transactions (DERT) of a customer with this history.

        The expected number of transactions at all future opportunities :math:`n + 1, n + 2,
        \ldots`, the one at :math:`n + k` discounted by :math:`(1 + d)^k`:

        .. math::

            \mathrm{DERT} = \frac{1}{L}\,
            \frac{B(\alpha + x + 1, \beta + n - x)}{B(\alpha, \beta)}
            \frac{B(\gamma, \delta + n + 1)}{B(\gamma, \delta)\,(1 + d)}\;
            {}_2F_1\!\left(1, \delta + n + 1; \gamma + \delta + n + 1; \tfrac{1}{1 + d}\right)

        Multiply by the value of one transaction for a customer's residual lifetime value.

        Parameters
        ----------
        discount_rate : array-like
            Discount rate per opportunity, > 0.
        frequency, recency, n_periods : array-like
            Histories as in :meth:`fit`. All four arguments broadcast together.

        Returns
        -------
        float or numpy.ndarray
            DERT in transactions, >= 0.

        References
        ----------
        - Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a
          discrete-time noncontractual setting. Marketing Science, 29(6), 1086–1108.

        Examples
        --------
        >>> from servicemetrics.models import BetaGeoBetaBinom
        >>> model = BetaGeoBetaBinom(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
        >>> model.discounted_expected_residual_transactions(0.1, [6, 0], [6, 0], 6)
        array([5.90867832, 0.114647  ])
        """
        d = check_range(
            as_float_array(discount_rate, "discount_rate"),
            "discount_rate",
            low=0,
            low_inclusive=False,
        )
        x, t_x, n = _check_histories(frequency, recency, n_periods, broadcast=True)
        check_broadcastable({"discount_rate": d, "frequency": x})

        def residual(
            d: FloatArray, x: FloatArray, t_x: FloatArray, n: FloatArray, *, width: int
        ) -> FloatArray:
            alive, total = _log_likelihood_terms(self._params, x, t_x, n, width)
            posterior_rate = (self.alpha + x) / (self.alpha + self.beta + n)
            b = self.delta + n + 1.0
            c = self.gamma + b
            z = 1.0 / (1.0 + d)
            # B(gamma, delta + n + 1) / B(gamma, delta + n) = (delta + n)/(gamma + delta + n).
            ahead = (b - 1.0) / (c - 1.0) * z * special.hyp2f1(1.0, b, c, z)
            dert = np.exp(alive - total) * posterior_rate * ahead
            return np.broadcast_to(dert, np.broadcast_shapes(d.shape, x.shape))

        dert = _by_customer(residual, (d, x, t_x, n), t_x, n)
        return wrap_output(dert, discount_rate, frequency, recency, n_periods)

    def simulate(
        self,
        n_customers: int,
        n_periods: int,
        *,
        seed: int | np.random.Generator | None = None,
    ) -> DiscreteHistories:
        r"""Draw customers from the model and summarise their histories.

        Each customer draws :math:`p` from Beta(``alpha``, ``beta``) and :math:`\theta` from
        Beta(``gamma``, ``delta``); before each opportunity an alive customer dies with
        probability :math:`\theta`, and at each opportunity while alive transacts with
        probability :math:`p`.

        Parameters
        ----------
        n_customers : int
            Customers, >= 1.
        n_periods : int
            Opportunities observed, >= 1.
        seed : int or numpy.random.Generator, optional
            Seed or generator; the same seed gives the same customers.

        Returns
        -------
        DiscreteHistories
            ``frequency``, ``recency`` and ``n_periods`` of each customer, ready for
            :meth:`fit`.

        References
        ----------
        - Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a
          discrete-time noncontractual setting. Marketing Science, 29(6), 1086–1108.

        Examples
        --------
        >>> from servicemetrics.models import BetaGeoBetaBinom
        >>> model = BetaGeoBetaBinom(alpha=1.2, beta=0.75, gamma=0.66, delta=2.8)
        >>> sample = model.simulate(1000, 6, seed=1)
        >>> sample.frequency.shape, bool((sample.frequency <= sample.recency).all())
        ((1000,), True)
        """
        size = positive_count(n_customers, "n_customers")
        periods = positive_count(n_periods, "n_periods")
        rng = np.random.default_rng(seed)
        p = rng.beta(self.alpha, self.beta, size)
        theta = rng.beta(self.gamma, self.delta, size)
        # Alive at opportunities 1 … L, with P(L >= t) = (1 - theta)^t.
        alive_until = rng.geometric(np.maximum(theta, 1e-300)) - 1
        t = np.arange(1, periods + 1)
        buys = (rng.random((size, periods)) < p[:, np.newaxis]) & (t <= alive_until[:, None])
        frequency = buys.sum(axis=1).astype(np.float64)
        recency = np.max(np.where(buys, t, 0), axis=1).astype(np.float64)
        return DiscreteHistories(
            frequency=frequency, recency=recency, n_periods=np.full(size, float(periods))
        )


def _log_binomial(n: FloatArray, k: FloatArray) -> FloatArray:
    return np.asarray(
        special.gammaln(n + 1.0) - special.gammaln(k + 1.0) - special.gammaln(n - k + 1.0)
    )
