r"""Contact-centre service level and staffing with the Erlang C model.

Calls (chats, e-mails handled one at a time) arrive at random and wait in one queue for the
first free agent. Erlang C (the M/M/N queue) answers the questions a contact centre plans with:

* :func:`erlang_c` — for a given number of agents: the probability that a caller waits, the
  share answered within a target time (the *service level*, as in "80% within 20 seconds"),
  the average speed of answer and the agents' occupancy;
* :func:`agents_needed` — the fewest agents that meet a service-level target, optionally
  grossed up for shrinkage (breaks, training, absence).

**Units.** All times share one unit, that of ``handle_time`` (seconds, say), and
``arrival_rate`` counts arrivals per that same unit. The *offered load*
:math:`A = \lambda \cdot \mathrm{AHT}` is then in Erlangs: the number of agents that would be
busy all the time. 100 calls in 30 minutes with a 3-minute handle time is
:math:`\lambda = 100/1800` per second and AHT = 180 seconds, so :math:`A = 10` Erlangs.

**Assumptions.** Poisson arrivals, exponential handle times, nobody hangs up while waiting,
first come first served, and a steady state within the planning interval. Callers who abandon
make the real queue shorter than Erlang C predicts, so its staffing errs on the safe side.

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
    check_broadcastable,
    check_integer,
    check_range,
)

__all__ = ["ErlangC", "agents_needed", "erlang_c"]

_MAX_DOUBLINGS = 64


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


def _check_rates(arrival_rate: ArrayLike, handle_time: ArrayLike) -> tuple[FloatArray, FloatArray]:
    rate = check_range(as_float_array(arrival_rate, "arrival_rate"), "arrival_rate", low=0)
    aht = check_range(
        as_float_array(handle_time, "handle_time"), "handle_time", low=0, low_inclusive=False
    )
    return rate, aht


def _check_target_time(target_time: ArrayLike) -> FloatArray:
    return check_range(as_float_array(target_time, "target_time"), "target_time", low=0)


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
      New York; §3.4 (Erlang B and C and the relation between them).
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
    n = check_range(check_integer(as_float_array(agents, "agents"), "agents"), "agents", low=1)
    rate, aht = _check_rates(arrival_rate, handle_time)
    t = _check_target_time(target_time)
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
      New York; §3.4.
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
    t = _check_target_time(target_time)
    target = check_range(
        as_float_array(service_level, "service_level"),
        "service_level",
        low=0,
        high=1,
        low_inclusive=False,
        high_inclusive=False,
    )
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
