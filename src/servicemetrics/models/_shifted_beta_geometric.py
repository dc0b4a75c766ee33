r"""The shifted-beta-geometric (sBG) model of contract duration (Fader & Hardie 2007).

In a contractual setting (subscriptions, memberships, annual contracts) every customer faces
one renewal decision per period and the firm sees who leaves. Each customer has a constant
churn probability :math:`\theta`, but :math:`\theta` differs between customers and follows a
beta distribution with parameters :math:`\alpha, \beta` across the cohort. Because the customers
most likely to leave are the first to go, the cohort's retention rate *rises* over time even
though no individual's does. With :math:`T` the period at whose end a customer leaves
(:math:`T = 1, 2, \ldots`):

.. math::

    P(T = t) = \frac{B(\alpha + 1, \beta + t - 1)}{B(\alpha, \beta)}, \qquad
    S(t) = P(T > t) = \frac{B(\alpha, \beta + t)}{B(\alpha, \beta)}, \qquad
    r_t = \frac{S(t)}{S(t-1)} = \frac{\beta + t - 1}{\alpha + \beta + t - 1}.
"""

from __future__ import annotations

import math
from typing import ClassVar

import attrs
import numpy as np
from scipy import special

from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    FloatOrArray,
    InvalidInputError,
    as_float_array,
    as_vector,
    check_broadcastable,
    check_integer,
    check_range,
    raise_at,
    shape_of,
    wrap_output,
)
from servicemetrics.models._base import FittedModel, parameter, positive_count, prediction
from servicemetrics.models._fitting import maximize_likelihood

__all__ = ["ShiftedBetaGeometric"]


def _periods(t: ArrayLike, name: str, *, low: int) -> FloatArray:
    """Whole numbers of periods, at least ``low``."""
    return check_integer(check_range(as_float_array(t, name), name, low=low), name)


def _check_survivors(survivors: ArrayLike) -> FloatArray:
    counts = check_range(as_vector(survivors, "survivors"), "survivors", low=0)
    if counts.size < 3:
        raise InvalidInputError(
            "survivors",
            "must hold the cohort size and at least two later counts",
            shape_of(counts),
        )
    if counts[0] <= 0:
        raise InvalidInputError("survivors", "must start with a cohort size > 0", counts[0])
    rises = np.zeros(counts.shape, dtype=bool)
    rises[1:] = np.diff(counts) > 0.0
    if rises.any():
        raise_at(InvalidInputError, "survivors", "must be non-increasing", counts, rises)
    # Without a loss, or with everybody lost in the first period, the likelihood has no
    # maximum (beta runs to infinity or to zero), so there is nothing to estimate.
    if counts[-1] == counts[0]:
        raise InvalidInputError(
            "survivors", "must fall at least once (nobody left, so churn cannot be estimated)"
        )
    if counts[1] == 0:
        raise InvalidInputError(
            "survivors",
            "must keep someone after the first period (everybody left at once)",
        )
    return counts


def _log_likelihood(alpha: float, beta: float, churned: FloatArray, still_active: float) -> float:
    """Log-likelihood of the churners per period plus the right-censored survivors."""
    periods = np.arange(1.0, churned.size + 1.0)
    log_norm = special.betaln(alpha, beta)
    log_churn = special.betaln(alpha + 1.0, beta + periods - 1.0) - log_norm
    log_survive = special.betaln(alpha, beta + churned.size) - log_norm
    return float(churned @ log_churn + still_active * log_survive)


def _gradient(alpha: float, beta: float, churned: FloatArray, still_active: float) -> FloatArray:
    """Derivatives of :func:`_log_likelihood` with respect to ``alpha`` and ``beta``."""
    periods = np.arange(1.0, churned.size + 1.0)
    n = churned.size
    d_norm_a = special.digamma(alpha) - special.digamma(alpha + beta)
    d_norm_b = special.digamma(beta) - special.digamma(alpha + beta)
    total = special.digamma(alpha + beta + periods)
    d_churn_a = special.digamma(alpha + 1.0) - total - d_norm_a
    d_churn_b = special.digamma(beta + periods - 1.0) - total - d_norm_b
    total_n = special.digamma(alpha + beta + n)
    d_survive_a = special.digamma(alpha) - total_n - d_norm_a
    d_survive_b = special.digamma(beta + n) - total_n - d_norm_b
    return np.array(
        [
            churned @ d_churn_a + still_active * d_survive_a,
            churned @ d_churn_b + still_active * d_survive_b,
        ]
    )


@attrs.frozen(repr=False)
class ShiftedBetaGeometric(FittedModel):
    r"""Shifted-beta-geometric model of retention in a contractual setting.

    Each customer renews at the end of every period with a constant probability
    :math:`1 - \theta`; across the cohort :math:`\theta` follows a beta distribution with
    parameters ``alpha`` and ``beta``. Build the model from its parameters, or estimate them
    from a cohort's survivor counts with :meth:`fit`.

    Parameters
    ----------
    alpha, beta : float
        Parameters of the beta distribution of the churn probability, both > 0. Its mean
        ``alpha / (alpha + beta)`` is the expected churn in the first period; the smaller
        ``alpha + beta``, the more customers differ.
    log_likelihood, standard_errors, covariance, n_observations : optional, keyword-only
        Fit metadata, set by :meth:`fit`.

    Notes
    -----
    Periods are counted from acquisition: period 1 ends with the first renewal decision.
    :math:`S(t)` is the share of the cohort still active after :math:`t` decisions, so
    :math:`S(0) = 1`, and :math:`T` (the lifetime) counts the period in which the customer
    leaves, as in :mod:`servicemetrics.retention`.

    References
    ----------
    - Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. Journal of
      Interactive Marketing, 21(1), 76–90.
    - Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a contractual setting:
      the perils of ignoring heterogeneity. Marketing Science, 29(1), 85–93.

    Examples
    --------
    >>> from servicemetrics.models import ShiftedBetaGeometric
    >>> model = ShiftedBetaGeometric(alpha=0.704, beta=1.182)
    >>> model.retention([1, 2, 3])
    array([0.62672322, 0.75606376, 0.81883685])
    """

    parameter_names: ClassVar[tuple[str, ...]] = ("alpha", "beta")

    alpha: float = parameter()
    beta: float = parameter()

    @classmethod
    def fit(cls, survivors: ArrayLike, *, penalty: float = 0.0) -> ShiftedBetaGeometric:
        r"""Estimate ``alpha`` and ``beta`` by maximum likelihood from a cohort's survivors.

        The customers who left in each period are exactly observed churn times; those still
        active after the last period are right-censored (they contribute :math:`S(n)`):

        .. math::

            \mathrm{LL} = \sum_{t=1}^{n} (s_{t-1} - s_t) \ln P(T = t) + s_n \ln S(n).

        Parameters
        ----------
        survivors : array-like of shape (n + 1,)
            Customers still active at the start of periods 0, 1, …, n: the first element is the
            cohort size (> 0), and the counts must not increase. Counts scaled to any base (per
            1,000, percentages) give the same estimates with a scaled log-likelihood.
        penalty : float, default 0.0
            Coefficient of an optional L2 penalty on the parameters (0 gives plain maximum
            likelihood).

        Returns
        -------
        ShiftedBetaGeometric
            The fitted model with ``log_likelihood`` (the total over the cohort), standard
            errors from the observed information, and ``n_observations`` the cohort size.

        Raises
        ------
        InvalidInputError
            If ``survivors`` is not a vector of at least three counts, starts with 0, rises,
            never falls, or falls to 0 in the first period (the last two leave the likelihood
            without a maximum).
        OutOfRangeError
            If a count is negative.
        ConvergenceError
            If the optimiser does not converge.

        References
        ----------
        - Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. Journal of
          Interactive Marketing, 21(1), 76–90.

        Examples
        --------
        The "regular" cohort of Fader & Hardie (2007), fitted on years 0–7:

        >>> from servicemetrics.models import ShiftedBetaGeometric
        >>> survivors = [1000, 631, 468, 382, 326, 289, 262, 241]
        >>> model = ShiftedBetaGeometric.fit(survivors)
        >>> round(model.alpha, 3), round(model.beta, 3), round(model.log_likelihood, 1)
        (0.704, 1.182, -1680.3)
        """
        counts = _check_survivors(survivors)
        churned = -np.diff(counts)
        still_active = float(counts[-1])
        result = maximize_likelihood(
            lambda p: _log_likelihood(p[0], p[1], churned, still_active),
            (1.0, 1.0),
            cls.parameter_names,
            gradient=lambda p: _gradient(p[0], p[1], churned, still_active),
            penalty=penalty,
            n_observations=float(counts[0]),
        )
        return cls._from_fit(result)

    @prediction
    def survival(self, t: ArrayLike) -> FloatOrArray:
        r"""Share of the cohort still active after ``t`` renewal decisions, :math:`S(t)`.

        .. math:: S(t) = \frac{B(\alpha, \beta + t)}{B(\alpha, \beta)}

        Parameters
        ----------
        t : array-like of int
            Periods since acquisition, whole numbers >= 0.

        Returns
        -------
        float or numpy.ndarray
            :math:`S(t)` in (0, 1], non-increasing in ``t``; :math:`S(0) = 1`.

        References
        ----------
        - Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. Journal of
          Interactive Marketing, 21(1), 76–90.

        Examples
        --------
        >>> from servicemetrics.models import ShiftedBetaGeometric
        >>> model = ShiftedBetaGeometric(alpha=1.0, beta=1.0)
        >>> model.survival([0, 1, 4])
        array([1. , 0.5, 0.2])
        """
        periods = _periods(t, "t", low=0)
        log_s = special.betaln(self.alpha, self.beta + periods) - special.betaln(
            self.alpha, self.beta
        )
        return wrap_output(np.exp(log_s), t)

    @prediction
    def retention(self, t: ArrayLike) -> FloatOrArray:
        r"""Retention rate of period ``t``: the share of period-:math:`t-1` survivors who renew.

        .. math:: r_t = \frac{S(t)}{S(t-1)} = \frac{\beta + t - 1}{\alpha + \beta + t - 1}

        Parameters
        ----------
        t : array-like of int
            Periods, whole numbers >= 1 (``t = 1`` is the first renewal decision).

        Returns
        -------
        float or numpy.ndarray
            Retention in (0, 1), increasing in ``t`` towards 1.

        References
        ----------
        - Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. Journal of
          Interactive Marketing, 21(1), 76–90.

        Examples
        --------
        >>> from servicemetrics.models import ShiftedBetaGeometric
        >>> ShiftedBetaGeometric(alpha=1.0, beta=1.0).retention([1, 2, 3])
        array([0.5       , 0.66666667, 0.75      ])
        """
        periods = _periods(t, "t", low=1)
        rate = (self.beta + periods - 1.0) / (self.alpha + self.beta + periods - 1.0)
        return wrap_output(rate, t)

    @prediction
    def churn_probability(self, t: ArrayLike) -> FloatOrArray:
        r"""Probability that a newly acquired customer leaves at the end of period ``t``.

        .. math:: P(T = t) = \frac{B(\alpha + 1, \beta + t - 1)}{B(\alpha, \beta)}
                  = S(t - 1) - S(t)

        This is the share of the *original cohort* lost in period ``t``; the share of that
        period's survivors who leave is ``1 - retention(t)``.

        Parameters
        ----------
        t : array-like of int
            Periods, whole numbers >= 1.

        Returns
        -------
        float or numpy.ndarray
            Probabilities in (0, 1) summing to 1 over all periods.

        References
        ----------
        - Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. Journal of
          Interactive Marketing, 21(1), 76–90.

        Examples
        --------
        >>> from servicemetrics.models import ShiftedBetaGeometric
        >>> ShiftedBetaGeometric(alpha=1.0, beta=1.0).churn_probability([1, 2, 3])
        array([0.5       , 0.16666667, 0.08333333])
        """
        periods = _periods(t, "t", low=1)
        log_p = special.betaln(self.alpha + 1.0, self.beta + periods - 1.0) - special.betaln(
            self.alpha, self.beta
        )
        return wrap_output(np.exp(log_p), t)

    @prediction
    def expected_lifetime(self) -> float:
        r"""Expected number of periods a new customer stays, counting the period of leaving.

        .. math:: E[T] = \sum_{t \ge 0} S(t) = \frac{\alpha + \beta - 1}{\alpha - 1}
                  \quad (\alpha > 1)

        Returns
        -------
        float
            The mean lifetime in periods, or ``inf`` when ``alpha <= 1``: then enough
            customers are nearly certain to renew that the mean lifetime is unbounded (the
            discounted lifetime, :meth:`discounted_expected_lifetime`, is always finite).

        References
        ----------
        - Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. Journal of
          Interactive Marketing, 21(1), 76–90.

        Examples
        --------
        >>> from servicemetrics.models import ShiftedBetaGeometric
        >>> ShiftedBetaGeometric(alpha=3.0, beta=6.0).expected_lifetime()
        4.0
        >>> ShiftedBetaGeometric(alpha=0.704, beta=1.182).expected_lifetime()
        inf
        """
        if self.alpha <= 1.0:
            return math.inf
        return (self.alpha + self.beta - 1.0) / (self.alpha - 1.0)

    @prediction
    def discounted_expected_lifetime(self, discount_rate: ArrayLike) -> FloatOrArray:
        r"""Discounted expected lifetime (DEL) of a customer about to be acquired.

        The expected number of periods paid for, one payment at the start of each period while
        the customer is active (the first at acquisition), each discounted at ``discount_rate``
        per period:

        .. math:: \mathrm{DEL}(d) = \sum_{t=0}^{\infty} \frac{S(t)}{(1 + d)^t}
                  = {}_2F_1\!\left(1, \beta; \alpha + \beta; \tfrac{1}{1 + d}\right)

        Multiply by the margin per period for the expected lifetime value of a new customer.

        Parameters
        ----------
        discount_rate : array-like
            Discount rate per period, > 0.

        Returns
        -------
        float or numpy.ndarray
            DEL in periods, >= 1; decreasing in ``discount_rate``.

        References
        ----------
        - Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a contractual
          setting: the perils of ignoring heterogeneity. Marketing Science, 29(1), 85–93.

        Examples
        --------
        >>> from servicemetrics.models import ShiftedBetaGeometric
        >>> round(ShiftedBetaGeometric(alpha=1.0, beta=1.0).discounted_expected_lifetime(0.1), 6)
        2.637685
        """
        d = check_range(
            as_float_array(discount_rate, "discount_rate"),
            "discount_rate",
            low=0,
            low_inclusive=False,
        )
        value = special.hyp2f1(1.0, self.beta, self.alpha + self.beta, 1.0 / (1.0 + d))
        return wrap_output(np.asarray(value, dtype=np.float64), discount_rate)

    @prediction
    def discounted_expected_residual_lifetime(
        self, renewals: ArrayLike, discount_rate: ArrayLike
    ) -> FloatOrArray:
        r"""Discounted expected residual lifetime (DERL) of an active customer.

        For a customer who has renewed ``renewals`` times (:math:`n - 1`) and now faces the
        next renewal decision (:math:`n`), the expected number of further periods paid for,
        one payment at the start of each future period, discounted per period:

        .. math::

            \mathrm{DERL}(d \mid n - 1) = \sum_{t=n}^{\infty}
            \frac{S(t)}{S(n-1)\,(1 + d)^{t-n}}
            = \frac{\beta + n - 1}{\alpha + \beta + n - 1}\;
            {}_2F_1\!\left(1, \beta + n; \alpha + \beta + n; \tfrac{1}{1 + d}\right)

        Customers who have renewed more often are more valuable: surviving reveals a low churn
        probability. A model without heterogeneity misses this and undervalues the base.

        Parameters
        ----------
        renewals : array-like of int
            Renewals made so far, whole numbers >= 0 (0 for a customer in the first period).
        discount_rate : array-like
            Discount rate per period, > 0. Broadcasts against ``renewals``.

        Returns
        -------
        float or numpy.ndarray
            DERL in periods, >= 0; increasing in ``renewals``.

        References
        ----------
        - Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a contractual
          setting: the perils of ignoring heterogeneity. Marketing Science, 29(1), 85–93.

        Examples
        --------
        >>> from servicemetrics.models import ShiftedBetaGeometric
        >>> model = ShiftedBetaGeometric(alpha=0.704, beta=1.182)
        >>> model.discounted_expected_residual_lifetime([0, 4], 0.1)
        array([2.96466215, 5.89442286])
        """
        previous = _periods(renewals, "renewals", low=0)
        d = check_range(
            as_float_array(discount_rate, "discount_rate"),
            "discount_rate",
            low=0,
            low_inclusive=False,
        )
        check_broadcastable({"renewals": previous, "discount_rate": d})
        b = self.beta + previous + 1.0
        c = self.alpha + b
        value = (b - 1.0) / (c - 1.0) * special.hyp2f1(1.0, b, c, 1.0 / (1.0 + d))
        return wrap_output(np.asarray(value, dtype=np.float64), renewals, discount_rate)

    @prediction
    def residual_lifetime_value(
        self, margin: ArrayLike, renewals: ArrayLike, discount_rate: ArrayLike
    ) -> FloatOrArray:
        r"""Expected discounted value of an active customer's remaining tenure (contractual CLV).

        ``margin × DERL``: the margin of each future period, received at the start of the
        period once the customer has renewed, weighted by the probability of renewing and
        discounted (see :meth:`discounted_expected_residual_lifetime`).

        Parameters
        ----------
        margin : array-like
            Margin per period (money; may be negative).
        renewals : array-like of int
            Renewals made so far, whole numbers >= 0.
        discount_rate : array-like
            Discount rate per period, > 0. The three arguments broadcast together.

        Returns
        -------
        float or numpy.ndarray
            Expected residual value, in the margin's currency.

        References
        ----------
        - Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a contractual
          setting: the perils of ignoring heterogeneity. Marketing Science, 29(1), 85–93.

        Examples
        --------
        >>> from servicemetrics.models import ShiftedBetaGeometric
        >>> model = ShiftedBetaGeometric(alpha=0.704, beta=1.182)
        >>> round(model.residual_lifetime_value(100.0, 4, 0.1), 2)
        589.44
        """
        m = as_float_array(margin, "margin")
        previous = _periods(renewals, "renewals", low=0)
        d = check_range(
            as_float_array(discount_rate, "discount_rate"),
            "discount_rate",
            low=0,
            low_inclusive=False,
        )
        check_broadcastable({"margin": m, "renewals": previous, "discount_rate": d})
        derl = np.asarray(self.discounted_expected_residual_lifetime(previous, d))
        return wrap_output(m * derl, margin, renewals, discount_rate)

    def simulate(
        self, cohort_size: int, n_periods: int, *, seed: int | np.random.Generator | None = None
    ) -> FloatArray:
        """Draw a cohort from the model and count its survivors period by period.

        Each customer draws a churn probability from Beta(``alpha``, ``beta``) and then leaves
        at the end of each period with that probability.

        Parameters
        ----------
        cohort_size : int
            Customers acquired, >= 1.
        n_periods : int
            Periods observed, >= 1.
        seed : int or numpy.random.Generator, optional
            Seed or generator; the same seed gives the same cohort.

        Returns
        -------
        numpy.ndarray of shape (n_periods + 1,)
            Customers still active at the start of periods 0 … ``n_periods`` (the first element
            is ``cohort_size``), ready for :meth:`fit`.

        References
        ----------
        - Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. Journal of
          Interactive Marketing, 21(1), 76–90.

        Examples
        --------
        >>> from servicemetrics.models import ShiftedBetaGeometric
        >>> survivors = ShiftedBetaGeometric(alpha=0.7, beta=1.2).simulate(1000, 5, seed=1)
        >>> survivors.shape, float(survivors[0])
        ((6,), 1000.0)
        """
        size = positive_count(cohort_size, "cohort_size")
        periods = positive_count(n_periods, "n_periods")
        rng = np.random.default_rng(seed)
        theta = rng.beta(self.alpha, self.beta, size)
        lifetime = np.minimum(rng.geometric(np.maximum(theta, 1e-300)), periods + 1)
        left = np.bincount(lifetime, minlength=periods + 2)[1 : periods + 1]
        return np.concatenate(([float(size)], size - np.cumsum(left, dtype=np.float64)))
