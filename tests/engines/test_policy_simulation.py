"""The policy replay: honest (no look-ahead), correct bookkeeping, real-data check."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from policy import formulas
from policy.simulation import (
    FENCE_WINDOW_DAYS,
    PROFILE_WINDOW_DAYS,
    DemandData,
    PolicySpec,
    Replay,
    RollingForecast,
    SimulationResult,
    SimulationSettings,
    demand_matrix,
    inventory_at_fill_rate,
    round_up_vector,
    winsorised,
)

SHARED = next(
    (
        p / "shared/datasets/italian_pasta_daily"
        for p in Path(__file__).resolve().parents[3:5]
        if (p / "shared/datasets").is_dir()
    ),
    Path(__file__).resolve().parents[3] / "shared/datasets/italian_pasta_daily",
)


def synthetic(days: int = 400, skus: int = 3, seed: int = 1) -> DemandData:
    rng = np.random.default_rng(seed)
    demand = rng.poisson(5.0, size=(days, skus)).astype(float)
    dates = pd.date_range("2020-01-01", periods=days, freq="D")
    return DemandData(demand, dates, tuple(f"S{i}" for i in range(skus)))


def test_vector_rounding_matches_the_scalar_formula():
    raws = np.array([-3.0, 0.0, 0.4, 7.0, 37.0, 48.0, 49.5, 120.2])
    for moq, multiple in [(1, 1), (50, 1), (1, 12), (50, 12)]:
        vector = round_up_vector(raws, np.full(raws.shape, float(moq)), multiple)
        scalar = [
            formulas.round_order_quantity(r, moq, multiple).quantity for r in raws
        ]
        assert vector.tolist() == scalar


def test_demand_matrix_fills_missing_days_with_zero():
    frame = pd.DataFrame(
        {
            "date": ["2024-01-01", "2024-01-03", "2024-01-01"],
            "sku": ["A", "A", "B"],
            "qty": [4, 2, 1],
        }
    )
    data = demand_matrix(frame)
    assert data.skus == ("A", "B")
    assert data.demand.tolist() == [[4, 1], [0, 0], [2, 0]]


def test_forecast_of_constant_demand_is_rate_times_horizon():
    demand = np.full((120, 2), 3.0)
    dates = pd.date_range("2020-01-01", periods=120, freq="D")
    forecast = RollingForecast(demand, dates.weekday.to_numpy())
    assert forecast.cumulative(10)[100].tolist() == pytest.approx([30.0, 30.0])
    assert forecast.actual(10)[100].tolist() == [30.0, 30.0]
    assert np.isnan(forecast.actual(10)[115]).all()


def test_policy_levels_never_look_at_future_demand():
    data = synthetic()
    settings = SimulationSettings(lead_time_days=5, burn_in_days=150, warmup_days=10)
    changed = data.demand.copy()
    changed[251:] *= 10  # a future the policy must not see on day 250
    specs = [
        PolicySpec("service_level", 0.95),
        PolicySpec("simple", 1.0),
        PolicySpec("days_of_cover", 3),
        PolicySpec("lead_time_quantile", 0.95),
    ]
    before = Replay(data, settings, [0.95])
    after = Replay(DemandData(changed, data.dates, data.skus), settings, [0.95])
    for spec in specs:
        rop_a, s_a = before.reorder_levels(spec)
        rop_b, s_b = after.reorder_levels(spec)
        assert np.allclose(rop_a[150:251], rop_b[150:251])
        assert np.allclose(s_a[150:251], s_b[150:251])
        assert not np.allclose(rop_a[251:], rop_b[251:])


def test_constant_demand_is_served_in_full_with_orders_after_the_lead_time():
    demand = np.full((300, 1), 4.0)
    dates = pd.date_range("2020-01-01", periods=300, freq="D")
    data = DemandData(demand, dates, ("A",))
    settings = SimulationSettings(
        lead_time_days=7,
        review_period_days=7,
        burn_in_days=130,
        warmup_days=20,
        moq_days=1,
    )
    result = Replay(data, settings, [0.95]).run(PolicySpec("service_level", 0.95))
    assert result.fill_rate == 1.0
    assert result.stockout_days_pct == 0.0
    # s = 28 (no error), S = 56; an order of 28 every 7 days, lands when
    # stock is 0 at the start of day → on hand at day end between 0 and 24.
    assert 0 < result.avg_on_hand <= 28
    assert result.orders == pytest.approx(result.measured_days / 7, abs=1)


def test_lead_time_quantile_matches_the_formula_and_ignores_a_spike():
    demand = np.full((300, 1), 4.0)
    demand[240, 0] = 200.0  # one promotion day
    dates = pd.date_range("2020-01-01", periods=300, freq="D")
    data = DemandData(demand, dates, ("A",))
    settings = SimulationSettings(lead_time_days=7, burn_in_days=130, warmup_days=20)
    replay = Replay(data, settings, [0.9])
    rop, order_up_to = replay.reorder_levels(PolicySpec("lead_time_quantile", 0.9))
    t = 250  # origins 83 … 243 known; 7 of 161 windows hold the spike
    known = demand[PROFILE_WINDOW_DAYS - 1 + 1 : t + 1, 0]
    totals = np.convolve(known, np.ones(7), "valid")  # every past 7-day total
    expected = float(np.quantile(totals, 0.9))
    assert rop[t, 0] == pytest.approx(expected)
    assert rop[t, 0] == pytest.approx(28.0)
    assert np.allclose(order_up_to - rop, replay.review_demand)
    # with the legacy forecaster the forecast-error family follows the
    # spike-inflated 28-day level; the robust one does not
    legacy = RollingForecast(demand, dates.weekday.to_numpy(), robust=False)
    legacy_replay = Replay(data, settings, [0.9], legacy)
    rop_legacy, _ = legacy_replay.reorder_levels(PolicySpec("service_level", 0.9))
    assert rop_legacy[t, 0] > rop[t, 0] + 40
    rop_errors, _ = replay.reorder_levels(PolicySpec("service_level", 0.9))
    assert rop_errors[t, 0] < rop[t, 0] + 10


def test_robust_forecast_spreads_a_spike_over_a_year():
    demand = np.full((900, 1), 4.0)
    demand[400, 0] = 200.0
    weekdays = pd.date_range("2020-01-01", periods=900, freq="D").weekday.to_numpy()
    robust = RollingForecast(demand, weekdays)
    legacy = RollingForecast(demand, weekdays, robust=False)
    assert legacy.level[410, 0] == pytest.approx(4.0 + 196.0 / 28)
    assert legacy.weights[410].max() > 1.5
    # the day is cut to the fence (4) and its excess counted at 196 / 365 a day
    assert robust.level[399, 0] == pytest.approx(4.0)
    assert robust.level[410, 0] == pytest.approx(4.0 + 196.0 / 365)
    assert robust.level[765, 0] == pytest.approx(4.0)  # a year later
    assert np.allclose(robust.weights[410], 1.0)  # profile of winsorised demand
    # nothing is lost: over the spike's year the level adds up to the demand
    assert robust.level[400:765, 0].sum() == pytest.approx(4.0 * 365 + 196.0)


def test_winsorised_caps_at_the_trailing_tukey_fence():
    rng = np.random.default_rng(0)
    demand = rng.poisson(10.0, size=(200, 2)).astype(float)
    demand[150, 0] = 500.0
    clean = winsorised(demand)
    window = demand[150 - FENCE_WINDOW_DAYS + 1 : 151, 0]
    q1, q3 = np.quantile(window, [0.25, 0.75])
    assert clean[150, 0] == pytest.approx(q3 + 1.5 * (q3 - q1))
    assert (clean <= demand).all()
    assert (clean[:, 1] == demand[:, 1]).mean() > 0.95
    # no look-ahead: changing the future leaves the past caps unchanged
    changed = demand.copy()
    changed[151:] *= 10
    assert np.array_equal(winsorised(changed)[:151], clean[:151])


def test_zero_safety_stock_loses_sales_when_demand_is_noisy():
    data = synthetic(seed=3)
    settings = SimulationSettings(lead_time_days=7, burn_in_days=150, warmup_days=30)
    replay = Replay(data, settings, [0.5, 0.98])
    low = replay.run(PolicySpec("service_level", 0.5))
    high = replay.run(PolicySpec("service_level", 0.98))
    assert low.fill_rate < high.fill_rate
    assert low.avg_on_hand < high.avg_on_hand
    assert high.fill_rate > 0.97


def test_inventory_at_fill_rate_interpolates_and_refuses_to_extrapolate():
    def result(fill, inventory):
        return SimulationResult(
            "p", "service_level", 0, 7, fill, 0, inventory, 0, 0, 1, 1
        )

    results = [result(0.90, 50.0), result(0.96, 80.0), result(0.99, 120.0)]
    assert inventory_at_fill_rate(results, "service_level", 7, 0.95) == pytest.approx(
        75.0
    )
    assert inventory_at_fill_rate(results, "service_level", 7, 0.995) is None
    assert inventory_at_fill_rate(results, "simple", 7, 0.95) is None


@pytest.mark.skipif(not SHARED.exists(), reason="shared dataset not present")
def test_service_level_holds_less_stock_than_the_simple_rule_on_real_data():
    frame = pd.read_csv(SHARED / "sales.csv.gz", usecols=["date", "sku", "qty"])
    frame = frame[frame["sku"].isin([f"B1_{i}" for i in range(1, 21)])]
    replay = Replay(
        demand_matrix(frame),
        SimulationSettings(lead_time_days=14),
        [0.8, 0.9, 0.95, 0.98, 0.99],
    )
    simple = replay.run(PolicySpec("simple", 1.0))
    levels = [
        replay.run(PolicySpec("service_level", p)) for p in (0.8, 0.9, 0.95, 0.98, 0.99)
    ]
    at_same_fill = inventory_at_fill_rate(levels, "service_level", 14, simple.fill_rate)
    assert at_same_fill is not None
    # 8.5 % leaner on these 20 SKUs with the robust forecaster (which also
    # makes the simple rule itself much leaner than the legacy one did)
    assert at_same_fill < 0.95 * simple.avg_on_hand
    quantiles = [
        replay.run(PolicySpec("lead_time_quantile", p))
        for p in (0.8, 0.9, 0.95, 0.98, 0.99)
    ]
    lt_same_fill = inventory_at_fill_rate(
        quantiles, "lead_time_quantile", 14, simple.fill_rate
    )
    assert lt_same_fill is not None
    assert lt_same_fill < 0.9 * simple.avg_on_hand


def test_one_winsorising_definition_for_forecasting_and_simulation():
    """policy.simulation caps with the engine module's function; 1-D, censored day."""
    from forecasting.engine.preprocess import winsorise

    demand = np.array([[2.0, 3.0], [2.0, 3.0], [3.0, 4.0], [2.0, 3.0], [40.0, 3.0]])
    assert np.array_equal(winsorised(demand), winsorise(demand))
    assert np.array_equal(winsorise(demand[:, 0]), winsorised(demand)[:, 0])
    one = np.array([2.0, np.nan, 3.0, 2.0, 2.0, 40.0])
    capped = winsorise(one)
    assert np.isnan(capped[1])  # a censored day stays unknown
    # fence of days 0..5 (NaN skipped): Q1 2, Q3 3 -> 3 + 1.5 x 1 = 4.5
    assert capped[5] == pytest.approx(4.5)
