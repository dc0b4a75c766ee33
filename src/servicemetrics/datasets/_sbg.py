"""The retention series of Fader & Hardie (2007), shipped with the package."""

from __future__ import annotations

import attrs
import numpy as np

from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array
from servicemetrics.datasets._files import read_csv

__all__ = ["SurvivorCounts", "load_sbg_survivors"]


@attrs.frozen(repr=False)
class SurvivorCounts(ResultModel):
    """Customers of two cohorts still active at the start of each year, per 1,000 acquired.

    Attributes
    ----------
    year : numpy.ndarray of int, shape (13,)
        Years 0 … 12 since acquisition (year 0 is the cohort at acquisition).
    regular : numpy.ndarray of int, shape (13,)
        Survivors of the "regular" cohort.
    high_end : numpy.ndarray of int, shape (13,)
        Survivors of the "high end" cohort.
    """

    year: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    regular: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    high_end: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)


def load_sbg_survivors() -> SurvivorCounts:
    """Load the two retention series used to illustrate the shifted-beta-geometric model.

    Two cohorts of 1,000 customers of a subscription business, "regular" and "high end", with
    the number still active at the start of each of years 0 to 12. Fader & Hardie (2007) fit
    the shifted-beta-geometric model to years 0–7 and compare its projection with years 8–12;
    the series themselves come from Berry & Linoff's data-mining textbook, as reproduced there.

    Returns
    -------
    SurvivorCounts
        Arrays ``year``, ``regular`` and ``high_end``.

    References
    ----------
    - Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. Journal of
      Interactive Marketing, 21(1), 76–90.
    - Berry, M. J. A. & Linoff, G. S. (2004). Data Mining Techniques, 2nd ed. Wiley.

    Examples
    --------
    >>> from servicemetrics.datasets import load_sbg_survivors
    >>> survivors = load_sbg_survivors()
    >>> survivors.regular[:5]
    array([1000,  631,  468,  382,  326])
    >>> int(survivors.high_end[-1])
    394
    """
    table = read_csv("sbg_survivors.csv", np.int64)
    return SurvivorCounts(year=table[:, 0], regular=table[:, 1], high_end=table[:, 2])
