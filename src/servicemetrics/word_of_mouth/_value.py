"""What complaint handling keeps, and what referrals are worth."""

from __future__ import annotations

from typing import ClassVar

import attrs
import numpy as np

from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array
from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    FloatOrArray,
    InvalidInputError,
    ShapeMismatchError,
    as_float_array,
    as_nonnegative,
    check_broadcastable,
    raise_at,
    shape_of,
    wrap_output,
)
from servicemetrics.word_of_mouth._common import VALUE_EQ, as_share, float_or_array

__all__ = [
    "RecoveryOutcome",
    "complaint_outcome_shares",
    "customers_kept",
    "referral_value",
]

_SUM_TOLERANCE = 1e-9


def complaint_outcome_shares(
    complaint_rate: ArrayLike, resolved_share: ArrayLike, quick_share: ArrayLike
) -> FloatArray:
    r"""Split dissatisfied customers over the four complaint outcomes.

    The outcomes are those of ``reference.REPURCHASE_BY_COMPLAINT_OUTCOME``, in its order:
    no complaint, complained but unresolved, resolved, resolved quickly.

    Parameters
    ----------
    complaint_rate : array-like
        Share of dissatisfied customers who complain, :math:`c` in [0, 1].
    resolved_share : array-like
        Share of complaints resolved, :math:`r` in [0, 1].
    quick_share : array-like
        Share of resolved complaints resolved quickly, :math:`f` in [0, 1].

    Returns
    -------
    numpy.ndarray of shape (..., 4)
        :math:`[1-c,\ c(1-r),\ c\,r(1-f),\ c\,r f]`, summing to 1 along the last axis.

    Raises
    ------
    OutOfRangeError
        If a share lies outside [0, 1].
    ShapeMismatchError
        If the arguments do not broadcast together.

    References
    ----------
    - Technical Assistance Research Programs (1986). Consumer complaint handling in America:
      an update study. US Office of Consumer Affairs (the four outcomes).

    Examples
    --------
    >>> from servicemetrics import word_of_mouth as wom
    >>> wom.complaint_outcome_shares(0.04, 0.5, 0.5)
    array([0.96, 0.02, 0.01, 0.01])
    """
    c = as_share(complaint_rate, "complaint_rate")
    r = as_share(resolved_share, "resolved_share")
    f = as_share(quick_share, "quick_share")
    check_broadcastable({"complaint_rate": c, "resolved_share": r, "quick_share": f})
    c, r, f = np.broadcast_arrays(c, r, f)
    return np.stack([1.0 - c, c * (1.0 - r), c * r * (1.0 - f), c * r * f], axis=-1)


@attrs.frozen(repr=False)
class RecoveryOutcome(ResultModel):
    """Dissatisfied customers kept and lost under a table of complaint outcomes.

    Build it with :func:`customers_kept`.

    Parameters
    ----------
    kept_by_outcome : array-like of shape (..., n_outcomes)
        Customers who buy again, per outcome.
    kept, lost : float or array-like
        Customers who buy again, and who do not, over all outcomes.
    value_kept : float or array-like
        ``kept`` times the value per customer.

    References
    ----------
    - Technical Assistance Research Programs (1986). Consumer complaint handling in America:
      an update study. US Office of Consumer Affairs.

    Examples
    --------
    >>> from servicemetrics import reference, word_of_mouth as wom
    >>> table = reference.REPURCHASE_BY_COMPLAINT_OUTCOME
    >>> wom.customers_kept(1_000, [0.96, 0.02, 0.01, 0.01], table.large_loss).kept
    103.8
    """

    kept_by_outcome: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    kept: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    lost: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)
    value_kept: FloatOrArray = attrs.field(converter=float_or_array, eq=VALUE_EQ)

    _html_title: ClassVar[str | None] = "Customers kept after a problem"


def customers_kept(
    dissatisfied: ArrayLike,
    outcome_shares: ArrayLike,
    repurchase_rates: ArrayLike,
    *,
    value_per_customer: ArrayLike = 1.0,
) -> RecoveryOutcome:
    r"""Expected customers (and value) kept after a problem, by what happened to it.

    Parameters
    ----------
    dissatisfied : array-like
        Customers who had a problem, >= 0; broadcast against the leading axes of the tables.
    outcome_shares : array-like of shape (..., n_outcomes)
        Share of them in each outcome (no complaint, unresolved, resolved, resolved
        quickly, or any outcomes of your own), in [0, 1] and summing to 1 along the last
        axis; :func:`complaint_outcome_shares` builds the usual four.
    repurchase_rates : array-like of shape (..., n_outcomes)
        Share of each outcome's customers who buy again, in [0, 1]. The TARP buy-again rates
        are ``reference.REPURCHASE_BY_COMPLAINT_OUTCOME.large_loss`` and ``.small_loss``
        (graded illustrative).
    value_per_customer : array-like, default 1.0
        Value of a kept customer (a margin, a lifetime value), in money.

    Returns
    -------
    RecoveryOutcome
        :math:`D\,s_j\,b_j` per outcome :math:`j`, their sum (kept), :math:`D` minus it
        (lost), and kept × value.

    Raises
    ------
    OutOfRangeError
        If a share or rate lies outside [0, 1] or a count is negative.
    InvalidInputError
        If the outcome shares do not sum to 1.
    ShapeMismatchError
        If the tables do not have the same number of outcomes or do not broadcast.

    Notes
    -----
    A good recovery beats a bad one, but the meta-analysis of de Matos, Henrique & Rossi
    (2007) finds no significant "recovery paradox" in repurchase: do not assume that
    recovered customers buy more than customers who never had a problem
    (``reference.SERVICE_RECOVERY_UPLIFT`` is 0).

    References
    ----------
    - Technical Assistance Research Programs (1986). Consumer complaint handling in America:
      an update study. US Office of Consumer Affairs; as retold by Albrecht, K., & Zemke, R.
      (1985). *Service America!* Dow Jones-Irwin.
    - de Matos, C. A., Henrique, J. L., & Rossi, C. A. V. (2007). Service recovery paradox:
      A meta-analysis. *Journal of Service Research*, 10(1), 60–77.

    Examples
    --------
    >>> from servicemetrics import reference, word_of_mouth as wom
    >>> rates = reference.REPURCHASE_BY_COMPLAINT_OUTCOME.large_loss  # 0.09 0.19 0.54 0.82
    >>> today = wom.complaint_outcome_shares(0.04, 0.5, 0.5)
    >>> better = wom.complaint_outcome_shares(0.5, 0.9, 0.8)  # listen, and resolve fast
    >>> outcome = wom.customers_kept(1_000, [today, better], rates, value_per_customer=300.0)
    >>> outcome.kept  # 1000 (0.96*0.09 + 0.02*0.19 + 0.01*0.54 + 0.01*0.82) ...
    array([103.8, 398.3])
    >>> outcome.value_kept
    array([ 31140., 119490.])
    """
    d = as_nonnegative(dissatisfied, "dissatisfied")
    shares = as_share(outcome_shares, "outcome_shares")
    rates = as_share(repurchase_rates, "repurchase_rates")
    value = as_float_array(value_per_customer, "value_per_customer")
    for name, table in (("outcome_shares", shares), ("repurchase_rates", rates)):
        if table.ndim == 0:
            raise ShapeMismatchError(name, "must hold one value per outcome", shape_of(table))
    if shares.shape[-1] != rates.shape[-1]:
        raise ShapeMismatchError(
            "repurchase_rates",
            f"must hold one rate per outcome ({shares.shape[-1]})",
            shape_of(rates),
        )
    totals = shares.sum(axis=-1)
    off = np.abs(totals - 1.0) > _SUM_TOLERANCE
    if off.any():
        raise_at(
            InvalidInputError, "outcome_shares", "must sum to 1 along the last axis", totals, off
        )
    check_broadcastable(
        {
            "dissatisfied": d,
            "outcome_shares (leading axes)": shares[..., 0],
            "repurchase_rates (leading axes)": rates[..., 0],
            "value_per_customer": value,
        }
    )
    kept_by_outcome = d[..., np.newaxis] * shares * rates
    kept = kept_by_outcome.sum(axis=-1)
    return RecoveryOutcome(
        kept_by_outcome=kept_by_outcome,
        kept=kept,
        lost=d - kept,
        value_kept=kept * value,
    )


def referral_value(
    referrals: ArrayLike,
    incremental_share: ArrayLike,
    incremental_value: ArrayLike,
    acquisition_savings: ArrayLike,
    discount_rate: ArrayLike,
    *,
    referral_cost: ArrayLike = 0.0,
) -> FloatOrArray:
    r"""Customer referral value: what one customer's referrals are worth today.

    Parameters
    ----------
    referrals : array-like of shape (..., n_periods)
        Referred customers who join in periods :math:`t = 1, \dots, T` (the last axis), >= 0;
        leading axes index referring customers or scenarios.
    incremental_share : array-like
        Share :math:`s` of the referred customers who would **not** have joined without the
        referral, in [0, 1]; broadcast against ``referrals`` (one value per period allowed).
    incremental_value : array-like
        Value :math:`V` the firm gets from one such customer, measured when they join (their
        discounted contribution margin, for example a lifetime value), in money.
    acquisition_savings : array-like
        Acquisition cost :math:`A` saved on one referred customer who **would** have joined
        anyway, in money.
    discount_rate : array-like
        Discount rate :math:`i` per period, >= 0; broadcast against the leading axes.
    referral_cost : array-like, default 0.0
        Cost :math:`c` of one referral (a reward, its handling), in money.

    Returns
    -------
    float or numpy.ndarray
        .. math::

            \mathrm{CRV} = \sum_{t=1}^{T} \frac{n_t\,[\,s V + (1 - s) A - c\,]}{(1+i)^t},

        one value per referring customer.

    Raises
    ------
    OutOfRangeError
        If a value lies outside its range.
    ShapeMismatchError
        If the arguments do not broadcast together.

    Notes
    -----
    Kumar, Petersen & Leone separate a customer's value as a buyer (CLV) from their value as a
    referrer (CRV). Referrals only create value where they change behaviour: a referred
    customer who would have joined anyway brings no new margin, only the acquisition cost
    the firm saves on them; one who would not have joined brings their whole value. Their
    published CRV also subtracts the cost of the referral; this function implements that
    structure with per-period averages (numbers of referrals, shares, values) in place of
    their customer-by-customer sums.

    References
    ----------
    - Kumar, V., Petersen, J. A., & Leone, R. P. (2007). How valuable is word of mouth?
      *Harvard Business Review*, 85(10), 139–146.
    - Kumar, V., Petersen, J. A., & Leone, R. P. (2010). Driving profitability by encouraging
      customer referrals: Who, when, and how. *Journal of Marketing*, 74(5), 1–17.

    Examples
    --------
    Three referred customers join in year 1 and two in year 2; 40% of them would not have
    come otherwise and are worth 500 each, the rest save an acquisition cost of 80, and every
    referral costs a reward of 20:

    >>> from servicemetrics import word_of_mouth as wom
    >>> wom.referral_value([3, 2], 0.4, 500.0, 80.0, 0.1, referral_cost=20.0)
    998.6776...
    """
    n = as_nonnegative(referrals, "referrals")
    if n.ndim == 0:
        raise ShapeMismatchError(
            "referrals", "must hold one count per period along its last axis", shape_of(n)
        )
    s = as_share(incremental_share, "incremental_share")
    v = as_float_array(incremental_value, "incremental_value")
    a = as_float_array(acquisition_savings, "acquisition_savings")
    c = as_float_array(referral_cost, "referral_cost")
    i = as_nonnegative(discount_rate, "discount_rate")
    check_broadcastable(
        {
            "referrals": n,
            "incremental_share": s,
            "incremental_value": v,
            "acquisition_savings": a,
            "referral_cost": c,
        }
    )
    check_broadcastable({"discount_rate": i, "referrals (leading axes)": n[..., 0]})
    per_referral = s * v + (1.0 - s) * a - c
    periods = np.arange(1, n.shape[-1] + 1, dtype=np.float64)
    discount = (1.0 + i[..., np.newaxis]) ** -periods
    value = np.sum(n * per_referral * discount, axis=-1)
    return wrap_output(np.asarray(value), discount_rate)
