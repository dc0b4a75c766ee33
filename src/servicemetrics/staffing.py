r"""Contact-centre service level and staffing with the Erlang C model.

Calls (chats, e-mails handled one at a time) arrive at random and wait in one queue for the
first free agent. Erlang C (the M/M/N queue) answers the questions a contact centre plans with:

* :func:`erlang_c` — for a given number of agents: the probability that a caller waits, the
  share answered within a target time (the *service level*, as in "80% within 20 seconds"),
  the average speed of answer and the agents' occupancy;
* :func:`agents_needed` — the fewest agents that meet a service-level target, optionally
  grossed up for shrinkage (breaks, training, absence);
* :func:`erlang_a` — the same measures when callers hang up after a random patience (Palm's
  M/M/N+M model, "Erlang A"), with the share who abandon.

**Units.** All times share one unit, that of ``handle_time`` (seconds, say), and
``arrival_rate`` counts arrivals per that same unit. The *offered load*
:math:`A = \lambda \cdot \mathrm{AHT}` is then in Erlangs: the number of agents that would be
busy all the time. 100 calls in 30 minutes with a 3-minute handle time is
:math:`\lambda = 100/1800` per second and AHT = 180 seconds, so :math:`A = 10` Erlangs.

**Assumptions.** Poisson arrivals, exponential handle times, nobody hangs up while waiting,
first come first served, and a steady state within the planning interval. Callers who abandon
make the real queue shorter than Erlang C predicts, so its staffing errs on the safe side;
:func:`erlang_a` models them, with exponential patience.

"80/20" (80% of calls answered within 20 seconds) is an industry convention, not the rule of
a standards body; the target is the organisation's own.
"""

from __future__ import annotations

import sys
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
from scipy import special

from servicemetrics._fields import NUMBER_EQ, float_or_array
from servicemetrics._results import ResultModel
from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    FloatOrArray,
    InvalidInputError,
    as_float_array,
    as_nonnegative,
    as_open_unit,
    as_positive,
    check_broadcastable,
    check_integer,
    check_range,
)

__all__ = ["ErlangA", "ErlangC", "agents_needed", "erlang_a", "erlang_c"]

_MAX_DOUBLINGS = 64
# Below this, gammainc/gammaincc have lost too much of their range to be taken logs of, and
# the terms of the direct series fall off quickly enough to sum instead.
_TINY = 1e-200
_SERIES_TOLERANCE = 1e-17


@attrs.frozen(repr=False)
class ErlangC(ResultModel):
    r"""Service measures of an M/M/N queue (Erlang C), built by :func:`erlang_c`.

    Every field is a ``float`` when all inputs were scalars and a read-only array of their
    broadcast shape otherwise.

    Parameters
    ----------
    agents : float or numpy.ndarray
        Agents answering, :math:`N`.
    offered_load : float or numpy.ndarray
        :math:`A = \lambda \cdot \mathrm{AHT}`, in Erlangs.
    wait_probability : float or numpy.ndarray
        Probability that an arriving caller has to wait, :math:`P_w`; 1 when
        :math:`N \le A`.
    service_level : float or numpy.ndarray
        Share of callers answered within ``target_time``; 0 when :math:`N \le A`.
    average_speed_of_answer : float or numpy.ndarray
        Mean wait over all callers (those answered at once count as 0), in the unit of
        ``handle_time``; infinite when :math:`N \le A`.
    occupancy : float or numpy.ndarray
        Share of the agents' time spent handling calls, :math:`\min(A/N, 1)`.
    target_time : float or numpy.ndarray
        The service-level target time, in the unit of ``handle_time``.

    See Also
    --------
    erlang_c : Computes these measures.

    Examples
    --------
    >>> from servicemetrics.staffing import erlang_c
    >>> result = erlang_c(14, 100 / 1800, 180, target_time=20)
    >>> round(result.service_level, 4)
    0.8884
    """

    agents: FloatOrArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    offered_load: FloatOrArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    wait_probability: FloatOrArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    service_level: FloatOrArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    average_speed_of_answer: FloatOrArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    occupancy: FloatOrArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    target_time: FloatOrArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)


def _wait_probability(agents: FloatArray, load: FloatArray) -> FloatArray:
    """Erlang C probability of waiting; 1 where the queue is unstable (agents <= load).

    Erlang B comes from the Poisson probability of exactly ``agents`` busy over that of at
    most ``agents``, both without factorials: the first in log space, the second as the
    regularised upper incomplete gamma function ``Q(N + 1, A) = P(Poisson(A) <= N)``.
    """
    stable = agents > load
    n = np.where(stable, agents, 1.0)
    a = np.where(stable, load, 0.0)
    log_top = special.xlogy(n, a) - a - special.gammaln(n + 1.0)
    blocking = np.exp(log_top) / special.gammaincc(n + 1.0, a)
    wait = n * blocking / (n - a * (1.0 - blocking))
    result: FloatArray = np.where(stable, wait, 1.0)
    return result


def _measures(
    agents: FloatArray, load: FloatArray, handle_time: FloatArray, target_time: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Wait probability, service level and average speed of answer (arrays)."""
    wait = _wait_probability(agents, load)
    stable = agents > load
    spare = np.where(stable, agents - load, 1.0)
    service_level = np.where(stable, 1.0 - wait * np.exp(-spare * target_time / handle_time), 0.0)
    asa = np.where(stable, wait * handle_time / spare, np.inf)
    return wait, service_level, asa


def _check_agents(agents: ArrayLike) -> FloatArray:
    return check_range(check_integer(as_float_array(agents, "agents"), "agents"), "agents", low=1)


def _check_rates(arrival_rate: ArrayLike, handle_time: ArrayLike) -> tuple[FloatArray, FloatArray]:
    rate = as_nonnegative(arrival_rate, "arrival_rate")
    aht = as_positive(handle_time, "handle_time")
    return rate, aht


def erlang_c(
    agents: ArrayLike,
    arrival_rate: ArrayLike,
    handle_time: ArrayLike,
    *,
    target_time: ArrayLike,
) -> ErlangC:
    r"""Probability of waiting, service level, speed of answer and occupancy under Erlang C.

    Parameters
    ----------
    agents : array-like
        Agents answering (on the phones, after shrinkage), whole numbers >= 1.
    arrival_rate : array-like
        Arrivals per unit of time (the unit of ``handle_time``), >= 0.
    handle_time : array-like
        Average handle time (talk, hold and wrap-up), > 0.
    target_time : array-like
        Answer-time target of the service level, >= 0, in the unit of ``handle_time``. All
        four arguments broadcast together.

    Returns
    -------
    ErlangC
        ``wait_probability`` (lower is better), ``service_level`` (higher is better),
        ``average_speed_of_answer`` (in the unit of ``handle_time``; lower is better),
        ``occupancy``, and the inputs ``agents``, ``offered_load`` and ``target_time``.
        With no more agents than the offered load (:math:`N \le A`) the queue grows without
        bound: every caller waits (``wait_probability`` 1), the service level is 0, the
        average speed of answer infinite and the occupancy 1.

    Raises
    ------
    OutOfRangeError
        If ``agents`` < 1, ``arrival_rate`` < 0, ``handle_time`` <= 0 or ``target_time`` < 0.
    InvalidInputError
        If ``agents`` is not a whole number.
    NonFiniteError
        If an argument is NaN or infinite.
    ShapeMismatchError
        If the arguments do not broadcast together.

    See Also
    --------
    agents_needed : The fewest agents that meet a service-level target.

    Notes
    -----
    With offered load :math:`A = \lambda \cdot \mathrm{AHT}` and :math:`N > A` agents, the
    probability that a caller waits is Erlang's C formula,

    .. math::

        P_w = \frac{\frac{A^N}{N!}\frac{N}{N-A}}
                   {\sum_{k=0}^{N-1} \frac{A^k}{k!} + \frac{A^N}{N!}\frac{N}{N-A}}
            = \frac{N B}{N - A (1 - B)},
        \qquad
        B = \frac{A^N / N!}{\sum_{k=0}^{N} A^k / k!}
          = \frac{e^{-A} A^N / N!}{Q(N + 1, A)},

    where :math:`B` is Erlang's B (loss) formula and :math:`Q` the regularised upper
    incomplete gamma function, :math:`Q(N+1, A) = P(\mathrm{Poisson}(A) \le N)`. The numerator
    of :math:`B` is evaluated in log space, so nothing overflows even at thousands of Erlangs.
    Waits of delayed callers are exponential with rate :math:`(N - A)/\mathrm{AHT}`, hence

    .. math::

        \mathrm{SL}(t) = 1 - P_w\, e^{-(N - A) t / \mathrm{AHT}}, \qquad
        \mathrm{ASA} = \frac{P_w \, \mathrm{AHT}}{N - A}, \qquad
        \text{occupancy} = \frac{A}{N}.

    References
    ----------
    - Erlang, A. K. (1917). Solution of some problems in the theory of probabilities of
      significance in automatic telephone exchanges. *Elektroteknikeren*, 13, 5–13.
    - Cooper, R. B. (1981). *Introduction to Queueing Theory* (2nd ed.). North Holland,
      New York.
    - Gans, N., Koole, G. and Mandelbaum, A. (2003). Telephone call centers: tutorial,
      review, and research prospects. *Manufacturing & Service Operations Management*, 5(2),
      79–141.

    Examples
    --------
    100 calls in half an hour, 3 minutes each: 10 Erlangs. With 14 agents, 17% of callers wait
    and 89% are answered within 20 seconds:

    >>> from servicemetrics.staffing import erlang_c
    >>> result = erlang_c(14, 100 / 1800, 180, target_time=20)
    >>> round(result.wait_probability, 4), round(result.service_level, 4)
    (0.1741, 0.8884)
    >>> round(result.average_speed_of_answer, 2), result.occupancy
    (7.84, 0.7142857142857143)

    Over a range of team sizes:

    >>> erlang_c([11, 12, 13], 100 / 1800, 180, target_time=20).service_level.round(4)
    array([0.3896, 0.6402, 0.7956])
    """
    n = _check_agents(agents)
    rate, aht = _check_rates(arrival_rate, handle_time)
    t = as_nonnegative(target_time, "target_time")
    shape = check_broadcastable(
        {"agents": n, "arrival_rate": rate, "handle_time": aht, "target_time": t}
    )
    n, rate, aht, t = (np.broadcast_to(x, shape) for x in (n, rate, aht, t))
    load = rate * aht
    wait, service_level, asa = _measures(n, load, aht, t)
    return ErlangC(
        agents=n,
        offered_load=load,
        wait_probability=wait,
        service_level=service_level,
        average_speed_of_answer=asa,
        occupancy=np.minimum(load / n, 1.0),
        target_time=t,
    )


def _meets(
    agents: FloatArray,
    load: FloatArray,
    handle_time: FloatArray,
    target_time: FloatArray,
    target: FloatArray,
    max_occupancy: FloatArray,
) -> npt.NDArray[np.bool_]:
    _, service_level, _ = _measures(agents, load, handle_time, target_time)
    meets: npt.NDArray[np.bool_] = (service_level >= target) & (load <= max_occupancy * agents)
    return meets


def _minimum_agents(
    load: FloatArray,
    handle_time: FloatArray,
    target_time: FloatArray,
    target: FloatArray,
    max_occupancy: FloatArray,
) -> FloatArray:
    """Fewest agents meeting the target, by a vectorised doubling-then-bisection search.

    Every case starts from ``floor(A)``, which cannot meet the target (the queue is unstable
    there), and the next integer up, ``floor(A) + 1``, the first stable size. The gap above
    ``floor(A)`` doubles until every case meets the target, then integer bisection closes
    in on the minimum. Both loops run over all cases at once, for a number of rounds
    logarithmic in the gap: the service level only rises with the number of agents.
    """
    args = (load, handle_time, target_time, target, max_occupancy)
    base = np.floor(load)
    low = base.copy()
    high = base + 1.0
    for _ in range(_MAX_DOUBLINGS):
        ok = _meets(high, *args)
        if ok.all():
            break
        low = np.where(ok, low, high)
        high = np.where(ok, high, base + 2.0 * (high - base))
    else:  # pragma: no cover - the service level tends to 1, so doubling always ends
        raise RuntimeError("agents_needed: the search for a staffing level did not end")
    while (high - low > 1.0).any():
        mid = np.floor((low + high) / 2.0)
        ok = _meets(mid, *args)
        high = np.where(ok, mid, high)
        low = np.where(ok, low, mid)
    result: FloatArray = np.where(load == 0.0, 0.0, high)
    return result


def _wrap_counts(counts: npt.NDArray[np.int64], *inputs: object) -> Any:
    """An int for scalar inputs, an int64 array otherwise, a Series for a matching Series."""
    if counts.ndim == 0:
        return int(counts)
    pandas = sys.modules.get("pandas")
    if pandas is not None and counts.ndim == 1:
        for item in inputs:
            if isinstance(item, pandas.Series) and len(item) == counts.shape[0]:
                return pandas.Series(counts, index=item.index)
    return counts


def agents_needed(
    arrival_rate: ArrayLike,
    handle_time: ArrayLike,
    *,
    target_time: ArrayLike,
    service_level: ArrayLike,
    shrinkage: ArrayLike = 0.0,
    max_occupancy: ArrayLike = 1.0,
) -> Any:
    r"""The fewest agents that meet a service-level target under Erlang C.

    Parameters
    ----------
    arrival_rate : array-like
        Arrivals per unit of time (the unit of ``handle_time``), >= 0.
    handle_time : array-like
        Average handle time, > 0.
    target_time : array-like
        Answer-time target, >= 0, in the unit of ``handle_time`` (20 for "80/20" in seconds).
    service_level : array-like
        Share of callers to answer within ``target_time``, in (0, 1) (0.8 for "80/20").
    shrinkage : array-like, default 0
        Share of paid time in which agents cannot answer (breaks, training, meetings,
        absence), in [0, 1). The agents on the phones are grossed up to the agents to
        schedule.
    max_occupancy : array-like, default 1
        Highest acceptable occupancy :math:`A/N`, in (0, 1]; 1 puts no limit beyond the
        service level. All arguments broadcast together.

    Returns
    -------
    int or numpy.ndarray of int
        Without shrinkage, the smallest :math:`N` whose service level reaches the target
        (and whose occupancy stays within ``max_occupancy``): :math:`N - 1` agents do not.
        With shrinkage, the agents to schedule, :math:`\lceil N / (1 - s) \rceil`. 0 when
        nobody arrives. An int for scalar inputs, an int64 array otherwise (a Series for a
        Series input).

    Raises
    ------
    OutOfRangeError
        If an argument is outside its range.
    NonFiniteError
        If an argument is NaN or infinite.
    ShapeMismatchError
        If the arguments do not broadcast together.

    See Also
    --------
    erlang_c : The service measures for a given number of agents.

    Notes
    -----
    The search starts at :math:`\lfloor A \rfloor + 1`, the smallest team that can keep up
    with the offered load, not at :math:`\operatorname{round}(A) + 1`, which skips the true
    minimum whenever the fractional part of :math:`A` is below one half. Because the service
    level increases with :math:`N`, the minimum is found by doubling the number of agents
    above :math:`\lfloor A \rfloor` until the target is met and then bisecting, for every case
    at once; the number of rounds grows with the logarithm of the staffing gap, never with
    the number of cases. When rounding up the shrinkage gross-up, a relative tolerance of
    :math:`10^{-9}` keeps exact multiples (7 agents at 30% shrinkage are 10, not 11) from
    being pushed up by floating-point error.

    References
    ----------
    - Cooper, R. B. (1981). *Introduction to Queueing Theory* (2nd ed.). North Holland,
      New York.
    - Gans, N., Koole, G. and Mandelbaum, A. (2003). Telephone call centers: tutorial,
      review, and research prospects. *Manufacturing & Service Operations Management*, 5(2),
      79–141.

    Examples
    --------
    10 Erlangs at "80/20": 13 agents answer 79.6% within 20 seconds, 14 answer 88.8%.

    >>> from servicemetrics.staffing import agents_needed
    >>> agents_needed(100 / 1800, 180, target_time=20, service_level=0.8)
    14
    >>> agents_needed(100 / 1800, 180, target_time=20, service_level=0.8, shrinkage=0.3)
    20

    Half-hourly intervals of a day are staffed in one call:

    >>> agents_needed([20 / 1800, 100 / 1800, 400 / 1800], 180, target_time=20,
    ...               service_level=0.8)
    array([ 4, 14, 45])
    """
    rate, aht = _check_rates(arrival_rate, handle_time)
    t = as_nonnegative(target_time, "target_time")
    target = as_open_unit(service_level, "service_level")
    shrink = check_range(
        as_float_array(shrinkage, "shrinkage"), "shrinkage", low=0, high=1, high_inclusive=False
    )
    occupancy = check_range(
        as_float_array(max_occupancy, "max_occupancy"),
        "max_occupancy",
        low=0,
        high=1,
        low_inclusive=False,
    )
    arrays = {
        "arrival_rate": rate,
        "handle_time": aht,
        "target_time": t,
        "service_level": target,
        "shrinkage": shrink,
        "max_occupancy": occupancy,
    }
    shape = check_broadcastable(arrays)
    rate, aht, t, target, shrink, occupancy = (np.broadcast_to(x, shape) for x in arrays.values())
    on_phones = _minimum_agents(rate * aht, aht, t, target, occupancy)
    scheduled = np.ceil(on_phones / (1.0 - shrink) * (1.0 - 1e-9))
    if not np.isfinite(scheduled).all():  # pragma: no cover - guarded by the input ranges
        raise InvalidInputError("arrival_rate", "gives a staffing level that overflows")
    return _wrap_counts(
        scheduled.astype(np.int64),
        arrival_rate,
        handle_time,
        target_time,
        service_level,
        shrinkage,
        max_occupancy,
    )


@attrs.frozen(repr=False)
class ErlangA(ResultModel):
    r"""Service measures of an M/M/N+M queue with abandonment (Erlang A), built by :func:`erlang_a`.

    Every field is a ``float`` when all inputs were scalars and a read-only array of their
    broadcast shape otherwise.

    Parameters
    ----------
    agents : float or numpy.ndarray
        Agents answering, :math:`N`.
    offered_load : float or numpy.ndarray
        :math:`A = \lambda \cdot \mathrm{AHT}`, in Erlangs.
    wait_probability : float or numpy.ndarray
        Probability that an arriving caller finds every agent busy and has to wait.
    abandon_probability : float or numpy.ndarray
        Share of callers who hang up before being answered.
    service_level : float or numpy.ndarray
        Share of *all* callers answered within ``target_time``; those who abandon count as
        not answered in time.
    average_wait : float or numpy.ndarray
        Mean time in the queue over all callers, answered or not (0 for those answered at
        once), in the unit of ``handle_time``.
    occupancy : float or numpy.ndarray
        Share of the agents' time spent on calls, :math:`A (1 - P_{ab}) / N`.
    target_time : float or numpy.ndarray
        The service-level target time.

    See Also
    --------
    erlang_a : Computes these measures.

    Examples
    --------
    >>> from servicemetrics.staffing import erlang_a
    >>> result = erlang_a(9, 100 / 1800, 180, 120, target_time=20)
    >>> round(result.abandon_probability, 3)
    0.192
    """

    agents: FloatOrArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    offered_load: FloatOrArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    wait_probability: FloatOrArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    abandon_probability: FloatOrArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    service_level: FloatOrArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    average_wait: FloatOrArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    occupancy: FloatOrArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)
    target_time: FloatOrArray = attrs.field(converter=float_or_array, eq=NUMBER_EQ)


def _sum_series(first_ratio: FloatArray, ratio_at: Any) -> tuple[FloatArray, FloatArray]:
    """Sum ``t_0 + t_1 + ...`` with ``t_0 = 1``, ``t_j = t_(j-1) ratio_at(j)``, and ``sum j t_j``.

    Used only where every ratio is below 1 and falling, so the terms shrink geometrically; the
    loop runs over terms, for all elements at once, until they are negligible.
    """
    total = np.ones_like(first_ratio)
    weighted = np.zeros_like(first_ratio)
    term = np.ones_like(first_ratio)
    j = 1
    ratio = first_ratio
    while True:
        term = term * ratio
        total = total + term
        weighted = weighted + j * term
        if not (term > _SERIES_TOLERANCE * total).any():
            return total, weighted
        j += 1
        ratio = ratio_at(j)


def _log_erlang_b(agents: FloatArray, load: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``log B`` and ``log(1 - B)`` of Erlang's loss formula, for any agents >= 1 and load.

    ``B = P(Poisson(A) = N) / P(Poisson(A) <= N)``. Where the denominator is too small for
    ``gammaincc`` (N far below A), ``1/B = sum_i N! / ((N - i)! A^i)`` is summed instead.
    """
    with np.errstate(divide="ignore"):
        log_top = special.xlogy(agents, load) - load - special.gammaln(agents + 1.0)
        cdf = special.gammaincc(agents + 1.0, load)
        log_b = log_top - np.log(cdf)
    deep = cdf < _TINY
    if deep.any():
        n, a = agents[deep], load[deep]
        inverse, _ = _sum_series(n / a, lambda i: np.maximum(n - i + 1.0, 0.0) / a)
        log_b[deep] = -np.log(inverse)
    with np.errstate(divide="ignore"):
        log_1m_b = np.log1p(-np.exp(log_b))
    return log_b, log_1m_b


def _log_palm(x: FloatArray, z: FloatArray) -> tuple[FloatArray, FloatArray]:
    """``log A(x, z)`` and ``sum_j j t_j / (z A)``, with ``A = sum_j t_j``, ``t_j = z^j Gamma(x+1) / Gamma(x+j+1)``.

    ``A(x, z) = e^z z^-x Gamma(x + 1) P(x, z)`` with ``P`` the regularised lower incomplete
    gamma function, and the second value (the share of waiting callers who abandon, for
    ``x = N mu / theta`` and ``z = lambda / theta``) is ``1 - x/z + x/(z A)``. Where ``P``
    underflows (z well below x: very patient callers, or few of them) both are summed from the
    series instead, whose terms fall by a factor ``z / (x + j)`` each; this also avoids the
    cancellation in ``1 - x/z + x/(z A)`` when hardly anybody abandons.
    """
    p = special.gammainc(x, z)
    with np.errstate(divide="ignore"):
        log_a: FloatArray = z - special.xlogy(x, z) + special.gammaln(x + 1.0) + np.log(p)
        share: FloatArray = 1.0 - x / z + x / z * np.exp(-log_a)
    small = p < _TINY
    if small.any():
        xs, zs = x[small], z[small]
        total, weighted = _sum_series(zs / (xs + 1.0), lambda j: zs / (xs + j))
        log_a[small] = np.log(total)
        share[small] = weighted / (zs * total)
    return log_a, np.clip(share, 0.0, 1.0)


def erlang_a(
    agents: ArrayLike,
    arrival_rate: ArrayLike,
    handle_time: ArrayLike,
    patience: ArrayLike,
    *,
    target_time: ArrayLike,
) -> ErlangA:
    r"""Waiting, abandonment and service level when callers hang up (Erlang A, M/M/N+M).

    Parameters
    ----------
    agents : array-like
        Agents answering, whole numbers >= 1. Unlike Erlang C, any number is stable: when
        there are too few agents the queue is held in check by callers giving up.
    arrival_rate : array-like
        Arrivals per unit of time (the unit of ``handle_time``), >= 0.
    handle_time : array-like
        Average handle time, > 0.
    patience : array-like
        Mean time a caller is willing to wait before hanging up, > 0, in the unit of
        ``handle_time``. A common estimate is the total time waited by all callers (answered
        and abandoned) divided by the number who abandoned (Mandelbaum & Zeltyn 2007).
    target_time : array-like
        Answer-time target of the service level, >= 0. All arguments broadcast together.

    Returns
    -------
    ErlangA
        ``wait_probability``, ``abandon_probability`` (lower is better), ``service_level``
        (share of all callers answered within the target time; higher is better),
        ``average_wait`` over all callers, ``occupancy``, and the inputs ``agents``,
        ``offered_load`` and ``target_time``.

    Raises
    ------
    OutOfRangeError
        If ``agents`` < 1, ``arrival_rate`` < 0, or ``handle_time``, ``patience`` <= 0, or
        ``target_time`` < 0.
    InvalidInputError
        If ``agents`` is not a whole number.
    NonFiniteError
        If an argument is NaN or infinite.
    ShapeMismatchError
        If the arguments do not broadcast together.

    See Also
    --------
    erlang_c : The model without abandonment (infinitely patient callers).

    Notes
    -----
    Callers arrive at rate :math:`\lambda`, are served at rate :math:`\mu = 1/\mathrm{AHT}`
    by :math:`N` agents and abandon at rate :math:`\theta = 1/\text{patience}` while waiting
    (Palm 1943). With :math:`x = N\mu/\theta`, :math:`y = \lambda/\theta`, Erlang's B
    formula :math:`B = B(N, \lambda/\mu)` and

    .. math::

        \mathcal{A}(x, z) = \sum_{j \ge 0} \frac{z^j\, \Gamma(x + 1)}{\Gamma(x + j + 1)}
                          = \frac{x\, e^{z}}{z^{x}}\, \gamma(x, z)

    (:math:`\gamma` the lower incomplete gamma function), the measures are (Garnett,
    Mandelbaum & Reiman 2002; Mandelbaum & Zeltyn 2007)

    .. math::

        P_w = \frac{\mathcal{A}(x, y)\, B}{1 + (\mathcal{A}(x, y) - 1) B}, \qquad
        P_{ab} = P_w \left(1 - \frac{x}{x + 1}
                 \frac{\mathcal{A}(x + 1, y)}{\mathcal{A}(x, y)}\right), \qquad
        E[W] = \frac{P_{ab}}{\theta},

    and, with :math:`u = e^{-\theta t}`, the share of callers answered within :math:`t` is

    .. math::

        \mathrm{SL}(t) = 1 - P_w + P_w \frac{x}{x + 1}
        \frac{\mathcal{A}(x + 1, y) - e^{-(x + 1)\theta t + y (1 - u)}\,
        \mathcal{A}(x + 1, y u)}{\mathcal{A}(x, y)} .

    The last formula follows from the offered wait of a caller who finds :math:`j` others
    queueing, a sum of exponentials with rates :math:`\theta (x + i)`, :math:`i = 0..j`,
    which is distributed as :math:`-\log U / \theta` with :math:`U \sim
    \mathrm{Beta}(x, j + 1)`. Everything is evaluated in log space: :math:`\mathcal{A}`
    through the regularised incomplete gamma function, or through its series where that
    underflows, and :math:`B` likewise, so large centres and heavy overload stay finite.
    As patience grows without bound the measures tend to those of :func:`erlang_c`.

    References
    ----------
    - Palm, C. (1943). Intensitätsschwankungen im Fernsprechverkehr. *Ericsson Technics*,
      44, 1–189.
    - Garnett, O., Mandelbaum, A. and Reiman, M. (2002). Designing a call center with
      impatient customers. *Manufacturing & Service Operations Management*, 4(3), 208–227.
    - Mandelbaum, A. and Zeltyn, S. (2007). Service engineering in action: the Palm/Erlang-A
      queue, with applications to call centers. In *Advances in Services Innovations*,
      Springer, Berlin, 17–45.

    Examples
    --------
    Ten Erlangs on nine agents: unstable under Erlang C, but with callers who wait two
    minutes on average before giving up, 19% abandon and 52% are answered within 20 seconds.

    >>> from servicemetrics.staffing import erlang_a
    >>> result = erlang_a(9, 100 / 1800, 180, 120, target_time=20)
    >>> round(result.abandon_probability, 4), round(result.service_level, 4)
    (0.1922, 0.5241)
    >>> round(result.wait_probability, 4), round(result.average_wait, 1)
    (0.6133, 23.1)

    With fourteen agents few abandon, and the more patient the callers, the closer the
    figures come to Erlang C's 0.8884:

    >>> erlang_a(14, 100 / 1800, 180, [120, 1e9], target_time=20).service_level.round(4)
    array([0.9327, 0.8884])
    """
    n = _check_agents(agents)
    rate, aht = _check_rates(arrival_rate, handle_time)
    mean_patience = as_positive(patience, "patience")
    t = as_nonnegative(target_time, "target_time")
    shape = check_broadcastable(
        {
            "agents": n,
            "arrival_rate": rate,
            "handle_time": aht,
            "patience": mean_patience,
            "target_time": t,
        }
    )
    # Work on flat copies (the helpers index into their arguments) and restore the shape last.
    n, rate, aht, mean_patience, t = (
        np.broadcast_to(v, shape).astype(np.float64).ravel()
        for v in (n, rate, aht, mean_patience, t)
    )
    load = rate * aht
    x = n * mean_patience / aht
    y = rate * mean_patience
    calls = y > 0.0
    # Without arrivals nobody waits; evaluate at a harmless load there and overwrite.
    y_safe = np.where(calls, y, 1.0)
    log_b, log_1m_b = _log_erlang_b(n, np.where(calls, load, 1.0))
    log_a, abandon_if_wait = _log_palm(x, y_safe)
    with np.errstate(over="ignore"):
        wait = np.where(calls, 1.0 / (1.0 + np.exp(log_1m_b - log_a - log_b)), 0.0)
    u = np.exp(-t / mean_patience)
    log_a_late, _ = _log_palm(x + 1.0, y_safe * u)
    late = (
        x
        / (x + 1.0)
        * np.exp(-(x + 1.0) * t / mean_patience + y_safe * (1.0 - u) + log_a_late - log_a)
    )
    within_if_wait = np.clip(1.0 - abandon_if_wait - late, 0.0, 1.0)
    abandon = wait * abandon_if_wait
    results = {
        "wait_probability": wait,
        "abandon_probability": abandon,
        "service_level": 1.0 - wait + wait * within_if_wait,
        "average_wait": abandon * mean_patience,
        "occupancy": load * (1.0 - abandon) / n,
    }
    return ErlangA(
        agents=n.reshape(shape),
        offered_load=load.reshape(shape),
        target_time=t.reshape(shape),
        **{name: value.reshape(shape) for name, value in results.items()},
    )
