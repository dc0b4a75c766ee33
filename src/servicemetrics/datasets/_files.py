"""Access to the data files shipped in ``servicemetrics/datasets/data``."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from importlib.abc import Traversable

__all__ = ["data_file", "read_csv"]


def data_file(name: str) -> Traversable:
    """The packaged data file ``name``."""
    return resources.files("servicemetrics.datasets").joinpath("data").joinpath(name)


def read_csv(name: str, dtype: type[Any] = np.float64) -> npt.NDArray[Any]:
    """The numbers of a packaged comma-separated file with one header line, as a 2-D array."""
    with data_file(name).open("r", encoding="utf-8") as handle:
        return np.loadtxt(handle, delimiter=",", skiprows=1, dtype=dtype)
