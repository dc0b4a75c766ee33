"""Helpers shared by the word-of-mouth submodules."""

from __future__ import annotations

import numpy as np

from servicemetrics._fields import OPTIONAL_NUMBER_EQ, float_or_array
from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    InvalidInputError,
    ShapeMismatchError,
    as_float_array,
    check_integer,
    check_range,
    shape_of,
)

__all__ = [
    "VALUE_EQ",
    "as_generator",
    "as_share",
    "float_or_array",
    "single",
    "whole_number",
]


VALUE_EQ = OPTIONAL_NUMBER_EQ
"""Equality of float-or-array fields by shape and values (NaN equal to NaN)."""


def whole_number(value: ArrayLike, name: str, *, low: int = 0) -> int:
    """Check that ``value`` is a single whole number >= ``low`` and return it as ``int``."""
    array = as_float_array(value, name)
    if array.ndim != 0:
        raise ShapeMismatchError(name, "must be a single whole number", shape_of(array))
    check_range(check_integer(array, name), name, low=low)
    return int(array)


def single(array: FloatArray, name: str) -> float:
    """The one number held by an already checked array, or an error naming the parameter."""
    if array.ndim != 0:
        raise ShapeMismatchError(name, "must be a single number", shape_of(array))
    return float(array)


def as_generator(rng: object) -> np.random.Generator:
    """Accept a :class:`numpy.random.Generator` or an integer seed."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool) and rng >= 0:
        return np.random.default_rng(int(rng))
    raise InvalidInputError(
        "rng", "must be a numpy.random.Generator or a non-negative integer seed", rng
    )


def as_share(value: ArrayLike, name: str) -> FloatArray:
    """Shares or probabilities in [0, 1] as a float array."""
    return check_range(as_float_array(value, name), name, low=0, high=1)
