"""The donations data of Fader, Hardie & Shang (2010), shipped with the package."""

from __future__ import annotations

import numpy as np

from servicemetrics.datasets._files import read_csv
from servicemetrics.models._bgbb import DiscreteHistories

__all__ = ["load_donations"]


def load_donations() -> DiscreteHistories:
    """Load the donations data used to illustrate the BG/BB model.

    The 11,104 first-time supporters of a nonprofit organisation acquired in 1995, followed over
    the six annual donation opportunities 1996–2001, as the 22 distinct (frequency, recency)
    histories with their counts. Fader, Hardie & Shang (2010) fit the BG/BB model to these
    data; the summary is the one published with the paper.

    Returns
    -------
    servicemetrics.models.DiscreteHistories
        Arrays ``frequency``, ``recency``, ``n_periods`` and ``weights`` (donors per history).

    References
    ----------
    - Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a
      discrete-time noncontractual setting. Marketing Science, 29(6), 1086–1108.

    Examples
    --------
    >>> from servicemetrics.datasets import load_donations
    >>> donations = load_donations()
    >>> donations.n_customers
    11104.0
    >>> len(donations.frequency), int(donations.n_periods.max())
    (22, 6)
    """
    table = read_csv("donations.csv", np.int64)
    return DiscreteHistories(
        frequency=table[:, 0], recency=table[:, 1], n_periods=table[:, 2], weights=table[:, 3]
    )
