"""Result-model fields that hold a number for scalar inputs and an array otherwise.

Vectorised results (an Erlang C evaluation, an attainment rate per team) keep the shape of their
inputs: a plain ``float`` when every input was a scalar, a read-only array otherwise. The
converter and the equality here make such a field behave like the library's other outputs::

    attrs.field(converter=float_or_array, eq=NUMBER_EQ)
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from servicemetrics._results import frozen_array

__all__ = ["NUMBER_EQ", "OPTIONAL_NUMBER_EQ", "float_or_array", "int_or_array"]


def float_or_array(value: npt.ArrayLike) -> Any:
    """A Python ``float`` for a 0-d value, a read-only float64 array otherwise."""
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 0:
        return float(array)
    return frozen_array(array)


def int_or_array(value: npt.ArrayLike) -> Any:
    """A Python ``int`` for a 0-d value, a read-only int64 array otherwise."""
    array = np.asarray(value, dtype=np.int64)
    if array.ndim == 0:
        return int(array)
    return frozen_array(array)


def _numbers_equal(a: Any, b: Any) -> bool:
    x, y = np.asarray(a), np.asarray(b)
    equal_nan = x.dtype.kind == "f" and y.dtype.kind == "f"
    return x.shape == y.shape and bool(np.array_equal(x, y, equal_nan=equal_nan))


NUMBER_EQ = attrs.cmp_using(eq=_numbers_equal)
"""Equality of number-or-array fields by shape and values (NaN equal to NaN)."""


def _optional_numbers_equal(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return _numbers_equal(a, b)


OPTIONAL_NUMBER_EQ = attrs.cmp_using(eq=_optional_numbers_equal)
"""Like :data:`NUMBER_EQ` for fields that may also hold ``None`` (equal only to ``None``)."""
