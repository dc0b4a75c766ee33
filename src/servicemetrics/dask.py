r"""Transaction summaries, model fits and predictions on Dask, for logs beyond one machine.

The same steps as :mod:`servicemetrics.transactions` and :mod:`servicemetrics.models`, run on a
:class:`dask.dataframe.DataFrame` — out of core on one machine, or on a cluster when a
``dask.distributed.Client`` is connected — without collecting the transaction log anywhere:

* :func:`summarize` and :func:`calibration_holdout` give the per-customer summaries as a Dask
  DataFrame. Each partition of the log, partitioned by anything, is first reduced to its
  distinct (customer, period) pairs with the period's total spend; the pairs are shuffled by
  customer, so that every customer's pairs meet in one partition, and reduced there by the
  very code of the in-memory path (pairs met twice merge as same-period purchases do).
* :func:`compress` counts the distinct (frequency, recency, T) histories; only those rows and
  their counts reach the client, as the :class:`~servicemetrics.transactions.CompressedHistories`
  a model's ``fit(..., weights=...)`` reads.
* :func:`predict` and :func:`customer_lifetime_value` apply a fitted model to every partition
  of a summary and return a Dask Series aligned with it.

Dask is an optional dependency (``pip install "servicemetrics[dask]"``); this module imports
it only when one of its functions is called. Errors that depend on the data alone (a NaT
timestamp, a transaction after ``end``) are raised when the result is computed, and name the
partition they were found in.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from servicemetrics import transactions
from servicemetrics._validation import InvalidInputError
from servicemetrics.models._beta_geo import BetaGeo
from servicemetrics.models._clv import customer_lifetime_value as _clv
from servicemetrics.models._gamma_gamma import GammaGamma
from servicemetrics.models._mbg import ModifiedBetaGeo
from servicemetrics.models._pareto_nbd import ParetoNBD
from servicemetrics.transactions import (
    CompressedHistories,
    Grain,
    _as_end,
    _as_grain,
    _check_not_after,
    _end_period,
    _group,
    _holdout_columns,
    _holdout_dates,
    _holdout_duration,
    _id_codes,
    _purchase_periods,
    _summary_columns,
    _unit_factor,
    _validated_log,
)

if TYPE_CHECKING:
    import dask.dataframe as dd

__all__ = [
    "DaskNotInstalledError",
    "calibration_holdout",
    "compress",
    "customer_lifetime_value",
    "predict",
    "summarize",
]

_HISTORY_COLUMNS: Final = ("frequency", "recency", "T", "monetary_value")
# A valid history used to check a prediction's options before any partition is computed.
_PROBE: Final = {
    "frequency": np.array([1]),
    "recency": np.array([1.0]),
    "T": np.array([2.0]),
    "monetary_value": np.array([1.0]),
}


class DaskNotInstalledError(ImportError):
    """Dask's DataFrame (or pandas) is not installed; ``pip install "servicemetrics[dask]"``.

    Examples
    --------
    >>> issubclass(DaskNotInstalledError, ImportError)
    True
    """


def _dask() -> tuple[Any, Any]:
    """The ``dask.dataframe`` and ``pandas`` modules, imported on first use."""
    try:
        dataframe = importlib.import_module("dask.dataframe")
        pandas = importlib.import_module("pandas")
    except ImportError as exc:
        raise DaskNotInstalledError(
            'servicemetrics.dask needs Dask\'s DataFrame: pip install "servicemetrics[dask]"'
        ) from exc
    return dataframe, pandas


def _check_frame(frame: object, name: str) -> tuple[Any, Any]:
    dataframe, pandas = _dask()
    if not isinstance(frame, dataframe.DataFrame):
        raise InvalidInputError(name, "must be a dask.dataframe.DataFrame", type(frame).__name__)
    return dataframe, pandas


def _check_columns(frame: Any, named: Sequence[tuple[str, object]], frame_name: str) -> None:
    """Check that each column of the (parameter, column) pairs ``named`` is in ``frame``."""
    columns = list(frame.columns)
    for parameter, column in named:
        if column not in columns:
            raise InvalidInputError(
                parameter, f"must name a column of {frame_name} (one of {columns})", column
            )


def _in_partition(
    error: InvalidInputError, partition_info: dict[str, Any] | None
) -> InvalidInputError:
    """The same error, saying which partition of the log its index refers to."""
    if partition_info is None:
        return error
    rule = f"{error.rule} (in partition {partition_info['number']} of the log)"
    if error.value is None and error.index is None:
        return type(error)(error.parameter, rule)
    return type(error)(error.parameter, rule, error.value, index=error.index)


# --- partition functions (module level, so that a distributed scheduler can pickle them) ------


def _empty_pairs(pandas: Any, id_dtype: Any, with_amount: bool, split: bool) -> Any:
    columns: dict[str, Any] = {
        "customer_id": pandas.Series([], dtype=id_dtype),
        "period": pandas.Series([], dtype=np.int64),
    }
    if with_amount:
        columns["amount"] = pandas.Series([], dtype=np.float64)
    if split:
        columns["holdout"] = pandas.Series([], dtype=bool)
    return pandas.DataFrame(columns)


def _pairs(
    pandas: Any,
    log: transactions._Log,
    id_dtype: Any,
    holdout: bool | None,
) -> Any:
    """The distinct (customer, period) pairs of a validated log, with their total spend."""
    keys, periods, values = _purchase_periods(log.keys, log.periods, log.amount)
    columns: dict[str, Any] = {
        "customer_id": pandas.Series(log.ids_of(keys), dtype=id_dtype),
        "period": periods,
    }
    if values is not None:
        columns["amount"] = values
    if holdout is not None:
        columns["holdout"] = np.full(keys.size, holdout)
    return pandas.DataFrame(columns)


def _partition_log(
    frame: Any, names: tuple[str, str, str | None], freq: Grain, grain: np.timedelta64 | None
) -> transactions._Log:
    customer_id, timestamp, amount = names
    return _validated_log(
        frame[customer_id],
        frame[timestamp],
        None if amount is None else frame[amount],
        freq,
        grain,
    )


def _summary_pairs(
    frame: Any,
    names: tuple[str, str, str | None],
    freq: Grain,
    grain: np.timedelta64 | None,
    end: np.datetime64 | None,
    id_dtype: Any,
    partition_info: dict[str, Any] | None = None,
) -> Any:
    _, pandas = _dask()
    if not len(frame):
        return _empty_pairs(pandas, id_dtype, names[2] is not None, split=False)
    try:
        log = _partition_log(frame, names, freq, grain)
        if end is not None:
            _check_not_after(log.timestamps, end, "end")
    except InvalidInputError as exc:
        raise _in_partition(exc, partition_info) from exc
    return _pairs(pandas, log, id_dtype, None)


def _split_pairs(
    frame: Any,
    names: tuple[str, str, str | None],
    freq: Grain,
    grain: np.timedelta64 | None,
    dates: tuple[np.datetime64, np.datetime64],
    id_dtype: Any,
    partition_info: dict[str, Any] | None = None,
) -> Any:
    _, pandas = _dask()
    if not len(frame):
        return _empty_pairs(pandas, id_dtype, names[2] is not None, split=True)
    calibration_end, observation_end = dates
    try:
        log = _partition_log(frame, names, freq, grain)
        _check_not_after(log.timestamps, observation_end, "observation_end")
    except InvalidInputError as exc:
        raise _in_partition(exc, partition_info) from exc
    # A period straddling calibration_end can hold pairs of both sides: they stay apart.
    in_calibration = log.timestamps <= calibration_end
    parts = [
        _pairs(pandas, log.subset(mask), id_dtype, holdout)
        for mask, holdout in ((in_calibration, False), (~in_calibration, True))
        if mask.any()
    ]
    return pandas.concat(parts, ignore_index=True)


def _codes(pairs: Any) -> tuple[npt.NDArray[np.int64], Callable[[Any], Any]]:
    keys, distinct = _id_codes(pairs["customer_id"].to_numpy())
    return keys, (lambda k: k) if distinct is None else (lambda k: distinct[k])


def _summary_frame(pandas: Any, ids: Any, columns: dict[str, Any], id_dtype: Any) -> Any:
    index = pandas.Index(ids, dtype=id_dtype, name="customer_id")
    return pandas.DataFrame(columns, index=index)


def _summary_partition(
    pairs: Any,
    end_period: int,
    factor: tuple[float, float, str],
    meta: Any,
) -> Any:
    if not len(pairs):
        return meta
    _, pandas = _dask()
    keys, ids_of = _codes(pairs)
    amount = pairs["amount"].to_numpy() if "amount" in pairs.columns else None
    groups = _group(keys, pairs["period"].to_numpy(), amount)
    columns = _summary_columns(groups, int(end_period), factor)
    return _summary_frame(pandas, ids_of(groups.keys), columns, meta.index.dtype)


def _holdout_partition(
    pairs: Any,
    end_period: int,
    factor: tuple[float, float, str],
    duration: float,
    meta: Any,
) -> Any:
    holdout = pairs["holdout"].to_numpy(dtype=bool)
    if holdout.all():  # also true of an empty partition
        return meta
    _, pandas = _dask()
    keys, ids_of = _codes(pairs)
    periods = pairs["period"].to_numpy()
    amount = pairs["amount"].to_numpy() if "amount" in pairs.columns else None

    def group(mask: npt.NDArray[np.bool_]) -> transactions._Groups:
        return _group(keys[mask], periods[mask], None if amount is None else amount[mask])

    groups = group(~holdout)
    later = group(holdout) if holdout.any() else None
    columns = _summary_columns(groups, end_period, factor)
    extra = _holdout_columns(groups, later)
    columns["frequency_holdout"] = extra["frequency_holdout"]
    columns["duration_holdout"] = np.full(groups.keys.size, duration)
    if "monetary_value_holdout" in extra:
        columns["monetary_value_holdout"] = extra["monetary_value_holdout"]
    return _summary_frame(pandas, ids_of(groups.keys), columns, meta.index.dtype)


def _empty_summary(pandas: Any, id_dtype: Any, names: tuple[str, ...]) -> Any:
    dtypes = {"frequency": np.int64, "frequency_holdout": np.int64}
    columns = {name: np.empty(0, dtype=dtypes.get(name, np.float64)) for name in names}
    return _summary_frame(pandas, np.empty(0), columns, id_dtype)


def _check_dtypes(pandas: Any, meta: Any, timestamp: str, amount: str | None) -> None:
    """Refuse at once the column types that every partition would refuse when computed."""
    types = pandas.api.types
    when = meta[timestamp].dtype
    if getattr(when, "tz", None) is not None:
        raise InvalidInputError(
            "timestamp",
            "must be timezone-naive (convert to local time and drop the zone, e.g. with "
            "pandas' .dt.tz_localize(None))",
            str(when),
        )
    if types.is_numeric_dtype(when) or types.is_bool_dtype(when):
        raise InvalidInputError(
            "timestamp", "must hold datetime64 values or ISO 8601 date strings", str(when)
        )
    if amount is not None:
        value = meta[amount].dtype
        if not types.is_numeric_dtype(value) or types.is_bool_dtype(value):
            raise InvalidInputError("amount", "must be numeric", str(value))


def _prepare(
    log: object,
    customer_id: str,
    timestamp: str,
    amount: str | None,
    freq: Grain,
    unit: Grain | None,
) -> tuple[Any, Any, tuple[str, str, str | None], np.timedelta64 | None, Any, Any]:
    """Checks shared by :func:`summarize` and :func:`calibration_holdout`."""
    _, pandas = _check_frame(log, "log")
    named: list[tuple[str, object]] = [("customer_id", customer_id), ("timestamp", timestamp)]
    if amount is not None:
        named.append(("amount", amount))
    _check_columns(log, named, "log")
    grain = _as_grain(freq, "freq")
    factor = _unit_factor(freq, grain, unit)
    source: Any = log
    _check_dtypes(pandas, source._meta, timestamp, amount)
    id_dtype = source._meta[customer_id].dtype
    return source, pandas, (customer_id, timestamp, amount), grain, factor, id_dtype


# --- public functions -------------------------------------------------------------------------


def summarize(
    log: dd.DataFrame,
    customer_id: str,
    timestamp: str,
    amount: str | None = None,
    *,
    freq: Grain = "D",
    unit: Grain | None = None,
    end: object = None,
) -> dd.DataFrame:
    r"""Summarise a Dask transaction log into frequency, recency, age and mean repeat spend.

    The Dask counterpart of :func:`servicemetrics.transactions.summarize`, with the same
    definitions and options; the log may be partitioned in any way (a customer's purchases can
    lie in many partitions) and is never collected.

    Parameters
    ----------
    log : dask.dataframe.DataFrame
        One row per transaction.
    customer_id, timestamp : str
        Names of the columns holding who bought (integers, strings) and when (datetimes or
        ISO 8601 strings, timezone-naive).
    amount : str, optional
        Name of the column holding each transaction's value.
    freq, unit, end
        As in :func:`servicemetrics.transactions.summarize`. Without ``end``, observation ends
        with the last timestamp of the log.

    Returns
    -------
    dask.dataframe.DataFrame
        Indexed by ``customer_id``, with the columns ``frequency``, ``recency``, ``T`` and, with
        ``amount``, ``monetary_value`` — the frame of
        :meth:`~servicemetrics.transactions.TransactionSummary.to_dataframe`. Customers are
        hash-partitioned; each partition is sorted by customer, the whole frame is not (use
        ``.compute().sort_index()`` or ``set_index`` if order matters). An empty log gives an
        empty frame.

    Raises
    ------
    InvalidInputError
        At once if ``log`` is not a Dask DataFrame, a column named does not exist, or ``freq``,
        ``unit`` or ``end`` is invalid; on computing, for the data errors of the in-memory
        function (NaT, a non-finite amount, ...), naming the partition.
    OutOfRangeError
        On computing, if a transaction comes after ``end``.

    See Also
    --------
    servicemetrics.transactions.summarize : The in-memory function, for logs that fit.

    Notes
    -----
    Each partition is reduced to its distinct (customer, period) pairs and their total spend,
    the pairs are shuffled by customer, and each customer's pairs are reduced by the in-memory
    code; only pairs cross the network, at most one per customer and period of a partition.

    References
    ----------
    - Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005a). "Counting your customers" the
      easy way: An alternative to the Pareto/NBD model. Marketing Science, 24(2), 275–284.
    - Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005b). RFM and CLV: Using iso-value
      curves for customer base analysis. Journal of Marketing Research, 42(4), 415–430.

    Examples
    --------
    Customer 7 bought twice on 1 March (one purchase period worth 30), then on 15 and 29
    March; customer 9 once. Two partitions split customer 7's purchases:

    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> from servicemetrics import dask as smd
    >>> frame = pd.DataFrame({
    ...     "customer": [7, 7, 9, 7, 7],
    ...     "date": pd.to_datetime(["2024-03-01", "2024-03-01", "2024-03-10", "2024-03-15",
    ...                             "2024-03-29"]),
    ...     "amount": [10.0, 20.0, 99.0, 40.0, 60.0],
    ... })
    >>> log = dd.from_pandas(frame, npartitions=2)
    >>> summary = smd.summarize(log, "customer", "date", "amount", end="2024-03-31")
    >>> summary.compute().sort_index()
                 frequency  recency     T  monetary_value
    customer_id
    7                    2     28.0  30.0            50.0
    9                    0      0.0  21.0             0.0
    """
    source, pandas, names, grain, factor, id_dtype = _prepare(
        log, customer_id, timestamp, amount, freq, unit
    )
    end_date = None if end is None else _as_end(end, "end")
    pairs = source.map_partitions(
        _summary_pairs,
        names,
        freq,
        grain,
        end_date,
        id_dtype,
        meta=_empty_pairs(pandas, id_dtype, amount is not None, split=False),
    )
    end_period: Any = (
        pairs["period"].max() if end_date is None else _end_period(end_date, freq, grain)
    )
    columns = ("frequency", "recency", "T") + (() if amount is None else ("monetary_value",))
    meta = _empty_summary(pandas, id_dtype, columns)
    result: dd.DataFrame = pairs.shuffle(on="customer_id").map_partitions(
        _summary_partition, end_period, factor, meta, meta=meta
    )
    return result


def calibration_holdout(
    log: dd.DataFrame,
    customer_id: str,
    timestamp: str,
    amount: str | None = None,
    *,
    calibration_end: object,
    observation_end: object,
    freq: Grain = "D",
    unit: Grain | None = None,
) -> dd.DataFrame:
    """Split a Dask log into calibration summaries and each customer's purchases afterwards.

    The Dask counterpart of :func:`servicemetrics.transactions.calibration_holdout`.

    Parameters
    ----------
    log, customer_id, timestamp, amount, freq, unit
        As in :func:`summarize`.
    calibration_end, observation_end : datetime-like
        As in :func:`servicemetrics.transactions.calibration_holdout`.

    Returns
    -------
    dask.dataframe.DataFrame
        Indexed by ``customer_id`` (the customers with a calibration purchase), with the
        columns of :meth:`~servicemetrics.transactions.CalibrationHoldout.to_dataframe`:
        ``frequency``, ``recency``, ``T``, ``monetary_value`` (with amounts),
        ``frequency_holdout``, ``duration_holdout`` and ``monetary_value_holdout`` (with
        amounts). A log without calibration transaction gives an empty frame.

    Raises
    ------
    OutOfRangeError
        At once if ``observation_end`` is not after ``calibration_end``; on computing, if a
        transaction comes after ``observation_end``.
    InvalidInputError
        As in :func:`summarize`.

    See Also
    --------
    servicemetrics.transactions.calibration_holdout : The in-memory function.

    References
    ----------
    - Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting your customers" the easy
      way: An alternative to the Pareto/NBD model. Marketing Science, 24(2), 275–284.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> from servicemetrics import dask as smd
    >>> frame = pd.DataFrame({
    ...     "customer": [1, 1, 2, 1, 1, 3],
    ...     "date": ["2024-01-05", "2024-01-20", "2024-01-25", "2024-02-10", "2024-02-12",
    ...              "2024-02-14"],
    ... })
    >>> split = smd.calibration_holdout(dd.from_pandas(frame, npartitions=3), "customer",
    ...                                 "date", calibration_end="2024-01-31",
    ...                                 observation_end="2024-02-29")
    >>> split.compute().sort_index()
                 frequency  recency     T  frequency_holdout  duration_holdout
    customer_id
    1                    1     15.0  26.0                  2              29.0
    2                    0      0.0   6.0                  0              29.0
    """
    source, pandas, names, grain, factor, id_dtype = _prepare(
        log, customer_id, timestamp, amount, freq, unit
    )
    dates = _holdout_dates(calibration_end, observation_end)
    pairs = source.map_partitions(
        _split_pairs,
        names,
        freq,
        grain,
        dates,
        id_dtype,
        meta=_empty_pairs(pandas, id_dtype, amount is not None, split=True),
    )
    columns: tuple[str, ...] = ("frequency", "recency", "T")
    columns += () if amount is None else ("monetary_value",)
    columns += ("frequency_holdout", "duration_holdout")
    columns += () if amount is None else ("monetary_value_holdout",)
    meta = _empty_summary(pandas, id_dtype, columns)
    result: dd.DataFrame = pairs.shuffle(on="customer_id").map_partitions(
        _holdout_partition,
        _end_period(dates[0], freq, grain),
        factor,
        _holdout_duration(*dates, freq, grain, factor),
        meta,
        meta=meta,
    )
    return result


def _without_index(error: InvalidInputError) -> InvalidInputError:
    """The error without its index, which would point into the distinct rows, not the frame."""
    if error.index is None:
        return error
    return type(error)(error.parameter, error.rule, error.value)


def compress(summary: dd.DataFrame, *, with_monetary_value: bool = False) -> CompressedHistories:
    """Count the customers of a Dask summary that share each (frequency, recency, T) history.

    Only the distinct histories and their counts are brought to the client: a model's fit then
    runs there on them, at a cost that grows with distinct histories rather than customers.

    Parameters
    ----------
    summary : dask.dataframe.DataFrame
        A frame with the columns ``frequency``, ``recency`` and ``T`` (and ``monetary_value``
        with ``with_monetary_value``), such as :func:`summarize` returns.
    with_monetary_value : bool, default False
        Group by ``monetary_value`` too, for a spend model's fit (the rows are then nearly as
        many as the customers with repeat purchases).

    Returns
    -------
    CompressedHistories
        The distinct histories and their ``weights``, equal to those of
        :func:`servicemetrics.transactions.compress` on the same customers; ``inverse`` is
        ``None`` (there is no row per customer on the client, so predict per customer with
        :func:`predict`).

    Raises
    ------
    InvalidInputError
        If ``summary`` is not a Dask DataFrame, lacks a column, or holds an impossible history
        (the rules of :func:`servicemetrics.transactions.compress`; the message quotes the
        value but no index).

    References
    ----------
    - Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting your customers" the easy
      way: An alternative to the Pareto/NBD model. Marketing Science, 24(2), 275–284.
      (The log-likelihood is a sum over customers of a function of (x, t_x, T).)

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> from servicemetrics import dask as smd
    >>> frame = pd.DataFrame({"frequency": [0, 2, 0, 2, 1],
    ...                       "recency": [0.0, 5.0, 0.0, 5.0, 3.0], "T": 10.0})
    >>> c = smd.compress(dd.from_pandas(frame, npartitions=2))
    >>> c.frequency, c.recency, c.weights
    (array([0, 1, 2]), array([0., 3., 5.]), array([2, 1, 2]))
    """
    _check_frame(summary, "summary")
    columns = ["frequency", "recency", "T"] + (["monetary_value"] if with_monetary_value else [])
    _check_columns(summary, [("summary", column) for column in columns], "summary")
    frame: Any = summary
    counts = frame[columns].groupby(columns, dropna=False, sort=False).size().compute()
    level = counts.index.get_level_values
    rows = [level(column).to_numpy() for column in columns]
    try:
        distinct = transactions.compress(*rows)
    except InvalidInputError as exc:
        raise _without_index(exc) from exc
    assert distinct.inverse is not None  # the in-memory function keeps one row per input
    weights = np.bincount(
        distinct.inverse, weights=counts.to_numpy(), minlength=distinct.weights.size
    )
    return CompressedHistories(
        frequency=distinct.frequency,
        recency=distinct.recency,
        T=distinct.T,
        weights=weights.astype(np.int64),
        monetary_value=distinct.monetary_value,
    )


def _predict_partition(
    frame: Any, function: Callable[..., Any], names: tuple[str, ...], options: dict[str, Any]
) -> Any:
    _, pandas = _dask()
    if not len(frame):
        return pandas.Series([], dtype=np.float64, index=frame.index, name=function.__name__)
    values = function(**options, **{name: frame[name].to_numpy() for name in names})
    return pandas.Series(
        np.asarray(values, dtype=np.float64), index=frame.index, name=function.__name__
    )


def _map_prediction(
    summary: Any, function: Callable[..., Any], names: tuple[str, ...], options: dict[str, Any]
) -> dd.Series:
    """Check ``function``'s options on one valid history, then apply it to every partition."""
    _, pandas = _dask()
    _check_columns(summary, [("summary", name) for name in names], "summary")
    try:
        function(**options, **{name: _PROBE[name] for name in names})
    except InvalidInputError as exc:
        # Only the options are checked here; the histories are checked on the real data.
        if exc.parameter not in names:
            raise
    meta = pandas.Series([], dtype=np.float64, index=summary._meta.index, name=function.__name__)
    result: dd.Series = summary.map_partitions(
        _predict_partition, function, names, options, meta=meta
    )
    return result


def predict(model: object, summary: dd.DataFrame, method: str, **options: Any) -> dd.Series:
    """Apply a fitted model's per-customer prediction to every partition of a Dask summary.

    Parameters
    ----------
    model : BetaGeo, ModifiedBetaGeo, ParetoNBD or GammaGamma
        A fitted (or parameterised) model of :mod:`servicemetrics.models`.
    summary : dask.dataframe.DataFrame
        Customer summaries such as :func:`summarize` returns.
    method : str
        Name of a method of ``model`` that takes customer histories, such as ``"p_alive"``,
        ``"conditional_expected_purchases"``, ``"expected_spend"``, ``"log_likelihood_of"`` or
        ``"discounted_expected_transactions"``. Its ``frequency``, ``recency``, ``T`` and
        ``monetary_value`` arguments are read from the columns of the same names.
    **options
        The method's other arguments, as scalars (for example ``t=39``).

    Returns
    -------
    dask.dataframe.Series
        One float per customer, named ``method``, with the index and partitions of
        ``summary``; equal to the method applied to the whole summary in memory.

    Raises
    ------
    InvalidInputError
        If ``method`` is not such a method of ``model``, ``summary`` lacks a column it reads,
        or an option is invalid (checked at once on one valid history); on computing, if a
        history is invalid.

    References
    ----------
    - Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting your customers" the easy
      way: An alternative to the Pareto/NBD model. Marketing Science, 24(2), 275–284.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> from servicemetrics import dask as smd
    >>> from servicemetrics.models import BetaGeo
    >>> model = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> frame = pd.DataFrame({"frequency": [0, 2], "recency": [0.0, 30.43], "T": 38.86})
    >>> summary = dd.from_pandas(frame, npartitions=2)
    >>> smd.predict(model, summary, "p_alive").compute()
    0    1.0000
    1    0.7266
    Name: p_alive, dtype: float64
    >>> smd.predict(model, summary, "conditional_expected_purchases", t=39).compute()
    0    0.1951
    1    1.2260
    Name: conditional_expected_purchases, dtype: float64
    """
    _check_frame(summary, "summary")
    function = getattr(model, method, None) if isinstance(method, str) else None
    names: tuple[str, ...] = ()
    if function is not None and not method.startswith("_") and callable(function):
        parameters = inspect.signature(function).parameters
        names = tuple(name for name in _HISTORY_COLUMNS if name in parameters)
    if not names:
        raise InvalidInputError(
            "method",
            f"must name a method of {type(model).__name__} that takes customer histories "
            "(frequency, recency, T or monetary_value)",
            method,
        )
    clash = sorted(set(names) & set(options))
    if clash:
        raise InvalidInputError(
            clash[0], "is read from the summary's column and cannot be given as an option"
        )
    assert function is not None  # names were found in its signature
    return _map_prediction(summary, function, names, options)


def customer_lifetime_value(
    purchase_model: BetaGeo | ModifiedBetaGeo | ParetoNBD,
    spend_model: GammaGamma,
    summary: dd.DataFrame,
    *,
    discount_rate: float,
    horizon: int | None = None,
    period: float = 1.0,
    margin: float = 1.0,
) -> dd.Series:
    """Expected discounted value of every customer of a Dask summary.

    :func:`servicemetrics.models.customer_lifetime_value` applied to each partition.

    Parameters
    ----------
    purchase_model : BetaGeo, ModifiedBetaGeo or ParetoNBD
        A fitted purchase model.
    spend_model : GammaGamma
        A spend model.
    summary : dask.dataframe.DataFrame
        Customer summaries with ``frequency``, ``recency``, ``T`` and ``monetary_value``, in
        the purchase model's time unit.
    discount_rate, horizon, period, margin
        As in :func:`servicemetrics.models.customer_lifetime_value` (``margin`` one number).

    Returns
    -------
    dask.dataframe.Series
        The lifetime value of each customer, named ``customer_lifetime_value``, with the index
        and partitions of ``summary``.

    Raises
    ------
    InvalidInputError
        At once if an option is invalid or ``summary`` lacks a column; on computing, if a
        history is invalid.

    References
    ----------
    - Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). RFM and CLV: Using iso-value
      curves for customer base analysis. Journal of Marketing Research, 42(4), 415–430.

    Examples
    --------
    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> from servicemetrics import dask as smd
    >>> from servicemetrics.models import BetaGeo, GammaGamma
    >>> frame = pd.DataFrame({"frequency": [0, 2], "recency": [0.0, 30.43], "T": 38.86,
    ...                       "monetary_value": [0.0, 22.35]})
    >>> clv = smd.customer_lifetime_value(
    ...     BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426),
    ...     GammaGamma(p=6.25, q=3.74, gamma=15.44),
    ...     dd.from_pandas(frame, npartitions=1),
    ...     discount_rate=0.002,
    ...     horizon=52,
    ... )
    >>> clv.compute()
    0     8.443696
    1    36.612194
    Name: customer_lifetime_value, dtype: float64
    """
    _check_frame(summary, "summary")
    options = {
        "purchase_model": purchase_model,
        "spend_model": spend_model,
        "discount_rate": discount_rate,
        "horizon": horizon,
        "period": period,
        "margin": margin,
    }
    return _map_prediction(summary, _clv, _HISTORY_COLUMNS, options)
