"""Input coercion and checks shared by every module, and the library's error types.

Every public function normalises its inputs here once, so that a rule broken anywhere in the
library is reported the same way: the parameter, the rule and the offending value (with the
first offending index for arrays)::

    retention must be in [0, 1); got 1.2 at index 3

Outputs follow the inputs: scalars in give a Python ``float`` out, array-likes give a
``numpy.ndarray`` of the broadcast shape, and a one-dimensional pandas ``Series`` gives a
``Series`` with the same index (pandas stays optional: it is only touched when a Series was
passed in, so it is already imported).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Collection, Mapping
from typing import Any, Final, Literal, NoReturn, TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = [
    "ArrayLike",
    "FloatArray",
    "FloatOrArray",
    "InvalidInputError",
    "NanPolicy",
    "NonFiniteError",
    "OutOfRangeError",
    "ShapeMismatchError",
    "Verbatim",
    "as_curve",
    "as_float_array",
    "as_nonnegative",
    "as_open_unit",
    "as_positive",
    "as_vector",
    "check_broadcastable",
    "check_choice",
    "check_integer",
    "check_range",
    "check_single",
    "plain_float_array",
    "plainly_within",
    "raise_at",
    "shape_of",
    "wrap_output",
]

ArrayLike: TypeAlias = npt.ArrayLike
"""Anything NumPy turns into an array: a number, a list, a tuple, an array or a pandas Series."""

FloatArray: TypeAlias = npt.NDArray[np.float64]
"""A NumPy array of float64."""

FloatOrArray: TypeAlias = "float | npt.NDArray[np.float64]"
"""The return type of vectorised metrics: ``float`` for scalar inputs, an array otherwise.

A one-dimensional pandas ``Series`` input gives a ``Series`` with the same index.
"""

NanPolicy: TypeAlias = Literal["propagate", "omit", "raise"]
"""How a function that documents ``nan_policy`` treats missing values."""

_NO_VALUE: Final = object()


class InvalidInputError(ValueError):
    """An argument breaks a documented rule.

    The base of the library's error family. It is a :class:`ValueError`, so existing
    ``except ValueError`` blocks keep working.

    Parameters
    ----------
    parameter : str
        Name of the offending parameter, as in the function's signature.
    rule : str
        The rule that was broken, phrased to follow the parameter name
        (``"must be in [0, 1)"``).
    value : object, optional
        The offending value (the first offending element for arrays).
    index : int or tuple of int, optional
        Position of the offending element in the argument, for arrays.

    Attributes
    ----------
    parameter, rule, value, index
        As given, so that callers can react to the error programmatically.

    Examples
    --------
    >>> err = InvalidInputError("retention", "must be in [0, 1)", 1.2, index=3)
    >>> str(err)
    'retention must be in [0, 1); got 1.2 at index 3'
    >>> isinstance(err, ValueError)
    True
    """

    def __init__(
        self,
        parameter: str,
        rule: str,
        value: object = _NO_VALUE,
        *,
        index: int | tuple[int, ...] | None = None,
    ) -> None:
        self.parameter = parameter
        self.rule = rule
        self.value = None if value is _NO_VALUE else value
        self.index = index
        message = f"{parameter} {rule}"
        if value is not _NO_VALUE:
            message += f"; got {_format_value(value)}"
        if index is not None:
            message += f" at index {index}"
        super().__init__(message)


class OutOfRangeError(InvalidInputError):
    """A numeric argument lies outside the range its parameter allows."""


class NonFiniteError(InvalidInputError):
    """A numeric argument holds NaN or an infinity where only finite numbers are allowed."""


class ShapeMismatchError(InvalidInputError):
    """Array arguments have shapes that cannot be used together."""


def _format_value(value: object) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (bool, int, float, str)):
        return repr(value)
    if isinstance(value, np.ndarray):
        return np.array2string(value, threshold=6, edgeitems=3, separator=", ")
    return str(value)


def _format_bound(bound: float) -> str:
    if math.isinf(bound):
        return "inf" if bound > 0 else "-inf"
    return str(int(bound)) if float(bound).is_integer() else repr(float(bound))


def _first_index(mask: npt.NDArray[np.bool_]) -> int | tuple[int, ...] | None:
    """Position of the first True in ``mask``: ``None`` for 0-d, int for 1-d, tuple otherwise."""
    if mask.ndim == 0:
        return None
    flat = int(np.argmax(mask.ravel()))
    if mask.ndim == 1:
        return flat
    return tuple(int(i) for i in np.unravel_index(flat, mask.shape))


def raise_at(
    error: type[InvalidInputError],
    parameter: str,
    rule: str,
    values: npt.NDArray[Any],
    bad: npt.NDArray[np.bool_],
) -> NoReturn:
    """Raise ``error`` for the first True of ``bad``, quoting the matching element of ``values``.

    ``values`` is broadcast to the shape of ``bad``, so a scalar parameter that only breaks a
    rule in combination with others (a joint condition) is reported with the right index.
    """
    index = _first_index(bad)
    shown = np.broadcast_to(values, bad.shape)
    value = shown[()] if index is None else shown[index]
    raise error(parameter, rule, value, index=index)


def as_float_array(value: ArrayLike, name: str, *, allow_nan: bool = False) -> FloatArray:
    """Coerce an array-like to a float64 array and reject non-finite entries.

    Parameters
    ----------
    value : array-like
        A number, list, tuple, array or pandas Series.
    name : str
        The parameter name used in error messages.
    allow_nan : bool, default False
        Let NaN through (for functions with a ``nan_policy``); infinities are still rejected.

    Returns
    -------
    numpy.ndarray
        The values as float64 (no copy when they already are).

    Raises
    ------
    InvalidInputError
        If the values are not numeric.
    NonFiniteError
        If a value is NaN (unless ``allow_nan``) or infinite.

    Examples
    --------
    >>> as_float_array([1, 2.5], "margin")
    array([1. , 2.5])
    >>> as_float_array([1.0, float("nan")], "margin")
    Traceback (most recent call last):
    ...
    servicemetrics._validation.NonFiniteError: margin must be finite; got nan at index 1
    """
    if isinstance(value, (str, bytes)):
        raise InvalidInputError(name, "must be numeric", value)
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(name, "must be numeric", value) from exc
    finite = np.isfinite(array)
    if not finite.all():
        bad = ~finite & ~np.isnan(array) if allow_nan else ~finite
        if bad.any():
            raise_at(NonFiniteError, name, "must be finite", array, bad)
    return array


def plain_float_array(value: ArrayLike) -> FloatArray | None:
    """``value`` as a float64 array without copying, or None if it is not plainly numeric."""
    if isinstance(value, (str, bytes)):
        return None
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        return None
    if array.dtype.kind not in "biuf" or array.size == 0:
        return None
    return np.asarray(array, dtype=np.float64)


def plainly_within(
    value: ArrayLike,
    *,
    low: float | None = None,
    high: float | None = None,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> FloatArray | None:
    """``value`` as a float64 array if it plainly holds finite numbers within the bounds, else None.

    A fast path for large inputs: two reductions (the minimum and the maximum, which NaN turns
    into NaN so that every comparison fails) replace the element-by-element checks, without
    temporary arrays. ``None`` means "not established": the caller then runs the rule-by-rule
    checks (:func:`as_float_array`, :func:`check_range`), which report the offending value.

    Examples
    --------
    >>> plainly_within([0.2, 0.9], low=0, high=1, high_inclusive=False)
    array([0.2, 0.9])
    >>> plainly_within([0.2, float("nan")], low=0, high=1) is None
    True
    """
    array = plain_float_array(value)
    if array is None:
        return None
    with np.errstate(invalid="ignore"):
        lowest, highest = array.min(), array.max()
        if not (math.isfinite(lowest) and math.isfinite(highest)):
            return None
        if low is not None and not (lowest >= low if low_inclusive else lowest > low):
            return None
        if high is not None and not (highest <= high if high_inclusive else highest < high):
            return None
    return array


def as_nonnegative(value: ArrayLike, name: str) -> FloatArray:
    """Coerce ``value`` with :func:`as_float_array` and check that it is >= 0.

    Examples
    --------
    >>> as_nonnegative([3.0, -1.0], "customers")
    Traceback (most recent call last):
    ...
    servicemetrics._validation.OutOfRangeError: customers must be >= 0; got -1.0 at index 1
    """
    return check_range(as_float_array(value, name), name, low=0)


def as_positive(value: ArrayLike, name: str) -> FloatArray:
    """Coerce ``value`` with :func:`as_float_array` and check that it is > 0.

    Examples
    --------
    >>> as_positive([3.0, 0.0], "handle_time")
    Traceback (most recent call last):
    ...
    servicemetrics._validation.OutOfRangeError: handle_time must be > 0; got 0.0 at index 1
    """
    return check_range(as_float_array(value, name), name, low=0, low_inclusive=False)


def as_open_unit(value: ArrayLike, name: str) -> FloatArray:
    """Coerce ``value`` with :func:`as_float_array` and check it lies strictly between 0 and 1.

    For rates at which a formula degenerates at either end: a retention rate, a target
    service level, a confidence level.

    Raises
    ------
    InvalidInputError, NonFiniteError
        As :func:`as_float_array`.
    OutOfRangeError
        Naming the first value outside (0, 1) and its index.

    Examples
    --------
    >>> as_open_unit([0.5, 1.0], "retention")
    Traceback (most recent call last):
    ...
    servicemetrics._validation.OutOfRangeError: retention must be in (0, 1); got 1.0 at index 1
    """
    return check_range(
        as_float_array(value, name), name, low=0, high=1, low_inclusive=False, high_inclusive=False
    )


def check_single(array: FloatArray, name: str) -> FloatArray:
    """Check that an already coerced array holds a single number (is zero-dimensional).

    Returns
    -------
    numpy.ndarray
        ``array`` unchanged, for chaining.

    Raises
    ------
    ShapeMismatchError
        Naming the shape that was given.

    Examples
    --------
    >>> check_single(np.array([0.9, 0.95]), "level")
    Traceback (most recent call last):
    ...
    servicemetrics._validation.ShapeMismatchError: level must be a single number; got shape (2,)
    """
    if array.ndim != 0:
        raise ShapeMismatchError(name, "must be a single number", shape_of(array))
    return array


def check_range(
    array: FloatArray,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> FloatArray:
    """Check that every element lies in an interval; NaN entries are not checked.

    Parameters
    ----------
    array : numpy.ndarray
        Values already coerced by :func:`as_float_array`.
    name : str
        The parameter name used in error messages.
    low, high : float, optional
        Bounds of the interval; ``None`` leaves that side open to infinity.
    low_inclusive, high_inclusive : bool, default True
        Whether each bound itself is allowed.

    Returns
    -------
    numpy.ndarray
        ``array`` unchanged, for chaining.

    Raises
    ------
    OutOfRangeError
        Naming the interval, the first offending value and its index.

    Examples
    --------
    >>> check_range(np.array([0.5, 0.9, 1.2]), "retention", low=0, high=1, high_inclusive=False)
    Traceback (most recent call last):
    ...
    servicemetrics._validation.OutOfRangeError: retention must be in [0, 1); got 1.2 at index 2
    """
    bad: npt.NDArray[np.bool_] | None = None
    if low is not None:
        bad = (array <= low) if not low_inclusive else (array < low)
    if high is not None:
        above = (array >= high) if not high_inclusive else (array > high)
        bad = above if bad is None else (bad | above)
    if bad is not None and bad.any():
        raise_at(
            OutOfRangeError,
            name,
            _interval_rule(low, high, low_inclusive, high_inclusive),
            array,
            bad,
        )
    return array


def _interval_rule(
    low: float | None, high: float | None, low_inclusive: bool, high_inclusive: bool
) -> str:
    if low is not None and high is not None:
        left = "[" if low_inclusive else "("
        right = "]" if high_inclusive else ")"
        return f"must be in {left}{_format_bound(low)}, {_format_bound(high)}{right}"
    if low is not None:
        return f"must be {'>=' if low_inclusive else '>'} {_format_bound(low)}"
    if high is not None:
        return f"must be {'<=' if high_inclusive else '<'} {_format_bound(high)}"
    return "must be a number"


def check_integer(array: FloatArray, name: str) -> FloatArray:
    """Check that every element is a whole number (NaN entries are not checked).

    Examples
    --------
    >>> check_integer(np.array([1.0, 2.5]), "horizon")
    Traceback (most recent call last):
    ...
    servicemetrics._validation.InvalidInputError: horizon must be a whole number; got 2.5 at index 1
    """
    # x - floor(x) is 0 exactly for whole numbers and NaN for NaN or an infinity; it is much
    # cheaper than np.mod, and its maximum settles the common case without a boolean array.
    fraction = np.floor(array, out=np.empty(array.shape))
    np.subtract(array, fraction, out=fraction)
    if fraction.size == 0 or fraction.max() == 0.0:
        return array
    bad = fraction != 0.0
    bad &= ~np.isnan(array)
    if bad.any():
        raise_at(InvalidInputError, name, "must be a whole number", array, bad)
    return array


def check_choice(value: object, name: str, choices: Collection[str]) -> str:
    """Check that a string option is one of the allowed choices.

    Examples
    --------
    >>> check_choice("middle", "timing", ("end", "start"))
    Traceback (most recent call last):
    ...
    servicemetrics._validation.InvalidInputError: timing must be one of 'end', 'start'; got 'middle'
    """
    if not isinstance(value, str) or value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise InvalidInputError(name, f"must be one of {allowed}", value)
    return value


def check_broadcastable(arrays: Mapping[str, FloatArray]) -> tuple[int, ...]:
    """Return the common broadcast shape of named arrays, or say which shapes clash.

    Examples
    --------
    >>> check_broadcastable({"margin": np.ones(3), "retention": np.ones(2)})
    Traceback (most recent call last):
    ...
    servicemetrics._validation.ShapeMismatchError: margin, retention must have broadcast-compatible shapes; got (3,), (2,)
    """
    shapes = [a.shape for a in arrays.values()]
    try:
        return np.broadcast_shapes(*shapes)
    except ValueError:
        names = ", ".join(arrays)
        got = ", ".join(str(s) for s in shapes)
        raise ShapeMismatchError(
            names, "must have broadcast-compatible shapes", Verbatim(got)
        ) from None


class Verbatim:
    """A value printed as it is in an error message (no quotes)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def as_vector(value: ArrayLike, name: str, *, allow_nan: bool = False) -> FloatArray:
    """Coerce to a non-empty one-dimensional float array (a list of customers, say).

    Examples
    --------
    >>> as_vector([[1.0, 2.0]], "values")
    Traceback (most recent call last):
    ...
    servicemetrics._validation.ShapeMismatchError: values must be one-dimensional; got shape (1, 2)
    >>> as_vector([], "values")
    Traceback (most recent call last):
    ...
    servicemetrics._validation.InvalidInputError: values must not be empty; got shape (0,)
    """
    array = as_float_array(value, name, allow_nan=allow_nan)
    if array.ndim != 1:
        raise ShapeMismatchError(name, "must be one-dimensional", shape_of(array))
    if array.size == 0:
        raise InvalidInputError(name, "must not be empty", shape_of(array))
    return array


def wrap_output(result: npt.NDArray[Any], *inputs: object) -> FloatOrArray:
    """Shape a computed array like the inputs: float, ndarray or pandas Series.

    A 0-d result becomes a Python ``float``. A one-dimensional result whose length matches a
    pandas Series among ``inputs`` becomes a Series with that index. Anything else is returned
    as the array itself.
    """
    if result.ndim == 0:
        return float(result)
    if result.ndim == 1:
        pandas = sys.modules.get("pandas")
        if pandas is not None:
            for item in inputs:
                if isinstance(item, pandas.Series) and len(item) == result.shape[0]:
                    series: FloatOrArray = pandas.Series(result, index=item.index)
                    return series
    return result.astype(np.float64, copy=False)


def shape_of(array: npt.NDArray[Any]) -> Verbatim:
    """The ``shape (…)`` text that error messages quote for an array of the wrong shape."""
    return Verbatim(f"shape {array.shape}")


def as_curve(value: ArrayLike, name: str, *, non_increasing: bool = False) -> FloatArray:
    """Coerce a curve of probabilities with periods along its last axis.

    Every value must lie in [0, 1] and the last axis must hold at least one period; with
    ``non_increasing`` (survival curves) no value may exceed the one before it, and the first
    value that does is reported.

    Examples
    --------
    >>> as_curve([0.9, 0.6, 0.7], "survival", non_increasing=True)
    Traceback (most recent call last):
    ...
    servicemetrics._validation.InvalidInputError: survival must be non-increasing along its last axis; got 0.7 at index 2
    """
    array = check_range(as_float_array(value, name), name, low=0, high=1)
    if array.ndim == 0 or array.shape[-1] == 0:
        raise InvalidInputError(
            name, "must have at least one period along its last axis", shape_of(array)
        )
    if non_increasing:
        # Flag the later element of each rising pair: that is the value a reader has to fix.
        rises = np.zeros(array.shape, dtype=bool)
        rises[..., 1:] = np.diff(array, axis=-1) > 0.0
        if rises.any():
            raise_at(
                InvalidInputError, name, "must be non-increasing along its last axis", array, rises
            )
    return array
