"""Tests of servicemetrics.reference."""

from __future__ import annotations

import ast
import doctest
import json
import math
import re
from pathlib import Path

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from servicemetrics import (
    InvalidInputError,
    NonFiniteError,
    OutOfRangeError,
    ShapeMismatchError,
    reference,
)
from servicemetrics.reference import (
    ACQUISITION_RETENTION_COST_RATIO,
    COMPLAINT_RATE,
    FIGURES,
    LOW_EFFORT_REPURCHASE,
    POSITIVE_TO_NEGATIVE_WOM_RATIO,
    REPURCHASE_BY_COMPLAINT_OUTCOME,
    RESOLVED_COMPLAINANT_TELLS,
    RETENTION_VALUE_ELASTICITY,
    SERVICE_RECOVERY_UPLIFT,
    TOP_20_PERCENT_SHARE,
    UNHAPPY_CUSTOMER_TELLS,
    Grade,
    LognormalFigure,
    NegativeBinomialFigure,
    ReferenceFigure,
    RepurchaseRates,
    figure,
)
from tests.strategies import ordered_triples, probabilities

DASH = "\N{EN DASH}"
DOCS_PAGE = Path(__file__).resolve().parents[1] / "docs" / "reference-figures.rst"

# Registry order, typed out by hand from the module's table of figures.
EXPECTED_NAMES = (
    "unhappy_customer_tells",
    "resolved_complainant_tells",
    "complaint_rate",
    "acquisition_retention_cost_ratio",
    "defection_profit_impact",
    "retention_value_elasticity",
    "margin_value_elasticity",
    "acquisition_cost_value_elasticity",
    "top_20_percent_share",
    "low_effort_repurchase",
    "loyal_customer_value_multiple",
    "rewarded_referral_multiple",
    "service_recovery_uplift",
    "positive_to_negative_wom_ratio",
)


def _module_figures() -> dict[str, ReferenceFigure]:
    """Every module-level ReferenceFigure constant, by constant name."""
    return {
        name: value
        for name, value in vars(reference).items()
        if isinstance(value, ReferenceFigure) and not name.startswith("_")
    }


def _attribute_docstrings() -> dict[str, str]:
    """String literals that directly follow a module-level assignment, by assigned name."""
    tree = ast.parse(Path(reference.__file__).read_text(encoding="utf-8"))
    docs = {}
    for statement, following in zip(tree.body, tree.body[1:], strict=False):
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            target = statement.target.id
        elif isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
            target = statement.targets[0].id
        else:
            continue
        if (
            isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[target] = following.value.value
    return docs


DOCUMENTED_CONSTANTS = (*_module_figures(), "REPURCHASE_BY_COMPLAINT_OUTCOME", "FIGURES")


def _custom_figure(low: float, typical: float, high: float) -> ReferenceFigure[None]:
    return ReferenceFigure(
        name="custom",
        claim="A claim.",
        low=low,
        typical=typical,
        high=high,
        unit="ratio",
        grade=Grade.ILLUSTRATIVE,
        source="A source.",
        short_source="src",
        evidence="Some evidence.",
        distribution=None,
    )


class TestModule:
    def test_all_lists_every_public_name(self) -> None:
        """Every public class, function and constant of the module is in __all__."""
        public = {
            name
            for name, value in vars(reference).items()
            if not name.startswith("_")
            and (
                getattr(value, "__module__", None) == reference.__name__
                or isinstance(value, (ReferenceFigure, RepurchaseRates))
            )
        }
        public.add("FIGURES")
        assert public == set(reference.__all__)

    def test_module_docstring_states_the_principle(self) -> None:
        """The module says that figures are never silent defaults."""
        assert "silent" in (reference.__doc__ or "")


class TestGrade:
    def test_members_and_values(self) -> None:
        """The three grades carry their names as string values."""
        assert [(g.name, g.value) for g in Grade] == [
            ("FIRM", "firm"),
            ("ILLUSTRATIVE", "illustrative"),
            ("FOLKLORE", "folklore"),
        ]

    def test_lookup_by_value(self) -> None:
        """A grade is recovered from its string value."""
        assert Grade("folklore") is Grade.FOLKLORE


class TestNegativeBinomialFigure:
    def test_pmf_by_hand(self) -> None:
        """With mean 2 and dispersion 1 (geometric, p = 1/3): P(0) = 1/3, P(1) = 2/9."""
        fig = NegativeBinomialFigure(mean=2.0, dispersion=1.0)
        np.testing.assert_allclose(fig.pmf([0, 1]), [1 / 3, 2 / 9], rtol=1e-12)

    def test_sf_matches_sum_of_probabilities(self) -> None:
        """P(X > 20) equals one minus the gamma-function pmf summed over 0..20."""
        k, mean = 1.1, 10.0
        p = k / (k + mean)
        head = sum(
            math.exp(
                math.lgamma(x + k)
                - math.lgamma(k)
                - math.lgamma(x + 1)
                + k * math.log(p)
                + x * math.log1p(-p)
            )
            for x in range(21)
        )
        fig = NegativeBinomialFigure(mean=mean, dispersion=k)
        assert fig.sf(20) == pytest.approx(1.0 - head, rel=1e-10)

    def test_variance_matches_scipy(self) -> None:
        """The variance agrees with scipy's negative binomial in (n, p) form."""
        fig = NegativeBinomialFigure(mean=10.0, dispersion=1.1)
        assert fig.variance == pytest.approx(stats.nbinom(1.1, 1.1 / 11.1).var(), rel=1e-12)

    def test_scalar_in_float_out_and_series_keeps_index(self) -> None:
        """A scalar gives a float; a Series gives a Series with its index."""
        fig = NegativeBinomialFigure(mean=10.0, dispersion=1.1)
        assert isinstance(fig.sf(20), float)
        out = fig.pmf(pd.Series([0, 1], index=["a", "b"]))
        assert isinstance(out, pd.Series)
        assert list(out.index) == ["a", "b"]

    def test_rejects_fractional_count(self) -> None:
        """Counts must be whole numbers."""
        fig = NegativeBinomialFigure(mean=10.0, dispersion=1.1)
        with pytest.raises(
            InvalidInputError, match=re.escape("n must be a whole number; got 2.5")
        ):
            fig.sf(2.5)

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"mean": 0.0, "dispersion": 1.0}, "mean must be > 0; got 0.0"),
            ({"mean": 1.0, "dispersion": -1.0}, "dispersion must be > 0; got -1.0"),
            ({"mean": "ten", "dispersion": 1.0}, "mean must be a real number; got 'ten'"),
        ],
    )
    def test_rejects_bad_parameters(self, kwargs: dict[str, object], message: str) -> None:
        """Mean and dispersion must be positive real numbers."""
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            NegativeBinomialFigure(**kwargs)  # type: ignore[arg-type]

    def test_whole_numbers_become_floats(self) -> None:
        """Integer parameters are stored as floats."""
        fig = NegativeBinomialFigure(mean=10, dispersion=1)
        assert isinstance(fig.mean, float)
        assert isinstance(fig.dispersion, float)


class TestLognormalFigure:
    def test_sigma_by_hand(self) -> None:
        """sigma = ln(25 / 1) / (2 z_0.95) with z_0.95 = 1.6448536269514722."""
        fig = LognormalFigure(median=5.0, low=1.0, high=25.0, coverage=0.9)
        assert fig.sigma == pytest.approx(math.log(25.0) / (2 * 1.6448536269514722), rel=1e-12)

    @given(probabilities)
    def test_ppf_matches_scipy(self, q: float) -> None:
        """Quantiles agree with scipy.stats.lognorm(s=sigma, scale=median)."""
        fig = LognormalFigure(median=5.0, low=1.0, high=25.0, coverage=0.9)
        expected = stats.lognorm(s=fig.sigma, scale=5.0).ppf(q)
        assert fig.ppf(q) == pytest.approx(expected, rel=1e-9)

    @given(st.floats(0.0, 1e4, allow_nan=False))
    def test_cdf_matches_scipy(self, x: float) -> None:
        """The distribution function agrees with scipy.stats.lognorm, including at 0."""
        fig = LognormalFigure(median=5.0, low=1.0, high=25.0, coverage=0.9)
        expected = stats.lognorm(s=fig.sigma, scale=5.0).cdf(x)
        assert fig.cdf(x) == pytest.approx(expected, rel=1e-9, abs=1e-15)

    def test_rejects_asymmetric_interval(self) -> None:
        """The median must be the geometric mean of the bounds (sqrt(1 * 25) = 5)."""
        message = (
            "median must be the geometric mean of low and high (5) for a lognormal interval; "
            "got 4.0"
        )
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            LognormalFigure(median=4.0, low=1.0, high=25.0, coverage=0.9)

    @pytest.mark.parametrize(
        ("kwargs", "error", "message"),
        [
            ({"coverage": 1.0}, OutOfRangeError, "coverage must be in (0, 1); got 1.0"),
            ({"low": 6.0}, OutOfRangeError, "median must be > 6; got 5.0"),
            ({"high": 4.0}, OutOfRangeError, "high must be > 5; got 4.0"),
            ({"low": 0.0}, OutOfRangeError, "low must be > 0; got 0.0"),
            ({"coverage": math.nan}, NonFiniteError, "coverage must be finite; got nan"),
        ],
    )
    def test_rejects_bad_parameters(
        self, kwargs: dict[str, float], error: type[InvalidInputError], message: str
    ) -> None:
        """Each parameter is checked against its range, naming the rule and the value."""
        base = {"median": 5.0, "low": 1.0, "high": 25.0, "coverage": 0.9}
        with pytest.raises(error, match=re.escape(message)):
            LognormalFigure(**(base | kwargs))

    def test_rejects_probability_outside_unit_interval(self) -> None:
        """ppf needs probabilities in [0, 1]."""
        fig = ACQUISITION_RETENTION_COST_RATIO.distribution
        with pytest.raises(
            OutOfRangeError, match=re.escape("q must be in [0, 1]; got 1.5 at index 1")
        ):
            fig.ppf([0.5, 1.5])


class TestReferenceFigure:
    @given(ordered_triples(), st.data())
    def test_contains_inside_and_outside(
        self, triple: tuple[float, float, float], data: st.DataObject
    ) -> None:
        """contains() is True on [low, high] and False outside."""
        low, typical, high = triple
        fig = _custom_figure(low, typical, high)
        inside = data.draw(st.floats(low, high))
        below = data.draw(st.floats(-1e7, low, exclude_max=True))
        above = data.draw(st.floats(high, 1e7, exclude_min=True))
        assert fig.contains(inside) is True
        assert fig.contains(below) is False
        assert fig.contains(above) is False
        assert fig.contains([below, inside, above]).tolist() == [False, True, False]

    @given(ordered_triples(), st.floats(-1e7, 1e7))
    def test_compare_agrees_with_contains(
        self, triple: tuple[float, float, float], value: float
    ) -> None:
        """The sentence says 'within' or 'at' exactly when the value is in the range."""
        fig = _custom_figure(*triple)
        sentence = fig.compare(value)
        assert (" within " in sentence or " at " in sentence) == fig.contains(value)

    def test_contains_keeps_shape(self) -> None:
        """A 2-D input gives a boolean array of the same shape."""
        out = COMPLAINT_RATE.contains(np.array([[0.01, 0.1], [0.5, 0.6]]))
        assert out.dtype == np.bool_
        assert out.tolist() == [[False, True], [True, False]]

    def test_compare_range_sentence(self) -> None:
        """A value below a range is placed and the grade and short source are named."""
        expected = (
            f"Your value is 3.1, below the reference range 9{DASH}15 (typical 10; "
            f"illustrative: TARP 1979{DASH}1986, retold by Albrecht & Zemke 1985)"
        )
        assert UNHAPPY_CUSTOMER_TELLS.compare(3.1) == expected

    def test_compare_single_value_sentence(self) -> None:
        """A figure with one value is compared with that value."""
        assert POSITIVE_TO_NEGATIVE_WOM_RATIO.compare(3) == (
            "Your value is 3, at the reference value 3 (firm: East, Hammond & Wright, IJRM 2007)"
        )

    def test_compare_array(self) -> None:
        """An array gives an array of sentences of the same shape."""
        out = TOP_20_PERCENT_SHARE.compare([[0.5], [0.7], [0.8]])
        assert isinstance(out, np.ndarray)
        assert out.shape == (3, 1)
        words = [sentence.split(",")[1].split()[0] for sentence in out.ravel()]
        assert words == ["below", "within", "above"]

    def test_rejects_nan(self) -> None:
        """Missing values are not compared silently."""
        with pytest.raises(
            NonFiniteError, match=re.escape("value must be finite; got nan at index 1")
        ):
            COMPLAINT_RATE.contains([0.1, math.nan])

    def test_is_frozen(self) -> None:
        """Assigning to a figure raises."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            COMPLAINT_RATE.typical = 0.2  # type: ignore[misc]

    def test_evolve_validates(self) -> None:
        """A derived figure is checked like a new one."""
        message = "typical must be in [9, 15]; got 20.0"
        with pytest.raises(OutOfRangeError, match=re.escape(message)):
            attrs.evolve(UNHAPPY_CUSTOMER_TELLS, typical=20.0)

    @pytest.mark.parametrize(
        ("changes", "error", "message"),
        [
            ({"high": 5.0}, OutOfRangeError, "high must be >= 9; got 5.0"),
            ({"low": math.inf}, NonFiniteError, "low must be finite; got inf"),
            ({"low": True}, InvalidInputError, "low must be a real number; got True"),
            ({"claim": "  "}, InvalidInputError, "claim must be a non-empty string; got '  '"),
            (
                {"grade": "solid"},
                InvalidInputError,
                "grade must be one of 'firm', 'illustrative', 'folklore'; got 'solid'",
            ),
            (
                {"distribution": 3},
                InvalidInputError,
                "distribution must be a NegativeBinomialFigure, a LognormalFigure or None; got 3",
            ),
        ],
    )
    def test_rejects_bad_fields(
        self, changes: dict[str, object], error: type[InvalidInputError], message: str
    ) -> None:
        """Every field is validated with an error naming it."""
        with pytest.raises(error, match=re.escape(message)):
            attrs.evolve(UNHAPPY_CUSTOMER_TELLS, **changes)

    def test_grade_from_string(self) -> None:
        """A grade may be given by its value."""
        assert attrs.evolve(COMPLAINT_RATE, grade="firm").grade is Grade.FIRM

    def test_to_dict_is_plain(self) -> None:
        """to_dict gives JSON-ready values, with the grade as text and the distribution nested."""
        data = UNHAPPY_CUSTOMER_TELLS.to_dict()
        assert data["grade"] == "illustrative"
        assert data["distribution"] == {"mean": 10.0, "dispersion": 1.1}
        assert (data["low"], data["typical"], data["high"]) == (9.0, 10.0, 15.0)
        assert json.loads(json.dumps(data)) == data

    def test_repr_and_html(self) -> None:
        """The repr names the class and the name; the HTML escapes the source."""
        assert repr(COMPLAINT_RATE).startswith("ReferenceFigure(name='complaint_rate', ")
        page = UNHAPPY_CUSTOMER_TELLS._repr_html_()
        assert "<b>Reference figure</b>" in page
        assert "Albrecht &amp; Zemke" in page


class TestRepurchaseRates:
    def test_rates_as_published(self) -> None:
        """The table holds the TARP buy-again rates, large loss then small loss."""
        table = REPURCHASE_BY_COMPLAINT_OUTCOME
        published = {
            "no_complaint": (0.09, 0.37),
            "unresolved": (0.19, 0.46),
            "resolved": (0.54, 0.70),
            "resolved_quickly": (0.82, 0.95),
        }
        for outcome, (large, small) in published.items():
            assert table.rate(outcome, "large") == large
            assert table.rate(outcome, "small") == small

    def test_rate_broadcasts(self) -> None:
        """Outcome and loss labels broadcast like NumPy arrays."""
        out = REPURCHASE_BY_COMPLAINT_OUTCOME.rate(
            [["resolved"], ["unresolved"]], ["large", "small"]
        )
        np.testing.assert_array_equal(out, [[0.54, 0.70], [0.19, 0.46]])

    def test_series_keeps_index(self) -> None:
        """A Series of outcomes gives a Series with the same index."""
        outcomes = pd.Series(["resolved", "no_complaint"], index=[7, 9])
        out = REPURCHASE_BY_COMPLAINT_OUTCOME.rate(outcomes, "small")
        assert isinstance(out, pd.Series)
        assert list(out.index) == [7, 9]
        assert out.tolist() == [0.70, 0.37]

    @pytest.mark.parametrize(
        ("outcome", "loss", "error", "message"),
        [
            (
                ["resolved", "ignored"],
                "large",
                InvalidInputError,
                "outcome must be one of 'no_complaint', 'unresolved', 'resolved', "
                "'resolved_quickly'; got 'ignored' at index 1",
            ),
            (
                "resolved",
                "medium",
                InvalidInputError,
                "loss must be one of 'large', 'small'; got 'medium'",
            ),
            ("resolved", 3, InvalidInputError, "loss must be one of 'large', 'small'; got 3"),
            (
                ["resolved"] * 3,
                ["large"] * 2,
                ShapeMismatchError,
                "outcome, loss must have broadcast-compatible shapes; got (3,), (2,)",
            ),
        ],
    )
    def test_rejects_bad_labels(
        self, outcome: object, loss: object, error: type[InvalidInputError], message: str
    ) -> None:
        """Unknown labels and clashing shapes are reported with the first offender."""
        with pytest.raises(error, match=re.escape(message)):
            REPURCHASE_BY_COMPLAINT_OUTCOME.rate(outcome, loss)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("changes", "error", "message"),
        [
            (
                {"large_loss": np.array([0.1, 0.2])},
                ShapeMismatchError,
                "large_loss must hold one rate per outcome (4); got [0.1, 0.2]",
            ),
            (
                {"small_loss": np.array([0.1, 0.2, 0.3, 1.2])},
                OutOfRangeError,
                "small_loss must be in [0, 1]; got 1.2 at index 3",
            ),
            (
                {"outcomes": ("a", "a", "b", "c")},
                InvalidInputError,
                "outcomes must not repeat a label; got ('a', 'a', 'b', 'c')",
            ),
        ],
    )
    def test_rejects_bad_table(
        self, changes: dict[str, object], error: type[InvalidInputError], message: str
    ) -> None:
        """Rates must match the outcomes and lie in [0, 1]; labels must be distinct."""
        with pytest.raises(error, match=re.escape(message)):
            attrs.evolve(REPURCHASE_BY_COMPLAINT_OUTCOME, **changes)

    def test_frozen_and_read_only_arrays(self) -> None:
        """Neither the table nor its arrays can be changed."""
        table = REPURCHASE_BY_COMPLAINT_OUTCOME
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            table.grade = Grade.FIRM  # type: ignore[misc]
        with pytest.raises(ValueError, match="read-only"):
            table.large_loss[0] = 0.5

    def test_to_dict_and_html(self) -> None:
        """to_dict gives lists; the notebook view has its own title."""
        data = REPURCHASE_BY_COMPLAINT_OUTCOME.to_dict()
        assert data["large_loss"] == [0.09, 0.19, 0.54, 0.82]
        assert data["outcomes"] == ["no_complaint", "unresolved", "resolved", "resolved_quickly"]
        assert (
            "Buy-again rates by complaint outcome" in REPURCHASE_BY_COMPLAINT_OUTCOME._repr_html_()
        )


class TestFigures:
    def test_registry_lists_every_constant(self) -> None:
        """Each ReferenceFigure constant is registered under its lower-case name, and only those."""
        constants = _module_figures()
        assert {name.lower() for name in constants} == set(FIGURES)
        for name, fig in constants.items():
            assert FIGURES[name.lower()] is fig
            assert fig.name == name.lower()

    def test_registry_order(self) -> None:
        """The registry follows the order of the reference table."""
        assert tuple(FIGURES) == EXPECTED_NAMES

    def test_registry_is_read_only(self) -> None:
        """Figures cannot be added to or replaced in the registry."""
        with pytest.raises(TypeError):
            FIGURES["complaint_rate"] = TOP_20_PERCENT_SHARE  # type: ignore[index]

    @pytest.mark.parametrize("fig", list(FIGURES.values()), ids=list(FIGURES))
    def test_every_figure_is_complete(
        self, fig: ReferenceFigure[NegativeBinomialFigure | LognormalFigure | None]
    ) -> None:
        """Every figure has a source, a grade, ordered values and all its texts."""
        assert isinstance(fig.grade, Grade)
        assert fig.low <= fig.typical <= fig.high
        for text in (fig.claim, fig.unit, fig.source, fig.short_source, fig.evidence):
            assert text.strip()
        if fig.unit == "share":
            assert 0.0 <= fig.low <= fig.high <= 1.0

    def test_folklore_without_source_says_so(self) -> None:
        """Figures with no primary source say so in their source."""
        for name in ("loyal_customer_value_multiple", "rewarded_referral_multiple"):
            assert FIGURES[name].source.startswith("No primary source found")
            assert FIGURES[name].grade is Grade.FOLKLORE

    def test_grades_as_documented(self) -> None:
        """Each figure carries the grade given in the reference notes."""
        grades = {name: fig.grade.value for name, fig in FIGURES.items()}
        assert grades == {
            "unhappy_customer_tells": "illustrative",
            "resolved_complainant_tells": "illustrative",
            "complaint_rate": "folklore",
            "acquisition_retention_cost_ratio": "folklore",
            "defection_profit_impact": "illustrative",
            "retention_value_elasticity": "firm",
            "margin_value_elasticity": "firm",
            "acquisition_cost_value_elasticity": "firm",
            "top_20_percent_share": "firm",
            "low_effort_repurchase": "illustrative",
            "loyal_customer_value_multiple": "folklore",
            "rewarded_referral_multiple": "folklore",
            "service_recovery_uplift": "firm",
            "positive_to_negative_wom_ratio": "firm",
        }


class TestFigure:
    def test_lookup(self) -> None:
        """A known name gives the registered figure."""
        assert figure("complaint_rate") is COMPLAINT_RATE

    def test_unknown_name_lists_known_names(self) -> None:
        """An unknown name is rejected with every known name in the message."""
        known = ", ".join(repr(name) for name in EXPECTED_NAMES)
        message = f"name must be one of {known}; got 'complaints'"
        with pytest.raises(InvalidInputError, match=f"^{re.escape(message)}$"):
            figure("complaints")


class TestUnhappyCustomerTells:
    def test_distribution_mean_is_typical(self) -> None:
        """The negative binomial has mean 10 (scipy), the typical number told."""
        dist = UNHAPPY_CUSTOMER_TELLS.distribution
        k = dist.dispersion
        assert stats.nbinom(k, k / (k + dist.mean)).mean() == pytest.approx(10.0, rel=1e-12)
        assert UNHAPPY_CUSTOMER_TELLS.typical == dist.mean

    def test_tail_matches_thirteen_percent(self) -> None:
        """P(X > 20) from scipy is within 0.13 +/- 0.01, the share who tell more than 20."""
        dist = UNHAPPY_CUSTOMER_TELLS.distribution
        k = dist.dispersion
        tail = stats.nbinom(k, k / (k + dist.mean)).sf(20)
        assert abs(tail - 0.13) <= 0.01
        assert dist.sf(20) == pytest.approx(tail, rel=1e-12)

    def test_resolved_customers_tell_fewer(self) -> None:
        """A resolved complainant tells about half as many people (5 against 10)."""
        assert RESOLVED_COMPLAINANT_TELLS.typical == 5.0
        assert RESOLVED_COMPLAINANT_TELLS.high < UNHAPPY_CUSTOMER_TELLS.low


class TestAcquisitionRetentionCostRatio:
    def test_interval_matches_lognormal_quantiles(self) -> None:
        """The lognormal's 5% and 95% quantiles are 1 and 25, its median 5 (scipy)."""
        dist = ACQUISITION_RETENTION_COST_RATIO.distribution
        frozen = stats.lognorm(s=dist.sigma, scale=dist.median)
        np.testing.assert_allclose(frozen.ppf([0.05, 0.5, 0.95]), [1.0, 5.0, 25.0], rtol=1e-9)

    def test_range_is_the_distribution(self) -> None:
        """low, typical and high are the interval and median of the distribution."""
        fig = ACQUISITION_RETENTION_COST_RATIO
        assert (fig.low, fig.typical, fig.high) == (
            fig.distribution.low,
            fig.distribution.median,
            fig.distribution.high,
        )
        assert fig.distribution.coverage == 0.9


class TestComplaintRate:
    def test_presets(self) -> None:
        """The presets are 0.04 (management), 0.10 (as quoted) and 0.5 (front line)."""
        assert (COMPLAINT_RATE.low, COMPLAINT_RATE.typical, COMPLAINT_RATE.high) == (
            0.04,
            0.1,
            0.5,
        )

    def test_management_preset_is_one_in_twenty_seven(self) -> None:
        """26 silent customers per complaint is 1/27 = 0.037, which rounds to the 0.04 preset."""
        assert round(1 / 27, 2) == COMPLAINT_RATE.low

    def test_evidence_disowns_one_in_ten(self) -> None:
        """The evidence says that no primary figure gives 1 in 10."""
        assert "No primary figure says 1 in 10" in COMPLAINT_RATE.evidence


class TestOtherFigures:
    def test_top_share_rule_lies_outside_measurements(self) -> None:
        """The 80/20 rule's 0.8 is above every measured top-20% share (0.59 to 0.73)."""
        assert not TOP_20_PERCENT_SHARE.contains(0.8)
        assert (TOP_20_PERCENT_SHARE.low, TOP_20_PERCENT_SHARE.high) == (0.59, 0.73)

    def test_retention_elasticity_formula_falls_in_range(self) -> None:
        """(1 + i) / (1 + i - r) at r = 0.9, i = 0.12 is 1.12 / 0.22 = 5.09, inside 3 to 7."""
        assert RETENTION_VALUE_ELASTICITY.contains(1.12 / 0.22)

    def test_single_valued_figures(self) -> None:
        """The 94% repurchase intent and the zero recovery uplift are single values."""
        assert LOW_EFFORT_REPURCHASE.low == LOW_EFFORT_REPURCHASE.high == 0.94
        assert SERVICE_RECOVERY_UPLIFT.low == SERVICE_RECOVERY_UPLIFT.high == 0.0


class TestAttributeDocstrings:
    @pytest.mark.parametrize("name", DOCUMENTED_CONSTANTS)
    def test_documented_with_reference(self, name: str) -> None:
        """Each constant has a docstring with References and Examples sections."""
        doc = _attribute_docstrings()[name]
        assert "References\n----------" in doc
        assert "Examples\n--------" in doc

    @pytest.mark.parametrize("name", DOCUMENTED_CONSTANTS)
    def test_examples_run(self, name: str) -> None:
        """The doctests in each constant's docstring pass."""
        test = doctest.DocTestParser().get_doctest(
            _attribute_docstrings()[name], dict(vars(reference)), name, reference.__file__, 0
        )
        runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
        runner.run(test)
        assert test.examples
        assert runner.failures == 0


class TestDocsPage:
    def test_every_figure_is_in_the_table(self) -> None:
        """The documentation table lists every figure with its low / typical / high values."""
        page = DOCS_PAGE.read_text(encoding="utf-8")
        for name, fig in _module_figures().items():
            assert f":data:`~servicemetrics.reference.{name}`" in page
            assert f"{fig.low:g} / {fig.typical:g} / {fig.high:g} {fig.unit}" in page
        assert ":data:`~servicemetrics.reference.REPURCHASE_BY_COMPLAINT_OUTCOME`" in page
