"""Customer lifetime value from a purchase model and a spend model."""

from __future__ import annotations

import math

import numpy as np

from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    FloatOrArray,
    InvalidInputError,
    as_float_array,
    check_broadcastable,
    check_range,
    wrap_output,
)
from servicemetrics.models._base import check_frequency_recency_age, check_no_nan
from servicemetrics.models._beta_geo import BetaGeo
from servicemetrics.models._chunks import in_blocks
from servicemetrics.models._gamma_gamma import GammaGamma
from servicemetrics.models._mbg import ModifiedBetaGeo
from servicemetrics.models._pareto_nbd import ParetoNBD

__all__ = ["customer_lifetime_value"]

# Memory of the per-customer arrays alive during one period of the sum over periods.
_BYTES_PER_CUSTOMER = 16 * 8


def customer_lifetime_value(
    purchase_model: BetaGeo | ModifiedBetaGeo | ParetoNBD,
    spend_model: GammaGamma,
    frequency: ArrayLike,
    recency: ArrayLike,
    T: ArrayLike,  # noqa: N803
    monetary_value: ArrayLike,
    *,
    discount_rate: float,
    horizon: int | None = None,
    period: float = 1.0,
    margin: ArrayLike = 1.0,
) -> FloatOrArray:
    r"""Expected discounted value of each customer's future purchases.

    CLV = margin × expected spend per transaction (gamma-gamma) × discounted expected
    transactions (purchase model), spend being independent of the purchase process as the
    gamma-gamma model assumes (Fader, Hardie & Lee 2005, RFM and CLV).

    The time grain is the caller's: ``period`` is the length of one discounting period in the
    time unit of the data (for weekly data and monthly discounting, the number of weeks the
    caller counts in a month), and ``discount_rate`` is the rate per such period.

    * With a finite ``horizon`` (periods), purchases expected in each period are discounted
      to the end of that period and summed:
      :math:`\sum_{k=1}^{H} \frac{E[Y(kL)] - E[Y((k-1)L)]}{(1+d)^k}`, L = ``period``. This works
      for every purchase model.
    * With ``horizon=None`` (an infinite horizon), the closed-form discounted expected residual
      transactions (DERT) of the Pareto/NBD are used, with the continuous rate
      :math:`\delta = \ln(1+d)/L` per time unit equivalent to d per period (Fader, Hardie &
      Lee 2005, eq. 2). The BG/NBD has no such closed form here, so it needs a horizon.

    Parameters
    ----------
    purchase_model : BetaGeo, ModifiedBetaGeo or ParetoNBD
        A fitted (or parameterised) purchase model.
    spend_model : GammaGamma
        A spend model.
    frequency, recency, T : array-like
        Customer histories in the purchase model's time unit (see :meth:`BetaGeo.fit`).
    monetary_value : array-like
        Mean value of each customer's repeat purchases (any value, e.g. 0, where x = 0).
    discount_rate : float
        Discount rate per period (>= 0; > 0 for an infinite horizon).
    horizon : int, optional
        Number of periods counted (>= 1); ``None`` for an infinite horizon.
    period : float, default 1.0
        Length of a period in the data's time unit (> 0).
    margin : array-like, default 1.0
        Share of spend kept as profit, in [0, 1]; 1 gives the value in revenue.

    Returns
    -------
    float or numpy.ndarray
        Lifetime value per customer, in the unit of ``monetary_value``; >= 0.

    Raises
    ------
    InvalidInputError
        If a history or an option is invalid, or ``horizon`` is None for a model without a
        closed-form DERT.

    References
    ----------
    - Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). RFM and CLV: using iso-value curves
      for customer base analysis. *Journal of Marketing Research*, 42(4), 415–430.
    - Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). "Counting your customers" the easy
      way: an alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    Weekly CDNOW models; a year of 52 weekly periods at 0.2% per week, and the infinite-horizon
    value at 15% a year (δ = ln 1.15 / 52 per week):

    >>> from servicemetrics.models import BetaGeo, GammaGamma, ParetoNBD, customer_lifetime_value
    >>> spend = GammaGamma(p=6.25, q=3.74, gamma=15.44)
    >>> bgnbd = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> customer_lifetime_value(
    ...     bgnbd, spend, [0, 2], [0.0, 30.43], 38.86, [0.0, 22.35], discount_rate=0.002, horizon=52
    ... )
    array([ 8.44369..., 36.61219...])
    >>> pnbd = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
    >>> customer_lifetime_value(
    ...     pnbd, spend, [0, 2], [0.0, 30.43], 38.86, [0.0, 22.35], discount_rate=0.15, period=52
    ... )
    array([ 16.85079..., 160.35682...])
    """
    if not isinstance(purchase_model, (BetaGeo, ModifiedBetaGeo, ParetoNBD)):
        raise InvalidInputError(
            "purchase_model",
            "must be a BetaGeo, ModifiedBetaGeo or ParetoNBD model",
            type(purchase_model).__name__,
        )
    if not isinstance(spend_model, GammaGamma):
        raise InvalidInputError(
            "spend_model", "must be a GammaGamma model", type(spend_model).__name__
        )
    x, t_x, age = check_frequency_recency_age(frequency, recency, T, broadcast=True)
    value = as_float_array(monetary_value, "monetary_value")
    share = check_range(as_float_array(margin, "margin"), "margin", low=0, high=1)
    shape = check_broadcastable({"frequency": x, "monetary_value": value, "margin": share})
    x, t_x, age = (np.broadcast_to(v, shape) for v in (x, t_x, age))
    if not (isinstance(period, (int, float)) and math.isfinite(period) and period > 0):
        raise InvalidInputError("period", "must be a finite number > 0", period)
    if not (isinstance(discount_rate, (int, float)) and math.isfinite(discount_rate)):
        raise InvalidInputError("discount_rate", "must be a finite number", discount_rate)
    spend = np.asarray(spend_model.expected_spend(x, np.where(x > 0, value, 0.0)))
    if horizon is None:
        if not isinstance(purchase_model, ParetoNBD):
            raise InvalidInputError(
                "horizon",
                f"must be given for a {type(purchase_model).__name__} model (no closed-form "
                "DERT; the value is a sum over periods)",
                None,
            )
        if not discount_rate > 0:
            raise InvalidInputError(
                "discount_rate", "must be > 0 for an infinite horizon", discount_rate
            )
        delta = math.log1p(discount_rate) / period
        transactions = np.asarray(
            purchase_model.discounted_expected_transactions(delta, x, t_x, age)
        )
    else:
        if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
            raise InvalidInputError("horizon", "must be a whole number >= 1 or None", horizon)
        if not discount_rate >= 0:
            raise InvalidInputError("discount_rate", "must be >= 0", discount_rate)
        model, periods, rate = purchase_model, int(horizon), float(discount_rate)

        def discounted(x: FloatArray, t_x: FloatArray, age: FloatArray) -> FloatArray:
            transactions = np.zeros(x.shape)
            previous = np.zeros(x.shape)
            # One pass per period (not per customer): each pass is vectorised over customers.
            for k in range(1, periods + 1):
                current = model._alive_mean(np.full(x.shape, k * period), x, age)
                transactions += (current - previous) / (1.0 + rate) ** k
                previous = current
            transactions *= model._p_alive(x, t_x, age)
            return transactions

        # Each pass holds a handful of per-customer arrays: in blocks, they stay in cache and
        # the memory used stays bounded however many customers there are.
        transactions = in_blocks(discounted, (x, t_x, age), _BYTES_PER_CUSTOMER)
    result = share * spend * transactions
    check_no_nan(result, purchase_model, "customer_lifetime_value")
    return wrap_output(np.asarray(result), frequency, recency, T, monetary_value)
