"""The donations data of Fader, Hardie & Shang (2010), shipped with the package."""

from __future__ import annotations

from importlib import resources

import attrs
import numpy as np

from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array

__all__ = ["DonationHistories", "load_donations"]


@attrs.frozen(repr=False)
class DonationHistories(ResultModel):
    """Repeat-donation histories of one cohort of donors, compressed to unique histories.

    Each row is one distinct history over the same number of annual donation opportunities,
    with the number of donors who share it.

    Attributes
    ----------
    frequency : numpy.ndarray of int, shape (n_histories,)
        Number of opportunities with a donation (repeat donations; the first is not counted).
    recency : numpy.ndarray of int, shape (n_histories,)
        The last opportunity with a donation, 0 for donors who never gave again.
    n_periods : numpy.ndarray of int, shape (n_histories,)
        Number of donation opportunities observed.
    weights : numpy.ndarray of int, shape (n_histories,)
        Number of donors with that history.
    """

    frequency: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    recency: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    n_periods: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    weights: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)

    @property
    def n_donors(self) -> int:
        """Total number of donors (the sum of the weights)."""
        return int(self.weights.sum())


def load_donations() -> DonationHistories:
    """Load the donations data used to illustrate the BG/BB model.

    The 11,104 first-time supporters of a nonprofit organisation acquired in 1995, followed over
    the six annual donation opportunities 1996–2001, as the 22 distinct (frequency, recency)
    histories with their counts. Fader, Hardie & Shang (2010) fit the BG/BB model to these
    data; the summary is the one published with the paper.

    Returns
    -------
    DonationHistories
        Arrays ``frequency``, ``recency``, ``n_periods`` and ``weights``.

    References
    ----------
    - Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a
      discrete-time noncontractual setting. Marketing Science, 29(6), 1086–1108.

    Examples
    --------
    >>> from servicemetrics.datasets import load_donations
    >>> donations = load_donations()
    >>> donations.n_donors
    11104
    >>> len(donations.frequency), int(donations.n_periods.max())
    (22, 6)
    """
    text = resources.files("servicemetrics.datasets").joinpath("data/donations.csv")
    with text.open("r", encoding="utf-8") as handle:
        table = np.loadtxt(handle, delimiter=",", skiprows=1, dtype=np.int64)
    return DonationHistories(
        frequency=table[:, 0], recency=table[:, 1], n_periods=table[:, 2], weights=table[:, 3]
    )
