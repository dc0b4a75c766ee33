"""Checks of the example notebooks under docs/examples.

The notebooks are stored without outputs and executed by the documentation build, which fails
on any error in them; these tests check what the build cannot: that each notebook is valid, has
no stored outputs and is listed in the documentation's table of contents.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")

DOCS = Path(__file__).resolve().parents[1] / "docs"
NOTEBOOKS = sorted((DOCS / "examples").glob("*.ipynb"))


def _toctree_entries() -> set[str]:
    """Document names listed in the toctree directives of docs/index.rst."""
    entries: set[str] = set()
    for block in re.split(r"^\.\. toctree::", (DOCS / "index.rst").read_text("utf-8"), flags=re.M)[
        1:
    ]:
        for line in block.splitlines()[1:]:
            if line and not line.startswith(" "):
                break
            text = line.strip()
            if text and not text.startswith(":"):
                entries.add(text)
    return entries


def test_there_are_example_notebooks() -> None:
    """The examples section holds at least the three documented notebooks."""
    assert {path.stem for path in NOTEBOOKS} >= {
        "customer-lifetime-value",
        "service-quality",
        "word-of-mouth",
    }


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
class TestNotebook:
    def test_valid_nbformat(self, path: Path) -> None:
        """The file is a valid version-4 notebook with a Python 3 kernel."""
        notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        nbformat.validate(notebook)
        assert notebook.nbformat == 4
        assert notebook.metadata.kernelspec.name == "python3"

    def test_stored_without_outputs(self, path: Path) -> None:
        """No cell carries outputs or an execution count: the build produces them."""
        notebook = nbformat.read(path, as_version=4)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type == "code":
                assert cell.outputs == [], f"cell {index} has stored outputs"
                assert cell.execution_count is None, f"cell {index} has an execution count"

    def test_starts_with_a_title_and_has_narrative(self, path: Path) -> None:
        """The first cell is a level-1 title, and prose accompanies the code."""
        notebook = nbformat.read(path, as_version=4)
        assert notebook.cells[0].cell_type == "markdown"
        assert notebook.cells[0].source.startswith("# ")
        kinds = [cell.cell_type for cell in notebook.cells]
        assert kinds.count("markdown") >= kinds.count("code") / 2

    def test_listed_in_the_table_of_contents(self, path: Path) -> None:
        """The notebook is in a toctree of docs/index.rst, so the build executes it."""
        assert f"examples/{path.stem}" in _toctree_entries()
