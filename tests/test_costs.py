"""Tests of servicemetrics.costs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from servicemetrics import (
    InvalidInputError,
    NonFiniteError,
    OutOfRangeError,
    ShapeMismatchError,
    reference,
)
from servicemetrics.costs import (
    BudgetComparison,
    UnitEconomics,
    acquisition_cost,
    acquisition_retention_ratio,
    break_even_retention_gain,
    cac_payback_months,
    clv_change,
    compare_budget,
    customer_equity_change,
    ltv_to_cac,
    retention_cost,
    retention_gain_value,
    unit_economics,
)
from servicemetrics.lifetime_value import clv, retention_elasticity
from tests.strategies import (
    customer_counts,
    discount_rates,
    gross_margin_fractions,
    interior_retention_rates,
    margins,
    positive_money,
    scale_factors,
)


def summed_clv(
    margin: float, retention: float, discount_rate: float, timing: str = "end"
) -> float:
    """Sum the discounted expected margins period by period until they vanish."""
    t = np.arange(1, 20_001, dtype=np.float64)
    ratio = retention / (1.0 + discount_rate)
    exponent = t if timing == "end" else t - 1.0
    return float(np.sum(margin * ratio**exponent))


class TestAcquisitionCost:
    def test_blended_and_paid(self) -> None:
        """Blended CAC divides all spend by all new customers, paid CAC only the paid part."""
        assert acquisition_cost(120_000.0, 1_500) == 80.0
        assert acquisition_cost(90_000.0, 750) == 120.0

    def test_vectorised_over_segments(self) -> None:
        """Segments broadcast like NumPy arrays."""
        np.testing.assert_allclose(acquisition_cost([100.0, 300.0], [4, 5]), [25.0, 60.0])

    def test_fractional_customers(self) -> None:
        """Expected counts need not be whole."""
        assert acquisition_cost(10.0, 2.5) == 4.0

    def test_series_in_series_out(self) -> None:
        """A pandas Series keeps its index."""
        spend = pd.Series([100.0, 300.0], index=["search", "social"])
        result = acquisition_cost(spend, [4, 5])
        assert isinstance(result, pd.Series)
        assert result["social"] == 60.0

    def test_zero_customers(self) -> None:
        """No new customers means the cost per customer does not exist."""
        with pytest.raises(
            OutOfRangeError, match=r"new_customers must be > 0; got 0.0 at index 1"
        ):
            acquisition_cost([50.0, 30.0], [400, 0])

    def test_negative_spend(self) -> None:
        """Spend cannot be negative."""
        with pytest.raises(OutOfRangeError, match=r"spend must be >= 0; got -1.0"):
            acquisition_cost(-1.0, 10)

    def test_nan(self) -> None:
        """NaN is rejected, never propagated."""
        with pytest.raises(NonFiniteError, match=r"new_customers must be finite; got nan"):
            acquisition_cost(1.0, float("nan"))

    def test_shape_mismatch(self) -> None:
        """Shapes that do not broadcast are named."""
        with pytest.raises(ShapeMismatchError, match=r"spend, new_customers must have"):
            acquisition_cost([1.0, 2.0], [1.0, 2.0, 3.0])


class TestRetentionCost:
    def test_hand_computed(self) -> None:
        """36,000 spent to keep 9,000 customers is 4 per customer."""
        assert retention_cost(36_000.0, 9_000) == 4.0

    def test_zero_spend_is_allowed(self) -> None:
        """A firm that spends nothing on retention has a retention cost of 0."""
        assert retention_cost(0.0, 100) == 0.0

    def test_zero_retained(self) -> None:
        """No retained customer is an error that names the parameter."""
        with pytest.raises(OutOfRangeError, match=r"retained_customers must be > 0; got 0.0"):
            retention_cost(10.0, 0)


class TestAcquisitionRetentionRatio:
    def test_hand_computed(self) -> None:
        """80 to win, 25 to keep: 3.2 times."""
        assert acquisition_retention_ratio(80.0, 25.0) == pytest.approx(3.2)

    def test_compared_with_folklore(self) -> None:
        """The rule of thumb is reachable for comparison, with its grade."""
        ratio = acquisition_retention_ratio(80.0, 25.8)
        sentence = reference.ACQUISITION_RETENTION_COST_RATIO.compare(round(ratio, 1))
        assert sentence.startswith("Your value is 3.1, within the reference range 1\N{EN DASH}25")
        assert "folklore" in sentence

    def test_zero_retention_cost(self) -> None:
        """A zero retention cost leaves the ratio undefined."""
        with pytest.raises(OutOfRangeError, match=r"retention_cost must be > 0; got 0.0"):
            acquisition_retention_ratio(80.0, 0.0)

    @given(positive_money, positive_money, scale_factors)
    def test_scale_invariant(self, cac: float, keep: float, k: float) -> None:
        """Multiplying all money by the same factor leaves the ratio unchanged."""
        ratio = acquisition_retention_ratio(cac, keep)
        scaled = acquisition_retention_ratio(
            acquisition_cost(cac * k, 1.0), retention_cost(keep * k, 1.0)
        )
        assert scaled == pytest.approx(ratio, rel=1e-12)


class TestLtvToCac:
    def test_hand_computed(self) -> None:
        """450 of value for 120 of cost is 3.75."""
        assert ltv_to_cac(450.0, 120.0) == 3.75

    def test_negative_ltv_is_allowed(self) -> None:
        """A loss-making customer gives a negative ratio, not an error."""
        assert ltv_to_cac(-60.0, 120.0) == -0.5

    def test_zero_cac(self) -> None:
        """A free customer has no LTV:CAC ratio."""
        with pytest.raises(OutOfRangeError, match=r"cac must be > 0; got 0.0 at index 0"):
            ltv_to_cac(100.0, [0.0, 1.0])

    @given(positive_money, positive_money, scale_factors)
    def test_scale_invariant(self, ltv: float, cac: float, k: float) -> None:
        """Multiplying all money by the same factor leaves the ratio unchanged."""
        assert ltv_to_cac(ltv * k, cac * k) == pytest.approx(ltv_to_cac(ltv, cac), rel=1e-12)


class TestCacPaybackMonths:
    def test_hand_computed(self) -> None:
        """120 of CAC at 25 a month and 80% gross margin takes 120 / 20 = 6 months."""
        assert cac_payback_months(120.0, 25.0, 0.8) == 6.0

    def test_not_rounded_to_whole_months(self) -> None:
        """Payback is a continuous number of months."""
        assert cac_payback_months(100.0, 40.0, 0.5) == 5.0
        assert cac_payback_months(110.0, 40.0, 0.5) == 5.5

    def test_unprofitable_is_inf(self) -> None:
        """Zero or negative monthly margin never repays the cost: inf by default."""
        result = cac_payback_months(120.0, [25.0, 25.0, 0.0], [0.8, -0.1, 0.8])
        np.testing.assert_array_equal(result, [6.0, np.inf, np.inf])
        assert cac_payback_months(120.0, 25.0, 0.0) == math.inf

    def test_unprofitable_raise(self) -> None:
        """With unprofitable='raise', the first unprofitable segment is reported."""
        with pytest.raises(
            InvalidInputError,
            match=(
                r"monthly_revenue \* gross_margin must be > 0 when unprofitable='raise' "
                r"\(the cost is never repaid\); got -2.5 at index 1"
            ),
        ):
            cac_payback_months(120.0, 25.0, [0.8, -0.1], unprofitable="raise")

    def test_free_customer_pays_back_at_once(self) -> None:
        """Nothing to repay means 0 months, whatever the margin."""
        np.testing.assert_array_equal(cac_payback_months(0.0, [25.0, 0.0], 0.8), [0.0, 0.0])
        assert cac_payback_months(0.0, 25.0, -0.5, unprofitable="raise") == 0.0

    def test_unknown_option(self) -> None:
        """The option is checked."""
        with pytest.raises(InvalidInputError, match=r"unprofitable must be one of 'inf', 'raise'"):
            cac_payback_months(1.0, 1.0, 0.5, unprofitable="nan")  # type: ignore[arg-type]

    def test_gross_margin_above_one(self) -> None:
        """A margin above 100% of revenue is an input error."""
        with pytest.raises(OutOfRangeError, match=r"gross_margin must be <= 1; got 1.5"):
            cac_payback_months(1.0, 1.0, 1.5)

    @given(positive_money, positive_money, gross_margin_fractions, gross_margin_fractions)
    def test_decreases_as_margin_rises(
        self, cac: float, revenue: float, low: float, high: float
    ) -> None:
        """A higher gross margin never lengthens the payback."""
        low, high = sorted((low, high))
        assert cac_payback_months(cac, revenue, high) <= cac_payback_months(cac, revenue, low)

    @given(positive_money, positive_money, gross_margin_fractions, scale_factors)
    def test_scale_invariant(self, cac: float, revenue: float, margin: float, k: float) -> None:
        """Months do not depend on the currency."""
        assert cac_payback_months(cac * k, revenue * k, margin) == pytest.approx(
            cac_payback_months(cac, revenue, margin), rel=1e-12
        )


class TestClvChange:
    def test_against_period_sum(self) -> None:
        """The closed form agrees with summing the discounted margins."""
        for gain in (-0.01, 0.009, 0.05):
            expected = summed_clv(1.0, 0.9 + gain, 0.12) / summed_clv(1.0, 0.9, 0.12) - 1.0
            assert clv_change(0.9, gain, 0.12) == pytest.approx(expected, rel=1e-9)
        expected = summed_clv(1.0, 0.85, 0.1, "start") / summed_clv(1.0, 0.8, 0.1, "start") - 1.0
        assert clv_change(0.8, 0.05, 0.1, timing="start") == pytest.approx(expected, rel=1e-9)

    def test_gls_one_percent_retention_is_about_five_percent(self) -> None:
        """Gupta, Lehmann & Stuart (2004): 1% better retention adds about 5% to value."""
        # r = 0.9, i = 0.12: 1% of retention is 0.009 points; (1+i)/(1+i-r) = 1.12/0.22 = 5.09.
        change = clv_change(0.9, 0.009, 0.12)
        assert change == pytest.approx(1.12 * 0.009 / (0.9 * (1.12 - 0.909)), rel=1e-12)
        assert 0.045 < change < 0.055
        assert reference.RETENTION_VALUE_ELASTICITY.contains(100 * change)

    def test_small_gain_gives_the_gls_elasticity(self) -> None:
        """Per relative unit of retention, a tiny gain tends to (1+i)/(1+i-r)."""
        r, i, relative = 0.9, 0.12, 1e-7
        per_unit = clv_change(r, relative * r, i) / relative
        assert per_unit == pytest.approx((1 + i) / (1 + i - r), rel=1e-6)

    @given(interior_retention_rates, discount_rates, st.sampled_from(["end", "start"]))
    def test_elasticity_is_the_limit(self, r: float, i: float, timing: str) -> None:
        """clv_change / (Δr / r) tends to lifetime_value.retention_elasticity."""
        relative = 1e-6
        per_unit = clv_change(r, relative * r, i, timing=timing) / relative  # type: ignore[arg-type]
        elasticity = retention_elasticity(r, i, timing=timing)  # type: ignore[arg-type]
        assert per_unit == pytest.approx(elasticity, rel=1e-4)

    @given(
        interior_retention_rates,
        st.floats(-0.04, 0.09, allow_subnormal=False),
        discount_rates,
        st.sampled_from(["end", "start"]),
    )
    def test_matches_ratio_of_clvs(self, r: float, gain: float, i: float, timing: str) -> None:
        """The relative change is CLV(r + Δr) / CLV(r) - 1 computed by lifetime_value.clv."""
        expected = clv(1.0, r + gain, i, timing=timing) / clv(1.0, r, i, timing=timing) - 1.0  # type: ignore[arg-type]
        result = clv_change(r, gain, i, timing=timing)  # type: ignore[arg-type]
        assert result == pytest.approx(expected, rel=1e-9, abs=1e-12)

    def test_growth(self) -> None:
        """Margin growth enters through r(1+g); checked against lifetime_value.clv."""
        expected = clv(1.0, 0.85, 0.1, growth=0.05) / clv(1.0, 0.8, 0.1, growth=0.05) - 1.0
        assert clv_change(0.8, 0.05, 0.1, growth=0.05) == pytest.approx(expected, rel=1e-12)

    def test_new_retention_out_of_range(self) -> None:
        """The gain may not take retention to 1 or below 0."""
        with pytest.raises(
            InvalidInputError,
            match=r"retention_gain must keep retention \+ retention_gain in \(0, 1\); got 0.2",
        ):
            clv_change(0.8, [0.1, 0.2], 0.1)

    def test_divergence_after_the_gain(self) -> None:
        """The infinite sum must converge at the new retention too."""
        with pytest.raises(InvalidInputError, match=r"growth must satisfy retention"):
            clv_change(0.9, 0.05, 0.1, growth=0.16)


class TestRetentionGainValue:
    def test_hand_computed(self) -> None:
        """10,000 customers, margin 20, retention 0.95 → 0.96 at 1%: 10⁴·20·(0.96/0.05 − 0.95/0.06)."""
        expected = 10_000 * 20 * (0.96 / 0.05 - 0.95 / 0.06)
        assert retention_gain_value(10_000, 20.0, 0.95, 0.01, 0.01) == pytest.approx(expected)

    def test_against_period_sum(self) -> None:
        """Both timings agree with summing the margins."""
        for timing in ("end", "start"):
            expected = 50 * (
                summed_clv(30.0, 0.75, 0.05, timing) - summed_clv(30.0, 0.7, 0.05, timing)
            )
            result = retention_gain_value(50, 30.0, 0.7, 0.05, 0.05, timing=timing)
            assert result == pytest.approx(expected, rel=1e-9)

    @given(
        customer_counts,
        margins,
        interior_retention_rates,
        st.floats(-0.04, 0.09, allow_subnormal=False),
        discount_rates,
    )
    def test_matches_difference_of_clvs(
        self, n: float, m: float, r: float, gain: float, i: float
    ) -> None:
        """n [CLV(r + Δr) - CLV(r)] from lifetime_value.clv."""
        expected = n * (clv(m, r + gain, i) - clv(m, r, i))
        result = retention_gain_value(n, m, r, gain, i)
        assert result == pytest.approx(expected, rel=1e-8, abs=1e-9 * n * m)

    def test_broadcast_check_covers_every_argument(self) -> None:
        """Customers and discount rates that clash are reported, not left to NumPy."""
        with pytest.raises(ShapeMismatchError, match="customers, margin, retention"):
            retention_gain_value([1.0, 2.0], 10.0, 0.8, 0.01, [0.1, 0.1, 0.1])


class TestCustomerEquityChange:
    def test_hand_computed(self) -> None:
        """Two segments, each one point better: value-weighted by the period sums."""
        before = 8_000 * summed_clv(10.0, 0.8, 0.01) + 2_000 * summed_clv(40.0, 0.95, 0.01)
        after = 8_000 * summed_clv(10.0, 0.81, 0.01) + 2_000 * summed_clv(40.0, 0.96, 0.01)
        result = customer_equity_change([8_000, 2_000], [10.0, 40.0], [0.8, 0.95], 0.01, 0.01)
        assert result == pytest.approx(after / before - 1.0, rel=1e-9)

    def test_one_segment_is_clv_change(self) -> None:
        """A base of one segment changes like one customer."""
        assert customer_equity_change([500], [12.0], [0.7], 0.03, 0.02) == pytest.approx(
            clv_change(0.7, 0.03, 0.02), rel=1e-12
        )

    def test_scenarios_on_leading_axes(self) -> None:
        """Scenarios of gains broadcast against the segments."""
        result = customer_equity_change([100, 100], [10.0, 10.0], [0.5, 0.8], [[0.0], [0.01]], 0.1)
        assert result.shape == (2,)
        assert result[0] == 0.0
        assert result[1] > 0.0

    def test_empty_base(self) -> None:
        """A base with no customers has no equity to change."""
        with pytest.raises(InvalidInputError, match=r"customers must not all be 0 in a base"):
            customer_equity_change([0, 0], [10.0, 20.0], 0.8, 0.01, 0.1)

    def test_margin_must_be_positive(self) -> None:
        """A relative change of a loss-making base is not defined."""
        with pytest.raises(OutOfRangeError, match=r"margin must be > 0; got -1.0 at index 1"):
            customer_equity_change([10, 10], [10.0, -1.0], 0.8, 0.01, 0.1)


class TestBreakEvenRetentionGain:
    def test_hand_computed(self) -> None:
        """s A² / (n m D + s A h) with A = 1.01 - 0.95."""
        expected = 1e5 * 0.06**2 / (1e4 * 20 * 1.01 + 1e5 * 0.06)
        gain = break_even_retention_gain(100_000.0, 10_000, 20.0, 0.95, 0.01)
        assert gain == pytest.approx(expected, rel=1e-12)
        assert gain == pytest.approx(0.0017308, abs=1e-7)

    def test_by_bisection(self) -> None:
        """An independent root search on the period sums finds the same gain."""
        base = summed_clv(20.0, 0.95, 0.01, "start")
        low, high = 0.0, 0.04
        for _ in range(60):
            middle = (low + high) / 2
            if 10_000 * (summed_clv(20.0, 0.95 + middle, 0.01, "start") - base) < 1e5:
                low = middle
            else:
                high = middle
        gain = break_even_retention_gain(1e5, 10_000, 20.0, 0.95, 0.01, timing="start")
        assert gain == pytest.approx(low, rel=1e-9)

    def test_zero_spend_needs_no_gain(self) -> None:
        """Spending nothing is repaid by no gain at all."""
        assert break_even_retention_gain(0.0, 100, 10.0, 0.8, 0.1) == 0.0

    def test_unattainable_is_inf(self) -> None:
        """When only retention of 1 or more would repay the spend, the answer is inf."""
        result = break_even_retention_gain([1e5, 1e9], 10_000, 20.0, 0.95, 0.01)
        assert np.isfinite(result[0])
        assert result[1] == math.inf

    @given(
        positive_money,
        customer_counts,
        margins,
        interior_retention_rates,
        discount_rates,
        st.sampled_from(["end", "start"]),
    )
    def test_round_trip(
        self, spend: float, n: float, m: float, r: float, i: float, timing: str
    ) -> None:
        """The break-even gain times its value gives back the spend."""
        gain = break_even_retention_gain(spend, n, m, r, i, timing=timing)  # type: ignore[arg-type]
        # Near retention 1 the value is ill-conditioned in the gain; stay where it is not.
        assume(gain > 0.0 and r + gain <= 0.99)
        value = retention_gain_value(n, m, r, gain, i, timing=timing)  # type: ignore[arg-type]
        assert value == pytest.approx(spend, rel=1e-9)

    @given(positive_money, customer_counts, margins, interior_retention_rates, scale_factors)
    def test_scale_invariant(self, spend: float, n: float, m: float, r: float, k: float) -> None:
        """Spend and margin in another currency need the same gain."""
        gain = break_even_retention_gain(spend, n, m, r, 0.05)
        assume(math.isfinite(gain))
        scaled = break_even_retention_gain(spend * k, n, m * k, r, 0.05)
        assert scaled == pytest.approx(gain, rel=1e-9)

    def test_margin_must_be_positive(self) -> None:
        """A customer who loses money is not worth keeping longer."""
        with pytest.raises(OutOfRangeError, match=r"margin must be > 0; got 0.0"):
            break_even_retention_gain(100.0, 10, 0.0, 0.8, 0.1)


class TestUnitEconomics:
    def test_hand_computed(self) -> None:
        """Every field from the raw counts: CAC 80, retention cost 4, CLV 20·0.95/0.06."""
        result = unit_economics(120_000.0, 1_500, 36_000.0, 9_000, 25.0, 0.8, 0.95, 0.01)
        assert isinstance(result, UnitEconomics)
        assert result.cac == 80.0
        assert result.retention_cost == 4.0
        assert result.acquisition_retention_ratio == 20.0
        assert result.clv == pytest.approx(20 * 0.95 / 0.06)
        assert result.ltv_to_cac == pytest.approx(20 * 0.95 / 0.06 / 80)
        assert result.payback_months == 4.0

    def test_vectorised_over_segments(self) -> None:
        """Segments broadcast; an unprofitable segment gets an infinite payback."""
        result = unit_economics(
            [100.0, 100.0], [2, 4], 10.0, 5, [10.0, 10.0], [0.5, -0.2], 0.5, 0.0
        )
        np.testing.assert_array_equal(result.cac, [50.0, 25.0])
        np.testing.assert_array_equal(result.retention_cost, [2.0, 2.0])
        np.testing.assert_array_equal(result.payback_months, [10.0, np.inf])
        np.testing.assert_allclose(result.clv, [5.0, -2.0])  # m r / (1 - r) with r = 0.5

    def test_result_is_frozen_and_displays(self) -> None:
        """The bundle is a value with a dict form and an HTML table."""
        result = unit_economics(120_000.0, 1_500, 36_000.0, 9_000, 25.0, 0.8, 0.95, 0.01)
        assert result.to_dict()["cac"] == 80.0
        assert "Unit economics" in result._repr_html_()
        with pytest.raises(AttributeError):
            result.cac = 1.0  # type: ignore[misc]
        segments = unit_economics(1.0, [1, 2], 1.0, 1, 10.0, 0.5, 0.9, 0.01)
        with pytest.raises(ValueError, match="read-only"):
            segments.clv[0] = 0.0

    def test_scalars_in_floats_out(self) -> None:
        """Scalar inputs give float fields, array inputs read-only arrays; equality is by value."""
        scalar = unit_economics(120_000.0, 1_500, 36_000.0, 9_000, 25.0, 0.8, 0.95, 0.01)
        assert type(scalar.cac) is float
        segments = unit_economics(
            120_000.0, [1_500, 1_000], 36_000.0, 9_000, 25.0, 0.8, 0.95, 0.01
        )
        assert isinstance(segments.cac, np.ndarray)
        assert isinstance(segments.clv, np.ndarray)
        assert segments.clv.shape == (2,)
        assert segments == unit_economics(
            120_000.0, [1_500, 1_000], 36_000.0, 9_000, 25.0, 0.8, 0.95, 0.01
        )
        assert segments != unit_economics(
            120_000.0, [1_500, 1_001], 36_000.0, 9_000, 25.0, 0.8, 0.95, 0.01
        )
        assert scalar != segments

    def test_compare_ratio(self) -> None:
        """The ratio is compared with the folklore range, named as folklore."""
        result = unit_economics(
            [120_000.0, 90_000.0], [1_500, 300], 36_000.0, 9_000, 25.0, 0.8, 0.95, 0.01
        )
        sentences = result.compare_ratio()
        assert sentences[0].startswith(
            "Your value is 20, within the reference range 1\N{EN DASH}25"
        )
        assert sentences[1].startswith(
            "Your value is 75, above the reference range 1\N{EN DASH}25"
        )
        assert all("folklore: Gallo, HBR 2014" in s for s in sentences)

    @given(positive_money, positive_money, positive_money, gross_margin_fractions, scale_factors)
    def test_ratios_scale_invariant(
        self, acquire: float, keep: float, revenue: float, margin: float, k: float
    ) -> None:
        """Every ratio and the payback are the same in any currency; costs and CLV scale."""
        base = unit_economics(acquire, 10, keep, 100, revenue, margin, 0.9, 0.01)
        scaled = unit_economics(acquire * k, 10, keep * k, 100, revenue * k, margin, 0.9, 0.01)
        for name in ("acquisition_retention_ratio", "ltv_to_cac", "payback_months"):
            assert float(getattr(scaled, name)) == pytest.approx(
                float(getattr(base, name)), rel=1e-9
            )
        assert float(scaled.clv) == pytest.approx(k * float(base.clv), rel=1e-9)

    def test_errors_name_the_monthly_parameters(self) -> None:
        """Validation speaks of the arguments as the caller named them."""
        with pytest.raises(OutOfRangeError, match=r"monthly_retention must be in \[0, 1\)"):
            unit_economics(1.0, 1, 1.0, 1, 10.0, 0.5, 1.2, 0.01)
        with pytest.raises(OutOfRangeError, match=r"retention_spend must be > 0; got 0.0"):
            unit_economics(1.0, 1, 0.0, 1, 10.0, 0.5, 0.9, 0.01)
        with pytest.raises(ShapeMismatchError, match=r"acquisition_spend, new_customers"):
            unit_economics([1.0, 2.0], [1, 2, 3], 1.0, 1, 10.0, 0.5, 0.9, 0.01)


class TestCompareBudget:
    def test_hand_computed(self) -> None:
        """125 customers won at 80 versus 200 kept at 50, each net of the 10,000 budget."""
        result = compare_budget(10_000.0, 80.0, 316.67, 50.0, 250.0)
        assert isinstance(result, BudgetComparison)
        assert result.customers_won == 125.0
        assert result.customers_kept == 200.0
        assert result.acquisition_value == pytest.approx(125 * 316.67 - 10_000)
        assert result.retention_value == pytest.approx(200 * 250 - 10_000)
        assert result.better == "retention"
        assert type(result.acquisition_value) is float

    def test_value_per_unit_of_money_decides(self) -> None:
        """Retention wins when CLV_kept / cost_kept beats CLV_new / CAC, whatever the cost ratio."""
        # Keeping costs 4x less than winning, but a kept customer is worth 5x less: acquisition.
        result = compare_budget(1_000.0, 100.0, 500.0, 25.0, 100.0)
        assert str(result.better) == "acquisition"
        assert result.acquisition_value == pytest.approx(4_000.0)
        assert result.retention_value == pytest.approx(3_000.0)

    def test_tie(self) -> None:
        """Equal values are reported as a tie."""
        assert str(compare_budget(100.0, 10.0, 50.0, 20.0, 100.0).better) == "either"
        assert str(compare_budget(0.0, 10.0, 50.0, 20.0, 300.0).better) == "either"

    def test_scenarios(self) -> None:
        """Every argument broadcasts over scenarios."""
        result = compare_budget(10_000.0, 80.0, 316.67, [50.0, 63.0, 64.0], 250.0)
        assert result.better.tolist() == ["retention", "retention", "acquisition"]
        assert result.budget.shape == (3,)
        assert result.to_dict()["better"] == ["retention", "retention", "acquisition"]

    @given(positive_money, positive_money, positive_money, positive_money, positive_money)
    def test_acquisition_when_retention_cost_explodes(
        self, budget: float, cac: float, v_new: float, c_kept: float, v_kept: float
    ) -> None:
        """As the cost of keeping a customer grows without bound, acquisition wins."""
        assert str(compare_budget(budget, cac, v_new, 1e300, v_kept).better) == "acquisition"

    @given(positive_money, positive_money, positive_money, positive_money, positive_money)
    def test_retention_when_cac_explodes(
        self, budget: float, cac: float, v_new: float, c_kept: float, v_kept: float
    ) -> None:
        """As CAC grows without bound, retention wins."""
        assert str(compare_budget(budget, 1e300, v_new, c_kept, v_kept).better) == "retention"

    @given(
        positive_money,
        positive_money,
        positive_money,
        positive_money,
        positive_money,
        scale_factors,
    )
    def test_choice_scale_invariant(
        self, budget: float, cac: float, v_new: float, c_kept: float, v_kept: float, k: float
    ) -> None:
        """The choice does not depend on the currency, and values scale with it."""
        base = compare_budget(budget, cac, v_new, c_kept, v_kept)
        scaled = compare_budget(budget * k, cac * k, v_new * k, c_kept * k, v_kept * k)
        gross_a, gross_r = budget * v_new / cac, budget * v_kept / c_kept
        assume(abs(gross_a - gross_r) > 1e-9 * max(gross_a, gross_r))
        assert str(scaled.better) == str(base.better)
        assert float(scaled.acquisition_value) == pytest.approx(
            k * float(base.acquisition_value), rel=1e-9, abs=1e-9 * k * (budget + gross_a)
        )

    def test_errors(self) -> None:
        """Negative budgets and free customers are input errors."""
        with pytest.raises(OutOfRangeError, match=r"budget must be >= 0; got -1.0"):
            compare_budget(-1.0, 80.0, 300.0, 50.0, 250.0)
        with pytest.raises(OutOfRangeError, match=r"cost_per_customer_kept must be > 0"):
            compare_budget(1.0, 80.0, 300.0, 0.0, 250.0)
        with pytest.raises(ShapeMismatchError, match=r"budget, cac, new_customer_value"):
            compare_budget([1.0, 2.0], [80.0, 90.0, 100.0], 300.0, 50.0, 250.0)
