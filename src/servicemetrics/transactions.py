r"""Per-customer frequency, recency, age and spend from a transaction log.

Customer-base models such as the BG/NBD and Pareto/NBD do not read transactions; they read, for
each customer, three numbers (and a fourth for spend models):

* **frequency** :math:`x`, the number of *repeat* purchase periods: periods with at least one
  purchase, after the period of the first purchase;
* **recency** :math:`t_x`, the time from the first purchase to the last one;
* **age** :math:`T`, the time from the first purchase to the end of observation;
* **monetary value** :math:`\bar z`, the mean value of the repeat purchase periods.

Time is counted on a *grain* (``freq``): days, weeks, calendar months or any fixed
:class:`numpy.timedelta64`. Every timestamp is mapped to the period that contains it, several
purchases of a customer in the same period count as one purchase whose value is their sum, and
recency and age are differences of period numbers. They are expressed in periods of the grain,
or in another ``unit`` (the literature's CDNOW summaries count days and report weeks, days / 7).

:func:`summarize` computes the summary, :func:`calibration_holdout` splits a log at a date into
a calibration summary and the purchases of the same customers afterwards, and :func:`compress`
gathers customers with the same history, so that a model's likelihood is evaluated once per
distinct history.

The work is one sort of the log on a combined (customer, period) integer key and a few
reductions over it (:func:`numpy.add.reduceat`), with no loop over customers: ten million
transactions take seconds.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any, Final, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from servicemetrics._fields import OPTIONAL_NUMBER_EQ
from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array
from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    InvalidInputError,
    NonFiniteError,
    OutOfRangeError,
    ShapeMismatchError,
    Verbatim,
    as_float_array,
    check_integer,
    check_range,
    raise_at,
    shape_of,
)

__all__ = [
    "CalibrationHoldout",
    "CompressedHistories",
    "TransactionSummary",
    "calibration_holdout",
    "compress",
    "summarize",
]

IntArray: TypeAlias = npt.NDArray[np.int64]

Grain: TypeAlias = "str | np.timedelta64"
"""A time grain: ``"D"`` (days), ``"W"`` (weeks from Monday), ``"M"`` (calendar months) or a
positive :class:`numpy.timedelta64`."""

_FREQ_NAMES: Final = ("D", "W", "M")
_EPOCH: Final = np.datetime64("1970-01-01T00:00:00", "s")
# 1970-01-05 was a Monday: weeks run Monday to Sunday, as ISO 8601 and pandas' "W" periods do.
_MONDAY: Final = np.datetime64("1970-01-05T00:00:00", "s")
_FIXED_GRAINS: Final = {"D": np.timedelta64(1, "D"), "W": np.timedelta64(7, "D")}


def _frozen_ids(value: npt.ArrayLike) -> npt.NDArray[Any]:
    """A read-only copy of the identifiers in their own dtype (uint64 ids stay unsigned)."""
    array = np.array(value, copy=True)
    array.flags.writeable = False
    return array


def _optional_array(value: npt.ArrayLike | None) -> npt.NDArray[Any] | None:
    return None if value is None else frozen_array(value)


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError as exc:  # pragma: no cover - exercised only without pandas
        raise ImportError(
            "to_dataframe needs pandas: pip install 'servicemetrics[pandas]'"
        ) from exc


@attrs.frozen(repr=False)
class TransactionSummary(ResultModel):
    """Frequency, recency, age and mean repeat spend of every customer of a transaction log.

    Customers are listed once each, sorted by ``customer_id``; ``len(summary)`` is their
    number.

    Attributes
    ----------
    customer_id : numpy.ndarray, shape (n_customers,)
        The distinct customer identifiers, sorted.
    frequency : numpy.ndarray of int, shape (n_customers,)
        Repeat purchase periods: periods with a purchase, minus one for the first.
    recency : numpy.ndarray of float, shape (n_customers,)
        Time from the first purchase period to the last, in ``unit``; 0 without repeat purchase.
    T : numpy.ndarray of float, shape (n_customers,)
        Time from the first purchase period to the period of ``end``, in ``unit``.
    monetary_value : numpy.ndarray of float or None, shape (n_customers,)
        Mean value of the repeat purchase periods (a period's value is the sum of its
        purchases); the first purchase is left out, and customers without a repeat purchase
        get 0. ``None`` when no amounts were given.
    freq : str
        The grain purchases were grouped on (``"D"``, ``"W"``, ``"M"`` or a timedelta's text).
    unit : str
        The unit of ``recency`` and ``T``.
    end : numpy.datetime64
        End of observation.
    """

    customer_id: np.ndarray = attrs.field(converter=_frozen_ids, eq=ARRAY_EQ)
    frequency: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    recency: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    T: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    monetary_value: np.ndarray | None = attrs.field(
        converter=_optional_array, eq=OPTIONAL_NUMBER_EQ
    )
    freq: str
    unit: str
    end: np.datetime64

    def __len__(self) -> int:
        """Number of customers."""
        return int(self.customer_id.size)

    def to_dict(self) -> dict[str, Any]:
        """The fields as plain Python values, ``end`` as an ISO 8601 string (JSON-ready)."""
        fields = super().to_dict()
        fields["end"] = str(self.end)
        return fields

    def compress(self) -> CompressedHistories:
        """Gather customers with the same (frequency, recency, T); see :func:`compress`."""
        return compress(self.frequency, self.recency, self.T)

    def to_dataframe(self) -> Any:
        """The summary as a pandas DataFrame indexed by customer (needs pandas).

        Columns ``frequency``, ``recency``, ``T`` and, when amounts were given,
        ``monetary_value``.
        """
        pandas = _pandas()
        columns: dict[str, np.ndarray] = {
            "frequency": self.frequency,
            "recency": self.recency,
            "T": self.T,
        }
        if self.monetary_value is not None:
            columns["monetary_value"] = self.monetary_value
        return pandas.DataFrame(columns, index=pandas.Index(self.customer_id, name="customer_id"))


@attrs.frozen(repr=False)
class CalibrationHoldout(ResultModel):
    """A calibration-period summary and each of its customers' purchases in the holdout period.

    Attributes
    ----------
    calibration : TransactionSummary
        Summary of the transactions up to ``calibration_end`` (its ``end``). Only customers
        with a purchase in the calibration period are listed.
    frequency_holdout : numpy.ndarray of int, shape (n_customers,)
        Purchase periods of each calibration customer after ``calibration_end`` and up to
        ``observation_end`` (every one of them is a repeat purchase).
    duration_holdout : float
        Length of the holdout period in the calibration's ``unit``: from the period of
        ``calibration_end`` to the period of ``observation_end``.
    monetary_value_holdout : numpy.ndarray of float or None, shape (n_customers,)
        Mean value of the holdout purchase periods, 0 for customers without one; ``None`` when
        no amounts were given.
    observation_end : numpy.datetime64
        End of the holdout period.
    """

    calibration: TransactionSummary
    frequency_holdout: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    duration_holdout: float
    monetary_value_holdout: np.ndarray | None = attrs.field(
        converter=_optional_array, eq=OPTIONAL_NUMBER_EQ
    )
    observation_end: np.datetime64

    def to_dict(self) -> dict[str, Any]:
        """The fields as plain Python values, dates as ISO 8601 strings (JSON-ready)."""
        fields = super().to_dict()
        fields["observation_end"] = str(self.observation_end)
        return fields

    def to_dataframe(self) -> Any:
        """Calibration summary and holdout columns in one pandas DataFrame (needs pandas)."""
        frame = self.calibration.to_dataframe()
        frame["frequency_holdout"] = self.frequency_holdout
        frame["duration_holdout"] = self.duration_holdout
        if self.monetary_value_holdout is not None:
            frame["monetary_value_holdout"] = self.monetary_value_holdout
        return frame


@attrs.frozen(repr=False)
class CompressedHistories(ResultModel):
    """Distinct (frequency, recency, T) histories and how many customers share each.

    Attributes
    ----------
    frequency, recency, T : numpy.ndarray, shape (n_histories,)
        The distinct histories, sorted by frequency, then recency, then T (then monetary
        value).
    weights : numpy.ndarray of int, shape (n_histories,)
        Number of customers with each history; pass it as a model's ``weights=``.
    inverse : numpy.ndarray of int, shape (n_customers,) or None
        Row of each original customer: ``frequency[inverse]`` gives back the input. ``None``
        when the histories were counted without a row per customer
        (:func:`servicemetrics.dask.compress`).
    monetary_value : numpy.ndarray of float, shape (n_histories,) or None
        Mean repeat spend of each history, when it was part of the grouping; pass it with
        ``frequency`` and ``weights`` to a spend model's fit.
    """

    frequency: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    recency: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    T: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    weights: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    inverse: np.ndarray | None = attrs.field(
        default=None, converter=_optional_array, eq=OPTIONAL_NUMBER_EQ
    )
    monetary_value: np.ndarray | None = attrs.field(
        default=None, converter=_optional_array, eq=OPTIONAL_NUMBER_EQ
    )

    def expand(self, values: ArrayLike) -> npt.NDArray[Any]:
        """Spread one value per history back to one value per original customer.

        Parameters
        ----------
        values : array-like of shape (n_histories,)
            A prediction or any number per distinct history.

        Returns
        -------
        numpy.ndarray of shape (n_customers,)
            ``values[inverse]``, in the customers' original order.

        Raises
        ------
        ShapeMismatchError
            If ``values`` does not hold one value per history.
        InvalidInputError
            If the histories were counted without a row per customer (``inverse`` is None).
        """
        if self.inverse is None:
            raise InvalidInputError(
                "values",
                "cannot be spread back to customers: these histories were counted without a "
                "row per customer (predict per customer from the summary instead)",
            )
        array = np.asarray(values)
        if array.shape != self.weights.shape:
            raise ShapeMismatchError(
                "values", f"must have shape {self.weights.shape}", shape_of(array)
            )
        expanded: npt.NDArray[Any] = array[self.inverse]
        return expanded


# --- input coercion ---------------------------------------------------------------------------


def _as_timestamps(value: object, name: str) -> npt.NDArray[np.datetime64]:
    """Coerce to datetime64 (from datetime64, datetime objects or ISO 8601 strings)."""
    array = np.asarray(value)
    if array.dtype.kind != "M":
        if array.dtype.kind not in "UOS":
            raise InvalidInputError(
                name, "must hold datetime64 values or ISO 8601 date strings", array
            )
        with warnings.catch_warnings():
            # NumPy converts zone-aware values to UTC with only a warning, which would move
            # purchases to other days; refuse them instead.
            warnings.simplefilter("error", UserWarning)
            warnings.simplefilter("error", DeprecationWarning)
            try:
                array = array.astype("datetime64")
            except (UserWarning, DeprecationWarning) as exc:
                raise InvalidInputError(
                    name,
                    "must be timezone-naive (convert to local time and drop the zone, e.g. "
                    "with pandas' .dt.tz_localize(None))",
                ) from exc
            except (TypeError, ValueError) as exc:
                raise InvalidInputError(
                    name, "must hold datetime64 values or ISO 8601 date strings", array
                ) from exc
    missing = np.isnat(array)
    if missing.any():
        index = int(np.argmax(missing.ravel())) if missing.ndim else None
        raise NonFiniteError(name, "must not be NaT", Verbatim("NaT"), index=index)
    return array


def _as_end(value: object, name: str) -> np.datetime64:
    array = _as_timestamps(value, name)
    if array.ndim != 0:
        raise ShapeMismatchError(name, "must be a single date", shape_of(array))
    end: np.datetime64 = array.reshape(1)[0]
    return end


def _as_grain(freq: object, name: str) -> np.timedelta64 | None:
    """The fixed length of a grain, or ``None`` for calendar months."""
    if isinstance(freq, np.timedelta64):
        if np.datetime_data(freq.dtype)[0] in ("Y", "M", "generic"):
            raise InvalidInputError(
                name, "must be a timedelta64 of fixed length (a unit from weeks to seconds)", freq
            )
        if np.isnat(freq) or freq <= np.timedelta64(0, "s"):
            raise InvalidInputError(name, "must be a positive timedelta64", freq)
        return freq
    if isinstance(freq, str) and freq in _FREQ_NAMES:
        return _FIXED_GRAINS.get(freq)
    raise InvalidInputError(name, "must be one of 'D', 'W', 'M' or a positive timedelta64", freq)


def _grain_name(freq: Grain) -> str:
    return freq if isinstance(freq, str) else str(freq)


def _periods(
    timestamps: npt.NDArray[np.datetime64], freq: Grain, grain: np.timedelta64 | None
) -> IntArray:
    """Number of the period containing each timestamp (floor, also before 1970)."""
    if grain is None:
        months: IntArray = timestamps.astype("datetime64[M]").astype(np.int64)
        return months
    origin = _MONDAY if isinstance(freq, str) and freq == "W" else _EPOCH
    periods: IntArray = ((timestamps - origin) // grain).astype(np.int64)
    return periods


def _unit_factor(
    freq: Grain, grain: np.timedelta64 | None, unit: object
) -> tuple[float, float, str]:
    """Numerator and denominator turning a number of periods into ``unit``, and its name."""
    if unit is None:
        return 1.0, 1.0, _grain_name(freq)
    unit_length = _as_grain(unit, "unit")
    if grain is None or unit_length is None:
        if grain is None and unit_length is None:
            return 1.0, 1.0, "M"
        raise InvalidInputError(
            "unit", "must be 'M' exactly when freq is 'M' (months have no fixed length)", unit
        )
    common = np.promote_types(grain.dtype, unit_length.dtype)
    numerator = float(grain.astype(common).astype(np.int64))
    denominator = float(unit_length.astype(common).astype(np.int64))
    return numerator, denominator, _grain_name(unit if isinstance(unit, str) else unit_length)


def _as_ids(value: object) -> npt.NDArray[Any]:
    array = np.asarray(value)
    if array.ndim != 1:
        raise ShapeMismatchError("customer_id", "must be one-dimensional", shape_of(array))
    if array.size == 0:
        raise InvalidInputError("customer_id", "must not be empty", shape_of(array))
    if array.dtype.kind == "f":
        bad = ~np.isfinite(array)
        if bad.any():
            raise_at(NonFiniteError, "customer_id", "must be finite", array, bad)
    return array


def _id_codes(ids: npt.NDArray[Any]) -> tuple[IntArray, npt.NDArray[Any] | None]:
    """Integer keys for the customers, and the sorted distinct ids when keys are codes."""
    fits_int64 = ids.dtype.kind == "i" or (
        ids.dtype.kind == "u" and int(ids.max()) <= np.iinfo(np.int64).max
    )
    if fits_int64:
        return ids.astype(np.int64, copy=False), None
    try:
        distinct, codes = np.unique(ids, return_inverse=True)
    except TypeError as exc:
        raise InvalidInputError(
            "customer_id", "must hold mutually comparable values (numbers or strings)"
        ) from exc
    return codes.astype(np.int64, copy=False).ravel(), distinct


def _check_lengths(arrays: dict[str, npt.NDArray[Any]]) -> None:
    lengths = {name: a.shape for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        got = ", ".join(str(shape) for shape in lengths.values())
        raise ShapeMismatchError(
            ", ".join(lengths), "must have the same one-dimensional shape", Verbatim(got)
        )


def _from_data(
    data: object, customer_id: object, timestamp: object, amount: object
) -> tuple[object, object, object]:
    """Look up the columns named by the three arguments in ``data`` (a DataFrame or mapping)."""
    if data is None:
        return customer_id, timestamp, amount
    columns = []
    for parameter, column in (("customer_id", customer_id), ("timestamp", timestamp)):
        try:
            columns.append(data[column])  # type: ignore[index]
        except (KeyError, TypeError, IndexError) as exc:
            raise InvalidInputError(parameter, "must name a column of data", column) from exc
    if amount is not None:
        try:
            return columns[0], columns[1], data[amount]  # type: ignore[index]
        except (KeyError, TypeError, IndexError) as exc:
            raise InvalidInputError("amount", "must name a column of data", amount) from exc
    return columns[0], columns[1], None


@attrs.frozen
class _Log:
    """A validated transaction log: integer customer keys, periods, timestamps, amounts."""

    keys: IntArray
    distinct_ids: npt.NDArray[Any] | None
    timestamps: npt.NDArray[np.datetime64]
    periods: IntArray
    amount: FloatArray | None

    def ids_of(self, keys: IntArray) -> npt.NDArray[Any]:
        return keys if self.distinct_ids is None else self.distinct_ids[keys]

    def subset(self, mask: npt.NDArray[np.bool_]) -> _Log:
        return _Log(
            self.keys[mask],
            self.distinct_ids,
            self.timestamps[mask],
            self.periods[mask],
            None if self.amount is None else self.amount[mask],
        )


def _validated_log(
    customer_id: object,
    timestamp: object,
    amount: object,
    freq: Grain,
    grain: np.timedelta64 | None,
) -> _Log:
    ids = _as_ids(customer_id)
    times = _as_timestamps(timestamp, "timestamp")
    if times.ndim != 1:
        raise ShapeMismatchError("timestamp", "must be one-dimensional", shape_of(times))
    arrays: dict[str, npt.NDArray[Any]] = {"customer_id": ids, "timestamp": times}
    values = None
    if amount is not None:
        values = as_float_array(amount, "amount")  # type: ignore[arg-type]
        arrays["amount"] = values
    _check_lengths(arrays)
    keys, distinct = _id_codes(ids)
    return _Log(keys, distinct, times, _periods(times, freq, grain), values)


# --- the reductions ---------------------------------------------------------------------------


@attrs.frozen
class _Groups:
    """Per-customer reductions of a log, customers in ascending key order."""

    keys: IntArray
    n_periods: IntArray
    first: IntArray
    last: IntArray
    total: FloatArray | None
    repeat_total: FloatArray | None


def _purchase_periods(
    keys: IntArray, periods: IntArray, amount: FloatArray | None
) -> tuple[IntArray, IntArray, FloatArray | None]:
    """Customer key, period number and value of each distinct (customer, period) pair.

    The pairs come sorted by customer, then period. Same-period values are summed. The rows
    may themselves be such pairs from parts of a log: pairs met twice merge the same way.
    """
    key_low, key_high = int(keys.min()), int(keys.max())
    period_low, period_high = int(periods.min()), int(periods.max())
    span = period_high - period_low + 1
    order: npt.NDArray[np.intp] | None = None
    if (key_high - key_low + 1) * span < 2**63:
        # One integer key sorts about twice as fast as a two-key lexsort, and without amounts
        # sorting the keys themselves is enough.
        combined = keys - key_low  # a new array: the in-place steps below spare copies
        combined *= span
        combined += periods
        combined -= period_low
        if amount is None:
            combined.sort()
        else:
            combined, order = _sort_with_order(combined)
        starts = _run_starts(combined[1:] != combined[:-1])
        period_keys, period_numbers = np.divmod(combined[starts], span)
        period_keys += key_low
        period_numbers += period_low
    else:
        order = np.lexsort((periods, keys))
        sorted_keys, sorted_periods = keys[order], periods[order]
        starts = _run_starts(
            (sorted_keys[1:] != sorted_keys[:-1]) | (sorted_periods[1:] != sorted_periods[:-1])
        )
        period_keys, period_numbers = sorted_keys[starts], sorted_periods[starts]
    values = None
    if amount is not None and order is not None:
        values = np.add.reduceat(amount[order], starts)
    return period_keys, period_numbers, values


def _sort_with_order(keys: IntArray) -> tuple[IntArray, npt.NDArray[np.intp]]:
    """Sorted non-negative keys and the order that sorts them.

    When key and row number fit together in 63 bits, the row number is packed below the key
    and the packed values are sorted: sorting values is several times faster than
    :func:`numpy.argsort`, and ties keep no particular order either way.
    """
    row_bits = max(int(keys.size - 1).bit_length(), 1)
    if int(keys.max()).bit_length() + row_bits <= 63:
        packed = np.left_shift(keys, row_bits)
        packed |= np.arange(keys.size, dtype=np.int64)
        packed.sort()
        order = (packed & ((1 << row_bits) - 1)).astype(np.intp, copy=False)
        packed >>= row_bits
        return packed, order
    order = np.argsort(keys)
    return keys[order], order


def _run_starts(changes: npt.NDArray[np.bool_]) -> npt.NDArray[np.intp]:
    """Start of each run of a sorted array, from the flags of ``a[1:] != a[:-1]``."""
    starts: npt.NDArray[np.intp] = np.flatnonzero(np.concatenate(([True], changes)))
    return starts


def _group(keys: IntArray, periods: IntArray, amount: FloatArray | None) -> _Groups:
    """Merge purchases of a customer in the same period, then reduce per customer."""
    period_keys, period_numbers, period_amount = _purchase_periods(keys, periods, amount)
    customer_starts = _run_starts(period_keys[1:] != period_keys[:-1])
    customer_ends = np.append(customer_starts[1:], period_keys.size)
    total = repeat_total = None
    if period_amount is not None:
        total = np.add.reduceat(period_amount, customer_starts)
        period_amount[customer_starts] = 0.0
        repeat_total = np.add.reduceat(period_amount, customer_starts)
    return _Groups(
        keys=period_keys[customer_starts],
        n_periods=(customer_ends - customer_starts).astype(np.int64),
        first=period_numbers[customer_starts],
        last=period_numbers[customer_ends - 1],
        total=total,
        repeat_total=repeat_total,
    )


def _mean_or_zero(total: FloatArray, count: IntArray) -> FloatArray:
    mean: FloatArray = np.where(count > 0, total / np.maximum(count, 1), 0.0)
    return mean


def _check_not_after(
    timestamps: npt.NDArray[np.datetime64], end: np.datetime64, end_name: str
) -> None:
    late = timestamps > end
    if late.any():
        raise_at(OutOfRangeError, "timestamp", f"must be <= {end_name} ({end})", timestamps, late)


def _end_period(end: np.datetime64, freq: Grain, grain: np.timedelta64 | None) -> int:
    return int(_periods(np.asarray([end]), freq, grain)[0])


def _summary_columns(
    groups: _Groups, end_period: int, factor: tuple[float, float, str]
) -> dict[str, npt.NDArray[Any]]:
    """Frequency, recency, T and (with amounts) monetary value of the grouped customers."""
    numerator, denominator, _ = factor
    frequency = groups.n_periods - 1
    columns: dict[str, npt.NDArray[Any]] = {
        "frequency": frequency,
        "recency": (groups.last - groups.first) * numerator / denominator,
        "T": (end_period - groups.first) * numerator / denominator,
    }
    if groups.repeat_total is not None:
        columns["monetary_value"] = _mean_or_zero(groups.repeat_total, frequency)
    return columns


def _holdout_columns(groups: _Groups, later: _Groups | None) -> dict[str, npt.NDArray[Any]]:
    """Holdout purchase periods and their mean value for each calibration customer.

    ``later`` groups the holdout purchases (``None`` without any); its customers absent from
    ``groups`` are left out. The monetary column comes only with amounts.
    """
    n_customers = groups.keys.size
    frequency_holdout = np.zeros(n_customers, dtype=np.int64)
    columns: dict[str, npt.NDArray[Any]] = {"frequency_holdout": frequency_holdout}
    monetary_holdout = None
    if groups.total is not None:
        monetary_holdout = columns["monetary_value_holdout"] = np.zeros(n_customers)
    if later is not None and n_customers:
        position = np.minimum(np.searchsorted(groups.keys, later.keys), n_customers - 1)
        known = groups.keys[position] == later.keys
        frequency_holdout[position[known]] = later.n_periods[known]
        if monetary_holdout is not None and later.total is not None:
            monetary_holdout[position[known]] = later.total[known] / later.n_periods[known]
    return columns


def _holdout_duration(
    calibration_end: np.datetime64,
    observation_end: np.datetime64,
    freq: Grain,
    grain: np.timedelta64 | None,
    factor: tuple[float, float, str],
) -> float:
    periods = _periods(np.asarray([calibration_end, observation_end]), freq, grain)
    numerator, denominator, _ = factor
    return float((periods[1] - periods[0]) * numerator / denominator)


def _holdout_dates(
    calibration_end: object, observation_end: object
) -> tuple[np.datetime64, np.datetime64]:
    calibration_date = _as_end(calibration_end, "calibration_end")
    observation_date = _as_end(observation_end, "observation_end")
    if observation_date <= calibration_date:
        raise OutOfRangeError(
            "observation_end",
            f"must be after calibration_end ({calibration_date})",
            observation_date,
        )
    return calibration_date, observation_date


def _summary(
    log: _Log,
    end: np.datetime64,
    freq: Grain,
    grain: np.timedelta64 | None,
    factor: tuple[float, float, str],
) -> tuple[TransactionSummary, _Groups]:
    groups = _group(log.keys, log.periods, log.amount)
    columns = _summary_columns(groups, _end_period(end, freq, grain), factor)
    summary = TransactionSummary(
        customer_id=log.ids_of(groups.keys),
        frequency=columns["frequency"],
        recency=columns["recency"],
        T=columns["T"],
        monetary_value=columns.get("monetary_value"),
        freq=_grain_name(freq),
        unit=factor[2],
        end=end,
    )
    return summary, groups


# --- public functions -------------------------------------------------------------------------


def summarize(
    customer_id: ArrayLike,
    timestamp: ArrayLike,
    amount: ArrayLike | None = None,
    *,
    freq: Grain = "D",
    unit: Grain | None = None,
    end: object = None,
    data: object = None,
) -> TransactionSummary:
    r"""Summarise a transaction log into frequency, recency, age and mean repeat spend.

    Parameters
    ----------
    customer_id : array-like of shape (n_transactions,)
        Who bought: integers, strings or any values NumPy can sort.
    timestamp : array-like of shape (n_transactions,)
        When: ``datetime64`` values, ``datetime`` objects or ISO 8601 strings
        (``"1997-01-18"``); a pandas datetime Series works as it is. Times are local and
        timezone-naive: zone-aware values are refused rather than silently moved to UTC.
    amount : array-like of shape (n_transactions,), optional
        Value of each transaction (finite; negative values such as returns are allowed).
    freq : {"D", "W", "M"} or numpy.timedelta64, default "D"
        The grain: days, weeks (Monday to Sunday), calendar months, or periods of a fixed
        length counted from 1970-01-01. Purchases of a customer in the same period count as
        one, whose value is their sum.
    unit : {"D", "W"} or numpy.timedelta64, optional
        Unit of ``recency`` and ``T``; by default periods of ``freq``. With ``freq="D"`` and
        ``unit="W"`` durations are whole days divided by 7, the convention of the published
        CDNOW summaries. Calendar months have no fixed length, so ``"M"`` goes only with
        ``freq="M"``.
    end : datetime-like, optional
        End of observation; by default the last timestamp. No transaction may come after it.
    data : pandas.DataFrame or mapping, optional
        When given, ``customer_id``, ``timestamp`` and ``amount`` are names of its columns.

    Returns
    -------
    TransactionSummary
        One row per customer, sorted by ``customer_id``:

        * ``frequency`` = number of periods with a purchase − 1;
        * ``recency`` = last purchase period − first purchase period (0 for one-time buyers);
        * ``T`` = period of ``end`` − first purchase period;
        * ``monetary_value`` = mean value of the repeat purchase periods; a customer without a
          repeat purchase gets 0 (the convention of the Gamma-Gamma spend model, which uses
          only customers with ``frequency > 0``), and the first purchase never counts.

    Raises
    ------
    InvalidInputError
        If the log is empty, timestamps are not timezone-naive dates, ``freq`` or ``unit`` is
        unknown, or a column named with ``data`` does not exist.
    ShapeMismatchError
        If the arrays are not one-dimensional of the same length.
    NonFiniteError
        If an amount is NaN or infinite, or a timestamp is NaT.
    OutOfRangeError
        If a transaction comes after ``end``.

    See Also
    --------
    calibration_holdout : The same summary up to a date, plus the purchases after it.
    compress : Gather customers with the same history before fitting a model.

    Notes
    -----
    The definitions are those of the repeat-buying models that read them: Schmittlein,
    Morrison & Colombo (1987) for the Pareto/NBD and Fader, Hardie & Lee (2005a) for the BG/NBD
    (:math:`x`, :math:`t_x`, :math:`T`), and Fader, Hardie & Lee (2005b) for the mean repeat
    transaction value :math:`\bar z` of the Gamma-Gamma model. With ``freq="D"``,
    ``unit="W"`` and ``end="1997-09-30"`` the CDNOW sample's first 39 weeks give the published
    summaries of those papers exactly (frequencies) and to their two decimals (recency,
    age and :math:`\bar z`).

    The log is sorted once on a combined (customer, period) key and reduced with
    :func:`numpy.add.reduceat`; there is no loop over customers.

    References
    ----------
    - Schmittlein, D. C., Morrison, D. G. and Colombo, R. (1987). Counting your customers: Who
      are they and what will they do next? Management Science, 33(1), 1–24.
    - Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005a). "Counting your customers" the
      easy way: An alternative to the Pareto/NBD model. Marketing Science, 24(2), 275–284.
    - Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005b). RFM and CLV: Using iso-value
      curves for customer base analysis. Journal of Marketing Research, 42(4), 415–430.

    Examples
    --------
    Customer 7 bought twice on 1 March (one purchase period worth 30), then on 15 March and
    29 March; customer 9 bought once.

    >>> import numpy as np
    >>> from servicemetrics.transactions import summarize
    >>> ids = [7, 7, 9, 7, 7]
    >>> dates = ["2024-03-01", "2024-03-01", "2024-03-10", "2024-03-15", "2024-03-29"]
    >>> s = summarize(ids, dates, [10.0, 20.0, 99.0, 40.0, 60.0], end="2024-03-31")
    >>> s.customer_id, s.frequency
    (array([7, 9]), array([2, 0]))
    >>> s.recency, s.T
    (array([28.,  0.]), array([30., 21.]))
    >>> s.monetary_value
    array([50.,  0.])

    In weeks of seven days, as the CDNOW papers count:

    >>> summarize(ids, dates, end="2024-03-31", unit="W").T
    array([4.285714, 3.      ])
    """
    customer_id, timestamp, amount = _from_data(data, customer_id, timestamp, amount)  # type: ignore[assignment]
    grain = _as_grain(freq, "freq")
    factor = _unit_factor(freq, grain, unit)
    log = _validated_log(customer_id, timestamp, amount, freq, grain)
    if end is None:
        end_date: np.datetime64 = log.timestamps.max()
    else:
        end_date = _as_end(end, "end")
        _check_not_after(log.timestamps, end_date, "end")
    return _summary(log, end_date, freq, grain, factor)[0]


def calibration_holdout(
    customer_id: ArrayLike,
    timestamp: ArrayLike,
    amount: ArrayLike | None = None,
    *,
    calibration_end: object,
    observation_end: object,
    freq: Grain = "D",
    unit: Grain | None = None,
    data: object = None,
) -> CalibrationHoldout:
    """Split a log into a calibration summary and each customer's purchases afterwards.

    Models are fitted on the calibration summary and judged by how well they predict the
    holdout purchases of the same customers.

    Parameters
    ----------
    customer_id, timestamp, amount, freq, unit, data
        As in :func:`summarize`.
    calibration_end : datetime-like
        Last moment of the calibration period; transactions at or before it are calibration
        transactions, those after it holdout transactions.
    observation_end : datetime-like
        End of the holdout period, after ``calibration_end``; no transaction may come after it.

    Returns
    -------
    CalibrationHoldout
        ``calibration`` (a :class:`TransactionSummary` ending at ``calibration_end``), and per
        calibration customer ``frequency_holdout`` (purchase periods in the holdout) and
        ``monetary_value_holdout`` (their mean value, 0 without one), plus
        ``duration_holdout``. Customers whose first purchase falls in the holdout period are
        not part of the calibration cohort and are left out.

    Raises
    ------
    OutOfRangeError
        If ``observation_end`` is not after ``calibration_end``, a transaction comes after
        ``observation_end``, or no transaction falls in the calibration period.
    InvalidInputError, ShapeMismatchError, NonFiniteError
        As in :func:`summarize`.

    Notes
    -----
    Holdout purchases are grouped on the same grain; with a grain coarser than a day, a
    period that straddles ``calibration_end`` can hold both a calibration and a holdout
    purchase, and is then counted in both.

    References
    ----------
    - Schmittlein, D. C., Morrison, D. G. and Colombo, R. (1987). Counting your customers: Who
      are they and what will they do next? Management Science, 33(1), 1–24.
    - Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting your customers" the easy
      way: An alternative to the Pareto/NBD model. Marketing Science, 24(2), 275–284.

    Examples
    --------
    >>> from servicemetrics.transactions import calibration_holdout
    >>> ids = [1, 1, 2, 1, 1, 3]
    >>> dates = ["2024-01-05", "2024-01-20", "2024-01-25", "2024-02-10", "2024-02-12",
    ...          "2024-02-14"]
    >>> split = calibration_holdout(ids, dates, [5.0, 7.0, 3.0, 4.0, 6.0, 8.0],
    ...                             calibration_end="2024-01-31", observation_end="2024-02-29")
    >>> split.calibration.customer_id, split.calibration.frequency
    (array([1, 2]), array([1, 0]))
    >>> split.frequency_holdout, split.duration_holdout
    (array([2, 0]), 29.0)
    >>> split.monetary_value_holdout
    array([5., 0.])
    """
    customer_id, timestamp, amount = _from_data(data, customer_id, timestamp, amount)  # type: ignore[assignment]
    grain = _as_grain(freq, "freq")
    factor = _unit_factor(freq, grain, unit)
    calibration_date, observation_date = _holdout_dates(calibration_end, observation_end)
    log = _validated_log(customer_id, timestamp, amount, freq, grain)
    _check_not_after(log.timestamps, observation_date, "observation_end")
    in_calibration = log.timestamps <= calibration_date
    if not in_calibration.any():
        raise OutOfRangeError(
            "timestamp",
            f"must include a transaction at or before calibration_end ({calibration_date})",
            log.timestamps.min(),
        )
    summary, groups = _summary(log.subset(in_calibration), calibration_date, freq, grain, factor)
    holdout = log.subset(~in_calibration)
    later = _group(holdout.keys, holdout.periods, holdout.amount) if holdout.keys.size else None
    columns = _holdout_columns(groups, later)
    return CalibrationHoldout(
        calibration=summary,
        frequency_holdout=columns["frequency_holdout"],
        duration_holdout=_holdout_duration(
            calibration_date, observation_date, freq, grain, factor
        ),
        monetary_value_holdout=columns.get("monetary_value_holdout"),
        observation_end=observation_date,
    )


def compress(
    frequency: ArrayLike,
    recency: ArrayLike,
    T: ArrayLike,  # noqa: N803
    monetary_value: ArrayLike | None = None,
) -> CompressedHistories:
    """Gather customers with the same (frequency, recency, T) into one weighted row.

    A model's log-likelihood depends on a customer only through these three numbers, so it
    can be evaluated once per distinct history and weighted by the number of customers who
    share it: fitting cost then grows with distinct histories, not with customers. Day-grain
    summaries of a few years hold far fewer distinct histories than customers.

    Parameters
    ----------
    frequency : array-like of shape (n_customers,)
        Repeat purchases, whole numbers >= 0.
    recency : array-like of shape (n_customers,)
        Time of the last purchase, in [0, T]; 0 when ``frequency`` is 0.
    T : array-like of shape (n_customers,)
        Age of each customer.
    monetary_value : array-like of shape (n_customers,), optional
        Mean repeat spend (finite): when given, histories must also share it to be gathered,
        and the result carries it for a spend model's fit.

    Returns
    -------
    CompressedHistories
        The distinct histories sorted by frequency, recency, T (and monetary value), their
        ``weights`` (counts) and the ``inverse`` row of each customer; ``expand`` maps
        per-history values back.

    Raises
    ------
    InvalidInputError
        If the input is empty, or a frequency is not a whole number.
    OutOfRangeError
        If a frequency or recency is negative, recency exceeds T, or recency is positive with
        a frequency of 0.
    NonFiniteError, ShapeMismatchError
        If a value is not finite, or the arrays are not one-dimensional of the same length.

    References
    ----------
    - Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting your customers" the easy
      way: An alternative to the Pareto/NBD model. Marketing Science, 24(2), 275–284.
      (The log-likelihood is a sum over customers of a function of (x, t_x, T).)

    Examples
    --------
    >>> from servicemetrics.transactions import compress
    >>> c = compress([0, 2, 0, 2], [0.0, 5.0, 0.0, 5.0], [10.0, 10.0, 10.0, 10.0])
    >>> c.frequency, c.recency, c.T, c.weights
    (array([0, 2]), array([0., 5.]), array([10., 10.]), array([2, 2]))
    >>> c.expand(c.frequency)
    array([0, 2, 0, 2])

    With the mean repeat spend, for fitting a spend model on the distinct rows:

    >>> c = compress([1, 1, 1], [5.0, 5.0, 5.0], [10.0, 10.0, 10.0], [20.0, 30.0, 20.0])
    >>> c.frequency, c.monetary_value, c.weights
    (array([1, 1]), array([20., 30.]), array([2, 1]))
    """
    x = as_float_array(frequency, "frequency")
    t_x = as_float_array(recency, "recency")
    age = as_float_array(T, "T")
    arrays = {"frequency": x, "recency": t_x, "T": age}
    spend = None
    if monetary_value is not None:
        spend = arrays["monetary_value"] = as_float_array(monetary_value, "monetary_value")
    for name, array in arrays.items():
        if array.ndim != 1:
            raise ShapeMismatchError(name, "must be one-dimensional", shape_of(array))
    _check_lengths(arrays)
    if x.size == 0:
        raise InvalidInputError("frequency", "must not be empty", shape_of(x))
    check_integer(check_range(x, "frequency", low=0), "frequency")
    check_range(t_x, "recency", low=0)
    too_late = t_x > age
    if too_late.any():
        raise_at(OutOfRangeError, "recency", "must be <= T", t_x, too_late)
    orphan = (x == 0) & (t_x > 0)
    if orphan.any():
        raise_at(OutOfRangeError, "recency", "must be 0 when frequency is 0", t_x, orphan)

    keys = (age, t_x, x) if spend is None else (spend, age, t_x, x)
    order = np.lexsort(keys)
    xs, ts, ages = x[order], t_x[order], age[order]
    new = np.empty(xs.size, dtype=bool)
    new[0] = True
    new[1:] = (xs[1:] != xs[:-1]) | (ts[1:] != ts[:-1]) | (ages[1:] != ages[:-1])
    spends = None if spend is None else spend[order]
    if spends is not None:
        new[1:] |= spends[1:] != spends[:-1]
    starts = np.flatnonzero(new)
    inverse = np.empty(xs.size, dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    frequency_out = xs[starts]
    if np.asarray(frequency).dtype.kind in "iu":
        frequency_out = frequency_out.astype(np.int64)
    return CompressedHistories(
        frequency=frequency_out,
        recency=ts[starts],
        T=ages[starts],
        weights=np.diff(np.append(starts, xs.size)),
        inverse=inverse,
        monetary_value=None if spends is None else spends[starts],
    )
