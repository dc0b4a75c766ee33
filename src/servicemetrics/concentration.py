r"""How concentrated customer value is: Lorenz curve, Gini coefficient, top shares and tiers.

A customer base is *concentrated* when a few customers bring most of the revenue or margin.
This module measures that from one value per customer:

* :func:`lorenz_curve` — the whole picture: the share of value held by the smallest
  customers, for every share of customers (Lorenz 1905);
* :func:`gini` — one number for the whole curve, 0 when every customer is worth the same and
  close to 1 when one customer brings everything (Gini 1912);
* :func:`top_share` — the "80/20 check": the share of value held by the top 20% (or any
  fraction) of customers;
* :func:`assign_tiers` — the classic ABC split of customers by cumulative share of value.

The folklore says the top 20% of customers bring 80% of turnover. Measured shares are lower:
0.73 on average across packaged-goods brands (Kim, Singh & Winer 2017), 0.67 across 339
non-packaged-goods firms and 0.59 for subscription businesses (McCarthy & Winer 2019), and
about 0.6 in the Ehrenberg-Bass Institute's work on brand buyers (Sharp, Romaniuk & Graham
2019). Treat 80% as a slogan and measure your own share with :func:`top_share`.

Every function takes ``values``, a one-dimensional array-like of non-negative values per
customer (revenue, margin, orders) with a positive total. :func:`gini`, :func:`top_share` and
:func:`lorenz_curve` also take ``weights``, the whole number of customers each row stands for,
so that compressed data (one row per distinct value, with a count) gives the same answer as
the expanded data.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array
from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    FloatOrArray,
    InvalidInputError,
    NonFiniteError,
    ShapeMismatchError,
    as_float_array,
    as_vector,
    check_integer,
    check_range,
    raise_at,
    shape_of,
    wrap_output,
)

__all__ = [
    "LorenzCurve",
    "TierAssignment",
    "assign_tiers",
    "gini",
    "lorenz_curve",
    "top_share",
]


def _check_increasing(array: FloatArray, name: str) -> None:
    """Raise at the first element of a 1-D array that is not above its predecessor."""
    bad = np.concatenate(([False], np.diff(array) <= 0))
    if bad.any():
        raise_at(InvalidInputError, name, "must be strictly increasing", array, bad)


def _check_values(
    values: ArrayLike, weights: ArrayLike | None
) -> tuple[FloatArray, FloatArray | None]:
    """Validated per-row values and whole-number weights (``None``: one customer per row)."""
    x = check_range(as_vector(values, "values"), "values", low=0)
    w: FloatArray | None = None
    rule = "must have a positive total"
    if weights is not None:
        w = as_vector(weights, "weights")
        if w.shape != x.shape:
            raise ShapeMismatchError(
                "weights", f"must have the same shape as values {x.shape}", shape_of(w)
            )
        check_integer(check_range(w, "weights", low=0), "weights")
        rule = "must have a positive weighted total"
    # Each value is finite, but a total near the float64 limit can overflow, and every share
    # would then be NaN: report it instead of warning.
    with np.errstate(over="ignore"):
        total = float(x.sum() if w is None else np.dot(w, x))
    if not total > 0.0:
        raise InvalidInputError("values", rule, total)
    if not np.isfinite(total):
        raise NonFiniteError("values", "must have a finite total", total)
    return x, w


def _sorted_rows(x: FloatArray, w: FloatArray | None) -> tuple[FloatArray, FloatArray | None]:
    """Values and weights sorted by value, lowest first (stable), without zero-weight rows.

    A row of weight zero stands for no customer; dropping it keeps the population shares of
    the Lorenz curve strictly increasing. Unweighted values need no permutation, only a sort,
    which is several times faster on millions of customers.
    """
    if w is None:
        return np.sort(x), None
    keep = w > 0
    order = np.argsort(x[keep], kind="stable")
    return x[keep][order], w[keep][order]


def _customers(sorted_values: FloatArray, sorted_weights: FloatArray | None) -> float:
    """Number of customers the rows stand for."""
    return float(sorted_values.size if sorted_weights is None else sorted_weights.sum())


def _gini_sorted(sorted_values: FloatArray, sorted_weights: FloatArray | None) -> float:
    """Gini coefficient of rows sorted by value, in the rank-weighted form of the Lorenz area."""
    n = _customers(sorted_values, sorted_weights)
    # Scaling by a power of two is exact and keeps the rank-weighted sum below the float64
    # limit even when the total value is close to it.
    exponent = np.frexp(sorted_values.max())[1]
    amounts = np.ldexp(sorted_values, -exponent)
    # The ranks 2·P_{k-1} + w_k − n are exact integers (whole-number weights), so equal values
    # cancel as exactly as float64 allows; the clip removes the round-off that remains.
    if sorted_weights is None:
        ranks = 2.0 * np.arange(1, sorted_values.size + 1, dtype=np.float64) - 1.0 - n
    else:
        amounts = sorted_weights * amounts
        ranks = 2.0 * (np.cumsum(sorted_weights) - sorted_weights) + sorted_weights - n
    g = float(np.dot(amounts, ranks) / amounts.sum() / n)
    return min(max(g, 0.0), 1.0)


def _lorenz_points(
    sorted_values: FloatArray, sorted_weights: FloatArray | None
) -> tuple[FloatArray, FloatArray]:
    """Population and value shares of the Lorenz curve, both from 0 to exactly 1."""
    if sorted_weights is None:
        people = np.arange(sorted_values.size + 1, dtype=np.float64)
        value = np.concatenate(([0.0], np.cumsum(sorted_values)))
    else:
        people = np.concatenate(([0.0], np.cumsum(sorted_weights)))
        value = np.concatenate(([0.0], np.cumsum(sorted_weights * sorted_values)))
    # Dividing by the last cumulative sum, not by a separately summed total, makes both
    # shares end at exactly 1.
    return people / people[-1], value / value[-1]


def _top_share(
    population_share: FloatArray, value_share: FloatArray, fraction: ArrayLike
) -> FloatOrArray:
    """1 − L(1 − f) on a Lorenz curve, for a validated-here ``fraction``."""
    f = check_range(as_float_array(fraction, "fraction"), "fraction", low=0, high=1)
    held_by_rest = _interpolate(population_share, value_share, 1.0 - f)
    return wrap_output(1.0 - held_by_rest, fraction)


def _interpolate(
    population_share: FloatArray, value_share: FloatArray, at: FloatArray
) -> FloatArray:
    result: FloatArray = np.interp(at, population_share, value_share)
    return result


@attrs.frozen(repr=False)
class LorenzCurve(ResultModel):
    r"""The empirical Lorenz curve of customer values, with its Gini coefficient.

    Customers are sorted from the lowest to the highest value; the curve joins the points
    (share of customers counted so far, share of total value they hold) by straight lines.
    Build it with :func:`lorenz_curve`.

    Parameters
    ----------
    population_share : array-like of shape (n_points,)
        Cumulative share of customers at each vertex, strictly increasing from 0 to 1.
    value_share : array-like of shape (n_points,)
        Cumulative share of value at each vertex, from 0 to 1.
    gini : float
        Gini coefficient of the curve, in [0, 1]: one minus twice the area under the curve.

    Attributes
    ----------
    population_share, value_share : numpy.ndarray
        Read-only copies of the vertices.
    gini : float
        As given.

    Raises
    ------
    ShapeMismatchError
        If the arrays are not one-dimensional with the same length of at least 2.
    InvalidInputError
        If ``population_share`` is not strictly increasing.

    See Also
    --------
    lorenz_curve : Build the curve from customer values.

    Notes
    -----
    With customers sorted so that :math:`x_{(1)} \le \dots \le x_{(n)}` and frequency weights
    :math:`w_{(k)}` (all 1 for plain data), the vertices are

    .. math::

        p_k = \frac{\sum_{i \le k} w_{(i)}}{\sum_i w_{(i)}}, \qquad
        L_k = \frac{\sum_{i \le k} w_{(i)} x_{(i)}}{\sum_i w_{(i)} x_{(i)}}, \qquad
        k = 0, \dots, n,

    and between vertices the curve is linear, which spreads a customer's value evenly over
    the customer's share of the population (so fractions of a customer are handled).

    References
    ----------
    Lorenz, M. O. (1905). Methods of measuring the concentration of wealth.
    *Publications of the American Statistical Association*, 9(70), 209–219.

    Examples
    --------
    >>> curve = lorenz_curve([4, 1, 3, 2])
    >>> curve.population_share
    array([0.  , 0.25, 0.5 , 0.75, 1.  ])
    >>> curve.value_share
    array([0. , 0.1, 0.3, 0.6, 1. ])
    >>> curve.gini
    0.25
    """

    population_share: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    value_share: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    gini: float = attrs.field(converter=float)

    def __attrs_post_init__(self) -> None:
        p, v = self.population_share, self.value_share
        if p.ndim != 1 or p.shape[0] < 2:
            raise ShapeMismatchError(
                "population_share", "must be one-dimensional with at least 2 points", shape_of(p)
            )
        if v.shape != p.shape:
            raise ShapeMismatchError(
                "value_share",
                f"must have the same shape as population_share {p.shape}",
                shape_of(v),
            )
        _check_increasing(p, "population_share")

    def value_share_at(self, population_share: ArrayLike) -> FloatOrArray:
        r"""Share of total value held by the given share of lowest-value customers.

        Parameters
        ----------
        population_share : float or array-like
            Share of customers, counted from the lowest value up, in [0, 1].

        Returns
        -------
        float or numpy.ndarray
            :math:`L(p)` in [0, 1], linearly interpolated between vertices, shaped like
            ``population_share``. Equal values give :math:`L(p) = p`; the lower, the more
            concentrated.

        Raises
        ------
        NonFiniteError
            If ``population_share`` holds NaN or an infinity.
        OutOfRangeError
            If ``population_share`` is outside [0, 1].

        Examples
        --------
        >>> curve = lorenz_curve([1, 2, 3, 4])
        >>> curve.value_share_at(0.5)
        0.3
        >>> curve.value_share_at([0.8, 1.0])
        array([0.68, 1.  ])
        """
        p = check_range(
            as_float_array(population_share, "population_share"),
            "population_share",
            low=0,
            high=1,
        )
        return wrap_output(
            _interpolate(self.population_share, self.value_share, p), population_share
        )

    def top_share(self, fraction: ArrayLike = 0.2) -> FloatOrArray:
        r"""Share of total value held by the top ``fraction`` of customers.

        Parameters
        ----------
        fraction : float or array-like, default 0.2
            Share of customers, counted from the highest value down, in [0, 1].

        Returns
        -------
        float or numpy.ndarray
            :math:`1 - L(1 - f)` in [``fraction``, 1], shaped like ``fraction``.

        Raises
        ------
        NonFiniteError
            If ``fraction`` holds NaN or an infinity.
        OutOfRangeError
            If ``fraction`` is outside [0, 1].

        Examples
        --------
        >>> lorenz_curve([1, 2, 3, 4]).top_share(0.5)
        0.7
        """
        return _top_share(self.population_share, self.value_share, fraction)


def lorenz_curve(values: ArrayLike, weights: ArrayLike | None = None) -> LorenzCurve:
    r"""Lorenz curve of customer values: share of value held by each share of customers.

    Parameters
    ----------
    values : array-like of shape (n_rows,)
        Non-negative value per customer (revenue, margin, orders, in any one unit) with a
        positive total. NaN is rejected: drop or impute missing customers first.
    weights : array-like of shape (n_rows,), optional
        Whole number of customers each row stands for (compressed data). Rows of weight 0
        are ignored. Default: one customer per row.

    Returns
    -------
    LorenzCurve
        Vertices from (0, 0) to (1, 1), customers sorted from the lowest to the highest value,
        and the Gini coefficient. The diagonal means perfect equality; the further the curve
        sags below it, the more concentrated the value.

    Raises
    ------
    InvalidInputError
        If ``values`` is empty, not numeric, has a zero total, or ``weights`` are not whole
        numbers.
    NonFiniteError
        If ``values`` or ``weights`` hold NaN or an infinity, or the total overflows.
    OutOfRangeError
        If a value or weight is negative.
    ShapeMismatchError
        If ``values`` is not one-dimensional or ``weights`` has another shape.

    See Also
    --------
    gini : The Gini coefficient alone.
    top_share : The share of the top customers alone.

    Notes
    -----
    The vertices are :math:`(p_k, L_k)` with

    .. math::

        p_k = \frac{\sum_{i \le k} w_{(i)}}{\sum_i w_{(i)}}, \qquad
        L_k = \frac{\sum_{i \le k} w_{(i)} x_{(i)}}{\sum_i w_{(i)} x_{(i)}},

    for values sorted ascending, :math:`x_{(1)} \le \dots \le x_{(n)}`. A row of weight
    :math:`w` gives the same piecewise-linear curve as :math:`w` rows of weight 1, so every
    quantity read from the curve agrees between compressed and expanded data.

    References
    ----------
    Lorenz, M. O. (1905). Methods of measuring the concentration of wealth.
    *Publications of the American Statistical Association*, 9(70), 209–219.

    Examples
    --------
    Four customers worth 1, 2, 3 and 4: the smallest half holds (1 + 2) / 10 of the value.

    >>> curve = lorenz_curve([3, 1, 4, 2])
    >>> curve.value_share_at(0.5)
    0.3
    >>> curve.top_share(0.2)
    0.32
    >>> curve.gini
    0.25

    Compressed data — three customers worth 10 and one worth 70 — gives the same curve:

    >>> lorenz_curve([10, 70], weights=[3, 1]).value_share_at([0.75, 1.0])
    array([0.3, 1. ])
    """
    sorted_values, sorted_weights = _sorted_rows(*_check_values(values, weights))
    population_share, value_share = _lorenz_points(sorted_values, sorted_weights)
    return LorenzCurve(
        population_share=population_share,
        value_share=value_share,
        gini=_gini_sorted(sorted_values, sorted_weights),
    )


def gini(values: ArrayLike, weights: ArrayLike | None = None, *, unbiased: bool = False) -> float:
    r"""Gini coefficient of customer values: 0 when all are equal, near 1 when one has it all.

    Parameters
    ----------
    values : array-like of shape (n_rows,)
        Non-negative value per customer (revenue, margin, in any one unit) with a positive
        total. NaN is rejected.
    weights : array-like of shape (n_rows,), optional
        Whole number of customers each row stands for. Default: one customer per row.
    unbiased : bool, default False
        Multiply by :math:`n / (n - 1)`, the small-sample correction, where :math:`n` is the
        number of customers (the sum of ``weights``). Needs at least 2 customers.

    Returns
    -------
    float
        The Gini coefficient in [0, 1]: 0 when every customer is worth the same; at most
        :math:`(n - 1)/n` without the correction (one customer holds everything) and exactly
        1 in that case with it. The higher, the more concentrated.

    Raises
    ------
    InvalidInputError
        If ``values`` is empty, not numeric or has a zero total, ``weights`` are not whole
        numbers, or ``unbiased=True`` with fewer than 2 customers.
    NonFiniteError
        If ``values`` or ``weights`` hold NaN or an infinity, or the total overflows.
    OutOfRangeError
        If a value or weight is negative.
    ShapeMismatchError
        If ``values`` is not one-dimensional or ``weights`` has another shape.

    See Also
    --------
    lorenz_curve : The curve whose area the coefficient summarises.

    Notes
    -----
    The Gini coefficient is the mean absolute difference between two customers' values,
    divided by twice the mean, which equals one minus twice the area under the Lorenz curve:

    .. math::

        G = \frac{\sum_{i=1}^{n} \sum_{j=1}^{n} |x_i - x_j|}{2 n^2 \bar{x}}
          = 1 - \sum_{k=1}^{n} (p_k - p_{k-1}) (L_k + L_{k-1})
          = \frac{\sum_{k=1}^{n} (2k - n - 1)\, x_{(k)}}{n \sum_{k} x_{(k)}},

    the last form with values sorted ascending; it needs one sort, so the cost is
    :math:`O(n \log n)`. With frequency weights the rank :math:`k` becomes the cumulative
    weight, which is the same as expanding the rows. The sample coefficient of :math:`n`
    customers cannot exceed :math:`(n - 1)/n`; the correction
    :math:`G_{\text{unbiased}} = G \, n / (n - 1)` removes that small-sample bias
    (Damgaard & Weiner 2000).

    References
    ----------
    Gini, C. (1912). *Variabilità e mutabilità: contributo allo studio delle
    distribuzioni e delle relazioni statistiche*. Studi Economico-Giuridici della
    R. Università di Cagliari, 3(2). Bologna: Tipografia di Paolo Cuppini.

    Lorenz, M. O. (1905). Methods of measuring the concentration of wealth.
    *Publications of the American Statistical Association*, 9(70), 209–219.

    Damgaard, C., & Weiner, J. (2000). Describing inequality in plant size or
    fecundity. *Ecology*, 81(4), 1139–1142.

    Examples
    --------
    Values 1, 2, 3, 4: the sum of (2k − 5)·x is −3 − 2 + 3 + 12 = 10, over 4 × 10 = 40.

    >>> gini([1, 2, 3, 4])
    0.25
    >>> gini([1, 2, 3, 4], unbiased=True)
    0.3333
    >>> gini([5, 5, 5])
    0.0

    One customer holds everything: :math:`(n - 1)/n`, or 1 with the correction.

    >>> gini([0, 0, 0, 12])
    0.75
    >>> gini([0, 12], weights=[3, 1], unbiased=True)
    1.0
    """
    sorted_values, sorted_weights = _sorted_rows(*_check_values(values, weights))
    g = _gini_sorted(sorted_values, sorted_weights)
    if not unbiased:
        return g
    n = _customers(sorted_values, sorted_weights)
    if n < 2:
        raise InvalidInputError(
            "values", "must hold at least 2 customers when unbiased=True", int(n)
        )
    return min(g * n / (n - 1.0), 1.0)


def top_share(
    values: ArrayLike, fraction: ArrayLike = 0.2, *, weights: ArrayLike | None = None
) -> FloatOrArray:
    r"""Share of total value held by the top ``fraction`` of customers (the "80/20 check").

    Parameters
    ----------
    values : array-like of shape (n_rows,)
        Non-negative value per customer (revenue, margin, in any one unit) with a positive
        total. NaN is rejected.
    fraction : float or array-like, default 0.2
        Share of customers, counted from the highest value down, in [0, 1].
    weights : array-like of shape (n_rows,), optional
        Whole number of customers each row stands for. Default: one customer per row.

    Returns
    -------
    float or numpy.ndarray
        Share of value in [``fraction``, 1], shaped like ``fraction`` (a pandas Series keeps
        its index). Equal customers give exactly ``fraction``; the folklore answer for
        ``fraction=0.2`` is 0.8, measured answers are nearer 0.6–0.73 (see Notes).

    Raises
    ------
    InvalidInputError
        If ``values`` is empty, not numeric or has a zero total, or ``weights`` are not whole
        numbers.
    NonFiniteError
        If an input holds NaN or an infinity, or the total overflows.
    OutOfRangeError
        If a value or weight is negative or ``fraction`` is outside [0, 1].
    ShapeMismatchError
        If ``values`` is not one-dimensional or ``weights`` has another shape.

    See Also
    --------
    lorenz_curve : The whole curve, for several fractions or a plot.

    Notes
    -----
    The top share is read off the Lorenz curve :math:`L` (see :func:`lorenz_curve`):

    .. math::

        S(f) = 1 - L(1 - f),

    with linear interpolation between customers, so that :math:`f n` need not be a whole
    number: the top 20% of 4 customers is 0.8 of the largest customer.

    The "80/20 rule" says :math:`S(0.2) = 0.8`. It is folklore, not a measurement. Measured
    averages are 0.73 across 22 packaged-goods categories (Kim, Singh & Winer 2017), 0.67
    across 339 firms outside packaged goods, with 0.68 for non-subscription and 0.59 for
    subscription businesses (McCarthy & Winer 2019), and about 0.6 for brand buyers (Sharp,
    Romaniuk & Graham 2019). Shares of profit run higher than shares of sales.

    References
    ----------
    Lorenz, M. O. (1905). Methods of measuring the concentration of wealth.
    *Publications of the American Statistical Association*, 9(70), 209–219.

    Kim, B. J., Singh, V., & Winer, R. S. (2017). The Pareto rule for frequently
    purchased packaged goods: an empirical generalization. *Marketing Letters*, 28(4),
    491–507.

    McCarthy, D. M., & Winer, R. S. (2019). The Pareto rule in marketing revisited:
    is it 80/20 or 70/20? *Marketing Letters*, 30(2), 139–150 (working paper 2018).

    Sharp, B., Romaniuk, J., & Graham, C. (2019). Marketing's 60/20 Pareto law.
    Ehrenberg-Bass Institute for Marketing Science, working paper (SSRN).

    Examples
    --------
    The top 20% of customers worth 1, 2, 3 and 4 is 0.8 of the largest: 0.8 × 4 / 10.

    >>> top_share([1, 2, 3, 4])
    0.32
    >>> top_share([1, 2, 3, 4], fraction=[0.0, 0.25, 0.5, 1.0])
    array([0. , 0.4, 0.7, 1. ])
    >>> top_share([7, 7, 7, 7, 7])
    0.2
    """
    x, w = _check_values(values, weights)
    return _top_share(*_lorenz_points(*_sorted_rows(x, w)), fraction)


@attrs.frozen(repr=False)
class TierAssignment(ResultModel):
    """Customers split into value tiers (ABC analysis), with per-tier summaries.

    Build it with :func:`assign_tiers`.

    Parameters
    ----------
    labels : array-like of str, shape (n_customers,)
        Tier label of each customer, in the order the customers were given.
    tier_labels : array-like of str, shape (n_tiers,)
        Tier labels from the most to the least valuable tier.
    cutoffs : array-like of shape (n_tiers - 1,)
        Cumulative value shares that close each tier but the last.
    counts : array-like of int, shape (n_tiers,)
        Number of customers per tier.
    customer_shares : array-like of shape (n_tiers,)
        Share of customers per tier (``counts / n_customers``).
    value_shares : array-like of shape (n_tiers,)
        Share of total value per tier.

    Attributes
    ----------
    labels, tier_labels, cutoffs, counts, customer_shares, value_shares : numpy.ndarray
        Read-only copies of the above.

    See Also
    --------
    assign_tiers : The rule that assigns the tiers.

    Examples
    --------
    >>> result = assign_tiers([5, 50, 2, 30, 10, 3])
    >>> result.tier_labels
    array(['A', 'B', 'C'], dtype='<U1')
    >>> result.counts
    array([2, 2, 2])
    """

    labels: npt.NDArray[np.str_] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    tier_labels: npt.NDArray[np.str_] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    cutoffs: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    counts: npt.NDArray[np.int64] = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    customer_shares: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    value_shares: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)


def _check_labels(labels: Sequence[str], n_tiers: int) -> list[str]:
    try:
        names = list(labels)
    except TypeError:
        raise InvalidInputError("labels", "must be a sequence of strings", labels) from None
    if len(names) != n_tiers:
        raise ShapeMismatchError(
            "labels", f"must have one more entry than cutoffs ({n_tiers})", len(names)
        )
    for index, name in enumerate(names):
        if not isinstance(name, str):
            raise InvalidInputError("labels", "must be strings", name, index=index)
        if name in names[:index]:
            raise InvalidInputError("labels", "must be distinct", name, index=index)
    return names


def assign_tiers(
    values: ArrayLike,
    *,
    cutoffs: ArrayLike = (0.8, 0.95),
    labels: Sequence[str] = ("A", "B", "C"),
) -> TierAssignment:
    r"""Split customers into value tiers by cumulative share of value (ABC analysis).

    Parameters
    ----------
    values : array-like of shape (n_customers,)
        Non-negative value per customer (revenue, margin, in any one unit) with a positive
        total. NaN is rejected.
    cutoffs : array-like of shape (n_tiers - 1,), default (0.8, 0.95)
        Cumulative shares of value that close each tier but the last, strictly increasing
        in (0, 1).
    labels : sequence of str, default ("A", "B", "C")
        Distinct tier labels, from the most to the least valuable; one more than ``cutoffs``.

    Returns
    -------
    TierAssignment
        Each customer's label in input order, and per tier the count, the share of
        customers and the share of value. With the defaults, tier A is the smallest group of
        top customers that holds at least 80% of the value, A and B together the smallest
        that holds at least 95%.

    Raises
    ------
    InvalidInputError
        If ``values`` is empty, not numeric or has a zero total; if ``cutoffs`` is empty or
        not strictly increasing; if ``labels`` are not distinct strings.
    NonFiniteError
        If ``values`` or ``cutoffs`` hold NaN or an infinity, or the total overflows.
    OutOfRangeError
        If a value is negative or a cutoff is outside (0, 1).
    ShapeMismatchError
        If ``values`` or ``cutoffs`` is not one-dimensional, or ``labels`` does not have
        ``len(cutoffs) + 1`` entries.

    See Also
    --------
    top_share : The share of value held by a fixed share of customers.

    Notes
    -----
    Sort the customers by value, highest first, and let :math:`B_j` be the share of the total
    value held by the customers ranked before customer :math:`j`. With cutoffs
    :math:`c_1 < \dots < c_{m}` and :math:`c_0 = 0`, :math:`c_{m+1} = \infty`, customer
    :math:`j` falls in tier :math:`t` when

    .. math::

        c_{t-1} \le B_j < c_t .

    The tier is decided by the value *before* the customer, so the largest customer is
    always in the first tier, and a tier is closed by the customer who carries the
    cumulative share up to or past its cutoff. Customers of equal value keep their input
    order (a stable sort), so tied customers can fall on both sides of a cutoff; customers
    worth 0 fall in the last tier. This is the cumulative-share ("Pareto") form of ABC
    classification, after the concentration curve of Lorenz (1905); the cutoffs are
    conventions, not findings.

    References
    ----------
    Lorenz, M. O. (1905). Methods of measuring the concentration of wealth.
    *Publications of the American Statistical Association*, 9(70), 209–219.

    Examples
    --------
    Sorted, the values 50, 30, 10, 5, 3, 2 (total 100) have 0, 50, 80, 90, 95 and 98 before
    them: A while below 80, B while below 95, C after.

    >>> result = assign_tiers([5, 50, 2, 30, 10, 3])
    >>> result.labels
    array(['B', 'A', 'C', 'A', 'B', 'C'], dtype='<U1')
    >>> result.value_shares
    array([0.8 , 0.15, 0.05])
    >>> result.customer_shares
    array([0.3333, 0.3333, 0.3333])

    Two tiers at one cutoff; equal values keep their input order:

    >>> assign_tiers([5, 5], cutoffs=[0.5], labels=["top", "rest"]).labels
    array(['top', 'rest'], dtype='<U4')
    """
    x, _ = _check_values(values, None)
    c = check_range(
        as_vector(cutoffs, "cutoffs"),
        "cutoffs",
        low=0,
        high=1,
        low_inclusive=False,
        high_inclusive=False,
    )
    _check_increasing(c, "cutoffs")
    names = _check_labels(labels, c.shape[0] + 1)

    order = np.argsort(-x, kind="stable")
    cumulative = np.cumsum(x[order])
    total = cumulative[-1]
    share_before = np.concatenate(([0.0], cumulative[:-1])) / total
    tier_of_sorted = np.searchsorted(c, share_before, side="right")
    tier = np.empty_like(tier_of_sorted)
    tier[order] = tier_of_sorted

    n_tiers = len(names)
    counts = np.bincount(tier, minlength=n_tiers)
    return TierAssignment(
        labels=np.asarray(names)[tier],
        tier_labels=np.asarray(names),
        cutoffs=c,
        counts=counts,
        customer_shares=counts / x.shape[0],
        value_shares=np.bincount(tier, weights=x, minlength=n_tiers) / total,
    )
