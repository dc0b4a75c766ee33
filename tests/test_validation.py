"""Tests of the shared input checks and error types (servicemetrics._validation)."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from servicemetrics import InvalidInputError, NonFiniteError, OutOfRangeError, ShapeMismatchError
from servicemetrics._validation import (
    as_float_array,
    as_vector,
    check_broadcastable,
    check_choice,
    check_integer,
    check_range,
    raise_at,
    wrap_output,
)


class TestInvalidInputError:
    def test_is_a_value_error(self) -> None:
        """Existing ``except ValueError`` handlers catch every library error."""
        for error in (InvalidInputError, OutOfRangeError, NonFiniteError, ShapeMismatchError):
            assert issubclass(error, ValueError)
            assert issubclass(error, InvalidInputError)

    def test_message_names_parameter_rule_value_and_index(self) -> None:
        """The message reads as one sentence."""
        error = OutOfRangeError("retention", "must be in [0, 1)", 1.2, index=3)
        assert str(error) == "retention must be in [0, 1); got 1.2 at index 3"

    def test_attributes_are_kept(self) -> None:
        """Callers can inspect the parts of the message."""
        error = InvalidInputError("margin", "must be finite", math.inf, index=(1, 2))
        assert (error.parameter, error.rule, error.value, error.index) == (
            "margin",
            "must be finite",
            math.inf,
            (1, 2),
        )
        assert str(error) == "margin must be finite; got inf at index (1, 2)"

    def test_without_value(self) -> None:
        """A rule with no single offending value prints the rule alone."""
        assert str(InvalidInputError("weights", "must not all be zero")) == (
            "weights must not all be zero"
        )

    def test_numpy_scalars_print_as_python_numbers(self) -> None:
        """NumPy scalar values are shown like Python numbers."""
        assert str(InvalidInputError("x", "must be >= 0", np.float64(-2.5))) == (
            "x must be >= 0; got -2.5"
        )


class TestAsFloatArray:
    def test_list_tuple_array_and_series(self) -> None:
        """All array-likes become float64 arrays."""
        for value in ([1, 2], (1, 2), np.array([1, 2]), pd.Series([1, 2])):
            result = as_float_array(value, "x")
            assert result.dtype == np.float64
            np.testing.assert_array_equal(result, [1.0, 2.0])

    def test_no_copy_for_float_arrays(self) -> None:
        """Float64 arrays pass through without a copy (speed at scale)."""
        values = np.arange(5.0)
        assert as_float_array(values, "x") is values

    def test_nan_rejected_with_index(self) -> None:
        """NaN is reported with its position."""
        with pytest.raises(
            NonFiniteError, match=re.escape("x must be finite; got nan at index 2")
        ):
            as_float_array([1.0, 2.0, math.nan], "x")

    def test_infinity_rejected_even_when_nan_allowed(self) -> None:
        """allow_nan lets NaN through but never infinities."""
        result = as_float_array([1.0, math.nan], "x", allow_nan=True)
        assert math.isnan(result[1])
        with pytest.raises(
            NonFiniteError, match=re.escape("x must be finite; got -inf at index 1")
        ):
            as_float_array([math.nan, -math.inf], "x", allow_nan=True)

    def test_text_rejected(self) -> None:
        """Strings are not numbers even when they look like one."""
        with pytest.raises(InvalidInputError, match=re.escape("x must be numeric; got '3'")):
            as_float_array("3", "x")

    def test_ragged_rejected(self) -> None:
        """Ragged nested lists are not arrays."""
        with pytest.raises(InvalidInputError, match=re.escape("x must be numeric")):
            as_float_array([[1.0, 2.0], [3.0]], "x")

    @given(hnp.arrays(np.float64, hnp.array_shapes(max_dims=3, max_side=5)))
    def test_accepts_exactly_the_finite_arrays(self, values: np.ndarray) -> None:
        """Finite arrays pass unchanged; any NaN or inf raises NonFiniteError."""
        if np.isfinite(values).all():
            np.testing.assert_array_equal(as_float_array(values, "x"), values)
        else:
            with pytest.raises(NonFiniteError):
                as_float_array(values, "x")


class TestCheckRange:
    def test_closed_open_interval(self) -> None:
        """The rule prints the interval in mathematical notation."""
        with pytest.raises(
            OutOfRangeError, match=re.escape("r must be in [0, 1); got 1.0 at index 1")
        ):
            check_range(np.array([0.5, 1.0]), "r", low=0, high=1, high_inclusive=False)

    def test_one_sided_bounds(self) -> None:
        """One-sided rules read as inequalities."""
        with pytest.raises(OutOfRangeError, match=re.escape("n must be > 0; got 0.0")):
            check_range(np.array(0.0), "n", low=0, low_inclusive=False)
        with pytest.raises(OutOfRangeError, match=re.escape("g must be <= 1; got 1.5")):
            check_range(np.array(1.5), "g", high=1)

    def test_fractional_bounds(self) -> None:
        """Non-integer bounds keep their decimals."""
        with pytest.raises(OutOfRangeError, match=re.escape("p must be in [0.5, 0.75]; got 0.8")):
            check_range(np.array(0.8), "p", low=0.5, high=0.75)

    def test_multidimensional_index(self) -> None:
        """Arrays of two or more dimensions report a tuple index."""
        values = np.array([[0.1, 0.2], [0.3, -0.4]])
        with pytest.raises(
            OutOfRangeError, match=re.escape("p must be >= 0; got -0.4 at index (1, 1)")
        ):
            check_range(values, "p", low=0)

    def test_returns_input(self) -> None:
        """A passing check returns its input for chaining."""
        values = np.array([0.0, 1.0])
        assert check_range(values, "p", low=0, high=1) is values

    @given(
        hnp.arrays(np.float64, st.integers(1, 30), elements=st.floats(-10, 10)),
        st.floats(-5, 0),
        st.floats(0, 5),
    )
    def test_raises_iff_some_value_is_outside(
        self, values: np.ndarray, low: float, high: float
    ) -> None:
        """The check fails exactly when a value is outside, naming the first one."""
        outside = (values < low) | (values > high)
        if outside.any():
            with pytest.raises(OutOfRangeError) as info:
                check_range(values, "x", low=low, high=high)
            first = int(np.argmax(outside))
            assert info.value.index == first
            assert info.value.value == values[first]
        else:
            check_range(values, "x", low=low, high=high)


class TestCheckInteger:
    def test_whole_numbers_pass(self) -> None:
        """Whole floats are accepted."""
        check_integer(np.array([0.0, 3.0, -2.0]), "n")

    def test_fraction_rejected(self) -> None:
        """A fractional value is named with its index."""
        with pytest.raises(
            InvalidInputError, match=re.escape("n must be a whole number; got 0.5 at index 0")
        ):
            check_integer(np.array([0.5, 1.0]), "n")


class TestCheckChoice:
    def test_known_choice(self) -> None:
        """A known option is returned."""
        assert check_choice("end", "timing", ("end", "start")) == "end"

    def test_non_string(self) -> None:
        """A non-string option is rejected with the allowed list."""
        with pytest.raises(
            InvalidInputError, match=re.escape("timing must be one of 'end', 'start'; got 1")
        ):
            check_choice(1, "timing", ("end", "start"))


class TestCheckBroadcastable:
    def test_returns_shape(self) -> None:
        """Compatible shapes give the broadcast shape."""
        assert check_broadcastable({"a": np.ones((2, 1)), "b": np.ones(3)}) == (2, 3)

    def test_names_all_shapes(self) -> None:
        """Incompatible shapes are listed in argument order."""
        message = "a, b must have broadcast-compatible shapes; got (2,), (3,)"
        with pytest.raises(ShapeMismatchError, match=re.escape(message)):
            check_broadcastable({"a": np.ones(2), "b": np.ones(3)})


class TestAsVector:
    def test_scalar_rejected(self) -> None:
        """A single number is not a list of customers."""
        with pytest.raises(
            ShapeMismatchError, match=re.escape("values must be one-dimensional; got shape ()")
        ):
            as_vector(3.0, "values")

    def test_vector_passes(self) -> None:
        """A list becomes a 1-D float array."""
        np.testing.assert_array_equal(as_vector([1, 2, 3], "values"), [1.0, 2.0, 3.0])


class TestRaiseAt:
    def test_broadcasts_values(self) -> None:
        """A scalar parameter that fails jointly with an array is reported at the array index."""
        with pytest.raises(
            InvalidInputError, match=re.escape("g must be small; got 0.5 at index 2")
        ):
            raise_at(
                InvalidInputError, "g", "must be small", np.array(0.5), np.array([0, 0, 1], bool)
            )


class TestWrapOutput:
    def test_scalar_gives_float(self) -> None:
        """0-d results become Python floats."""
        result = wrap_output(np.array(2.5))
        assert type(result) is float
        assert result == 2.5

    def test_array_stays_array(self) -> None:
        """1-d results stay arrays when no Series was given."""
        result = wrap_output(np.array([1.0, 2.0]), [1.0, 2.0])
        assert isinstance(result, np.ndarray)

    def test_series_index_is_kept(self) -> None:
        """A Series input of matching length gives a Series with its index."""
        series = pd.Series([1.0, 2.0], index=["x", "y"])
        result = wrap_output(np.array([3.0, 4.0]), 0.5, series)
        assert isinstance(result, pd.Series)
        assert list(result.index) == ["x", "y"]
        assert list(result) == [3.0, 4.0]

    def test_series_of_other_length_is_ignored(self) -> None:
        """A Series whose length differs from the result does not lend its index."""
        result = wrap_output(np.array([3.0, 4.0, 5.0]), pd.Series([1.0, 2.0]))
        assert isinstance(result, np.ndarray)
