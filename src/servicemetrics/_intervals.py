"""Confidence-interval pieces shared by the domain modules."""

from __future__ import annotations

from typing import Any

from scipy import stats

__all__ = ["t_half_width"]


def t_half_width(level: float, n: int, scale: Any) -> Any:
    """Half-width ``t(n - 1, 1/2 + level/2) * scale`` of a two-sided Student-t interval.

    ``scale`` is the standard error (or the standard deviation, for the caller to divide by
    the square root of ``n``); it may be a number or an array.
    """
    return float(stats.t.ppf(0.5 + level / 2.0, n - 1)) * scale
