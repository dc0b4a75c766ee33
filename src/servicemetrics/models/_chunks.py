"""Evaluate per-customer formulas in blocks, so that their intermediates stay bounded in memory.

Some predictions build, for every customer, a row of intermediate values: the quadrature nodes
of the Pareto/NBD purchase-count distribution, the dropout opportunities of the BG/BB. Over a
million customers those rows would take gigabytes at once. :func:`in_blocks` splits the
customers into blocks whose intermediates fit in :data:`BLOCK_BYTES`, evaluates the formula on
each block and joins the results. The formulas are elementwise in the customers, so the joined
result is the same, element for element, as one evaluation over everyone.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from servicemetrics._validation import FloatArray

__all__ = ["BLOCK_BYTES", "in_blocks"]

BLOCK_BYTES = 64 * 2**20
"""The memory that one block's intermediates may take, in bytes (64 MiB)."""


def in_blocks(
    formula: Callable[..., FloatArray],
    arrays: tuple[FloatArray, ...],
    bytes_per_element: float,
    *,
    block_bytes: float | None = None,
) -> FloatArray:
    """Evaluate ``formula(*arrays)`` block by block along the broadcast elements.

    Parameters
    ----------
    formula : callable
        Takes the arrays (one block of each, all of the same one-dimensional shape, or the
        arrays unchanged when one block suffices) and returns an array of their broadcast
        shape; it must treat every element independently of the others.
    arrays : tuple of numpy.ndarray
        Inputs that broadcast together.
    bytes_per_element : float
        Memory the formula's intermediates take per element.
    block_bytes : float, optional
        The budget per block; :data:`BLOCK_BYTES` when not given (read at call time).

    Returns
    -------
    numpy.ndarray
        ``formula`` over all elements, in the broadcast shape.
    """
    budget = BLOCK_BYTES if block_bytes is None else block_bytes
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    size = int(np.prod(shape, dtype=np.int64))
    rows = max(int(budget // max(bytes_per_element, 1.0)), 1)
    if size <= rows:
        return formula(*arrays)
    flat = [np.broadcast_to(a, shape).reshape(-1) for a in arrays]
    result = np.empty(size, dtype=np.float64)
    for start in range(0, size, rows):
        block = slice(start, start + rows)
        result[block] = formula(*(a[block] for a in flat))
    return result.reshape(shape)
