"""How every result model displays: terminal repr, notebook HTML table and ``to_dict``.

The registry below holds one factory per :class:`~servicemetrics._results.ResultModel`
subclass in the package, each building an example through the public API on small real inputs.
A new result class without a factory here fails :func:`test_every_result_class_has_a_factory`.
"""

from __future__ import annotations

import copy
import enum
import functools
import html.parser
import importlib
import inspect
import json
import pkgutil
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given

import servicemetrics as sm
from servicemetrics import (
    compliance,
    concentration,
    costs,
    datasets,
    models,
    reference,
    staffing,
    surveys,
    transactions,
)
from servicemetrics import word_of_mouth as wom
from servicemetrics._results import ResultModel, frozen_array
from tests.strategies import display_arrays, display_text

# Abstract bases: they are never built themselves; their subclasses are in the registry.
ABSTRACT = {"servicemetrics.models._base.FittedModel"}


def _qualname(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _result_classes() -> dict[str, type[ResultModel]]:
    """Every ResultModel subclass defined in the package, by qualified name."""
    found: dict[str, type[ResultModel]] = {}
    modules = [sm]
    for info in pkgutil.walk_packages(sm.__path__, "servicemetrics."):
        if info.name.endswith("__main__"):
            continue
        try:
            modules.append(importlib.import_module(info.name))
        except ModuleNotFoundError as error:  # a module that needs an optional extra
            if error.name is None or error.name.startswith("servicemetrics"):
                raise
    for module in modules:
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, ResultModel)
                and value is not ResultModel
                and value.__module__.startswith("servicemetrics.")
            ):
                found[_qualname(value)] = value
    return found


# -- small real inputs shared by several factories ---------------------------------------------


@functools.cache
def _cdnow() -> datasets.CdnowSummary:
    return datasets.load_cdnow_summary()


@functools.cache
def _beta_geo() -> models.BetaGeo:
    d = _cdnow()
    return models.BetaGeo.fit(d.frequency, d.recency, d.T)


def _call_form() -> compliance.Standard:
    return compliance.Standard(
        "Call quality <phone> & chat",
        [
            compliance.Criterion("verifies identity", weight=0, critical=True),
            compliance.Criterion("uses name", weight=1),
            compliance.Criterion("resolves first time", weight=3, scale="partial"),
        ],
        pass_threshold=0.8,
    )


def _time_report() -> compliance.TimeStandardReport:
    return compliance.time_standard_attainment(
        opened=["2024-03-04T09:00", "2024-03-01T15:00", "2024-03-04T10:00"],
        closed=["2024-03-05T10:00", "2024-03-06T17:00", None],
        case_class=["minor", "major", "major"],
        standard=compliance.COMPLAINT_HANDLING,
        as_of="2024-03-07T12:00",
    )


def _bass() -> wom.BassFit:
    t = np.arange(1, 16)
    adopters = np.random.default_rng(5).poisson(wom.bass_adopters(t, 0.03, 0.38, m=10_000))
    return wom.fit_bass(t, adopters)


def _maximum_likelihood() -> models.MaximumLikelihood:
    waits = np.array([1.0, 2.0, 3.0])
    return models.maximize_likelihood(
        lambda p: waits.size * np.log(p[0]) - p[0] * waits.sum(),
        [1.0],
        ["rate"],
        n_observations=3,
    )


def _bgbb() -> models.BetaGeoBetaBinom:
    histories = models.BetaGeoBetaBinom(1.2, 0.75, 0.66, 2.8).simulate(500, 6, seed=1)
    return models.BetaGeoBetaBinom.fit(
        histories.frequency, histories.recency, histories.n_periods, weights=histories.weights
    )


FACTORIES: dict[str, Callable[[], ResultModel]] = {
    "servicemetrics.compliance.Attainment": lambda: compliance.attainment(
        [180, 370, 95], [200, 400, 100], target=0.9
    ),
    "servicemetrics.compliance.AttainmentTrend": lambda: compliance.attainment_trend(
        [80, 85, 90, 95], [100, 100, 100, 100]
    ),
    "servicemetrics.compliance.ComplianceReport": lambda: compliance.score_audits(
        _call_form(), [[1, 1, 1.0], [1, 0, 0.5], [0, 1, 1.0]]
    ),
    "servicemetrics.compliance.Criterion": lambda: compliance.Criterion(
        "greets within 30 s", section="Welcome"
    ),
    "servicemetrics.compliance.Standard": _call_form,
    "servicemetrics.compliance.TimeStandard": lambda: compliance.COMPLAINT_HANDLING,
    "servicemetrics.compliance.TimeStandardReport": _time_report,
    "servicemetrics.compliance.TimeTarget": lambda: compliance.TimeTarget("urgent", 4, "hours"),
    "servicemetrics.concentration.LorenzCurve": lambda: concentration.lorenz_curve(
        [5.0, 50.0, 2.0, 30.0, 10.0, 3.0]
    ),
    "servicemetrics.concentration.TierAssignment": lambda: concentration.assign_tiers(
        [5, 50, 2, 30, 10, 3]
    ),
    "servicemetrics.costs.BudgetComparison": lambda: costs.compare_budget(
        10_000.0, 80.0, 316.67, [50.0, 64.0], 250.0
    ),
    "servicemetrics.costs.UnitEconomics": lambda: costs.unit_economics(
        acquisition_spend=120_000.0,
        new_customers=[1_500, 2_000],
        retention_spend=36_000.0,
        retained_customers=9_000,
        monthly_revenue=25.0,
        gross_margin=0.8,
        monthly_retention=0.95,
        monthly_discount_rate=0.01,
    ),
    "servicemetrics.datasets._cdnow_summary.CdnowSummary": _cdnow,
    "servicemetrics.datasets._cdnow_transactions.CdnowTransactions": (
        datasets.load_cdnow_transactions
    ),
    "servicemetrics.datasets._example.ExampleCustomerBase": lambda: (
        datasets.load_example_customers(200, seed=1)
    ),
    "servicemetrics.datasets._sbg.SurvivorCounts": datasets.load_sbg_survivors,
    "servicemetrics.models._base.CustomerHistories": lambda: _beta_geo().simulate(
        np.full(50, 39.0), seed=3
    ),
    "servicemetrics.models._base.ParameterSummary": lambda: _beta_geo().summary(),
    "servicemetrics.models._beta_geo.BetaGeo": _beta_geo,
    "servicemetrics.models._bgbb.BetaGeoBetaBinom": _bgbb,
    "servicemetrics.models._bgbb.DiscreteHistories": lambda: models.BetaGeoBetaBinom(
        1.2, 0.75, 0.66, 2.8
    ).simulate(100, 6, seed=2),
    "servicemetrics.models._fitting.MaximumLikelihood": _maximum_likelihood,
    "servicemetrics.models._gamma_gamma.GammaGamma": lambda: models.GammaGamma.fit(
        _cdnow().frequency[_cdnow().frequency > 0],
        _cdnow().monetary_value[_cdnow().frequency > 0],
    ),
    "servicemetrics.models._mbg.ModifiedBetaGeo": lambda: models.ModifiedBetaGeo.fit(
        _cdnow().frequency, _cdnow().recency, _cdnow().T
    ),
    "servicemetrics.models._pareto_nbd.ParetoNBD": lambda: models.ParetoNBD(
        0.55, 10.58, 0.61, 11.67
    ),
    "servicemetrics.models._shifted_beta_geometric.ShiftedBetaGeometric": lambda: (
        models.ShiftedBetaGeometric.fit(datasets.load_sbg_survivors().regular)
    ),
    "servicemetrics.reference.LognormalFigure": lambda: (
        reference.ACQUISITION_RETENTION_COST_RATIO.distribution
    ),
    "servicemetrics.reference.NegativeBinomialFigure": lambda: (
        reference.UNHAPPY_CUSTOMER_TELLS.distribution
    ),
    "servicemetrics.reference.ReferenceFigure": lambda: reference.UNHAPPY_CUSTOMER_TELLS,
    "servicemetrics.reference.RepurchaseRates": lambda: reference.REPURCHASE_BY_COMPLAINT_OUTCOME,
    "servicemetrics.staffing.ErlangA": lambda: staffing.erlang_a(
        [9, 14], 100 / 1800, 180, 120, target_time=20
    ),
    "servicemetrics.staffing.ErlangC": lambda: staffing.erlang_c(
        [12, 13, 14], 100 / 1800, 180, target_time=20
    ),
    "servicemetrics.surveys.CESResult": lambda: surveys.ces([7, 6, 5, 5, 4, 2, 6, 7]),
    "servicemetrics.surveys.CSATResult": lambda: surveys.csat([5, 4, 4, 3, 5, 2, 4, 5, 1, 4]),
    "servicemetrics.surveys.NPSComparison": lambda: surveys.compare_nps(
        surveys.nps_from_counts(50, 30, 20), surveys.nps_from_counts(40, 30, 30)
    ),
    "servicemetrics.surveys.NPSResult": lambda: surveys.nps([10, 9, 9, 8, 7, 6, 3, 10, 9, 5]),
    "servicemetrics.surveys.ServperfResult": lambda: surveys.servperf(
        [[5, 6, 6, 7], [6, 4, 5, 6]], dimensions={"reliability": [0, 1], "empathy": [2, 3]}
    ),
    "servicemetrics.surveys.ServqualResult": lambda: surveys.servqual(
        [[7, 6, 7, 7], [6, 6, 5, 7]],
        [[5, 6, 6, 7], [6, 4, 5, 6]],
        dimensions={"reliability": [0, 1], "empathy": [2, 3]},
    ),
    "servicemetrics.transactions.CalibrationHoldout": lambda: transactions.calibration_holdout(
        [1, 1, 2, 1, 1, 3],
        ["2024-01-05", "2024-01-20", "2024-01-25", "2024-02-10", "2024-02-12", "2024-02-14"],
        [5.0, 7.0, 3.0, 4.0, 6.0, 8.0],
        calibration_end="2024-01-31",
        observation_end="2024-02-29",
    ),
    "servicemetrics.transactions.CompressedHistories": lambda: transactions.compress(
        [0, 2, 0, 2], [0.0, 5.0, 0.0, 5.0], [10.0, 10.0, 10.0, 10.0]
    ),
    "servicemetrics.transactions.TransactionSummary": lambda: transactions.summarize(
        [7, 7, 9, 7, 7],
        ["2024-03-01", "2024-03-01", "2024-03-10", "2024-03-15", "2024-03-29"],
        [10.0, 20.0, 99.0, 40.0, 60.0],
        end="2024-03-31",
    ),
    "servicemetrics.word_of_mouth._bass.BassFit": _bass,
    "servicemetrics.word_of_mouth._bass.BassPeak": lambda: _bass().peak(),
    "servicemetrics.word_of_mouth._cascade.CascadeReach": lambda: wom.cascade_reach(
        100, 0.5, dispersion=1.0, generations=3
    ),
    "servicemetrics.word_of_mouth._cascade.SimulatedCascade": lambda: wom.simulate_cascade(
        100, 0.5, generations=3, replications=200, rng=3
    ),
    "servicemetrics.word_of_mouth._cascade.SimulatedReach": lambda: wom.simulate_reach(
        1_600, wom.UNHAPPY_TELLING, replications=200, rng=1
    ),
    "servicemetrics.word_of_mouth._reach.ComplaintIceberg": lambda: wom.complaint_iceberg(
        [40, 64], 0.04, rate_sample_size=500
    ),
    "servicemetrics.word_of_mouth._reach.ReachBalance": lambda: wom.reach_balance(
        [9_000, 500],
        [1_000, 500],
        satisfied_talking=0.3,
        satisfied_tell=5,
        dissatisfied_talking=1.0,
        dissatisfied_tell=10,
    ),
    "servicemetrics.word_of_mouth._telling.TellingDistribution": lambda: wom.TellingDistribution(
        mean=10.0, dispersion=1.1
    ),
    "servicemetrics.word_of_mouth._value.RecoveryOutcome": lambda: wom.customers_kept(
        1_000,
        [
            wom.complaint_outcome_shares(0.04, 0.5, 0.5),
            wom.complaint_outcome_shares(0.5, 0.9, 0.8),
        ],
        reference.REPURCHASE_BY_COMPLAINT_OUTCOME.large_loss,
        value_per_customer=300.0,
    ),
}


# Array fields whose size is set by the standard or model (criteria, parameters), not by the
# number of customers, cases or answers; the others are blown up to a million values.
SIZED_BY_THE_MODEL = {
    "ComplianceReport": {
        "criteria",
        "criterion_compliance",
        "criterion_applicable",
        "sections",
        "section_compliance",
        "worst_criteria",
    },
}


@functools.cache
def _example(name: str) -> ResultModel:
    return FACTORIES[name]()


class _TagBalance(html.parser.HTMLParser):
    """Check that every opened tag closes, in order; collect the text."""

    VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "col", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(markup: str) -> _TagBalance:
    parser = _TagBalance()
    parser.feed(markup)
    parser.close()
    assert not parser.errors, parser.errors
    assert not parser.stack, f"unclosed tags {parser.stack}"
    return parser


def _shown_fields(result: ResultModel) -> list[attrs.Attribute[Any]]:
    return [f for f in attrs.fields(type(result)) if f.repr]


def test_every_result_class_has_a_factory() -> None:
    """Every ResultModel subclass in the package has an example in FACTORIES (and no stale one)."""
    found = set(_result_classes()) - ABSTRACT
    assert sorted(found - set(FACTORIES)) == [], "add a factory for each new result class"
    assert sorted(set(FACTORIES) - found) == []


@pytest.mark.parametrize("name", sorted(FACTORIES))
class TestDisplay:
    def test_factory_builds_its_class(self, name: str) -> None:
        """The factory returns an instance of exactly the class it is registered for."""
        assert _qualname(type(_example(name))) == name

    def test_repr_is_one_readable_line(self, name: str) -> None:
        """The repr is a single line, names the class and shows each field with its value."""
        result = _example(name)
        text = repr(result)
        assert "\n" not in text
        assert text.startswith(type(result).__name__ + "(")
        assert len(text) < 1200
        if isinstance(result, models.FittedModel):
            for parameter, value in result.parameters.items():
                assert f"{parameter}={value:.6g}" in text
            return
        for field in _shown_fields(result):
            value = getattr(result, field.name)
            if isinstance(value, bool) or value is None:
                assert f"{field.name}={value}" in text
            elif isinstance(value, int):
                assert f"{field.name}={value}," in text or f"{field.name}={value})" in text
            elif isinstance(value, float):
                assert f"{field.name}={value:.6g}" in text
            else:
                assert f"{field.name}=" in text

    def test_html_is_a_balanced_table(self, name: str) -> None:
        """The notebook display is well-formed HTML holding a table with the field names."""
        result = _example(name)
        markup = result._repr_html_()
        parsed = _parse(markup)
        assert markup.startswith("<table")
        assert "table" in parsed.tags
        assert len(markup) < 20_000
        if not isinstance(result, (models.FittedModel, models.ParameterSummary)):
            text = " ".join(parsed.text)
            for field in _shown_fields(result):
                assert field.name in text

    def test_to_dict_is_json_ready(self, name: str) -> None:
        """to_dict gives plain values that survive a JSON round trip unchanged."""
        plain = _example(name).to_dict()
        assert json.loads(json.dumps(plain, allow_nan=True)) == _nan_free(plain)

    def test_large_arrays_are_summarised(self, name: str) -> None:
        """With a million values in every array field, repr and HTML stay short."""
        result = _example(name)
        fixed = SIZED_BY_THE_MODEL.get(type(result).__name__, set())
        arrays = [
            f.name
            for f in _shown_fields(result)
            if isinstance(getattr(result, f.name), np.ndarray) and f.name not in fixed
        ]
        if not arrays or isinstance(result, (models.FittedModel, models.ParameterSummary)):
            pytest.skip("no array fields sized by the data")
        big = copy.copy(result)
        for field in arrays:
            value = getattr(result, field)
            huge = np.resize(value, (10**6,) if value.ndim < 2 else (10**6, value.shape[-1]))
            object.__setattr__(big, field, frozen_array(huge))
        text = repr(big)
        assert len(text) < 2_000
        assert "1,000,000 values" in text or "shape (1000000," in text
        markup = big._repr_html_()
        _parse(markup)
        assert len(markup) < 20_000


def _nan_free(value: Any) -> Any:
    """``value`` with NaN floats replaced by a marker, so that equality can compare them."""
    if isinstance(value, float) and value != value:
        return "nan"
    if isinstance(value, list):
        return [_nan_free(v) for v in value]
    if isinstance(value, dict):
        return {k: _nan_free(v) for k, v in value.items()}
    return value


# Results whose to_dict cannot be passed back to the class: nested results become
# dictionaries, dates ISO strings and tuples lists (JSON has neither dates nor tuples).
NOT_ROUND_TRIP = {
    "servicemetrics.compliance.Standard",
    "servicemetrics.compliance.TimeStandard",
    "servicemetrics.compliance.TimeStandardReport",
    "servicemetrics.datasets._cdnow_transactions.CdnowTransactions",
    "servicemetrics.reference.ReferenceFigure",
    "servicemetrics.reference.RepurchaseRates",
    "servicemetrics.transactions.CalibrationHoldout",
    "servicemetrics.transactions.TransactionSummary",
}


@pytest.mark.parametrize("name", sorted(set(FACTORIES) - NOT_ROUND_TRIP))
def test_to_dict_round_trips(name: str) -> None:
    """The class rebuilt from to_dict() equals the original."""
    result = _example(name)
    assert type(result)(**result.to_dict()) == result


class Level(enum.Enum):
    HIGH = "high"


@attrs.frozen(repr=False)
class Inner(ResultModel):
    label: str
    values: np.ndarray = attrs.field(converter=frozen_array, eq=lambda a: a.tobytes())


@attrs.frozen(repr=False)
class Outer(ResultModel):
    name: str
    inner: Inner
    items: tuple[Inner, ...]
    level: Level
    missing: float | None
    options: dict[str, float]
    when: np.datetime64
    matrix: np.ndarray = attrs.field(converter=frozen_array, eq=lambda a: a.tobytes())


def _outer(n_items: int = 2, text: str = "Q&A <desk>") -> Outer:
    inner = Inner(label="first", values=np.arange(10**6, dtype=float))
    return Outer(
        name=text,
        inner=inner,
        items=tuple(Inner(label=f"item {k}", values=[k]) for k in range(n_items)),
        level=Level.HIGH,
        missing=None,
        options={f"k{k}": k / 3 for k in range(10)},
        when=np.datetime64("2024-03-31"),
        matrix=np.arange(12.0).reshape(4, 3) / 8,
    )


class TestFormatting:
    def test_repr_of_every_kind_of_field(self) -> None:
        """Enums show their value, None stays None, dates are ISO, matrices one line."""
        text = repr(_outer())
        assert text.startswith("Outer(name='Q&A <desk>', inner=Inner(label='first', …)")
        assert (
            "items=(Inner(label='item 0', values=[0]), Inner(label='item 1', values=[1]))" in text
        )
        assert "level=high, missing=None" in text
        assert (
            "options={'k0': 0, 'k1': 0.333333, 'k2': 0.666667, ..., 'k7': 2.33333, 'k8': 2.66667, 'k9': 3} (10 items)"
            in text
        )
        assert "when=2024-03-31" in text
        assert (
            "matrix=[[0, 0.125, 0.25], [0.375, 0.5, 0.625], [0.75, 0.875, 1], [1.125, 1.25, 1.375]] (shape (4, 3)))"
            in text
        )

    def test_long_arrays_show_their_ends_and_size(self) -> None:
        """A million values show as the first and last three with the count."""
        text = repr(Inner(label="x", values=np.arange(10**6)))
        assert (
            text
            == "Inner(label='x', values=[0, 1, 2, ..., 999997, 999998, 999999] (1,000,000 values))"
        )

    def test_long_text_is_cut_in_the_repr_only(self) -> None:
        """Long strings end with an ellipsis in the repr and show in full in the table."""
        result = _outer(text="word " * 100)
        assert "name='word word" in repr(result)
        assert "…'" in repr(result)
        assert len(repr(result)) < 1000
        assert ("word " * 100).strip() in result._repr_html_()

    def test_html_escapes_text(self) -> None:
        """Markup characters in text are escaped in the table, never passed through."""
        markup = _outer()._repr_html_()
        assert "Q&amp;A &lt;desk&gt;" in markup
        assert "<desk>" not in markup
        _parse(markup)

    def test_html_nests_results(self) -> None:
        """A nested result is a nested table; a tuple of results a table with a row each."""
        markup = _outer()._repr_html_()
        parsed = _parse(markup)
        assert parsed.tags.count("table") == 3
        assert "<th style='text-align:left'>label</th>" in markup
        assert "<td style='text-align:left'>item 1</td>" in markup

    def test_html_caps_rows_of_many_results(self) -> None:
        """A tuple of many results shows its first twenty rows and the number left out."""
        markup = _outer(n_items=500)._repr_html_()
        _parse(markup)
        assert "item 19" in markup
        assert "item 20<" not in markup
        assert "… 480 more" in markup
        assert len(markup) < 20_000

    def test_escaping_in_library_results(self) -> None:
        """The name of a standard with markup characters is escaped in its table."""
        markup = _call_form()._repr_html_()
        assert "Call quality &lt;phone&gt; &amp; chat" in markup
        _parse(markup)

    def test_examples(self) -> None:
        """A few displays as a reader sees them."""
        assert repr(_call_form()).startswith(
            "Standard(name='Call quality <phone> & chat', criteria=("
            "Criterion(name='verifies identity', …), Criterion(name='uses name', …), "
        )
        assert repr(_cdnow()).startswith(
            "CdnowSummary(customer_id=[1, 2, 3, ..., 2355, 2356, 2357] (2,357 values), "
            "frequency=[2, 1, 0, ..., 0, 4, 0] (2,357 values), "
        )
        assert repr(_time_report()).endswith(
            "due=[2024-03-04T23:59:59, 2024-03-06T23:59:59, 2024-03-07T23:59:59])"
        )


@attrs.frozen(repr=False)
class Anything(ResultModel):
    label: str
    values: np.ndarray = attrs.field(converter=frozen_array, eq=lambda a: a.tobytes())
    nested: Inner | None = None


class TestDisplayProperties:
    @given(label=display_text, values=display_arrays())
    def test_repr_is_one_bounded_line(self, label: str, values: np.ndarray) -> None:
        """Whatever the text and array, the repr is one line of bounded length."""
        text = repr(Anything(label=label, values=values))
        assert "\n" not in text
        assert text.startswith("Anything(label=")
        assert len(text) < 1200

    @given(label=display_text, values=display_arrays(), inner=display_text)
    def test_html_is_balanced_and_escaped(
        self, label: str, values: np.ndarray, inner: str
    ) -> None:
        """The table is well-formed, and text shows escaped, never as markup."""
        result = Anything(label=label, values=values, nested=Inner(label=inner, values=[1]))
        markup = result._repr_html_()
        parsed = _parse(markup)
        assert parsed.tags.count("table") == 2
        assert set(parsed.tags) <= {"table", "caption", "b", "tbody", "tr", "th", "td", "code"}
        assert len(markup) < 20_000

    @given(label=display_text, values=display_arrays())
    def test_to_dict_is_json_ready(self, label: str, values: np.ndarray) -> None:
        """to_dict holds plain values that JSON encodes, the array as nested lists."""
        plain = Anything(label=label, values=values).to_dict()
        json.dumps(plain)
        assert plain["label"] == label
        if values.size:  # nested lists cannot say how long an empty axis was
            assert np.asarray(plain["values"], dtype=values.dtype).shape == values.shape
