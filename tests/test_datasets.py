"""Tests of the example data (servicemetrics.datasets)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from servicemetrics import InvalidInputError
from servicemetrics.datasets import ExampleCustomerBase, load_example_customers


class TestLoadExampleCustomers:
    def test_deterministic(self) -> None:
        """The same seed gives the same base; another seed a different one."""
        assert load_example_customers(200, seed=3) == load_example_customers(200, seed=3)
        assert load_example_customers(200, seed=3) != load_example_customers(200, seed=4)

    def test_shapes_and_domains(self) -> None:
        """Every per-customer array has one entry per customer, inside its domain."""
        base = load_example_customers(500, years=5)
        assert isinstance(base, ExampleCustomerBase)
        for name in ("annual_revenue", "gross_margin_rate", "tenure_years", "churned"):
            assert getattr(base, name).shape == (500,)
        assert (base.annual_revenue > 0).all()
        assert ((base.gross_margin_rate >= 0.25) & (base.gross_margin_rate <= 0.45)).all()
        assert ((base.tenure_years >= 0) & (base.tenure_years <= 5)).all()
        assert base.year.shape == base.customers_at_start.shape == (4,)

    def test_counts_are_consistent(self) -> None:
        """Each year's end count is the next year's start count, and new joiners are counted."""
        base = load_example_customers()
        np.testing.assert_array_equal(base.customers_at_end[:-1], base.customers_at_start[1:])
        assert (base.new_customers <= base.customers_at_end).all()
        assert (base.customers_at_end - base.new_customers <= base.customers_at_start).all()

    def test_counts_recover_the_simulated_retention(self) -> None:
        """Pooled retention from the counts is close to the retention the data was drawn with."""
        base = load_example_customers(20_000, seed=1, retention=0.7)
        kept = base.customers_at_end.sum() - base.new_customers.sum()
        assert kept / base.customers_at_start.sum() == pytest.approx(0.7, abs=0.02)

    def test_margin_is_revenue_times_rate(self) -> None:
        """Annual margin is derived, not stored separately."""
        base = load_example_customers(50)
        np.testing.assert_allclose(
            base.annual_margin, base.annual_revenue * base.gross_margin_rate
        )
        np.testing.assert_array_equal(base.active, ~base.churned)

    def test_bad_arguments(self) -> None:
        """Arguments outside their rules are named."""
        with pytest.raises(
            InvalidInputError, match=re.escape("n_customers must be a whole number >= 10; got 5")
        ):
            load_example_customers(5)
        with pytest.raises(
            InvalidInputError, match=re.escape("retention must be in (0, 1); got 1.0")
        ):
            load_example_customers(retention=1.0)
        with pytest.raises(
            InvalidInputError, match=re.escape("years must be a whole number >= 2; got 1")
        ):
            load_example_customers(years=1)
