"""Hypothesis strategies shared by the test suite.

Each strategy draws values inside the documented domain of the library's parameters, away from
the edges where floating-point round-off (not the formula) would dominate a property.
"""

from __future__ import annotations

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

__all__ = [
    "bass_parameters",
    "customer_counts",
    "discount_rates",
    "dispersions",
    "growth_rates",
    "horizons",
    "margins",
    "money",
    "nonnegative_values",
    "ordered_triples",
    "people_told",
    "positive_money",
    "probabilities",
    "reproduction_numbers",
    "retention_rates",
    "scale_factors",
    "tail_summaries",
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


# --- word_of_mouth ---

#: A count of customers in a segment.
customer_counts = st.integers(0, 10**7)

#: People told by one talking customer.
people_told = _floats(0.0, 50.0)

#: Mean number of new people each hearer tells in a referral cascade.
reproduction_numbers = _floats(0.0, 5.0)

#: Negative-binomial dispersion of a telling or offspring count (None means Poisson).
dispersions = st.one_of(st.none(), _floats(0.05, 100.0))


@st.composite
def tail_summaries(draw: st.DrawFn) -> tuple[float, int, float]:
    """A published-style summary (mean told, threshold, share above it) that some negative
    binomial matches: the share is taken from one, at a dispersion drawn here."""
    from scipy import stats

    mean = draw(_floats(0.5, 50.0))
    threshold = draw(st.integers(0, 60))
    dispersion = draw(_floats(0.1, 50.0))
    share = float(stats.nbinom.sf(threshold, dispersion, dispersion / (dispersion + mean)))
    # Shares too close to 0 or 1 pin the dispersion only loosely.
    assume(1e-6 < share < 1.0 - 1e-6)
    return mean, threshold, share


@st.composite
def bass_parameters(draw: st.DrawFn) -> tuple[float, float, float]:
    """Bass coefficients of innovation and imitation, and a market potential."""
    p = draw(_floats(0.005, 0.1))
    q = draw(_floats(0.05, 0.8))
    m = draw(_floats(1e3, 1e7))
    return p, q, m
