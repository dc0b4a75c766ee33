"""The CDNOW sample summarised for the customer-base models, shipped with the package."""

from __future__ import annotations

import attrs
import numpy as np

from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array
from servicemetrics._validation import FloatArray
from servicemetrics.datasets._files import read_csv

__all__ = ["CdnowSummary", "load_cdnow_summary"]


@attrs.frozen(repr=False)
class CdnowSummary(ResultModel):
    """Calibration summaries and holdout purchases of the 2,357 CDNOW sample customers.

    Times are in weeks from each customer's first purchase. The calibration period ends on
    30 September 1997 (week 39 of the cohort's year); the holdout covers the following 39
    weeks, 1 October 1997 to 30 June 1998 (weeks 40–78).

    Attributes
    ----------
    customer_id : numpy.ndarray of int, shape (2357,)
        Identifiers 1 … 2357 (the sample's master id).
    frequency : numpy.ndarray of float
        Repeat purchases in the calibration period (x).
    recency : numpy.ndarray of float
        Week of the last calibration repeat purchase after the first purchase (t_x).
    T : numpy.ndarray of float
        Weeks from the first purchase to the end of calibration.
    monetary_value : numpy.ndarray of float
        Mean value of the calibration repeat purchases in US dollars (z̄; 0 when x = 0).
    holdout_frequency : numpy.ndarray of float
        Purchases in the holdout weeks 40–78 (x*).
    calibration_weeks, holdout_weeks : float
        Length of the two periods (39 weeks each).
    """

    customer_id: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    frequency: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    recency: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    T: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    monetary_value: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    holdout_frequency: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    calibration_weeks: float = 39.0
    holdout_weeks: float = 39.0


def load_cdnow_summary() -> CdnowSummary:
    """Load the CDNOW sample as per-customer (x, t_x, T, z̄) summaries with holdout counts.

    The customers are the 2,357 people of Fader & Hardie's public 1/10th sample of the cohort
    that made a first purchase at CDNOW in January–March 1997, followed to the end of June
    1998. The calibration summary (x, t_x, T in weeks and the mean repeat-purchase value z̄)
    is the one distributed by Fader & Hardie with their papers, on which Fader, Hardie & Lee
    (2005a) fit the BG/NBD and Pareto/NBD models and Fader, Hardie & Lee (2005b) the
    gamma-gamma spend model. Several purchases on the same day count as one, as in that
    summary.

    The holdout counts were computed by the project from the same public transaction file
    (``CDNOW_sample.txt``): the number of distinct days with a purchase between 1 October
    1997 and 30 June 1998, per customer, the same-day convention of the calibration counts
    (which the transaction file reproduces exactly). They total 1,882.

    Returns
    -------
    CdnowSummary
        Arrays ``customer_id``, ``frequency``, ``recency``, ``T``, ``monetary_value`` and
        ``holdout_frequency``.

    References
    ----------
    - Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005a). "Counting your customers" the easy
      way: an alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.
    - Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005b). RFM and CLV: using iso-value curves
      for customer base analysis. *Journal of Marketing Research*, 42(4), 415–430.

    Examples
    --------
    >>> from servicemetrics.datasets import load_cdnow_summary
    >>> cdnow = load_cdnow_summary()
    >>> cdnow.frequency.size, int(cdnow.frequency.sum()), int(cdnow.holdout_frequency.sum())
    (2357, 2457, 1882)
    >>> float(cdnow.T.max())
    38.86
    """
    summary = read_csv("cdnow_summary.csv")
    holdout = read_csv("cdnow_holdout.csv")
    return CdnowSummary(
        customer_id=summary[:, 0].astype(np.int64),
        frequency=summary[:, 1],
        recency=summary[:, 2],
        T=summary[:, 3],
        monetary_value=summary[:, 4],
        holdout_frequency=holdout[:, 1],
    )
