"""Maximum-likelihood fitting shared by every customer-base model.

Each model supplies its total (weighted) log-likelihood as a function of its natural-scale
parameters, all strictly positive; :func:`maximize_likelihood` optimises it over the logarithms
of the parameters, checks convergence, and derives standard errors from the observed
information at the optimum.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
import numpy as np
from scipy import optimize

from servicemetrics._results import ARRAY_EQ, ResultModel, frozen_array
from servicemetrics._validation import FloatArray, InvalidInputError

__all__ = ["ConvergenceError", "MaximumLikelihood", "maximize_likelihood"]

# Log-scale parameters are kept within exp(±_LOG_BOUND) ≈ [1e-13, 1e13]: a parameter that ends
# on this bound has run away (the likelihood has no interior maximum in that direction).
_LOG_BOUND = 30.0

# A standard error above this multiple of its estimate means the log-likelihood is flat in that
# parameter: the optimiser stopped on the way towards 0 or infinity, not at a maximum.
_MAX_RELATIVE_ERROR = 1e3

# Where the observed information is not positive definite (no standard errors), a parameter
# beyond exp(±_FLAT_LOG_BOUND) ≈ [2e-9, 5e8] is drifting along a flat likelihood: estimates that
# far out leave the predictions' special functions outside floating point.
_FLAT_LOG_BOUND = 20.0

# SciPy's overloaded stubs do not cover every combination of options used here.
_minimize: Any = optimize.minimize
_OptimizeResult: Any = optimize.OptimizeResult


def as_names(names: Iterable[str]) -> tuple[str, ...]:
    """Parameter names as a tuple of strings."""
    return tuple(str(name) for name in names)


class ConvergenceError(RuntimeError):
    """The optimiser did not reach a maximum of the likelihood.

    The message states what went wrong and includes the optimiser's own message. It is raised
    instead of returning estimates that are not a maximum.

    Examples
    --------
    >>> str(ConvergenceError("maximum not found; optimiser says: ABNORMAL"))
    'maximum not found; optimiser says: ABNORMAL'
    """


@attrs.frozen(repr=False)
class MaximumLikelihood(ResultModel):
    """The outcome of a maximum-likelihood fit.

    Attributes
    ----------
    names : tuple of str
        Parameter names, in the order of the papers.
    estimates : numpy.ndarray of shape (k,)
        Estimates on their natural scale.
    standard_errors : numpy.ndarray of shape (k,)
        Standard errors on the natural scale, by the delta method from the observed information
        of the log-scale parameters; NaN if the information matrix is not positive definite.
    covariance : numpy.ndarray of shape (k, k)
        Asymptotic covariance of the natural-scale estimates (NaN when singular).
    log_likelihood : float
        Total weighted log-likelihood at the estimates, without any penalty.
    n_observations : float
        Number of observations (the sum of the weights, usually customers).
    iterations : int
        Iterations used by the optimiser(s).
    message : str
        The optimiser's final message.
    """

    names: tuple[str, ...] = attrs.field(converter=as_names)
    estimates: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    standard_errors: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    covariance: FloatArray = attrs.field(converter=frozen_array, eq=ARRAY_EQ)
    log_likelihood: float = attrs.field(converter=float)
    n_observations: float = attrs.field(converter=float)
    iterations: int = attrs.field(converter=int)
    message: str = attrs.field(converter=str)

    @property
    def aic(self) -> float:
        """Akaike information criterion, 2k − 2 LL (lower is better)."""
        return 2.0 * len(self.names) - 2.0 * self.log_likelihood

    @property
    def bic(self) -> float:
        """Bayesian information criterion, k ln(n) − 2 LL (lower is better)."""
        return len(self.names) * math.log(self.n_observations) - 2.0 * self.log_likelihood


def _central_gradient(function: Callable[[FloatArray], float], theta: FloatArray) -> FloatArray:
    """Central differences with a step of about the cube root of machine epsilon."""
    step = np.finfo(np.float64).eps ** (1.0 / 3.0) * np.maximum(1.0, np.abs(theta))
    gradient = np.empty_like(theta)
    for k in range(theta.size):  # one pair of evaluations per parameter (k is small)
        shift = np.zeros_like(theta)
        shift[k] = step[k]
        gradient[k] = (function(theta + shift) - function(theta - shift)) / (2.0 * step[k])
    return gradient


def _hessian(
    value: Callable[[FloatArray], float],
    gradient: Callable[[FloatArray], FloatArray] | None,
    theta: FloatArray,
) -> FloatArray:
    """Hessian of ``value`` at ``theta`` by differences of the gradient, or of the values."""
    k = theta.size
    hessian = np.empty((k, k))
    if gradient is not None:
        step = np.finfo(np.float64).eps ** (1.0 / 3.0) * np.maximum(1.0, np.abs(theta))
        for j in range(k):
            shift = np.zeros(k)
            shift[j] = step[j]
            hessian[:, j] = (gradient(theta + shift) - gradient(theta - shift)) / (2.0 * step[j])
    else:
        step = np.finfo(np.float64).eps ** (1.0 / 4.0) * np.maximum(1.0, np.abs(theta))
        centre = value(theta)
        for i in range(k):
            for j in range(i, k):
                ei = np.zeros(k)
                ej = np.zeros(k)
                ei[i] = step[i]
                ej[j] = step[j]
                if i == j:
                    second = (value(theta + ei) - 2.0 * centre + value(theta - ei)) / step[i] ** 2
                else:
                    second = (
                        value(theta + ei + ej)
                        - value(theta + ei - ej)
                        - value(theta - ei + ej)
                        + value(theta - ei - ej)
                    ) / (4.0 * step[i] * step[j])
                hessian[i, j] = hessian[j, i] = second
    return np.asarray(0.5 * (hessian + hessian.T), dtype=np.float64)


def _quasi_newton(
    objective: Callable[[FloatArray], float],
    theta_gradient: Callable[[FloatArray], FloatArray],
    theta0: FloatArray,
    max_iterations: int,
) -> Any:
    """BFGS with a backtracking (Armijo) line search inside the box ±``_LOG_BOUND``.

    A small dense quasi-Newton method for the few parameters of these models, in plain NumPy:
    it needs no compiled optimiser, whose threaded linear algebra costs more than the
    likelihood itself on small data. Converged when the largest gradient component is below
    1e-9, or below 1e-6 once a step no longer reduces the objective by 1e-13 relative.
    """
    k = theta0.size
    theta = np.clip(theta0, -_LOG_BOUND, _LOG_BOUND)
    value = objective(theta)
    slope = theta_gradient(theta) if math.isfinite(value) else np.full(k, np.nan)
    inverse_hessian = np.eye(k)
    message, success, iteration = "iteration limit reached", False, 0
    for iteration in range(1, max_iterations + 1):
        if not (math.isfinite(value) and np.all(np.isfinite(slope))):
            message = "the objective or its gradient is not finite"
            break
        largest = float(np.max(np.abs(slope)))
        if largest < 1e-9:
            message, success = "gradient below tolerance", True
            break
        direction = -inverse_hessian @ slope
        descent = float(slope @ direction)
        if not descent < 0:
            inverse_hessian = np.eye(k)
            direction, descent = -slope, -float(slope @ slope)
        step = min(1.0, 10.0 / float(np.max(np.abs(direction))))
        for _ in range(60):
            trial = np.clip(theta + step * direction, -_LOG_BOUND, _LOG_BOUND)
            trial_value = objective(trial)
            if trial_value <= value + 1e-4 * step * descent:
                break
            step *= 0.5
        else:
            message, success = "the line search found no decrease", largest < 1e-6
            break
        trial_slope = theta_gradient(trial)
        change = trial - theta
        reduction = (value - trial_value) / max(abs(value), abs(trial_value), 1.0)
        difference = trial_slope - slope
        theta, value, slope = trial, trial_value, trial_slope
        curvature = float(difference @ change)
        if curvature > 1e-12 * float(np.linalg.norm(difference) * np.linalg.norm(change)):
            if iteration == 1:
                inverse_hessian = np.eye(k) * curvature / float(difference @ difference)
            rho = 1.0 / curvature
            left = np.eye(k) - rho * np.outer(change, difference)
            inverse_hessian = left @ inverse_hessian @ left.T + rho * np.outer(change, change)
        if reduction <= 1e-13 and float(np.max(np.abs(slope))) < 1e-6:
            message, success = "relative reduction of the objective below tolerance", True
            break
    return _OptimizeResult(x=theta, fun=value, success=success, message=message, nit=iteration)


def format_estimates(names: tuple[str, ...], estimates: FloatArray) -> str:
    """``name=value`` pairs of the estimates, for error messages."""
    return "(" + ", ".join(f"{n}={v:.6g}" for n, v in zip(names, estimates, strict=True)) + ")"


def _covariance(information: FloatArray) -> FloatArray:
    """Inverse of a positive definite information matrix; NaN if it is not one."""
    try:
        np.linalg.cholesky(information)
        return np.asarray(np.linalg.inv(information))
    except np.linalg.LinAlgError:
        return np.full(information.shape, np.nan)


def maximize_likelihood(
    log_likelihood: Callable[[FloatArray], float],
    initial: Sequence[float],
    names: Sequence[str],
    *,
    gradient: Callable[[FloatArray], FloatArray] | None = None,
    penalty: float = 0.0,
    n_observations: float,
    max_iterations: int = 2000,
) -> MaximumLikelihood:
    r"""Maximise a log-likelihood over strictly positive parameters.

    The parameters are optimised on the log scale (so they stay positive) by BFGS with a
    backtracking line search, using the analytic gradient when given and central differences
    otherwise. If that does not converge, L-BFGS-B starts again from the initial values, then
    Nelder–Mead restarts from its best point and L-BFGS-B polishes the result. The
    standard errors come from the observed information (the Hessian of the negative
    log-likelihood, obtained by differencing the gradient) at the optimum.

    Parameters
    ----------
    log_likelihood : callable
        Maps the natural-scale parameter vector (all > 0) to the total weighted log-likelihood.
    initial : sequence of float
        Natural-scale starting values, all > 0.
    names : sequence of str
        Parameter names, in the order of the vector.
    gradient : callable, optional
        Maps the natural-scale parameters to the gradient of the total log-likelihood with
        respect to them. Without it, gradients are central differences.
    penalty : float, default 0.0
        Coefficient :math:`\lambda \ge 0` of an L2 penalty: the optimiser maximises
        :math:`\mathrm{LL}(\theta) - \lambda\sum_k \theta_k^2` over the natural-scale
        parameters :math:`\theta`. The reported log-likelihood excludes the penalty; the
        standard errors are those of the penalised objective.
    n_observations : float
        The number of observations (sum of the weights), > 0; used to scale the objective and
        for the BIC.
    max_iterations : int, default 2000
        Iteration limit of each optimiser run.

    Returns
    -------
    MaximumLikelihood
        Estimates, standard errors, covariance and the log-likelihood at the optimum.

    Raises
    ------
    ConvergenceError
        If no optimiser converges, the log-likelihood is not finite at the start or at the
        optimum, or a parameter runs away towards 0 or infinity (it reaches the bounds
        :math:`e^{\pm 30}`, or its standard error exceeds 1000 times its estimate), or it passes
        :math:`e^{\pm 20}` where the observed information is not positive definite).
    InvalidInputError
        If ``initial`` and ``names`` differ in length, a start value is not > 0, or
        ``penalty`` or ``n_observations`` is out of range.

    References
    ----------
    - Nocedal, J., & Wright, S. J. (2006). *Numerical Optimization* (2nd ed.). Springer
      (L-BFGS-B, finite-difference derivatives).
    - Efron, B., & Hinkley, D. V. (1978). Assessing the accuracy of the maximum likelihood
      estimator: observed versus expected Fisher information. *Biometrika*, 65(3), 457–482.

    Examples
    --------
    The exponential rate of the waiting times 1, 2 and 3 is 1/mean = 0.5, with standard error
    rate/√n:

    >>> import numpy as np
    >>> from servicemetrics.models import maximize_likelihood
    >>> waits = np.array([1.0, 2.0, 3.0])
    >>> fit = maximize_likelihood(
    ...     lambda p: waits.size * np.log(p[0]) - p[0] * waits.sum(),
    ...     [1.0],
    ...     ["rate"],
    ...     n_observations=3,
    ... )
    >>> round(float(fit.estimates[0]), 6), round(float(fit.standard_errors[0]), 6)
    (0.5, 0.288675)
    """
    start = np.asarray(initial, dtype=np.float64)
    names = tuple(names)
    if start.ndim != 1 or start.size != len(names) or start.size == 0:
        raise InvalidInputError("initial", "must have one value per name", start)
    if not np.all(np.isfinite(start) & (start > 0)):
        raise InvalidInputError("initial", "must be finite and > 0", start)
    if not (math.isfinite(penalty) and penalty >= 0):
        raise InvalidInputError("penalty", "must be >= 0", penalty)
    if not (math.isfinite(n_observations) and n_observations > 0):
        raise InvalidInputError("n_observations", "must be > 0", n_observations)
    scale = 1.0 / float(n_observations)

    def penalised(params: FloatArray) -> float:
        return float(log_likelihood(params)) - penalty * float(np.sum(params**2))

    def objective(theta: FloatArray) -> float:
        with np.errstate(all="ignore"):
            value = -penalised(np.exp(theta)) * scale
        return value if math.isfinite(value) else math.inf

    if gradient is None:

        def theta_gradient(theta: FloatArray) -> FloatArray:
            return _central_gradient(objective, theta)

    else:
        model_gradient = gradient

        def theta_gradient(theta: FloatArray) -> FloatArray:
            params = np.exp(theta)
            with np.errstate(all="ignore"):
                slope = (
                    np.asarray(model_gradient(params), dtype=np.float64) - 2.0 * penalty * params
                )
            return np.asarray(-slope * params * scale)

    def value_and_gradient(theta: FloatArray) -> tuple[float, FloatArray]:
        value = objective(theta)
        if not math.isfinite(value):
            return 1e300, np.zeros_like(theta)
        return value, theta_gradient(theta)

    theta0 = np.log(start)
    if not math.isfinite(objective(theta0)):
        raise ConvergenceError(
            f"the log-likelihood is not finite at the initial values {start.tolist()}"
        )
    bounds = [(-_LOG_BOUND, _LOG_BOUND)] * start.size
    options: dict[str, Any] = {"maxiter": max_iterations, "ftol": 1e-13, "gtol": 1e-9}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = _quasi_newton(objective, theta_gradient, theta0, max_iterations)
        iterations = int(result.nit)
        if not _converged(result, theta_gradient):
            result = _minimize(
                value_and_gradient,
                theta0,
                jac=True,
                method="L-BFGS-B",
                bounds=bounds,
                options=options,
            )
            iterations += int(result.nit)
        if not _converged(result, theta_gradient):
            simplex = _minimize(
                objective,
                result.x if math.isfinite(result.fun) else theta0,
                method="Nelder-Mead",
                bounds=bounds,
                options={"maxiter": max_iterations * 5, "xatol": 1e-10, "fatol": 1e-14},
            )
            polished = _minimize(
                value_and_gradient,
                simplex.x,
                jac=True,
                method="L-BFGS-B",
                bounds=bounds,
                options=options,
            )
            iterations += int(simplex.nit) + int(polished.nit)
            result = polished if polished.fun <= simplex.fun else simplex
            if not _converged(result, theta_gradient):
                raise ConvergenceError(
                    "the optimiser did not find a maximum of the log-likelihood; "
                    f"optimiser says: {result.message}"
                )
    theta = np.asarray(result.x, dtype=np.float64)
    runaway = np.abs(theta) >= _LOG_BOUND - 1e-6
    if runaway.any():
        k = int(np.argmax(runaway))
        direction = "infinity" if theta[k] > 0 else "0"
        raise ConvergenceError(
            f"parameter {names[k]} runs away towards {direction}: the log-likelihood has no "
            f"interior maximum (consider penalty > 0); optimiser says: {result.message}"
        )
    estimates = np.exp(theta)
    total = float(log_likelihood(estimates))
    if not math.isfinite(total):
        raise ConvergenceError(f"the log-likelihood is not finite at the optimum {estimates}")

    def negative_penalised(t: FloatArray) -> float:
        return -penalised(np.exp(t))

    gradient_in_theta = (
        None if gradient is None else (lambda t: theta_gradient(t) / scale)  # un-scaled
    )
    information = _hessian(negative_penalised, gradient_in_theta, theta)
    covariance = _covariance(information) * np.outer(estimates, estimates)
    drifting = np.abs(theta) > _FLAT_LOG_BOUND
    if np.isnan(covariance).all() and drifting.any():
        k = int(np.argmax(drifting))
        direction = "infinity" if theta[k] > 0 else "0"
        raise ConvergenceError(
            f"parameter {names[k]} runs away towards {direction} (estimate {estimates[k]:.6g}) "
            "where the log-likelihood is flat: the observed information at the optimum "
            f"{format_estimates(names, estimates)} is not positive definite, so the data do "
            f"not identify the parameters (consider penalty > 0); optimiser says: {result.message}"
        )
    standard_errors = np.sqrt(np.diag(covariance))
    relative = standard_errors / estimates
    flat = np.isfinite(relative) & (relative > _MAX_RELATIVE_ERROR)
    if flat.any():
        k = int(np.argmax(flat))
        raise ConvergenceError(
            f"parameter {names[k]} is not identified: its standard error is "
            f"{relative[k]:.3g} times its estimate {estimates[k]:.6g}, so the log-likelihood has "
            "no maximum in its direction (the optimiser stopped on a plateau while the "
            "parameter drifts towards 0 or infinity; consider penalty > 0); "
            f"optimiser says: {result.message}"
        )
    return MaximumLikelihood(
        names=names,
        estimates=estimates,
        standard_errors=standard_errors,
        covariance=covariance,
        log_likelihood=total,
        n_observations=float(n_observations),
        iterations=iterations,
        message=str(result.message),
    )


def _converged(result: Any, theta_gradient: Callable[[FloatArray], FloatArray]) -> bool:
    """Whether an optimiser result is a maximum: a finite value and a vanishing gradient."""
    if not math.isfinite(result.fun) or result.fun >= 1e299:
        return False
    slope = theta_gradient(np.asarray(result.x, dtype=np.float64))
    if not np.all(np.isfinite(slope)):
        return False
    # The objective is the mean log-likelihood per observation, so this is a per-customer
    # tolerance independent of the size of the data.
    return bool(result.success) or float(np.max(np.abs(slope))) < 1e-5
