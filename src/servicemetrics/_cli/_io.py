"""Reading CSV files into NumPy columns, and writing results as a table, CSV or JSON.

Rows are numbered as in a spreadsheet: the header is row 1 and the first data row is row 2.
Every value is read as text; conversions to numbers and dates are vectorised and report the
first bad value with its column, the rule it breaks and its row.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import math
import sys
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import IO, Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from servicemetrics._validation import InvalidInputError

__all__ = [
    "CliError",
    "Columns",
    "Output",
    "Progress",
    "read_csv",
    "write_output",
]

ROW_CONVENTION: Final = "rows counted with the header as row 1"
_NOT_APPLICABLE_TEXT: Final = ("", "n/a", "na", "not applicable")


class CliError(Exception):
    """A problem with the user's files or options, reported in one line with exit status 2."""


def _quote(value: object) -> str:
    return repr(str(value))


@attrs.frozen
class Columns:
    """The columns of a CSV file as arrays of stripped text, with each row's number.

    Attributes
    ----------
    path : str
        The file, as named on the command line.
    names : tuple of str
        Column names from the header, in file order.
    data : dict of str to numpy.ndarray of str
        Each column's values, whitespace stripped, in file order (blank lines left out).
    rows : numpy.ndarray of int
        Row number of each value in the file, the header being row 1.
    """

    path: str
    names: tuple[str, ...]
    data: Mapping[str, npt.NDArray[np.str_]]
    rows: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return int(self.rows.size)

    def column(self, name: str, option: str) -> npt.NDArray[np.str_]:
        """The values of column ``name``, which ``option`` named; a clear error if missing."""
        if name not in self.data:
            available = ", ".join(_quote(n) for n in self.names)
            raise CliError(
                f"{self.path}: no column {_quote(name)} (named by {option}); "
                f"the columns are {available}"
            )
        return self.data[name]

    def fail_first(
        self,
        column: str,
        rule: str,
        values: npt.NDArray[Any],
        bad: npt.NDArray[np.bool_],
    ) -> None:
        """Raise for the first True of ``bad`` (if any), quoting the text of the file."""
        if not bad.any():
            return
        position = int(np.argmax(bad))
        raise CliError(
            f"{self.path}: column {_quote(column)} {rule}; got {_quote(values[position])} "
            f"at row {int(self.rows[position])} ({ROW_CONVENTION})"
        )

    def numbers(
        self, name: str, option: str, *, missing: str = "error", low: float | None = None
    ) -> npt.NDArray[np.float64]:
        """Column ``name`` as finite floats; empty cells are NaN when ``missing="nan"``."""
        text = self.column(name, option)
        blank = text == ""
        if missing == "error":
            self.fail_first(name, "must not be empty", text, blank)
        values = to_numbers(
            text, blank, lambda bad: self.fail_first(name, _NUMBER_RULE, text, bad)
        )
        self.fail_first(name, "must be a finite number", text, ~blank & ~np.isfinite(values))
        if low is not None:
            self.fail_first(name, f"must be >= {low:g}", text, ~blank & (values < low))
        return values

    def dates(self, name: str, option: str) -> npt.NDArray[np.datetime64]:
        """Column ``name`` as timezone-naive datetime64 values from ISO 8601 text."""
        text = self.column(name, option)
        self.fail_first(name, "must not be empty", text, text == "")
        return to_dates(text, lambda bad, rule: self.fail_first(name, rule, text, bad))

    def identifiers(self, name: str, option: str) -> npt.NDArray[Any]:
        """Column ``name`` as identifiers: int64 when every value is a plain integer."""
        text = self.column(name, option)
        self.fail_first(name, "must not be empty", text, text == "")
        return to_identifiers(text)


_NUMBER_RULE: Final = "must be a number"
_ANSWER_RULE: Final = (
    "must be 1 (pass), 0 (fail), a fraction for partial credit or -1/N/A (not applicable)"
)


def to_numbers(
    text: npt.NDArray[np.str_],
    blank: npt.NDArray[np.bool_],
    fail: Callable[[npt.NDArray[np.bool_]], None],
) -> npt.NDArray[np.float64]:
    """Parse text as floats (blank cells give NaN); ``fail(bad)`` reports unparsable cells."""
    filled = np.where(blank, "nan", text)
    try:
        return filled.astype(np.float64)
    except ValueError:
        # Only on the error path: locate the first cell NumPy could not parse.
        bad = np.zeros(text.shape, dtype=bool)
        for position, cell in enumerate(filled.tolist()):
            try:
                float(cell)
            except ValueError:
                bad[position] = True
                break
        fail(bad)
        raise  # pragma: no cover - fail always raises


def to_dates(
    text: npt.NDArray[np.str_], fail: Callable[[npt.NDArray[np.bool_], str], None]
) -> npt.NDArray[np.datetime64]:
    """Parse ISO 8601 dates or date-times (``YYYY-MM-DD``, ``YYYY-MM-DDTHH:MM[:SS]``)."""
    rule = "must be an ISO 8601 date such as 2024-03-31 or 2024-03-31T14:05"
    shaped = np.char.str_len(text) >= 10
    shaped &= np.char.find(text, "-") == 4
    fail(~shaped, rule)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        warnings.simplefilter("error", DeprecationWarning)
        try:
            return text.astype("datetime64")
        except (UserWarning, DeprecationWarning, ValueError):
            pass
    bad = np.zeros(text.shape, dtype=bool)
    for position, cell in enumerate(text.tolist()):
        with warnings.catch_warnings():
            warnings.simplefilter("error", UserWarning)
            warnings.simplefilter("error", DeprecationWarning)
            try:
                np.datetime64(cell)
            except (UserWarning, DeprecationWarning):
                bad[position] = True
                fail(bad, "must be a timezone-naive date (no zone or offset)")
            except ValueError:
                bad[position] = True
                fail(bad, rule)
    raise AssertionError("unreachable")  # pragma: no cover


def to_identifiers(text: npt.NDArray[np.str_]) -> npt.NDArray[Any]:
    """Integers when every identifier is written as a plain integer, else the text itself."""
    try:
        numbers = text.astype(np.int64)
    except (ValueError, OverflowError):
        return text
    if np.array_equal(numbers.astype(str), text):
        return numbers
    return text


def answer_codes(columns: Columns, names: Sequence[str]) -> npt.NDArray[np.float64]:
    """Audit answers as a (rows, criteria) matrix; N/A text and blank cells become -1.

    Words are accepted for the codes: pass, yes, y, true (1); fail, no, n, false (0); n/a, na,
    "not applicable" or an empty cell (-1).
    """
    text = np.stack([columns.column(name, "--standard") for name in names], axis=1)
    lowered = np.char.lower(text)
    words = {
        **dict.fromkeys(("pass", "yes", "y", "true"), "1"),
        **dict.fromkeys(("fail", "no", "n", "false"), "0"),
        **dict.fromkeys(_NOT_APPLICABLE_TEXT, "-1"),
    }
    coded = lowered.astype(f"<U{max(2, lowered.dtype.itemsize // 4)}")
    for word, code in words.items():
        coded[lowered == word] = code
    blank = np.zeros(coded.shape, dtype=bool)
    try:
        return coded.astype(np.float64)
    except ValueError:
        for j, name in enumerate(names):

            def fail(bad: npt.NDArray[np.bool_], name: str = name, j: int = j) -> None:
                columns.fail_first(name, _ANSWER_RULE, text[:, j], bad)

            to_numbers(coded[:, j], blank[:, j], fail)
        raise


def _pandas() -> Any | None:
    try:
        return importlib.import_module("pandas")
    except ImportError:
        return None


def _read_header(path: str, delimiter: str) -> list[str]:
    with _open(path) as handle:
        try:
            first = next(csv.reader(handle, delimiter=delimiter), None)
        except csv.Error as error:
            raise CliError(f"{path}: not a valid CSV file ({error})") from None
        except UnicodeDecodeError:
            raise CliError(f"{path}: is not UTF-8 text") from None
    if first is None or not any(cell.strip() for cell in first):
        raise CliError(f"{path}: the file is empty (it needs a header row and data rows)")
    names = [cell.strip() for cell in first]
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if name == "":
            raise CliError(f"{path}: column {position} of the header row (row 1) has no name")
        if name in seen:
            raise CliError(f"{path}: the header row (row 1) names column {_quote(name)} twice")
        seen.add(name)
    return names


def _open(path: str) -> IO[str]:
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{path}: is a directory, not a CSV file") from None
    except OSError as error:
        raise CliError(f"{path}: cannot be read ({error.strerror})") from None


def _read_with_csv(path: str, names: list[str], delimiter: str) -> list[list[str]]:
    """Every data record (header skipped) as a list of cells, with the stdlib reader."""
    width = len(names)
    with _open(path) as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            next(reader)
            records = list(reader)
        except csv.Error as error:
            raise CliError(f"{path}: not a valid CSV file ({error})") from None
        except UnicodeDecodeError:
            raise CliError(f"{path}: is not UTF-8 text") from None
    for index, record in enumerate(records):
        if len(record) > width:
            raise CliError(
                f"{path}: row {index + 2} has {len(record)} fields but the header has {width} "
                f"({ROW_CONVENTION})"
            )
    return records


def _columns_from_records(records: list[list[str]], width: int) -> list[npt.NDArray[np.str_]]:
    padded = [record + [""] * (width - len(record)) for record in records]
    table = np.array(padded, dtype=str).reshape(len(records), width)
    return [table[:, j] for j in range(width)]


def _columns_with_pandas(
    pandas: Any, path: str, names: list[str], delimiter: str
) -> list[npt.NDArray[np.str_]] | None:
    """The columns read by pandas' C parser, or None when it refuses the file."""
    try:
        # Without a header, the header row sets the width: longer rows are parser errors.
        frame = pandas.read_csv(
            path,
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            encoding="utf-8-sig",
            engine="c",
        )
    except (ValueError, UnicodeDecodeError, pandas.errors.ParserError):
        return None
    if frame.shape[1] != len(names):
        return None
    return [frame.iloc[1:, j].to_numpy(dtype=str) for j in range(len(names))]


def _strip(text: npt.NDArray[np.str_]) -> npt.NDArray[np.str_]:
    """Remove surrounding whitespace (with NumPy's string ufuncs where available)."""
    strings = getattr(np, "strings", None)
    stripped: npt.NDArray[np.str_] = (
        strings.strip(text) if strings is not None else np.char.strip(text)
    )
    return stripped


def read_csv(path: str, *, delimiter: str = ",", use_pandas: bool | None = None) -> Columns:
    """Read a CSV file with a header row into text columns.

    pandas' parser is used when pandas is installed (it is faster on large files) and the
    standard library's :mod:`csv` otherwise; both give the same columns and the same errors.
    Blank lines are skipped but still counted in row numbers.
    """
    names = _read_header(path, delimiter)
    pandas = _pandas() if use_pandas is not False else None
    columns = None
    if pandas is not None:
        columns = _columns_with_pandas(pandas, path, names, delimiter)
    if columns is None:
        records = _read_with_csv(path, names, delimiter)
        columns = _columns_from_records(records, len(names))
    stripped = [_strip(column.astype(str)) for column in columns]
    n_records = stripped[0].size if stripped else 0
    rows = np.arange(2, n_records + 2, dtype=np.int64)
    filled = np.zeros(n_records, dtype=bool)
    for column in stripped:
        filled |= column != ""
    if not filled.any():
        raise CliError(f"{path}: has a header row but no data rows")
    data = {name: column[filled] for name, column in zip(names, stripped, strict=True)}
    return Columns(path, tuple(names), data, rows[filled])


def library_error(
    error: InvalidInputError,
    columns: Columns,
    column: str,
    rows: npt.NDArray[np.int64] | None = None,
    values: npt.NDArray[Any] | None = None,
) -> CliError:
    """Restate a library error about an array read from ``column`` with the row number."""
    index = error.index
    row_numbers = columns.rows if rows is None else rows
    if isinstance(index, tuple):
        index = index[0]
    if index is None or not 0 <= index < row_numbers.size:
        return CliError(f"{columns.path}: column {_quote(column)}: {error}")
    shown = error.value if values is None else values[index]
    return CliError(
        f"{columns.path}: column {_quote(column)} {error.rule}; got {_quote(shown)} "
        f"at row {int(row_numbers[index])} ({ROW_CONVENTION})"
    )


# --- output ---------------------------------------------------------------------------------


@attrs.frozen
class Output:
    """A command's result: a table of rows, and summary facts about the whole file.

    ``columns`` maps each column name to its values (one per row); ``summary`` holds
    JSON-ready facts, printed above the table in the text format; ``notes`` are extra text
    lines for the table format only.
    """

    title: str
    columns: Mapping[str, Sequence[Any] | npt.NDArray[Any]]
    summary: Mapping[str, Any] = attrs.field(factory=dict)
    notes: Sequence[str] = ()
    units: Mapping[str, str] = attrs.field(factory=dict)


def _plain(value: Any) -> Any:
    """A JSON-ready Python value: NaN and infinities become None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    return value


def _plain_column(values: Sequence[Any] | npt.NDArray[Any]) -> list[Any]:
    """A column as Python values, NaN and infinities as None (vectorised for numbers)."""
    array = np.asarray(values)
    if array.dtype.kind == "f":
        finite = np.isfinite(array)
        if finite.all():
            return list(array.tolist())
        cells = array.astype(object)
        cells[~finite] = None
        return list(cells.tolist())
    if array.dtype.kind in "iubU":
        return list(array.tolist())
    return [_plain(v) for v in values]


def _records(output: Output) -> list[dict[str, Any]]:
    names = list(output.columns)
    lists = [_plain_column(output.columns[name]) for name in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*lists, strict=True)]


def _cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        if value.is_integer():
            return f"{value:.0f}"
        return f"{value:.1f}" if abs(value) >= 100 else f"{value:.4g}"
    return str(value)


_NUMERIC_START: Final = frozenset("0123456789+-.[")


def format_table(
    columns: Mapping[str, Sequence[Any] | npt.NDArray[Any]], units: Mapping[str, str]
) -> list[str]:
    """Columns as aligned text: text left-aligned, numbers right-aligned."""
    headers = [name + (f" ({units[name]})" if name in units else "") for name in columns]
    cells = [[_cell(v) for v in columns[name]] for name in columns]
    numeric = [
        all(c == "" or c == "n/a" or c[0] in _NUMERIC_START for c in column) for column in cells
    ]
    widths = [
        max([len(header)] + [len(c) for c in column])
        for header, column in zip(headers, cells, strict=True)
    ]

    def line(values: Sequence[str]) -> str:
        parts = [
            value.rjust(width) if right else value.ljust(width)
            for value, width, right in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(headers), line(["-" * width for width in widths])]
    out += [line(row) for row in zip(*cells, strict=True)]
    return out


def _summary_value(value: Any) -> str:
    value = _plain(value)
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} {_estimate(v)}" for k, v in value.items())
    return _cell(value)


def _estimate(value: Any) -> str:
    """An estimate with its standard error, ``{"estimate": e, "standard_error": s}``."""
    if isinstance(value, dict) and "estimate" in value:
        error = value.get("standard_error")
        shown = f"{value['estimate']:.4g}"
        return shown if error is None else f"{shown} (se {error:.2g})"
    return _cell(value)


def render(output: Output, fmt: str) -> str:
    """The output in ``fmt`` (``"table"``, ``"csv"`` or ``"json"``) as text."""
    if fmt == "json":
        document = {"title": output.title, "summary": _plain(dict(output.summary))}
        document["rows"] = _records(output)
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(list(output.columns))
        for record in _records(output):
            writer.writerow(["" if v is None else v for v in record.values()])
        return buffer.getvalue()
    lines = [output.title, "=" * len(output.title)]
    if output.summary:
        width = max(len(key) for key in output.summary)
        lines += [f"{key.ljust(width)}  {_summary_value(v)}" for key, v in output.summary.items()]
    lines += list(output.notes)
    lines.append("")
    lines += format_table(output.columns, output.units)
    return "\n".join(lines) + "\n"


def write_output(output: Output, fmt: str, destination: str | None) -> None:
    """Write the rendered output to ``destination`` (a path) or to standard output."""
    text = render(output, fmt)
    if destination is None or destination == "-":
        sys.stdout.write(text)
        return
    try:
        with open(destination, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        raise CliError(f"{destination}: cannot be written ({error.strerror})") from None


@attrs.define
class Progress:
    """Stage messages on standard error ("reading 6,919 rows…"), or nothing."""

    enabled: bool
    stream: IO[str] = attrs.field(factory=lambda: sys.stderr)

    @classmethod
    def choose(cls, *, progress: bool, quiet: bool) -> Progress:
        """On with ``--progress`` or when stderr is a terminal; always off with ``--quiet``."""
        if quiet:
            return cls(False)
        return cls(progress or sys.stderr.isatty())

    def __call__(self, message: str) -> None:
        if self.enabled:
            print(f"servicemetrics: {message}", file=self.stream, flush=True)
