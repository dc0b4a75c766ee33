"""Sphinx configuration for the servicemetrics documentation."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

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
    "myst_nb",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "**.ipynb_checkpoints", "jupyter_execute"]

# The example notebooks are stored without outputs and run on every build, so a failing
# example fails the build. "force" needs no cache directory: a fresh clone builds the same way
# as a working copy. The kernel is ipykernel's "python3", which runs the interpreter that runs
# Sphinx (jupyter_client replaces the spec's "python" with sys.executable).
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_execution_timeout = 120
nb_merge_streams = True
nb_kernel_rgx_aliases = {".*": "python3"}  # whatever kernel a notebook was last saved with

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
html_static_path = ["_css"]
html_css_files = ["results.css"]


def _rerun_notebooks(app: Sphinx, env: BuildEnvironment, *args: object) -> list[str]:
    """Read (and so execute) every notebook on every build, not only the changed ones.

    The notebooks exercise the library, which changes without the notebooks changing; an
    incremental build would otherwise keep outputs from an older version of the code.
    """
    return [name for name in env.found_docs if str(env.doc2path(name)).endswith(".ipynb")]


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", _rerun_notebooks)
