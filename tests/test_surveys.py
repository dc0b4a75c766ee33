"""Tests of servicemetrics.surveys."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import optimize, stats

from servicemetrics import (
    InvalidInputError,
    NonFiniteError,
    OutOfRangeError,
    ShapeMismatchError,
    surveys,
)
from servicemetrics.surveys import (
    SERVQUAL_DIMENSIONS,
    NPSResult,
    ces,
    compare_nps,
    cronbach_alpha,
    csat,
    nps,
    nps_confidence_interval,
    nps_from_counts,
    servperf,
    servqual,
)
from tests.strategies import likert_pairs, nps_answers, nps_counts, survey_weights

Z95 = 1.959963984540054


def wald_by_hand(promoters: float, passives: float, detractors: float, z: float = Z95):
    """Trinomial Wald interval on the −100…100 scale, written out term by term."""
    n = promoters + passives + detractors
    p, d = promoters / n, detractors / n
    se = math.sqrt((p * (1 - p) + d * (1 - d) + 2 * p * d) / n)  # Var p + Var d − 2 Cov
    return 100 * (p - d - z * se), 100 * (p - d + z * se)


def restricted_statistic(theta: float, promoters: int, passives: int, detractors: int) -> float:
    """Score statistic with the restricted MLE found by numerical optimisation."""
    n = promoters + passives + detractors

    def negative_loglik(q: float) -> float:
        cells = np.array([q + theta, 1 - 2 * q - theta, q])
        counts = np.array([promoters, passives, detractors], dtype=float)
        used = counts > 0
        return -float(np.sum(counts[used] * np.log(cells[used])))

    low, high = max(0.0, -theta), (1 - theta) / 2
    q = optimize.minimize_scalar(
        negative_loglik,
        bounds=(low + 1e-12, high - 1e-12),
        method="bounded",
        options={"xatol": 1e-12},
    ).x
    p_r, d_r = q + theta, q
    variance = (p_r + d_r - theta**2) / n
    return ((promoters - detractors) / n - theta) / math.sqrt(variance)


class TestNps:
    def test_category_boundaries(self) -> None:
        """0–6 are detractors, 7–8 passives, 9–10 promoters."""
        result = nps([0, 6, 7, 8, 9, 10])
        assert (result.promoters, result.passives, result.detractors) == (2, 2, 2)
        assert result.score == 0.0

    def test_hand_computed(self) -> None:
        """Five promoters, two passives, three detractors of ten: 50% − 30% = 20."""
        result = nps([10, 9, 9, 8, 7, 6, 3, 10, 9, 5])
        assert result.score == pytest.approx(20.0)
        assert result.promoter_share == pytest.approx(0.5)
        assert result.passive_share == pytest.approx(0.2)
        assert result.detractor_share == pytest.approx(0.3)
        assert result.n == result.effective_n == 10
        # sqrt((0.5 + 0.3 - 0.04) / 10)
        assert result.standard_error == pytest.approx(100 * math.sqrt(0.076))

    def test_matches_counts(self) -> None:
        """Answers and their category counts give the same result."""
        assert nps([10, 9, 9, 8, 7, 6, 3, 10, 9, 5]) == nps_from_counts(5, 2, 3)

    def test_weights_use_kish_effective_n(self) -> None:
        """Weighted shares, and n_eff = (Σw)² / Σw² in the standard error."""
        result = nps([10, 9, 0, 0], weights=[1, 1, 2, 2])
        assert result.score == pytest.approx(100 * (2 - 4) / 6)
        assert result.effective_n == pytest.approx(36 / 10)
        p, d = 2 / 6, 4 / 6
        assert result.standard_error == pytest.approx(
            100 * math.sqrt((p + d - (p - d) ** 2) / 3.6)
        )
        assert (result.promoters, result.detractors, result.n) == (2, 2, 4)

    def test_equal_weights_change_nothing_but_the_groups(self) -> None:
        """Equal weights give the unweighted score, shares and effective n."""
        answers = [10, 9, 9, 8, 7, 6, 3]
        plain, weighted = nps(answers), nps(answers, weights=[2.5] * 7)
        assert weighted.score == pytest.approx(plain.score)
        assert weighted.effective_n == pytest.approx(plain.effective_n)
        assert weighted.standard_error == pytest.approx(plain.standard_error)

    def test_series_input(self) -> None:
        """A pandas Series of answers is accepted."""
        assert nps(pd.Series([10, 0, 8])).score == pytest.approx(0.0)

    def test_nan_raises_by_default(self) -> None:
        """A missing answer is an error unless nan_policy='omit'."""
        message = "scores must not be NaN (pass nan_policy='omit' to drop missing answers); got nan at index 1"
        with pytest.raises(NonFiniteError, match=re.escape(message)):
            nps([10, float("nan"), 3])

    def test_nan_omitted_with_its_weight(self) -> None:
        """nan_policy='omit' drops exactly the NaN answers, and their weights."""
        result = nps([10, float("nan"), 3, 9], weights=[1, 100, 1, 2], nan_policy="omit")
        assert result.n == 3
        assert result.n_omitted == 1
        assert result.score == pytest.approx(100 * (3 - 1) / 4)

    def test_out_of_scale_raises_even_when_omitting(self) -> None:
        """An 11 (or a 99 code) is a coding error, never silently dropped."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("scores must be in [0, 10]; got 11.0 at index 2")
        ):
            nps([10, 9, 11], nan_policy="omit")
        with pytest.raises(OutOfRangeError, match=re.escape("got -1.0 at index 0")):
            nps([-1, 9])

    def test_fraction_raises(self) -> None:
        """Answers must be whole numbers."""
        with pytest.raises(
            InvalidInputError, match=re.escape("scores must be a whole number; got 7.5 at index 1")
        ):
            nps([9, 7.5])

    def test_all_nan_raises(self) -> None:
        """Dropping every answer leaves nothing to score."""
        with pytest.raises(InvalidInputError, match="at least one answer that is not NaN"):
            nps([float("nan")] * 3, nan_policy="omit")

    def test_shape_errors(self) -> None:
        """Answers are one-dimensional and non-empty; weights match them."""
        with pytest.raises(
            ShapeMismatchError, match=re.escape("scores must be one-dimensional; got shape (1, 2)")
        ):
            nps([[9, 10]])
        with pytest.raises(InvalidInputError, match=re.escape("scores must not be empty")):
            nps([])
        with pytest.raises(
            ShapeMismatchError,
            match=re.escape("weights must have the same shape as scores (2,); got shape (3,)"),
        ):
            nps([9, 10], weights=[1, 1, 1])

    def test_weights_must_be_positive(self) -> None:
        """A zero or negative weight is rejected."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("weights must be > 0; got 0.0 at index 1")
        ):
            nps([9, 10], weights=[1, 0])

    def test_unknown_nan_policy(self) -> None:
        """Only 'raise' and 'omit' are understood."""
        with pytest.raises(
            InvalidInputError,
            match=re.escape("nan_policy must be one of 'raise', 'omit'; got 'propagate'"),
        ):
            nps([9], nan_policy="propagate")  # type: ignore[arg-type]

    def test_to_dict_and_html(self) -> None:
        """The result converts to plain Python and renders as an HTML table."""
        result = nps_from_counts(50, 30, 20)
        data = result.to_dict()
        assert data["score"] == 30.0
        assert data["promoters"] == 50
        assert data["response_groups"] == [[-1.0, 1.0, 20.0], [0.0, 1.0, 30.0], [1.0, 1.0, 50.0]]
        html = result._repr_html_()
        assert "NPSResult" in html
        assert "<th style='text-align:left'>score</th>" in html

    @given(nps_answers())
    def test_score_in_range(self, answers: np.ndarray) -> None:
        """The score lies in [−100, 100] and the shares sum to 1."""
        result = nps(answers)
        assert -100.0 <= result.score <= 100.0
        shares = result.promoter_share + result.passive_share + result.detractor_share
        assert shares == pytest.approx(1.0)

    @given(st.integers(1, 500), st.sampled_from([9, 10]), st.sampled_from(list(range(7))))
    def test_unanimous_surveys(self, n: int, promoter: int, detractor: int) -> None:
        """All promoters give 100, all detractors −100."""
        assert nps([promoter] * n).score == 100.0
        assert nps([detractor] * n).score == -100.0

    @given(nps_counts())
    def test_adding_a_promoter_never_lowers_the_score(self, counts: tuple[int, int, int]) -> None:
        """One more promoter raises the score or keeps it at 100."""
        before = nps_from_counts(*counts).score
        after = nps_from_counts(counts[0] + 1, counts[1], counts[2]).score
        assert after >= before

    @given(st.data(), st.floats(0.1, 10.0))
    def test_weight_scale_invariance(self, data: st.DataObject, factor: float) -> None:
        """Multiplying every weight by a constant changes nothing."""
        answers = data.draw(nps_answers(max_size=40))
        weights = data.draw(hnp.arrays(np.float64, answers.size, elements=survey_weights))
        a, b = nps(answers, weights=weights), nps(answers, weights=factor * weights)
        assert b.score == pytest.approx(a.score, abs=1e-9)
        assert b.effective_n == pytest.approx(a.effective_n)


class TestNpsFromCounts:
    def test_hand_computed(self) -> None:
        """(120 − 30) / 200 = 45."""
        result = nps_from_counts(120, 50, 30)
        assert result.score == pytest.approx(45.0)
        assert result.n == 200

    def test_zero_total(self) -> None:
        """A survey without answers has no score."""
        message = "promoters + passives + detractors must be > 0 (a survey needs at least one answer); got 0"
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            nps_from_counts(0, 0, 0)

    def test_count_rules(self) -> None:
        """Counts are single non-negative whole numbers."""
        with pytest.raises(OutOfRangeError, match=re.escape("passives must be >= 0; got -1.0")):
            nps_from_counts(1, -1, 0)
        with pytest.raises(
            InvalidInputError, match=re.escape("detractors must be a whole number; got 2.5")
        ):
            nps_from_counts(1, 1, 2.5)  # type: ignore[arg-type]
        with pytest.raises(
            ShapeMismatchError, match=re.escape("promoters must be a single number")
        ):
            nps_from_counts([1, 2], 1, 1)  # type: ignore[arg-type]


class TestNpsConfidenceInterval:
    def test_wald_hand_computed(self) -> None:
        """50/30/20 of 100: 30 ± 1.96 √(0.61/100) × 100."""
        low, high = nps_confidence_interval(50, 30, 20, method="wald")
        half = 100 * Z95 * math.sqrt(0.61 / 100)
        assert (low, high) == pytest.approx((30 - half, 30 + half))
        assert (low, high) == pytest.approx(wald_by_hand(50, 30, 20))

    def test_adjusted_wald_hand_computed(self) -> None:
        """Add 3 to n and ¾ to promoters and detractors, then Wald."""
        p, d, n = 50.75 / 103, 20.75 / 103, 103
        half = Z95 * math.sqrt((p + d - (p - d) ** 2) / n)
        expected = (100 * (p - d - half), 100 * (p - d + half))
        assert nps_confidence_interval(50, 30, 20) == pytest.approx(expected)

    def test_score_bounds_solve_the_score_equation(self) -> None:
        """At each bound the statistic (with a numerically found restricted MLE) equals ±z."""
        for counts in [(50, 30, 20), (7, 2, 1), (3, 0, 9), (12, 5, 0)]:
            low, high = nps_confidence_interval(*counts, method="score")
            assert restricted_statistic(low / 100, *counts) == pytest.approx(Z95, abs=1e-5)
            assert restricted_statistic(high / 100, *counts) == pytest.approx(-Z95, abs=1e-5)

    def test_score_all_promoters_closed_form(self) -> None:
        """With n promoters only, the lower bound is (1 − c) / (1 + c), c = z² / n."""
        c = Z95**2 / 5
        low, high = nps_confidence_interval(5, 0, 0, method="score")
        assert low == pytest.approx(100 * (1 - c) / (1 + c), abs=1e-9)
        assert high == 100.0

    def test_wald_collapses_for_unanimous_answers(self) -> None:
        """The known failure of Wald: zero width when everyone is a promoter."""
        assert nps_confidence_interval(20, 0, 0, method="wald") == (100.0, 100.0)
        low, high = nps_confidence_interval(20, 0, 0)
        assert low < 90
        assert high == pytest.approx(100.0)

    def test_clipped_to_the_scale(self) -> None:
        """Bounds never leave [−100, 100]."""
        low, high = nps_confidence_interval(19, 1, 0, method="wald")
        assert high == 100.0
        assert low < 100.0

    def test_broadcasting_and_types(self) -> None:
        """Counts broadcast; scalars give floats, Series give Series."""
        low, _high = nps_confidence_interval([50, 5], 30, [20, 2], method="wald")
        assert isinstance(low, np.ndarray)
        assert low.shape == (2,)
        assert low[0] == pytest.approx(wald_by_hand(50, 30, 20)[0])
        assert low[1] == pytest.approx(wald_by_hand(5, 30, 2)[0])
        scalar_low, _ = nps_confidence_interval(50, 30, 20)
        assert type(scalar_low) is float
        series_low, _ = nps_confidence_interval(pd.Series([50, 5], index=["a", "b"]), 30, 20)
        assert isinstance(series_low, pd.Series)
        assert list(series_low.index) == ["a", "b"]

    def test_errors(self) -> None:
        """Bad level, method, counts or shapes are named."""
        with pytest.raises(OutOfRangeError, match=re.escape("level must be in (0, 1); got 95.0")):
            nps_confidence_interval(5, 3, 2, level=95)
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "method must be one of 'wald', 'adjusted-wald', 'score'; got 'bootstrap'"
            ),
        ):
            nps_confidence_interval(5, 3, 2, method="bootstrap")  # type: ignore[arg-type]
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "promoters + passives + detractors must be > 0 (a survey needs at least one answer); got 0.0 at index 1"
            ),
        ):
            nps_confidence_interval([5, 0], [3, 0], [2, 0])
        with pytest.raises(OutOfRangeError, match=re.escape("detractors must be >= 0; got -2.0")):
            nps_confidence_interval(5, 3, -2)
        with pytest.raises(ShapeMismatchError, match="broadcast-compatible"):
            nps_confidence_interval([1, 2], [1, 2, 3], 1)

    @pytest.mark.parametrize("method", ["wald", "adjusted-wald", "score"])
    @pytest.mark.parametrize(("n", "promoters", "detractors"), [(100, 0.5, 0.2), (50, 0.3, 0.3)])
    def test_coverage_by_simulation(
        self, method: str, n: int, promoters: float, detractors: float
    ) -> None:
        """For moderate n every analytic interval covers the true score about 95% of the time."""
        rng = np.random.default_rng(20160401)
        counts = rng.multinomial(n, [promoters, 1 - promoters - detractors, detractors], 20_000)
        low, high = nps_confidence_interval(*counts.T, method=method)  # type: ignore[arg-type]
        truth = 100 * (promoters - detractors)
        coverage = np.mean((low <= truth) & (truth <= high))
        # Monte Carlo standard error is 0.0015; the rest is the discreteness of the counts.
        assert coverage == pytest.approx(0.95, abs=0.015)

    def test_small_sample_coverage_favours_adjusted_and_score(self) -> None:
        """At n = 20 near the top of the scale, Wald under-covers; the others do not (Rocks)."""
        rng = np.random.default_rng(7)
        counts = rng.multinomial(20, [0.8, 0.15, 0.05], 20_000)
        truth = 75.0
        coverage = {}
        for method in ("wald", "adjusted-wald", "score"):
            low, high = nps_confidence_interval(*counts.T, method=method)  # type: ignore[arg-type]
            coverage[method] = np.mean((low <= truth) & (truth <= high))
        assert coverage["wald"] < 0.90
        assert coverage["adjusted-wald"] > 0.93
        assert coverage["score"] > 0.93

    @given(nps_counts(), st.sampled_from(["wald", "score"]), st.floats(0.5, 0.999))
    def test_interval_contains_the_estimate(
        self, counts: tuple[int, int, int], method: str, level: float
    ) -> None:
        """Wald and score intervals contain the observed score."""
        score = nps_from_counts(*counts).score
        low, high = nps_confidence_interval(*counts, method=method, level=level)  # type: ignore[arg-type]
        assert low - 1e-9 <= score <= high + 1e-9

    @given(nps_counts(max_count=2000), st.sampled_from(["wald", "adjusted-wald", "score"]))
    def test_interval_shrinks_with_n(self, counts: tuple[int, int, int], method: str) -> None:
        """Four times the answers in the same proportions never widen the interval."""
        low, high = nps_confidence_interval(*counts, method=method)  # type: ignore[arg-type]
        low4, high4 = nps_confidence_interval(*(4 * c for c in counts), method=method)  # type: ignore[arg-type]
        assert high4 - low4 <= high - low + 1e-9

    @given(nps_counts(), st.floats(0.5, 0.99))
    def test_higher_level_is_wider(self, counts: tuple[int, int, int], level: float) -> None:
        """A higher confidence level never gives a narrower score interval."""
        low, high = nps_confidence_interval(*counts, method="score", level=level)
        low2, high2 = nps_confidence_interval(
            *counts, method="score", level=min(level + 0.005, 0.999)
        )
        assert low2 <= low + 1e-9
        assert high2 >= high - 1e-9


class TestConfidenceIntervalMethod:
    def test_analytic_methods_delegate(self) -> None:
        """The result's method gives the same bounds as the vectorised function."""
        result = nps_from_counts(50, 30, 20)
        for method in ("wald", "adjusted-wald", "score"):
            expected = nps_confidence_interval(50, 30, 20, method=method)  # type: ignore[arg-type]
            assert result.confidence_interval(method=method) == pytest.approx(expected)  # type: ignore[arg-type]

    def test_weighted_wald_uses_effective_n(self) -> None:
        """With weights the Wald half-width is z times the Kish standard error."""
        result = nps([10, 9, 9, 0, 7, 3], weights=[1, 2, 3, 1, 2, 3])
        low, high = result.confidence_interval(method="wald")
        assert high - low == pytest.approx(2 * Z95 * result.standard_error)

    def test_bootstrap_is_reproducible(self) -> None:
        """The same seed gives the same bounds; a Generator is accepted."""
        result = nps_from_counts(50, 30, 20)
        first = result.confidence_interval(method="bootstrap", rng=3)
        assert result.confidence_interval(method="bootstrap", rng=3) == first
        generator_bounds = result.confidence_interval(
            method="bootstrap", rng=np.random.default_rng(3)
        )
        assert generator_bounds == first

    def test_bootstrap_close_to_wald_for_large_n(self) -> None:
        """With 2,000 answers the percentile bootstrap agrees with Wald to within a point."""
        result = nps_from_counts(900, 600, 500)
        boot = result.confidence_interval(method="bootstrap", n_resamples=4000, rng=11)
        wald = result.confidence_interval(method="wald")
        assert boot == pytest.approx(wald, abs=1.0)

    def test_bootstrap_against_respondent_resampling(self) -> None:
        """Multinomial group resampling matches resampling respondents one by one."""
        answers = np.array([10, 9, 9, 8, 7, 6, 3, 10, 9, 5, 0, 8])
        weights = np.array([1.0, 2.0, 1.0, 1.0, 0.5, 2.0, 1.0, 1.0, 3.0, 1.0, 1.0, 2.0])
        low, high = nps(answers, weights=weights).confidence_interval(
            method="bootstrap", n_resamples=20_000, rng=5
        )
        rng = np.random.default_rng(6)
        category = np.where(answers >= 9, 1.0, np.where(answers >= 7, 0.0, -1.0))
        picks = rng.integers(0, answers.size, size=(20_000, answers.size))
        scores = 100 * (weights[picks] * category[picks]).sum(1) / weights[picks].sum(1)
        expected = np.quantile(scores, [0.025, 0.975])
        assert (low, high) == pytest.approx(tuple(expected), abs=3.0)

    def test_bootstrap_equal_weights(self) -> None:
        """Equal weights resample exactly like no weights (same seed, same draws)."""
        answers = [10, 9, 9, 8, 7, 6, 3, 10, 9, 5]
        plain = nps(answers).confidence_interval(method="bootstrap", rng=8)
        weighted = nps(answers, weights=[3.0] * 10).confidence_interval(method="bootstrap", rng=8)
        assert weighted == pytest.approx(plain)

    def test_bootstrap_in_blocks_draws_the_same_resamples(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Drawing the resamples in small blocks gives the same bounds as one block."""
        result = nps([10, 9, 9, 8, 7, 6, 3, 10], weights=[1, 2, 1, 1, 3, 1, 2, 1])
        whole = result.confidence_interval(method="bootstrap", n_resamples=999, rng=4)
        monkeypatch.setattr(surveys, "_BOOTSTRAP_BLOCK", 20)
        blocks = result.confidence_interval(method="bootstrap", n_resamples=999, rng=4)
        assert blocks == whole

    def test_bootstrap_unanimous(self) -> None:
        """All promoters: every resample scores 100."""
        assert nps_from_counts(7, 0, 0).confidence_interval(method="bootstrap", rng=0) == (
            100.0,
            100.0,
        )

    def test_errors(self) -> None:
        """Bad method, level or number of resamples are named."""
        result = nps_from_counts(5, 3, 2)
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "method must be one of 'wald', 'adjusted-wald', 'score', 'bootstrap'; got 'exact'"
            ),
        ):
            result.confidence_interval(method="exact")  # type: ignore[arg-type]
        with pytest.raises(OutOfRangeError, match=re.escape("n_resamples must be >= 1; got 0.0")):
            result.confidence_interval(method="bootstrap", n_resamples=0)
        with pytest.raises(OutOfRangeError, match=re.escape("level must be in (0, 1); got 1.0")):
            result.confidence_interval(level=1.0, method="bootstrap")


class TestCompareNps:
    def test_wald_hand_computed(self) -> None:
        """Difference of scores over the root of the summed trinomial variances."""
        result = compare_nps(
            nps_from_counts(50, 30, 20), nps_from_counts(40, 30, 30), method="wald"
        )
        var_a, var_b = (0.7 - 0.09) / 100, (0.7 - 0.01) / 100
        se = math.sqrt(var_a + var_b)
        assert result.difference == pytest.approx(20.0)
        assert result.standard_error == pytest.approx(100 * se)
        assert result.statistic == pytest.approx(0.2 / se)
        assert result.p_value == pytest.approx(2 * stats.norm.sf(0.2 / se))
        assert (result.low, result.high) == pytest.approx(
            (100 * (0.2 - Z95 * se), 100 * (0.2 + Z95 * se))
        )

    def test_adjusted_wald_hand_computed(self) -> None:
        """Both surveys get 3 pseudo-respondents before the difference and the variances."""
        pa, da, pb, db = 50.75 / 103, 20.75 / 103, 40.75 / 103, 30.75 / 103
        var_a = (pa + da - (pa - da) ** 2) / 103
        var_b = (pb + db - (pb - db) ** 2) / 103
        centre, se = (pa - da) - (pb - db), math.sqrt(var_a + var_b)
        result = compare_nps(nps_from_counts(50, 30, 20), nps_from_counts(40, 30, 30))
        assert result.difference == pytest.approx(20.0)
        assert result.statistic == pytest.approx(centre / se)
        assert result.low == pytest.approx(100 * (centre - Z95 * se))
        assert result.method == "adjusted-wald"

    def test_accepts_answers(self) -> None:
        """Raw 0–10 answers are scored with nps() first."""
        from_answers = compare_nps([10, 9, 3], [10, 8, 8])
        from_results = compare_nps(nps([10, 9, 3]), nps([10, 8, 8]))
        assert from_answers == from_results

    def test_bad_answers_are_named(self) -> None:
        """The message says which survey is wrong and why."""
        with pytest.raises(
            OutOfRangeError,
            match=re.escape(
                "b must be an NPSResult or answers from 0 to 10 (scores must be in [0, 10]; got 12.0 at index 0)"
            ),
        ):
            compare_nps([10], [12])

    def test_zero_variance_wald(self) -> None:
        """Two unanimous surveys leave the Wald test undefined."""
        with pytest.raises(InvalidInputError, match="zero variance"):
            compare_nps(nps_from_counts(5, 0, 0), nps_from_counts(0, 0, 8), method="wald")

    def test_to_dict(self) -> None:
        """The comparison converts to plain Python."""
        data = compare_nps(nps_from_counts(5, 3, 2), nps_from_counts(2, 3, 5)).to_dict()
        assert set(data) == {
            "difference",
            "standard_error",
            "low",
            "high",
            "statistic",
            "p_value",
            "level",
            "method",
        }

    @given(nps_counts(), nps_counts(), st.sampled_from(["wald", "adjusted-wald"]))
    def test_antisymmetric(
        self, a: tuple[int, int, int], b: tuple[int, int, int], method: str
    ) -> None:
        """Swapping the surveys negates difference, interval and statistic; p is unchanged."""
        first, second = nps_from_counts(*a), nps_from_counts(*b)
        try:
            ab = compare_nps(first, second, method=method)  # type: ignore[arg-type]
        except InvalidInputError:
            return  # both unanimous under Wald: covered by test_zero_variance_wald
        ba = compare_nps(second, first, method=method)  # type: ignore[arg-type]
        assert ba.difference == pytest.approx(-ab.difference, abs=1e-9)
        assert ba.statistic == pytest.approx(-ab.statistic, abs=1e-9)
        assert (ba.low, ba.high) == pytest.approx((-ab.high, -ab.low), abs=1e-9)
        assert ba.p_value == pytest.approx(ab.p_value)
        assert ab.standard_error == pytest.approx(ba.standard_error)

    @given(nps_counts())
    def test_same_survey_is_no_difference(self, counts: tuple[int, int, int]) -> None:
        """A survey compared with itself differs by 0 with p = 1."""
        result = compare_nps(nps_from_counts(*counts), nps_from_counts(*counts))
        assert result.difference == 0.0
        assert result.p_value == pytest.approx(1.0)


class TestCsat:
    answers = (5, 4, 4, 3, 5, 2, 4, 5, 1, 4)

    def test_top_two_box(self) -> None:
        """Seven of ten answers are 4 or 5; the mean is 3.7."""
        result = csat(self.answers)
        assert (result.share, result.satisfied, result.n) == (0.7, 7, 10)
        assert result.mean == pytest.approx(3.7)

    def test_top_box_and_other_scales(self) -> None:
        """Top-box counts 5s only; on a 1–10 scale top-3 counts 8, 9 and 10."""
        assert csat(self.answers, top=1).share == pytest.approx(0.3)
        assert csat([10, 8, 7, 1], scale=10, top=3).share == pytest.approx(0.5)

    def test_wilson_hand_computed(self) -> None:
        """Wilson's interval for 7 of 10, written out."""
        z2, n, p = Z95**2, 10, 0.7
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n**2)) / (1 + z2 / n)
        assert csat(self.answers).confidence_interval() == pytest.approx(
            (centre - half, centre + half)
        )

    def test_clopper_pearson_from_beta_quantiles(self) -> None:
        """The exact interval is given by beta quantiles."""
        expected = (stats.beta.ppf(0.025, 7, 4), stats.beta.ppf(0.975, 8, 3))
        assert csat(self.answers).confidence_interval(method="clopper-pearson") == pytest.approx(
            expected
        )

    def test_wilson_cc_is_wider(self) -> None:
        """The continuity correction widens Wilson's interval."""
        result = csat(self.answers)
        low, high = result.confidence_interval()
        low_cc, high_cc = result.confidence_interval(method="wilson-cc")
        assert low_cc < low
        assert high_cc > high

    def test_errors(self) -> None:
        """Out-of-scale answers, fractions and bad options are named."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("scores must be in [1, 5]; got 0.0 at index 1")
        ):
            csat([5, 0])
        with pytest.raises(
            OutOfRangeError, match=re.escape("scores must be in [1, 5]; got 6.0 at index 0")
        ):
            csat([6, 5], nan_policy="omit")
        with pytest.raises(
            InvalidInputError, match=re.escape("scores must be a whole number; got 4.5 at index 0")
        ):
            csat([4.5])
        with pytest.raises(
            OutOfRangeError, match=re.escape("top must be <= scale - 1 = 4; got 5")
        ):
            csat([5], top=5)
        with pytest.raises(OutOfRangeError, match=re.escape("scale must be >= 2; got 1.0")):
            csat([1], scale=1)
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "method must be one of 'wilson', 'wilson-cc', 'clopper-pearson'; got 'wald'"
            ),
        ):
            csat([5]).confidence_interval(method="wald")  # type: ignore[arg-type]

    def test_nan_policy(self) -> None:
        """NaN raises by default and is dropped under 'omit'."""
        with pytest.raises(NonFiniteError, match=re.escape("got nan at index 2")):
            csat([5, 4, float("nan")])
        result = csat([5, 4, float("nan"), 1], nan_policy="omit")
        assert (result.n, result.n_omitted, result.satisfied) == (3, 1, 2)

    @given(st.lists(st.integers(1, 5), min_size=1, max_size=200), st.floats(0.5, 0.99))
    def test_interval_contains_share(self, answers: list[int], level: float) -> None:
        """The Wilson interval lies in [0, 1] and contains the observed share."""
        result = csat(answers)
        low, high = result.confidence_interval(level=level)
        assert 0.0 <= low <= result.share + 1e-12
        assert result.share - 1e-12 <= high <= 1.0


class TestCes:
    answers = (7, 6, 5, 5, 4, 2, 6, 7)

    def test_hand_computed(self) -> None:
        """Mean 42 / 8, six answers of 5 or more."""
        result = ces(self.answers)
        assert result.mean == pytest.approx(5.25)
        assert result.standard_deviation == pytest.approx(math.sqrt(19.5 / 7))
        assert (result.agree, result.n, result.agree_share) == (6, 8, 0.75)

    def test_mean_interval_is_student_t(self) -> None:
        """The mean's interval matches scipy's t interval."""
        expected = stats.t.interval(0.9, 7, loc=5.25, scale=math.sqrt(19.5 / 7) / math.sqrt(8))
        assert ces(self.answers).mean_interval(0.9) == pytest.approx(expected)

    def test_share_interval_is_wilson(self) -> None:
        """The share's interval is Wilson's for 6 of 8."""
        expected = stats.binomtest(6, 8).proportion_ci(method="wilson")
        assert ces(self.answers).share_interval() == pytest.approx((expected.low, expected.high))

    def test_threshold(self) -> None:
        """A threshold of 6 counts only 6s and 7s."""
        assert ces(self.answers, threshold=6).agree == 4

    def test_single_answer(self) -> None:
        """One answer has a mean but no interval of the mean."""
        result = ces([6])
        assert result.standard_deviation == 0.0
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "n must be >= 2 for an interval of the mean (one answer has no spread); got 1"
            ),
        ):
            result.mean_interval()

    def test_errors(self) -> None:
        """Out-of-scale answers and thresholds are named."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("scores must be in [1, 7]; got 8.0 at index 0")
        ):
            ces([8])
        with pytest.raises(
            OutOfRangeError, match=re.escape("threshold must be <= scale = 5; got 6")
        ):
            ces([5], scale=5, threshold=6)
        with pytest.raises(OutOfRangeError, match=re.escape("threshold must be >= 2; got 1.0")):
            ces([5], threshold=1)


def standard_survey(gaps_by_dimension: list[float], n: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """22-item answers where every item of a dimension has the given gap."""
    expectations = np.full((n, 22), 6.0)
    perceptions = expectations.copy()
    for gap, columns in zip(gaps_by_dimension, SERVQUAL_DIMENSIONS.values(), strict=True):
        perceptions[:, list(columns)] += gap
    return expectations, perceptions


class TestServqual:
    def test_standard_mapping(self) -> None:
        """Items 1–4, 5–9, 10–13, 14–17 and 18–22 form the five dimensions."""
        assert [len(c) for c in SERVQUAL_DIMENSIONS.values()] == [4, 5, 4, 4, 5]
        assert sorted(i for c in SERVQUAL_DIMENSIONS.values() for i in c) == list(range(22))
        expectations, perceptions = standard_survey([-1, -3, 0, 1, -2])
        result = servqual(expectations, perceptions)
        assert list(result.dimension_names) == [
            "tangibles",
            "reliability",
            "responsiveness",
            "assurance",
            "empathy",
        ]
        np.testing.assert_allclose(result.dimension_gaps, [-1, -3, 0, 1, -2])
        assert result.unweighted_score == pytest.approx(-1.0)
        assert result.weighted_score is None
        np.testing.assert_allclose(result.item_gaps[:4], -1.0)
        np.testing.assert_allclose(result.item_gaps[4:9], -3.0)

    def test_dimension_gap_is_mean_over_its_items(self) -> None:
        """Gaps −2 and 0 on a two-item dimension average to −1."""
        result = servqual([[7, 6, 5]], [[5, 6, 5]], dimensions={"a": [0, 1], "b": [2]})
        np.testing.assert_allclose(result.dimension_gaps, [-1.0, 0.0])
        assert result.unweighted_score == pytest.approx(-0.5)

    def test_weights_per_respondent(self) -> None:
        """Each respondent's gaps are weighted by that respondent's own points."""
        expectations = [[7, 7], [7, 7]]
        perceptions = [[5, 7], [7, 4]]  # respondent gaps (−2, 0) and (0, −3)
        result = servqual(
            expectations,
            perceptions,
            dimensions={"a": [0], "b": [1]},
            weights=[[80, 20], [50, 50]],
        )
        # (0.8 × −2 + 0.2 × 0 + 0.5 × 0 + 0.5 × −3) / 2
        assert result.weighted_score == pytest.approx((-1.6 - 1.5) / 2)
        assert result.unweighted_score == pytest.approx(-1.25)

    def test_reverse_items(self) -> None:
        """A negatively worded item is scored 8 − answer on the 7-point scale."""
        result = servqual([[2, 6]], [[3, 6]], dimensions={"a": [0], "b": [1]}, reverse_items=[0])
        # reversed: expectation 6, perception 5
        assert result.item_gaps[0] == pytest.approx(-1.0)
        assert result.item_expectations[0] == pytest.approx(6.0)

    def test_nan_omits_whole_respondents(self) -> None:
        """Under 'omit' a respondent with any NaN answer is dropped, with their weights."""
        expectations = [[7, 7], [7, float("nan")], [6, 6]]
        perceptions = [[5, 7], [1, 1], [6, 6]]
        result = servqual(
            expectations,
            perceptions,
            dimensions={"a": [0], "b": [1]},
            weights=[[100, 0], [0, 100], [0, 100]],
            nan_policy="omit",
        )
        assert (result.n, result.n_omitted) == (2, 1)
        np.testing.assert_allclose(result.dimension_gaps, [-1.0, 0.0])
        assert result.weighted_score == pytest.approx(-1.0)

    def test_nan_raises_by_default(self) -> None:
        """The message names the matrix and the position."""
        message = "perceptions must not be NaN (pass nan_policy='omit' to drop incomplete respondents); got nan at index (1, 0)"
        with pytest.raises(NonFiniteError, match=re.escape(message)):
            servqual([[7], [7]], [[7], [float("nan")]], dimensions={"a": [0]})

    def test_errors(self) -> None:
        """Shapes, mappings, weights and answers are checked and named."""
        with pytest.raises(
            ShapeMismatchError,
            match=re.escape(
                "perceptions must have 22 item columns for the standard SERVQUAL dimensions (pass dimensions= for another instrument); got 3 columns"
            ),
        ):
            servqual([[7, 7, 7]], [[7, 7, 7]])
        with pytest.raises(
            ShapeMismatchError,
            match=re.escape(
                "perceptions must have the same shape as expectations (1, 2); got shape (1, 3)"
            ),
        ):
            servqual([[7, 7]], [[7, 7, 7]], dimensions={"a": [0, 1]})
        with pytest.raises(ShapeMismatchError, match="two-dimensional"):
            servqual([7, 7], [7, 7], dimensions={"a": [0, 1]})
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "dimensions must assign each item column to one dimension only; got 1"
            ),
        ):
            servqual([[7, 7]], [[7, 7]], dimensions={"a": [0, 1], "b": [1]})
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "dimensions must assign every item column to a dimension; got column 1 unassigned"
            ),
        ):
            servqual([[7, 7]], [[7, 7]], dimensions={"a": [0]})
        with pytest.raises(
            OutOfRangeError,
            match=re.escape("dimensions['a'] must be in [0, 1]; got 2.0 at index 1"),
        ):
            servqual([[7, 7]], [[7, 7]], dimensions={"a": [0, 2]})
        with pytest.raises(
            ShapeMismatchError, match=re.escape("weights must have shape (2,) or (1, 2)")
        ):
            servqual([[7, 7]], [[7, 7]], dimensions={"a": [0], "b": [1]}, weights=[1, 1, 1])
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "weights must have a positive total per respondent; got 0.0 at index 0"
            ),
        ):
            servqual([[7, 7]], [[7, 7]], dimensions={"a": [0], "b": [1]}, weights=[0, 0])
        with pytest.raises(
            OutOfRangeError,
            match=re.escape("expectations must be in [1, 7]; got 8.0 at index (0, 1)"),
        ):
            servqual([[7, 8]], [[7, 7]], dimensions={"a": [0, 1]})

    def test_standard_errors_and_intervals(self) -> None:
        """Dimension and overall intervals are t intervals over respondents."""
        expectations = [[7, 7], [6, 7], [7, 6], [7, 7]]
        perceptions = [[5, 7], [6, 6], [6, 6], [4, 6]]  # gaps a: −2 0 −1 −3, b: 0 −1 0 −1
        result = servqual(
            expectations, perceptions, dimensions={"a": [0], "b": [1]}, weights=[[1, 3]] * 4
        )
        gaps_a, gaps_b = np.array([-2, 0, -1, -3.0]), np.array([0, -1, 0, -1.0])
        se = [gaps_a.std(ddof=1) / 2, gaps_b.std(ddof=1) / 2]
        np.testing.assert_allclose(result.dimension_standard_errors, se)
        t = stats.t.ppf(0.975, 3)
        low, high = result.dimension_intervals()
        np.testing.assert_allclose(low, [-1.5 - t * se[0], -0.5 - t * se[1]])
        np.testing.assert_allclose(high, [-1.5 + t * se[0], -0.5 + t * se[1]])
        overall = (gaps_a + gaps_b) / 2
        expected = stats.t.interval(0.9, 3, loc=overall.mean(), scale=overall.std(ddof=1) / 2)
        assert result.score_interval(0.9) == pytest.approx(expected)
        weighted = 0.25 * gaps_a + 0.75 * gaps_b
        expected = stats.t.interval(0.95, 3, loc=weighted.mean(), scale=weighted.std(ddof=1) / 2)
        assert result.score_interval(weighted=True) == pytest.approx(expected)

    def test_single_respondent_has_no_interval(self) -> None:
        """One respondent gives scores but no standard errors."""
        result = servqual([[7, 6]], [[6, 6]], dimensions={"a": [0], "b": [1]})
        assert result.dimension_standard_errors is None
        assert result.unweighted_standard_error is None
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "n must be >= 2 for an interval (one respondent has no spread); got 1"
            ),
        ):
            result.dimension_intervals()
        with pytest.raises(
            InvalidInputError,
            match=re.escape("weighted requires a result built with weights; got True"),
        ):
            result.score_interval(weighted=True)

    def test_to_dict_and_html(self) -> None:
        """Names come out as strings; the table renders."""
        result = servqual([[7, 6]], [[6, 6]], dimensions={"a": [0], "b": [1]})
        data = result.to_dict()
        assert data["dimension_names"] == ["a", "b"]
        assert data["weighted_score"] is None
        assert "ServqualResult" in result._repr_html_()

    @given(likert_pairs())
    def test_zero_gap_when_perceptions_meet_expectations(
        self, pair: tuple[np.ndarray, np.ndarray]
    ) -> None:
        """P = E gives zero gaps everywhere."""
        expectations, _ = pair
        columns = expectations.shape[1]
        dims = {"first": list(range(0, columns, 2)), "second": list(range(1, columns, 2))}
        dims = {k: v for k, v in dims.items() if v}
        result = servqual(expectations, expectations, dimensions=dims, weights=np.ones(len(dims)))
        assert np.all(result.item_gaps == 0.0)
        assert np.all(result.dimension_gaps == 0.0)
        assert result.unweighted_score == 0.0
        assert result.weighted_score == 0.0

    @given(likert_pairs(), st.floats(0.1, 100.0))
    def test_equal_weights_give_the_unweighted_score(
        self, pair: tuple[np.ndarray, np.ndarray], points: float
    ) -> None:
        """Equal importance weights reproduce the unweighted score."""
        expectations, perceptions = pair
        columns = expectations.shape[1]
        dims = {f"d{k}": list(range(k, columns, 3)) for k in range(min(3, columns))}
        result = servqual(expectations, perceptions, dimensions=dims, weights=[points] * len(dims))
        assert result.weighted_score == pytest.approx(result.unweighted_score, abs=1e-12)

    @given(likert_pairs())
    def test_gap_is_perception_minus_expectation(
        self, pair: tuple[np.ndarray, np.ndarray]
    ) -> None:
        """Swapping the matrices negates every gap; gaps stay within ±(scale − 1)."""
        expectations, perceptions = pair
        dims = {"all": list(range(expectations.shape[1]))}
        forward = servqual(expectations, perceptions, dimensions=dims)
        backward = servqual(perceptions, expectations, dimensions=dims)
        np.testing.assert_allclose(forward.item_gaps, -backward.item_gaps)
        assert -6.0 <= forward.unweighted_score <= 6.0


class TestServperf:
    def test_hand_computed(self) -> None:
        """Dimension scores are means of respondents' item means."""
        result = servperf(
            [[5, 6, 6, 7], [6, 4, 5, 6]], dimensions={"r": [0, 1], "e": [2, 3]}, weights=[3, 1]
        )
        np.testing.assert_allclose(result.dimension_scores, [5.25, 6.0])
        assert result.unweighted_score == pytest.approx(5.625)
        assert result.weighted_score == pytest.approx(0.75 * 5.25 + 0.25 * 6.0)
        np.testing.assert_allclose(result.item_scores, [5.5, 5.0, 5.5, 6.5])

    def test_standard_mapping(self) -> None:
        """Without dimensions= the 22-item assignment is used."""
        _, perceptions = standard_survey([0, 1, 0, 0, -1])
        result = servperf(perceptions)
        np.testing.assert_allclose(result.dimension_scores, [6, 7, 6, 6, 5])

    def test_matches_servqual_against_constant_expectations(self) -> None:
        """SERVPERF equals the SERVQUAL gap plus the expectations' mean when E is constant."""
        _, perceptions = standard_survey([0, 1, 0, 0, -1])
        gaps = servqual(np.full((3, 22), 1.0), perceptions)
        np.testing.assert_allclose(
            servperf(perceptions).dimension_scores, gaps.dimension_gaps + 1.0
        )

    def test_score_interval(self) -> None:
        """The overall score's interval is a t interval of respondents' means."""
        result = servperf([[5, 7], [6, 5], [7, 7]], dimensions={"a": [0], "b": [1]})
        per_respondent = np.array([6.0, 5.5, 7.0])
        expected = stats.t.interval(
            0.95, 2, loc=per_respondent.mean(), scale=per_respondent.std(ddof=1) / math.sqrt(3)
        )
        assert result.score_interval() == pytest.approx(expected)
        assert result == servperf([[5, 7], [6, 5], [7, 7]], dimensions={"a": [0], "b": [1]})

    def test_nan_policy(self) -> None:
        """Incomplete respondents raise, or are dropped under 'omit'."""
        with pytest.raises(NonFiniteError, match=re.escape("perceptions must not be NaN")):
            servperf([[5, float("nan")]], dimensions={"a": [0, 1]})
        result = servperf([[5, float("nan")], [4, 6]], dimensions={"a": [0, 1]}, nan_policy="omit")
        assert (result.n, result.n_omitted, result.unweighted_score) == (1, 1, 5.0)


class TestCronbachAlpha:
    def test_hand_computed(self) -> None:
        """Item variances 5/3, 1/3, 11/12 and total variance 91/12 give alpha = 12/13."""
        answers = [[2, 3, 3], [4, 4, 5], [3, 3, 4], [5, 4, 5]]
        assert cronbach_alpha(answers) == pytest.approx(12 / 13)

    def test_identical_items_give_one(self) -> None:
        """Items that always agree are perfectly consistent."""
        column = np.array([1.0, 4.0, 2.0, 7.0, 5.0])
        assert cronbach_alpha(np.column_stack([column] * 4)) == pytest.approx(1.0)

    def test_unreversed_item_can_make_it_negative(self) -> None:
        """Two items moving in opposite directions give a negative alpha."""
        assert cronbach_alpha([[1, 7], [2, 6], [3, 5], [4, 3]]) < 0

    def test_nan_policy(self) -> None:
        """Incomplete respondents raise, or are dropped under 'omit'."""
        answers = [[2, 3, 3], [4, 4, 5], [1, float("nan"), 1], [3, 3, 4], [5, 4, 5]]
        with pytest.raises(NonFiniteError, match=re.escape("answers must not be NaN")):
            cronbach_alpha(answers)
        assert cronbach_alpha(answers, nan_policy="omit") == pytest.approx(12 / 13)

    def test_errors(self) -> None:
        """Too few respondents or items, or no variation, are named."""
        with pytest.raises(
            ShapeMismatchError,
            match=re.escape(
                "answers must have at least 2 complete respondents and 2 items; got shape (3, 1)"
            ),
        ):
            cronbach_alpha([[1], [2], [3]])
        with pytest.raises(
            ShapeMismatchError,
            match=re.escape(
                "answers must be two-dimensional (respondents by items); got shape (3,)"
            ),
        ):
            cronbach_alpha([1, 2, 3])
        with pytest.raises(
            InvalidInputError,
            match=re.escape("answers must have total scores that vary across respondents"),
        ):
            cronbach_alpha([[3, 4], [4, 3]])

    @given(likert_pairs())
    def test_at_most_one(self, pair: tuple[np.ndarray, np.ndarray]) -> None:
        """Alpha never exceeds 1."""
        answers, _ = pair
        totals = answers.sum(axis=1)
        if answers.shape[0] < 2 or answers.shape[1] < 2 or np.all(totals == totals[0]):
            return
        assert cronbach_alpha(answers) <= 1.0 + 1e-12


def test_result_is_frozen() -> None:
    """Results cannot be changed after they are built."""
    result = nps_from_counts(5, 3, 2)
    assert isinstance(result, NPSResult)
    with pytest.raises(AttributeError):
        result.score = 0.0  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        result.response_groups[0, 0] = 5.0
