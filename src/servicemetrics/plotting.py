"""Figures for notebooks and reports, drawn with matplotlib (the optional ``plot`` extra).

Every function takes the library's own results (a fitted model, a Lorenz curve, a compliance
report, survey results) or the plain counts behind them, draws one chart and returns its
:class:`matplotlib.axes.Axes`, so that it can be restyled, combined with others or saved:

* retention: :func:`plot_survival` (observed against fitted survival, several cohorts);
* concentration: :func:`plot_lorenz` (with the top-20% share marked) and :func:`plot_tiers`;
* word of mouth: :func:`plot_reach_distribution`, :func:`plot_cascade` and :func:`plot_bass`;
* service standards: :func:`plot_compliance` (criteria, worst first) and
  :func:`plot_attainment` (attainment over periods with intervals);
* surveys: :func:`plot_nps` (Net Promoter Score over periods with intervals);
* customer-base models: :func:`plot_calibration_holdout` (repeat purchases, actual against
  expected), :func:`plot_holdout_by_frequency` and :func:`plot_p_alive` (a heat map).

Each function draws on ``ax`` when one is given, and otherwise on a new figure made with
:func:`matplotlib.pyplot.subplots`, which a Jupyter notebook displays by itself at the end of
the cell. No function calls :func:`matplotlib.pyplot.show`; in a script, call it yourself or
save the figure with ``ax.figure.savefig(...)``.

Importing this module does not import matplotlib: it is imported when a function is called,
and :class:`MissingDependencyError` (an :class:`ImportError`) says how to install it when it
is missing: ``pip install "servicemetrics[plot]"``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

import numpy as np

from servicemetrics import compliance, concentration, surveys
from servicemetrics import word_of_mouth as wom
from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    FloatOrArray,
    InvalidInputError,
    OutOfRangeError,
    ShapeMismatchError,
    Verbatim,
    as_float_array,
    as_vector,
    check_choice,
    check_integer,
    check_range,
    check_single,
    raise_at,
    shape_of,
)
from servicemetrics.models import (
    BetaGeo,
    BetaGeoBetaBinom,
    ModifiedBetaGeo,
    ParetoNBD,
    ShiftedBetaGeometric,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "MissingDependencyError",
    "plot_attainment",
    "plot_bass",
    "plot_calibration_holdout",
    "plot_cascade",
    "plot_compliance",
    "plot_holdout_by_frequency",
    "plot_lorenz",
    "plot_nps",
    "plot_p_alive",
    "plot_reach_distribution",
    "plot_survival",
    "plot_tiers",
]


_T = TypeVar("_T")


class MissingDependencyError(ImportError):
    """An optional dependency needed by the function called is not installed.

    Raised by every plotting function when matplotlib cannot be imported; the message names
    the extra that installs it.

    Examples
    --------
    >>> err = MissingDependencyError("matplotlib", "plot")
    >>> str(err)
    'plotting needs matplotlib, which is not installed: pip install "servicemetrics[plot]"'
    >>> isinstance(err, ImportError)
    True
    """

    def __init__(self, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"plotting needs {package}, which is not installed: "
            f'pip install "servicemetrics[{extra}]"',
            name=package,
        )


def _axes(ax: Axes | None) -> Axes:
    """The Axes to draw on: ``ax`` itself, or a new one from ``plt.subplots()``."""
    try:
        import matplotlib
        import matplotlib.axes
    except ImportError as exc:
        raise MissingDependencyError("matplotlib", "plot") from exc
    if ax is not None:
        if not isinstance(ax, matplotlib.axes.Axes):
            raise InvalidInputError("ax", "must be a matplotlib Axes or None", type(ax).__name__)
        return ax
    import matplotlib.pyplot as plt

    new: Axes = plt.subplots(layout="constrained")[1]
    return new


def _labelled(value: Mapping[str, _T] | _T, name: str) -> list[tuple[str | None, _T]]:
    """Split ``{label: item}`` into pairs; a single item gets no label."""
    if isinstance(value, Mapping):
        if len(value) == 0:
            raise InvalidInputError(name, "must not be an empty mapping")
        pairs: list[tuple[str | None, _T]] = []
        for label, item in value.items():
            if not isinstance(label, str):
                raise InvalidInputError(name, "must have string labels", label)
            pairs.append((label, item))
        return pairs
    return [(None, value)]


def _single_number(value: ArrayLike, name: str, **bounds: Any) -> float:
    array = check_range(as_float_array(value, name), name, **bounds)
    return float(check_single(array, name))


def _whole_number(value: ArrayLike, name: str, *, low: int) -> int:
    array = check_integer(check_range(as_float_array(value, name), name, low=low), name)
    return int(check_single(array, name))


def _legend(ax: Axes) -> None:
    if len(ax.get_legend_handles_labels()[1]) > 1:
        ax.legend(frameon=False)


def _series_label(label: str | None, what: str) -> str:
    """The legend entry of a series: the caller's label, then what the series shows."""
    return what if label is None or label == what else f"{label}, {what}"


# --- retention ---------------------------------------------------------------------------------


def _survivor_shares(value: Any, name: str) -> FloatArray:
    counts = check_range(as_vector(value, name), name, low=0)
    if counts[0] <= 0.0:
        raise OutOfRangeError(
            name, "must start with a positive count (the cohort size)", counts[0]
        )
    rises = np.zeros(counts.shape, dtype=bool)
    rises[1:] = np.diff(counts) > 0.0
    if rises.any():
        raise_at(InvalidInputError, name, "must not increase", counts, rises)
    return np.asarray(counts / counts[0], dtype=np.float64)


def _fitted_survival(value: Any, horizon: int) -> tuple[FloatArray, FloatArray]:
    if isinstance(value, ShiftedBetaGeometric):
        periods = np.arange(horizon + 1, dtype=np.float64)
        return periods, np.asarray(value.survival(periods), dtype=np.float64)
    survival = check_range(as_vector(value, "fitted"), "fitted", low=0, high=1)
    rises = np.zeros(survival.shape, dtype=bool)
    rises[1:] = np.diff(survival) > 0.0
    if rises.any():
        raise_at(InvalidInputError, "fitted", "must not increase", survival, rises)
    return np.arange(survival.size, dtype=np.float64), survival


def plot_survival(
    observed: ArrayLike | Mapping[str, ArrayLike],
    *,
    fitted: ShiftedBetaGeometric
    | ArrayLike
    | Mapping[str, ShiftedBetaGeometric | ArrayLike]
    | None = None,
    horizon: int | None = None,
    calibration_periods: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    r"""Survival curves of customer cohorts: the observed share still active, and a fitted one.

    Parameters
    ----------
    observed : array-like of shape (n_periods + 1,), or mapping of str to array-like
        Customers still active at the start of periods 0, 1, …, n (counts, or shares), as
        :meth:`ShiftedBetaGeometric.fit <servicemetrics.models.ShiftedBetaGeometric.fit>`
        takes them. Each series is divided by its first value, so the curve starts at 1; the
        values must be >= 0 and must not increase. A mapping draws several cohorts, labelled
        by its keys.
    fitted : ShiftedBetaGeometric or array-like or mapping, optional
        The fitted survival to compare with: a shifted-beta-geometric model (evaluated at
        periods 0 … ``horizon``) or a survival curve :math:`S(0), S(1), \dots` in [0, 1].
        With a mapping of cohorts in ``observed``, a mapping whose keys are among those
        cohorts; otherwise a single model or curve.
    horizon : int, optional
        Last period of the fitted models' curves, >= 1; by default the last observed period,
        so a larger value shows the projection beyond the data.
    calibration_periods : float, optional
        Draws a vertical line at the end of the periods the model was fitted on.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        Observed shares as markers and fitted curves as lines of the same colour, by period
        since acquisition.

    Raises
    ------
    InvalidInputError
        If a series increases, or ``fitted`` does not match ``observed``.
    OutOfRangeError
        If a count is negative, a series starts at 0, or ``horizon`` is below 1.
    ShapeMismatchError
        If a series is not one-dimensional.
    MissingDependencyError
        If matplotlib is not installed.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from servicemetrics.models import ShiftedBetaGeometric
    >>> survivors = [1000, 631, 468, 382, 326, 289, 262, 241]
    >>> model = ShiftedBetaGeometric.fit(survivors)
    >>> ax = plot_survival(survivors, fitted=model, horizon=12)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('periods since acquisition', 'share still active')
    >>> plt.close(ax.figure)
    """
    axes = _axes(ax)
    cohorts = _labelled(observed, "observed")
    shares = {label: _survivor_shares(value, "observed") for label, value in cohorts}
    last_observed = max(s.size for s in shares.values()) - 1
    last = last_observed if horizon is None else _whole_number(horizon, "horizon", low=1)

    fits: dict[str | None, Any] = {}
    if fitted is not None:
        if isinstance(observed, Mapping):
            if not isinstance(fitted, Mapping):
                raise InvalidInputError(
                    "fitted", "must be a mapping of cohorts when observed is one", fitted
                )
            for key, value in fitted.items():
                if key not in shares:
                    raise InvalidInputError("fitted", "must have keys found in observed", key)
                fits[key] = value
        else:
            if isinstance(fitted, Mapping):
                raise InvalidInputError(
                    "fitted", "must be a single model or curve when observed is one series"
                )
            fits[None] = fitted

    for index, (label, share) in enumerate(shares.items()):
        colour = f"C{index}"
        axes.plot(
            np.arange(share.size),
            share,
            "o",
            color=colour,
            label=_series_label(label, "observed"),
        )
        if label in fits:
            periods, survival = _fitted_survival(fits[label], last)
            axes.plot(periods, survival, "-", color=colour, label=_series_label(label, "fitted"))
    if calibration_periods is not None:
        end = _single_number(calibration_periods, "calibration_periods", low=0)
        axes.axvline(end, color="grey", linestyle=":", label="end of fitting window")
    axes.set_xlabel("periods since acquisition")
    axes.set_ylabel("share still active")
    axes.set_ylim(0.0, 1.05)
    axes.set_title("Survival: observed and fitted" if fits else "Survival")
    _legend(axes)
    return axes


# --- concentration -------------------------------------------------------------------------------


def plot_lorenz(
    values: ArrayLike | concentration.LorenzCurve,
    *,
    weights: ArrayLike | None = None,
    fraction: float = 0.2,
    ax: Axes | None = None,
) -> Axes:
    r"""Lorenz curve of customer value, with the share held by the top customers marked.

    Parameters
    ----------
    values : array-like of shape (n_customers,) or LorenzCurve
        Non-negative value per customer (see :func:`~servicemetrics.concentration.lorenz_curve`),
        or a curve already built.
    weights : array-like of shape (n_customers,), optional
        Customers each row stands for, with ``values`` only.
    fraction : float, default 0.2
        Share of top customers whose share of value is marked, in (0, 1).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The curve (customers sorted from the lowest value up, so the top ``fraction`` is on
        the right), the line of equal values, and a vertical bar at :math:`1 - f` from
        :math:`L(1 - f)` up to 1, whose length is the top share :math:`1 - L(1 - f)`.

    Raises
    ------
    InvalidInputError
        As :func:`~servicemetrics.concentration.lorenz_curve`, or if ``weights`` comes with a
        curve.
    OutOfRangeError
        If ``fraction`` is not in (0, 1).
    MissingDependencyError
        If matplotlib is not installed.

    References
    ----------
    - Lorenz, M. O. (1905). Methods of measuring the concentration of wealth. *Publications
      of the American Statistical Association*, 9(70), 209–219.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_lorenz([4, 1, 3, 2, 10])
    >>> ax.get_xlabel()
    'share of customers, lowest value first'
    >>> ax.get_legend_handles_labels()[1]
    ['Lorenz curve (Gini 0.40)', 'equal values', 'top 20% hold 50%']
    >>> plt.close(ax.figure)
    """
    axes = _axes(ax)
    if isinstance(values, concentration.LorenzCurve):
        if weights is not None:
            raise InvalidInputError("weights", "must be None when values is a LorenzCurve")
        curve = values
    else:
        curve = concentration.lorenz_curve(values, weights)
    f = _single_number(
        fraction, "fraction", low=0, high=1, low_inclusive=False, high_inclusive=False
    )
    top = float(curve.top_share(f))
    axes.plot(
        curve.population_share,
        curve.value_share,
        color="C0",
        label=f"Lorenz curve (Gini {curve.gini:.2f})",
    )
    axes.plot([0.0, 1.0], [0.0, 1.0], color="grey", linestyle="--", label="equal values")
    axes.plot(
        [1.0 - f, 1.0 - f],
        [1.0 - top, 1.0],
        "-o",
        color="C3",
        label=f"top {f:.0%} hold {top:.0%}",
    )
    axes.set_xlim(0.0, 1.0)
    axes.set_ylim(0.0, 1.0)
    axes.set_xlabel("share of customers, lowest value first")
    axes.set_ylabel("share of value")
    axes.set_title("Lorenz curve of customer value")
    _legend(axes)
    return axes


def plot_tiers(
    tiers: concentration.TierAssignment | ArrayLike,
    *,
    cutoffs: ArrayLike | None = None,
    labels: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Customer tiers (ABC analysis): the share of customers and of value in each tier.

    Parameters
    ----------
    tiers : TierAssignment or array-like of shape (n_customers,)
        Tiers from :func:`~servicemetrics.concentration.assign_tiers`, or the customer values
        to assign them from.
    cutoffs : array-like, optional
        Cumulative value shares closing each tier but the last, passed to
        :func:`~servicemetrics.concentration.assign_tiers` (default ``(0.8, 0.95)``); with
        values only.
    labels : sequence of str, optional
        Tier labels, most valuable first (default ``("A", "B", "C")``); with values only.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        Two bars per tier, share of customers and share of value, labelled in percent.

    Raises
    ------
    InvalidInputError
        As :func:`~servicemetrics.concentration.assign_tiers`, or if ``cutoffs`` or
        ``labels`` come with a ready :class:`~servicemetrics.concentration.TierAssignment`.
    MissingDependencyError
        If matplotlib is not installed.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_tiers([5, 50, 2, 30, 10, 3])
    >>> [text.get_text() for text in ax.get_xticklabels()]
    ['A', 'B', 'C']
    >>> [round(float(bar.get_height()), 2) for bar in ax.containers[1]]  # share of value
    [0.8, 0.15, 0.05]
    >>> plt.close(ax.figure)
    """
    axes = _axes(ax)
    if isinstance(tiers, concentration.TierAssignment):
        for name, option in (("cutoffs", cutoffs), ("labels", labels)):
            if option is not None:
                raise InvalidInputError(name, "must be None when tiers is a TierAssignment")
        result = tiers
    else:
        options: dict[str, Any] = {}
        if cutoffs is not None:
            options["cutoffs"] = cutoffs
        if labels is not None:
            options["labels"] = labels
        result = concentration.assign_tiers(tiers, **options)
    positions = np.arange(result.tier_labels.size, dtype=np.float64)
    width = 0.4
    customers = axes.bar(
        positions - width / 2, result.customer_shares, width, color="C0", label="customers"
    )
    value = axes.bar(positions + width / 2, result.value_shares, width, color="C1", label="value")
    for bars in (customers, value):
        axes.bar_label(bars, fmt="{:.0%}")
    axes.set_xticks(positions, [str(label) for label in result.tier_labels])
    axes.set_ylim(0.0, 1.1)
    axes.set_xlabel("tier, most valuable first")
    axes.set_ylabel("share of the total")
    axes.set_title("Customer tiers: share of customers and of value")
    _legend(axes)
    return axes


# --- word of mouth -------------------------------------------------------------------------------

_Reach = wom.TellingDistribution | wom.SimulatedReach


def plot_reach_distribution(
    distributions: _Reach | Mapping[str, _Reach],
    *,
    max_count: int | None = None,
    bins: int = 50,
    ax: Axes | None = None,
) -> Axes:
    r"""How many people are told: telling distributions or simulated totals, side by side.

    Parameters
    ----------
    distributions : TellingDistribution or SimulatedReach, or mapping of str to one of them
        What to draw, all of one kind. A
        :class:`~servicemetrics.word_of_mouth.TellingDistribution` (people one customer
        tells) is drawn as probability bars over 0 … ``max_count``, several side by side. A
        :class:`~servicemetrics.word_of_mouth.SimulatedReach` (people a group tells in
        total) is drawn as a histogram of its simulated totals, with a dashed line at its
        closed-form expectation. A mapping, such as ``{"satisfied": ..., "dissatisfied":
        ...}``, labels the series.
    max_count : int, optional
        Last count shown for telling distributions, >= 1; by default the largest 99th
        percentile of the distributions.
    bins : int, default 50
        Histogram bins for simulated totals, >= 1.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        Probability of each count (telling distributions) or the probability density of the
        total (simulated reach).

    Raises
    ------
    InvalidInputError
        If the items are not all telling distributions or all simulated reaches.
    OutOfRangeError
        If ``max_count`` or ``bins`` is below 1.
    MissingDependencyError
        If matplotlib is not installed.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from servicemetrics import word_of_mouth as wom
    >>> ax = plot_reach_distribution(
    ...     {"resolved": wom.RESOLVED_TELLING, "unhappy": wom.UNHAPPY_TELLING}, max_count=40
    ... )
    >>> len(ax.patches)  # 41 counts, two distributions
    82
    >>> ax.get_xlabel()
    'people told by one customer'
    >>> plt.close(ax.figure)
    """
    axes = _axes(ax)
    items = _labelled(distributions, "distributions")
    kinds = {type(item) for _, item in items}
    if not (kinds <= {wom.TellingDistribution} or kinds <= {wom.SimulatedReach}):
        names = ", ".join(sorted(kind.__name__ for kind in kinds))
        raise InvalidInputError(
            "distributions",
            "must all be TellingDistribution or all SimulatedReach",
            Verbatim(names),
        )
    n_bins = _whole_number(bins, "bins", low=1)
    if kinds == {wom.TellingDistribution}:
        tellings = [
            (label, item) for label, item in items if isinstance(item, wom.TellingDistribution)
        ]
        if max_count is None:
            last = max(int(item.ppf(0.99)) for _, item in tellings)
            last = max(last, 1)
        else:
            last = _whole_number(max_count, "max_count", low=1)
        counts = np.arange(last + 1, dtype=np.float64)
        width = 0.8 / len(tellings)
        for index, (label, telling) in enumerate(tellings):
            offset = (index - (len(tellings) - 1) / 2) * width
            name = (
                f"mean {telling.mean:g}" if label is None else f"{label} (mean {telling.mean:g})"
            )
            axes.bar(
                counts + offset,
                np.asarray(telling.pmf(counts)),
                width,
                color=f"C{index}",
                alpha=0.8,
                label=name,
            )
        axes.set_xlabel("people told by one customer")
        axes.set_ylabel("probability")
        axes.set_title("How many people one customer tells")
    else:
        reaches = [(label, item) for label, item in items if isinstance(item, wom.SimulatedReach)]
        for index, (label, reach) in enumerate(reaches):
            colour = f"C{index}"
            axes.hist(
                reach.totals,
                bins=n_bins,
                density=True,
                color=colour,
                alpha=0.6,
                label=_series_label(label, "simulated"),
            )
            axes.axvline(
                reach.expected,
                color=colour,
                linestyle="--",
                label=_series_label(label, f"expected {reach.expected:,.0f}"),
            )
        axes.set_xlabel("people told in total")
        axes.set_ylabel("probability density")
        axes.set_title("Simulated reach")
    _legend(axes)
    return axes


_Cascade = wom.CascadeReach | wom.SimulatedCascade


def plot_cascade(
    cascade: _Cascade | Mapping[str, _Cascade],
    *,
    cumulative: bool = False,
    interval: float = 0.9,
    ax: Axes | None = None,
) -> Axes:
    r"""People reached in each generation of a referral cascade, expected or simulated.

    Parameters
    ----------
    cascade : CascadeReach or SimulatedCascade, or mapping of str to one of them
        A :class:`~servicemetrics.word_of_mouth.CascadeReach` of one cascade (one-dimensional
        ``per_generation``), drawn as a line; or a
        :class:`~servicemetrics.word_of_mouth.SimulatedCascade`, drawn as the mean over its
        replications with a band holding the central ``interval`` of them. A mapping labels
        several cascades.
    cumulative : bool, default False
        Draw the people reached up to and including each generation instead.
    interval : float, default 0.9
        Share of simulated replications inside the band, in (0, 1).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        People per generation, generation 0 being the seeds.

    Raises
    ------
    InvalidInputError
        If an item is neither a ``CascadeReach`` nor a ``SimulatedCascade``.
    ShapeMismatchError
        If a ``CascadeReach`` holds more than one cascade.
    OutOfRangeError
        If ``interval`` is not in (0, 1).
    MissingDependencyError
        If matplotlib is not installed.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from servicemetrics import word_of_mouth as wom
    >>> ax = plot_cascade(wom.cascade_reach(100, 0.5, generations=3))
    >>> ax.get_lines()[0].get_ydata()
    array([100. ,  50. ,  25. ,  12.5])
    >>> plt.close(ax.figure)
    """
    axes = _axes(ax)
    share = _single_number(
        interval, "interval", low=0, high=1, low_inclusive=False, high_inclusive=False
    )
    items = _labelled(cascade, "cascade")
    for index, (label, item) in enumerate(items):
        colour = f"C{index}"
        if isinstance(item, wom.CascadeReach):
            people = item.per_generation
            if people.ndim != 1:
                raise ShapeMismatchError(
                    "cascade.per_generation",
                    "must be one-dimensional (one cascade; use a mapping for several)",
                    shape_of(people),
                )
            if cumulative:
                people = np.cumsum(people)
            axes.plot(
                np.arange(people.size),
                people,
                "-o",
                color=colour,
                label=_series_label(label, "expected"),
            )
        elif isinstance(item, wom.SimulatedCascade):
            counts = np.asarray(item.counts, dtype=np.float64)
            if cumulative:
                counts = np.cumsum(counts, axis=-1)
            generations = np.arange(counts.shape[-1])
            low, high = np.quantile(counts, [(1.0 - share) / 2.0, (1.0 + share) / 2.0], axis=0)
            axes.fill_between(
                generations,
                low,
                high,
                color=colour,
                alpha=0.2,
                label=_series_label(label, f"{share:.0%} of simulations"),
            )
            axes.plot(
                generations,
                counts.mean(axis=0),
                "--s",
                color=colour,
                label=_series_label(label, "simulated mean"),
            )
        else:
            raise InvalidInputError(
                "cascade", "must be a CascadeReach or a SimulatedCascade", type(item).__name__
            )
    axes.set_xlabel("generation (0 = the seeds)")
    axes.set_ylabel("people reached so far" if cumulative else "people in the generation")
    axes.set_title("Referral cascade")
    _legend(axes)
    return axes


def plot_bass(
    fit: wom.BassFit,
    t: ArrayLike,
    adopters: ArrayLike,
    *,
    cumulative: bool = False,
    horizon: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    r"""Adopters per period (or in total) from a fitted Bass model, against the observed ones.

    Parameters
    ----------
    fit : BassFit
        The fitted model, from :func:`~servicemetrics.word_of_mouth.fit_bass`.
    t : array-like of shape (n_periods,)
        End of each observed period, >= 1 (``1, 2, ..., n`` since launch), as given to the
        fit.
    adopters : array-like of shape (n_periods,)
        New adopters observed in each period, >= 0.
    cumulative : bool, default False
        Draw cumulative adopters (the observed ones summed in order, so ``t`` should start
        at launch) against :math:`m F(t)`, with the market potential :math:`m` as a line.
    horizon : float, optional
        Draw the fitted curve up to this time (default: the last observed period), to show a
        forecast.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        Observed adopters as bars (per period) or markers (cumulative), the fitted curve as a
        line, and the fitted peak time (per period) or market potential (cumulative).

    Raises
    ------
    InvalidInputError
        If ``fit`` is not a ``BassFit``.
    OutOfRangeError
        If a time is below 1, a count is negative or ``horizon`` is below 1.
    ShapeMismatchError
        If ``t`` and ``adopters`` differ in length.
    MissingDependencyError
        If matplotlib is not installed.

    References
    ----------
    - Bass, F. M. (1969). A new product growth for model consumer durables. *Management
      Science*, 15(5), 215–227.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from servicemetrics import word_of_mouth as wom
    >>> t = range(1, 11)
    >>> observed = [36, 52, 73, 97, 122, 142, 151, 146, 128, 104]
    >>> fit = wom.fit_bass(t, observed)
    >>> ax = plot_bass(fit, t, observed, horizon=15)
    >>> ax.get_ylabel()
    'adopters per period'
    >>> plt.close(ax.figure)
    """
    axes = _axes(ax)
    if not isinstance(fit, wom.BassFit):
        raise InvalidInputError("fit", "must be a BassFit", type(fit).__name__)
    time = check_range(as_vector(t, "t"), "t", low=1)
    counts = check_range(as_vector(adopters, "adopters"), "adopters", low=0)
    if counts.shape != time.shape:
        raise ShapeMismatchError(
            "adopters", f"must have the same length as t {time.shape}", shape_of(counts)
        )
    end = float(time.max()) if horizon is None else _single_number(horizon, "horizon", low=1)
    if cumulative:
        grid = np.linspace(0.0, max(end, float(time.max())), 200)
        axes.plot(time, np.cumsum(counts), "o", color="C0", label="observed")
        axes.plot(grid, np.asarray(fit.adoption(grid)), "-", color="C1", label="fitted")
        axes.axhline(
            fit.m, color="grey", linestyle="--", label=f"market potential m = {fit.m:,.0f}"
        )
        axes.set_ylabel("cumulative adopters")
    else:
        grid = np.arange(1.0, math.floor(max(end, float(time.max()))) + 1.0)
        axes.bar(time, counts, 0.8, color="C0", alpha=0.6, label="observed")
        axes.plot(grid, np.asarray(fit.adopters(grid)), "-o", color="C1", label="fitted")
        peak = float(fit.peak().time)
        axes.axvline(peak, color="grey", linestyle=":", label=f"fitted peak at t = {peak:.1f}")
        axes.set_ylabel("adopters per period")
    axes.set_xlabel("time since launch (periods)")
    axes.set_title(f"Bass diffusion: p = {fit.p:.3g}, q = {fit.q:.3g}, m = {fit.m:,.0f}")
    _legend(axes)
    return axes


# --- service standards -------------------------------------------------------------------------


def plot_compliance(
    report: compliance.ComplianceReport,
    *,
    target: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Compliance with each criterion of a service standard, the worst at the top.

    Parameters
    ----------
    report : ComplianceReport
        Audit results from :func:`~servicemetrics.compliance.score_audits`.
    target : float, optional
        Compliance target in (0, 1]: drawn as a vertical line, and criteria below it are
        coloured.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        One horizontal bar per criterion that applied in at least one audit, in the order of
        ``report.worst_criteria`` (lowest compliance first, drawn at the top), labelled in
        percent.

    Raises
    ------
    InvalidInputError
        If ``report`` is not a ``ComplianceReport`` or no criterion applied in any audit.
    OutOfRangeError
        If ``target`` is not in (0, 1].
    MissingDependencyError
        If matplotlib is not installed.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from servicemetrics.compliance import Criterion, Standard, score_audits
    >>> standard = Standard("Call", [Criterion("greeting"), Criterion("resolution", weight=3)])
    >>> report = score_audits(standard, [[1, 1], [0, 1], [1, 0], [1, 1]])
    >>> ax = plot_compliance(report, target=0.9)
    >>> [text.get_text() for text in ax.get_yticklabels()]
    ['resolution', 'greeting']
    >>> plt.close(ax.figure)
    """
    axes = _axes(ax)
    if not isinstance(report, compliance.ComplianceReport):
        raise InvalidInputError("report", "must be a ComplianceReport", type(report).__name__)
    names = report.worst_criteria
    if names.size == 0:
        raise InvalidInputError("report", "has no criterion that applied in any audit")
    # Position of each worst-first name among the report's columns (names are distinct).
    columns = {str(name): index for index, name in enumerate(report.criteria)}
    order = np.array([columns[str(name)] for name in names], dtype=np.intp)
    shares = report.criterion_compliance[order]
    colours: list[str] = ["C0"] * shares.size
    goal = None
    if target is not None:
        goal = _single_number(target, "target", low=0, high=1, low_inclusive=False)
        colours = ["C3" if share < goal else "C0" for share in shares]
    positions = np.arange(shares.size)
    bars = axes.barh(positions, shares, color=colours)
    axes.bar_label(bars, fmt="{:.0%}", padding=2)
    if goal is not None:
        axes.axvline(goal, color="black", linestyle="--", label=f"target {goal:.0%}")
    axes.set_yticks(positions, [str(name) for name in names])
    axes.invert_yaxis()
    axes.set_xlim(0.0, 1.1)
    axes.set_xlabel("compliance (share of audits meeting the criterion)")
    axes.set_ylabel("criterion, worst first")
    axes.set_title(f"{report.standard}: compliance by criterion ({report.n_audits} audits)")
    if goal is not None:
        axes.legend(frameon=False)
    return axes


def _periods_axis(axes: Axes, periods: Sequence[Any] | ArrayLike | None, n: int) -> Any:
    if periods is None:
        from matplotlib.ticker import MaxNLocator

        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        return np.arange(1, n + 1)
    x = np.asarray(periods)
    if x.shape != (n,):
        raise ShapeMismatchError("periods", f"must have one entry per period ({n})", shape_of(x))
    return x


def _all_of(value: object, kind: type) -> bool:
    """Whether ``value`` is a ``kind`` or a non-empty sequence of them."""
    return isinstance(value, kind) or (
        isinstance(value, Sequence)
        and len(value) > 0
        and all(isinstance(item, kind) for item in value)
    )


def _from_attainments(
    met: compliance.Attainment | Sequence[compliance.Attainment],
) -> tuple[FloatArray, FloatArray, FloatArray, Any, float, str]:
    if isinstance(met, compliance.Attainment):
        if np.ndim(met.rate) != 1:
            raise ShapeMismatchError(
                "met",
                "must be an Attainment over periods (one-dimensional)",
                shape_of(np.asarray(met.rate)),
            )
        results = [met]

        def field(name: str) -> FloatArray:
            return np.asarray(getattr(met, name), dtype=np.float64)

    else:
        results = list(met)
        if any(np.ndim(r.rate) != 0 for r in results):
            raise ShapeMismatchError(
                "met", "must be a sequence of single-period Attainment results"
            )

        def field(name: str) -> FloatArray:
            return np.array([getattr(r, name) for r in results], dtype=np.float64)

    below = None
    if all(r.below_target is not None for r in results):
        below = field("below_target").astype(bool)
    levels = {r.confidence_level for r in results}
    methods = {r.method for r in results}
    level = levels.pop() if len(levels) == 1 else float("nan")
    chosen = methods.pop() if len(methods) == 1 else "mixed"
    return field("rate"), field("low"), field("high"), below, level, chosen


def _attainment_series(
    met: Any,
    total: ArrayLike | None,
    target: float | None,
    confidence_level: float | None,
    method: str | None,
) -> tuple[FloatArray, FloatArray, FloatArray, Any, float, str]:
    """Rates, bounds, below-target flags, level and method from counts or results."""
    if _all_of(met, compliance.Attainment):
        for name, option in (
            ("total", total),
            ("confidence_level", confidence_level),
            ("method", method),
        ):
            if option is not None:
                raise InvalidInputError(
                    name, "must be None when met holds Attainment results (they carry their own)"
                )
        return _from_attainments(met)
    if total is None:
        raise InvalidInputError("total", "must be given with counts of cases met")
    result = compliance.attainment(
        met,
        total,
        target=target,
        confidence_level=0.95 if confidence_level is None else confidence_level,
        method="wilson" if method is None else method,  # type: ignore[arg-type]
    )
    rate = np.atleast_1d(np.asarray(result.rate, dtype=np.float64))
    if rate.ndim != 1:
        raise ShapeMismatchError(
            "met, total", "must be one-dimensional (one value per period)", shape_of(rate)
        )
    below = None if result.below_target is None else np.atleast_1d(result.below_target)
    return (
        rate,
        np.atleast_1d(np.asarray(result.low, dtype=np.float64)),
        np.atleast_1d(np.asarray(result.high, dtype=np.float64)),
        below,
        result.confidence_level,
        result.method,
    )


def _interval_chart(
    axes: Axes,
    x: Any,
    estimate: FloatArray,
    low: FloatArray,
    high: FloatArray,
    *,
    estimate_label: str,
    interval_label: str,
    target: float | None,
    target_label: str,
) -> None:
    axes.vlines(x, low, high, color="C0", linewidth=2.0, alpha=0.5, label=interval_label)
    axes.plot(x, estimate, "-o", color="C0", label=estimate_label)
    if target is not None:
        axes.axhline(target, color="black", linestyle="--", label=target_label)


def plot_attainment(
    met: ArrayLike | compliance.Attainment | Sequence[compliance.Attainment],
    total: ArrayLike | None = None,
    *,
    periods: Sequence[Any] | ArrayLike | None = None,
    target: float | None = None,
    confidence_level: float | None = None,
    method: Literal["wilson", "clopper-pearson"] | None = None,
    ax: Axes | None = None,
) -> Axes:
    r"""Attainment of a service standard period by period, with confidence intervals.

    Parameters
    ----------
    met : array-like of shape (n_periods,), Attainment or sequence of Attainment
        Either the cases that met the standard in each period (with ``total``), or results
        of :func:`~servicemetrics.compliance.attainment`: one computed over all periods at
        once (one-dimensional fields) or one per period.
    total : array-like of shape (n_periods,), optional
        Cases counted in each period, with counts in ``met``.
    periods : sequence, optional
        Position or label of each period on the horizontal axis (numbers, dates or strings);
        by default 1, 2, …, n.
    target : float, optional
        Target attainment in (0, 1], drawn as a horizontal line. With counts it is also
        tested (see :func:`~servicemetrics.compliance.attainment`), as it is with results
        computed with a target, and periods significantly below it are marked.
    confidence_level : float, optional
        Coverage of the intervals, 0.95 by default; with counts only.
    method : {"wilson", "clopper-pearson"}, optional
        Interval method, Wilson's by default; with counts only.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        Attainment per period as a line with markers, each interval as a vertical segment
        from ``low`` to ``high``.

    Raises
    ------
    InvalidInputError
        If counts come without ``total``, or results with ``total``, ``confidence_level`` or
        ``method``; and as :func:`~servicemetrics.compliance.attainment`.
    OutOfRangeError
        As :func:`~servicemetrics.compliance.attainment`.
    ShapeMismatchError
        If the periods are not one-dimensional or ``periods`` has the wrong length.
    MissingDependencyError
        If matplotlib is not installed.

    References
    ----------
    - Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
      inference. *Journal of the American Statistical Association*, 22(158), 209–212.
    - Clopper, C. J. and Pearson, E. S. (1934). The use of confidence or fiducial limits
      illustrated in the case of the binomial. *Biometrika*, 26(4), 404–413.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_attainment([45, 180, 95], [50, 200, 100], periods=["Jan", "Feb", "Mar"],
    ...                      target=0.95)
    >>> ax.get_ylabel()
    'attainment (share of cases meeting the standard)'
    >>> segments = ax.collections[0].get_segments()
    >>> [round(float(y), 4) for y in segments[0][:, 1]]  # Wilson interval of 45 / 50
    [0.7864, 0.9565]
    >>> plt.close(ax.figure)
    """
    axes = _axes(ax)
    goal = (
        None
        if target is None
        else _single_number(target, "target", low=0, high=1, low_inclusive=False)
    )
    rate, low, high, below, level, chosen = _attainment_series(
        met, total, goal, confidence_level, method
    )
    x = _periods_axis(axes, periods, rate.size)
    level_text = "" if math.isnan(level) else f"{level:.0%} "
    _interval_chart(
        axes,
        x,
        rate,
        low,
        high,
        estimate_label="attainment",
        interval_label=f"{level_text}interval ({chosen})",
        target=goal,
        target_label=f"target {goal:.0%}" if goal is not None else "",
    )
    if below is not None and bool(np.any(below)):
        flags = np.asarray(below, dtype=bool)
        axes.plot(
            x[flags],
            rate[flags],
            "v",
            color="C3",
            markersize=9,
            linestyle="none",
            label="significantly below target",
        )
    axes.set_xlabel("period")
    axes.set_ylabel("attainment (share of cases meeting the standard)")
    axes.set_title("Attainment with confidence intervals")
    _legend(axes)
    return axes


# --- surveys ---------------------------------------------------------------------------------------


def plot_nps(
    promoters: ArrayLike | surveys.NPSResult | Sequence[surveys.NPSResult],
    passives: ArrayLike | None = None,
    detractors: ArrayLike | None = None,
    *,
    periods: Sequence[Any] | ArrayLike | None = None,
    level: float = 0.95,
    method: Literal["adjusted-wald", "wald", "score", "bootstrap"] = "adjusted-wald",
    rng: np.random.Generator | int | None = None,
    target: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    r"""Net Promoter Score period by period, with confidence intervals.

    Parameters
    ----------
    promoters : array-like of shape (n_periods,) or sequence of NPSResult
        Either the promoters (answers 9–10) of each period, with ``passives`` and
        ``detractors``, or one :class:`~servicemetrics.surveys.NPSResult` per period (then
        ``passives`` and ``detractors`` are left out).
    passives, detractors : array-like of shape (n_periods,), optional
        Respondents answering 7–8 and 0–6 in each period, with counts in ``promoters``.
    periods : sequence, optional
        Position or label of each period on the horizontal axis; by default 1, 2, …, n.
    level : float, default 0.95
        Confidence level of the intervals, in (0, 1).
    method : {"adjusted-wald", "wald", "score", "bootstrap"}, default "adjusted-wald"
        Interval method, as in :meth:`NPSResult.confidence_interval
        <servicemetrics.surveys.NPSResult.confidence_interval>`; ``"bootstrap"`` needs
        ``NPSResult`` objects (it resamples their answers).
    rng : numpy.random.Generator or int, optional
        Random generator or seed for the bootstrap.
    target : float, optional
        A score in [−100, 100] drawn as a horizontal line.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The score per period as a line with markers, each interval as a vertical segment
        (the adjusted-Wald interval is centred on the adjusted score, so it need not be
        symmetric about the marker).

    Raises
    ------
    InvalidInputError
        If counts come without ``passives`` and ``detractors``, results come with them, or
        ``method`` is unknown (or ``"bootstrap"`` with counts).
    OutOfRangeError
        If a count is negative, ``level`` is not in (0, 1) or ``target`` not in
        [−100, 100].
    ShapeMismatchError
        If the counts are not one-dimensional or ``periods`` has the wrong length.
    MissingDependencyError
        If matplotlib is not installed.

    References
    ----------
    - Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*,
      81(12), 46–54.
    - Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
      Statistician*, 70(4), 365–372.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = plot_nps([50, 45, 60], [30, 30, 25], [20, 25, 15], method="wald")
    >>> ax.get_lines()[0].get_ydata()
    array([30., 20., 45.])
    >>> [round(float(y), 2) for y in ax.collections[0].get_segments()[0][:, 1]]
    [14.69, 45.31]
    >>> plt.close(ax.figure)
    """
    axes = _axes(ax)
    counts: Any = promoters
    results: list[surveys.NPSResult] | None = None
    if isinstance(promoters, surveys.NPSResult):
        results = [promoters]
    elif _all_of(promoters, surveys.NPSResult):
        results = list(counts)
    if results is not None:
        for name, option in (("passives", passives), ("detractors", detractors)):
            if option is not None:
                raise InvalidInputError(name, "must be None when promoters holds NPSResults")
        check_choice(method, "method", ("adjusted-wald", "wald", "score", "bootstrap"))
        generator = np.random.default_rng(rng) if method == "bootstrap" else None
        score = np.array([r.score for r in results], dtype=np.float64)
        bounds = np.array(
            [r.confidence_interval(level, method, rng=generator) for r in results],
            dtype=np.float64,
        )
        low, high = bounds[:, 0], bounds[:, 1]
    else:
        if passives is None or detractors is None:
            raise InvalidInputError(
                "passives" if passives is None else "detractors",
                "must be given with counts of promoters",
            )
        check_choice(method, "method", ("adjusted-wald", "wald", "score"))
        low_b, high_b = surveys.nps_confidence_interval(
            counts,
            passives,
            detractors,
            level=level,
            method=method,  # type: ignore[arg-type]
        )
        low = np.atleast_1d(np.asarray(low_b, dtype=np.float64))
        high = np.atleast_1d(np.asarray(high_b, dtype=np.float64))
        p, a, d = (
            np.broadcast_to(as_float_array(v, name), low.shape)
            for v, name in (
                (counts, "promoters"),
                (passives, "passives"),
                (detractors, "detractors"),
            )
        )
        if low.ndim != 1:
            raise ShapeMismatchError(
                "promoters, passives, detractors",
                "must be one-dimensional (one value per period)",
                shape_of(low),
            )
        score = 100.0 * (p - d) / (p + a + d)
    goal = None if target is None else _single_number(target, "target", low=-100, high=100)
    x = _periods_axis(axes, periods, score.size)
    _interval_chart(
        axes,
        x,
        score,
        low,
        high,
        estimate_label="NPS",
        interval_label=f"{level:.0%} interval ({method})",
        target=goal,
        target_label=f"target {goal:g}" if goal is not None else "",
    )
    axes.set_xlabel("period")
    axes.set_ylabel("Net Promoter Score")
    axes.set_title("Net Promoter Score with confidence intervals")
    _legend(axes)
    return axes


# --- customer-base models ----------------------------------------------------------------------


class _ExpectedPurchases(Protocol):
    def expected_purchases(self, t: ArrayLike, /) -> FloatOrArray: ...


class _ConditionalPurchases(Protocol):
    def conditional_expected_purchases(
        self,
        t: ArrayLike,
        frequency: ArrayLike,
        recency: ArrayLike,
        T: ArrayLike,  # noqa: N803
        /,
    ) -> FloatOrArray: ...


_MODEL_NAMES = {
    "BetaGeo": "BG/NBD",
    "ParetoNBD": "Pareto/NBD",
    "ModifiedBetaGeo": "MBG/NBD",
    "BetaGeoBetaBinom": "BG/BB",
}


def _models(value: Any, method: str) -> list[tuple[str, Any]]:
    named = []
    for label, model in _labelled(value, "model"):
        if not callable(getattr(model, method, None)):
            raise InvalidInputError(
                "model", f"must be a fitted model with a {method} method", type(model).__name__
            )
        name = type(model).__name__
        named.append((_MODEL_NAMES.get(name, name) if label is None else label, model))
    return named


def plot_calibration_holdout(
    model: _ExpectedPurchases | Mapping[str, _ExpectedPurchases],
    first_purchase: ArrayLike,
    actual: ArrayLike,
    *,
    calibration_end: float | None = None,
    period_length: float = 1.0,
    cumulative: bool = True,
    ax: Axes | None = None,
) -> Axes:
    r"""Repeat purchases of a customer cohort over time, actual against a model's expectation.

    The tracking chart of Fader, Hardie & Lee (2005, figures 1 and 2): the repeat purchases
    the whole cohort made in each period (or up to it), against what a model fitted on the
    calibration period expects, through the calibration period and beyond it.

    Parameters
    ----------
    model : fitted model or mapping of str to fitted models
        Anything with ``expected_purchases(t)``, the expected repeat purchases of a new
        customer in their first ``t`` units of time after the first purchase:
        :class:`~servicemetrics.models.BetaGeo`, :class:`~servicemetrics.models.ParetoNBD`,
        :class:`~servicemetrics.models.ModifiedBetaGeo` (or
        :class:`~servicemetrics.models.BetaGeoBetaBinom`, in whole periods). A mapping
        compares several models.
    first_purchase : array-like of shape (n_customers,)
        When each customer made the first purchase, >= 0, in the model's time unit, counted
        from the start of the first period shown.
    actual : array-like of shape (n_periods,)
        Repeat purchases the cohort made in each period, >= 0 (period :math:`j` runs from
        :math:`(j - 1) \ell` to :math:`j \ell`, with :math:`\ell` = ``period_length``).
    calibration_end : float, optional
        End of the calibration period in the model's time unit, drawn as a vertical line.
    period_length : float, default 1.0
        Length of a period in the model's time unit, > 0.
    cumulative : bool, default True
        Draw cumulative repeat purchases; with False, those of each period.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The actual purchases as a solid line and each model's expectation as a dashed one,
        against the end of each period.

    Raises
    ------
    InvalidInputError
        If a model has no ``expected_purchases`` method.
    OutOfRangeError
        If a time or count is negative, or ``period_length`` is not positive.
    ShapeMismatchError
        If ``first_purchase`` or ``actual`` is not one-dimensional.
    MissingDependencyError
        If matplotlib is not installed.

    Notes
    -----
    With customer :math:`i` making the first purchase at :math:`s_i` and :math:`E[X(t)]` the
    expected repeat purchases of a new customer in :math:`(0, t]`, the cohort's expected
    cumulative repeat purchases at time :math:`\tau` are

    .. math::

        \sum_i E[X(\tau - s_i)] \, [\tau > s_i],

    evaluated once per distinct first-purchase time and weighted by the customers sharing it.

    References
    ----------
    - Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). "Counting your customers" the easy
      way: an alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from servicemetrics.models import BetaGeo
    >>> model = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> ax = plot_calibration_holdout(model, [0.0, 0.5, 2.0], [0, 1, 0, 1], calibration_end=2)
    >>> ax.get_lines()[0].get_ydata()  # actual, cumulated
    array([0., 1., 1., 2.])
    >>> ax.get_legend_handles_labels()[1]
    ['actual', 'expected (BG/NBD)', 'end of calibration']
    >>> plt.close(ax.figure)
    """
    axes = _axes(ax)
    models = _models(model, "expected_purchases")
    births = check_range(as_vector(first_purchase, "first_purchase"), "first_purchase", low=0)
    observed = check_range(as_vector(actual, "actual"), "actual", low=0)
    length = _single_number(period_length, "period_length", low=0, low_inclusive=False)
    ends = length * np.arange(1, observed.size + 1, dtype=np.float64)
    start_times, customers = np.unique(births, return_counts=True)
    # Time each group of customers has been buying at the end of each period (0 before birth).
    ages = np.maximum(ends[:, np.newaxis] - start_times[np.newaxis, :], 0.0)
    axes.plot(
        ends,
        np.cumsum(observed) if cumulative else observed,
        "-",
        color="black",
        label="actual",
    )
    for index, (label, fitted) in enumerate(models):
        expected = np.asarray(fitted.expected_purchases(ages), dtype=np.float64) @ customers
        if not cumulative:
            expected = np.diff(expected, prepend=0.0)
        axes.plot(ends, expected, "--", color=f"C{index}", label=f"expected ({label})")
    if calibration_end is not None:
        end = _single_number(calibration_end, "calibration_end", low=0)
        axes.axvline(end, color="grey", linestyle=":", label="end of calibration")
    axes.set_xlabel("time (in the model's unit)")
    axes.set_ylabel("cumulative repeat purchases" if cumulative else "repeat purchases per period")
    axes.set_title("Repeat purchases: actual and expected")
    _legend(axes)
    return axes


def plot_holdout_by_frequency(
    model: _ConditionalPurchases | Mapping[str, _ConditionalPurchases],
    frequency: ArrayLike,
    recency: ArrayLike,
    T: ArrayLike,  # noqa: N803
    holdout_frequency: ArrayLike,
    *,
    duration: float,
    max_frequency: int = 7,
    ax: Axes | None = None,
) -> Axes:
    r"""Mean holdout purchases by calibration frequency, actual against the models' predictions.

    The conditional-expectation chart of Fader, Hardie & Lee (2005, figure 4): customers are
    grouped by the number of repeat purchases they made in the calibration period, and each
    group's mean purchases in the holdout period are compared with the mean of each
    customer's conditional expectation given the whole calibration history.

    Parameters
    ----------
    model : fitted model or mapping of str to fitted models
        Anything with ``conditional_expected_purchases(t, frequency, recency, T)``:
        :class:`~servicemetrics.models.BetaGeo`, :class:`~servicemetrics.models.ParetoNBD`,
        :class:`~servicemetrics.models.ModifiedBetaGeo` or
        :class:`~servicemetrics.models.BetaGeoBetaBinom` (whose arguments are
        ``future_periods, frequency, recency, n_periods``). A mapping compares several.
    frequency, recency, T : array-like of shape (n_customers,)
        Calibration histories, as the model takes them.
    holdout_frequency : array-like of shape (n_customers,)
        Purchases of each customer in the holdout period, >= 0.
    duration : float
        Length of the holdout period in the model's time unit, > 0.
    max_frequency : int, default 7
        Customers with this many calibration repeat purchases or more form the last group
        (``"7+"``), >= 1.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The actual group means as a solid line and each model's as a dashed one; groups
        without customers are left out.

    Raises
    ------
    InvalidInputError
        If a model has no ``conditional_expected_purchases`` method, or a frequency is not a
        whole number; and as the model's method.
    OutOfRangeError
        If a count is negative, ``duration`` is not positive or ``max_frequency`` < 1.
    ShapeMismatchError
        If the customer arrays differ in length.
    MissingDependencyError
        If matplotlib is not installed.

    References
    ----------
    - Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). "Counting your customers" the easy
      way: an alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from servicemetrics.models import BetaGeo
    >>> model = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> ax = plot_holdout_by_frequency(
    ...     model, [0, 1, 1, 3], [0.0, 5.0, 20.0, 30.0], [38.0, 38.0, 38.0, 38.0], [0, 1, 2, 2],
    ...     duration=39, max_frequency=2,
    ... )
    >>> ax.get_lines()[0].get_ydata()  # 0 repeat purchases, 1, and "2+"
    array([0. , 1.5, 2. ])
    >>> [text.get_text() for text in ax.get_xticklabels()]
    ['0', '1', '2+']
    >>> plt.close(ax.figure)
    """
    axes = _axes(ax)
    models = _models(model, "conditional_expected_purchases")
    x = check_integer(
        check_range(as_vector(frequency, "frequency"), "frequency", low=0), "frequency"
    )
    holdout = check_range(
        as_vector(holdout_frequency, "holdout_frequency"), "holdout_frequency", low=0
    )
    if holdout.shape != x.shape:
        raise ShapeMismatchError(
            "holdout_frequency", f"must have one value per customer ({x.size})", shape_of(holdout)
        )
    horizon = _single_number(duration, "duration", low=0, low_inclusive=False)
    top = _whole_number(max_frequency, "max_frequency", low=1)
    group = np.minimum(x, top).astype(np.intp)
    customers = np.bincount(group, minlength=top + 1)
    present = customers > 0
    groups = np.arange(top + 1)

    def group_means(values: FloatArray) -> FloatArray:
        sums = np.bincount(group, weights=values, minlength=top + 1)
        return np.asarray(sums[present] / customers[present], dtype=np.float64)

    axes.plot(groups[present], group_means(holdout), "-o", color="black", label="actual")
    for index, (label, fitted) in enumerate(models):
        expected = np.asarray(
            fitted.conditional_expected_purchases(horizon, x, recency, T), dtype=np.float64
        )
        if expected.shape != x.shape:
            raise ShapeMismatchError(
                "recency, T",
                f"must give one prediction per customer ({x.size})",
                shape_of(expected),
            )
        axes.plot(
            groups[present],
            group_means(expected),
            "--s",
            color=f"C{index}",
            label=f"predicted ({label})",
        )
    axes.set_xticks(groups, [*(str(g) for g in range(top)), f"{top}+"])
    axes.set_xlabel("repeat purchases in the calibration period")
    axes.set_ylabel("mean purchases in the holdout period")
    axes.set_title("Holdout purchases by calibration frequency")
    _legend(axes)
    return axes


_AliveModel = BetaGeo | ParetoNBD | ModifiedBetaGeo | BetaGeoBetaBinom


def plot_p_alive(
    model: _AliveModel,
    T: float,  # noqa: N803
    *,
    max_frequency: int | None = None,
    resolution: int = 50,
    colorbar: bool = True,
    ax: Axes | None = None,
) -> Axes:
    r"""Heat map of the probability that a customer is still active, by frequency and recency.

    Parameters
    ----------
    model : BetaGeo, ParetoNBD, ModifiedBetaGeo or BetaGeoBetaBinom
        A fitted (or parameterised) model.
    T : float
        Age of the customers, in the model's time unit (for the BG/BB, the number of
        transaction opportunities ``n_periods``, a whole number >= 1).
    max_frequency : int, optional
        Largest frequency shown, >= 1; by default 20 (BG/BB: ``T``).
    resolution : int, default 50
        Recency values from 0 to ``T`` (BG/BB: every whole number instead), >= 2.
    colorbar : bool, default True
        Add a colour bar to the figure.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        An image of :math:`P(\text{alive} \mid x, t_x, T)` with recency :math:`t_x` across and
        frequency :math:`x` up, on a fixed scale from 0 to 1. Histories that cannot happen are
        left blank: a recency above 0 without repeat purchases, and for the BG/BB more
        purchases than the recency allows.

    Raises
    ------
    InvalidInputError
        If ``model`` is not one of the four models.
    OutOfRangeError
        If ``T`` is not positive (BG/BB: a whole number >= 1), or ``max_frequency`` or
        ``resolution`` is too small, or for the BG/BB ``max_frequency`` exceeds ``T``.
    MissingDependencyError
        If matplotlib is not installed.

    References
    ----------
    - Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). "Counting your customers" the easy
      way: an alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.
    - Schmittlein, D. C., Morrison, D. G., & Colombo, R. (1987). Counting your customers: who
      are they and what will they do next? *Management Science*, 33(1), 1–24.
    - Fader, P. S., Hardie, B. G. S., & Shang, J. (2010). Customer-base analysis in a
      discrete-time noncontractual setting. *Marketing Science*, 29(6), 1086–1108.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from servicemetrics.models import BetaGeo
    >>> model = BetaGeo(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> ax = plot_p_alive(model, 38.86, max_frequency=10, resolution=40)
    >>> ax.images[0].get_array().shape  # frequency 0-10 by 40 recencies
    (11, 40)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('recency (time of the last repeat purchase)', 'frequency (repeat purchases)')
    >>> plt.close(ax.figure)
    """
    axes = _axes(ax)
    if not isinstance(model, (BetaGeo, ParetoNBD, ModifiedBetaGeo, BetaGeoBetaBinom)):
        raise InvalidInputError(
            "model",
            "must be a BetaGeo, ParetoNBD, ModifiedBetaGeo or BetaGeoBetaBinom",
            type(model).__name__,
        )
    discrete = isinstance(model, BetaGeoBetaBinom)
    if discrete:
        age = float(_whole_number(T, "T", low=1))
        default_top = int(age)
    else:
        age = _single_number(T, "T", low=0, low_inclusive=False)
        default_top = 20
    top = (
        default_top
        if max_frequency is None
        else _whole_number(max_frequency, "max_frequency", low=1)
    )
    if discrete and top > age:
        raise OutOfRangeError("max_frequency", f"must be <= T ({age:g}) for the BG/BB", top)
    if discrete:
        recency = np.arange(age + 1.0)
    else:
        recency = np.linspace(0.0, age, _whole_number(resolution, "resolution", low=2))
    frequency = np.arange(top + 1.0)
    x, t_x = np.meshgrid(frequency, recency, indexing="ij")
    possible = (x == 0) & (t_x == 0)
    possible |= (x >= 1) & (x <= t_x) if discrete else x >= 1
    alive = np.asarray(
        model.p_alive(np.where(possible, x, 0.0), np.where(possible, t_x, 0.0), age),
        dtype=np.float64,
    )
    step = recency[1] - recency[0]
    image = axes.imshow(
        np.ma.masked_array(alive, mask=~possible),
        origin="lower",
        aspect="auto",
        interpolation="nearest",
        extent=(-step / 2, age + step / 2, -0.5, top + 0.5),
        vmin=0.0,
        vmax=1.0,
        cmap="viridis",
    )
    if colorbar:
        axes.figure.colorbar(image, ax=axes, label="P(alive)")
    from matplotlib.ticker import MaxNLocator

    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("recency (time of the last repeat purchase)")
    axes.set_ylabel("frequency (repeat purchases)")
    axes.set_title(f"Probability a customer is alive, at T = {age:g}")
    return axes
