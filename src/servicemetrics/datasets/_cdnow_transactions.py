"""The public CDNOW sample transaction log (Fader & Hardie), shipped with the package."""

from __future__ import annotations

import gzip
from typing import Any

import attrs
import numpy as np

from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array
from servicemetrics.datasets._files import data_file

__all__ = ["CdnowTransactions", "load_cdnow_transactions"]

_DATA_FILE = "CDNOW_sample.txt.gz"


@attrs.frozen(repr=False)
class CdnowTransactions(ResultModel):
    """Every purchase of the 2,357 customers of the CDNOW sample, one row per transaction.

    Rows are in the order of the original file: by customer, then by date.

    Attributes
    ----------
    customer_id : numpy.ndarray of int, shape (n_transactions,)
        The sample's customer number, 1 … 2357 (the file's "master id"; the published
        summaries are indexed by it).
    date : numpy.ndarray of datetime64[D], shape (n_transactions,)
        Day of the purchase, from 1997-01-01 to 1998-06-30.
    quantity : numpy.ndarray of int, shape (n_transactions,)
        Number of CDs bought.
    amount : numpy.ndarray of float, shape (n_transactions,)
        Value of the purchase in US dollars.
    """

    customer_id: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    date: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    quantity: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    amount: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)

    def to_dict(self) -> dict[str, Any]:
        """The columns as lists, dates as ISO 8601 strings (JSON-ready)."""
        fields = super().to_dict()
        fields["date"] = self.date.astype(str).tolist()
        return fields


def load_cdnow_transactions() -> CdnowTransactions:
    """Load the CDNOW sample: 6,919 purchases by 2,357 customers over 78 weeks.

    The customers are a one-in-ten sample of the 23,570 customers who made their first purchase
    at the online music retailer CDNOW in the first quarter of 1997; their purchases are
    followed until the end of June 1998. The data set was made public by Peter Fader and Bruce Hardie and is
    the standard test bed of the BG/NBD, Pareto/NBD and Gamma-Gamma models: its first 39 weeks
    (to 1997-09-30) are the calibration period of Fader, Hardie & Lee (2005), the remaining 39
    weeks the holdout period. The package ships the original text file, gzip-compressed.

    Returns
    -------
    CdnowTransactions
        The transactions with customer number, date, quantity and dollar amount.

    References
    ----------
    - Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting your customers" the easy
      way: An alternative to the Pareto/NBD model. Marketing Science, 24(2), 275–284.
    - Fader, P. S. and Hardie, B. G. S. The CDNOW sample data set (CDNOW_sample.txt), published
      with their notes on brucehardie.com.

    Examples
    --------
    >>> from servicemetrics.datasets import load_cdnow_transactions
    >>> log = load_cdnow_transactions()
    >>> log.customer_id.size, len(set(log.customer_id.tolist()))
    (6919, 2357)
    >>> log.date.min(), log.date.max()
    (np.datetime64('1997-01-01'), np.datetime64('1998-06-30'))
    >>> log.customer_id[0], log.date[0], log.quantity[0], log.amount[0]
    (np.int64(1), np.datetime64('1997-01-01'), np.int64(2), np.float64(29.33))
    """
    with data_file(_DATA_FILE).open("rb") as raw, gzip.open(raw, "rt", encoding="ascii") as text:
        table = np.loadtxt(
            text,
            dtype={
                "names": ("id", "customer", "date", "quantity", "amount"),
                "formats": ("U5", "i8", "i8", "i8", "f8"),
            },
        )
    yyyymmdd = table["date"]
    months = (yyyymmdd // 10000 - 1970) * 12 + (yyyymmdd // 100 % 100 - 1)
    date = months.astype("datetime64[M]").astype("datetime64[D]") + (yyyymmdd % 100 - 1)
    return CdnowTransactions(
        customer_id=table["customer"],
        date=date,
        quantity=table["quantity"],
        amount=table["amount"],
    )
