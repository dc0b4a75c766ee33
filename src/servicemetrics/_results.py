"""Shared behaviour of the library's result models.

Result models are frozen ``attrs`` classes that inherit :class:`ResultModel`, which gives them

* a readable ``__repr__`` that summarises long arrays instead of printing them whole,
* ``to_dict()`` with plain Python values (lists, floats, strings), ready for JSON,
* ``_repr_html_()``, a compact table for Jupyter notebooks.

Array fields are declared as
``attrs.field(converter=frozen_array, eq=ARRAY_EQ)``: the array is copied, made read-only and
compared by value, so a result never changes after it is built. (The explicit ``attrs.field``
call is what lets type checkers see the field as required and typed by its converter.)
"""

from __future__ import annotations

import enum
import html
from typing import Any, ClassVar, cast

import attrs
import numpy as np
import numpy.typing as npt

__all__ = ["ARRAY_EQ", "ResultModel", "array_field", "frozen_array"]

_ARRAY_PRINT: dict[str, Any] = {"threshold": 8, "edgeitems": 3, "precision": 6, "separator": ", "}


def frozen_array(value: npt.ArrayLike) -> npt.NDArray[Any]:
    """Return a read-only copy of ``value`` as an array (strings stay strings)."""
    array = np.array(value, copy=True)
    if array.dtype.kind in "iub":
        array = array.astype(np.int64) if array.dtype.kind != "b" else array
    elif array.dtype.kind == "f":
        array = array.astype(np.float64)
    array.flags.writeable = False
    return array


def _arrays_equal(a: npt.NDArray[Any], b: npt.NDArray[Any]) -> bool:
    return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))


ARRAY_EQ = attrs.cmp_using(eq=_arrays_equal)
"""Equality of array fields by shape and values (NaN equal to NaN for floats)."""


def array_field(**kwargs: Any) -> Any:
    """An ``attrs`` field holding a read-only array compared by value."""
    return attrs.field(converter=frozen_array, eq=ARRAY_EQ, **kwargs)


def _plain(value: Any) -> Any:
    """Convert a field value to plain Python for ``to_dict``."""
    if isinstance(value, ResultModel):
        return value.to_dict()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _short(value: Any) -> str:
    """A compact text form of a field value for ``__repr__`` and HTML."""
    if isinstance(value, np.ndarray):
        return np.array2string(value, **_ARRAY_PRINT)
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, ResultModel):
        return type(value).__name__ + "(…)"
    return repr(value)


class ResultModel:
    """Mixin for frozen ``attrs`` result classes: repr, ``to_dict`` and notebook display.

    Subclasses are declared ``@attrs.frozen(repr=False)`` so that the summarising
    ``__repr__`` here is used.
    """

    __slots__ = ()
    _html_title: ClassVar[str | None] = None

    def _fields(self, *, shown_only: bool = False) -> list[tuple[str, Any]]:
        fields = attrs.fields(cast(Any, type(self)))
        return [(f.name, getattr(self, f.name)) for f in fields if f.repr or not shown_only]

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a dictionary of plain Python values (lists for arrays)."""
        return {name: _plain(value) for name, value in self._fields()}

    def __repr__(self) -> str:
        inner = ", ".join(
            f"{name}={_short(value)}" for name, value in self._fields(shown_only=True)
        )
        return f"{type(self).__name__}({inner})"

    def _repr_html_(self) -> str:
        title = self._html_title or type(self).__name__
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(name)}</th>"
            f"<td style='text-align:left'>{html.escape(_short(value))}</td></tr>"
            for name, value in self._fields(shown_only=True)
        )
        return (
            f"<table class='servicemetrics-result'>"
            f"<caption style='text-align:left'><b>{html.escape(title)}</b></caption>"
            f"<tbody>{rows}</tbody></table>"
        )
