"""Tests of servicemetrics.transactions and the shipped CDNOW transaction log."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemetrics import InvalidInputError, NonFiniteError, OutOfRangeError, ShapeMismatchError
from servicemetrics.datasets import CdnowTransactions, load_cdnow_transactions
from servicemetrics.transactions import (
    CalibrationHoldout,
    CompressedHistories,
    TransactionSummary,
    calibration_holdout,
    compress,
    summarize,
)
from tests.strategies import compressible_histories, transaction_logs

PUBLISHED_CDNOW = Path(__file__).parent / "data" / "cdnow_customers_summary_with_transactions.csv"

grains = st.sampled_from(["D", "W", "M", np.timedelta64(6, "h"), np.timedelta64(10, "D")])


def _python_period(moment: dt.datetime, freq: str | np.timedelta64) -> int:
    """Period number of a moment, computed with the standard library only."""
    if isinstance(freq, np.timedelta64):
        grain = int(freq.astype("timedelta64[s]").astype(np.int64))
        seconds = (moment - dt.datetime(1970, 1, 1)) // dt.timedelta(seconds=1)
        return int(seconds // grain)
    if freq == "D":
        return (moment.date() - dt.date(1970, 1, 1)).days
    if freq == "W":
        return (moment.date() - dt.date(1970, 1, 5)).days // 7  # 1970-01-05 was a Monday
    return moment.year * 12 + moment.month


def brute_force_summary(
    ids: np.ndarray,
    timestamps: np.ndarray,
    amounts: np.ndarray,
    freq: str | np.timedelta64,
    end: np.datetime64,
) -> dict[int, tuple[int, int, int, float]]:
    """Per customer (frequency, recency, T, monetary value) in periods, by a plain loop."""
    spend: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for customer, moment, amount in zip(
        ids.tolist(),
        timestamps.astype("datetime64[s]").astype(object),
        amounts.tolist(),
        strict=True,
    ):
        spend[customer][_python_period(moment, freq)] += amount
    end_period = _python_period(np.datetime64(end, "s").astype(object), freq)
    result = {}
    for customer, periods in spend.items():
        first, last = min(periods), max(periods)
        repeat = [value for period, value in periods.items() if period != first]
        mean = sum(repeat) / len(repeat) if repeat else 0.0
        result[customer] = (len(periods) - 1, last - first, end_period - first, mean)
    return result


def _rows(summary: TransactionSummary) -> dict[int, tuple[int, float, float, float]]:
    assert summary.monetary_value is not None
    return {
        int(c): (int(f), float(r), float(t), float(m))
        for c, f, r, t, m in zip(
            summary.customer_id,
            summary.frequency,
            summary.recency,
            summary.T,
            summary.monetary_value,
            strict=True,
        )
    }


class TestSummarize:
    def test_hand_computed_days(self) -> None:
        """Same-day purchases merge into one period whose value is their sum."""
        s = summarize(
            [3, 3, 3, 3, 5],
            np.array(
                ["2024-01-01T09:00", "2024-01-01T18:30", "2024-01-04", "2024-01-11", "2024-01-09"],
                dtype="datetime64[m]",
            ),
            [5.0, 15.0, 30.0, 50.0, 8.0],
            end="2024-01-31",
        )
        assert isinstance(s, TransactionSummary)
        np.testing.assert_array_equal(s.customer_id, [3, 5])
        np.testing.assert_array_equal(s.frequency, [2, 0])
        np.testing.assert_array_equal(s.recency, [10.0, 0.0])
        np.testing.assert_array_equal(s.T, [30.0, 22.0])
        np.testing.assert_array_equal(s.monetary_value, [40.0, 0.0])
        assert (s.freq, s.unit, s.end) == ("D", "D", np.datetime64("2024-01-31"))

    def test_weeks_run_monday_to_sunday(self) -> None:
        """Sunday 3 March 2024 and Monday 4 March are in different weeks; 4 and 10 March not."""
        s = summarize([1, 1, 1], ["2024-03-03", "2024-03-04", "2024-03-10"], freq="W")
        assert s.frequency[0] == 1
        assert s.recency[0] == 1.0
        assert s.T[0] == 1.0

    def test_calendar_months(self) -> None:
        """31 January and 1 February are different months; 15 Jan to 1 Apr is 3 months."""
        s = summarize(
            [1, 1, 1, 2],
            ["2023-01-15", "2023-01-31", "2023-02-01", "2023-04-01"],
            freq="M",
            end="2023-06-30",
        )
        np.testing.assert_array_equal(s.frequency, [1, 0])
        np.testing.assert_array_equal(s.recency, [1.0, 0.0])
        np.testing.assert_array_equal(s.T, [5.0, 2.0])
        assert s.unit == "M"

    def test_timedelta_grain(self) -> None:
        """Twelve-hour periods count from midnight 1970-01-01: 11:59 and 12:00 differ."""
        twelve_hours = np.timedelta64(12, "h")
        s = summarize(
            [1, 1, 1],
            ["2024-05-01T00:10", "2024-05-01T11:59", "2024-05-01T12:00"],
            freq=twelve_hours,
        )
        assert (s.frequency[0], s.recency[0], s.T[0]) == (1, 1.0, 1.0)
        assert s.freq == s.unit == str(twelve_hours)

    def test_unit_weeks_divides_days(self) -> None:
        """Days counted on the day grain and reported in weeks are days / 7."""
        s = summarize([1, 1], ["2024-01-01", "2024-01-11"], end="2024-01-30", unit="W")
        assert s.recency[0] == pytest.approx(10 / 7, rel=1e-15)
        assert s.T[0] == pytest.approx(29 / 7, rel=1e-15)
        assert s.unit == "W"

    def test_unit_hours_from_days(self) -> None:
        """A timedelta unit: 2 days are 48 hours."""
        s = summarize([1, 1], ["2024-01-01", "2024-01-03"], unit=np.timedelta64(1, "h"))
        assert s.recency[0] == 48.0

    def test_default_end_is_last_timestamp(self) -> None:
        """Without end, observation ends at the log's last transaction."""
        s = summarize([1, 2], ["2024-01-01", "2024-02-01"])
        assert s.end == np.datetime64("2024-02-01")
        np.testing.assert_array_equal(s.T, [31.0, 0.0])

    def test_no_amount(self) -> None:
        """Without amounts there is no monetary value, rather than a made-up one."""
        s = summarize([1, 1], ["2024-01-01", "2024-01-02"])
        assert s.monetary_value is None
        assert "monetary_value" not in s.to_dataframe().columns

    def test_string_ids_sorted(self) -> None:
        """String identifiers are kept and the customers are listed in sorted order."""
        s = summarize(["b", "a", "b"], ["2024-01-01", "2024-01-02", "2024-01-05"])
        np.testing.assert_array_equal(s.customer_id, ["a", "b"])
        np.testing.assert_array_equal(s.frequency, [0, 1])

    def test_pandas_inputs_and_data_keyword(self) -> None:
        """Series work directly, and data= names the columns of a DataFrame."""
        frame = pd.DataFrame(
            {
                "who": ["x", "x", "y"],
                "when": pd.to_datetime(
                    ["2024-01-01 10:00", "2024-01-08 00:00", "2024-01-03 00:00"]
                ),
                "paid": [1.0, 2.0, 3.0],
            }
        )
        direct = summarize(frame["who"], frame["when"], frame["paid"])
        named = summarize("who", "when", "paid", data=frame)
        assert direct == named
        np.testing.assert_array_equal(named.frequency, [1, 0])
        np.testing.assert_array_equal(named.recency, [7.0, 0.0])
        np.testing.assert_array_equal(named.monetary_value, [2.0, 0.0])

    def test_to_dataframe(self) -> None:
        """The DataFrame is indexed by customer with one column per summary array."""
        frame = summarize(
            [2, 1, 2], ["2024-01-01", "2024-01-02", "2024-01-04"], [1, 2, 3]
        ).to_dataframe()
        assert list(frame.columns) == ["frequency", "recency", "T", "monetary_value"]
        assert frame.index.name == "customer_id"
        assert frame.loc[2, "recency"] == 3.0
        assert frame.loc[2, "monetary_value"] == 3.0

    def test_result_model(self) -> None:
        """The summary is a frozen value with to_dict and an HTML table."""
        s = summarize([1, 1], ["2024-01-01", "2024-01-02"], [1.0, 2.0])
        assert s.to_dict()["frequency"] == [1]
        assert json.loads(json.dumps(s.to_dict()))["end"] == "2024-01-02"
        assert "TransactionSummary" in s._repr_html_()
        assert len(s) == 1
        with pytest.raises(ValueError, match="read-only"):
            s.frequency[0] = 3

    @given(log=transaction_logs(), freq=grains)
    def test_matches_brute_force(
        self, log: tuple[np.ndarray, np.ndarray, np.ndarray], freq: str | np.timedelta64
    ) -> None:
        """Every customer's numbers equal a plain per-customer loop over the log."""
        ids, timestamps, amounts = log
        end = timestamps.max() + np.timedelta64(3, "D")
        expected = brute_force_summary(ids, timestamps, amounts, freq, end)
        got = _rows(summarize(ids, timestamps, amounts, freq=freq, end=end))
        assert got.keys() == expected.keys()
        for customer, (frequency, recency, age, monetary) in expected.items():
            assert got[customer][:3] == (frequency, recency, age)
            assert got[customer][3] == pytest.approx(monetary, rel=1e-12)

    @given(log=transaction_logs(), freq=grains)
    def test_recency_within_age(
        self, log: tuple[np.ndarray, np.ndarray, np.ndarray], freq: str | np.timedelta64
    ) -> None:
        """0 <= recency <= T, and each repeat period is a distinct later period."""
        ids, timestamps, amounts = log
        s = summarize(ids, timestamps, amounts, freq=freq)
        assert (s.recency >= 0).all()
        assert (s.recency <= s.T).all()
        assert (s.frequency <= s.recency).all()
        assert ((s.frequency == 0) == (s.recency == 0)).all()

    @given(log=transaction_logs(), freq=grains)
    def test_frequency_bounded_by_distinct_periods(
        self, log: tuple[np.ndarray, np.ndarray, np.ndarray], freq: str | np.timedelta64
    ) -> None:
        """A customer's frequency is at most the log's distinct periods minus one."""
        ids, timestamps, amounts = log
        s = summarize(ids, timestamps, amounts, freq=freq)
        distinct = {_python_period(m, freq) for m in timestamps.astype(object)}
        assert (s.frequency <= len(distinct) - 1).all()
        assert s.frequency.sum() <= ids.size - len(s)

    @given(log=transaction_logs(), freq=grains, data=st.data())
    def test_permutation_invariant(
        self,
        log: tuple[np.ndarray, np.ndarray, np.ndarray],
        freq: str | np.timedelta64,
        data: st.DataObject,
    ) -> None:
        """The order of the log's rows does not matter."""
        ids, timestamps, amounts = log
        order = np.array(data.draw(st.permutations(range(ids.size))), dtype=np.int64)
        original = summarize(ids, timestamps, amounts, freq=freq)
        shuffled = summarize(ids[order], timestamps[order], amounts[order], freq=freq)
        assert original == shuffled

    @given(first=transaction_logs(), second=transaction_logs(), freq=grains)
    def test_disjoint_customers_concatenate(
        self,
        first: tuple[np.ndarray, np.ndarray, np.ndarray],
        second: tuple[np.ndarray, np.ndarray, np.ndarray],
        freq: str | np.timedelta64,
    ) -> None:
        """Summarising two logs of different customers together stacks their summaries."""
        end = max(first[1].max(), second[1].max())
        shifted = (second[0] + 100, second[1], second[2])
        together = summarize(
            np.concatenate([first[0], shifted[0]]),
            np.concatenate([first[1], shifted[1]]),
            np.concatenate([first[2], shifted[2]]),
            freq=freq,
            end=end,
        )
        parts = [summarize(*log, freq=freq, end=end) for log in (first, shifted)]
        for name in ("customer_id", "frequency", "recency", "T", "monetary_value"):
            np.testing.assert_array_equal(
                getattr(together, name), np.concatenate([getattr(p, name) for p in parts])
            )

    @given(log=transaction_logs(), freq=grains)
    def test_amounts_do_not_change_the_counts(
        self, log: tuple[np.ndarray, np.ndarray, np.ndarray], freq: str | np.timedelta64
    ) -> None:
        """With or without amounts, customers, frequency, recency and T are the same."""
        ids, timestamps, amounts = log
        with_amounts = summarize(ids, timestamps, amounts, freq=freq)
        without = summarize(ids, timestamps, freq=freq)
        assert attrs.evolve(with_amounts, monetary_value=None) == without

    def test_unsigned_ids_beyond_int64(self) -> None:
        """Unsigned identifiers above 2**63 are kept as they are."""
        ids = np.array([2**64 - 1, 5, 2**64 - 1], dtype=np.uint64)
        s = summarize(ids, ["2024-01-01", "2024-01-02", "2024-01-03"])
        assert s.customer_id.tolist() == [5, 2**64 - 1]
        np.testing.assert_array_equal(s.frequency, [0, 1])

    def test_wide_ids_sort_without_packing(self) -> None:
        """Keys too wide to share 63 bits with the row number give the same summary."""
        ids = np.array([0, 2**58, 0, 2**58, 0])
        dates = np.array(["2024-01-01", "2024-01-03", "2024-01-01", "2024-01-16", "2024-01-05"])
        s = summarize(ids, dates, [1.0, 2.0, 3.0, 4.0, 6.0], end="2024-01-16")
        np.testing.assert_array_equal(s.customer_id, [0, 2**58])
        np.testing.assert_array_equal(s.frequency, [1, 1])
        np.testing.assert_array_equal(s.recency, [4.0, 13.0])
        np.testing.assert_array_equal(s.T, [15.0, 13.0])
        np.testing.assert_array_equal(s.monetary_value, [6.0, 4.0])

    def test_large_ids_use_the_two_key_sort(self) -> None:
        """Identifiers too spread out for one combined key give the same summary."""
        ids = np.array([2**62, -(2**62), 2**62, 7])
        dates = np.array(["2024-01-01", "2024-01-02", "2024-01-09", "2024-01-03"])
        s = summarize(ids, dates, [1.0, 2.0, 3.0, 4.0], end="2024-01-10")
        np.testing.assert_array_equal(s.customer_id, [-(2**62), 7, 2**62])
        np.testing.assert_array_equal(s.frequency, [0, 0, 1])
        np.testing.assert_array_equal(s.recency, [0.0, 0.0, 8.0])
        np.testing.assert_array_equal(s.T, [8.0, 7.0, 9.0])
        np.testing.assert_array_equal(s.monetary_value, [0.0, 0.0, 3.0])
        assert attrs.evolve(s, monetary_value=None) == summarize(ids, dates, end="2024-01-10")


class TestSummarizeErrors:
    def test_mismatched_lengths(self) -> None:
        """All columns must have the same length."""
        with pytest.raises(
            ShapeMismatchError,
            match=re.escape(
                "customer_id, timestamp, amount must have the same one-dimensional shape; "
                "got (2,), (2,), (3,)"
            ),
        ):
            summarize([1, 2], ["2024-01-01", "2024-01-02"], [1.0, 2.0, 3.0])

    def test_empty(self) -> None:
        """An empty log has nothing to summarise."""
        with pytest.raises(InvalidInputError, match=re.escape("customer_id must not be empty")):
            summarize([], np.array([], dtype="datetime64[D]"))

    def test_end_before_a_transaction(self) -> None:
        """No transaction may come after the end of observation."""
        with pytest.raises(
            OutOfRangeError,
            match=re.escape("timestamp must be <= end (2024-01-05); got 2024-01-09 at index 1"),
        ):
            summarize([1, 1], ["2024-01-01", "2024-01-09"], end="2024-01-05")

    def test_unknown_freq(self) -> None:
        """The grain is one of D, W, M or a positive timedelta64."""
        with pytest.raises(
            InvalidInputError,
            match=re.escape(
                "freq must be one of 'D', 'W', 'M' or a positive timedelta64; got 'Q'"
            ),
        ):
            summarize([1], ["2024-01-01"], freq="Q")
        with pytest.raises(InvalidInputError, match="freq must be a positive timedelta64"):
            summarize([1], ["2024-01-01"], freq=np.timedelta64(0, "D"))

    def test_grain_of_variable_length(self) -> None:
        """A timedelta64 in months or years has no fixed length; freq="M" is the month grain."""
        with pytest.raises(InvalidInputError, match="freq must be a timedelta64 of fixed length"):
            summarize([1], ["2024-01-01"], freq=np.timedelta64(1, "M"))
        with pytest.raises(InvalidInputError, match="unit must be a timedelta64 of fixed length"):
            summarize([1], ["2024-01-01"], unit=np.timedelta64(1, "Y"))

    def test_two_dimensional_timestamps(self) -> None:
        """Timestamps are one per transaction."""
        with pytest.raises(
            ShapeMismatchError,
            match=re.escape("timestamp must be one-dimensional; got shape (1, 1)"),
        ):
            summarize([1], [["2024-01-01"]])

    def test_month_unit_needs_month_grain(self) -> None:
        """Months have no fixed length in days."""
        with pytest.raises(InvalidInputError, match=re.escape("unit must be 'M' exactly when")):
            summarize([1], ["2024-01-01"], unit="M")
        with pytest.raises(InvalidInputError, match=re.escape("unit must be 'M' exactly when")):
            summarize([1], ["2024-01-01"], freq="M", unit="D")

    def test_nan_amount(self) -> None:
        """A missing amount is an error, not a silent NaN mean."""
        with pytest.raises(
            NonFiniteError, match=re.escape("amount must be finite; got nan at index 1")
        ):
            summarize([1, 1], ["2024-01-01", "2024-01-02"], [1.0, float("nan")])

    def test_nat_timestamp(self) -> None:
        """A missing timestamp is an error."""
        with pytest.raises(
            NonFiniteError, match=re.escape("timestamp must not be NaT; got NaT at index 0")
        ):
            summarize([1], np.array(["NaT"], dtype="datetime64[D]"))

    def test_timestamps_must_be_dates(self) -> None:
        """Numbers are not dates: the unit would be a guess."""
        with pytest.raises(InvalidInputError, match="timestamp must hold datetime64 values"):
            summarize([1, 2], [20240101, 20240102])
        with pytest.raises(InvalidInputError, match="timestamp must hold datetime64 values"):
            summarize([1], ["first of May"])

    def test_timezone_aware_timestamps(self) -> None:
        """Zone-aware times are refused: converting them to UTC could change their day."""
        paris = pd.Series(pd.to_datetime(["2024-01-01 00:30"]).tz_localize("Europe/Paris"))
        with pytest.raises(InvalidInputError, match="timestamp must be timezone-naive"):
            summarize([1], paris)
        with pytest.raises(InvalidInputError, match="end must be timezone-naive"):
            summarize([1], ["2024-01-01"], end="2024-01-02T00:00+01:00")

    def test_two_dimensional_ids(self) -> None:
        """Identifiers are one per transaction."""
        with pytest.raises(
            ShapeMismatchError, match=re.escape("customer_id must be one-dimensional")
        ):
            summarize([[1, 2]], ["2024-01-01", "2024-01-02"])

    def test_nan_id(self) -> None:
        """A missing float identifier is an error."""
        with pytest.raises(NonFiniteError, match="customer_id must be finite; got nan at index 1"):
            summarize([1.0, float("nan")], ["2024-01-01", "2024-01-02"])

    def test_unknown_column(self) -> None:
        """data= with a missing column names the parameter and the column."""
        frame = pd.DataFrame({"id": [1], "date": ["2024-01-01"]})
        with pytest.raises(
            InvalidInputError, match=re.escape("timestamp must name a column of data; got 'when'")
        ):
            summarize("id", "when", data=frame)
        with pytest.raises(
            InvalidInputError, match=re.escape("amount must name a column of data; got 'paid'")
        ):
            summarize("id", "date", "paid", data=frame)

    def test_end_must_be_one_date(self) -> None:
        """end is a single moment."""
        with pytest.raises(
            ShapeMismatchError, match=re.escape("end must be a single date; got shape (2,)")
        ):
            summarize([1], ["2024-01-01"], end=["2024-02-01", "2024-03-01"])


class TestCdnow:
    def test_loader(self) -> None:
        """The shipped log has the sample's 6,919 transactions of 2,357 customers."""
        log = load_cdnow_transactions()
        assert isinstance(log, CdnowTransactions)
        assert (
            log.customer_id.size == log.date.size == log.quantity.size == log.amount.size == 6919
        )
        assert np.unique(log.customer_id).size == 2357
        assert log.date.dtype == np.dtype("datetime64[D]")
        assert (log.date.min(), log.date.max()) == (
            np.datetime64("1997-01-01"),
            np.datetime64("1998-06-30"),
        )
        # The first four lines of CDNOW_sample.txt, customer 1.
        np.testing.assert_array_equal(
            log.date[:4],
            np.array(["1997-01-01", "1997-01-18", "1997-08-02", "1997-12-12"], "M8[D]"),
        )
        np.testing.assert_array_equal(log.amount[:4], [29.33, 29.73, 14.96, 26.48])
        np.testing.assert_array_equal(log.quantity[:4], [2, 2, 1, 2])
        assert json.loads(json.dumps(log.to_dict()))["date"][:2] == ["1997-01-01", "1997-01-18"]

    def test_customer_one_by_hand(self) -> None:
        """Customer 1 over the 39 calibration weeks, from the four lines above.

        Repeat purchases on 1997-01-18 and 1997-08-02: x = 2, t_x = 213 days / 7 = 30.43
        weeks, T = 272 days / 7 = 38.86 weeks, zbar = (29.73 + 14.96) / 2 = 22.345.
        """
        log = load_cdnow_transactions()
        s = calibration_holdout(
            log.customer_id[:4],
            log.date[:4],
            log.amount[:4],
            unit="W",
            calibration_end="1997-09-30",
            observation_end="1998-06-30",
        ).calibration
        assert (s.frequency[0], s.recency[0], s.T[0]) == (2, 213 / 7, 272 / 7)
        assert s.monetary_value is not None
        assert s.monetary_value[0] == pytest.approx(22.345, abs=1e-12)

    def test_reproduces_published_summary(self) -> None:
        """39 calibration weeks of the CDNOW sample give the published x, t_x, T and zbar.

        The published file (Fader & Hardie's CDNOW summary, as used in Fader, Hardie & Lee
        2005) counts purchases per day, merges same-day purchases, and states t_x and T in
        days / 7 measured to 1997-09-30; zbar is the mean of the calibration repeat purchases.
        """
        published = np.genfromtxt(PUBLISHED_CDNOW, delimiter=",", names=True)
        log = load_cdnow_transactions()
        calibration = log.date <= np.datetime64("1997-09-30")
        s = summarize(
            log.customer_id[calibration],
            log.date[calibration],
            log.amount[calibration],
            freq="D",
            unit="W",
            end="1997-09-30",
        )
        assert s.monetary_value is not None
        np.testing.assert_array_equal(s.customer_id, published["ID"])
        np.testing.assert_array_equal(s.frequency, published["x"])
        # The file rounds to 2 decimals; 1e-9 absorbs the binary representation of its values.
        np.testing.assert_allclose(s.recency, published["t_x"], rtol=0, atol=0.005 + 1e-9)
        np.testing.assert_allclose(s.T, published["T"], rtol=0, atol=0.005 + 1e-9)
        np.testing.assert_allclose(s.monetary_value, published["zbar"], rtol=0, atol=0.005 + 1e-9)
        assert s.frequency.sum() == published["x"].sum() == 2457

    def test_same_day_purchases_must_merge(self) -> None:
        """Counting every transaction instead of every day would not match: the file merges."""
        log = load_cdnow_transactions()
        calibration = log.date <= np.datetime64("1997-09-30")
        days = summarize(log.customer_id[calibration], log.date[calibration], end="1997-09-30")
        transactions = np.bincount(log.customer_id[calibration])[1:] - 1
        assert (transactions >= days.frequency).all()
        assert transactions.sum() > days.frequency.sum()


class TestCalibrationHoldout:
    def test_hand_computed(self) -> None:
        """Customer 3 first buys in the holdout period and is not in the calibration cohort."""
        split = calibration_holdout(
            [1, 1, 2, 1, 1, 1, 3],
            [
                "2024-01-05",
                "2024-01-20",
                "2024-01-25",
                "2024-02-10",
                "2024-02-10",
                "2024-02-12",
                "2024-02-14",
            ],
            [5.0, 7.0, 3.0, 4.0, 2.0, 6.0, 8.0],
            calibration_end="2024-01-31",
            observation_end="2024-02-29",
            unit="W",
        )
        assert isinstance(split, CalibrationHoldout)
        np.testing.assert_array_equal(split.calibration.customer_id, [1, 2])
        np.testing.assert_array_equal(split.frequency_holdout, [2, 0])
        np.testing.assert_array_equal(split.monetary_value_holdout, [6.0, 0.0])
        assert split.duration_holdout == pytest.approx(29 / 7, rel=1e-15)
        np.testing.assert_array_equal(split.calibration.T, [26 / 7, 6 / 7])

    def test_to_dataframe(self) -> None:
        """Calibration and holdout columns side by side."""
        split = calibration_holdout(
            [1, 1],
            ["2024-01-01", "2024-03-01"],
            calibration_end="2024-01-31",
            observation_end="2024-03-31",
        )
        plain = json.loads(json.dumps(split.to_dict()))
        assert plain["observation_end"] == "2024-03-31"
        assert plain["calibration"]["end"] == "2024-01-31"
        frame = split.to_dataframe()
        assert list(frame.columns) == [
            "frequency",
            "recency",
            "T",
            "frequency_holdout",
            "duration_holdout",
        ]
        assert frame.loc[1, "frequency_holdout"] == 1
        assert split.monetary_value_holdout is None

    def test_cdnow_holdout_is_39_weeks(self) -> None:
        """The CDNOW holdout runs from 1997-10-01 to 1998-06-30: 273 days, 39 weeks."""
        log = load_cdnow_transactions()
        split = calibration_holdout(
            log.customer_id,
            log.date,
            log.amount,
            calibration_end="1997-09-30",
            observation_end="1998-06-30",
            unit="W",
        )
        assert split.duration_holdout == 39.0
        assert len(split.calibration) == 2357
        later = log.date > np.datetime64("1997-09-30")
        # Every holdout purchase is by a calibration customer; merged days only reduce counts.
        assert split.frequency_holdout.sum() <= later.sum()

    @given(log=transaction_logs(), freq=grains, cut=st.integers(-300, 400))
    def test_consistent_with_summarize(
        self, log: tuple[np.ndarray, np.ndarray, np.ndarray], freq: str | np.timedelta64, cut: int
    ) -> None:
        """The calibration part is the summary of the early log; the holdout counts match a loop."""
        ids, timestamps, amounts = log
        calibration_end = np.datetime64("1970-01-01T12:00:00", "s") + np.timedelta64(cut, "D")
        observation_end = max(timestamps.max(), calibration_end + np.timedelta64(1, "s"))
        early = timestamps <= calibration_end
        if not early.any():
            with pytest.raises(OutOfRangeError, match="timestamp must include a transaction"):
                calibration_holdout(
                    ids,
                    timestamps,
                    amounts,
                    calibration_end=calibration_end,
                    observation_end=observation_end,
                    freq=freq,
                )
            return
        split = calibration_holdout(
            ids,
            timestamps,
            amounts,
            calibration_end=calibration_end,
            observation_end=observation_end,
            freq=freq,
        )
        assert split.calibration == summarize(
            ids[early], timestamps[early], amounts[early], freq=freq, end=calibration_end
        )
        holdout = brute_force_summary(
            ids[~early], timestamps[~early], amounts[~early], freq, observation_end
        )
        assert split.monetary_value_holdout is not None
        for position, customer in enumerate(split.calibration.customer_id.tolist()):
            frequency, _, _, _ = holdout.get(customer, (-1, 0, 0, 0.0))
            assert split.frequency_holdout[position] == frequency + 1
            total = amounts[~early & (ids == customer)].sum()
            assert split.monetary_value_holdout[position] == pytest.approx(
                total / max(frequency + 1, 1), rel=1e-12, abs=1e-12
            )

    def test_observation_end_after_calibration_end(self) -> None:
        """The holdout period must not be empty."""
        with pytest.raises(
            OutOfRangeError,
            match=re.escape(
                "observation_end must be after calibration_end (2024-02-01); got 2024-01-01"
            ),
        ):
            calibration_holdout(
                [1], ["2024-01-01"], calibration_end="2024-02-01", observation_end="2024-01-01"
            )

    def test_transaction_after_observation_end(self) -> None:
        """The log must end by observation_end."""
        with pytest.raises(
            OutOfRangeError,
            match=re.escape(
                "timestamp must be <= observation_end (2024-03-01); got 2024-04-01 at index 1"
            ),
        ):
            calibration_holdout(
                [1, 1],
                ["2024-01-01", "2024-04-01"],
                calibration_end="2024-02-01",
                observation_end="2024-03-01",
            )


class TestCompress:
    def test_hand_computed(self) -> None:
        """Three customers, two histories: weights count the customers of each."""
        c = compress([1, 0, 1], [4.0, 0.0, 4.0], [9.0, 9.0, 9.0])
        assert isinstance(c, CompressedHistories)
        np.testing.assert_array_equal(c.frequency, [0, 1])
        np.testing.assert_array_equal(c.recency, [0.0, 4.0])
        np.testing.assert_array_equal(c.weights, [1, 2])
        np.testing.assert_array_equal(c.inverse, [1, 0, 1])

    def test_cdnow_has_fewer_histories_than_customers(self) -> None:
        """Day-grain CDNOW summaries collapse to far fewer distinct rows."""
        log = load_cdnow_transactions()
        early = log.date <= np.datetime64("1997-09-30")
        c = summarize(log.customer_id[early], log.date[early], end="1997-09-30").compress()
        assert c.weights.sum() == 2357
        assert c.weights.size < 2357 / 2

    @given(log=transaction_logs(max_customers=30, max_rows=120), freq=grains)
    def test_round_trip(
        self, log: tuple[np.ndarray, np.ndarray, np.ndarray], freq: str | np.timedelta64
    ) -> None:
        """Expanding the compressed rows gives every customer's history back, in order."""
        s = summarize(*log, freq=freq)
        c = s.compress()
        np.testing.assert_array_equal(c.expand(c.frequency), s.frequency)
        np.testing.assert_array_equal(c.expand(c.recency), s.recency)
        np.testing.assert_array_equal(c.expand(c.T), s.T)
        assert c.weights.sum() == len(s)
        rows = set(zip(c.frequency.tolist(), c.recency.tolist(), c.T.tolist(), strict=True))
        assert len(rows) == c.weights.size

    @given(histories=compressible_histories())
    def test_round_trip_of_any_histories(
        self, histories: tuple[np.ndarray, np.ndarray, np.ndarray]
    ) -> None:
        """Compressing then expanding gives the input back; the weights count the customers."""
        frequency, recency, age = histories
        c = compress(frequency, recency, age)
        np.testing.assert_array_equal(c.expand(c.frequency), frequency)
        np.testing.assert_array_equal(c.expand(c.recency), recency)
        np.testing.assert_array_equal(c.expand(c.T), age)
        np.testing.assert_array_equal(c.weights, np.bincount(c.inverse))
        assert c.frequency.dtype == np.int64

    def test_monetary_value_splits_histories(self) -> None:
        """With spend, customers gather only if they also share their mean repeat spend."""
        c = compress(
            [2, 2, 0, 2], [5.0, 5.0, 0.0, 5.0], [9.0, 9.0, 9.0, 9.0], [8.0, 3.0, 0.0, 8.0]
        )
        np.testing.assert_array_equal(c.frequency, [0, 2, 2])
        np.testing.assert_array_equal(c.monetary_value, [0.0, 3.0, 8.0])
        np.testing.assert_array_equal(c.weights, [1, 1, 2])
        np.testing.assert_array_equal(c.expand(c.monetary_value), [8.0, 3.0, 0.0, 8.0])
        assert compress([1], [1.0], [2.0]).monetary_value is None

    def test_monetary_value_must_be_finite(self) -> None:
        """A NaN spend is refused like any other non-finite history."""
        with pytest.raises(NonFiniteError, match="monetary_value must be finite; got nan"):
            compress([1, 1], [1.0, 1.0], [2.0, 2.0], [1.0, float("nan")])

    def test_expand_needs_customer_rows(self) -> None:
        """Histories counted without a row per customer cannot be spread back."""
        c = CompressedHistories(frequency=[0], recency=[0.0], T=[2.0], weights=[3])
        with pytest.raises(InvalidInputError, match="values cannot be spread back to customers"):
            c.expand([1.0])

    def test_expand_shape(self) -> None:
        """expand needs one value per history."""
        c = compress([0, 1], [0.0, 1.0], [2.0, 2.0])
        with pytest.raises(
            ShapeMismatchError, match=re.escape("values must have shape (2,); got shape (3,)")
        ):
            c.expand([1.0, 2.0, 3.0])

    @pytest.mark.parametrize(
        ("args", "error", "message"),
        [
            (([1], [2.0], [1.0]), OutOfRangeError, "recency must be <= T; got 2.0 at index 0"),
            (([-1], [0.0], [1.0]), OutOfRangeError, "frequency must be >= 0; got -1.0 at index 0"),
            (
                ([0], [1.0], [2.0]),
                OutOfRangeError,
                "recency must be 0 when frequency is 0; got 1.0 at index 0",
            ),
            (
                ([1.5], [1.0], [2.0]),
                InvalidInputError,
                "frequency must be a whole number; got 1.5 at index 0",
            ),
            (([], [], []), InvalidInputError, "frequency must not be empty"),
            (
                ([1, 2], [1.0], [2.0]),
                ShapeMismatchError,
                "frequency, recency, T must have the same",
            ),
            (
                ([1], [float("nan")], [2.0]),
                NonFiniteError,
                "recency must be finite; got nan at index 0",
            ),
        ],
    )
    def test_errors(
        self, args: tuple[list[float], ...], error: type[Exception], message: str
    ) -> None:
        """Histories that cannot exist are rejected with the broken rule."""
        with pytest.raises(error, match=re.escape(message)):
            compress(*args)
