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
    "audit_answers",
    "bass_parameters",
    "beta_shape_parameters",
    "bgbb_parameters",
    "compressible_histories",
    "customer_counts",
    "discount_rates",
    "discrete_histories",
    "dispersions",
    "display_arrays",
    "display_text",
    "dpmo_values",
    "gross_margin_fractions",
    "growth_rates",
    "handle_times",
    "horizons",
    "interior_retention_rates",
    "likert_pairs",
    "margins",
    "money",
    "nonnegative_values",
    "nps_answers",
    "nps_counts",
    "offered_loads",
    "ordered_triples",
    "partitioned_logs",
    "people_told",
    "positive_money",
    "probabilities",
    "reproduction_numbers",
    "retention_rates",
    "sbg_parameters",
    "scale_factors",
    "service_level_targets",
    "sigma_levels",
    "survey_weights",
    "tail_summaries",
    "transaction_logs",
    "value_vectors",
    "whole_customer_counts",
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


# --- costs ---

#: A positive number of customers (expected counts may be fractional).
customer_counts = _floats(1.0, 1e6)

#: Gross margin as a positive fraction of revenue.
gross_margin_fractions = _floats(0.01, 1.0)

#: Retention strictly inside (0, 1), with room for a gain of a few points either way.
interior_retention_rates = _floats(0.05, 0.9)
# --- surveys ---


@st.composite
def nps_answers(draw: st.DrawFn, min_size: int = 1, max_size: int = 100) -> np.ndarray:
    """A 1-D array of whole-number answers from 0 to 10 (likelihood to recommend)."""
    size = draw(st.integers(min_size, max_size))
    return draw(hnp.arrays(np.int64, size, elements=st.integers(0, 10))).astype(np.float64)


@st.composite
def nps_counts(draw: st.DrawFn, max_count: int = 5000) -> tuple[int, int, int]:
    """(promoters, passives, detractors) counts with a positive total."""
    counts = draw(st.tuples(*[st.integers(0, max_count)] * 3))
    if sum(counts) == 0:
        return (1, counts[1], counts[2])
    return counts


#: A positive survey weight (a post-stratification factor, say).
survey_weights = _floats(0.05, 20.0)


@st.composite
def likert_pairs(
    draw: st.DrawFn, scale: int = 7, max_respondents: int = 8, max_items: int = 8
) -> tuple[np.ndarray, np.ndarray]:
    """Expectation and perception matrices (respondents × items) of answers 1…scale."""
    shape = (draw(st.integers(1, max_respondents)), draw(st.integers(1, max_items)))
    answers = st.integers(1, scale)
    return (
        draw(hnp.arrays(np.int64, shape, elements=answers)).astype(np.float64),
        draw(hnp.arrays(np.int64, shape, elements=answers)).astype(np.float64),
    )


# --- transactions ---


@st.composite
def transaction_logs(
    draw: st.DrawFn, max_customers: int = 8, max_rows: int = 40
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A transaction log: integer customer ids, second-resolution timestamps and amounts.

    Timestamps spread over about two years around 1970 (so that periods before the epoch are
    exercised) and often share a day. Amounts are whole numbers, so that their sums do not
    depend on the order of addition.
    """
    n_rows = draw(st.integers(1, max_rows))
    ids = draw(hnp.arrays(np.int64, n_rows, elements=st.integers(0, max_customers - 1)))
    days = draw(hnp.arrays(np.int64, n_rows, elements=st.integers(-300, 400)))
    seconds = draw(hnp.arrays(np.int64, n_rows, elements=st.integers(0, 86_399)))
    timestamps = np.datetime64("1970-01-01T00:00:00", "s") + (days * 86_400 + seconds).astype(
        "timedelta64[s]"
    )
    amounts = draw(hnp.arrays(np.float64, n_rows, elements=st.integers(-50, 1000).map(float)))
    return ids, timestamps, amounts


@st.composite
def compressible_histories(
    draw: st.DrawFn, max_customers: int = 60
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Valid (frequency, recency, T) of customers, drawn from a few values so that many repeat.

    Recency is 0 exactly when frequency is 0 and never exceeds T; values are in weeks of
    seven days, so most are not whole numbers.
    """
    size = draw(st.integers(1, max_customers))
    age = draw(hnp.arrays(np.float64, size, elements=st.sampled_from([1.0, 20.0, 38.86])))
    share = draw(hnp.arrays(np.float64, size, elements=st.sampled_from([0.0, 0.25, 1.0])))
    recency = np.round(age * share * 7.0) / 7.0
    frequency = draw(hnp.arrays(np.int64, size, elements=st.integers(1, 3)))
    frequency[recency == 0.0] = 0
    return frequency, recency, age


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


# --- word_of_mouth ---

#: A count of customers in a segment.
whole_customer_counts = st.integers(0, 10**7)

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


# --- transaction logs split into partitions (servicemetrics.dask) ---


@st.composite
def partitioned_logs(
    draw: st.DrawFn, max_customers: int = 6, max_rows: int = 30, max_partitions: int = 4
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], list[np.ndarray]]:
    """A :func:`transaction_logs` log and its rows dealt into partitions in a random order.

    The partitions are the row numbers of each part: a customer's rows often land in several
    parts, and parts may be empty.
    """
    log = draw(transaction_logs(max_customers=max_customers, max_rows=max_rows))
    n_rows = log[0].size
    order = np.array(draw(st.permutations(range(n_rows))), dtype=np.int64)
    n_parts = draw(st.integers(1, max_partitions))
    cuts = sorted(
        draw(st.lists(st.integers(0, n_rows), min_size=n_parts - 1, max_size=n_parts - 1))
    )
    return log, np.split(order, cuts)


# --- command line: CSV files ---

#: Text of one CSV cell: letters, digits, spaces, and the characters that force quoting.
csv_cells = st.text(alphabet=st.sampled_from('ab1 .,"\n-'), max_size=6)


@st.composite
def csv_tables(draw: st.DrawFn, max_columns: int = 4, max_rows: int = 8) -> list[list[str]]:
    """A CSV table as rows of cells, the first row a header of distinct, non-blank names.

    Data rows may be blank (every cell empty), which readers skip.
    """
    width = draw(st.integers(1, max_columns))
    header = [f"c{j}" for j in range(width)]
    rows = draw(
        st.lists(
            st.lists(csv_cells, min_size=width, max_size=width), min_size=1, max_size=max_rows
        )
    )
    return [header, *rows]


# --- result displays ---

#: Text as users put it in names and descriptions, markup characters and line breaks included.
display_text = st.text(
    alphabet=st.sampled_from(list("abc XYZ<>&\"'\n\t—é")), min_size=0, max_size=200
)


@st.composite
def display_arrays(draw: st.DrawFn, max_side: int = 30) -> np.ndarray:
    """Arrays a result may hold: floats (NaN and infinities too), integers, booleans or text,
    of zero to three dimensions."""
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=max_side))
    kind = draw(st.sampled_from(["float", "int", "bool", "text"]))
    if kind == "float":
        return draw(hnp.arrays(np.float64, shape, elements=st.floats(width=64)))
    if kind == "int":
        return draw(hnp.arrays(np.int64, shape, elements=st.integers(-(2**62), 2**62)))
    if kind == "bool":
        return draw(hnp.arrays(np.bool_, shape))
    return draw(hnp.arrays(np.str_, shape, elements=display_text.map(lambda s: s[:20])))
