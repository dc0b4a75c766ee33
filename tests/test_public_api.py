"""Tests of the public face of the package: exports, docstrings and citations."""

from __future__ import annotations

import inspect
import types

import pytest

import servicemetrics as sm

DOMAIN_MODULES = [
    sm.lifetime_value,
    sm.retention,
    sm.concentration,
    sm.reference,
    sm.datasets,
    sm.costs,
    sm.surveys,
    sm.transactions,
    sm.compliance,
    sm.staffing,
    sm.quality,
    sm.word_of_mouth,
    sm.models,
    sm.plotting,
]

#: Modules whose public functions compute formulas and so must cite their sources.
CITED_MODULES = [
    sm.lifetime_value,
    sm.retention,
    sm.concentration,
    sm.costs,
    sm.surveys,
    sm.transactions,
    sm.quality,
    sm.staffing,
    sm.compliance,
    sm.word_of_mouth,
    sm.models,
]


def _defined_public_names(module: types.ModuleType) -> set[str]:
    """Public functions and classes defined in the module (or its private submodules)."""
    names = set()
    for name, value in vars(module).items():
        if name.startswith("_") or isinstance(value, types.ModuleType):
            continue
        origin = getattr(value, "__module__", None) or ""
        defined_here = origin == module.__name__ or origin.startswith(module.__name__ + "._")
        if (inspect.isfunction(value) or inspect.isclass(value)) and defined_here:
            names.add(name)
    return names


def _public_functions(module: types.ModuleType) -> list[tuple[str, object]]:
    return [
        (name, getattr(module, name))
        for name in module.__all__
        if inspect.isfunction(getattr(module, name))
    ]


class TestExports:
    @pytest.mark.parametrize("module", DOMAIN_MODULES, ids=lambda m: m.__name__)
    def test_every_public_name_is_in_all(self, module: types.ModuleType) -> None:
        """Each public function and class defined in a module is listed in its __all__."""
        assert _defined_public_names(module) <= set(module.__all__)

    @pytest.mark.parametrize("module", [sm, *DOMAIN_MODULES], ids=lambda m: m.__name__)
    def test_every_name_in_all_exists(self, module: types.ModuleType) -> None:
        """__all__ lists nothing that is missing."""
        missing = [name for name in module.__all__ if not hasattr(module, name)]
        assert missing == []

    def test_root_reexports(self) -> None:
        """The root exposes the domain modules, the error types and the version."""
        assert isinstance(sm.__version__, str)
        for name in ("lifetime_value", "retention", "concentration", "reference", "datasets"):
            assert isinstance(getattr(sm, name), types.ModuleType)
        assert issubclass(sm.InvalidInputError, ValueError)


class TestDocstrings:
    @pytest.mark.parametrize(
        ("name", "function"),
        [pair for module in DOMAIN_MODULES for pair in _public_functions(module)],
        ids=lambda value: value if isinstance(value, str) else "",
    )
    def test_public_function_has_runnable_example(self, name: str, function: object) -> None:
        """Every public function documents itself with an Examples section of doctests."""
        doc = inspect.getdoc(function) or ""
        assert "Examples\n--------" in doc, name
        assert ">>> " in doc, name

    @pytest.mark.parametrize(
        ("name", "function"),
        [pair for module in CITED_MODULES for pair in _public_functions(module)],
        ids=lambda value: value if isinstance(value, str) else "",
    )
    def test_formula_cites_its_source(self, name: str, function: object) -> None:
        """Every public formula names its source in a References section."""
        doc = inspect.getdoc(function) or ""
        assert "References\n----------" in doc, name
