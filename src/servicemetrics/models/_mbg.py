"""The MBG/NBD model (Batislam, Denizel & Filiztekin 2007)."""

from __future__ import annotations

import attrs
import numpy as np
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
from servicemetrics.models._beta_geo import _conditional_mean
from servicemetrics.models._counts import check_count_window, log_nbd_pmf, nbd_tail
from servicemetrics.models._fitting import maximize_likelihood

__all__ = ["ModifiedBetaGeo"]


def _log_likelihood(
    params: FloatArray, x: FloatArray, t_x: FloatArray, age: FloatArray
) -> FloatArray:
    """Per-customer log-likelihood: alive after x+1 drop-out chances, or gone after the last."""
    r, alpha, a, b = params
    head = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    beta_ab = special.betaln(a, b)
    alive = special.betaln(a, b + x + 1.0) - beta_ab - (r + x) * np.log(alpha + age)
    gone = special.betaln(a + 1.0, b + x) - beta_ab - (r + x) * np.log(alpha + t_x)
    return np.asarray(head + np.logaddexp(alive, gone), dtype=np.float64)


@attrs.frozen(repr=False)
class ModifiedBetaGeo(FittedModel):
    r"""The modified BG/NBD (MBG/NBD) model of Batislam, Denizel & Filiztekin (2007).

    As the BG/NBD (:class:`BetaGeo`): purchases at a Poisson rate λ ~ Gamma(r, α) while active,
    and after each purchase the customer leaves with probability p ~ Beta(a, b). In addition a
    customer may leave at once after the first purchase, so customers without repeat purchases
    need not be active. Per customer, with x repeat purchases, the last at t_x, observed for T:

    .. math::

        L = \frac{\Gamma(r+x)\alpha^r}{\Gamma(r)}\Big[\frac{B(a, b+x+1)}{B(a,b)}
            (\alpha+T)^{-(r+x)} + \frac{B(a+1, b+x)}{B(a,b)}(\alpha+t_x)^{-(r+x)}\Big].

    Parameters
    ----------
    r, alpha : float
        Shape and rate of the gamma distribution of purchase rates (> 0).
    a, b : float
        Parameters of the beta distribution of the drop-out probability (> 0).

    References
    ----------
    - Batislam, E. P., Denizel, M., & Filiztekin, A. (2007). Empirical validation and
      comparison of models for customer base analysis. *International Journal of Research in
      Marketing*, 24(3), 201–209.
    - Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). "Counting your customers" the easy
      way: an alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    >>> from servicemetrics.models import ModifiedBetaGeo
    >>> model = ModifiedBetaGeo(r=0.5, alpha=5.0, a=0.8, b=3.0)
    >>> model.p_alive([0, 2], [0.0, 30.0], 38.0)
    array([0.5611..., 0.7888...])
    """

    parameter_names = ("r", "alpha", "a", "b")

    r: float = parameter()
    alpha: float = parameter()
    a: float = parameter()
    b: float = parameter()

    @classmethod
    def fit(
        cls,
        frequency: ArrayLike,
        recency: ArrayLike,
        T: ArrayLike,  # noqa: N803
        *,
        weights: ArrayLike | None = None,
        penalty: float = 0.0,
    ) -> ModifiedBetaGeo:
        """Fit the model by maximum likelihood (identical histories merged first).

        Parameters
        ----------
        frequency, recency, T : array-like of shape (n_customers,)
            Customer histories, as for :meth:`BetaGeo.fit`.
        weights : array-like of shape (n_customers,), optional
            Number of customers with each history; ones by default.
        penalty : float, default 0.0
            L2 penalty on the parameters (see :func:`~servicemetrics.models.maximize_likelihood`).

        Returns
        -------
        ModifiedBetaGeo
            The fitted model with its total log-likelihood and standard errors.

        Raises
        ------
        InvalidInputError
            If a history is impossible, the arrays are empty or differ in length, or no
            customer made a repeat purchase.
        ConvergenceError
            If the likelihood has no maximum the optimiser can find.

        References
        ----------
        - Batislam, E. P., Denizel, M., & Filiztekin, A. (2007). Empirical validation and
          comparison of models for customer base analysis. *International Journal of
          Research in Marketing*, 24(3), 201–209.

        Examples
        --------
        >>> from servicemetrics.datasets import load_cdnow_summary
        >>> from servicemetrics.models import ModifiedBetaGeo
        >>> cdnow = load_cdnow_summary()
        >>> model = ModifiedBetaGeo.fit(cdnow.frequency, cdnow.recency, cdnow.T)
        >>> round(model.log_likelihood, 1)
        -9582.1
        """
        (x, t_x, age), w = repeat_purchase_histories(frequency, recency, T, weights)

        def log_likelihood(params: FloatArray) -> float:
            return dot(w, _log_likelihood(params, x, t_x, age))

        n = float(w.sum())
        mean_rate = dot(w, x) / dot(w, age)
        fit = maximize_likelihood(
            log_likelihood,
            [1.0, 1.0 / mean_rate, 1.0, 1.0],
            cls.parameter_names,
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
        """Log-likelihood of each customer's history (see the class notes).

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
        - Batislam, E. P., Denizel, M., & Filiztekin, A. (2007). Empirical validation and
          comparison of models for customer base analysis. *International Journal of
          Research in Marketing*, 24(3), 201–209.

        Examples
        --------
        >>> from servicemetrics.models import ModifiedBetaGeo
        >>> ModifiedBetaGeo(r=0.5, alpha=5.0, a=0.8, b=3.0).log_likelihood_of(0, 0.0, 38.0)
        -0.7345...
        """
        x, t_x, age = check_frequency_recency_age(frequency, recency, T, broadcast=True)
        return wrap_output(_log_likelihood(self._vector, x, t_x, age), frequency, recency, T)

    @prediction
    def p_alive(
        self,
        frequency: ArrayLike,
        recency: ArrayLike,
        T: ArrayLike,  # noqa: N803
    ) -> FloatOrArray:
        r"""Probability that a customer with this history is still active at ``T``.

        :math:`1 / \big(1 + \frac{a}{b+x}\big(\frac{\alpha+T}{\alpha+t_x}\big)^{r+x}\big)`,
        the share of the likelihood from customers who survived all x + 1 chances to leave;
        unlike the BG/NBD it is below 1 without repeat purchases.

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
        - Batislam, E. P., Denizel, M., & Filiztekin, A. (2007). Empirical validation and
          comparison of models for customer base analysis. *International Journal of
          Research in Marketing*, 24(3), 201–209.

        Examples
        --------
        >>> from servicemetrics.models import ModifiedBetaGeo
        >>> ModifiedBetaGeo(r=0.5, alpha=5.0, a=0.8, b=3.0).p_alive(0, 0.0, 38.0)
        0.5611...
        """
        x, t_x, age = check_frequency_recency_age(frequency, recency, T, broadcast=True)
        return wrap_output(self._p_alive(x, t_x, age), frequency, recency, T)

    def _p_alive(self, x: FloatArray, t_x: FloatArray, age: FloatArray) -> FloatArray:
        log_odds = (
            np.log(self.a)
            - np.log(self.b + x)
            + (self.r + x) * (np.log(self.alpha + age) - np.log(self.alpha + t_x))
        )
        return np.asarray(special.expit(-log_odds), dtype=np.float64)

    def _alive_mean(self, t: FloatArray, x: FloatArray, age: FloatArray) -> FloatArray:
        """Expected purchases in (T, T+t] of a customer known to be active at T.

        Survival of x + 1 chances to leave turns Beta(a, b) into Beta(a, b + x + 1), so this
        is the BG/NBD's expression with b + 1 in place of b.
        """
        return _conditional_mean(t, self.alpha + age, x, self.a, self.b + 1.0, self.r)

    @prediction
    def expected_purchases(self, t: ArrayLike) -> FloatOrArray:
        r"""Expected purchases of a new customer in (0, t] after the first purchase.

        A customer is still active after the first purchase with probability 1 − p, which turns
        Beta(a, b) into :math:`\frac{b}{a+b}` Beta(a, b+1); hence
        :math:`E[X(t)] = \frac{b}{a-1}\big[1 - (\frac{\alpha}{\alpha+t})^r
        {}_2F_1(r, b+1; a+b; \frac{t}{\alpha+t})\big]`.

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
        - Batislam, E. P., Denizel, M., & Filiztekin, A. (2007). Empirical validation and
          comparison of models for customer base analysis. *International Journal of
          Research in Marketing*, 24(3), 201–209.

        Examples
        --------
        >>> from servicemetrics.models import ModifiedBetaGeo
        >>> ModifiedBetaGeo(r=0.5, alpha=5.0, a=0.8, b=3.0).expected_purchases([0, 39])
        array([0.        , 1.8904...])
        """
        horizon = check_range(as_float_array(t, "t"), "t", low=0)
        zero = np.zeros_like(horizon)
        mean = self.b / (self.a + self.b) * self._alive_mean(horizon, zero, zero)
        return wrap_output(np.asarray(mean), t)

    @prediction
    def conditional_expected_purchases(
        self,
        t: ArrayLike,
        frequency: ArrayLike,
        recency: ArrayLike,
        T: ArrayLike,  # noqa: N803
    ) -> FloatOrArray:
        r"""Expected purchases in (T, T+t] of a customer with the given history.

        :math:`\frac{a+b+x}{a-1}\big[1 - (\frac{\alpha+T}{\alpha+T+t})^{r+x}
        {}_2F_1(r+x, b+x+1; a+b+x; \frac{t}{\alpha+T+t})\big]\,P(\text{alive})`.

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
        - Batislam, E. P., Denizel, M., & Filiztekin, A. (2007). Empirical validation and
          comparison of models for customer base analysis. *International Journal of
          Research in Marketing*, 24(3), 201–209.

        Examples
        --------
        >>> from servicemetrics.models import ModifiedBetaGeo
        >>> model = ModifiedBetaGeo(r=0.5, alpha=5.0, a=0.8, b=3.0)
        >>> model.conditional_expected_purchases(39, [0, 2], [0.0, 30.0], 38.0)
        array([0.2307..., 1.5306...])
        """
        horizon = check_range(as_float_array(t, "t"), "t", low=0)
        x, t_x, age = check_frequency_recency_age(frequency, recency, T, broadcast=True)
        check_broadcastable({"t": horizon, "frequency": x})
        mean = self._alive_mean(horizon, x, age) * self._p_alive(x, t_x, age)
        return wrap_output(np.asarray(mean), t, frequency, recency, T)

    def simulate(
        self,
        T: ArrayLike,  # noqa: N803
        *,
        seed: int | np.random.Generator,
    ) -> CustomerHistories:
        """Draw purchase histories from the model.

        As :meth:`BetaGeo.simulate`, with one more chance to leave right after the first
        purchase: the number of chances survived before leaving is geometric from 0.

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
        - Batislam, E. P., Denizel, M., & Filiztekin, A. (2007). Empirical validation and
          comparison of models for customer base analysis. *International Journal of
          Research in Marketing*, 24(3), 201–209.

        Examples
        --------
        >>> from servicemetrics.models import ModifiedBetaGeo
        >>> histories = ModifiedBetaGeo(r=0.5, alpha=5.0, a=0.8, b=3.0).simulate([38.0] * 4, seed=1)
        >>> histories.frequency.shape
        (4,)
        """
        age = check_range(as_vector(T, "T"), "T", low=0, low_inclusive=False)
        rng = as_generator(seed)
        rate = rng.gamma(self.r, 1.0 / self.alpha, size=age.size)
        drop = np.clip(rng.beta(self.a, self.b, size=age.size), 1e-300, 1.0)
        bought = rng.poisson(rate * age)
        until_drop = rng.geometric(drop) - 1
        x = np.minimum(bought, until_drop).astype(np.float64)
        repeat = x > 0
        order = rng.beta(np.where(repeat, x, 1.0), np.where(repeat, bought - x + 1.0, 1.0))
        t_x = np.where(repeat, age * order, 0.0)
        return CustomerHistories(frequency=x, recency=t_x, T=age)

    @prediction
    def probability_of_purchases(self, n: ArrayLike, t: ArrayLike) -> FloatOrArray:
        r"""Probability that a new customer makes exactly ``n`` purchases in (0, t].

        The customer leaves right after the first purchase or after a later one with
        probability p each time, so with J repeat purchases before leaving,
        :math:`X(t) = \min(N(t), J)` and
        :math:`P(X(t)=n) = P(N(t)=n)P(J>n) + P(N(t) \ge n)P(J=n)`. Mixing over
        p ~ Beta(a, b) and the purchase rate gives

        .. math::

            P(X(t)=n) = \frac{B(a, b+n+1)}{B(a,b)}\,\mathrm{NB}_n(t)
              + \frac{B(a+1, b+n)}{B(a,b)}\,P\big(\mathrm{NB}(t) \ge n\big),

        the BG/NBD expression of Fader, Hardie & Lee (2005, eq. 8) with the extra chance of
        leaving at the first purchase (Batislam, Denizel & Filiztekin 2007).

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
        - Batislam, E. P., Denizel, M., & Filiztekin, A. (2007). Empirical validation and
          comparison of models for customer base analysis. *International Journal of
          Research in Marketing*, 24(3), 201–209.
        - Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). "Counting your customers" the
          easy way: an alternative to the Pareto/NBD model. *Marketing Science*, 24(2),
          275–284.

        Examples
        --------
        >>> from servicemetrics.models import ModifiedBetaGeo
        >>> model = ModifiedBetaGeo(r=0.5, alpha=5.0, a=0.8, b=3.0)
        >>> model.probability_of_purchases([0, 1, 2], 39)
        array([0.47665..., 0.18551..., 0.10292...])
        """
        count, horizon = check_count_window(n, t)
        log_beta = special.betaln(self.a, self.b)
        stays = np.exp(special.betaln(self.a, self.b + count + 1.0) - log_beta)
        leaves = np.exp(special.betaln(self.a + 1.0, self.b + count) - log_beta)
        probability = stays * np.exp(
            log_nbd_pmf(count, self.r, self.alpha, horizon)
        ) + leaves * nbd_tail(count, self.r, self.alpha, horizon)
        return wrap_output(np.clip(probability, 0.0, 1.0), n, t)  # rounding can pass 1
