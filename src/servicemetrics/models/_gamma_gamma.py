"""The gamma-gamma model of spend per transaction (Colombo & Jiang 1999; Fader, Hardie & Lee 2005)."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
from scipy import special

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
    plain_float_array,
    raise_at,
    shape_of,
    wrap_output,
)
from servicemetrics.models._base import (
    FittedModel,
    as_generator,
    as_weights,
    dot,
    parameter,
    prediction,
)
from servicemetrics.models._fitting import maximize_likelihood

__all__ = ["GammaGamma"]


def _check_spend(
    frequency: FloatArray, monetary_value: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Whole non-negative frequencies; positive mean spend wherever frequency > 0."""
    check_integer(check_range(frequency, "frequency", low=0), "frequency")
    bad = (frequency > 0) & ~(monetary_value > 0)
    if bad.any():
        raise_at(
            OutOfRangeError,
            "monetary_value",
            "must be > 0 when frequency > 0",
            monetary_value,
            bad,
        )
    negative = monetary_value < 0
    if negative.any():
        raise_at(OutOfRangeError, "monetary_value", "must be >= 0", monetary_value, negative)
    return frequency, monetary_value


def _log_likelihood_terms(params: FloatArray, x: FloatArray, mean: FloatArray) -> FloatArray:
    """Per-customer log density of the mean spend z̄ of x transactions."""
    p, q, gamma = params
    px = p * x
    return np.asarray(
        special.gammaln(px + q)
        - special.gammaln(px)
        - special.gammaln(q)
        + q * np.log(gamma)
        + px * np.log(x)
        + (px - 1.0) * np.log(mean)
        - (px + q) * np.log(gamma + x * mean),
        dtype=np.float64,
    )


def _initial_values(
    levels: FloatArray,
    per_level: FloatArray,
    where: npt.NDArray[np.intp],
    mean: FloatArray,
    w: FloatArray,
) -> list[float]:
    r"""Starting values by the method of moments, or a neutral start where they fail.

    Given ν, z̄ of x transactions has mean p/ν and variance p/(xν²); across customers
    E[1/ν] = γ/(q−1) and E[1/ν²] = γ²/((q−1)(q−2)), so the ratio of the second moment of z̄ to
    its squared mean among customers with x transactions is K(1 + 1/(px)), K = (q−1)/(q−2).
    A weighted regression of that ratio on 1/x gives K and K/p, hence p, q and γ.
    """
    typical = float(np.exp(dot(w, np.log(mean)) / float(w.sum())))
    fallback = [1.0, 2.0, typical]
    first = np.bincount(where, weights=w * mean, minlength=levels.size) / per_level
    second = np.bincount(where, weights=w * mean**2, minlength=levels.size) / per_level
    ratio = second / first**2
    if levels.size >= 2:
        design = np.column_stack([np.ones(levels.size), 1.0 / levels])
        root = np.sqrt(per_level)
        solution = np.linalg.lstsq(design * root[:, None], ratio * root, rcond=None)[0]
        intercept, slope = (float(v) for v in solution)
    else:
        intercept, slope = 1.5, float(ratio[0] - 1.5) * float(levels[0])
    if not (np.isfinite(intercept) and np.isfinite(slope) and intercept > 1.001 and slope > 0):
        return fallback
    p = intercept / slope
    q = (2.0 * intercept - 1.0) / (intercept - 1.0)
    gamma = dot(w, mean) / float(w.sum()) * (q - 1.0) / p
    start = [p, q, gamma]
    if not all(np.isfinite(v) and 1e-6 < v < 1e6 for v in start):
        return fallback
    return start


@attrs.frozen(repr=False)
class GammaGamma(FittedModel):
    r"""The gamma-gamma model of the value of a customer's transactions.

    The value of each transaction of a customer is Gamma(p, ν) (shape p, rate ν), so the
    customer's mean value is p/ν; across customers ν ~ Gamma(q, γ). Spend is assumed
    independent of the purchase process, so the model pairs with :class:`BetaGeo` or
    :class:`ParetoNBD` for lifetime value. It is fitted on the customers with at least one
    repeat purchase, from their number of repeat purchases x and the mean value z̄ of those
    purchases.

    Parameters
    ----------
    p : float
        Shape of the gamma distribution of transaction values (> 0).
    q, gamma : float
        Shape and rate of the gamma distribution of ν across customers (> 0; γ in money).

    Attributes
    ----------
    log_likelihood, standard_errors, covariance, n_observations
        Fit metadata (``None`` for a model built from its parameters), see
        :class:`~servicemetrics.models.FittedModel`.

    References
    ----------
    - Colombo, R., & Jiang, W. (1999). A stochastic RFM model. *Journal of Interactive
      Marketing*, 13(3), 2–12.
    - Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). RFM and CLV: using iso-value curves
      for customer base analysis. *Journal of Marketing Research*, 42(4), 415–430.

    Examples
    --------
    FHL (2005)'s estimates for the CDNOW sample, in US dollars:

    >>> from servicemetrics.models import GammaGamma
    >>> model = GammaGamma(p=6.25, q=3.74, gamma=15.44)
    >>> model.expected_spend(frequency=[0, 2], monetary_value=[0.0, 22.35])
    array([35.21897..., 24.66371...])
    """

    parameter_names = ("p", "q", "gamma")

    p: float = parameter()
    q: float = parameter()
    gamma: float = parameter()

    @classmethod
    def fit(
        cls,
        frequency: ArrayLike,
        monetary_value: ArrayLike,
        *,
        weights: ArrayLike | None = None,
        penalty: float = 0.0,
    ) -> GammaGamma:
        r"""Fit the model by maximum likelihood on the customers with frequency > 0.

        Customers without repeat purchases carry no information on spend and are left out.
        The likelihood is evaluated from sufficient statistics, so duplicates cost little.

        Parameters
        ----------
        frequency : array-like of shape (n_customers,)
            Number of repeat purchases x (whole, >= 0).
        monetary_value : array-like of shape (n_customers,)
            Mean value z̄ of those purchases (> 0 where x > 0; ignored where x = 0).
        weights : array-like of shape (n_customers,), optional
            Number of customers with each row; ones by default.
        penalty : float, default 0.0
            L2 penalty on the parameters (see :func:`~servicemetrics.models.maximize_likelihood`).

        Returns
        -------
        GammaGamma
            The fitted model; ``n_observations`` counts the customers with x > 0.

        Raises
        ------
        InvalidInputError
            If a frequency is negative or fractional, a mean spend is not positive where
            x > 0, the arrays are empty or differ in length, or no customer has x > 0.
        ConvergenceError
            If the likelihood has no maximum the optimiser can find.

        Notes
        -----
        The log-likelihood of a customer is that of the mean :math:`\bar z` of x transaction
        values (Fader, Hardie & Lee 2005, appendix; Colombo & Jiang 1999):

        .. math::

            \ell = \ln\Gamma(px+q) - \ln\Gamma(px) - \ln\Gamma(q) + q\ln\gamma + px\ln x
              + (px-1)\ln\bar z - (px+q)\ln(\gamma + x\bar z),

        maximised with its analytic gradient.

        References
        ----------
        - Colombo, R., & Jiang, W. (1999). A stochastic RFM model. *Journal of Interactive
          Marketing*, 13(3), 2–12.
        - Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). RFM and CLV: using iso-value
          curves for customer base analysis. *Journal of Marketing Research*, 42(4), 415–430.

        Examples
        --------
        >>> from servicemetrics.datasets import load_cdnow_summary
        >>> from servicemetrics.models import GammaGamma
        >>> cdnow = load_cdnow_summary()
        >>> model = GammaGamma.fit(cdnow.frequency, cdnow.monetary_value)
        >>> [round(v, 2) for v in model.parameters.values()]
        [6.25, 3.74, 15.45]
        >>> model.n_observations
        946.0
        """
        x = as_vector(frequency, "frequency")
        mean = as_vector(monetary_value, "monetary_value")
        if mean.size != x.size:
            raise ShapeMismatchError(
                "monetary_value", f"must have one value per customer ({x.size})", shape_of(mean)
            )
        _check_spend(x, mean)
        w = as_weights(weights, x.size)
        buyers = x > 0
        if not np.any(buyers & (w > 0)):
            raise InvalidInputError(
                "frequency", "must be > 0 for at least one customer (with positive weight)"
            )
        used = buyers & (w > 0)
        x, mean, w = x[used], mean[used], w[used]
        # Sufficient statistics: the gamma functions depend on a row only through x, and
        # the terms in ln z̄ are linear in p; only ln(γ + x z̄) is left per row.
        levels, where = np.unique(x, return_inverse=True)
        per_level = np.asarray(
            np.bincount(where.ravel(), weights=w, minlength=levels.size), dtype=np.float64
        )
        n = float(w.sum())
        log_levels = np.log(levels)
        log_mean = np.log(mean)
        sum_x_log_mean = dot(w, x * log_mean)
        sum_log_mean = dot(w, log_mean)
        spend = x * mean  # the total spend x z̄ of each row
        wx = w * x
        # The optimiser asks for the value and the gradient at the same point, one after the
        # other: the per-row logarithms are computed once for both.
        cache: dict[str, Any] = {"gamma": None}

        def row_terms(gamma: float) -> tuple[FloatArray, float, float, float, float]:
            if cache["gamma"] != gamma:
                total = spend + gamma
                log_total = np.log(total)
                inverse = np.reciprocal(total, out=total)
                cache.update(
                    gamma=gamma,
                    terms=(
                        log_total,
                        dot(w, log_total),
                        dot(wx, log_total),
                        dot(w, inverse),
                        dot(wx, inverse),
                    ),
                )
            terms: tuple[FloatArray, float, float, float, float] = cache["terms"]
            return terms

        def log_likelihood(params: FloatArray) -> float:
            p, q, gamma = (float(v) for v in params)
            _, sum_log, sum_x_log, _, _ = row_terms(gamma)
            pl = p * levels
            by_level = special.gammaln(pl + q) - special.gammaln(pl) + pl * log_levels
            return float(
                per_level @ by_level
                - n * special.gammaln(q)
                + n * q * np.log(gamma)
                + p * sum_x_log_mean
                - sum_log_mean
                - p * sum_x_log
                - q * sum_log
            )

        def gradient(params: FloatArray) -> FloatArray:
            p, q, gamma = (float(v) for v in params)
            _, sum_log, sum_x_log, sum_inverse, sum_x_inverse = row_terms(gamma)
            pl = p * levels
            psi_sum = special.digamma(pl + q)
            by_level = levels * (psi_sum - special.digamma(pl) + log_levels)
            d_p = per_level @ by_level + sum_x_log_mean - sum_x_log
            d_q = per_level @ psi_sum - n * special.digamma(q) + n * np.log(gamma) - sum_log
            d_gamma = n * q / gamma - p * sum_x_inverse - q * sum_inverse
            return np.array([d_p, d_q, d_gamma])

        fit = maximize_likelihood(
            log_likelihood,
            _initial_values(levels, per_level, where.ravel(), mean, w),
            cls.parameter_names,
            gradient=gradient,
            penalty=penalty,
            n_observations=n,
        )
        return cls._from_fit(fit)

    def log_likelihood_of(self, frequency: ArrayLike, monetary_value: ArrayLike) -> FloatOrArray:
        """Log density of each customer's mean spend given their frequency (x > 0).

        Parameters
        ----------
        frequency : array-like
            Repeat purchases x (whole, > 0).
        monetary_value : array-like
            Mean value z̄ of those purchases (> 0); broadcast with ``frequency``.

        Returns
        -------
        float or numpy.ndarray
            Log-likelihood per customer.

        References
        ----------
        - Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). RFM and CLV: using iso-value
          curves for customer base analysis. *Journal of Marketing Research*, 42(4), 415–430.

        Examples
        --------
        >>> from servicemetrics.models import GammaGamma
        >>> GammaGamma(p=6.25, q=3.74, gamma=15.44).log_likelihood_of(2, 22.35)
        -3.55131...
        """
        x = check_range(as_float_array(frequency, "frequency"), "frequency", low=1)
        mean = as_float_array(monetary_value, "monetary_value")
        shape = check_broadcastable({"frequency": x, "monetary_value": mean})
        x, mean = (np.broadcast_to(v, shape) for v in (x, mean))
        _check_spend(x, mean)
        return wrap_output(_log_likelihood_terms(self._vector, x, mean), frequency, monetary_value)

    @prediction
    def expected_spend(self, frequency: ArrayLike, monetary_value: ArrayLike) -> FloatOrArray:
        r"""Expected value of a customer's future transactions given their past ones.

        :math:`E[Z \mid \bar z, x] = \frac{p(\gamma + x\bar z)}{px + q - 1}
        = \frac{q-1}{px+q-1}\cdot\frac{p\gamma}{q-1} + \frac{px}{px+q-1}\cdot\bar z`, a weighted
        average of the population mean :math:`p\gamma/(q-1)` and the customer's own mean
        (Fader, Hardie & Lee 2005, eq. 5). For x = 0 it is the population mean.

        Parameters
        ----------
        frequency : array-like
            Repeat purchases x (whole, >= 0).
        monetary_value : array-like
            Their mean value z̄ (> 0 where x > 0); broadcast with ``frequency``.

        Returns
        -------
        float or numpy.ndarray
            Expected value per transaction, in the unit of ``monetary_value``.

        Raises
        ------
        InvalidInputError
            If px + q <= 1 for some customer, where the expectation is infinite (q <= 1
            makes it infinite for customers without repeat purchases).

        References
        ----------
        - Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). RFM and CLV: using iso-value
          curves for customer base analysis. *Journal of Marketing Research*, 42(4), 415–430.

        Examples
        --------
        >>> from servicemetrics.models import GammaGamma
        >>> model = GammaGamma(p=6.25, q=3.74, gamma=15.44)
        >>> model.expected_spend(0, 0.0)  # the population mean 6.25 * 15.44 / 2.74
        35.219
        >>> model.expected_spend([1, 10], 50.0)
        array([45.49499..., 49.37921...])
        """
        fast = self._checked_spend(frequency, monetary_value)
        if fast is not None:
            return wrap_output(fast, frequency, monetary_value)
        x = as_float_array(frequency, "frequency")
        mean = as_float_array(monetary_value, "monetary_value")
        shape = check_broadcastable({"frequency": x, "monetary_value": mean})
        x, mean = (np.broadcast_to(v, shape) for v in (x, mean))
        _check_spend(x, mean)
        denominator = self.p * x + self.q - 1.0
        infinite = denominator <= 0
        if infinite.any():
            raise_at(
                InvalidInputError,
                "frequency",
                f"must satisfy p * frequency + q > 1 for a finite expected spend (q = {self.q:g})",
                x,
                infinite,
            )
        spend = self.p * (self.gamma + x * np.where(x > 0, mean, 0.0)) / denominator
        return wrap_output(np.asarray(spend), frequency, monetary_value)

    def _checked_spend(self, frequency: ArrayLike, monetary_value: ArrayLike) -> FloatArray | None:
        """:meth:`expected_spend` for inputs that pass every rule, found by a few cheap passes.

        Returns None on any failure (or unusual input, or a non-finite result); the
        rule-by-rule checks then report the first offending value.
        """
        x, mean = plain_float_array(frequency), plain_float_array(monetary_value)
        if x is None or mean is None:
            return None
        try:
            shape = np.broadcast_shapes(x.shape, mean.shape)
        except ValueError:
            return None
        with np.errstate(all="ignore"):
            lowest, lowest_mean = x.min(), mean.min()
            if not (lowest >= 0 and lowest_mean >= 0 and self.p * lowest + self.q - 1.0 > 0):
                return None
            # A zero mean spend is only wrong for a repeat buyer; without zeros, nothing to see.
            if lowest_mean == 0 and np.any((mean == 0) & (x > 0)):
                return None
            denominator = np.floor(x, out=np.empty(x.shape))
            if np.asarray(frequency).dtype.kind == "f" and np.any(denominator != x):
                return None
            # p(γ + x z̄) / (px + q − 1); x z̄ is 0 when x is 0, whatever z̄.
            np.multiply(x, self.p, out=denominator)
            denominator += self.q - 1.0
            spend = np.multiply(x, mean, out=np.empty(shape))
            spend += self.gamma
            spend *= self.p
            spend /= denominator
            # NaN or infinite inputs (which pass the comparisons above) make the sum non-finite.
            if not np.isfinite(spend.sum()):
                return None
        return spend

    def simulate(self, frequency: ArrayLike, *, seed: int | np.random.Generator) -> FloatArray:
        """Draw each customer's mean transaction value given their number of transactions.

        ν ~ Gamma(q, γ) per customer; the sum of x values is Gamma(px, ν), so the mean is
        Gamma(px, xν). Customers with x = 0 get 0.

        Parameters
        ----------
        frequency : array-like of shape (n_customers,)
            Number of transactions per customer (whole, >= 0).
        seed : int or numpy.random.Generator
            Seed or generator; the same seed gives the same values.

        Returns
        -------
        numpy.ndarray
            Mean transaction value per customer.

        References
        ----------
        - Colombo, R., & Jiang, W. (1999). A stochastic RFM model. *Journal of Interactive
          Marketing*, 13(3), 2–12.

        Examples
        --------
        >>> from servicemetrics.models import GammaGamma
        >>> values = GammaGamma(p=6.25, q=3.74, gamma=15.44).simulate([0, 1, 5], seed=3)
        >>> values.shape, float(values[0])
        ((3,), 0.0)
        """
        x = as_vector(frequency, "frequency")
        check_integer(check_range(x, "frequency", low=0), "frequency")
        rng = as_generator(seed)
        nu = rng.gamma(self.q, 1.0 / self.gamma, size=x.size)
        buyers = x > 0
        shape = np.where(buyers, self.p * x, 1.0)
        draws = rng.gamma(shape, 1.0 / (np.where(buyers, x, 1.0) * nu))
        return np.where(buyers, draws, 0.0)
