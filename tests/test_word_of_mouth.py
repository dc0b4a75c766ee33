"""Tests of servicemetrics.word_of_mouth."""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, special, stats

from servicemetrics import InvalidInputError, OutOfRangeError, ShapeMismatchError, reference
from servicemetrics import word_of_mouth as wom
from tests.strategies import (
    bass_parameters,
    dispersions,
    people_told,
    probabilities,
    scale_factors,
    tail_summaries,
    whole_customer_counts,
)


def brute_force_unique(population: int, told: int, talkers: int) -> float:
    """Average distinct hearers over every way the talkers can choose whom to tell."""
    choices = list(itertools.combinations(range(population), told))
    total = 0
    for picks in itertools.product(choices, repeat=talkers):
        total += len(set().union(*picks))
    return total / len(choices) ** talkers


class TestExpectedReach:
    def test_hand_computed(self) -> None:
        """Customers × share talking × people told."""
        assert wom.expected_reach(1_000, 0.5, 10) == 5_000.0
        np.testing.assert_allclose(
            wom.expected_reach([18_400, 1_600], [0.3, 1.0], [5, 10]), [27_600.0, 16_000.0]
        )

    def test_output_types(self) -> None:
        """Scalars give float, a Series gives a Series with its index."""
        assert type(wom.expected_reach(10, 0.5, 2)) is float
        customers = pd.Series([100, 200], index=["north", "south"])
        result = wom.expected_reach(customers, 0.5, 4)
        assert isinstance(result, pd.Series)
        assert result["south"] == 400.0

    def test_share_out_of_range(self) -> None:
        """Shares must be probabilities."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("share_talking must be in [0, 1]; got 1.5 at index 1")
        ):
            wom.expected_reach(10, [0.5, 1.5], 2)

    def test_negative_customers(self) -> None:
        """Customer counts cannot be negative."""
        with pytest.raises(OutOfRangeError, match=re.escape("customers must be >= 0; got -1.0")):
            wom.expected_reach(-1, 0.5, 2)

    def test_shape_mismatch(self) -> None:
        """Segments must broadcast."""
        with pytest.raises(ShapeMismatchError, match="broadcast-compatible"):
            wom.expected_reach([1, 2, 3], [0.1, 0.2], 2)

    @given(whole_customer_counts, whole_customer_counts, probabilities, people_told)
    def test_linear_in_customers(self, n1: int, n2: int, s: float, k: float) -> None:
        """Reach of two groups together is the sum of their reaches."""
        together = wom.expected_reach(n1 + n2, s, k)
        apart = wom.expected_reach(n1, s, k) + wom.expected_reach(n2, s, k)
        assert together == pytest.approx(apart, rel=1e-12, abs=1e-9)

    @given(whole_customer_counts, probabilities, people_told, scale_factors)
    def test_homogeneous_in_customers(self, n: int, s: float, k: float, c: float) -> None:
        """Scaling the customers scales the reach."""
        assert wom.expected_reach(c * n, s, k) == pytest.approx(
            c * wom.expected_reach(n, s, k), rel=1e-12, abs=1e-12
        )


class TestUniqueReach:
    @pytest.mark.parametrize(
        ("population", "told", "talkers"), [(4, 2, 2), (5, 2, 2), (5, 1, 3), (6, 3, 2)]
    )
    def test_matches_enumeration(self, population: int, told: int, talkers: int) -> None:
        """The closed form equals the average over every possible choice of hearers."""
        expected = brute_force_unique(population, told, talkers)
        got = wom.unique_reach(talkers, 1.0, told, population)
        assert got == pytest.approx(expected, rel=1e-12)

    def test_hand_computed(self) -> None:
        """Two talkers telling 2 of 5 people reach 5 (1 - (3/5)^2) = 3.2 on average."""
        assert wom.unique_reach(2, 1.0, 2, 5) == pytest.approx(3.2, rel=1e-12)

    def test_random_talkers_match_enumeration(self) -> None:
        """Four customers who each talk with probability 1/2: average over who talks."""
        expected = sum(
            stats.binom.pmf(j, 4, 0.5) * (brute_force_unique(5, 2, j) if j else 0.0)
            for j in range(5)
        )
        assert wom.unique_reach(4, 0.5, 2, 5) == pytest.approx(expected, rel=1e-12)

    def test_everyone_told(self) -> None:
        """A talker who tells the whole population reaches everybody, once."""
        assert wom.unique_reach(3, 1.0, 50, 50) == 50.0

    def test_nobody_talks(self) -> None:
        """No talkers, no hearers, even when people_told equals the population."""
        assert wom.unique_reach(0, 1.0, 50, 50) == 0.0
        assert wom.unique_reach(10, 0.0, 50, 50) == 0.0

    def test_telling_more_than_population(self) -> None:
        """Nobody can tell more people than there are."""
        message = "people_told must not exceed population (nobody can tell more people than there are); got 20.0 at index 1"
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            wom.unique_reach(10, 1.0, 20, [100, 10])

    def test_empty_population(self) -> None:
        """A population must have somebody in it."""
        with pytest.raises(InvalidInputError, match=re.escape("population must be > 0; got 0.0")):
            wom.unique_reach(10, 1.0, 0, 0)

    @given(whole_customer_counts, probabilities, people_told, st.floats(50.0, 1e9))
    def test_bounded_by_population_and_naive_reach(
        self, n: int, s: float, k: float, population: float
    ) -> None:
        """Distinct hearers never exceed the population nor the naive reach."""
        unique = wom.unique_reach(n, s, k, population)
        naive = wom.expected_reach(n, s, k)
        assert 0.0 <= unique <= min(population, naive) * (1 + 1e-12) + 1e-9

    @given(st.integers(0, 10_000), probabilities, people_told)
    def test_approaches_naive_reach_in_large_populations(self, n: int, s: float, k: float) -> None:
        """As the population grows, overlaps vanish and unique reach tends to naive reach."""
        naive = wom.expected_reach(n, s, k)
        unique = wom.unique_reach(n, s, k, 1e15)
        assert unique == pytest.approx(naive, rel=1e-6, abs=1e-9)


class TestReachBalance:
    def test_hand_computed(self) -> None:
        """Positive 9000·0.3·5, negative 1000·1·10."""
        balance = wom.reach_balance(
            9_000,
            1_000,
            satisfied_talking=0.3,
            satisfied_tell=5,
            dissatisfied_talking=1.0,
            dissatisfied_tell=10,
        )
        assert (balance.positive, balance.negative, balance.net) == (13_500.0, 10_000.0, 3_500.0)
        assert balance.negative_to_positive == pytest.approx(10_000 / 13_500)
        assert balance.to_dict()["net"] == 3_500.0

    def test_only_bad_news_is_infinite_ratio(self) -> None:
        """Where only the dissatisfied talk, the ratio is infinite, not an error."""
        balance = wom.reach_balance(
            100, 10, satisfied_talking=0.0, satisfied_tell=5,
            dissatisfied_talking=1.0, dissatisfied_tell=10,
        )  # fmt: skip
        assert balance.negative_to_positive == math.inf

    def test_zero_division(self) -> None:
        """0/0 raises by default and is NaN on request."""
        kwargs = {
            "satisfied_talking": 0.3,
            "satisfied_tell": 5,
            "dissatisfied_talking": 1.0,
            "dissatisfied_tell": 10,
        }
        with pytest.raises(InvalidInputError, match=r"must not both be 0 .* at index 1"):
            wom.reach_balance([10, 0], [10, 0], **kwargs)
        balance = wom.reach_balance([10, 0], [10, 0], zero_division="nan", **kwargs)
        assert np.isnan(balance.negative_to_positive[1])
        with pytest.raises(InvalidInputError, match="zero_division must be one of"):
            wom.reach_balance(1, 1, zero_division="zero", **kwargs)  # type: ignore[arg-type]


class TestComplaintIceberg:
    def test_point_estimate(self) -> None:
        """40 complaints at a 4% complaint rate mean 1000 dissatisfied, 960 silent."""
        iceberg = wom.complaint_iceberg(40, reference.COMPLAINT_RATE.low)
        assert iceberg.dissatisfied == pytest.approx(1_000.0)
        assert iceberg.silent == pytest.approx(960.0)
        assert iceberg.silent_share == pytest.approx(0.96)
        assert iceberg.low == iceberg.high == iceberg.dissatisfied

    def test_presets_span_twelvefold(self) -> None:
        """The reference presets change the estimate by 0.5 / 0.04 = 12.5 times."""
        rates = [reference.COMPLAINT_RATE.low, reference.COMPLAINT_RATE.high]
        iceberg = wom.complaint_iceberg(100, rates)
        assert iceberg.dissatisfied[0] / iceberg.dissatisfied[1] == pytest.approx(12.5)

    def test_interval_has_its_coverage(self) -> None:
        """The interval holds 95% of C/rate when the rate is drawn from its Beta."""
        iceberg = wom.complaint_iceberg(40, 0.04, rate_sample_size=500)
        rates = np.random.default_rng(11).beta(20.0, 480.0, 200_000)
        implied = 40 / rates
        inside = np.mean((implied >= iceberg.low) & (implied <= iceberg.high))
        assert inside == pytest.approx(0.95, abs=0.003)
        assert iceberg.low < iceberg.dissatisfied < iceberg.high

    def test_interval_narrows_with_sample_size(self) -> None:
        """A rate measured on more customers gives a narrower interval."""
        wide = wom.complaint_iceberg(40, 0.04, rate_sample_size=100)
        narrow = wom.complaint_iceberg(40, 0.04, rate_sample_size=10_000)
        assert narrow.high - narrow.low < wide.high - wide.low

    def test_certain_rate_of_one(self) -> None:
        """If every dissatisfied customer complains, there is nothing below the surface."""
        iceberg = wom.complaint_iceberg(40, 1.0, rate_sample_size=50)
        assert (iceberg.low, iceberg.dissatisfied, iceberg.high) == (40.0, 40.0, 40.0)

    def test_zero_rate(self) -> None:
        """A complaint rate of 0 says nothing about how many are dissatisfied."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("complaint_rate must be in (0, 1]; got 0.0")
        ):
            wom.complaint_iceberg(40, 0.0)

    def test_confidence_level(self) -> None:
        """The confidence level is a probability strictly between 0 and 1."""
        with pytest.raises(OutOfRangeError, match=r"confidence_level must be in \(0, 1\)"):
            wom.complaint_iceberg(40, 0.1, rate_sample_size=10, confidence_level=1.0)


class TestTellingDistribution:
    def test_geometric_pmf(self) -> None:
        """Dispersion 1 is geometric: P(X = n) = (1/(1+mu)) (mu/(1+mu))^n."""
        tells = wom.TellingDistribution(mean=4.0, dispersion=1.0)
        n = np.arange(6)
        np.testing.assert_allclose(tells.pmf(n), 0.2 * 0.8**n, rtol=1e-12)
        np.testing.assert_allclose(tells.sf(n), 0.8 ** (n + 1), rtol=1e-12)
        np.testing.assert_allclose(tells.pgf([0.0, 0.5]), [0.2, 0.2 / (1 - 0.8 * 0.5)])
        assert tells.variance == 4.0 + 16.0

    def test_poisson(self) -> None:
        """No dispersion means a Poisson count."""
        tells = wom.TellingDistribution(mean=3.0, dispersion=None)
        assert tells.pmf(2) == pytest.approx(math.exp(-3) * 9 / 2)
        assert tells.variance == 3.0
        assert tells.pgf(0.0) == pytest.approx(math.exp(-3))

    def test_share_next_to_the_largest_tail(self) -> None:
        """A share just below the largest reachable one is matched, not refused."""
        tells = wom.TellingDistribution.from_tail(34.09375, 35, 0.41345027960144526)
        assert tells.sf(35) == pytest.approx(0.41345027960144526, rel=1e-9)

    def test_tarp_calibration(self) -> None:
        """Mean 10 with 13% telling more than 20 gives a dispersion near 1.1, as published."""
        tells = wom.TellingDistribution.from_tail(10, 20, 0.13)
        assert tells.dispersion == pytest.approx(1.1, abs=0.05)
        assert tells.sf(20) == pytest.approx(0.13, rel=1e-9)

    def test_preset_reuses_reference(self) -> None:
        """The unhappy-customer preset is the reference figure's distribution, with its grade."""
        figure = reference.UNHAPPY_CUSTOMER_TELLS
        assert wom.UNHAPPY_TELLING.mean == figure.distribution.mean
        assert wom.UNHAPPY_TELLING.dispersion == figure.distribution.dispersion
        assert wom.UNHAPPY_TELLING.grade is reference.Grade.ILLUSTRATIVE
        assert wom.UNHAPPY_TELLING.sf(20) == pytest.approx(figure.distribution.sf(20))
        assert wom.RESOLVED_TELLING.mean == reference.RESOLVED_COMPLAINANT_TELLS.typical

    def test_from_reference_needs_people(self) -> None:
        """Only figures that count people describe telling."""
        with pytest.raises(InvalidInputError, match="figure must count people"):
            wom.TellingDistribution.from_reference(reference.COMPLAINT_RATE)

    def test_impossible_tail(self) -> None:
        """No negative binomial with mean 10 puts half its mass above 20."""
        with pytest.raises(OutOfRangeError, match=r"share must be <= 0\.156 .*; got 0\.5"):
            wom.TellingDistribution.from_tail(10, 20, 0.5)

    def test_tail_too_light(self) -> None:
        """With a threshold below the mean, a share above the Poisson tail is impossible."""
        with pytest.raises(OutOfRangeError, match="share must be <="):
            wom.TellingDistribution.from_tail(10, 2, 0.9999)

    def test_invalid_parameters(self) -> None:
        """Mean and dispersion must be positive."""
        with pytest.raises(OutOfRangeError, match=re.escape("mean must be > 0; got 0.0")):
            wom.TellingDistribution(mean=0.0, dispersion=1.0)
        with pytest.raises(OutOfRangeError, match=re.escape("dispersion must be > 0; got -1.0")):
            wom.TellingDistribution(mean=1.0, dispersion=-1.0)
        with pytest.raises(InvalidInputError, match="threshold must be a whole number"):
            wom.TellingDistribution.from_tail(10, 2.5, 0.1)

    def test_from_tail_takes_single_numbers(self) -> None:
        """A calibration describes one distribution."""
        with pytest.raises(InvalidInputError, match="mean must be a single number"):
            wom.TellingDistribution.from_tail([10, 12], 20, 0.13)  # type: ignore[arg-type]

    def test_sample_is_reproducible(self) -> None:
        """The same seed gives the same draws; mean and variance match the model."""
        tells = wom.TellingDistribution(mean=10.0, dispersion=1.1)
        a = tells.sample(200_000, np.random.default_rng(3))
        b = tells.sample(200_000, 3)
        np.testing.assert_array_equal(a, b)
        assert a.mean() == pytest.approx(10.0, abs=5 * math.sqrt(tells.variance / a.size))
        assert a.var() == pytest.approx(tells.variance, rel=0.03)

    def test_bad_rng(self) -> None:
        """Randomness is never hidden: rng must be a generator or a seed."""
        with pytest.raises(InvalidInputError, match=r"rng must be a numpy\.random\.Generator"):
            wom.UNHAPPY_TELLING.sample(3, "seed")  # type: ignore[arg-type]

    def test_result_model(self) -> None:
        """Distributions are frozen values with a dictionary form."""
        tells = wom.TellingDistribution(mean=2.0, dispersion=None)
        assert tells.to_dict() == {"mean": 2.0, "dispersion": None, "grade": None, "source": None}
        assert "Telling distribution" in tells._repr_html_()

    @settings(max_examples=60)
    @given(tail_summaries())
    def test_calibration_reproduces_mean_and_tail(self, summary: tuple[float, int, float]) -> None:
        """A calibrated distribution has the requested mean and tail share."""
        mean, threshold, share = summary
        tells = wom.TellingDistribution.from_tail(mean, threshold, share)
        assert tells.mean == mean
        assert tells.sf(threshold) == pytest.approx(share, rel=1e-6)


class TestExtinctionProbability:
    @given(st.floats(0.0, 1.0), dispersions)
    def test_certain_at_or_below_one(self, r: float, k: float | None) -> None:
        """Subcritical and critical cascades always die out."""
        assert wom.extinction_probability(r, k) == 1.0

    @given(st.floats(1.01, 10.0), dispersions)
    def test_fixed_point_above_one(self, r: float, k: float | None) -> None:
        """For R > 1 the answer lies in (0, 1) and solves q = G(q)."""
        q = wom.extinction_probability(r, k)
        assert 0.0 < q < 1.0
        g = math.exp(r * (q - 1)) if k is None else (1 + r * (1 - q) / k) ** -k
        assert q == pytest.approx(g, abs=1e-12)

    def test_poisson_matches_lambert_w(self) -> None:
        """Poisson offspring: q = -W(-R e^{-R}) / R."""
        r = np.array([1.5, 2.0, 3.0])
        expected = -special.lambertw(-r * np.exp(-r)).real / r
        np.testing.assert_allclose(wom.extinction_probability(r), expected, rtol=1e-12)

    def test_geometric_is_one_over_r(self) -> None:
        """Dispersion 1 (geometric offspring): q = 1/R."""
        np.testing.assert_allclose(
            wom.extinction_probability([1.5, 2.0, 4.0], dispersion=1.0), [2 / 3, 0.5, 0.25]
        )

    def test_more_dispersion_more_extinction(self) -> None:
        """Heavier tails make early extinction likelier for the same R."""
        q = wom.extinction_probability(2.0, dispersion=[0.1, 1.0, 10.0])
        assert q[0] > q[1] > q[2] > wom.extinction_probability(2.0)

    def test_just_above_one(self) -> None:
        """Near-critical cascades converge: q = 1 - 2ε/(1 + 1/k) to first order."""
        eps = 1e-6
        q = wom.extinction_probability(1 + eps, dispersion=1.0)
        assert q == pytest.approx(1 / (1 + eps), rel=1e-12)

    @pytest.mark.parametrize("k", [None, 0.01, 0.1, 5.0, 1e6])
    @pytest.mark.parametrize("excess", [1e-10, 1e-6, 1e-2, 1.0, 100.0])
    def test_matches_root_finder(self, excess: float, k: float | None) -> None:
        """Survival 1 - q agrees with Brent's method, down to barely supercritical cascades."""
        r = 1.0 + excess
        if k is None:

            def gap(u: float) -> float:
                return -math.expm1(-r * u) - u
        else:

            def gap(u: float) -> float:
                return -math.expm1(-k * math.log1p(r * u / k)) - u

        survival = optimize.brentq(gap, 1e-300, 1.0, xtol=1e-300, rtol=1e-15)
        got = 1.0 - wom.extinction_probability(r, k)
        # The root's condition number grows like 1 / (R - 1) near criticality.
        assert got == pytest.approx(survival, rel=1e-13 / min(excess, 1.0))

    def test_negative_reproduction(self) -> None:
        """Reproduction numbers cannot be negative."""
        with pytest.raises(OutOfRangeError, match=re.escape("reproduction must be >= 0")):
            wom.extinction_probability(-0.5)

    def test_simulated_extinction(self) -> None:
        """The share of simulated cascades that die out matches q^m."""
        sim = wom.simulate_cascade(
            2, 1.5, dispersion=0.5, generations=40, replications=20_000, rng=5
        )
        q = wom.extinction_probability(1.5, dispersion=0.5) ** 2
        standard_error = math.sqrt(q * (1 - q) / 20_000)
        assert sim.extinct_share == pytest.approx(q, abs=4 * standard_error)


class TestCascadeReach:
    def test_hand_computed(self) -> None:
        """100 seeds, R = 0.5, geometric offspring (variance R + R^2)."""
        reach = wom.cascade_reach(100, 0.5, dispersion=1.0, generations=3)
        np.testing.assert_allclose(reach.per_generation, [100, 50, 25, 12.5])
        assert reach.total == pytest.approx(200.0)
        assert reach.variance == pytest.approx(100 * 0.75 / 0.125)
        assert reach.extinction == 1.0
        assert reach.population_total is None

    def test_supercritical_is_unbounded_not_an_error(self) -> None:
        """R >= 1 gives an infinite total, a finite extinction and a finite-population size."""
        reach = wom.cascade_reach([1, 1], [1.0, 2.0], population=10_000)
        np.testing.assert_array_equal(reach.total, [math.inf, math.inf])
        assert reach.extinction[1] == pytest.approx(wom.extinction_probability(2.0))
        assert np.all(reach.population_total <= 10_000)

    def test_no_seeds(self) -> None:
        """No seeds, nobody reached, whatever R."""
        reach = wom.cascade_reach(0, 3.0)
        assert (reach.total, reach.variance) == (0.0, 0.0)

    @settings(max_examples=20)
    @given(
        st.integers(1, 50),
        st.floats(0.05, 0.8),
        st.one_of(st.none(), st.floats(0.3, 20.0)),
    )
    def test_simulation_agrees_with_closed_form(
        self, seeds: int, r: float, k: float | None
    ) -> None:
        """Simulated means per generation and of the total match m R^n and m / (1 - R)."""
        generations = 80
        sim = wom.simulate_cascade(
            seeds, r, dispersion=k, generations=generations, replications=4_000, rng=seeds
        )
        exact = wom.cascade_reach(seeds, r, dispersion=k, generations=generations)
        # The total of the remaining generations is negligible after 80 of them.
        assert exact.per_generation[-1] < 1e-2
        standard_error = math.sqrt(exact.variance / 4_000)
        assert sim.totals.mean() == pytest.approx(exact.total, abs=5 * standard_error)
        assert sim.totals.var() == pytest.approx(exact.variance, rel=0.35)
        first = exact.per_generation[1]
        sd_first = math.sqrt(seeds * (r if k is None else r + r * r / k) / 4_000)
        assert sim.mean_per_generation[1] == pytest.approx(first, abs=5 * sd_first)

    def test_simulation_is_reproducible(self) -> None:
        """The same seed gives the same cascades."""
        a = wom.simulate_cascade(5, 1.2, dispersion=0.5, generations=8, replications=50, rng=9)
        b = wom.simulate_cascade(5, 1.2, dispersion=0.5, generations=8, replications=50, rng=9)
        assert a == b

    def test_simulation_size_guard(self) -> None:
        """Explosive cascades are refused before they overflow."""
        with pytest.raises(InvalidInputError, match="generations must keep"):
            wom.simulate_cascade(1, 10.0, generations=20, rng=0)


class TestFinalSize:
    def test_equation(self) -> None:
        """With one seed in a million and R = 2, z solves z = 1 - s0 exp(-2 z)."""
        reached = wom.final_size(1, 2.0, 1_000_000)
        z = reached / 1_000_000
        assert z == pytest.approx(1 - (1 - 1e-6) * math.exp(-2 * z), abs=1e-14)
        assert z == pytest.approx(0.7968, abs=1e-4)  # the classical SIR attack rate at R0 = 2

    def test_bounded_by_population(self) -> None:
        """Never more than everybody."""
        np.testing.assert_array_less(wom.final_size(10, [0.5, 2.0, 20.0], 1_000) - 1e-9, 1_000)

    def test_no_seeds(self) -> None:
        """Without seeds nobody hears, also at R = 1 where the equation has a double root."""
        np.testing.assert_array_equal(wom.final_size(0, [0.5, 1.0, 3.0], 100), [0.0, 0.0, 0.0])

    def test_more_seeds_than_people(self) -> None:
        """Seeds are people of the population."""
        with pytest.raises(InvalidInputError, match="seeds must not exceed population"):
            wom.final_size(200, 1.0, 100)

    @given(st.integers(1, 1_000), st.floats(0.0, 0.9))
    def test_large_population_approaches_branching_total(self, seeds: int, r: float) -> None:
        """For R < 1 in a large population, the final size is the branching total m / (1-R)."""
        big = wom.final_size(seeds, r, 1e13)
        assert big == pytest.approx(seeds / (1 - r), rel=1e-6)


class TestSimulateReach:
    def test_mean_and_variance(self) -> None:
        """Totals have mean n s mu and variance n s sigma^2 + n s (1 - s) mu^2."""
        tells = wom.TellingDistribution(mean=10.0, dispersion=1.1)
        n, s, reps = 1_000, 0.4, 40_000
        sim = wom.simulate_reach(n, tells, share_talking=s, replications=reps, rng=21)
        variance = n * s * tells.variance + n * s * (1 - s) * tells.mean**2
        assert sim.expected == pytest.approx(4_000.0)
        assert sim.mean == pytest.approx(4_000.0, abs=5 * math.sqrt(variance / reps))
        assert sim.std**2 == pytest.approx(variance, rel=0.05)

    def test_agrees_with_per_customer_draws(self) -> None:
        """The one-step draw has the distribution of summing each customer's count."""
        tells = wom.TellingDistribution(mean=3.0, dispersion=0.7)
        rng = np.random.default_rng(4)
        per_customer = tells.sample((20_000, 50), rng).sum(axis=1)
        sim = wom.simulate_reach(50, tells, replications=20_000, rng=rng)
        result = stats.ks_2samp(per_customer, sim.totals)
        assert result.pvalue > 0.001

    def test_a_million_customers(self) -> None:
        """A customer base of a million is handled without a per-customer loop."""
        sim = wom.simulate_reach(10**6, wom.UNHAPPY_TELLING, share_talking=0.5, rng=1)
        low, median, high = sim.quantiles()
        assert low < 5e6 < high
        assert median == pytest.approx(5e6, rel=0.01)

    def test_poisson_telling(self) -> None:
        """Poisson telling: the total is Poisson around the expectation."""
        tells = wom.TellingDistribution(mean=2.0, dispersion=None)
        sim = wom.simulate_reach(500, tells, replications=20_000, rng=8)
        assert sim.std**2 == pytest.approx(1_000.0, rel=0.05)

    def test_needs_a_distribution(self) -> None:
        """The telling model is typed."""
        with pytest.raises(InvalidInputError, match="telling must be a TellingDistribution"):
            wom.simulate_reach(10, 5.0, rng=0)  # type: ignore[arg-type]

    def test_needs_a_single_share(self) -> None:
        """One group has one share of talkers."""
        with pytest.raises(InvalidInputError, match="share_talking must be a single number"):
            wom.simulate_reach(10, wom.UNHAPPY_TELLING, share_talking=[0.1, 0.2], rng=0)

    def test_needs_whole_customers(self) -> None:
        """Customers are counted in whole numbers."""
        with pytest.raises(InvalidInputError, match="customers must be a whole number"):
            wom.simulate_reach(10.5, wom.UNHAPPY_TELLING, rng=0)  # type: ignore[arg-type]


class TestBass:
    def test_hand_computed(self) -> None:
        """F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}) at p = 0.03, q = 0.38."""
        e = math.exp(-0.41 * 5)
        expected = (1 - e) / (1 + 0.38 / 0.03 * e)
        assert wom.bass_adoption(5.0, 0.03, 0.38) == pytest.approx(expected, rel=1e-12)
        assert wom.bass_rate(0.0, 0.03, 0.38, m=1_000) == pytest.approx(30.0)

    def test_rate_is_derivative(self) -> None:
        """f is the derivative of F (central differences)."""
        t = np.linspace(0.5, 20, 40)
        h = 1e-5
        numeric = (wom.bass_adoption(t + h, 0.03, 0.38) - wom.bass_adoption(t - h, 0.03, 0.38)) / (
            2 * h
        )
        np.testing.assert_allclose(wom.bass_rate(t, 0.03, 0.38), numeric, rtol=1e-7)

    def test_peak_matches_numeric_maximum(self) -> None:
        """t* = ln(q/p)/(p+q) and f(t*) = (p+q)^2/(4q) agree with a grid search."""
        t = np.linspace(0, 30, 300_001)
        rate = wom.bass_rate(t, 0.03, 0.38, m=10_000)
        peak = wom.bass_peak(0.03, 0.38, m=10_000)
        assert peak.time == pytest.approx(t[np.argmax(rate)], abs=1e-3)
        assert peak.rate == pytest.approx(rate.max(), rel=1e-9)
        assert peak.cumulative == pytest.approx(wom.bass_adoption(peak.time, 0.03, 0.38, 10_000))

    def test_no_interior_peak(self) -> None:
        """When q <= p adoption is fastest at launch."""
        peak = wom.bass_peak([0.5, 0.2], [0.2, 0.2])
        np.testing.assert_array_equal(peak.time, [0.0, 0.0])
        np.testing.assert_allclose(peak.rate, [0.5, 0.2])

    @given(bass_parameters(), st.lists(st.floats(0.0, 200.0), min_size=2, max_size=20))
    def test_monotone_from_zero_to_one(
        self, params: tuple[float, float, float], times: list[float]
    ) -> None:
        """F starts at 0, never decreases and stays in [0, 1]."""
        p, q, _ = params
        t = np.sort(np.asarray(times))
        f = wom.bass_adoption(t, p, q)
        assert wom.bass_adoption(0.0, p, q) == 0.0
        assert np.all(np.diff(f) >= -1e-15)
        assert np.all((f >= 0.0) & (f <= 1.0))
        assert wom.bass_adoption(1e4, p, q) == pytest.approx(1.0)

    @given(bass_parameters())
    def test_adopters_add_up(self, params: tuple[float, float, float]) -> None:
        """Adopters per period add up to the cumulative curve."""
        p, q, m = params
        periods = np.arange(1, 31)
        total = wom.bass_adopters(periods, p, q, m).sum()
        assert total == pytest.approx(wom.bass_adoption(30.0, p, q, m), rel=1e-9)

    def test_invalid_parameters(self) -> None:
        """p must be positive, t non-negative, periods end at 1 or later."""
        with pytest.raises(OutOfRangeError, match=re.escape("p must be > 0; got 0.0")):
            wom.bass_adoption(1.0, 0.0, 0.3)
        with pytest.raises(OutOfRangeError, match=re.escape("t must be >= 1; got 0.5")):
            wom.bass_adopters(0.5, 0.03, 0.3)


class TestFitBass:
    def test_recovers_noise_free(self) -> None:
        """Exact data give back the parameters, with vanishing standard errors."""
        t = np.arange(1, 21)
        fit = wom.fit_bass(t, wom.bass_adopters(t, 0.03, 0.38, m=50_000))
        assert (fit.p, fit.q, fit.m) == pytest.approx((0.03, 0.38, 50_000), rel=1e-7)
        assert fit.p_se < 1e-6
        assert fit.n_observations == 20

    def test_recovers_from_noisy_data(self) -> None:
        """With Poisson noise the estimates lie within three standard errors of the truth."""
        t = np.arange(1, 21)
        counts = np.random.default_rng(2026).poisson(wom.bass_adopters(t, 0.03, 0.38, m=50_000))
        fit = wom.fit_bass(t, counts)
        assert abs(fit.p - 0.03) < 3 * fit.p_se
        assert abs(fit.q - 0.38) < 3 * fit.q_se
        assert abs(fit.m - 50_000) < 3 * fit.m_se
        assert fit.m == pytest.approx(50_000, rel=0.05)
        assert fit.covariance.shape == (3, 3)
        assert fit.p_se == pytest.approx(math.sqrt(fit.covariance[0, 0]))

    def test_standard_errors_have_their_coverage(self) -> None:
        """Across noisy replications, about 95% of p ± 1.96 se intervals cover the truth."""
        t = np.arange(1, 16)
        expected = wom.bass_adopters(t, 0.02, 0.45, m=20_000)
        rng = np.random.default_rng(77)
        covered = []
        for _ in range(200):
            fit = wom.fit_bass(t, expected + rng.normal(0.0, 30.0, t.size))
            covered.append(abs(fit.q - 0.45) < 1.96 * fit.q_se)
        assert np.mean(covered) == pytest.approx(0.95, abs=0.06)

    @settings(max_examples=40)
    @given(bass_parameters())
    def test_recovers_any_noise_free_curve(self, params: tuple[float, float, float]) -> None:
        """Noise-free data observed past the peak give back p, q and m."""
        p, q, m = params
        horizon = math.ceil(2 * wom.bass_peak(p, q).time) + 10
        t = np.arange(1, horizon + 1)
        fit = wom.fit_bass(t, wom.bass_adopters(t, p, q, m))
        assert (fit.p, fit.q, fit.m) == pytest.approx((p, q, m), rel=1e-4)

    @settings(max_examples=40)
    @given(bass_parameters(), st.integers(0, 2**32 - 1))
    def test_recovers_from_any_noisy_curve(
        self, params: tuple[float, float, float], seed: int
    ) -> None:
        """Homoscedastic noise gives estimates within a Student-t multiple of their errors."""
        p, q, m = params
        t = np.arange(1, 400)
        expected = wom.bass_adopters(t, p, q, m)
        # Observe until adoption has fallen to a fifth of its peak, with noise small enough
        # (0.2% of the peak) that no count can come out negative.
        past_peak = (t > wom.bass_peak(p, q).time + 1) & (expected < 0.2 * expected.max())
        t, expected = t[: np.argmax(past_peak)], expected[: np.argmax(past_peak)]
        noise = np.random.default_rng(seed).normal(0.0, 0.002 * expected.max(), t.size)
        fit = wom.fit_bass(t, np.clip(expected + noise, 0.0, None))
        # Few periods leave few degrees of freedom: allow Student-t tails, not normal ones.
        bound = stats.t.ppf(1 - 1e-5, fit.n_observations - 3)
        assert abs(fit.p - p) < bound * fit.p_se
        assert abs(fit.q - q) < bound * fit.q_se
        assert abs(fit.m - m) < bound * fit.m_se

    def test_predictions(self) -> None:
        """The fit predicts like the curve it estimates."""
        t = np.arange(1, 16)
        fit = wom.fit_bass(t, wom.bass_adopters(t, 0.03, 0.38, m=10_000))
        assert fit.adopters(3) == pytest.approx(wom.bass_adopters(3, 0.03, 0.38, 10_000))
        assert fit.peak().time == pytest.approx(math.log(0.38 / 0.03) / 0.41, rel=1e-6)

    def test_too_few_periods(self) -> None:
        """Three parameters need at least four periods."""
        with pytest.raises(ShapeMismatchError, match="at least 4 periods"):
            wom.fit_bass([1, 2, 3], [10, 20, 30])

    def test_lengths_differ(self) -> None:
        """t and adopters pair up."""
        with pytest.raises(ShapeMismatchError, match="same length as t"):
            wom.fit_bass([1, 2, 3, 4], [10, 20, 30])

    def test_nobody_adopted(self) -> None:
        """All-zero data say nothing about the market."""
        with pytest.raises(InvalidInputError, match="adopters must not all be 0"):
            wom.fit_bass([1, 2, 3, 4], [0, 0, 0, 0])


class TestCustomersKept:
    def test_tarp_table(self) -> None:
        """1000 customers with the TARP large-loss rates, hand computed."""
        rates = reference.REPURCHASE_BY_COMPLAINT_OUTCOME.large_loss
        outcome = wom.customers_kept(
            1_000, [0.96, 0.02, 0.01, 0.01], rates, value_per_customer=2.0
        )
        np.testing.assert_allclose(outcome.kept_by_outcome, [86.4, 3.8, 5.4, 8.2])
        assert outcome.kept == pytest.approx(103.8)
        assert outcome.lost == pytest.approx(896.2)
        assert outcome.value_kept == pytest.approx(207.6)

    def test_outcome_shares(self) -> None:
        """The four outcomes split the dissatisfied customers completely."""
        shares = wom.complaint_outcome_shares([0.04, 0.5], 0.9, 0.8)
        np.testing.assert_allclose(shares[1], [0.5, 0.05, 0.09, 0.36])
        np.testing.assert_allclose(shares.sum(axis=-1), 1.0)

    def test_shares_must_sum_to_one(self) -> None:
        """Outcome shares must cover everybody exactly once."""
        with pytest.raises(InvalidInputError, match=r"outcome_shares must sum to 1 .*; got 0\.9"):
            wom.customers_kept(100, [0.5, 0.4], [0.1, 0.2])

    def test_tables_must_match(self) -> None:
        """One repurchase rate per outcome."""
        with pytest.raises(ShapeMismatchError, match=r"one rate per outcome \(4\)"):
            wom.customers_kept(100, [0.25] * 4, [0.1, 0.2])


class TestReferralValue:
    def test_hand_computed(self) -> None:
        """3 and 2 referrals, 40% incremental worth 500, savings 80, reward 20, 10%."""
        per_referral = 0.4 * 500 + 0.6 * 80 - 20
        expected = 3 * per_referral / 1.1 + 2 * per_referral / 1.21
        got = wom.referral_value([3, 2], 0.4, 500.0, 80.0, 0.1, referral_cost=20.0)
        assert got == pytest.approx(expected, rel=1e-12)

    def test_no_incremental_referrals_only_save_acquisition_cost(self) -> None:
        """If everyone would have joined anyway, referrals are worth the savings only."""
        assert wom.referral_value([10], 0.0, 1e6, 50.0, 0.0) == pytest.approx(500.0)

    def test_per_customer(self) -> None:
        """Leading axes index referring customers."""
        got = wom.referral_value([[1, 0], [0, 1]], 1.0, 100.0, 0.0, 0.25)
        np.testing.assert_allclose(got, [80.0, 64.0])

    def test_needs_periods(self) -> None:
        """Referrals come per period."""
        with pytest.raises(ShapeMismatchError, match="one count per period"):
            wom.referral_value(3, 0.4, 500.0, 80.0, 0.1)
