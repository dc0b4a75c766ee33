"""Tests of the command line (``python -m servicemetrics``).

Most tests call :func:`servicemetrics.__main__.main` in-process; a few run the module in a
subprocess to check the real entry point. The CSV-reading tests run twice, with pandas' parser
and with the standard library's (pandas made unimportable).
"""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemetrics import compliance, costs, models, retention, staffing, surveys, transactions
from servicemetrics.__main__ import demo_report, main
from servicemetrics._cli import _demo, _io
from servicemetrics._cli._io import CliError, read_csv
from servicemetrics.datasets import load_cdnow_summary, load_cdnow_transactions
from tests.strategies import csv_tables, transaction_logs

ROWS = "(rows counted with the header as row 1)"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "servicemetrics", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def invoke(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``main(argv)`` in-process; return the status, standard output and standard error."""
    capsys.readouterr()
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def write(directory: Path, name: str, text: str) -> str:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(params=["pandas", "stdlib"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with pandas' CSV parser, then with pandas made unimportable."""
    if request.param == "stdlib":
        monkeypatch.setitem(sys.modules, "pandas", None)
        assert _io._pandas() is None
    else:
        assert _io._pandas() is not None
    return request.param


def _write_log(path: Path, end: str | None = None) -> str:
    log = load_cdnow_transactions()
    keep = np.ones(log.date.size, dtype=bool) if end is None else log.date <= np.datetime64(end)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer_id", "date", "amount"])
        writer.writerows(
            zip(
                log.customer_id[keep].tolist(),
                log.date[keep].astype(str).tolist(),
                log.amount[keep].tolist(),
                strict=True,
            )
        )
    return str(path)


@pytest.fixture(scope="module")
def cdnow_csv(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled CDNOW log written as a CSV file (ISO dates), 78 weeks."""
    return _write_log(tmp_path_factory.mktemp("cdnow") / "cdnow.csv")


@pytest.fixture(scope="module")
def cdnow_calibration_csv(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The CDNOW log up to the end of the calibration period, 1997-09-30."""
    return _write_log(tmp_path_factory.mktemp("cdnow") / "calibration.csv", "1997-09-30")


class TestDemo:
    def test_demo_runs_as_a_module(self) -> None:
        """``python -m servicemetrics demo`` prints every section and exits 0."""
        result = run("demo")
        assert result.returncode == 0, result.stderr
        for heading in (
            "Retention (from yearly customer counts)",
            "Customer lifetime value",
            "Concentration of margin",
            "Acquisition versus retention",
            "Word of mouth",
            "Compliance with service standards",
            "Contact-centre staffing (Erlang C",
            "Surveys",
            "Customer-base models (CDNOW sample, weeks)",
        ):
            assert heading in result.stdout
        assert result.stderr == ""

    def test_report_is_deterministic(self) -> None:
        """The same seed gives the same report; another seed changes the synthetic data."""
        report = demo_report(800, seed=5)
        assert report == demo_report(800, seed=5)
        assert report != demo_report(800, seed=6)

    def test_bad_option_value_is_a_clear_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A too-small example base is refused with the rule, not a traceback."""
        assert main(["demo", "--customers", "3"]) == 2
        assert "n_customers must be a whole number >= 10; got 3" in capsys.readouterr().err

    def test_no_command_prints_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a command the help text is shown."""
        assert main([]) == 0
        out = capsys.readouterr().out
        for command in ("demo", "summary", "clv", "survey", "audit"):
            assert command in out

    def test_version(self) -> None:
        """--version prints the package version."""
        result = run("--version")
        assert result.returncode == 0
        assert result.stdout.startswith("servicemetrics ")

    def test_costs_section(self) -> None:
        """Unit economics of the guide's business: CAC 80, retention cost 4, LTV 454.51."""
        text = "\n".join(_demo.costs_section())
        monthly = float(retention.convert_retention(0.9, 1 / 3))
        discount = 1.1 ** (1 / 12) - 1
        # CLV with the margin at the end of each month: m r / (1 + i - r), m = 25 × 0.8.
        clv = 20.0 * monthly / (1 + discount - monthly)
        assert f"{clv:,.2f}" == "454.51"
        assert "acquisition cost (CAC)    80.00  per new customer" in text
        assert "retention cost             4.00  per customer kept" in text
        assert "lifetime value           454.51  per new customer" in text
        assert f"LTV : CAC                  {clv / 80:.2f}  times" in text
        assert "CAC payback                 4.0  months" in text  # 80 / (25 × 0.8)
        gain = costs.retention_gain_value(10_000, 20.0, monthly, 0.001, discount)
        assert f"{gain:,.0f}" == "114,382"
        assert "114,382 of discounted margin" in text

    def test_word_of_mouth_section(self) -> None:
        """64 complaints at a 4% rate hide 1,600 dissatisfied customers who tell 16,000."""
        text = "\n".join(_demo.word_of_mouth_section())
        assert "            4%         1,600   1,536" in text
        assert "27,600 people hear praise" in text  # 0.3 × 5 × (20,000 − 1,600)
        assert "16,000 hear complaints" in text  # 1,600 × 10
        # Galton-Watson: m / (1 - R) = 16,000 / 0.7.
        assert f"{16_000 / 0.7:,.0f} people in all" in text

    def test_staffing_section(self) -> None:
        """100 calls per half hour at 180 s need 14 agents for 80/20 (13 give less)."""
        text = "\n".join(_demo.staffing_section())
        rate = 100 / 1800
        assert staffing.erlang_c(13, rate, 180, target_time=20).service_level < 0.8
        level = staffing.erlang_c(14, rate, 180, target_time=20).service_level
        assert round(level, 4) == 0.8884
        # 14 agents on the phones at 30% shrinkage: ceil(14 / 0.7) = 20 to schedule.
        assert "  100            10.0      14          88.8%" in text
        assert text.splitlines()[7].endswith(f"{math.ceil(14 / 0.7)}")

    def test_surveys_section(self) -> None:
        """NPS, CSAT and CES of the seeded answers, counted by hand."""
        seed = 11
        text = "\n".join(_demo.surveys_section(np.random.default_rng(seed)))
        rng = np.random.default_rng(seed)
        p = np.array([2, 1, 2, 3, 3, 6, 8, 15, 18, 20, 22], dtype=float)
        scores = rng.choice(np.arange(11), size=400, p=p / p.sum())
        net = 100 * (np.mean(scores >= 9) - np.mean(scores <= 6))
        q = np.array([5, 8, 15, 37, 35], dtype=float)
        satisfaction = rng.choice(np.arange(1, 6), size=300, p=q / q.sum())
        assert f"NPS (0-10) 400 {net:+.1f}" in " ".join(text.split())
        assert net == pytest.approx(9.75)
        assert f"{np.mean(satisfaction >= 4):.1%}" in text

    def test_models_section(self) -> None:
        """The BG/NBD of Fader, Hardie & Lee (2005) on CDNOW: r 0.243, alpha 4.414, ..."""
        text = "\n".join(_demo.models_section())
        published = load_cdnow_summary()
        assert "BetaGeo: r 0.2426 (se 0.013), alpha 4.414 (se 0.38), a 0.7929" in text
        assert "GammaGamma: p 6.25 (se 1.2), q 3.744 (se 0.29), gamma 15.44" in text
        observed = int(published.holdout_frequency.sum())
        assert f"{observed:,} purchases observed" in text
        # Customers without a calibration repeat purchase, from the published summary.
        assert f" 0 {int(np.sum(published.frequency == 0))} " in " ".join(text.split())

    def test_compliance_section(self) -> None:
        """The audit standard's mean score and pass rate, recomputed from the same answers."""
        text = "\n".join(_demo.compliance_section(np.random.default_rng(3)))
        answers = _demo.synthetic_audits(60, np.random.default_rng(3))
        weights = np.array([0.0, 1.0, 1.0, 2.0, 1.0])
        applies = answers != compliance.NOT_APPLICABLE
        points = (np.where(applies, answers, 0) * weights).sum(1) / (applies * weights).sum(1)
        scores = np.where(answers[:, 0] == 0, 0.0, points)
        assert f"60 audits, mean score {scores.mean():.1%}" in text
        assert f"pass rate {np.mean(scores >= 0.8):.1%}" in text


MESSY = (
    "\ufeffcustomer_id , date,amount\n"
    '7,2024-03-01,"10"\n'
    "\n"
    " 7 ,2024-03-01, 20\n"
    "9,2024-03-10,99.0\n"
    ",,\n"
    "7,2024-03-15,40\n"
    "7,2024-03-29T18:30,60\n"
)


class TestReading:
    def test_columns_and_row_numbers(self, tmp_path: Path, reader: str) -> None:
        """Header and cells are stripped, a BOM is dropped, blank rows skipped but counted."""
        table = read_csv(write(tmp_path, "log.csv", MESSY))
        assert table.names == ("customer_id", "date", "amount")
        assert table.data["customer_id"].tolist() == ["7", "7", "9", "7", "7"]
        assert table.data["amount"].tolist() == ["10", "20", "99.0", "40", "60"]
        assert table.rows.tolist() == [2, 4, 5, 7, 8]

    def test_both_readers_give_the_same_output(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """pandas' parser and the csv module give byte-identical reports."""
        path = write(tmp_path, "log.csv", MESSY)
        argv = ("summary", path, "--amount-column", "amount", "--end", "2024-03-31")
        with_pandas = invoke(capsys, *argv)
        monkeypatch.setitem(sys.modules, "pandas", None)
        assert invoke(capsys, *argv) == with_pandas
        assert with_pandas[0] == 0

    @given(table=csv_tables())
    def test_readers_agree_on_any_table(self, table: list[list[str]]) -> None:
        """Any CSV table reads the same with both readers, cells stripped, blank rows left out."""
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(table)
        kept = [row for row in table[1:] if any(cell.strip() for cell in row)]
        with tempfile.TemporaryDirectory() as directory:
            path = write(Path(directory), "t.csv", buffer.getvalue())
            if not kept:
                with pytest.raises(CliError, match="has a header row but no data rows"):
                    read_csv(path)
                return
            fast = read_csv(path, use_pandas=True)
            plain = read_csv(path, use_pandas=False)
        for j, name in enumerate(table[0]):
            expected = [row[j].strip() for row in kept]
            assert fast.data[name].tolist() == expected
            assert plain.data[name].tolist() == expected
        assert fast.rows.tolist() == plain.rows.tolist()


class TestSummary:
    def test_hand_computed_log(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], reader: str
    ) -> None:
        """Customer 7 buys on 1 (twice), 15 and 29 March; customer 9 once on 10 March."""
        path = write(tmp_path, "log.csv", MESSY)
        status, out, err = invoke(
            capsys, "summary", path, "--amount-column", "amount", "--end", "2024-03-31",
            "--format", "csv",
        )  # fmt: skip
        assert (status, err) == (0, "")
        rows = csv_rows(out)
        assert [r["customer_id"] for r in rows] == ["7", "9"]
        # Repeat periods: 15 and 29 March; 28 days from first to last; 30 days to the end.
        assert [float(r["frequency"]) for r in rows] == [2, 0]
        assert [float(r["recency"]) for r in rows] == [28, 0]
        assert [float(r["T"]) for r in rows] == [30, 21]
        assert [float(r["monetary_value"]) for r in rows] == [50, 0]  # (40 + 60) / 2

    @given(log=transaction_logs(), grain=st.sampled_from(["D", "W", "M"]))
    def test_agrees_with_the_library(
        self, log: tuple[np.ndarray, np.ndarray, np.ndarray], grain: str
    ) -> None:
        """Any log written to CSV gives the summary of transactions.summarize, exactly."""
        ids, timestamps, amounts = log
        expected = transactions.summarize(ids, timestamps, amounts, freq=grain)
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "log.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(["customer_id", "date", "amount"])
                writer.writerows(
                    zip(ids.tolist(), timestamps.astype(str), amounts.tolist(), strict=True)
                )
            output = Path(directory) / "summary.json"
            argv = ["summary", str(path), "--amount-column", "amount", "--grain", grain]
            assert main([*argv, "--format", "json", "--output", str(output)]) == 0
            rows = json.loads(output.read_text(encoding="utf-8"))["rows"]
        assert [r["customer_id"] for r in rows] == expected.customer_id.tolist()
        assert [r["frequency"] for r in rows] == expected.frequency.tolist()
        assert [r["recency"] for r in rows] == expected.recency.tolist()
        assert [r["T"] for r in rows] == expected.T.tolist()
        assert [r["monetary_value"] for r in rows] == np.asarray(expected.monetary_value).tolist()

    def test_table_and_json(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The table has aligned columns with units; JSON holds the summary and the rows."""
        path = write(tmp_path, "log.csv", MESSY)
        status, out, _ = invoke(capsys, "summary", path, "--unit", "W", "--end", "2024-03-31")
        assert status == 0
        assert "customer_id  frequency  recency (W)  T (W)" in out
        assert "          7          2            4  4.286" in out
        status, out, _ = invoke(capsys, "summary", path, "--format", "json")
        document = json.loads(out)
        assert document["summary"]["customers"] == 2
        assert document["summary"]["end"] == "2024-03-29T18:30"
        assert document["summary"]["unit"] == "D"
        assert document["rows"][0] == {
            "customer_id": 7,
            "frequency": 2,
            "recency": 28.0,
            "T": 28.0,
        }

    def test_cdnow_matches_the_published_summary(
        self, cdnow_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], reader: str
    ) -> None:
        """The CDNOW log split at 1997-09-30 gives Fader & Hardie's summary and holdout counts."""
        out_file = tmp_path / "summary.csv"
        status, out, err = invoke(
            capsys, "summary", cdnow_csv, "--amount-column", "amount", "--unit", "W",
            "--end", "1997-09-30", "--holdout-end", "1998-06-30",
            "--format", "csv", "--output", str(out_file),
        )  # fmt: skip
        assert (status, out, err) == (0, "", "")
        rows = csv_rows(out_file.read_text(encoding="utf-8"))
        published = load_cdnow_summary()
        assert [int(r["customer_id"]) for r in rows] == published.customer_id.tolist()
        column = {name: np.array([float(r[name]) for r in rows]) for name in rows[0]}
        np.testing.assert_array_equal(column["frequency"], published.frequency)
        np.testing.assert_allclose(column["recency"], published.recency, atol=0.006)
        np.testing.assert_allclose(column["T"], published.T, atol=0.006)
        np.testing.assert_allclose(column["monetary_value"], published.monetary_value, atol=0.006)
        np.testing.assert_array_equal(column["frequency_holdout"], published.holdout_frequency)

    def test_holdout_needs_end(self, cdnow_csv: str, capsys: pytest.CaptureFixture[str]) -> None:
        """--holdout-end without --end is refused."""
        status, _, err = invoke(capsys, "summary", cdnow_csv, "--holdout-end", "1998-06-30")
        assert status == 2
        assert err == (
            "servicemetrics: error: --holdout-end needs --end (the end of the calibration "
            "period)\n"
        )


class TestClv:
    def test_bg_nbd_matches_the_library_on_the_published_summary(
        self, cdnow_calibration_csv: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """BG/NBD and Gamma-Gamma from the CSV log reproduce the published CDNOW estimates."""
        status, out, _ = invoke(
            capsys, "clv", cdnow_calibration_csv, "--unit", "W", "--end", "1997-09-30",
            "--horizon", "52", "--discount-rate", "0.002", "--margin", "0.3", "--format", "json",
        )  # fmt: skip
        assert status == 0
        document = json.loads(out)
        fitted = document["summary"]["purchase parameters"]
        # Fader, Hardie & Lee (2005a): r 0.243, alpha 4.414, a 0.793, b 2.426.
        for name, value in {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}.items():
            assert fitted[name]["estimate"] == pytest.approx(value, abs=0.0015)
        spend = document["summary"]["spend parameters"]
        # Fader, Hardie & Lee (2005b): p 6.25, q 3.74, gamma 15.44.
        for name, value in {"p": 6.25, "q": 3.74, "gamma": 15.44}.items():
            assert spend[name]["estimate"] == pytest.approx(value, abs=0.006)

        s = load_cdnow_summary()
        bg = models.BetaGeo.fit(s.frequency, s.recency, s.T)
        gg = models.GammaGamma.fit(s.frequency, s.monetary_value)
        expected = models.customer_lifetime_value(
            bg, gg, s.frequency, s.recency, s.T, s.monetary_value,
            discount_rate=0.002, horizon=52, margin=0.3,
        )  # fmt: skip
        rows = document["rows"]
        assert [r["customer_id"] for r in rows] == s.customer_id.tolist()
        # The published summary rounds t_x and T to two decimals: values agree to 0.5%.
        np.testing.assert_allclose([r["clv"] for r in rows], expected, rtol=5e-3, atol=1e-6)
        alive = bg.p_alive(s.frequency, s.recency, s.T)
        np.testing.assert_allclose([r["p_alive"] for r in rows], alive, rtol=5e-3, atol=1e-6)
        purchases = bg.conditional_expected_purchases(52, s.frequency, s.recency, s.T)
        np.testing.assert_allclose(
            [r["expected_purchases"] for r in rows], purchases, rtol=5e-3, atol=1e-6
        )
        assert document["summary"]["total clv"] == pytest.approx(sum(r["clv"] for r in rows))

    def test_pareto_nbd_as_a_module(self, cdnow_calibration_csv: str) -> None:
        """``clv --model pareto-nbd`` in a subprocess: the published Pareto/NBD estimates."""
        result = run(
            "clv", cdnow_calibration_csv, "--model", "pareto-nbd", "--unit", "W",
            "--top", "3", "--format", "csv",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        rows = csv_rows(result.stdout)
        assert len(rows) == 3
        values = [float(r["clv"]) for r in rows]
        assert values == sorted(values, reverse=True)
        s = load_cdnow_summary()
        pnbd = models.ParetoNBD(r=0.553, alpha=10.578, s=0.606, beta=11.669)
        gg = models.GammaGamma(p=6.25, q=3.74, gamma=15.44)
        top = np.argsort(-np.asarray(
            models.customer_lifetime_value(
                pnbd, gg, s.frequency, s.recency, s.T, s.monetary_value,
                discount_rate=0.0, horizon=12,
            )
        ))[:3]  # fmt: skip
        assert [int(r["customer_id"]) for r in rows] == s.customer_id[top].tolist()

    def test_table_shows_parameters(
        self, cdnow_calibration_csv: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The text format prints estimates with standard errors and the value columns."""
        status, out, _ = invoke(capsys, "clv", cdnow_calibration_csv, "--unit", "W", "--top", "2")
        assert status == 0
        assert "purchase parameters r 0.2426 (se 0.013), alpha 4.414 (se 0.38)" in " ".join(
            out.split()
        )
        assert "p_alive  expected_purchases  expected_spend" in out
        s = load_cdnow_summary()
        bg = models.BetaGeo.fit(s.frequency, s.recency, s.T)
        gg = models.GammaGamma.fit(s.frequency, s.monetary_value)
        clv = models.customer_lifetime_value(
            bg, gg, s.frequency, s.recency, s.T, s.monetary_value, discount_rate=0.0, horizon=12
        )
        top = s.customer_id[np.argsort(-np.asarray(clv))[:2]].tolist()
        assert [int(line.split()[0]) for line in out.strip().splitlines()[-2:]] == top

    def test_customers_first_seen_at_the_end_are_left_out(
        self, cdnow_calibration_csv: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A customer first seen on the last day has T = 0: counted, not valued."""
        text = Path(cdnow_calibration_csv).read_text(encoding="utf-8")
        path = write(tmp_path, "log.csv", text + "99999,1997-09-30,12.00\n")
        status, out, _ = invoke(capsys, "clv", path, "--unit", "W", "--format", "json")
        assert status == 0
        document = json.loads(out)
        assert document["summary"]["customers"] == 2357
        assert document["summary"]["left out (T = 0)"] == 1
        assert 99999 not in [row["customer_id"] for row in document["rows"]]

    def test_degenerate_fit_is_an_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A fit at the edge of the parameter space: no table of NaN, an error instead."""
        # The estimates an optimiser can reach on three customers; the BG/NBD's conditional
        # expectation is not finite there.
        edge = models.BetaGeo(r=2.83e6, alpha=3.537e7, a=7.126e9, b=1.403e-10)
        monkeypatch.setattr(models.BetaGeo, "fit", lambda *args, **kwargs: edge)
        spend = models.GammaGamma(p=6.25, q=3.74, gamma=15.44)
        monkeypatch.setattr(models.GammaGamma, "fit", lambda *args, **kwargs: spend)
        path = write(
            tmp_path,
            "log.csv",
            "customer_id,date,amount\n1,2024-01-01,5\n1,2024-01-09,7\n2,2024-01-03,4\n"
            "3,2024-01-20,5\n2,2024-01-10,6\n4,2024-01-10,6\n",
        )
        status, out, err = invoke(capsys, "clv", path)
        assert (status, out) == (2, "")
        assert err.startswith(
            "servicemetrics: error: BetaGeo parameters (r=2.83e+06, alpha=3.537e+07, "
            "a=7.126e+09, b=1.403e-10) are too far out for customer_lifetime_value to be "
            "evaluated in floating point (the result is NaN at index 0)"
        )
        assert err.count("\n") == 1

    def test_needs_an_amount_column(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without amounts there is nothing to value: the missing column is named."""
        path = write(tmp_path, "log.csv", "customer_id,date\n1,2024-01-01\n")
        status, _, err = invoke(capsys, "clv", path)
        assert status == 2
        assert err == (
            f"servicemetrics: error: {path}: no column 'amount' (named by --amount-column); "
            "the columns are 'customer_id', 'date'\n"
        )


SURVEY = """\
month,score,comment
2024-01,10,great
2024-01,9,
2024-01,9,
2024-01,8,
2024-01,7,
2024-02,6,slow
2024-02,3,
2024-02,,no answer
2024-02,10,
2024-02,0,
2024-02,9,
"""


def _adjusted_wald(promoters: int, passives: int, detractors: int) -> tuple[float, float]:
    """Adjusted-Wald NPS interval by hand: add 3/4 promoter, 3/2 passive, 3/4 detractor."""
    n = promoters + passives + detractors + 3
    p, d = (promoters + 0.75) / n, (detractors + 0.75) / n
    half = 1.959963984540054 * math.sqrt((p + d - (p - d) ** 2) / n)
    return 100 * max(p - d - half, -1), 100 * min(p - d + half, 1)


class TestSurvey:
    def test_nps_by_group(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], reader: str
    ) -> None:
        """One row per month and one for all answers; the blank answer is left out."""
        path = write(tmp_path, "export.csv", SURVEY)
        status, out, err = invoke(
            capsys, "survey", path, "--group-column", "month", "--format", "csv"
        )
        assert (status, err) == (0, "")
        rows = csv_rows(out)
        assert [r["month"] for r in rows] == ["2024-01", "2024-02", "(all)"]
        assert [int(r["n"]) for r in rows] == [5, 5, 10]
        # January 3 promoters, 2 passives; February 2 promoters, 3 detractors.
        assert [float(r["nps"]) for r in rows] == pytest.approx([60.0, -20.0, 20.0])
        for row, counts in zip(rows, [(3, 2, 0), (2, 0, 3), (5, 2, 3)], strict=True):
            low, high = _adjusted_wald(*counts)
            assert float(row["low"]) == pytest.approx(low)
            assert float(row["high"]) == pytest.approx(high)

    def test_nps_table(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The text report counts responses and blank answers."""
        path = write(tmp_path, "export.csv", SURVEY)
        status, out, _ = invoke(capsys, "survey", path, "--interval-method", "wald")
        assert status == 0
        assert "responses               11" in out
        assert "blank answers left out  1" in out
        assert "interval                wald" in out
        # Wald: 20 ± 1.96 × 100 × sqrt((0.5 + 0.3 - 0.04) / 10).
        half = 1.959963984540054 * 100 * math.sqrt(0.76 / 10)
        assert f"{20 - half:.4g}" in out

    def test_csat_and_ces(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """CSAT on a 1-7 scale (top 2 boxes: 6 and 7) and CES on 1-7 from the same column."""
        path = write(tmp_path, "export.csv", "score\n1\n2\n4\n5\n6\n7\n7\n")
        status, out, _ = invoke(
            capsys, "survey", path, "--metric", "csat", "--scale", "7", "--format", "json"
        )
        assert status == 0
        row = json.loads(out)["rows"][0]
        assert (row["n"], row["satisfied"]) == (7, 3)
        assert row["csat"] == pytest.approx(3 / 7)
        assert (row["low"], row["high"]) == pytest.approx(
            surveys.csat([1, 2, 4, 5, 6, 7, 7], scale=7).confidence_interval()
        )
        status, out, _ = invoke(capsys, "survey", path, "--metric", "ces", "--format", "json")
        row = json.loads(out)["rows"][0]
        assert row["mean"] == pytest.approx(32 / 7)
        assert row["agree_share"] == pytest.approx(4 / 7)

    def test_out_of_range_answer_names_the_row(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], reader: str
    ) -> None:
        """The library's rule, the text of the cell and its row (blank lines counted)."""
        path = write(tmp_path, "export.csv", "score\n5\n\n11\n")
        status, out, err = invoke(capsys, "survey", path)
        assert (status, out) == (2, "")
        assert err == (
            f"servicemetrics: error: {path}: column 'score' must be in [0, 10]; got '11' at "
            f"row 4 {ROWS}\n"
        )

    def test_options_must_suit_the_metric(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--scale means nothing for NPS; a CSAT top box count must leave a box below it."""
        path = write(tmp_path, "export.csv", SURVEY)
        status, _, err = invoke(capsys, "survey", path, "--scale", "7")
        assert status == 2
        assert err == "servicemetrics: error: --scale applies only to --metric csat or ces\n"
        status, _, err = invoke(capsys, "survey", path, "--metric", "csat", "--top-boxes", "5")
        assert status == 2
        assert err == "servicemetrics: error: --top-boxes must be <= scale - 1 = 4; got 5\n"

    def test_interval_method_must_suit_the_metric(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Wilson is a CSAT interval, not an NPS one."""
        path = write(tmp_path, "export.csv", SURVEY)
        status, _, err = invoke(capsys, "survey", path, "--interval-method", "wilson")
        assert status == 2
        assert "--interval-method must be one of adjusted-wald, wald, score, bootstrap" in err


AUDITS = """\
branch,greeting,verifies identity,explains fees,auditor
North,1,1,0.5,Ann
South,yes,no,N/A,Bob
North,0,1,1,Ann
South,1,1,,Cy
"""

STANDARD = """\
criterion,weight,section,critical
greeting,1,Welcome,no
verifies identity,0,Security,yes
explains fees,2,Advice,
"""


class TestAudit:
    def test_equal_weights(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], reader: str
    ) -> None:
        """Without a standard every remaining column is a criterion of weight 1."""
        path = write(tmp_path, "sheet.csv", AUDITS)
        status, out, _ = invoke(
            capsys, "audit", path, "--exclude", "branch", "--exclude", "auditor",
            "--format", "json",
        )  # fmt: skip
        assert status == 0
        summary = json.loads(out)["summary"]
        # Scores 2.5/3, 1/2 (fees N/A), 2/3, 2/2; passing (>= 0.8): the first and the last.
        scores = [2.5 / 3, 0.5, 2 / 3, 1.0]
        assert summary["score"] == pytest.approx(np.mean(scores))
        assert summary["pass_rate"] == 0.5
        assert summary["critical_failures"] == 0
        low, high = summary["score_low"], summary["score_high"]
        half = 3.182446305284263 * np.std(scores, ddof=1) / 2  # t(3) 97.5% quantile
        assert (low, high) == pytest.approx(
            (np.mean(scores) - half, min(np.mean(scores) + half, 1))
        )

    def test_standard_file_and_groups(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], reader: str
    ) -> None:
        """A critical failure zeroes the audit; weights come from the standard."""
        sheet = write(tmp_path, "sheet.csv", AUDITS)
        standard = write(tmp_path, "standard.csv", STANDARD)
        status, out, _ = invoke(
            capsys, "audit", sheet, "--standard", standard, "--group-column", "branch",
            "--format", "csv",
        )  # fmt: skip
        assert status == 0
        rows = csv_rows(out)
        assert [r["branch"] for r in rows] == ["North", "South", "(all)"]
        # North: (1 + 2 × 0.5)/3 and (0 + 2)/3; South: critical failure, then 1/1.
        expected = [(2 / 3 + 2 / 3) / 2, (0 + 1) / 2, (4 / 3 + 1) / 4]
        assert [float(r["score"]) for r in rows] == pytest.approx(expected)
        assert [int(r["critical_failures"]) for r in rows] == [0, 1, 1]
        assert [float(r["pass_rate"]) for r in rows] == [0, 0.5, 0.25]

    def test_criteria_worst_first(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The table lists criteria from the lowest compliance, with sections and weights."""
        sheet = write(tmp_path, "sheet.csv", AUDITS)
        standard = write(tmp_path, "standard.csv", STANDARD)
        status, out, _ = invoke(capsys, "audit", sheet, "--standard", standard)
        assert status == 0
        table = out.split("\n\n")[1].splitlines()
        assert table[0].split() == [
            "criterion",
            "section",
            "weight",
            "critical",
            "compliance",
            "audits",
        ]
        # All at 0.75: ties go critical first, then heavier weights, then column order.
        assert table[2].split() == ["verifies", "identity", "Security", "0", "yes", "0.75", "4"]
        assert table[3].split() == ["explains", "fees", "Advice", "2", "no", "0.75", "2"]
        assert table[4].split() == ["greeting", "Welcome", "1", "no", "0.75", "4"]

    def test_bad_answer_names_column_and_row(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], reader: str
    ) -> None:
        """A partial answer on a pass/fail criterion, and a word that is no answer."""
        standard = write(tmp_path, "standard.csv", STANDARD)
        sheet = write(tmp_path, "sheet.csv", AUDITS.replace("South,1,1,,Cy", "South,1,0.5,,Cy"))
        status, _, err = invoke(capsys, "audit", sheet, "--standard", standard)
        assert status == 2
        assert err == (
            f"servicemetrics: error: {sheet}: column 'verifies identity' must be 1 (pass), 0 "
            f"(fail) or -1 (not applicable) for a pass/fail criterion; got '0.5' at row 5 {ROWS}\n"
        )
        sheet = write(tmp_path, "sheet.csv", AUDITS.replace("North,0,1,1", "North,maybe,1,1"))
        status, _, err = invoke(capsys, "audit", sheet, "--standard", standard)
        assert err == (
            f"servicemetrics: error: {sheet}: column 'greeting' must be 1 (pass), 0 (fail), a "
            f"fraction for partial credit or -1/N/A (not applicable); got 'maybe' at row 4 {ROWS}\n"
        )

    @pytest.mark.parametrize(
        ("standard", "message"),
        [
            (
                STANDARD.replace("Welcome,no", "Welcome,maybe"),
                "column 'critical' must be yes/no, true/false or 1/0; got 'maybe' at row 2",
            ),
            (
                STANDARD.replace("fees,2", "fees,-2"),
                "column 'weight' must be >= 0; got '-2' at row 4",
            ),
            (
                STANDARD + "greeting,1,Welcome,no\n",
                "column 'criterion' must have unique names; got 'greeting' at row 5",
            ),
        ],
    )
    def test_bad_standard_file(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        reader: str,
        standard: str,
        message: str,
    ) -> None:
        """Errors in the standard file name its column, the value and the row."""
        path = write(tmp_path, "standard.csv", standard)
        sheet = write(tmp_path, "sheet.csv", AUDITS)
        status, _, err = invoke(capsys, "audit", sheet, "--standard", path)
        assert status == 2
        assert err == f"servicemetrics: error: {path}: {message} {ROWS}\n"

    def test_standard_criterion_missing_from_sheet(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A criterion of the standard without a column: named, with the columns available."""
        standard = write(tmp_path, "standard.csv", STANDARD + "offers follow-up,1,Advice,no\n")
        sheet = write(tmp_path, "sheet.csv", AUDITS)
        status, _, err = invoke(capsys, "audit", sheet, "--standard", standard)
        assert status == 2
        assert err == (
            f"servicemetrics: error: {sheet}: no column 'offers follow-up' (named by --standard);"
            " the columns are 'branch', 'greeting', 'verifies identity', 'explains fees', "
            "'auditor'\n"
        )


class TestErrors:
    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "the file is empty (it needs a header row and data rows)"),
            ("customer_id,date\n\n", "has a header row but no data rows"),
            (
                "customer_id,date\n1,2024-01-01\n2,2024-02-30\n",
                "column 'date' must be an ISO 8601 date such as 2024-03-31 or 2024-03-31T14:05;"
                f" got '2024-02-30' at row 3 {ROWS}",
            ),
            (
                "customer_id,date\n1,2024-01-01\n\n2,01/02/2024\n",
                "column 'date' must be an ISO 8601 date such as 2024-03-31 or 2024-03-31T14:05;"
                f" got '01/02/2024' at row 4 {ROWS}",
            ),
            (
                "customer_id,date\n1,2024-01-01T10:00+01:00\n",
                "column 'date' must be a timezone-naive date (no zone or offset); got "
                f"'2024-01-01T10:00+01:00' at row 2 {ROWS}",
            ),
            (
                "customer_id,date\n1,2024-01-01\n,2024-01-02\n",
                f"column 'customer_id' must not be empty; got '' at row 3 {ROWS}",
            ),
            (
                "customer_id,date\n1,2024-01-01,5\n",
                f"row 2 has 3 fields but the header has 2 {ROWS}",
            ),
            (
                "customer_id,customer_id\n1,2\n",
                "the header row (row 1) names column 'customer_id' twice",
            ),
            (
                "cust,when\n1,2024-01-01\n",
                "no column 'customer_id' (named by --customer-column); the columns are 'cust', 'when'",
            ),
        ],
    )
    def test_file_errors(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        reader: str,
        text: str,
        message: str,
    ) -> None:
        """One line on stderr naming the file, the column, the rule, the value and the row."""
        path = write(tmp_path, "log.csv", text)
        status, out, err = invoke(capsys, "summary", path)
        assert (status, out) == (2, "")
        assert err == f"servicemetrics: error: {path}: {message}\n"

    @pytest.mark.parametrize("content", [b"id,\xff\n1,2\n", b"id,date\n1,\xff\n"])
    def test_not_utf8(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], reader: str, content: bytes
    ) -> None:
        """A file in another encoding is refused, in the header or further down."""
        path = tmp_path / "latin1.csv"
        path.write_bytes(content)
        status, _, err = invoke(capsys, "summary", str(path))
        assert (status, err) == (2, f"servicemetrics: error: {path}: is not UTF-8 text\n")

    def test_bad_amount(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], reader: str
    ) -> None:
        """A non-numeric and a non-finite amount."""
        path = write(tmp_path, "log.csv", 'customer_id,date,amount\n1,2024-01-01,"3,5"\n')
        status, _, err = invoke(capsys, "summary", path, "--amount-column", "amount")
        assert err == (
            f"servicemetrics: error: {path}: column 'amount' must be a number; got '3,5' at "
            f"row 2 {ROWS}\n"
        )
        path = write(tmp_path, "log.csv", "customer_id,date,amount\n1,2024-01-01,inf\n")
        status, _, err = invoke(capsys, "summary", path, "--amount-column", "amount")
        assert status == 2
        assert "column 'amount' must be a finite number; got 'inf' at row 2" in err

    def test_missing_file_and_bad_option(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A missing file, a bad --end and an unknown choice are one-line errors, status 2."""
        missing = str(tmp_path / "nothing.csv")
        assert invoke(capsys, "summary", missing)[1:] == (
            "",
            f"servicemetrics: error: {missing}: no such file\n",
        )
        path = write(tmp_path, "log.csv", MESSY)
        status, _, err = invoke(capsys, "summary", path, "--end", "March")
        assert (status, err) == (
            2,
            "servicemetrics: error: --end must be an ISO 8601 date such as 2024-03-31 or "
            "2024-03-31T14:05; got 'March'\n",
        )
        status, _, err = invoke(capsys, "summary", path, "--end", "2024-03-20")
        assert err == (
            f"servicemetrics: error: {path}: column 'date' must not be after --end (2024-03-20);"
            f" got '2024-03-29T18:30' at row 8 {ROWS}\n"
        )
        status, _, err = invoke(capsys, "summary", path, "--grain", "Y")
        assert status == 2
        assert "invalid choice: 'Y'" in err

    def test_debug_shows_the_traceback(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--debug lets the exception through."""
        with pytest.raises(CliError, match="no such file"):
            main(["summary", str(tmp_path / "nothing.csv"), "--debug"])

    def test_error_as_a_module(self, tmp_path: Path) -> None:
        """In a subprocess: status 2, one line on stderr, no traceback, nothing on stdout."""
        path = write(tmp_path, "export.csv", "score\n9\n\n-1\n")
        result = run("survey", path, "--progress")
        assert result.returncode == 2
        assert result.stdout == ""
        last = result.stderr.splitlines()[-1]
        assert last == (
            f"servicemetrics: error: {path}: column 'score' must be in [0, 10]; got '-1' at "
            f"row 4 {ROWS}"
        )
        assert "Traceback" not in result.stderr


class TestProgressAndHelp:
    def test_progress_goes_to_stderr(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--progress prints stages on stderr only; --quiet and a non-terminal print none."""
        path = write(tmp_path, "log.csv", MESSY)
        status, out, err = invoke(capsys, "summary", path, "--progress", "--format", "csv")
        assert status == 0
        assert err.splitlines() == [
            f"servicemetrics: reading {path}…",
            "servicemetrics: read 5 rows",
            "servicemetrics: summarising purchase histories…",
            "servicemetrics: writing the output…",
        ]
        assert "servicemetrics:" not in out
        assert invoke(capsys, "summary", path, "--format", "csv") == (0, out, "")
        assert invoke(capsys, "summary", path, "--progress", "--quiet", "--format", "csv") == (
            0,
            out,
            "",
        )

    def test_clv_stages(
        self, cdnow_calibration_csv: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Fitting and predicting are announced."""
        status, _, err = invoke(
            capsys, "clv", cdnow_calibration_csv, "--unit", "W", "--progress", "--top", "1"
        )
        assert status == 0
        assert "servicemetrics: fitting the BG/NBD model…" in err
        assert "servicemetrics: fitting the Gamma-Gamma model…" in err
        assert "servicemetrics: predicting for 2,357 customers…" in err

    @pytest.mark.parametrize("command", ["demo", "summary", "clv", "survey", "audit"])
    def test_help_has_examples(self, command: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Every subcommand's --help shows examples and exits 0."""
        status, out, _ = invoke(capsys, command, "--help")
        assert status == 0
        assert "examples:" in out
        assert f"python -m servicemetrics {command}" in out

    def test_help_as_a_module(self) -> None:
        """``python -m servicemetrics audit --help`` describes the sheet layout."""
        result = run("audit", "--help")
        assert result.returncode == 0
        assert "one row per audit and one column per criterion" in result.stdout


def test_identifiers_keep_leading_zeros() -> None:
    """Identifiers are numbers only when every one is written as a plain integer."""
    assert _io.to_identifiers(np.array(["10", "2"])).tolist() == [10, 2]
    assert _io.to_identifiers(np.array(["007", "7"])).tolist() == ["007", "7"]
    assert _io.to_identifiers(np.array(["a1", "2"])).tolist() == ["a1", "2"]
