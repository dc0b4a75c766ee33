"""End-to-end tests of the command line (``python -m servicemetrics``)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from servicemetrics.__main__ import demo_report, main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "servicemetrics", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class TestDemo:
    def test_demo_runs_as_a_module(self) -> None:
        """``python -m servicemetrics demo`` prints every section and exits 0."""
        result = run("demo")
        assert result.returncode == 0, result.stderr
        for heading in (
            "Retention (from yearly customer counts)",
            "Customer lifetime value",
            "Concentration of margin",
        ):
            assert heading in result.stdout
        assert result.stderr == ""

    def test_report_is_deterministic(self) -> None:
        """The same seed gives the same report."""
        assert demo_report(800, seed=5) == demo_report(800, seed=5)

    def test_bad_option_value_is_a_clear_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A too-small example base is refused with the rule, not a traceback."""
        assert main(["demo", "--customers", "3"]) == 2
        assert "n_customers must be a whole number >= 10; got 3" in capsys.readouterr().err

    def test_no_command_prints_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a command the help text is shown."""
        assert main([]) == 0
        assert "demo" in capsys.readouterr().out

    def test_version(self) -> None:
        """--version prints the package version."""
        result = run("--version")
        assert result.returncode == 0
        assert result.stdout.startswith("servicemetrics ")
