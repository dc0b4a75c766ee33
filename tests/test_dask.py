"""Tests of servicemetrics.dask: the Dask path must give the in-memory results."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

import numpy as np
import pytest

dd = pytest.importorskip(
    "dask.dataframe", reason='servicemetrics.dask needs pip install "servicemetrics[dask]"'
)
import dask  # noqa: E402
import pandas as pd  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from servicemetrics import (  # noqa: E402
    InvalidInputError,
    NonFiniteError,
    OutOfRangeError,
    transactions,
)
from servicemetrics import dask as smd  # noqa: E402
from servicemetrics.datasets import load_cdnow_transactions  # noqa: E402
from servicemetrics.models import (  # noqa: E402
    BetaGeo,
    GammaGamma,
    ModifiedBetaGeo,
    ParetoNBD,
    customer_lifetime_value,
)
from tests.strategies import partitioned_logs  # noqa: E402


@pytest.fixture(autouse=True)
def _synchronous() -> Iterator[None]:
    with dask.config.set(scheduler="synchronous"):
        yield


def _frame(ids: object, dates: object, amounts: object = None) -> pd.DataFrame:
    columns = {"customer": ids, "date": dates}
    if amounts is not None:
        columns["amount"] = amounts
    return pd.DataFrame(columns)


def _partitioned(frame: pd.DataFrame, parts: list[np.ndarray]) -> dd.DataFrame:
    """A Dask frame whose partitions are the given row numbers of ``frame``."""
    return dd.from_map(lambda rows: frame.iloc[rows], parts, meta=frame.iloc[:0])


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    log = load_cdnow_transactions()
    return _frame(log.customer_id, log.date, log.amount)


def _partitionings(frame: pd.DataFrame) -> dict[str, dd.DataFrame]:
    """By rows in customer order (cuts inside customers), by date, and at random."""
    shuffled = np.random.default_rng(5).permutation(len(frame))
    return {
        "rows": dd.from_pandas(frame, npartitions=4, sort=False),
        "date": dd.from_pandas(frame.sort_values("date", kind="stable"), npartitions=3),
        "random": _partitioned(frame, np.array_split(shuffled, 5)),
    }


def _assert_frames_match(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Same customers and columns, identical counts, durations and means to 1e-12."""
    got = got.sort_index()
    assert list(got.columns) == list(expected.columns)
    np.testing.assert_array_equal(got.index.to_numpy(), expected.index.to_numpy())
    assert got.index.name == "customer_id"
    for column in expected.columns:
        if column.startswith("frequency"):
            assert got[column].dtype == np.int64
            np.testing.assert_array_equal(got[column].to_numpy(), expected[column].to_numpy())
        else:
            np.testing.assert_allclose(
                got[column].to_numpy(), expected[column].to_numpy(), rtol=1e-12, atol=1e-12
            )


class TestSummarize:
    @pytest.mark.parametrize(
        ("freq", "unit", "end", "with_amount"),
        [
            ("D", "W", "1998-06-30", True),
            ("W", None, None, True),
            ("M", None, "1998-07-31", False),
            (np.timedelta64(10, "D"), "D", None, True),
            (np.timedelta64(36, "h"), np.timedelta64(12, "h"), "1998-06-30", False),
        ],
    )
    def test_cdnow_matches_in_memory(
        self,
        cdnow: pd.DataFrame,
        freq: str | np.timedelta64,
        unit: str | np.timedelta64 | None,
        end: str | None,
        with_amount: bool,
    ) -> None:
        """The CDNOW log, cut three ways, gives the in-memory summary on every grain."""
        amount = "amount" if with_amount else None
        expected = transactions.summarize(
            "customer", "date", amount, freq=freq, unit=unit, end=end, data=cdnow
        ).to_dataframe()
        summaries = [
            smd.summarize(log, "customer", "date", amount, freq=freq, unit=unit, end=end)
            for log in _partitionings(cdnow).values()
        ]
        for got in dask.compute(*summaries):
            _assert_frames_match(got, expected)

    def test_hand_computed_string_ids(self) -> None:
        """Ann's two 1 March purchases are one period, split across partitions or not."""
        frame = _frame(
            ["ann", "bob", "ann", "ann"],
            ["2024-03-01", "2024-03-04", "2024-03-01", "2024-03-15"],
            [10.0, 20.0, 5.0, 30.0],
        )
        log = _partitioned(
            frame, [np.array([0, 1]), np.array([], dtype=np.int64), np.array([2, 3])]
        )
        got = smd.summarize(log, "customer", "date", "amount", end="2024-03-31").compute()
        got = got.sort_index()
        assert got.index.tolist() == ["ann", "bob"]
        assert got["frequency"].tolist() == [1, 0]
        assert got["recency"].tolist() == [14.0, 0.0]
        assert got["T"].tolist() == [30.0, 27.0]
        assert got["monetary_value"].tolist() == [30.0, 0.0]

    def test_lazy_and_partitioned_by_customer(self, cdnow: pd.DataFrame) -> None:
        """Nothing is computed at the call; each partition holds whole customers, sorted."""
        summary = smd.summarize(dd.from_pandas(cdnow, npartitions=4), "customer", "date")
        assert isinstance(summary, dd.DataFrame)
        parts = list(summary.partitions)
        indexes = [part.index for part in dask.compute(*parts)]
        assert all(index.is_monotonic_increasing for index in indexes)
        combined = np.concatenate([index.to_numpy() for index in indexes])
        assert np.unique(combined).size == combined.size == 2357

    def test_empty_log(self) -> None:
        """An empty log gives an empty summary with the summary's columns."""
        frame = _frame(np.array([], dtype=np.int64), pd.to_datetime([]))
        got = smd.summarize(dd.from_pandas(frame, npartitions=1), "customer", "date").compute()
        assert got.empty
        assert list(got.columns) == ["frequency", "recency", "T"]

    @settings(max_examples=8, deadline=None)
    @given(
        drawn=partitioned_logs(),
        freq=st.sampled_from(["D", "W", "M", np.timedelta64(6, "h")]),
        split=st.booleans(),
    )
    def test_any_partitioning_matches_in_memory(
        self,
        drawn: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], list[np.ndarray]],
        freq: str | np.timedelta64,
        split: bool,
    ) -> None:
        """Random logs dealt into random partitions give the in-memory summary or split."""
        (ids, timestamps, amounts), parts = drawn
        frame = _frame(ids, timestamps, amounts)
        log = _partitioned(frame, parts)
        if not split:
            expected = transactions.summarize(ids, timestamps, amounts, freq=freq)
            got = smd.summarize(log, "customer", "date", "amount", freq=freq)
            _assert_frames_match(got.compute(), expected.to_dataframe())
            return
        cut = np.sort(timestamps)[timestamps.size // 2]
        observation_end = timestamps.max() + np.timedelta64(1, "s")
        expected_split = transactions.calibration_holdout(
            ids,
            timestamps,
            amounts,
            calibration_end=cut,
            observation_end=observation_end,
            freq=freq,
        )
        got_split = smd.calibration_holdout(
            log,
            "customer",
            "date",
            "amount",
            calibration_end=cut,
            observation_end=observation_end,
            freq=freq,
        )
        _assert_frames_match(got_split.compute(), expected_split.to_dataframe())


class TestCalibrationHoldout:
    @pytest.mark.parametrize(
        ("freq", "unit", "with_amount"), [("D", "W", True), ("W", None, False)]
    )
    def test_cdnow_matches_in_memory(
        self,
        cdnow: pd.DataFrame,
        freq: str,
        unit: str | None,
        with_amount: bool,
    ) -> None:
        """The 39-week calibration and 39-week holdout of CDNOW, as in memory."""
        amount = "amount" if with_amount else None
        dates = {"calibration_end": "1997-09-30", "observation_end": "1998-06-30"}
        expected = transactions.calibration_holdout(
            "customer", "date", amount, freq=freq, unit=unit, data=cdnow, **dates
        ).to_dataframe()
        splits = [
            smd.calibration_holdout(log, "customer", "date", amount, freq=freq, unit=unit, **dates)
            for log in _partitionings(cdnow).values()
        ]
        for got in dask.compute(*splits):
            _assert_frames_match(got, expected)

    def test_observation_end_after_calibration_end(self, cdnow: pd.DataFrame) -> None:
        """The dates are checked at the call."""
        with pytest.raises(OutOfRangeError, match="observation_end must be after calibration_end"):
            smd.calibration_holdout(
                dd.from_pandas(cdnow, npartitions=2),
                "customer",
                "date",
                calibration_end="1997-09-30",
                observation_end="1997-09-01",
            )

    def test_transaction_after_observation_end(self) -> None:
        """A late transaction is reported when computing, with its partition."""
        frame = _frame([1, 2, 1], pd.to_datetime(["2024-01-05", "2024-01-06", "2024-03-02"]))
        split = smd.calibration_holdout(
            dd.from_pandas(frame, npartitions=2, sort=False),
            "customer",
            "date",
            calibration_end="2024-01-31",
            observation_end="2024-02-29",
        )
        with pytest.raises(
            OutOfRangeError,
            match=re.escape(
                "timestamp must be <= observation_end (2024-02-29) (in partition 1 of the log); "
                "got 2024-03-02 00:00:00 at index 0"
            ),
        ):
            split.compute()


@pytest.fixture(scope="module")
def cdnow_summary(cdnow: pd.DataFrame) -> tuple[pd.DataFrame, dd.DataFrame]:
    """The CDNOW 39-week calibration summary in weeks, in memory and as a Dask frame."""
    frame = transactions.summarize(
        "customer",
        "date",
        "amount",
        unit="W",
        end="1997-09-30",
        data=cdnow[cdnow.date <= "1997-09-30"],
    ).to_dataframe()
    return frame, dd.from_pandas(frame, npartitions=3)


class TestCompress:
    def test_equals_in_memory_and_fits_the_same(
        self, cdnow_summary: tuple[pd.DataFrame, dd.DataFrame]
    ) -> None:
        """The distinct histories and weights are those of the in-memory compress."""
        frame, summary = cdnow_summary
        got = smd.compress(summary)
        expected = transactions.compress(frame.frequency, frame.recency, frame["T"])
        assert got.inverse is None
        assert got == _without_inverse(expected)
        assert got.weights.sum() == 2357
        model = BetaGeo.fit(got.frequency, got.recency, got.T, weights=got.weights)
        reference = BetaGeo.fit(
            expected.frequency, expected.recency, expected.T, weights=expected.weights
        )
        assert model.parameters == reference.parameters
        direct = BetaGeo.fit(frame.frequency, frame.recency, frame["T"])
        np.testing.assert_allclose(
            list(model.parameters.values()), list(direct.parameters.values()), rtol=1e-6
        )
        assert model.log_likelihood == pytest.approx(direct.log_likelihood, rel=1e-12)

    def test_with_monetary_value_fits_spend(
        self, cdnow_summary: tuple[pd.DataFrame, dd.DataFrame]
    ) -> None:
        """Grouping by spend too gives the rows a gamma-gamma fit needs, with their counts."""
        frame, summary = cdnow_summary
        got = smd.compress(summary, with_monetary_value=True)
        expected = transactions.compress(
            frame.frequency, frame.recency, frame["T"], frame.monetary_value
        )
        assert got == _without_inverse(expected)
        repeat = frame.frequency > 0
        model = GammaGamma.fit(got.frequency, got.monetary_value, weights=got.weights)
        direct = GammaGamma.fit(frame.frequency[repeat], frame.monetary_value[repeat])
        np.testing.assert_allclose(
            list(model.parameters.values()), list(direct.parameters.values()), rtol=1e-6
        )
        assert model.n_observations == direct.n_observations

    def test_missing_column(self, cdnow_summary: tuple[pd.DataFrame, dd.DataFrame]) -> None:
        """Every column read must exist."""
        _, summary = cdnow_summary
        with pytest.raises(InvalidInputError, match="summary must name a column of summary"):
            smd.compress(summary[["frequency", "recency"]])
        with pytest.raises(InvalidInputError, match=re.escape("got 'monetary_value'")):
            smd.compress(summary[["frequency", "recency", "T"]], with_monetary_value=True)

    def test_impossible_history(self) -> None:
        """Histories are checked as in memory; the message has no index into distinct rows."""
        frame = pd.DataFrame({"frequency": [1, 1], "recency": [1.0, 3.0], "T": [2.0, 2.0]})
        with pytest.raises(OutOfRangeError, match=r"^recency must be <= T; got 3.0$"):
            smd.compress(dd.from_pandas(frame, npartitions=2))
        frame.loc[0, "recency"] = np.nan
        with pytest.raises(NonFiniteError, match="recency must be finite; got nan"):
            smd.compress(dd.from_pandas(frame, npartitions=2))


def _without_inverse(
    histories: transactions.CompressedHistories,
) -> transactions.CompressedHistories:
    """The same histories without the per-customer rows, as the Dask path returns them."""
    return transactions.CompressedHistories(
        frequency=histories.frequency,
        recency=histories.recency,
        T=histories.T,
        weights=histories.weights,
        monetary_value=histories.monetary_value,
    )


BGNBD = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
PNBD = ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
MBG = ModifiedBetaGeo(r=0.525, alpha=6.183, a=0.891, b=1.614)
SPEND = GammaGamma(p=6.25, q=3.74, gamma=15.44)


class TestPredict:
    def test_methods_match_in_memory(
        self, cdnow_summary: tuple[pd.DataFrame, dd.DataFrame]
    ) -> None:
        """Every per-customer prediction equals the in-memory call, customer by customer."""
        frame, summary = cdnow_summary
        x, t_x, age, spend = frame.frequency, frame.recency, frame["T"], frame.monetary_value
        cases = [
            (smd.predict(BGNBD, summary, "p_alive"), BGNBD.p_alive(x, t_x, age)),
            (smd.predict(PNBD, summary, "p_alive"), PNBD.p_alive(x, t_x, age)),
            (
                smd.predict(MBG, summary, "conditional_expected_purchases", t=39),
                MBG.conditional_expected_purchases(39, x, t_x, age),
            ),
            (
                smd.predict(
                    PNBD,
                    summary,
                    "discounted_expected_transactions",
                    continuous_discount_rate=0.01,
                ),
                PNBD.discounted_expected_transactions(0.01, x, t_x, age),
            ),
            (
                smd.predict(BGNBD, summary, "log_likelihood_of"),
                BGNBD.log_likelihood_of(x, t_x, age),
            ),
            (smd.predict(SPEND, summary, "expected_spend"), SPEND.expected_spend(x, spend)),
            (
                smd.customer_lifetime_value(
                    BGNBD, SPEND, summary, discount_rate=0.002, horizon=12
                ),
                customer_lifetime_value(
                    BGNBD, SPEND, x, t_x, age, spend, discount_rate=0.002, horizon=12
                ),
            ),
            (
                smd.customer_lifetime_value(
                    PNBD, SPEND, summary, discount_rate=0.15, period=52, margin=0.3
                ),
                customer_lifetime_value(
                    PNBD, SPEND, x, t_x, age, spend, discount_rate=0.15, period=52, margin=0.3
                ),
            ),
        ]
        results = dask.compute(*(lazy for lazy, _ in cases))
        for got, (lazy, expected) in zip(results, cases, strict=True):
            assert got.name == lazy.name
            pd.testing.assert_index_equal(got.index, frame.index)
            np.testing.assert_allclose(got.to_numpy(), np.asarray(expected), rtol=1e-12, atol=0)

    def test_keeps_partitions_and_index(self) -> None:
        """The result has the summary's partitions and divisions, and its index."""
        frame = pd.DataFrame(
            {"frequency": [0, 2, 1], "recency": [0.0, 30.43, 5.0], "T": 38.86},
            index=pd.Index(["a", "b", "c"], name="customer_id"),
        )
        summary = dd.from_pandas(frame, npartitions=2)
        got = smd.predict(BGNBD, summary, "p_alive")
        assert got.npartitions == summary.npartitions
        assert got.divisions == summary.divisions
        computed = got.compute()
        assert computed.index.tolist() == ["a", "b", "c"]
        assert computed["a"] == 1.0
        assert computed["b"] == pytest.approx(0.7266, abs=5e-5)  # FHL (2005), as in BetaGeo

    def test_empty_partitions(self) -> None:
        """Empty partitions give empty pieces of the result."""
        frame = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]})
        summary = _partitioned(frame, [np.array([], dtype=np.int64), np.array([0])])
        got = smd.predict(BGNBD, summary, "p_alive").compute()
        assert got.tolist() == pytest.approx([0.7266], abs=5e-5)

    @pytest.mark.parametrize(
        ("method", "options", "error", "message"),
        [
            (
                "p_alvie",
                {},
                InvalidInputError,
                "method must name a method of BetaGeo that takes customer histories",
            ),
            ("_p_alive", {}, InvalidInputError, "got '_p_alive'"),
            ("expected_purchases", {"t": 1.0}, InvalidInputError, "got 'expected_purchases'"),
            ("p_alive", {"T": 3.0}, InvalidInputError, "T is read from the summary's column"),
            (
                "conditional_expected_purchases",
                {"t": -1.0},
                OutOfRangeError,
                "t must be >= 0; got -1.0",
            ),
            (
                "conditional_expected_purchases",
                {},
                TypeError,
                "missing 1 required positional argument: 't'",
            ),
        ],
    )
    def test_errors_at_the_call(
        self,
        cdnow_summary: tuple[pd.DataFrame, dd.DataFrame],
        method: str,
        options: dict[str, float],
        error: type[Exception],
        message: str,
    ) -> None:
        """Methods and options are checked before anything is computed."""
        _, summary = cdnow_summary
        with pytest.raises(error, match=re.escape(message)):
            smd.predict(BGNBD, summary, method, **options)

    def test_history_errors_wait_for_the_data(self) -> None:
        """A model whose expected spend is infinite for some histories fails on those only."""
        spend = GammaGamma(p=0.1, q=0.85, gamma=10.0)  # finite only when 0.1 x + 0.85 > 1
        frame = pd.DataFrame(
            {"frequency": [2, 1], "recency": [3.0, 0.5], "T": 4.0, "monetary_value": [9.0, 4.0]}
        )
        lazy = smd.predict(spend, dd.from_pandas(frame, npartitions=2), "expected_spend")
        first = lazy.partitions[0].compute()
        assert first.tolist() == pytest.approx([0.1 * (10.0 + 2 * 9.0) / (0.1 * 2 + 0.85 - 1.0)])
        with pytest.raises(InvalidInputError, match="frequency must satisfy p \\* frequency"):
            lazy.compute()

    def test_missing_column(self, cdnow_summary: tuple[pd.DataFrame, dd.DataFrame]) -> None:
        """A spend prediction needs the monetary_value column."""
        _, summary = cdnow_summary
        with pytest.raises(InvalidInputError, match=re.escape("got 'monetary_value'")):
            smd.predict(SPEND, summary[["frequency", "recency", "T"]], "expected_spend")

    def test_invalid_history_on_compute(self) -> None:
        """An impossible history is found when the partition is computed."""
        frame = pd.DataFrame({"frequency": [1], "recency": [5.0], "T": [2.0]})
        lazy = smd.predict(BGNBD, dd.from_pandas(frame, npartitions=1), "p_alive")
        with pytest.raises(OutOfRangeError, match="recency must be <= T"):
            lazy.compute()

    def test_lifetime_value_options_at_the_call(
        self, cdnow_summary: tuple[pd.DataFrame, dd.DataFrame]
    ) -> None:
        """A BG/NBD has no closed-form infinite horizon: refused at once."""
        _, summary = cdnow_summary
        with pytest.raises(InvalidInputError, match="horizon must be given for a BetaGeo model"):
            smd.customer_lifetime_value(BGNBD, SPEND, summary, discount_rate=0.1)
        with pytest.raises(
            InvalidInputError, match=re.escape("summary must be a dask.dataframe.DataFrame")
        ):
            smd.customer_lifetime_value(
                BGNBD, SPEND, summary.compute(), discount_rate=0.1, horizon=3
            )


class TestSummarizeErrors:
    @pytest.fixture
    def log(self) -> dd.DataFrame:
        frame = _frame(
            [1, 2, 1],
            pd.to_datetime(["2024-01-05", "2024-01-06", "2024-03-02"]),
            [1.0, 2.0, np.nan],
        )
        return dd.from_pandas(frame, npartitions=2, sort=False)

    def test_not_a_dask_frame(self) -> None:
        """A pandas frame goes to the in-memory function instead."""
        with pytest.raises(
            InvalidInputError,
            match=re.escape("log must be a dask.dataframe.DataFrame; got 'DataFrame'"),
        ):
            smd.summarize(_frame([1], ["2024-01-01"]), "customer", "date")

    @pytest.mark.parametrize(
        ("columns", "message"),
        [
            (("client", "date", None), "customer_id must name a column of log"),
            (("customer", "when", None), "timestamp must name a column of log"),
            (
                ("customer", "date", "value"),
                "amount must name a column of log (one of ['customer', 'date', 'amount']); got 'value'",
            ),
        ],
    )
    def test_missing_column(
        self, log: dd.DataFrame, columns: tuple[str, str, str | None], message: str
    ) -> None:
        """Each column named must exist; the error names the parameter."""
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            smd.summarize(log, *columns)

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ({"end": "2024-13-45"}, "end must hold datetime64 values or ISO 8601 date strings"),
            ({"end": ["2024-03-01", "2024-03-02"]}, "end must be a single date"),
            ({"freq": "Q"}, "freq must be one of 'D', 'W', 'M' or a positive timedelta64"),
            ({"unit": "M"}, "unit must be 'M' exactly when freq is 'M'"),
        ],
    )
    def test_bad_options_at_the_call(
        self, log: dd.DataFrame, options: dict[str, object], message: str
    ) -> None:
        """Options are checked before anything is computed."""
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            smd.summarize(log, "customer", "date", **options)

    @pytest.mark.parametrize(
        ("frame", "amount", "message"),
        [
            (
                _frame([1], pd.to_datetime(["2024-01-05"]).tz_localize("Europe/Paris")),
                None,
                "timestamp must be timezone-naive",
            ),
            (
                _frame([1], [20240105]),
                None,
                "timestamp must hold datetime64 values or ISO 8601 date strings; got 'int64'",
            ),
            (
                _frame([1], ["2024-01-05"], ["12.5"]),
                "amount",
                "amount must be numeric; got",
            ),
        ],
    )
    def test_column_types_at_the_call(
        self, frame: pd.DataFrame, amount: str | None, message: str
    ) -> None:
        """Columns of a type no partition could use are refused before computing."""
        with pytest.raises(InvalidInputError, match=re.escape(message)):
            smd.summarize(dd.from_pandas(frame, npartitions=1), "customer", "date", amount)

    def test_transaction_after_end(self, log: dd.DataFrame) -> None:
        """A transaction after end is found when computing; the error names its partition."""
        lazy = smd.summarize(log, "customer", "date", end="2024-02-01")
        with pytest.raises(
            OutOfRangeError,
            match=re.escape(
                "timestamp must be <= end (2024-02-01) (in partition 1 of the log); got"
            ),
        ):
            lazy.compute()

    def test_nan_amount(self, log: dd.DataFrame) -> None:
        """A missing amount is not silently dropped."""
        lazy = smd.summarize(log, "customer", "date", "amount")
        with pytest.raises(
            NonFiniteError,
            match=re.escape(
                "amount must be finite (in partition 1 of the log); got nan at index 0"
            ),
        ):
            lazy.compute()


class TestWithoutDask:
    def test_clear_import_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without Dask, calling a function says what to install."""
        monkeypatch.setitem(sys.modules, "dask.dataframe", None)
        with pytest.raises(
            smd.DaskNotInstalledError, match=re.escape('pip install "servicemetrics[dask]"')
        ):
            smd.summarize(object(), "customer", "date")  # type: ignore[arg-type]
        assert issubclass(smd.DaskNotInstalledError, ImportError)

    def test_importing_the_package_does_not_import_dask(self) -> None:
        """servicemetrics and servicemetrics.dask load without importing Dask."""
        code = "import sys, servicemetrics, servicemetrics.dask; print('dask' in sys.modules)"
        output = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        assert output.strip() == "False"
