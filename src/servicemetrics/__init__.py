"""servicemetrics: service-quality metrics with cited formulas and honest uncertainty.

The domain modules are the documented path::

    import servicemetrics as sm

    sm.lifetime_value.clv(100.0, 0.8, 0.1)
    sm.concentration.top_share(revenue, 0.2)

The package root re-exports the most used functions and the error types.
"""

from servicemetrics import (
    compliance,
    concentration,
    costs,
    datasets,
    lifetime_value,
    models,
    plotting,
    quality,
    reference,
    retention,
    staffing,
    surveys,
    transactions,
    word_of_mouth,
)
from servicemetrics._validation import (
    InvalidInputError,
    NonFiniteError,
    OutOfRangeError,
    ShapeMismatchError,
)
from servicemetrics._version import __version__
from servicemetrics.concentration import gini, top_share
from servicemetrics.lifetime_value import clv
from servicemetrics.retention import churn_rate, retention_rate

__all__ = [
    "InvalidInputError",
    "NonFiniteError",
    "OutOfRangeError",
    "ShapeMismatchError",
    "__version__",
    "churn_rate",
    "clv",
    "compliance",
    "concentration",
    "costs",
    "datasets",
    "gini",
    "lifetime_value",
    "models",
    "plotting",
    "quality",
    "reference",
    "retention",
    "retention_rate",
    "staffing",
    "surveys",
    "top_share",
    "transactions",
    "word_of_mouth",
]
