"""Hypothesis strategies shared by the test suite.

Each strategy draws values inside the documented domain of the library's parameters, away from
the edges where floating-point round-off (not the formula) would dominate a property.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

__all__ = [
    "beta_shape_parameters",
    "bgbb_parameters",
    "discount_rates",
    "discrete_histories",
    "growth_rates",
    "horizons",
    "margins",
    "money",
    "nonnegative_values",
    "ordered_triples",
    "positive_money",
    "probabilities",
    "retention_rates",
    "sbg_parameters",
    "scale_factors",
    "value_vectors",
]


def _floats(low: float, high: float, **kwargs: bool) -> st.SearchStrategy[float]:
    # Subnormal numbers carry only a few significant bits, so products with them lose the
    # precision the properties compare at; they are not realistic money or rates anyway.
    return st.floats(
        low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False, **kwargs
    )


#: A probability anywhere in [0, 1].
probabilities = _floats(0.0, 1.0)

#: Per-period retention in [0, 0.99]: below 1 so that infinite horizons converge.
retention_rates = _floats(0.0, 0.99)

#: Per-period discount rates from 0 to 50%.
discount_rates = _floats(0.0, 0.5)

#: Per-period margin growth rates from -50% to +20%.
growth_rates = _floats(-0.5, 0.2)

#: A money amount that may be negative (a loss-making margin).
money = _floats(-1e6, 1e6)

#: A strictly positive money amount.
positive_money = _floats(0.01, 1e6)

#: A per-period margin: strictly positive, so ratios of CLVs are defined.
margins = _floats(0.01, 1e5)

#: A positive factor for scale-invariance properties.
scale_factors = _floats(1e-3, 1e3)

#: A finite horizon in whole periods.
horizons = st.integers(1, 400)

#: A non-negative value such as one customer's revenue.
nonnegative_values = _floats(0.0, 1e6)


@st.composite
def value_vectors(
    draw: st.DrawFn, min_size: int = 1, max_size: int = 200, allow_zero_total: bool = False
) -> np.ndarray:
    """A 1-D array of non-negative customer values (revenue, margin) with a positive total."""
    size = draw(st.integers(min_size, max_size))
    values = draw(
        hnp.arrays(np.float64, size, elements=st.one_of(st.just(0.0), _floats(0.01, 1e6)))
    )
    if not allow_zero_total and values.sum() == 0.0:
        values[draw(st.integers(0, size - 1))] = draw(_floats(0.01, 1e6))
    return values


# --- reference ---


@st.composite
def ordered_triples(draw: st.DrawFn) -> tuple[float, float, float]:
    """Three finite numbers in non-decreasing order: a (low, typical, high) reference range."""
    values = sorted(draw(st.lists(_floats(-1e6, 1e6), min_size=3, max_size=3)))
    return values[0], values[1], values[2]


# --- models: shifted-beta-geometric and BG/BB ---

#: A parameter of a beta mixing distribution, from strongly to weakly heterogeneous.
beta_shape_parameters = _floats(0.05, 50.0)


@st.composite
def sbg_parameters(draw: st.DrawFn) -> tuple[float, float]:
    """(alpha, beta) of a shifted-beta-geometric model."""
    return draw(beta_shape_parameters), draw(beta_shape_parameters)


@st.composite
def bgbb_parameters(draw: st.DrawFn) -> tuple[float, float, float, float]:
    """(alpha, beta, gamma, delta) of a BG/BB model."""
    return (
        draw(beta_shape_parameters),
        draw(beta_shape_parameters),
        draw(beta_shape_parameters),
        draw(beta_shape_parameters),
    )


@st.composite
def discrete_histories(
    draw: st.DrawFn, max_periods: int = 30, max_size: int = 20
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Valid (frequency, recency, n_periods) vectors of discrete-time repeat-purchase histories.

    Recency is the last opportunity with a purchase (0 with no purchase); frequency counts the
    opportunities with a purchase, so ``frequency <= recency <= n_periods``, and both are 0
    together.
    """
    size = draw(st.integers(1, max_size))
    n = np.array(draw(st.lists(st.integers(1, max_periods), min_size=size, max_size=size)))
    fraction_t = np.array(draw(st.lists(_floats(0.0, 1.0), min_size=size, max_size=size)))
    fraction_x = np.array(draw(st.lists(_floats(0.0, 1.0), min_size=size, max_size=size)))
    recency = np.floor(fraction_t * n).astype(np.int64)
    frequency = np.where(recency > 0, 1 + np.floor(fraction_x * (recency - 1)), 0).astype(np.int64)
    return frequency.astype(float), recency.astype(float), n.astype(float)


# --- models: BG/NBD, Pareto/NBD, gamma-gamma and CLV ---

#: A parameter of a gamma or beta mixing distribution of a customer-base model, over the wide
#: range the log-likelihood must stay finite on.
model_parameters = _floats(1e-3, 1e3)


@st.composite
def continuous_histories(
    draw: st.DrawFn, max_size: int = 20, max_frequency: int = 500, max_age: float = 5000.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Valid (frequency, recency, T) vectors of continuous-time repeat-purchase histories.

    Frequency is a whole number, ``0 <= recency <= T`` and recency is 0 with no repeat purchase.
    """
    size = draw(st.integers(1, max_size))
    age = np.array(draw(st.lists(_floats(0.01, max_age), min_size=size, max_size=size)))
    frequency = np.array(
        draw(st.lists(st.integers(0, max_frequency), min_size=size, max_size=size)), dtype=float
    )
    fraction = np.array(draw(st.lists(_floats(0.0, 1.0), min_size=size, max_size=size)))
    recency = np.where(frequency > 0, fraction * age, 0.0)
    return frequency, recency, age
