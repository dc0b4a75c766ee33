"""Tests of the matplotlib figures: what each draws, with the library's own numbers."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from scipy.special import hyp2f1

import servicemetrics
from servicemetrics import compliance, concentration, datasets, plotting, surveys
from servicemetrics import word_of_mouth as wom
from servicemetrics._validation import InvalidInputError, OutOfRangeError, ShapeMismatchError
from servicemetrics.models import BetaGeo, BetaGeoBetaBinom, ParetoNBD, ShiftedBetaGeometric

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]

# Each example draws a figure (about 20 ms), so the properties run at most 100 examples.
FIGURE_EXAMPLES = settings(max_examples=min(settings.default.max_examples, 100))


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _new_axes() -> Axes:
    """Axes on a figure that pyplot does not track (for property tests)."""
    return Figure().add_subplot()


class TestMissingMatplotlib:
    def test_import_without_matplotlib_works_and_calls_raise(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without matplotlib the module imports, and a plot names the extra to install."""
        for name in list(sys.modules):
            if name == "matplotlib" or name.startswith("matplotlib."):
                monkeypatch.setitem(sys.modules, name, None)
        monkeypatch.setattr(servicemetrics, "plotting", plotting)
        monkeypatch.delitem(sys.modules, "servicemetrics.plotting")
        import servicemetrics.plotting as fresh

        with pytest.raises(fresh.MissingDependencyError, match=r"servicemetrics\[plot\]"):
            fresh.plot_lorenz([1.0, 2.0, 3.0])
        assert issubclass(fresh.MissingDependencyError, ImportError)

    def test_package_import_does_not_import_matplotlib(self) -> None:
        """Importing servicemetrics.plotting in a fresh interpreter leaves matplotlib alone."""
        import subprocess

        code = (
            "import sys, servicemetrics, servicemetrics.plotting; "
            "print('matplotlib' in sys.modules)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == "False"


class TestAxesArgument:
    def test_rejects_non_axes(self) -> None:
        """Something other than an Axes as ax is refused, naming the parameter."""
        with pytest.raises(InvalidInputError, match="ax must be a matplotlib Axes or None"):
            plotting.plot_lorenz([1.0, 2.0], ax="left")  # type: ignore[arg-type]


class TestPlotSurvival:
    def test_observed_and_fitted(self) -> None:
        """Observed shares are survivors over the cohort size; the fit is S(t) of the model."""
        model = ShiftedBetaGeometric(alpha=0.704, beta=1.182)
        _fig, given_ax = plt.subplots()
        ax = plotting.plot_survival(REGULAR, fitted=model, horizon=12, ax=given_ax)
        assert ax is given_ax
        observed, fitted = ax.get_lines()
        np.testing.assert_allclose(observed.get_ydata(), np.array(REGULAR) / 1000)
        np.testing.assert_array_equal(fitted.get_xdata(), np.arange(13))
        # S(1) = beta / (alpha + beta), S(2) = S(1) (beta + 1) / (alpha + beta + 1)
        s1 = 1.182 / (0.704 + 1.182)
        s2 = s1 * 2.182 / 2.886
        np.testing.assert_allclose(fitted.get_ydata()[:3], [1.0, s1, s2])
        assert ax.get_xlabel() == "periods since acquisition"
        assert ax.get_ylabel() == "share still active"
        assert ax.get_title() == "Survival: observed and fitted"
        assert ax.get_legend() is not None

    def test_several_cohorts_with_fits_and_calibration_line(self) -> None:
        """Two cohorts give two observed and two fitted lines, plus the calibration line."""
        models = {
            "regular": ShiftedBetaGeometric.fit(REGULAR),
            "high end": ShiftedBetaGeometric.fit(HIGH_END),
        }
        ax = plotting.plot_survival(
            {"regular": REGULAR, "high end": HIGH_END},
            fitted=models,
            horizon=12,
            calibration_periods=7,
        )
        labels = ax.get_legend_handles_labels()[1]
        assert labels == [
            "regular, observed",
            "regular, fitted",
            "high end, observed",
            "high end, fitted",
            "end of fitting window",
        ]
        assert len(ax.get_lines()) == 5
        assert ax.get_lines()[-1].get_xdata()[0] == 7

    def test_fitted_curve_as_array(self) -> None:
        """A survival array is drawn against periods 0, 1, ..."""
        ax = plotting.plot_survival([10, 8, 6], fitted=[1.0, 0.7, 0.5, 0.4])
        np.testing.assert_array_equal(ax.get_lines()[1].get_xdata(), [0, 1, 2, 3])

    def test_errors(self) -> None:
        """Rising counts, an empty cohort and mismatched fits are refused."""
        with pytest.raises(
            InvalidInputError, match=r"observed must not increase; got 5\.0 at index 2"
        ):
            plotting.plot_survival([10, 4, 5])
        with pytest.raises(OutOfRangeError, match="observed must start with a positive count"):
            plotting.plot_survival([0, 0])
        with pytest.raises(InvalidInputError, match="fitted must have keys found in observed"):
            plotting.plot_survival({"a": [2, 1]}, fitted={"b": [1.0, 0.5]})
        with pytest.raises(InvalidInputError, match="fitted must be a mapping of cohorts"):
            plotting.plot_survival({"a": [2, 1]}, fitted=[1.0, 0.5])
        with pytest.raises(OutOfRangeError, match="horizon must be >= 1"):
            plotting.plot_survival([2, 1], horizon=0)


class TestPlotLorenz:
    def test_curve_and_marker(self) -> None:
        """The line is the cumulative share of sorted values; the bar spans the top share."""
        values = [4.0, 1.0, 3.0, 2.0, 10.0]
        ax = plotting.plot_lorenz(values)
        curve, equality, top = ax.get_lines()
        ordered = np.sort(values)
        expected = np.concatenate(([0.0], np.cumsum(ordered) / ordered.sum()))
        np.testing.assert_allclose(curve.get_ydata(), expected)
        np.testing.assert_allclose(curve.get_xdata(), np.linspace(0, 1, 6))
        np.testing.assert_array_equal(equality.get_ydata(), [0.0, 1.0])
        # The top customer (value 10 of 20) holds half: the bar runs from 0.5 to 1 at x = 0.8.
        np.testing.assert_allclose(top.get_xdata(), [0.8, 0.8])
        np.testing.assert_allclose(top.get_ydata(), [0.5, 1.0])
        assert ax.get_ylabel() == "share of value"
        assert ax.get_legend() is not None

    def test_accepts_a_curve_and_an_axes(self) -> None:
        """A ready LorenzCurve is drawn as it is, on the given axes."""
        curve = concentration.lorenz_curve([1, 2, 3, 4])
        _fig, given_ax = plt.subplots()
        ax = plotting.plot_lorenz(curve, fraction=0.5, ax=given_ax)
        assert ax is given_ax
        assert ax.get_legend_handles_labels()[1][2] == "top 50% hold 70%"

    def test_errors(self) -> None:
        """A fraction outside (0, 1) and weights with a ready curve are refused."""
        with pytest.raises(OutOfRangeError, match=r"fraction must be in \(0, 1\); got 1.0"):
            plotting.plot_lorenz([1, 2], fraction=1.0)
        with pytest.raises(InvalidInputError, match="weights must be None"):
            plotting.plot_lorenz(concentration.lorenz_curve([1, 2]), weights=[1, 1])
        with pytest.raises(ShapeMismatchError, match="fraction must be a single number"):
            plotting.plot_lorenz([1, 2], fraction=[0.1, 0.2])  # type: ignore[arg-type]

    @FIGURE_EXAMPLES
    @given(
        st.lists(
            st.floats(min_value=0.01, max_value=1e6, allow_nan=False), min_size=1, max_size=50
        )
    )
    def test_curve_rises_to_one(self, values: list[float]) -> None:
        """For any positive values the curve is non-decreasing, starts at 0 and ends at 1."""
        ax = plotting.plot_lorenz(values, ax=_new_axes())
        y = np.asarray(ax.get_lines()[0].get_ydata())
        assert y[0] == 0.0
        assert y[-1] == pytest.approx(1.0)
        assert np.all(np.diff(y) >= -1e-12)


class TestPlotTiers:
    def test_bars_match_assignment(self) -> None:
        """Bar heights are the customer and value shares of assign_tiers, hand-checked."""
        ax = plotting.plot_tiers([5, 50, 2, 30, 10, 3])
        customers, value = ax.containers
        np.testing.assert_allclose([b.get_height() for b in customers], [1 / 3] * 3)
        # 50 + 30 = 80 of 100 in A, 10 + 5 in B, 3 + 2 in C
        np.testing.assert_allclose([b.get_height() for b in value], [0.8, 0.15, 0.05])
        assert len(ax.patches) == 6
        assert ax.get_xlabel() == "tier, most valuable first"
        assert ax.get_legend_handles_labels()[1] == ["customers", "value"]

    def test_assignment_and_options(self) -> None:
        """A TierAssignment is drawn as is; cutoffs and labels pass through for values."""
        result = concentration.assign_tiers([5, 5], cutoffs=[0.5], labels=["top", "rest"])
        _fig, given_ax = plt.subplots()
        assert plotting.plot_tiers(result, ax=given_ax) is given_ax
        ax = plotting.plot_tiers([5, 5], cutoffs=[0.5], labels=["top", "rest"])
        assert [t.get_text() for t in ax.get_xticklabels()] == ["top", "rest"]
        with pytest.raises(InvalidInputError, match="cutoffs must be None"):
            plotting.plot_tiers(result, cutoffs=[0.5])


class TestPlotReachDistribution:
    def test_telling_bars_are_the_negative_binomial_pmf(self) -> None:
        """Bar heights are NB(k, k/(k+mu)) probabilities, computed here with scipy."""
        from scipy import stats

        tells = {"resolved": wom.RESOLVED_TELLING, "unhappy": wom.UNHAPPY_TELLING}
        _fig, given_ax = plt.subplots()
        ax = plotting.plot_reach_distribution(tells, max_count=30, ax=given_ax)
        assert ax is given_ax
        assert len(ax.patches) == 62
        resolved, unhappy = ax.containers
        k = 1.1
        n = np.arange(31)
        np.testing.assert_allclose(
            [b.get_height() for b in unhappy], stats.nbinom.pmf(n, k, k / (k + 10.0)), rtol=1e-12
        )
        np.testing.assert_allclose(
            [b.get_height() for b in resolved], stats.nbinom.pmf(n, k, k / (k + 5.0)), rtol=1e-12
        )
        # One customer tells nobody with probability (k / (k + mu))^k.
        assert unhappy[0].get_height() == pytest.approx((1.1 / 11.1) ** 1.1)
        assert ax.get_legend_handles_labels()[1] == ["resolved (mean 5)", "unhappy (mean 10)"]
        assert ax.get_ylabel() == "probability"

    def test_default_range_reaches_the_99th_percentile(self) -> None:
        """Without max_count the bars run to the largest 99th percentile."""
        ax = plotting.plot_reach_distribution(wom.UNHAPPY_TELLING)
        assert len(ax.patches) == int(wom.UNHAPPY_TELLING.ppf(0.99)) + 1

    def test_simulated_totals(self) -> None:
        """A histogram of the totals (area 1) and a dashed line at the expectation."""
        reach = wom.simulate_reach(1_600, wom.UNHAPPY_TELLING, replications=2_000, rng=3)
        ax = plotting.plot_reach_distribution({"unhappy": reach}, bins=20)
        assert len(ax.patches) == 20
        area = sum(p.get_height() * p.get_width() for p in ax.patches)
        assert area == pytest.approx(1.0)
        (line,) = ax.get_lines()
        assert line.get_xdata()[0] == 16_000.0
        assert ax.get_xlabel() == "people told in total"

    def test_errors(self) -> None:
        """Mixed kinds and a zero max_count are refused."""
        reach = wom.simulate_reach(10, wom.UNHAPPY_TELLING, replications=5, rng=0)
        with pytest.raises(InvalidInputError, match="distributions must all be"):
            plotting.plot_reach_distribution({"a": reach, "b": wom.UNHAPPY_TELLING})
        with pytest.raises(OutOfRangeError, match="max_count must be >= 1; got 0"):
            plotting.plot_reach_distribution(wom.UNHAPPY_TELLING, max_count=0)
        with pytest.raises(InvalidInputError, match="distributions must not be an empty mapping"):
            plotting.plot_reach_distribution({})


class TestPlotCascade:
    def test_expected_generations(self) -> None:
        """The line is m R^n, or its running sum when cumulative."""
        reach = wom.cascade_reach(100, 0.5, generations=4)
        ax = plotting.plot_cascade(reach)
        np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [100, 50, 25, 12.5, 6.25])
        ax = plotting.plot_cascade(reach, cumulative=True)
        np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [100, 150, 175, 187.5, 193.75])
        assert ax.get_ylabel() == "people reached so far"
        assert ax.get_xlabel() == "generation (0 = the seeds)"

    def test_simulated_band_and_mean(self) -> None:
        """A simulated cascade draws its mean per generation and a quantile band."""
        sim = wom.simulate_cascade(10, 0.8, generations=5, replications=200, rng=7)
        expected = wom.cascade_reach(10, 0.8, generations=5)
        _fig, given_ax = plt.subplots()
        ax = plotting.plot_cascade(
            {"expected": expected, "simulated": sim}, interval=0.8, ax=given_ax
        )
        assert ax is given_ax
        assert len(ax.get_lines()) == 2
        assert len(ax.collections) == 1
        np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), sim.counts.mean(axis=0))
        band = ax.collections[0].get_paths()[0].vertices
        low = np.quantile(sim.counts, 0.1, axis=0)
        high = np.quantile(sim.counts, 0.9, axis=0)
        np.testing.assert_allclose(band[1:7, 1], low)
        assert set(np.round(band[:, 1], 9)) <= set(np.round(np.r_[low, high], 9))
        # A label equal to what the series shows is not repeated.
        assert ax.get_legend_handles_labels()[1] == [
            "expected",
            "simulated, 80% of simulations",
            "simulated, simulated mean",
        ]

    def test_errors(self) -> None:
        """Several cascades in one CascadeReach, other objects and bad intervals are refused."""
        with pytest.raises(ShapeMismatchError, match=r"cascade.per_generation must be one-dim"):
            plotting.plot_cascade(wom.cascade_reach([10, 20], 0.5, generations=2))
        with pytest.raises(InvalidInputError, match="cascade must be a CascadeReach"):
            plotting.plot_cascade([1, 2, 3])  # type: ignore[arg-type]
        with pytest.raises(OutOfRangeError, match=r"interval must be in \(0, 1\); got 1.5"):
            plotting.plot_cascade(wom.cascade_reach(1, 0.5), interval=1.5)


def _bass_cumulative(t: np.ndarray, p: float, q: float) -> np.ndarray:
    e = np.exp(-(p + q) * t)
    return (1 - e) / (1 + q / p * e)


class TestPlotBass:
    T = np.arange(1, 11)
    OBSERVED = np.array([36, 52, 73, 97, 122, 142, 151, 146, 128, 104])

    def test_per_period(self) -> None:
        """Bars are the observed counts; the line is m [F(t) - F(t - 1)]; the peak ln(q/p)/(p+q)."""
        fit = wom.fit_bass(self.T, self.OBSERVED)
        _fig, given_ax = plt.subplots()
        ax = plotting.plot_bass(fit, self.T, self.OBSERVED, horizon=15, ax=given_ax)
        assert ax is given_ax
        np.testing.assert_array_equal([b.get_height() for b in ax.patches], self.OBSERVED)
        fitted, peak = ax.get_lines()
        grid = np.arange(1, 16)
        np.testing.assert_array_equal(fitted.get_xdata(), grid)
        expected = fit.m * (
            _bass_cumulative(grid, fit.p, fit.q) - _bass_cumulative(grid - 1, fit.p, fit.q)
        )
        np.testing.assert_allclose(fitted.get_ydata(), expected, rtol=1e-10)
        assert peak.get_xdata()[0] == pytest.approx(np.log(fit.q / fit.p) / (fit.p + fit.q))
        assert ax.get_xlabel() == "time since launch (periods)"
        assert ax.get_legend() is not None

    def test_cumulative(self) -> None:
        """Cumulative observed counts against m F(t), with the market potential line."""
        fit = wom.fit_bass(self.T, self.OBSERVED)
        ax = plotting.plot_bass(fit, self.T, self.OBSERVED, cumulative=True)
        observed, fitted, market = ax.get_lines()
        np.testing.assert_array_equal(observed.get_ydata(), np.cumsum(self.OBSERVED))
        x = np.asarray(fitted.get_xdata())
        np.testing.assert_allclose(
            fitted.get_ydata(), fit.m * _bass_cumulative(x, fit.p, fit.q), rtol=1e-10
        )
        assert market.get_ydata()[0] == pytest.approx(fit.m)
        assert ax.get_ylabel() == "cumulative adopters"

    def test_errors(self) -> None:
        """Mismatched lengths, negative counts and other objects are refused."""
        fit = wom.fit_bass(self.T, self.OBSERVED)
        with pytest.raises(ShapeMismatchError, match="adopters must have the same length as t"):
            plotting.plot_bass(fit, self.T, self.OBSERVED[:-1])
        with pytest.raises(OutOfRangeError, match="adopters must be >= 0"):
            plotting.plot_bass(fit, [1, 2], [3, -1])
        with pytest.raises(InvalidInputError, match="fit must be a BassFit"):
            plotting.plot_bass((0.03, 0.38, 1000), self.T, self.OBSERVED)  # type: ignore[arg-type]


def _wilson(k: float, n: float, z: float = 1.959963984540054) -> tuple[float, float]:
    centre = (k + z * z / 2) / (n + z * z)
    half = z / (n + z * z) * np.sqrt(k * (n - k) / n + z * z / 4)
    return centre - half, centre + half


class TestPlotCompliance:
    def _report(self) -> compliance.ComplianceReport:
        standard = compliance.Standard(
            "Call",
            [
                compliance.Criterion("greeting"),
                compliance.Criterion("identify"),
                compliance.Criterion("resolution", weight=3),
            ],
        )
        answers = [[1, 1, 1], [0, 1, 1], [1, 0, 0], [1, 0, 1], [1, 1, 1]]
        return compliance.score_audits(standard, answers)

    def test_worst_first(self) -> None:
        """Bars run from the lowest compliance (top) up; lengths are the criterion shares."""
        report = self._report()
        _fig, given_ax = plt.subplots()
        ax = plotting.plot_compliance(report, target=0.7, ax=given_ax)
        assert ax is given_ax
        # greeting 4/5, identify 3/5, resolution 4/5: identify first, then the heavier tie
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == ["identify", "resolution", "greeting"]
        widths = [bar.get_width() for bar in ax.patches]
        assert widths == pytest.approx([0.6, 0.8, 0.8])
        assert widths == sorted(widths)
        assert ax.yaxis_inverted()
        # Below the 70% target only identify is coloured differently.
        colours = [bar.get_facecolor() for bar in ax.patches]
        assert colours[0] != colours[1] == colours[2]
        assert ax.get_lines()[0].get_xdata()[0] == 0.7
        assert ax.get_xlabel().startswith("compliance")

    def test_errors(self) -> None:
        """Other objects and out-of-range targets are refused."""
        with pytest.raises(InvalidInputError, match="report must be a ComplianceReport"):
            plotting.plot_compliance([0.5, 0.7])  # type: ignore[arg-type]
        with pytest.raises(OutOfRangeError, match=r"target must be in \(0, 1\]; got 1.5"):
            plotting.plot_compliance(self._report(), target=1.5)


class TestPlotAttainment:
    def test_counts_intervals_are_wilson(self) -> None:
        """Segments span the library's Wilson intervals; 45 / 50 by hand is (0.7864, 0.9565)."""
        met, total = [45, 180, 95], [50, 200, 100]
        _fig, given_ax = plt.subplots()
        ax = plotting.plot_attainment(met, total, target=0.95, ax=given_ax)
        assert ax is given_ax
        result = compliance.attainment(met, total, target=0.95)
        segments = ax.collections[0].get_segments()
        np.testing.assert_allclose([s[0, 1] for s in segments], result.low)
        np.testing.assert_allclose([s[1, 1] for s in segments], result.high)
        np.testing.assert_allclose(segments[0][:, 1], _wilson(45, 50), rtol=1e-12)
        assert segments[0][:, 1] == pytest.approx([0.7864, 0.9565], abs=5e-5)
        line = ax.get_lines()[0]
        np.testing.assert_allclose(line.get_ydata(), [0.9, 0.9, 0.95])
        np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3])
        # 180 / 200 against 95%: P(X <= 180 | n = 200, p = 0.95) is far below 5%.
        below = ax.get_lines()[2]
        assert below.get_label() == "significantly below target"
        np.testing.assert_array_equal(below.get_xdata(), [2])
        assert ax.get_legend() is not None

    def test_results_are_drawn_as_given(self) -> None:
        """Attainment results (vector or one per period) keep their own intervals."""
        exact = compliance.attainment([45, 90], [50, 100], method="clopper-pearson")
        ax = plotting.plot_attainment(exact, periods=["Q1", "Q2"])
        segments = ax.collections[0].get_segments()
        np.testing.assert_allclose([s[0, 1] for s in segments], exact.low)
        assert ax.get_legend_handles_labels()[1][0] == "95% interval (clopper-pearson)"
        singles = [compliance.attainment(45, 50), compliance.attainment(90, 100)]
        ax = plotting.plot_attainment(singles)
        np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [0.9, 0.9])

    def test_errors(self) -> None:
        """Missing totals, options with results and wrong period labels are refused."""
        with pytest.raises(InvalidInputError, match="total must be given"):
            plotting.plot_attainment([4, 5])
        with pytest.raises(InvalidInputError, match="method must be None when met holds"):
            plotting.plot_attainment(compliance.attainment([4, 5], 10), method="wilson")
        with pytest.raises(
            ShapeMismatchError, match=r"periods must have one entry per period \(2\)"
        ):
            plotting.plot_attainment([4, 5], [10, 10], periods=["a"])
        with pytest.raises(OutOfRangeError, match="met must be <= total"):
            plotting.plot_attainment([11, 5], [10, 10])
        with pytest.raises(ShapeMismatchError, match="met must be an Attainment over periods"):
            plotting.plot_attainment(compliance.attainment(4, 10))
        with pytest.raises(ShapeMismatchError, match="met must be a sequence of single-period"):
            plotting.plot_attainment([compliance.attainment([4, 5], 10)])
        with pytest.raises(ShapeMismatchError, match="met, total must be one-dimensional"):
            plotting.plot_attainment([[4, 5]], [[10, 10]])

    def test_results_with_a_target_mark_shortfalls(self) -> None:
        """Results computed with a target carry their own below-target flags."""
        result = compliance.attainment([45, 180], [50, 200], target=0.95)
        ax = plotting.plot_attainment(result, target=0.95)
        np.testing.assert_array_equal(ax.get_lines()[-1].get_xdata(), [2])


class TestPlotNps:
    def test_counts_with_wald_intervals(self) -> None:
        """Scores are 100 (P - D) / n; 50/30/20 gives 30 +- 1.96 * 7.8102 by hand."""
        _fig, given_ax = plt.subplots()
        ax = plotting.plot_nps([50, 45], [30, 30], [20, 25], method="wald", ax=given_ax)
        assert ax is given_ax
        np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [30.0, 20.0])
        first = ax.collections[0].get_segments()[0][:, 1]
        se = 100 * np.sqrt((0.5 + 0.2 - 0.3**2) / 100)
        np.testing.assert_allclose(
            first, [30 - 1.959963984540054 * se, 30 + 1.959963984540054 * se]
        )
        assert first == pytest.approx([14.69, 45.31], abs=0.005)
        assert ax.get_ylabel() == "Net Promoter Score"

    def test_results_and_methods(self) -> None:
        """NPSResult objects give their own confidence_interval for the chosen method."""
        results = [surveys.nps_from_counts(50, 30, 20), surveys.nps_from_counts(5, 3, 2)]
        ax = plotting.plot_nps(results, method="score", target=25)
        segments = ax.collections[0].get_segments()
        for segment, result in zip(segments, results, strict=True):
            np.testing.assert_allclose(segment[:, 1], result.confidence_interval(method="score"))
        assert ax.get_lines()[-1].get_ydata()[0] == 25
        assert ax.get_legend_handles_labels()[1] == ["95% interval (score)", "NPS", "target 25"]
        single = plotting.plot_nps(results[0])
        np.testing.assert_array_equal(single.get_lines()[0].get_ydata(), [30.0])
        boot = plotting.plot_nps(results, method="bootstrap", rng=4)
        low, high = boot.collections[0].get_segments()[0][:, 1]
        assert 10 < low < 20 < 40 < high < 50

    def test_errors(self) -> None:
        """Counts without the other groups, bootstrap on counts and bad levels are refused."""
        with pytest.raises(InvalidInputError, match="passives must be given"):
            plotting.plot_nps([50, 45])
        with pytest.raises(InvalidInputError, match="method must be one of"):
            plotting.plot_nps([50], [30], [20], method="bootstrap")
        with pytest.raises(InvalidInputError, match="passives must be None"):
            plotting.plot_nps([surveys.nps_from_counts(1, 1, 1)], [3])
        with pytest.raises(OutOfRangeError, match="level"):
            plotting.plot_nps([50], [30], [20], level=1.5)
        with pytest.raises(OutOfRangeError, match="target must be in"):
            plotting.plot_nps([50], [30], [20], target=120)


BG = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
PNBD = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)


def _bg_expected(t: np.ndarray, r: float, alpha: float, a: float, b: float) -> np.ndarray:
    """FHL (2005) eq. 9, written out with scipy's hypergeometric function."""
    z = t / (alpha + t)
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, z))


def _bg_p_alive(x: np.ndarray, t_x: np.ndarray, age: float) -> np.ndarray:
    """FHL (2005) eq. 13 for the BG parameters above."""
    r, alpha, a, b = 0.243, 4.414, 0.793, 2.426
    with np.errstate(divide="ignore", invalid="ignore"):
        odds = a / (b + x - 1) * ((alpha + age) / (alpha + t_x)) ** (r + x)
    return np.where(x == 0, 1.0, 1.0 / (1.0 + odds))


def _cdnow_weekly() -> tuple[np.ndarray, np.ndarray]:
    """First-purchase week of each CDNOW customer and repeat-purchase days per week."""
    log = datasets.load_cdnow_transactions()
    day = (log.date - np.datetime64("1997-01-01")).astype(np.int64)
    key = np.unique(log.customer_id.astype(np.int64) * 1000 + day)
    customer, day = key // 1000, key % 1000
    first = np.full(customer.max() + 1, np.iinfo(np.int64).max)
    np.minimum.at(first, customer, day)
    repeat = day > first[customer]
    weekly = np.bincount(day[repeat] // 7, minlength=78)[:78]
    return first[np.unique(customer)] / 7.0, weekly


class TestPlotCalibrationHoldout:
    def test_expected_is_the_sum_over_customers(self) -> None:
        """Expected cumulative purchases at tau are sum_i E[X(tau - s_i)] over those born."""
        births = np.array([0.0, 0.5, 0.5, 2.0])
        actual = [0, 1, 0, 2, 1]
        _fig, given_ax = plt.subplots()
        ax = plotting.plot_calibration_holdout(BG, births, actual, calibration_end=3, ax=given_ax)
        assert ax is given_ax
        observed, expected, end = ax.get_lines()
        np.testing.assert_array_equal(observed.get_ydata(), [0, 1, 1, 3, 4])
        tau = np.arange(1.0, 6.0)
        ages = np.clip(tau[:, None] - births[None, :], 0, None)
        by_hand = _bg_expected(ages, 0.243, 4.414, 0.793, 2.426).sum(axis=1)
        np.testing.assert_allclose(expected.get_ydata(), by_hand, rtol=1e-10)
        assert end.get_xdata()[0] == 3
        assert ax.get_ylabel() == "cumulative repeat purchases"
        incremental = plotting.plot_calibration_holdout(BG, births, actual, cumulative=False)
        np.testing.assert_allclose(
            incremental.get_lines()[1].get_ydata(), np.diff(by_hand, prepend=0.0), rtol=1e-10
        )
        assert incremental.get_ylabel() == "repeat purchases per period"

    def test_cdnow_tracking(self) -> None:
        """On CDNOW the weekly series adds up to the published calibration and holdout totals."""
        births, weekly = _cdnow_weekly()
        ax = plotting.plot_calibration_holdout(
            {"BG/NBD": BG, "Pareto/NBD": PNBD}, births, weekly, calibration_end=39
        )
        actual = np.asarray(ax.get_lines()[0].get_ydata())
        assert actual[38] == datasets.load_cdnow_summary().frequency.sum() == 2457
        assert actual[77] - actual[38] == 1882
        assert len(ax.get_lines()) == 4
        assert ax.get_legend_handles_labels()[1][1:3] == [
            "expected (BG/NBD)",
            "expected (Pareto/NBD)",
        ]

    def test_errors(self) -> None:
        """Objects without expected_purchases and negative times are refused."""
        with pytest.raises(InvalidInputError, match="model must be a fitted model with a"):
            plotting.plot_calibration_holdout(object(), [0.0], [1])  # type: ignore[arg-type]
        with pytest.raises(OutOfRangeError, match="first_purchase must be >= 0"):
            plotting.plot_calibration_holdout(BG, [-1.0], [1])
        with pytest.raises(OutOfRangeError, match="period_length must be > 0"):
            plotting.plot_calibration_holdout(BG, [0.0], [1], period_length=0)


class TestPlotHoldoutByFrequency:
    def test_cdnow_groups(self) -> None:
        """CDNOW group means match the customer-worth guide (actual and BG/NBD)."""
        cdnow = datasets.load_cdnow_summary()
        _fig, given_ax = plt.subplots()
        ax = plotting.plot_holdout_by_frequency(
            {"BG/NBD": BG, "Pareto/NBD": PNBD},
            cdnow.frequency,
            cdnow.recency,
            cdnow.T,
            cdnow.holdout_frequency,
            duration=39,
            ax=given_ax,
        )
        assert ax is given_ax
        actual, bgnbd, _ = ax.get_lines()
        np.testing.assert_allclose(
            actual.get_ydata(), [0.24, 0.70, 1.39, 1.56, 2.53, 2.95, 3.86, 6.36], atol=0.005
        )
        np.testing.assert_allclose(
            bgnbd.get_ydata(), [0.23, 0.52, 1.04, 1.52, 2.16, 2.65, 3.50, 6.16], atol=0.006
        )
        labels = [t.get_text() for t in ax.get_xticklabels()]
        assert labels == ["0", "1", "2", "3", "4", "5", "6", "7+"]
        assert ax.get_xlabel() == "repeat purchases in the calibration period"

    def test_empty_groups_are_left_out(self) -> None:
        """A frequency nobody has gets no point."""
        ax = plotting.plot_holdout_by_frequency(
            BG, [0, 2], [0.0, 10.0], [20.0, 20.0], [1, 3], duration=10, max_frequency=3
        )
        np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [0, 2])

    def test_errors(self) -> None:
        """Fractional frequencies, mismatched lengths and zero durations are refused."""
        with pytest.raises(InvalidInputError, match="frequency must be a whole number"):
            plotting.plot_holdout_by_frequency(BG, [0.5], [0.0], [1.0], [0], duration=1)
        with pytest.raises(ShapeMismatchError, match="holdout_frequency must have one value"):
            plotting.plot_holdout_by_frequency(BG, [0, 1], [0.0, 1.0], [2.0, 2.0], [0], duration=1)
        with pytest.raises(OutOfRangeError, match="duration must be > 0"):
            plotting.plot_holdout_by_frequency(BG, [0], [0.0], [1.0], [0], duration=0)


class TestPlotPAlive:
    def test_bg_nbd_grid(self) -> None:
        """The image holds FHL eq. 13 on the grid; x = 0 with t_x > 0 is masked."""
        _fig, given_ax = plt.subplots()
        ax = plotting.plot_p_alive(BG, 38.86, max_frequency=5, resolution=11, ax=given_ax)
        assert ax is given_ax
        image = ax.images[0].get_array()
        assert image.shape == (6, 11)
        x, t_x = np.meshgrid(np.arange(6.0), np.linspace(0, 38.86, 11), indexing="ij")
        expected = _bg_p_alive(x, t_x, 38.86)
        mask = np.ma.getmaskarray(image)
        np.testing.assert_array_equal(mask, (x == 0) & (t_x > 0))
        np.testing.assert_allclose(image.data[~mask], expected[~mask], rtol=1e-10)
        # Customer 1 of CDNOW (x = 2, t_x = 30.43) is alive with probability 0.7266 (guide).
        assert BG.p_alive(2, 30.43, 38.86) == pytest.approx(
            float(_bg_p_alive(np.array(2.0), np.array(30.43), 38.86)), rel=1e-12
        )
        assert len(ax.figure.axes) == 2  # the heat map and its colour bar
        assert ax.get_ylabel() == "frequency (repeat purchases)"

    def test_bg_bb_triangle(self) -> None:
        """BG/BB: whole recencies 0..n, impossible x > t_x masked, published donors' values."""
        model = BetaGeoBetaBinom(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
        ax = plotting.plot_p_alive(model, 6, colorbar=False)
        image = ax.images[0].get_array()
        assert image.shape == (7, 7)
        mask = np.ma.getmaskarray(image)
        x, t_x = np.meshgrid(np.arange(7), np.arange(7), indexing="ij")
        np.testing.assert_array_equal(mask, ~(((x == 0) & (t_x == 0)) | ((x >= 1) & (x <= t_x))))
        assert image[6, 6] == pytest.approx(0.93040254, abs=1e-8)
        assert image[1, 1] == pytest.approx(0.06940809, abs=1e-8)
        assert len(ax.figure.axes) == 1

    def test_errors(self) -> None:
        """Other models, non-positive ages and too many BG/BB purchases are refused."""
        with pytest.raises(InvalidInputError, match="model must be a BetaGeo, ParetoNBD"):
            plotting.plot_p_alive(ShiftedBetaGeometric(alpha=1, beta=1), 10)  # type: ignore[arg-type]
        with pytest.raises(OutOfRangeError, match="T must be > 0"):
            plotting.plot_p_alive(BG, 0)
        model = BetaGeoBetaBinom(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
        with pytest.raises(OutOfRangeError, match=r"max_frequency must be <= T \(6\)"):
            plotting.plot_p_alive(model, 6, max_frequency=7)
        with pytest.raises(InvalidInputError, match="T must be a whole number"):
            plotting.plot_p_alive(model, 6.5)

    @FIGURE_EXAMPLES
    @given(
        r=st.floats(0.05, 5),
        alpha=st.floats(0.5, 50),
        a=st.floats(0.1, 5),
        b=st.floats(0.1, 5),
        age=st.floats(1, 100),
    )
    def test_values_are_probabilities(
        self, r: float, alpha: float, a: float, b: float, age: float
    ) -> None:
        """For any BG/NBD parameters the heat map lies in [0, 1]."""
        model = BetaGeo(r=r, alpha=alpha, a=a, b=b)
        ax = plotting.plot_p_alive(
            model, age, max_frequency=8, resolution=10, colorbar=False, ax=_new_axes()
        )
        values = np.ma.compressed(ax.images[0].get_array())
        assert values.size == 1 + 8 * 10
        assert np.all((values >= 0) & (values <= 1))
