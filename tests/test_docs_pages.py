"""Checks that the documentation pages keep up with the library.

The reference-figures page is written by hand; these tests hold it to the figures in
:mod:`servicemetrics.reference` (names, values, grades, sources), so the page cannot drift
from the module. They also check that every public module has its API section, every domain
its guide, and that getting started shows a first metric in at most five lines.
"""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest

import servicemetrics as sm
from servicemetrics import reference

DOCS = Path(__file__).resolve().parents[1] / "docs"
FIGURE_ROW = re.compile(r"^   \* - :data:`~servicemetrics\.reference\.(\w+)`$")


def _page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _figure_rows() -> dict[str, list[str]]:
    """The rows of the figures table: constant name -> the cells after the first."""
    rows: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in _page("reference-figures.rst").splitlines():
        match = FIGURE_ROW.match(line)
        if match:
            current = rows.setdefault(match.group(1), [])
        elif current is not None and line.startswith("     - "):
            current.append(line[7:].strip())
        elif current is not None and line.startswith("       "):
            current[-1] += " " + line.strip()
        else:
            current = None
    return rows


def _figure_constants() -> dict[str, reference.ReferenceFigure]:
    return {
        name: value
        for name, value in vars(reference).items()
        if isinstance(value, reference.ReferenceFigure) and not name.startswith("_")
    }


class TestReferenceFiguresPage:
    def test_every_figure_has_one_row(self) -> None:
        """The table has a row for each figure of the module, and none for anything else."""
        assert sorted(_figure_rows()) == sorted(_figure_constants())

    @pytest.mark.parametrize("name", sorted(_figure_constants()))
    def test_row_matches_the_module(self, name: str) -> None:
        """The row shows the figure's values with its unit and its grade."""
        fig = _figure_constants()[name]
        claim, evidence, values, grade, source = _figure_rows()[name]
        assert values == f"{fig.low:g} / {fig.typical:g} / {fig.high:g} {fig.unit}"
        assert grade == fig.grade.value
        assert all((claim, evidence, source))

    def test_every_figure_is_in_the_registry(self) -> None:
        """The module's registry of figures holds exactly the constants the page lists."""
        assert {fig.name for fig in reference.FIGURES.values()} == {
            fig.name for fig in _figure_constants().values()
        }

    def test_repurchase_table(self) -> None:
        """The buy-again table shows the module's rates and grade for each outcome."""
        page = _page("reference-figures.rst")
        table = reference.REPURCHASE_BY_COMPLAINT_OUTCOME
        assert (
            f":data:`~servicemetrics.reference.REPURCHASE_BY_COMPLAINT_OUTCOME` "
            f"({table.grade.value};" in page
        )
        for outcome, large, small in zip(
            table.outcomes, table.large_loss, table.small_loss, strict=True
        ):
            row = re.search(rf"   \* - ``{outcome}``.*\n     - (.+)\n     - (.+)\n", page)
            assert row is not None, outcome
            assert (float(row[1]), float(row[2])) == (large, small)


def test_every_public_module_is_in_the_api_reference() -> None:
    """Each module of the public API has an automodule section in api.rst."""
    page = _page("api.rst")
    modules = [name for name in sm.__all__ if isinstance(getattr(sm, name), types.ModuleType)]
    assert modules
    for name in modules:
        assert f".. automodule:: servicemetrics.{name}\n" in page


GUIDES = {
    "lifetime value": "guide/lifetime-value",
    "acquisition versus retention": "guide/costs",
    "word of mouth": "guide/word-of-mouth",
    "compliance with service standards": "guide/compliance",
    "surveys": "guide/surveys",
    "customer-base models": "guide/customer-worth",
    "contractual retention models": "guide/retention-models",
}


@pytest.mark.parametrize("domain", sorted(GUIDES))
def test_each_domain_has_a_guide_in_the_contents(domain: str) -> None:
    """Each domain has a guide page, listed in the table of contents."""
    page = GUIDES[domain]
    assert (DOCS / f"{page}.rst").is_file()
    assert f"\n   {page}\n" in _page("index.rst")


def test_getting_started_shows_install_and_a_first_metric() -> None:
    """Getting started gives the install command and a first metric in at most five lines."""
    page = _page("getting-started.rst")
    assert "pip install" in page
    section = page.split("Your first metric in five lines", 1)[1].split("\n\n>>> sm.", 1)[0]
    first = [line for line in section.splitlines() if line.startswith((">>> ", "... "))]
    assert 1 <= len(first) <= 5
    assert any("import servicemetrics" in line for line in first)


@pytest.mark.parametrize("page", ["performance.rst", "changelog.md", "api.rst"])
def test_reference_pages_are_in_the_contents(page: str) -> None:
    """The performance, changelog and API pages exist and are listed."""
    assert (DOCS / page).is_file()
    assert f"\n   {Path(page).stem}\n" in _page("index.rst")
