"""Tests of the matplotlib figures: what each draws, with the library's own numbers."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import servicemetrics
from servicemetrics import concentration, plotting
from servicemetrics._validation import InvalidInputError, OutOfRangeError, ShapeMismatchError
from servicemetrics.models import ShiftedBetaGeometric

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]


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
