"""A small synthetic customer base, generated deterministically, for examples and the demo."""

from __future__ import annotations

import attrs
import numpy as np

from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array
from servicemetrics._validation import InvalidInputError

__all__ = ["ExampleCustomerBase", "load_example_customers"]


@attrs.frozen(repr=False)
class ExampleCustomerBase(ResultModel):
    """A synthetic subscription business observed over several years.

    Every customer who ever joined is listed, with their annual revenue and gross margin rate,
    the tenure observed so far and whether they have left. Yearly counts of customers at the
    start and end of each year and of new customers are derived from the same histories, so the
    retention measured from counts agrees with the retention hidden in the tenures.

    Attributes
    ----------
    customer_id : numpy.ndarray of int, shape (n_customers,)
        Identifiers 1 … n.
    annual_revenue : numpy.ndarray of float, shape (n_customers,)
        Revenue per year while a customer (money; lognormal across customers).
    gross_margin_rate : numpy.ndarray of float, shape (n_customers,)
        Gross margin as a fraction of revenue.
    tenure_years : numpy.ndarray of float, shape (n_customers,)
        Years observed from joining until leaving or until the end of observation.
    churned : numpy.ndarray of bool, shape (n_customers,)
        Whether the customer left before the end of observation (otherwise censored).
    year : numpy.ndarray of int, shape (n_years,)
        Calendar years with complete counts.
    customers_at_start, customers_at_end, new_customers : numpy.ndarray of float
        Customers at the start and end of each year and those who joined during it.
    true_annual_retention : float
        The retention rate the histories were simulated with.
    discount_rate : float
        Annual discount rate suggested for the examples.
    """

    customer_id: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    annual_revenue: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    gross_margin_rate: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    tenure_years: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    churned: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    year: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    customers_at_start: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    customers_at_end: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    new_customers: np.ndarray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    true_annual_retention: float
    discount_rate: float

    @property
    def annual_margin(self) -> np.ndarray:
        """Gross margin per year of each customer, revenue × margin rate (money)."""
        return np.asarray(self.annual_revenue * self.gross_margin_rate)

    @property
    def active(self) -> np.ndarray:
        """Whether each customer is still a customer at the end of observation."""
        return np.asarray(~self.churned)


def load_example_customers(
    n_customers: int = 5000, *, seed: int = 2026, retention: float = 0.8, years: int = 8
) -> ExampleCustomerBase:
    """Generate the example customer base.

    Customers join at times spread uniformly over ``years`` years before the end of
    observation. Each stays for an exponentially distributed time whose annual survival is
    ``retention`` (a constant hazard of ``-ln(retention)`` per year). Annual revenue is
    lognormal (median about 400, a long right tail, as real revenue is) and the gross margin
    rate is uniform between 25% and 45%. The same ``seed`` gives the same base on the same
    NumPy version.

    Parameters
    ----------
    n_customers : int, default 5000
        Customers who ever joined (>= 10).
    seed : int, default 2026
        Seed of :func:`numpy.random.default_rng`.
    retention : float, default 0.8
        Annual retention the lifetimes are drawn with, in (0, 1).
    years : int, default 8
        Length of observation in years (>= 2).

    Returns
    -------
    ExampleCustomerBase
        The customers, their histories and the yearly counts.

    Examples
    --------
    >>> from servicemetrics.datasets import load_example_customers
    >>> base = load_example_customers()
    >>> base.customer_id.size
    5000
    >>> bool(base.churned.any() and base.active.any())
    True
    """
    if not isinstance(n_customers, (int, np.integer)) or n_customers < 10:
        raise InvalidInputError("n_customers", "must be a whole number >= 10", n_customers)
    if not 0.0 < retention < 1.0:
        raise InvalidInputError("retention", "must be in (0, 1)", retention)
    if not isinstance(years, (int, np.integer)) or years < 2:
        raise InvalidInputError("years", "must be a whole number >= 2", years)
    rng = np.random.default_rng(seed)
    joined = rng.uniform(0.0, years, size=n_customers)
    lifetime = rng.exponential(-1.0 / np.log(retention), size=n_customers)
    left = joined + lifetime
    churned = left < years
    tenure = np.minimum(left, years) - joined
    revenue = np.round(rng.lognormal(mean=np.log(400.0), sigma=1.0, size=n_customers), 2)
    margin_rate = np.round(rng.uniform(0.25, 0.45, size=n_customers), 3)

    # Whole years after the first, so that every year starts with some customers.
    starts = np.arange(1, years, dtype=np.float64)[:, np.newaxis]
    ends = starts + 1.0
    at_start = ((joined <= starts) & (left > starts)).sum(axis=1)
    at_end = ((joined <= ends) & (left > ends)).sum(axis=1)
    new = ((joined > starts) & (joined <= ends) & (left > ends)).sum(axis=1)
    return ExampleCustomerBase(
        customer_id=np.arange(1, n_customers + 1),
        annual_revenue=revenue,
        gross_margin_rate=margin_rate,
        tenure_years=tenure,
        churned=churned,
        year=2026 - years + np.arange(1, years),
        customers_at_start=at_start.astype(np.float64),
        customers_at_end=at_end.astype(np.float64),
        new_customers=new.astype(np.float64),
        true_annual_retention=retention,
        discount_rate=0.1,
    )
