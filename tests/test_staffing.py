"""Tests of servicemetrics.staffing.

Reference values come from independent computations kept here: Erlang's C formula summed term
by term in exact rational arithmetic (``fractions``); the Erlang B recursion
``B(k) = A B(k-1) / (k + A B(k-1))`` in floating point, which is stable at any load; and, for
Erlang A, the birth-death chain of the queue solved state by state, with the service level from
the matrix exponential of a waiting caller's absorbing Markov chain.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.linalg import expm

from servicemetrics import InvalidInputError, NonFiniteError, OutOfRangeError, ShapeMismatchError
from servicemetrics.staffing import ErlangA, ErlangC, agents_needed, erlang_a, erlang_c
from tests.strategies import handle_times, offered_loads, service_level_targets


def exact_wait_probability(agents: int, load: Fraction | int) -> float:
    """Erlang C from its textbook formula, in exact rational arithmetic."""
    a = Fraction(load)
    top = a**agents / math.factorial(agents) * Fraction(agents) / (agents - a)
    below = sum(a**k / Fraction(math.factorial(k)) for k in range(agents))
    return float(top / (below + top))


def recursive_wait_probability(agents: int, load: float) -> float:
    """Erlang C through the Erlang B recursion (Cooper 1981)."""
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = load * blocking / (k + load * blocking)
    return agents * blocking / (agents - load * (1.0 - blocking))


def erlang_a_by_markov_chain(
    agents: int, rate: float, aht: float, patience: float, t: float, states: int = 400
) -> tuple[float, float, float]:
    """Wait probability, abandonment and service level of M/M/N+M, from the chain itself.

    The stationary distribution of the number in system (truncated at ``states``) comes from
    the birth-death balance equations. A caller who finds ``j`` others queueing moves up at
    rate N mu + i theta with i ahead, is answered from the head at rate N mu and hangs up at
    rate theta; the answered-by-t probability is read from the matrix exponential.
    """
    mu, theta = 1 / aht, 1 / patience
    log_p = np.zeros(states + 1)
    for k in range(1, states + 1):
        log_p[k] = log_p[k - 1] + math.log(
            rate / (min(k, agents) * mu + max(k - agents, 0) * theta)
        )
    p = np.exp(log_p - log_p.max())
    p /= p.sum()
    queued = np.maximum(np.arange(states + 1) - agents, 0)
    wait = p[agents:].sum()
    abandon = theta * (queued * p).sum() / rate
    ahead = states - agents
    answered, gone = ahead + 1, ahead + 2
    generator = np.zeros((ahead + 3, ahead + 3))
    for i in range(ahead + 1):
        generator[i, gone] = theta
        generator[i, answered if i == 0 else i - 1] = agents * mu + i * theta if i else agents * mu
        generator[i, i] = -generator[i].sum()
    absorbed = expm(generator * t)[: ahead + 1, answered]
    service_level = p[:agents].sum() + (p[agents:] * absorbed).sum()
    return float(wait), float(abandon), float(service_level)


# 100 calls per half hour, 180 s handle time: 10 Erlangs.
RATE, AHT = 100 / 1800, 180.0


class TestErlangC:
    @pytest.mark.parametrize(
        ("agents", "wait"),
        [(11, 0.6821182), (12, 0.4493882), (13, 0.2852705), (14, 0.1741319), (15, 0.1020424)],
    )
    def test_exact_small_cases(self, agents: int, wait: float) -> None:
        """Ten Erlangs: the textbook formula evaluated exactly (see exact_wait_probability)."""
        assert exact_wait_probability(agents, 10) == pytest.approx(wait, abs=1e-7)
        result = erlang_c(agents, RATE, AHT, target_time=20)
        assert result.wait_probability == pytest.approx(wait, abs=1e-7)
        assert result.service_level == pytest.approx(
            1 - wait * math.exp(-(agents - 10) * 20 / 180), abs=1e-7
        )
        assert result.average_speed_of_answer == pytest.approx(wait * 180 / (agents - 10))
        assert result.occupancy == pytest.approx(10 / agents)
        assert result.offered_load == pytest.approx(10.0)

    def test_fractional_load_exactly(self) -> None:
        """A load of 5/2 Erlangs on 4 agents against exact arithmetic."""
        expected = exact_wait_probability(4, Fraction(5, 2))
        assert erlang_c(4, 2.5, 1.0, target_time=0).wait_probability == pytest.approx(
            expected, rel=1e-12
        )

    def test_textbook_exercise(self) -> None:
        """120 customers an hour, 3 minutes each, 10 servers: 'about 0.10' from the C curve."""
        result = erlang_c(10, 2.0, 3.0, target_time=0)
        assert result.wait_probability == pytest.approx(0.10, abs=0.005)
        assert result.wait_probability == pytest.approx(exact_wait_probability(10, 6))

    def test_two_servers_closed_form(self) -> None:
        """For N = 2, P_w = A² / (2 + A) (M/M/2)."""
        for load in (0.3, 1.0, 1.7):
            expected = load**2 / (2 + load)
            assert erlang_c(2, load, 1.0, target_time=0).wait_probability == pytest.approx(
                expected, rel=1e-12
            )

    @pytest.mark.parametrize(("agents", "load"), [(1020, 1000.0), (5100, 5000.0), (20500, 2e4)])
    def test_large_loads_are_stable(self, agents: int, load: float) -> None:
        """Thousands of Erlangs: finite, and equal to the Erlang B recursion."""
        result = erlang_c(agents, load, 1.0, target_time=0.0)
        assert result.wait_probability == pytest.approx(
            recursive_wait_probability(agents, load), rel=1e-9
        )
        assert 0.0 < result.wait_probability < 1.0

    def test_unstable_queue(self) -> None:
        """With no more agents than Erlangs everybody waits, forever on average."""
        result = erlang_c([9, 10], RATE, AHT, target_time=20)
        np.testing.assert_array_equal(result.wait_probability, [1.0, 1.0])
        np.testing.assert_array_equal(result.service_level, [0.0, 0.0])
        assert np.isinf(result.average_speed_of_answer).all()
        np.testing.assert_array_equal(result.occupancy, [1.0, 1.0])

    def test_no_arrivals(self) -> None:
        """Without callers nobody waits."""
        result = erlang_c(1, 0.0, 180.0, target_time=0)
        assert result.wait_probability == 0.0
        assert result.service_level == 1.0

    def test_result_model(self) -> None:
        """Scalars give floats; to_dict and HTML work; arrays broadcast."""
        result = erlang_c(14, RATE, AHT, target_time=20)
        assert isinstance(result, ErlangC)
        assert type(result.service_level) is float
        assert set(result.to_dict()) == {
            "agents",
            "offered_load",
            "wait_probability",
            "service_level",
            "average_speed_of_answer",
            "occupancy",
            "target_time",
        }
        assert "service_level" in result._repr_html_()
        grid = erlang_c([[12], [14]], RATE, AHT, target_time=[10, 20, 30])
        assert grid.service_level.shape == (2, 3)
        assert result == erlang_c(14.0, RATE, AHT, target_time=20.0)

    def test_errors(self) -> None:
        """Bad agents, rates, times and shapes are named."""
        with pytest.raises(OutOfRangeError, match=re.escape("agents must be >= 1; got 0.0")):
            erlang_c(0, RATE, AHT, target_time=20)
        with pytest.raises(
            InvalidInputError, match=re.escape("agents must be a whole number; got 2.5")
        ):
            erlang_c(2.5, RATE, AHT, target_time=20)
        with pytest.raises(OutOfRangeError, match=re.escape("handle_time must be > 0; got 0.0")):
            erlang_c(3, RATE, 0.0, target_time=20)
        with pytest.raises(OutOfRangeError, match=re.escape("target_time must be >= 0; got -1")):
            erlang_c(3, RATE, AHT, target_time=-1)
        with pytest.raises(NonFiniteError, match="arrival_rate must be finite"):
            erlang_c(3, float("nan"), AHT, target_time=20)
        with pytest.raises(ShapeMismatchError, match="broadcast-compatible"):
            erlang_c([3, 4], [RATE] * 3, AHT, target_time=20)

    @given(st.integers(1, 300), st.integers(0, 200), offered_loads, handle_times)
    def test_service_level_increases_with_agents(
        self, agents: int, extra: int, load: float, aht: float
    ) -> None:
        """More agents never lower the service level."""
        rate = load / aht
        fewer = erlang_c(agents, rate, aht, target_time=20).service_level
        more = erlang_c(agents + extra, rate, aht, target_time=20).service_level
        assert more >= fewer - 1e-12

    @given(st.integers(1, 6000), offered_loads, offered_loads, handle_times)
    def test_service_level_decreases_with_traffic(
        self, agents: int, load1: float, load2: float, aht: float
    ) -> None:
        """More traffic on the same agents never raises the service level."""
        low, high = sorted((load1, load2))
        light = erlang_c(agents, low / aht, aht, target_time=20).service_level
        heavy = erlang_c(agents, high / aht, aht, target_time=20).service_level
        assert heavy <= light + 1e-12

    @given(st.integers(1, 3000), offered_loads)
    def test_matches_erlang_b_recursion(self, agents: int, load: float) -> None:
        """The incomplete-gamma evaluation equals the Erlang B recursion wherever stable."""
        if agents <= load:
            return
        got = erlang_c(agents, load, 1.0, target_time=0).wait_probability
        assert got == pytest.approx(recursive_wait_probability(agents, load), rel=1e-8, abs=1e-300)


class TestAgentsNeeded:
    def test_eighty_twenty_at_ten_erlangs(self) -> None:
        """13 agents give 79.6% within 20 s, 14 give 88.8%: 14 is the minimum."""
        assert agents_needed(RATE, AHT, target_time=20, service_level=0.8) == 14

    def test_vector_of_intervals(self) -> None:
        """2, 10 and 40 Erlangs need 4, 14 and 45 agents (checked exactly below)."""
        result = agents_needed(
            [20 / 1800, RATE, 400 / 1800], AHT, target_time=20, service_level=0.8
        )
        np.testing.assert_array_equal(result, [4, 14, 45])
        assert result.dtype == np.int64
        for load, agents in ((2, 4), (40, 45)):
            below = 1 - exact_wait_probability(agents - 1, load) * math.exp(
                -(agents - 1 - load) / 9
            )
            at = 1 - exact_wait_probability(agents, load) * math.exp(-(agents - load) / 9)
            assert below < 0.8 <= at

    def test_search_starts_below_round_a_plus_one(self) -> None:
        """At A = 2.6 the minimum can be floor(A) + 1 = 3, below round(A) + 1 = 4."""
        # 3 agents at 2.6 Erlangs answer 24.1% at once (exact arithmetic), above a 20% target.
        assert 1 - exact_wait_probability(3, Fraction(13, 5)) == pytest.approx(0.2411054)
        assert agents_needed(2.6, 1.0, target_time=0, service_level=0.2) == 3

    def test_shrinkage_and_occupancy(self) -> None:
        """Shrinkage grosses up; exact multiples are not pushed up by round-off."""
        assert agents_needed(RATE, AHT, target_time=20, service_level=0.8, shrinkage=0.3) == 20
        # 21 agents at 20.5 Erlangs answer 12.4% at once; 21 / 0.7 is 30.000000000000004.
        assert agents_needed(20.5, 1.0, target_time=0, service_level=0.1) == 21
        assert agents_needed(20.5, 1.0, target_time=0, service_level=0.1, shrinkage=0.3) == 30
        # 10 Erlangs at most 60% busy: at least ceil(10 / 0.6) = 17 agents.
        assert agents_needed(RATE, AHT, target_time=20, service_level=0.8, max_occupancy=0.6) == 17

    def test_no_arrivals_need_nobody(self) -> None:
        """Zero traffic needs zero agents."""
        assert agents_needed([0.0, RATE], AHT, target_time=20, service_level=0.8).tolist() == [
            0,
            14,
        ]

    def test_series_in_series_out(self) -> None:
        """A Series of arrival rates gives a Series of integer counts with its index."""
        rates = pd.Series([RATE, 2 * RATE], index=["09:00", "09:30"])
        result = agents_needed(rates, AHT, target_time=20, service_level=0.8)
        assert isinstance(result, pd.Series)
        assert list(result.index) == ["09:00", "09:30"]
        assert result["09:00"] == 14

    def test_large_load_is_fast_and_minimal(self) -> None:
        """Five thousand Erlangs: the answer meets the target and one fewer does not."""
        needed = agents_needed(5000.0, 1.0, target_time=0.1, service_level=0.8)
        at = erlang_c(needed, 5000.0, 1.0, target_time=0.1).service_level
        below = erlang_c(needed - 1, 5000.0, 1.0, target_time=0.1).service_level
        assert below < 0.8 <= at

    def test_errors(self) -> None:
        """Targets of 0 or 1, shrinkage of 1 and a zero occupancy cap are rejected."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("service_level must be in (0, 1); got 1.0")
        ):
            agents_needed(RATE, AHT, target_time=20, service_level=1.0)
        with pytest.raises(OutOfRangeError, match=re.escape("shrinkage must be in [0, 1)")):
            agents_needed(RATE, AHT, target_time=20, service_level=0.8, shrinkage=1.0)
        with pytest.raises(OutOfRangeError, match=re.escape("max_occupancy must be in (0, 1]")):
            agents_needed(RATE, AHT, target_time=20, service_level=0.8, max_occupancy=0.0)
        with pytest.raises(OutOfRangeError, match=re.escape("arrival_rate must be >= 0")):
            agents_needed(-1.0, AHT, target_time=20, service_level=0.8)

    @given(offered_loads, handle_times, service_level_targets, st.floats(0.0, 120.0))
    def test_is_the_minimum(self, load: float, aht: float, target: float, t: float) -> None:
        """The answer meets the target and one agent fewer does not."""
        rate = load / aht
        needed = agents_needed(rate, aht, target_time=t, service_level=target)
        assert needed >= math.floor(load) + 1
        assert erlang_c(needed, rate, aht, target_time=t).service_level >= target
        if needed > 1:
            assert erlang_c(needed - 1, rate, aht, target_time=t).service_level < target

    @given(
        st.lists(offered_loads, min_size=1, max_size=20),
        handle_times,
        service_level_targets,
    )
    def test_vectorised_equals_one_by_one(
        self, loads: list[float], aht: float, target: float
    ) -> None:
        """A vector of intervals gives the same answers as one call per interval."""
        rates = np.asarray(loads) / aht
        together = agents_needed(rates, aht, target_time=20, service_level=target)
        apart = [agents_needed(r, aht, target_time=20, service_level=target) for r in rates]
        assert together.tolist() == apart


class TestErlangA:
    @pytest.mark.parametrize(
        ("agents", "rate", "aht", "patience", "t"),
        [
            (9, RATE, AHT, 120.0, 20.0),
            (14, RATE, AHT, 120.0, 20.0),
            (3, 1.0, 2.0, 1.5, 0.7),
            (1, 0.2, 1.0, 5.0, 3.0),
            (20, 0.5, 30.0, 10.0, 5.0),
            (5, 2.0, 4.0, 0.5, 0.0),
        ],
    )
    def test_matches_the_markov_chain(
        self, agents: int, rate: float, aht: float, patience: float, t: float
    ) -> None:
        """The closed forms equal the chain solved numerically."""
        wait, abandon, service_level = erlang_a_by_markov_chain(agents, rate, aht, patience, t)
        result = erlang_a(agents, rate, aht, patience, target_time=t)
        assert result.wait_probability == pytest.approx(wait, rel=1e-10)
        assert result.abandon_probability == pytest.approx(abandon, rel=1e-10)
        assert result.service_level == pytest.approx(service_level, rel=1e-10)
        assert result.average_wait == pytest.approx(abandon * patience, rel=1e-10)
        assert result.occupancy == pytest.approx(rate * aht * (1 - abandon) / agents)

    def test_documented_example(self) -> None:
        """Nine agents at ten Erlangs, two minutes' patience."""
        wait, abandon, service_level = erlang_a_by_markov_chain(9, RATE, AHT, 120.0, 20.0)
        assert (round(abandon, 4), round(service_level, 4), round(wait, 4)) == (
            0.1922,
            0.5241,
            0.6133,
        )

    def test_infinite_patience_is_erlang_c(self) -> None:
        """With callers who never hang up, Erlang A gives Erlang C."""
        a = erlang_a([11, 14, 30], RATE, AHT, 1e12, target_time=20)
        c = erlang_c([11, 14, 30], RATE, AHT, target_time=20)
        np.testing.assert_allclose(a.wait_probability, c.wait_probability, rtol=1e-6)
        np.testing.assert_allclose(a.service_level, c.service_level, rtol=1e-6)
        np.testing.assert_allclose(a.average_wait, c.average_speed_of_answer, rtol=1e-6)

    def test_heavy_overload_and_large_centres(self) -> None:
        """5,000 Erlangs on 100 to 6,000 agents: finite, and the fluid limit when overloaded."""
        agents = np.array([100, 2000, 4000, 5000, 6000])
        result = erlang_a(agents, 5000 / 180, 180.0, 300.0, target_time=20)
        for name in ("wait_probability", "abandon_probability", "service_level"):
            values = getattr(result, name)
            assert np.isfinite(values).all()
            assert ((values >= 0) & (values <= 1)).all()
        # Far into overload almost everyone waits and the excess traffic abandons (fluid model).
        np.testing.assert_allclose(
            result.abandon_probability[:3], 1 - agents[:3] / 5000, rtol=1e-3
        )
        assert np.all(np.diff(result.abandon_probability) < 0)

    def test_erlang_b_series_branch(self) -> None:
        """Where P(Poisson(A) <= N) underflows, the wait probability still matches the chain."""
        wait, abandon, _ = erlang_a_by_markov_chain(2000, 5000 / 180, 180.0, 1.0, 0.0, 2400)
        result = erlang_a(2000, 5000 / 180, 180.0, 1.0, target_time=0)
        assert result.wait_probability == pytest.approx(wait, rel=1e-9)
        assert result.abandon_probability == pytest.approx(abandon, rel=1e-9)

    def test_no_arrivals(self) -> None:
        """Nobody calls: nobody waits or abandons."""
        result = erlang_a(2, 0.0, 180.0, 60.0, target_time=20)
        assert (result.wait_probability, result.abandon_probability, result.service_level) == (
            0.0,
            0.0,
            1.0,
        )
        assert isinstance(result, ErlangA)

    def test_errors(self) -> None:
        """Patience must be positive; the other checks are Erlang C's."""
        with pytest.raises(OutOfRangeError, match=re.escape("patience must be > 0; got 0.0")):
            erlang_a(3, RATE, AHT, 0.0, target_time=20)
        with pytest.raises(OutOfRangeError, match=re.escape("agents must be >= 1; got 0.0")):
            erlang_a(0, RATE, AHT, 60.0, target_time=20)
        with pytest.raises(ShapeMismatchError, match="broadcast-compatible"):
            erlang_a([3, 4], RATE, AHT, [1.0, 2.0, 3.0], target_time=20)

    @given(
        st.integers(1, 400),
        st.integers(1, 50),
        offered_loads,
        handle_times,
        st.floats(1.0, 3600.0),
    )
    def test_more_agents_better_service(
        self, agents: int, extra: int, load: float, aht: float, patience: float
    ) -> None:
        """More agents: fewer abandon and the service level does not fall."""
        rate = load / aht
        few = erlang_a(agents, rate, aht, patience, target_time=20)
        many = erlang_a(agents + extra, rate, aht, patience, target_time=20)
        assert many.abandon_probability <= few.abandon_probability + 1e-12
        assert many.service_level >= few.service_level - 1e-9
        for result in (few, many):
            assert 0.0 <= result.abandon_probability <= result.wait_probability <= 1.0
            assert 0.0 <= result.service_level <= 1.0
