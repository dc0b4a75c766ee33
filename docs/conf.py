"""Sphinx configuration for the servicemetrics documentation."""

from __future__ import annotations

import servicemetrics

project = "servicemetrics"
author = "The servicemetrics developers"
copyright = "2026, The servicemetrics developers"
release = servicemetrics.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "myst_parser",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "**.ipynb_checkpoints"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_type_aliases = {
    "ArrayLike": "ArrayLike",
    "FloatOrArray": "FloatOrArray",
    "FloatArray": "FloatArray",
}
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_preprocess_types = False

html_theme = "furo"
html_title = f"servicemetrics {release}"
html_static_path: list[str] = []
