"""Tests of the shared result-model behaviour (servicemetrics._results)."""

from __future__ import annotations

import enum
import json

import attrs
import numpy as np
import pytest

from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array


class Colour(enum.Enum):
    RED = "red"


@attrs.frozen(repr=False)
class Example(ResultModel):
    values: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    total: float
    label: str
    colour: Colour = Colour.RED


@attrs.frozen(repr=False)
class WithInternals(ResultModel):
    score: float
    table: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ, repr=False)


class TestFrozenArray:
    def test_copy_is_read_only(self) -> None:
        """The stored array is a read-only copy, so the caller's array may change freely."""
        source = np.array([1.0, 2.0])
        stored = frozen_array(source)
        source[0] = 99.0
        assert stored[0] == 1.0
        with pytest.raises(ValueError, match="read-only"):
            stored[0] = 5.0


class TestResultModel:
    def test_frozen(self) -> None:
        """Fields cannot be reassigned."""
        result = Example(values=[1.0, 2.0], total=3.0, label="a")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            result.total = 4.0  # type: ignore[misc]

    def test_equality_by_value(self) -> None:
        """Two results with equal arrays are equal."""
        assert Example(values=[1.0, 2.0], total=3.0, label="a") == Example(
            values=np.array([1.0, 2.0]), total=3.0, label="a"
        )
        assert Example(values=[1.0, 2.0], total=3.0, label="a") != Example(
            values=[1.0, 2.5], total=3.0, label="a"
        )

    def test_to_dict_is_json_ready(self) -> None:
        """to_dict gives plain Python values that JSON can encode."""
        result = Example(values=[1.0, 2.0], total=np.float64(3.0), label="a")
        plain = result.to_dict()
        assert plain == {"values": [1.0, 2.0], "total": 3.0, "label": "a", "colour": "red"}
        json.dumps(plain)

    def test_repr_summarises_long_arrays(self) -> None:
        """Long arrays are elided in the repr instead of printed whole."""
        text = repr(Example(values=np.arange(1000.0), total=1.0, label="a"))
        assert text.startswith("Example(values=[")
        assert "..." in text
        assert len(text) < 200

    def test_fields_marked_repr_false_are_not_displayed(self) -> None:
        """A field declared with ``repr=False`` stays out of the repr and the table, not the dict."""
        result = WithInternals(score=2.0, table=[[1.0, 2.0]])
        assert repr(result) == "WithInternals(score=2)"
        assert result._repr_html_().count("<tr>") == 1
        assert result.to_dict() == {"score": 2.0, "table": [[1.0, 2.0]]}

    def test_html_table(self) -> None:
        """The notebook display is a table with one row per field, escaped."""
        html = Example(values=[1.0], total=0.5, label="<b>")._repr_html_()
        assert html.startswith("<table")
        assert html.count("<tr>") == 4
        assert "&lt;b&gt;" in html
        assert "<b>&lt;" not in html
