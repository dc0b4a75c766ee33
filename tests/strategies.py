"""Hypothesis strategies shared by the test suite.

Each strategy draws values inside the documented domain of the library's parameters, away from
the edges where floating-point round-off (not the formula) would dominate a property.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

__all__ = [
    "audit_answers",
    "discount_rates",
    "dpmo_values",
    "growth_rates",
    "handle_times",
    "horizons",
    "margins",
    "money",
    "nonnegative_values",
    "offered_loads",
    "ordered_triples",
    "positive_money",
    "probabilities",
    "retention_rates",
    "scale_factors",
    "service_level_targets",
    "sigma_levels",
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


# --- quality, staffing, compliance ---

#: Defects per million opportunities away from 0 and 10^6, where the sigma scale is infinite.
dpmo_values = _floats(1e-6, 999_999.0)

#: A sigma level from -3 to 9 (beyond, the normal tail underflows the precision of a DPMO).
sigma_levels = _floats(-3.0, 9.0)

#: Offered load in Erlangs, from a small team to a large contact centre.
offered_loads = _floats(0.05, 5_000.0)

#: Average handle time, in seconds.
handle_times = _floats(10.0, 1_800.0)

#: A service-level target strictly between 0 and 1.
service_level_targets = _floats(0.05, 0.99)


@st.composite
def audit_answers(
    draw: st.DrawFn, n_criteria: int, partial: tuple[bool, ...], max_audits: int = 20
) -> np.ndarray:
    """Audit answers of shape (n_audits, n_criteria): 0/1 (or a fraction if partial), or -1."""
    n_audits = draw(st.integers(1, max_audits))
    columns = []
    for is_partial in partial[:n_criteria]:
        value = _floats(0.0, 1.0) if is_partial else st.sampled_from([0.0, 1.0])
        columns.append(
            draw(hnp.arrays(np.float64, n_audits, elements=st.one_of(value, st.just(-1.0))))
        )
    return np.stack(columns, axis=1)
