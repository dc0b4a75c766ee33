"""Tests of servicemetrics.compliance."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy import stats

from servicemetrics import InvalidInputError, NonFiniteError, OutOfRangeError, ShapeMismatchError
from servicemetrics.compliance import (
    COMPLAINT_HANDLING,
    NOT_APPLICABLE,
    Attainment,
    ComplianceReport,
    Criterion,
    Standard,
    TimeStandard,
    TimeTarget,
    attainment,
    attainment_trend,
    score_audits,
    time_standard_attainment,
)
from tests.strategies import audit_answers

# --- attainment ---


def wilson_by_hand(k: int, n: int, z: float) -> tuple[float, float]:
    """Wilson (1927) written out from p-hat, as in Brown, Cai & DasGupta (2001), eq. (4)."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


class TestAttainment:
    def test_hand_computed_wilson(self) -> None:
        """45 of 50 at 95%: Wilson interval from the p-hat form of the formula."""
        result = attainment(45, 50)
        low, high = wilson_by_hand(45, 50, 1.959963984540054)
        assert result.rate == 0.9
        assert result.low == pytest.approx(low, rel=1e-12)
        assert result.high == pytest.approx(high, rel=1e-12)
        assert (round(result.low, 4), round(result.high, 4)) == (0.7864, 0.9565)

    @pytest.mark.parametrize(("k", "n"), [(0, 10), (3, 10), (10, 10), (45, 50), (970, 1000)])
    @pytest.mark.parametrize(
        ("method", "scipy_method"), [("wilson", "wilson"), ("clopper-pearson", "exact")]
    )
    def test_matches_scipy(self, k: int, n: int, method: str, scipy_method: str) -> None:
        """Both intervals agree with scipy.stats.binomtest(...).proportion_ci."""
        result = attainment(k, n, method=method, confidence_level=0.9)  # type: ignore[arg-type]
        expected = stats.binomtest(k, n).proportion_ci(0.9, method=scipy_method)
        assert result.low == pytest.approx(expected.low, abs=1e-12)
        assert result.high == pytest.approx(expected.high, abs=1e-12)

    def test_one_sided_exact_test(self) -> None:
        """The p-value is P(X <= k) under the target, as binomtest(alternative='less')."""
        result = attainment(45, 50, target=0.95)
        expected = stats.binomtest(45, 50, 0.95, alternative="less").pvalue
        assert result.p_value == pytest.approx(expected, rel=1e-12)
        assert result.p_value == pytest.approx(0.1036, abs=1e-4)
        assert result.below_target is False
        assert attainment(400, 500, target=0.9).below_target is True

    def test_target_of_one(self) -> None:
        """A 100% target is missed for sure by a single miss."""
        assert attainment(99, 100, target=1.0).p_value == 0.0
        assert attainment(100, 100, target=1.0).p_value == 1.0

    def test_vectorised_over_teams(self) -> None:
        """Counts and targets broadcast; fields are arrays."""
        result = attainment([180, 370, 95, 400], [200, 400, 100, 500], target=0.9)
        assert isinstance(result, Attainment)
        np.testing.assert_allclose(result.rate, [0.9, 0.925, 0.95, 0.8])
        assert result.p_value.shape == (4,)
        np.testing.assert_array_equal(result.below_target, [False, False, False, True])
        grid = attainment([[8], [9]], 10, target=[0.5, 0.9])
        assert grid.p_value.shape == (2, 2)

    def test_to_dict_and_html(self) -> None:
        """Plain values for JSON; an HTML table for notebooks."""
        result = attainment([9, 8], 10, target=0.9)
        data = result.to_dict()
        json.dumps(data)
        assert data["below_target"] == [False, False]
        assert "Attainment" in result._repr_html_()
        assert attainment(9, 10).to_dict()["p_value"] is None

    def test_errors(self) -> None:
        """Counts, target, level and method are checked."""
        with pytest.raises(OutOfRangeError, match=re.escape("met must be <= total; got 11.0")):
            attainment(11, 10)
        with pytest.raises(OutOfRangeError, match=re.escape("total must be > 0; got 0.0")):
            attainment(0, 0)
        with pytest.raises(
            InvalidInputError, match=re.escape("met must be a whole number; got 2.5")
        ):
            attainment(2.5, 10)
        with pytest.raises(OutOfRangeError, match=re.escape("target must be in (0, 1]; got 0.0")):
            attainment(5, 10, target=0.0)
        with pytest.raises(
            OutOfRangeError, match=re.escape("confidence_level must be in (0, 1); got 1.0")
        ):
            attainment(5, 10, confidence_level=1.0)
        with pytest.raises(InvalidInputError, match="method must be one of 'wilson'"):
            attainment(5, 10, method="wald")  # type: ignore[arg-type]
        with pytest.raises(NonFiniteError, match="total must be finite"):
            attainment(5, float("inf"))
        with pytest.raises(ShapeMismatchError, match="broadcast-compatible"):
            attainment([1, 2], [3, 4, 5])

    @given(st.integers(1, 5000), st.data())
    def test_interval_contains_estimate(self, n: int, data: st.DataObject) -> None:
        """Both intervals lie in [0, 1] and contain met / total."""
        k = data.draw(st.integers(0, n))
        for method in ("wilson", "clopper-pearson"):
            result = attainment(k, n, method=method)  # type: ignore[arg-type]
            assert 0.0 <= result.low <= result.rate <= result.high <= 1.0

    @given(st.integers(1, 200), st.data(), st.integers(2, 50))
    def test_interval_shrinks_with_n(self, n: int, data: st.DataObject, factor: int) -> None:
        """The same rate on more cases gives a narrower Wilson interval."""
        k = data.draw(st.integers(0, n))
        small = attainment(k, n)
        large = attainment(k * factor, n * factor)
        assert large.high - large.low < small.high - small.low

    @given(st.integers(1, 60), st.floats(0.001, 0.999))
    def test_clopper_pearson_covers_at_least_nominal(self, n: int, p: float) -> None:
        """The exact interval covers any true rate with probability >= the level."""
        k = np.arange(n + 1)
        result = attainment(k, n, method="clopper-pearson")
        covered = (result.low <= p) & (p <= result.high)
        assert stats.binom.pmf(k, n, p)[covered].sum() >= 0.95 - 1e-9


class TestAttainmentTrend:
    def test_against_individual_level_correlation(self) -> None:
        """Armitage's chi-square equals N r² of the 0/1 outcomes on the period scores."""
        met, total = [80, 85, 90, 95], [100, 100, 100, 100]
        outcomes = np.concatenate(
            [np.r_[np.ones(k), np.zeros(n - k)] for k, n in zip(met, total, strict=True)]
        )
        periods = np.repeat(np.arange(4), 100)
        r = np.corrcoef(periods, outcomes)[0, 1]
        trend = attainment_trend(met, total)
        assert trend.statistic == pytest.approx(400 * r * r, rel=1e-12)
        assert trend.p_value == pytest.approx(stats.chi2.sf(400 * r * r, 1), rel=1e-12)
        # slope 25 / 500, se sqrt(0.875 * 0.125 / 500)
        assert trend.slope == pytest.approx(0.05)
        assert trend.standard_error == pytest.approx(math.sqrt(0.875 * 0.125 / 500))

    def test_slope_equals_weighted_least_squares(self) -> None:
        """The slope is the case-weighted regression slope of the period rates."""
        met, total, x = [30, 50, 20], [40, 80, 25], [1.0, 2.0, 4.0]
        rates = np.divide(met, total)
        expected = np.polyfit(x, rates, 1, w=np.sqrt(total))[0]
        assert attainment_trend(met, total, scores=x).slope == pytest.approx(expected, rel=1e-10)

    def test_falling_attainment(self) -> None:
        """A decline gives a negative slope."""
        assert attainment_trend([95, 90, 70], 100).slope < 0

    def test_no_variation(self) -> None:
        """Every case met: no trend, p-value 1."""
        trend = attainment_trend([10, 20, 30], [10, 20, 30])
        assert (trend.slope, trend.standard_error, trend.statistic, trend.p_value) == (
            0.0,
            0.0,
            0.0,
            1.0,
        )

    def test_vectorised_over_teams(self) -> None:
        """Leading axes are tested separately."""
        met = np.array([[80, 85, 90, 95], [90, 90, 85, 80]])
        together = attainment_trend(met, 100)
        for row in range(2):
            alone = attainment_trend(met[row], 100)
            assert together.slope[row] == pytest.approx(alone.slope)
            assert together.p_value[row] == pytest.approx(alone.p_value)

    def test_errors(self) -> None:
        """One period, equal scores and wrong score lengths are rejected."""
        with pytest.raises(ShapeMismatchError, match="at least two periods"):
            attainment_trend([5], [10])
        with pytest.raises(InvalidInputError, match="scores must not all be equal"):
            attainment_trend([5, 6], [10, 10], scores=[1, 1])
        with pytest.raises(
            ShapeMismatchError, match=re.escape("scores must have one value per period (2)")
        ):
            attainment_trend([5, 6], [10, 10], scores=[1, 2, 3])


# --- audits ---


def call_form() -> Standard:
    return Standard(
        "Call quality",
        [
            Criterion("verifies identity", weight=0, critical=True),
            Criterion("uses name", weight=1),
            Criterion("resolves first time", weight=3, scale="partial"),
            Criterion("offers follow-up", weight=1),
        ],
    )


def brute_force_score(standard: Standard, row: np.ndarray) -> float:
    """Points earned over points possible, criterion by criterion (no sections)."""
    earned = possible = 0.0
    for criterion, answer in zip(standard.criteria, row, strict=True):
        if answer == NOT_APPLICABLE:
            continue
        earned += criterion.weight * answer
        possible += criterion.weight
    return earned / possible


class TestStandard:
    def test_properties(self) -> None:
        """Names, weights, sections and critical flags in column order."""
        standard = Standard(
            "Visit",
            [Criterion("a", section="S1"), Criterion("b", weight=2, section="S2", critical=True)],
            section_weights={"S1": 30, "S2": 70},
        )
        assert standard.names == ("a", "b")
        np.testing.assert_array_equal(standard.weights, [1.0, 2.0])
        assert standard.sections == ("S1", "S2")
        np.testing.assert_array_equal(standard.critical, [False, True])
        assert standard.to_dict()["section_weights"] == [["S1", 30.0], ["S2", 70.0]]

    def test_criterion_errors(self) -> None:
        """Negative weights, unknown scales, partial critical items and empty names fail."""
        with pytest.raises(OutOfRangeError, match=re.escape("weight must be >= 0; got -1.0")):
            Criterion("a", weight=-1)
        with pytest.raises(NonFiniteError, match="weight must be finite"):
            Criterion("a", weight=float("nan"))
        with pytest.raises(InvalidInputError, match="scale must be one of 'pass_fail', 'partial'"):
            Criterion("a", scale="stars")
        with pytest.raises(
            InvalidInputError, match="scale must be 'pass_fail' for a critical criterion"
        ):
            Criterion("a", critical=True, scale="partial")
        with pytest.raises(InvalidInputError, match="name must be a non-empty string"):
            Criterion("")

    def test_standard_errors(self) -> None:
        """Zero weights, duplicates and bad section weights fail."""
        with pytest.raises(InvalidInputError, match="criteria must not all have weight 0"):
            Standard("s", [Criterion("a", weight=0), Criterion("b", weight=0)])
        with pytest.raises(
            InvalidInputError, match="criteria must have unique names; got 'a' at index 1"
        ):
            Standard("s", [Criterion("a"), Criterion("a")])
        with pytest.raises(InvalidInputError, match="criteria must not be empty"):
            Standard("s", [])
        with pytest.raises(
            InvalidInputError, match="section_weights must give a weight to every section; got 'B'"
        ):
            Standard(
                "s",
                [Criterion("a", section="A"), Criterion("b", section="B")],
                section_weights={"A": 1},
            )
        with pytest.raises(
            InvalidInputError, match="section_weights must name sections of the criteria; got 'C'"
        ):
            Standard("s", [Criterion("a", section="A")], section_weights={"A": 1, "C": 2})
        with pytest.raises(
            OutOfRangeError, match=re.escape("section_weights must be >= 0; got -1.0")
        ):
            Standard("s", [Criterion("a", section="A")], section_weights={"A": -1})
        with pytest.raises(InvalidInputError, match="section_weights must not all be 0"):
            Standard("s", [Criterion("a", section="A")], section_weights={"A": 0})
        with pytest.raises(OutOfRangeError, match=re.escape("pass_threshold must be in [0, 1]")):
            Standard("s", [Criterion("a")], pass_threshold=80)


class TestScoreAudits:
    def test_hand_computed(self) -> None:
        """N/A leaves the denominator; a failed critical item zeroes the audit."""
        report = score_audits(
            call_form(), [[1, 1, 1.0, 1], [1, 0, 0.5, -1], [0, 1, 1.0, 1], [1, 1, 1.0, 0]]
        )
        assert isinstance(report, ComplianceReport)
        # (0 + 3 * 0.5) / (1 + 3) = 0.375; (1 + 3) / 5 = 0.8
        np.testing.assert_allclose(report.scores, [1.0, 0.375, 0.0, 0.8])
        np.testing.assert_allclose(report.raw_scores, [1.0, 0.375, 1.0, 0.8])
        np.testing.assert_array_equal(report.critical_failures, [False, False, True, False])
        np.testing.assert_array_equal(report.passed, [True, False, False, True])
        assert report.critical_failure_count == 1
        assert report.pass_rate == 0.5
        assert report.score == pytest.approx((1 + 0.375 + 0 + 0.8) / 4)
        np.testing.assert_allclose(report.criterion_compliance, [0.75, 0.75, 0.875, 2 / 3])
        np.testing.assert_array_equal(report.criterion_applicable, [4, 4, 4, 3])
        assert report.worst_criteria.tolist() == [
            "offers follow-up",
            "verifies identity",
            "uses name",
            "resolves first time",
        ]

    def test_score_interval_is_student_t(self) -> None:
        """Mean ± t(0.975, n - 1) s / sqrt(n), clipped to [0, 1]."""
        form = Standard("s", [Criterion("a"), Criterion("b"), Criterion("c"), Criterion("d")])
        answers = [[1, 1, 1, 0], [1, 1, 1, 1], [1, 1, 0, 0], [1, 1, 1, 0], [1, 0, 1, 1]]
        scores = np.array([0.75, 1.0, 0.5, 0.75, 0.75])
        half = stats.t.ppf(0.975, 4) * scores.std(ddof=1) / math.sqrt(5)
        report = score_audits(form, answers, threshold=0.75)
        assert report.score_interval == pytest.approx((0.75 - half, 0.75 + half))
        low, high = stats.binomtest(4, 5).proportion_ci(method="wilson")
        assert report.pass_rate == 0.8
        assert report.pass_rate_interval == pytest.approx((low, high))

    def test_single_audit_interval_is_whole_range(self) -> None:
        """One audit: no spread to estimate."""
        report = score_audits(call_form(), [1, 1, 1.0, 1])
        assert report.n_audits == 1
        assert report.score_interval == (0.0, 1.0)

    def test_section_weights(self) -> None:
        """Each section is scored on its own, then weighted by its section weight."""
        standard = Standard(
            "Branch",
            [
                Criterion("greets", section="Welcome"),
                Criterion("smiles", section="Welcome"),
                Criterion("explains fees", weight=2, section="Advice"),
                Criterion("checks needs", weight=1, section="Advice"),
            ],
            section_weights={"Welcome": 40, "Advice": 60},
        )
        report = score_audits(standard, [[1, 0, 1, 0], [1, 1, -1, -1]])
        # audit 1: welcome 1/2, advice 2/3 -> 0.4 * 0.5 + 0.6 * 2/3 = 0.6
        # audit 2: advice not applicable at all -> welcome only = 1.0
        np.testing.assert_allclose(report.scores, [0.6, 1.0])
        assert report.sections.tolist() == ["Welcome", "Advice"]
        np.testing.assert_allclose(report.section_compliance, [0.75, 2 / 3])

    def test_na_policy_pass(self) -> None:
        """Under na_policy='pass' an N/A earns its points."""
        report = score_audits(call_form(), [[1, 0, 0.5, -1]], na_policy="pass")
        assert report.scores[0] == pytest.approx((0 + 1.5 + 1) / 5)
        assert report.criterion_applicable.tolist() == [1, 1, 1, 1]

    def test_threshold_override_and_boundary(self) -> None:
        """A score equal to the threshold passes, despite round-off in the weighted sum."""
        form = Standard("s", [Criterion("a", weight=0.1), Criterion("b", weight=0.2)])
        # 0.2 / 0.30000000000000004 is a hair below 2/3 in floating point.
        report = score_audits(form, [[0, 1]], threshold=0.2 / (0.1 + 0.2))
        assert report.passed.tolist() == [True]
        assert score_audits(form, [[0, 1]], threshold=0.7).passed.tolist() == [False]

    def test_dataframe_columns_are_matched_by_name(self) -> None:
        """A DataFrame's columns may come in any order."""
        frame = pd.DataFrame(
            {
                "offers follow-up": [1, -1],
                "uses name": [1, 0],
                "verifies identity": [1, 1],
                "resolves first time": [1.0, 0.5],
            }
        )
        np.testing.assert_allclose(score_audits(call_form(), frame).scores, [1.0, 0.375])
        with pytest.raises(ShapeMismatchError, match="must have a column for every criterion"):
            score_audits(call_form(), frame.drop(columns="uses name"))

    def test_report_output(self) -> None:
        """to_dict is JSON-ready; the HTML lists the weakest criterion first."""
        report = score_audits(call_form(), [[1, 1, 1.0, 1], [1, 0, 0.5, 0]])
        json.dumps(report.to_dict())
        html = report._repr_html_()
        assert "Compliance report" in html
        weakest = html.split("Criteria, weakest first")[1]
        assert weakest.index("offers follow-up") < weakest.index("resolves first time")

    def test_answer_code_errors(self) -> None:
        """Unknown codes, NaN, forbidden N/A, empty audits and bad shapes are named."""
        form = call_form()
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "answers must be 1 (pass), 0 (fail) or -1 (not applicable) for a pass/fail "
                "criterion; got 0.5 at index (1, 1)"
            ),
        ):
            score_audits(form, [[1, 1, 1, 1], [1, 0.5, 1, 1]])
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "answers must be in [0, 1] or -1 (not applicable) for a partial criterion; "
                "got 1.5 at index (0, 2)"
            ),
        ):
            score_audits(form, [[1, 1, 1.5, 1]])
        with pytest.raises(
            NonFiniteError, match=re.escape("answers must be finite; got nan at index (0, 3)")
        ):
            score_audits(form, [[1, 1, 1, float("nan")]])
        strict = Standard("s", [Criterion("a", allow_not_applicable=False), Criterion("b")])
        with pytest.raises(
            InvalidInputError,
            match=re.escape("allow_not_applicable=False; got -1.0 at index (0, 0)"),
        ):
            score_audits(strict, [[-1, 1]])
        with pytest.raises(
            InvalidInputError,
            match="at least one applicable criterion with positive weight; got an audit with nothing to score at index 1",
        ):
            score_audits(form, [[1, 1, 1, 1], [1, -1, -1, -1]])
        with pytest.raises(
            ShapeMismatchError,
            match=re.escape(
                "answers must have shape (n_audits, 4) with at least one audit; got shape (1, 3)"
            ),
        ):
            score_audits(form, [[1, 1, 1]])
        with pytest.raises(InvalidInputError, match="na_policy must be one of"):
            score_audits(form, [[1, 1, 1, 1]], na_policy="fail")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="standard must be a Standard"):
            score_audits("call form", [[1]])  # type: ignore[arg-type]

    @given(audit_answers(4, (False, False, True, False)))
    def test_score_in_unit_interval(self, answers: np.ndarray) -> None:
        """Every audit score, the mean and its interval lie in [0, 1]."""
        answers[:, 2] = np.where(answers[:, 2] == -1.0, 1.0, answers[:, 2])  # keep one applicable
        report = score_audits(call_form(), answers)
        assert ((report.scores >= 0) & (report.scores <= 1)).all()
        low, high = report.score_interval
        assert 0.0 <= low <= report.score <= high <= 1.0

    @given(audit_answers(4, (False, False, True, False)), st.data())
    def test_passing_a_failed_criterion_never_lowers_the_score(
        self, answers: np.ndarray, data: st.DataObject
    ) -> None:
        """Turning one FAIL into PASS raises or keeps every audit's score."""
        answers[:, 2] = np.where(answers[:, 2] == -1.0, 0.0, answers[:, 2])
        failed = np.argwhere(answers == 0.0)
        assume(len(failed) > 0)
        audit, criterion = failed[data.draw(st.integers(0, len(failed) - 1))]
        better = answers.copy()
        better[audit, criterion] = 1.0
        form = call_form()
        before, after = score_audits(form, answers), score_audits(form, better)
        assert (after.scores >= before.scores - 1e-12).all()
        assert (after.raw_scores >= before.raw_scores - 1e-12).all()
        assert after.pass_rate >= before.pass_rate

    @given(audit_answers(3, (False, True, False)), st.floats(0.0, 100.0), st.booleans())
    def test_not_applicable_criterion_changes_nothing(
        self, answers: np.ndarray, weight: float, critical: bool
    ) -> None:
        """A criterion answered N/A in every audit leaves every score as it was."""
        answers[:, 1] = np.where(answers[:, 1] == -1.0, 0.5, answers[:, 1])
        criteria = [Criterion("a"), Criterion("b", weight=2, scale="partial"), Criterion("c")]
        extra = Criterion("extra", weight=weight, critical=critical)
        base = score_audits(Standard("s", criteria), answers)
        widened = np.column_stack([answers, np.full(answers.shape[0], NOT_APPLICABLE)])
        more = score_audits(Standard("s", [*criteria, extra]), widened)
        np.testing.assert_allclose(more.scores, base.scores, rtol=1e-12)
        np.testing.assert_array_equal(more.passed, base.passed)

    @given(audit_answers(4, (False, False, True, False)))
    def test_without_critical_failures_score_is_plain_weighted_score(
        self, answers: np.ndarray
    ) -> None:
        """When every critical item passes, the score is points earned over points possible."""
        answers[:, 0] = 1.0
        answers[:, 2] = np.where(answers[:, 2] == -1.0, 0.25, answers[:, 2])
        form = call_form()
        report = score_audits(form, answers)
        expected = [brute_force_score(form, row) for row in answers]
        np.testing.assert_allclose(report.scores, expected, rtol=1e-12)
        assert report.critical_failure_count == 0


# --- time standards ---


class TestTimeStandardAttainment:
    def test_complaint_preset(self) -> None:
        """Minor: the same working day; major: 3 working days, end of day."""
        assert COMPLAINT_HANDLING.classes == ("minor", "major")
        assert [t.limit for t in COMPLAINT_HANDLING.targets] == [0, 3]
        assert "ISO 10002" in COMPLAINT_HANDLING.description

    def test_documented_example(self) -> None:
        """Late, met, pending and overdue cases, reported on Thursday 7 March 2024."""
        report = time_standard_attainment(
            ["2024-03-04T09:00", "2024-03-01T15:00", "2024-03-04T10:00", "2024-03-01T16:00"],
            ["2024-03-05T10:00", "2024-03-06T17:00", None, None],
            ["minor", "major", "major", "major"],
            standard=COMPLAINT_HANDLING,
            as_of="2024-03-07T12:00",
        )
        assert report.status.tolist() == ["late", "met", "open_pending", "open_late"]
        assert report.due.astype(str).tolist() == [
            "2024-03-04T23:59:59",
            "2024-03-06T23:59:59",
            "2024-03-07T23:59:59",
            "2024-03-06T23:59:59",
        ]
        assert report.met.tolist() == [0, 1]
        assert report.failed.tolist() == [1, 1]
        assert report.pending.tolist() == [0, 1]
        assert report.overall is not None
        assert (report.overall.met, report.overall.total) == (1, 3)
        json.dumps(report.to_dict())

    def test_weekend_and_holiday(self) -> None:
        """A case opened on Saturday starts on Monday; a holiday pushes the deadline on."""
        opened = ["2024-03-02T10:00", "2024-03-28T10:00"]  # Saturday; Thursday before Easter
        closed = ["2024-03-04T18:00", "2024-04-03T09:00"]
        report = time_standard_attainment(
            opened,
            closed,
            ["minor", "major"],
            standard=COMPLAINT_HANDLING,
            holidays=["2024-03-29", "2024-04-01"],  # Good Friday, Easter Monday
        )
        # Thursday 28 March + 3 working days skipping Fri 29 and Mon 1: Tue, Wed, Thu 4 April.
        assert report.due.astype(str).tolist() == ["2024-03-04T23:59:59", "2024-04-04T23:59:59"]
        assert report.status.tolist() == ["met", "met"]
        without_holidays = time_standard_attainment(
            opened,
            ["2024-03-04T18:00", "2024-04-03T09:00"],
            ["minor", "major"],
            standard=COMPLAINT_HANDLING,
        )
        assert without_holidays.status.tolist() == ["met", "late"]

    def test_custom_weekmask(self) -> None:
        """A six-day week counts Saturday as a working day."""
        report = time_standard_attainment(
            ["2024-03-01T10:00"],
            ["2024-03-04T10:00"],
            ["major"],
            standard=TimeStandard("s", [TimeTarget("major", 1, "business_days")]),
            weekmask="1111110",
        )
        assert report.status.tolist() == ["late"]  # due Saturday 2 March

    def test_hours(self) -> None:
        """Hour targets count clock time, inclusive of the deadline."""
        standard = TimeStandard("Support", [TimeTarget("P1", 4, "hours")])
        report = time_standard_attainment(
            ["2024-03-02T22:00", "2024-03-02T22:00", "2024-03-02T22:00", "2024-03-03T00:00"],
            ["2024-03-03T02:00", "2024-03-03T02:00:01", None, None],
            ["P1"] * 4,
            standard=standard,
            as_of="2024-03-03T03:00",
        )
        assert report.status.tolist() == ["met", "late", "open_late", "open_pending"]
        assert report.rate.tolist() == [pytest.approx(1 / 3)]
        assert report.pending.tolist() == [1]

    def test_all_pending_class_has_no_rate(self) -> None:
        """A class with nothing decided yet has a NaN rate, and only present classes appear."""
        report = time_standard_attainment(
            ["2024-03-04T09:00", "2024-03-04T09:00"],
            ["2024-03-04T10:00", None],
            ["minor", "major"],
            standard=COMPLAINT_HANDLING,
            as_of="2024-03-04T12:00",
        )
        assert report.classes.tolist() == ["minor", "major"]
        assert report.rate[0] == 1.0
        assert math.isnan(report.rate[1])
        only_pending = time_standard_attainment(
            ["2024-03-04T09:00"],
            [None],
            ["major"],
            standard=COMPLAINT_HANDLING,
            as_of="2024-03-04T12:00",
        )
        assert only_pending.overall is None
        assert only_pending.classes.tolist() == ["major"]

    def test_pandas_input(self) -> None:
        """Datetime Series with NaT work."""
        frame = pd.DataFrame(
            {
                "opened": pd.to_datetime(["2024-03-04 09:00", "2024-03-04 09:00"]),
                "closed": pd.to_datetime(["2024-03-04 10:00", None]),
                "kind": ["minor", "minor"],
            }
        )
        report = time_standard_attainment(
            frame["opened"],
            frame["closed"],
            frame["kind"],
            standard=COMPLAINT_HANDLING,
            as_of=pd.Timestamp("2024-03-05 09:00").to_datetime64(),
        )
        assert report.status.tolist() == ["met", "open_late"]

    def test_errors(self) -> None:
        """Unknown classes, missing as_of, time travel and numbers are named."""
        std = COMPLAINT_HANDLING
        with pytest.raises(
            InvalidInputError,
            match=re.escape("case_class must be one of 'minor', 'major'; got 'huge' at index 1"),
        ):
            time_standard_attainment(
                ["2024-03-04", "2024-03-04"],
                ["2024-03-04", "2024-03-04"],
                ["minor", "huge"],
                standard=std,
            )
        with pytest.raises(InvalidInputError, match="as_of is required when a case is still open"):
            time_standard_attainment(["2024-03-04"], [None], ["minor"], standard=std)
        with pytest.raises(
            OutOfRangeError, match="closed must be >= opened; got 2024-03-03 00:00:00 at index 0"
        ):
            time_standard_attainment(["2024-03-04"], ["2024-03-03"], ["minor"], standard=std)
        with pytest.raises(OutOfRangeError, match="closed must be <= as_of"):
            time_standard_attainment(
                ["2024-03-04"], ["2024-03-06"], ["minor"], standard=std, as_of="2024-03-05"
            )
        with pytest.raises(OutOfRangeError, match="opened must be <= as_of"):
            time_standard_attainment(
                ["2024-03-06"], [None], ["minor"], standard=std, as_of="2024-03-05"
            )
        with pytest.raises(InvalidInputError, match="opened must not be NaT"):
            time_standard_attainment([None], ["2024-03-06"], ["minor"], standard=std)
        with pytest.raises(InvalidInputError, match="opened must be dates or times, not numbers"):
            time_standard_attainment([1.5], ["2024-03-06"], ["minor"], standard=std)
        with pytest.raises(ShapeMismatchError, match="must have the same length"):
            time_standard_attainment(
                ["2024-03-04"], ["2024-03-04", "2024-03-05"], ["minor"], standard=std
            )
        with pytest.raises(InvalidInputError, match="weekmask must be a weekmask"):
            time_standard_attainment(
                ["2024-03-04"], ["2024-03-04"], ["minor"], standard=std, weekmask="11"
            )

    def test_target_errors(self) -> None:
        """Business-day limits are whole; classes are unique."""
        with pytest.raises(
            InvalidInputError, match=re.escape("limit must be a whole number; got 1.5")
        ):
            TimeTarget("x", 1.5, "business_days")
        with pytest.raises(OutOfRangeError, match="limit must be >= 0"):
            TimeTarget("x", -1, "hours")
        with pytest.raises(
            InvalidInputError, match="unit must be one of 'hours', 'business_days'"
        ):
            TimeTarget("x", 1, "weeks")
        with pytest.raises(InvalidInputError, match="targets must have unique case classes"):
            TimeStandard("s", [TimeTarget("x", 1, "hours"), TimeTarget("x", 2, "hours")])

    @given(
        st.lists(st.integers(0, 400), min_size=1, max_size=30),
        st.lists(st.integers(0, 20 * 24), min_size=30, max_size=30),
        st.integers(0, 3),
    )
    def test_business_days_match_a_day_by_day_count(
        self, start_hours: list[int], durations: list[int], limit: int
    ) -> None:
        """Met exactly when closed by the end of the limit-th working day, walked day by day."""
        base = np.datetime64("2024-03-01T00:00", "s")
        opened = base + np.array(start_hours) * np.timedelta64(1, "h")
        closed = opened + np.array(durations[: len(start_hours)]) * np.timedelta64(1, "h")
        standard = TimeStandard("s", [TimeTarget("c", limit, "business_days")])
        report = time_standard_attainment(
            opened, closed, ["c"] * len(start_hours), standard=standard
        )
        one_day = np.timedelta64(1, "D")
        for o, c, status in zip(opened, closed, report.status, strict=True):
            due = o.astype("datetime64[D]")
            while not np.is_busday(due):
                due += one_day
            for _ in range(limit):
                due += one_day
                while not np.is_busday(due):
                    due += one_day
            assert (status == "met") == (c.astype("datetime64[D]") <= due)
