"""Behaviour shared by the fitted customer-base models: parameters, fit metadata, summaries.

A model class is a frozen ``attrs`` class inheriting :class:`FittedModel`. It declares its
parameters as fields made with :func:`parameter` in the order of its paper and lists their
names in ``parameter_names``; the fit metadata (log-likelihood, standard errors, covariance,
number of observations) are keyword-only fields inherited from here and default to ``None``,
so a model can be rebuilt from its parameters alone.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Callable
from typing import Any, ClassVar, ParamSpec, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array
from servicemetrics._validation import (
    ArrayLike,
    FloatArray,
    InvalidInputError,
    OutOfRangeError,
    ShapeMismatchError,
    as_float_array,
    as_vector,
    check_broadcastable,
    check_integer,
    check_range,
    plain_float_array,
    raise_at,
    shape_of,
)
from servicemetrics.models._fitting import MaximumLikelihood, as_names, format_estimates

__all__ = [
    "FittedModel",
    "ParameterSummary",
    "as_weights",
    "check_frequency_recency_age",
    "check_no_nan",
    "dot",
    "parameter",
    "positive_count",
    "prediction",
    "repeat_purchase_histories",
]

Model = TypeVar("Model", bound="FittedModel")
_Params = ParamSpec("_Params")
_Result = TypeVar("_Result")


def check_no_nan(result: object, model: FittedModel, name: str) -> None:
    """Raise if a prediction holds NaN (see :func:`prediction`)."""
    values = np.asarray(result, dtype=np.float64)
    nan = np.isnan(values)
    if nan.any():
        where = "" if values.ndim == 0 else f" at index {int(np.flatnonzero(nan)[0])}"
        parameters = format_estimates(model.parameter_names, model._vector)
        raise OutOfRangeError(
            f"{type(model).__name__} parameters {parameters}",
            f"are too far out for {name} to be evaluated in floating point (the result is "
            f"NaN{where}); such parameters lie at the edge of the model family, where the data "
            "do not identify them: refit with penalty > 0 or use a simpler model",
        )


def prediction(method: Callable[_Params, _Result]) -> Callable[_Params, _Result]:
    """Mark a model method as a prediction: a NaN in its result raises instead of escaping.

    The inputs of every prediction are checked, so a NaN can only come from parameters so far
    out (the edge of the model family, where a fit drifts when the data do not identify it)
    that the special functions leave floating point. The error names the model, its
    parameters, the method and the first affected element.
    """

    @functools.wraps(method)
    def checked(*args: _Params.args, **kwargs: _Params.kwargs) -> _Result:
        result = method(*args, **kwargs)
        model = args[0]
        assert isinstance(model, FittedModel), "prediction decorates FittedModel methods"
        check_no_nan(result, model, method.__name__)
        return result

    return checked


def _check_positive(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise OutOfRangeError(attribute.name, "must be finite and > 0", value)


def parameter() -> Any:
    """An ``attrs`` field for a model parameter: a float, finite and > 0."""
    return attrs.field(converter=float, validator=_check_positive)


def _optional_array(value: ArrayLike | None) -> npt.NDArray[Any] | None:
    return None if value is None else frozen_array(value)


def _optional_eq(a: npt.NDArray[Any] | None, b: npt.NDArray[Any] | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))


_OPTIONAL_ARRAY_EQ = attrs.cmp_using(eq=_optional_eq)


def _optional_float(value: float | None) -> float | None:
    return None if value is None else float(value)


def _or_dash(value: float, spec: str) -> str:
    """``value`` formatted, or a dash where it is unknown (NaN)."""
    return "—" if math.isnan(value) else format(value, spec)


@attrs.frozen(repr=False)
class ParameterSummary(ResultModel):
    """A table of a fitted model's parameters with standard errors and 95% intervals.

    Attributes
    ----------
    model : str
        The model's name.
    names : tuple of str
        Parameter names as in the paper.
    estimates, standard_errors : numpy.ndarray of shape (k,)
        Estimates and their standard errors (NaN when unknown).
    lower, upper : numpy.ndarray of shape (k,)
        Bounds of 95% Wald intervals on the log scale, ``estimate * exp(∓z · se / estimate)``,
        which stay positive as the parameters must.
    log_likelihood, aic, bic : float or None
        Fit statistics, when the model was fitted.
    n_observations : float or None
        Number of observations (customers) the model was fitted on.
    """

    model: str
    names: tuple[str, ...] = attrs.field(converter=as_names)
    estimates: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    standard_errors: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    lower: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    upper: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    log_likelihood: float | None = None
    aic: float | None = None
    bic: float | None = None
    n_observations: float | None = None

    def __str__(self) -> str:
        lines = [f"{self.model}", f"{'parameter':>10} {'estimate':>12} {'std. error':>12}"]
        for name, est, se in zip(self.names, self.estimates, self.standard_errors, strict=True):
            lines.append(f"{name:>10} {est:12.4f} {_or_dash(se, '12.4f'):>12}")
        for label, number in (
            ("log-likelihood", self.log_likelihood),
            ("AIC", self.aic),
            ("BIC", self.bic),
            ("observations", self.n_observations),
        ):
            if number is not None:
                lines.append(f"{label}: {number:.4f}".rstrip("0").rstrip("."))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th>{h}</th>" for h in ("parameter", "estimate", "std. error", "95% interval")
        )
        rows = "".join(
            f"<tr><td>{html.escape(name)}</td><td>{est:.4g}</td><td>{_or_dash(se, '.4g')}</td>"
            f"<td>{'—' if math.isnan(lo) else f'[{lo:.4g}, {hi:.4g}]'}</td></tr>"
            for name, est, se, lo, hi in zip(
                self.names,
                self.estimates,
                self.standard_errors,
                self.lower,
                self.upper,
                strict=True,
            )
        )
        stats = "; ".join(
            f"{label} {number:.6g}"
            for label, number in (
                ("log-likelihood", self.log_likelihood),
                ("AIC", self.aic),
                ("BIC", self.bic),
                ("n", self.n_observations),
            )
            if number is not None
        )
        caption = html.escape(self.model) + (f" — {html.escape(stats)}" if stats else "")
        return (
            "<table class='servicemetrics-result'>"
            f"<caption style='text-align:left'><b>{caption}</b></caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        )


@attrs.frozen(repr=False)
class FittedModel(ResultModel):
    """Base of the customer-base models: fit metadata, information criteria and summaries.

    Attributes
    ----------
    log_likelihood : float or None
        Total log-likelihood of the fit (the papers' number, not a mean); ``None`` for a model
        built from its parameters alone.
    standard_errors : numpy.ndarray or None
        Standard errors of the parameters, in ``parameter_names`` order.
    covariance : numpy.ndarray or None
        Asymptotic covariance matrix of the parameters.
    n_observations : float or None
        Number of observations (customers) of the fit.
    """

    parameter_names: ClassVar[tuple[str, ...]] = ()

    log_likelihood: float | None = attrs.field(
        default=None, kw_only=True, converter=_optional_float
    )
    standard_errors: FloatArray | None = attrs.field(
        default=None, kw_only=True, converter=_optional_array, eq=_OPTIONAL_ARRAY_EQ
    )
    covariance: FloatArray | None = attrs.field(
        default=None, kw_only=True, converter=_optional_array, eq=_OPTIONAL_ARRAY_EQ
    )
    n_observations: float | None = attrs.field(
        default=None, kw_only=True, converter=_optional_float
    )

    @property
    def parameters(self) -> dict[str, float]:
        """The parameters by name, in the paper's order."""
        return {name: float(getattr(self, name)) for name in self.parameter_names}

    @property
    def _vector(self) -> FloatArray:
        return np.array([getattr(self, name) for name in self.parameter_names], dtype=np.float64)

    @property
    def aic(self) -> float | None:
        """Akaike information criterion, 2k − 2 LL; None if not fitted."""
        if self.log_likelihood is None:
            return None
        return 2.0 * len(self.parameter_names) - 2.0 * self.log_likelihood

    @property
    def bic(self) -> float | None:
        """Bayesian information criterion, k ln(n) − 2 LL; None if not fitted."""
        if self.log_likelihood is None or self.n_observations is None:
            return None
        k = len(self.parameter_names)
        return k * math.log(self.n_observations) - 2.0 * self.log_likelihood

    @classmethod
    def _from_fit(cls: type[Model], fit: MaximumLikelihood) -> Model:
        return cls(
            *fit.estimates.tolist(),
            log_likelihood=fit.log_likelihood,
            standard_errors=fit.standard_errors,
            covariance=fit.covariance,
            n_observations=fit.n_observations,
        )

    def summary(self, confidence_level: float = 0.95) -> ParameterSummary:
        """A table of the parameters with standard errors and log-scale Wald intervals.

        Parameters
        ----------
        confidence_level : float, default 0.95
            Coverage of the intervals, in (0, 1).

        Returns
        -------
        ParameterSummary
            Printable (``print(model.summary())``) and shown as a table in notebooks.
        """
        from scipy import stats

        if not 0.0 < confidence_level < 1.0:
            raise OutOfRangeError("confidence_level", "must be in (0, 1)", confidence_level)
        estimates = self._vector
        errors = (
            np.full(estimates.shape, np.nan)
            if self.standard_errors is None
            else np.asarray(self.standard_errors, dtype=np.float64)
        )
        z = float(stats.norm.ppf(0.5 + confidence_level / 2.0))
        spread = np.exp(z * errors / estimates)
        return ParameterSummary(
            model=type(self).__name__,
            names=self.parameter_names,
            estimates=estimates,
            standard_errors=errors,
            lower=estimates / spread,
            upper=estimates * spread,
            log_likelihood=self.log_likelihood,
            aic=self.aic,
            bic=self.bic,
            n_observations=self.n_observations,
        )

    def __repr__(self) -> str:
        shown = [f"{name}={getattr(self, name):.6g}" for name in self.parameter_names]
        if self.log_likelihood is not None:
            shown.append(f"log_likelihood={self.log_likelihood:.6g}")
        if self.n_observations is not None:
            shown.append(f"n_observations={self.n_observations:.6g}")
        return f"{type(self).__name__}({', '.join(shown)})"

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()


def dot(a: FloatArray, b: FloatArray) -> float:
    """The inner product of two vectors, as a float.

    Unlike ``a @ b`` it never hands the work to a multithreaded BLAS, whose thread start-up
    dominates the cost of a fit's many small sums on a busy machine.
    """
    return float(np.einsum("i,i->", a, b))


def as_weights(weights: ArrayLike | None, size: int) -> FloatArray:
    """Coerce per-row weights (counts of identical customers): finite, >= 0, one per row.

    ``None`` gives ones. The total weight must be positive.
    """
    if weights is None:
        return np.ones(size)
    w = check_range(as_vector(weights, "weights"), "weights", low=0)
    if w.size != size:
        raise ShapeMismatchError(
            "weights", f"must have one value per customer ({size})", shape_of(w)
        )
    if not w.sum() > 0:
        raise InvalidInputError("weights", "must have a positive total", float(w.sum()))
    return w


def _valid_histories(
    frequency: ArrayLike,
    recency: ArrayLike,
    T: ArrayLike,  # noqa: N803
) -> tuple[FloatArray, FloatArray, FloatArray] | None:
    """Broadcast histories that pass every rule, found with a few cheap passes; else None.

    A fast path for predictions on many customers: reductions and single comparisons
    establish that all rules hold. Any failure (or unusual input) returns None, and the
    rule-by-rule checks then run to report the first offending value.
    """
    x, t_x, age = (plain_float_array(v) for v in (frequency, recency, T))
    if x is None or t_x is None or age is None:
        return None
    try:
        shape = np.broadcast_shapes(x.shape, t_x.shape, age.shape)
    except ValueError:
        return None
    with np.errstate(invalid="ignore", over="ignore"):
        # NaN fails every comparison; infinities fail the finite maxima (t_x <= T bounds t_x).
        if not (x.min() >= 0 and t_x.min() >= 0 and age.min() > 0):
            return None
        if not (math.isfinite(float(x.max())) and math.isfinite(float(age.max()))):
            return None
        if np.any(t_x > age):
            return None
        if np.asarray(frequency).dtype.kind == "f" and np.any(np.floor(x) != x):
            return None
        if np.any((t_x > 0) & (x == 0)):  # a recency > 0 without repeat purchases
            return None
    return tuple(np.broadcast_to(a, shape) for a in (x, t_x, age))  # type: ignore[return-value]


def check_frequency_recency_age(
    frequency: ArrayLike,
    recency: ArrayLike,
    T: ArrayLike,  # noqa: N803
    *,
    broadcast: bool = False,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Validate the (frequency, recency, T) histories of non-contractual models.

    ``frequency`` must be whole and >= 0, ``recency`` in [0, T], ``T`` > 0, and ``recency`` 0
    when ``frequency`` is 0. For a fit (the default) each must be a non-empty vector of the same
    length; with ``broadcast`` (predictions) they may be any broadcast-compatible shapes, and
    are returned broadcast against each other.
    """
    if broadcast:
        valid = _valid_histories(frequency, recency, T)
        if valid is not None:
            return valid
    coerce = as_float_array if broadcast else as_vector
    x = check_range(coerce(frequency, "frequency"), "frequency", low=0)
    bad = np.mod(x, 1.0) != 0.0
    if bad.any():
        raise_at(InvalidInputError, "frequency", "must be a whole number", x, bad)
    t_x = check_range(coerce(recency, "recency"), "recency", low=0)
    age = check_range(coerce(T, "T"), "T", low=0, low_inclusive=False)
    if broadcast:
        shape = check_broadcastable({"frequency": x, "recency": t_x, "T": age})
        x, t_x, age = (np.broadcast_to(a, shape) for a in (x, t_x, age))
    else:
        for name, array in (("recency", t_x), ("T", age)):
            if array.size != x.size:
                raise ShapeMismatchError(
                    name, f"must have one value per customer ({x.size})", shape_of(array)
                )
    over = t_x > age
    if over.any():
        raise_at(OutOfRangeError, "recency", "must be <= T", t_x, over)
    orphan = (x == 0) & (t_x > 0)
    if orphan.any():
        raise_at(InvalidInputError, "recency", "must be 0 when frequency is 0", t_x, orphan)
    return x, t_x, age


def positive_count(value: ArrayLike, name: str) -> int:
    """Check that ``value`` is a single whole number >= 1 (customers, periods) and return it."""
    number = as_float_array(value, name)
    if number.ndim != 0:
        raise ShapeMismatchError(name, "must be a single whole number", shape_of(number))
    check_integer(check_range(number, name, low=1), name)
    return int(number)


def repeat_purchase_histories(
    frequency: ArrayLike,
    recency: ArrayLike,
    T: ArrayLike,  # noqa: N803
    weights: ArrayLike | None,
) -> tuple[tuple[FloatArray, FloatArray, FloatArray], FloatArray]:
    """Checked, merged (frequency, recency, T) histories and weights for a purchase-model fit.

    Raises
    ------
    InvalidInputError
        For an invalid history, or when no customer with weight has a repeat purchase: without
        one the purchase and drop-out processes cannot be told apart.
    """
    x, t_x, age = check_frequency_recency_age(frequency, recency, T)
    w = as_weights(weights, x.size)
    if not np.any((x > 0) & (w > 0)):
        raise InvalidInputError(
            "frequency",
            "must be > 0 for at least one customer (without repeat purchases the purchase "
            "and drop-out processes cannot be told apart)",
        )
    (x, t_x, age), w = merge_identical((x, t_x, age), w)
    return (x, t_x, age), w


def merge_identical(
    columns: tuple[FloatArray, ...], weights: FloatArray
) -> tuple[tuple[FloatArray, ...], FloatArray]:
    """Merge identical rows of ``columns``, summing their weights.

    The likelihood of a customer depends only on their row, so fitting on the distinct rows
    with summed weights gives the same estimates at a cost that grows with distinct histories.
    Rows with zero weight are dropped.
    """
    keep = weights > 0
    kept = [np.asarray(c[keep], dtype=np.float64) for c in columns]
    # Code each column by its distinct values and combine the codes into one integer key:
    # sorting integers is much faster than sorting rows.
    key = np.zeros(kept[0].shape, dtype=np.int64)
    span = 1
    for column in kept:
        values, codes = np.unique(column, return_inverse=True)
        span *= max(values.size, 1)
        if span >= 2**62:
            stacked = np.column_stack(kept)
            unique, inverse = np.unique(stacked, axis=0, return_inverse=True)
            merged = np.bincount(inverse.ravel(), weights=weights[keep], minlength=len(unique))
            rows = tuple(np.ascontiguousarray(unique[:, k]) for k in range(len(kept)))
            return rows, np.asarray(merged, dtype=np.float64)
        key = key * values.size + codes.reshape(column.shape)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    merged = np.bincount(inverse.ravel(), weights=weights[keep], minlength=first.size)
    return tuple(c[first] for c in kept), np.asarray(merged, dtype=np.float64)


def as_generator(seed: int | np.random.Generator) -> np.random.Generator:
    """A NumPy random generator from a seed or an existing generator."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise InvalidInputError("seed", "must be an int or a numpy.random.Generator", seed)
    return np.random.default_rng(int(seed))


@attrs.frozen(repr=False)
class CustomerHistories(ResultModel):
    """Simulated purchase histories of a non-contractual customer base.

    Attributes
    ----------
    frequency : numpy.ndarray of shape (n_customers,)
        Repeat purchases in (0, T].
    recency : numpy.ndarray of shape (n_customers,)
        Time of the last repeat purchase since the first purchase (0 without repeat purchases).
    T : numpy.ndarray of shape (n_customers,)
        Time observed since the first purchase.
    """

    frequency: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    recency: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    T: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
