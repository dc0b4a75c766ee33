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
import re
import sys
from typing import Any, ClassVar, cast

import attrs
import numpy as np
import numpy.typing as npt

__all__ = ["ARRAY_EQ", "ResultModel", "array_field", "frozen_array"]

# Display limits: arrays show their first and last three values once they have more than
# eight; text, tuples and dictionaries are cut so that one field never floods a display.
_ARRAY_THRESHOLD = 8
_EDGE_ITEMS = 3
_REPR_TEXT = 80
_ARRAY_TEXT = 40
_HTML_TEXT = 1000
_MAX_ITEMS = 6
_HTML_ROWS = 20
_NESTED_REPR = 80

_ARRAY_FORMAT: Any = {  # numpy types the formatter dict with private names
    "float_kind": lambda x: f"{x:.6g}",
    "int_kind": str,
    "bool": str,
    "numpystr": lambda x: repr(_cut(str(x), _ARRAY_TEXT)),
    "datetime": str,
    "timedelta": str,
}


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
        if value.dtype.kind in "mM":  # dates and durations as ISO 8601 strings
            return value.astype(str).tolist()
        return value.tolist()
    if isinstance(value, (np.datetime64, np.timedelta64)):
        return str(value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _cut(text: str, limit: int) -> str:
    """``text`` shortened to at most ``limit`` characters, ending with an ellipsis if cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _array_text(value: npt.NDArray[Any]) -> str:
    """One line for an array: all values when few, else the first and last few with the size.

    A long vector shows its first and last three values; a large matrix its first and last two
    rows and columns; an array of three or more dimensions its first and last three values in
    memory order, with the shape.
    """
    large = value.size > _ARRAY_THRESHOLD
    shown = value.ravel() if large and value.ndim > 2 else value
    text = np.array2string(
        shown,
        threshold=_ARRAY_THRESHOLD,
        edgeitems=_EDGE_ITEMS if shown.ndim < 2 else _EDGE_ITEMS - 1,
        separator=", ",
        formatter=_ARRAY_FORMAT,
        max_line_width=sys.maxsize,
    )
    text = re.sub(r",?\n\s*", ", ", text)  # rows of a matrix on one line
    if large:
        text += f" ({value.size:,} values)" if value.ndim == 1 else f" (shape {value.shape})"
    return text


def _sequence_text(items: list[str], brackets: str) -> str:
    if len(items) > _MAX_ITEMS:
        n = len(items)
        items = [*items[:_EDGE_ITEMS], "...", *items[-_EDGE_ITEMS:], f"({n} items)"]
        return brackets[0] + ", ".join(items[:-1]) + brackets[1] + " " + items[-1]
    if brackets == "()" and len(items) == 1:
        return f"({items[0]},)"
    return brackets[0] + ", ".join(items) + brackets[1]


def _short(value: Any) -> str:
    """A compact one-line text form of a field value for ``__repr__``."""
    if isinstance(value, np.ndarray):
        return _array_text(value)
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    if isinstance(value, (np.datetime64, np.timedelta64)):
        return str(value)
    if isinstance(value, np.generic):
        return _short(value.item())
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, ResultModel):
        return _nested(value)
    if isinstance(value, str):
        return repr(_cut(value, _REPR_TEXT))
    if isinstance(value, tuple):
        return _sequence_text([_short(v) for v in value], "()")
    if isinstance(value, list):
        return _sequence_text([_short(v) for v in value], "[]")
    if isinstance(value, dict):
        items = [f"{_short(k)}: {_short(v)}" for k, v in value.items()]
        return _sequence_text(items, "{}")
    return _cut(repr(value), _REPR_TEXT)


def _nested(value: ResultModel) -> str:
    """A result inside a result: its repr if short, else its class and first field."""
    text = repr(value)
    if len(text) <= _NESTED_REPR:
        return text
    fields = value._fields(shown_only=True)
    first = f"{fields[0][0]}={_short(fields[0][1])}, " if fields else ""
    return f"{type(value).__name__}({_cut(first, _NESTED_REPR)}…)"


def _cell(value: Any) -> str:
    """The HTML of one field value: nested results as tables, the rest as escaped text."""
    if isinstance(value, ResultModel):
        return value._repr_html_()
    if (
        isinstance(value, tuple)
        and value
        and all(type(v) is type(value[0]) and isinstance(v, ResultModel) for v in value)
    ):
        return _records_table(value)
    if isinstance(value, np.ndarray):
        return f"<code>{html.escape(_array_text(value))}</code>"
    if isinstance(value, str):
        return html.escape(_cut(value, _HTML_TEXT))
    return html.escape(_short(value))


def _record_cell(value: Any) -> str:
    """One value in a row of ``_records_table``: text unquoted, the rest as in the repr."""
    text = _cut(value, _REPR_TEXT) if isinstance(value, str) else _short(value)
    return html.escape(text)


def _records_table(values: tuple[ResultModel, ...]) -> str:
    """Results of one class as a table with a row each, at most ``_HTML_ROWS`` rows shown."""
    names = [name for name, _ in values[0]._fields(shown_only=True)]
    head = "".join(f"<th style='text-align:left'>{html.escape(n)}</th>" for n in names)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td style='text-align:left'>{_record_cell(v)}</td>"
            for _, v in item._fields(shown_only=True)
        )
        + "</tr>"
        for item in values[:_HTML_ROWS]
    )
    if len(values) > _HTML_ROWS:
        rows += (
            f"<tr><td colspan='{len(names)}' style='text-align:left'>"
            f"… {len(values) - _HTML_ROWS} more</td></tr>"
        )
    return (
        "<table class='servicemetrics-result'>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


class ResultModel:
    """Mixin for frozen ``attrs`` result classes: repr, ``to_dict`` and notebook display.

    Subclasses are declared ``@attrs.frozen(repr=False)`` so that the summarising
    ``__repr__`` here is used. The repr is one line: arrays of more than eight values show
    their first and last three and their size, long text is cut, and a result nested in
    another shows its class and first field. The notebook table shows text in full (up to a
    thousand characters), nested results as nested tables, and a tuple of results of one
    class as a table with a row each.
    """

    __slots__ = ()
    _html_title: ClassVar[str | None] = None

    def _fields(self, *, shown_only: bool = False) -> list[tuple[str, Any]]:
        fields = attrs.fields(cast(Any, type(self)))
        return [(f.name, getattr(self, f.name)) for f in fields if f.repr or not shown_only]

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a dictionary of plain Python values (lists for arrays).

        Arrays become lists, enumerations their values, dates ISO 8601 strings and nested
        results dictionaries, so the result is ready for ``json.dumps``.
        """
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
            f"<td style='text-align:left'>{_cell(value)}</td></tr>"
            for name, value in self._fields(shown_only=True)
        )
        return (
            f"<table class='servicemetrics-result'>"
            f"<caption style='text-align:left'><b>{html.escape(title)}</b></caption>"
            f"<tbody>{rows}</tbody></table>"
        )
