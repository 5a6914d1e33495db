"""The global LightGBM model: one model across products, no database."""

from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from forecasting.engine import DemandHistory, global_model_names
from forecasting.engine.calendar import CALENDAR_FEATURES, calendar_features
from forecasting.engine.models.base import build_input
from forecasting.engine.models.gbm import FEATURES, GBMSettings, GlobalGBM, _Series
from forecasting.engine.preprocess import prepare_history

AS_OF = date(2024, 6, 30)
SMALL = GBMSettings(origins=30, steps_per_origin=6, num_boost_round=60)


def daily(values, end=AS_OF) -> pd.Series:
    index = pd.date_range(end=pd.Timestamp(end), periods=len(values), freq="D")
    return pd.Series(np.asarray(values, dtype=float), index=index)


def inputs_of(histories, horizon, as_of=AS_OF):
    result = []
    for key, item in histories.items():
        prep = prepare_history(key, item, as_of=as_of, horizon=horizon)
        result.append(build_input(prep, prep.values.size, horizon))
    return result


def test_gbm_is_a_registered_global_model_in_the_default_set():
    from forecasting.engine import EngineConfig

    assert "gbm_global" in global_model_names()
    assert "gbm_global" in EngineConfig().models


def test_features_use_only_the_past_at_each_origin():
    """Changing demand after the cut must not change the cut's feature row."""
    rng = np.random.default_rng(0)
    values = rng.poisson(5, 400).astype(float)
    (series,) = inputs_of({"a": daily(values)}, 30)
    changed = values.copy()
    changed[300:] = 999.0
    (other,) = inputs_of({"a": daily(changed)}, 30)
    cut, step = np.array([300, 300]), np.array([1, 30])
    rows, scale = _Series(series).rows(cut, step)
    rows2, scale2 = _Series(other).rows(cut, step)
    assert rows.shape == (2, len(FEATURES) + len(CALENDAR_FEATURES))
    np.testing.assert_allclose(rows, rows2)
    np.testing.assert_allclose(scale, scale2)


def test_learns_a_weekly_pattern_shared_by_all_products():
    rng = np.random.default_rng(1)
    pattern = np.array([1, 1, 1, 1, 1, 3, 3], dtype=float)  # weekends sell triple
    start = pd.Timestamp(AS_OF) - pd.Timedelta(days=399)
    weekday = (np.arange(400) + start.dayofweek) % 7
    histories = {
        f"p{i}": daily(rng.poisson((2 + i) * pattern[weekday])) for i in range(6)
    }
    outputs = GlobalGBM(SMALL).predict_inputs(inputs_of(histories, 14), 14)
    future_weekday = (np.arange(1, 15) + pd.Timestamp(AS_OF).dayofweek) % 7
    weekend = pattern[future_weekday] > 1
    for point, reason in outputs:
        assert reason is None
        assert point.shape == (14,) and np.all(point >= 0)
        assert point[weekend].mean() > 2.0 * point[~weekend].mean()


def test_lags_line_up_with_the_forecast_weekday():
    """Training cuts sit whole weeks before the forecast's cut. A shop closed on
    Saturdays (censored) that sells nothing on Sundays, forecast on a Monday:
    with cuts one day off, training never saw a zero two days back except in
    a product's dead weeks, so the forecast read Sunday's zero as a dead
    product (the UK file's forecasts ran 73 % low at one origin)."""
    as_of = date(2024, 7, 1)  # a Monday
    rng = np.random.default_rng(4)
    index = pd.date_range(end=pd.Timestamp(as_of), periods=420, freq="D")
    level = np.where(index.dayofweek == 6, 0.0, 10.0)
    closed = pd.Series(index.dayofweek == 5, index=index)
    histories = {}
    for i in range(8):
        values = rng.poisson(level * (1 + i)).astype(float)
        dead = 60 + 30 * i  # six weeks without sales somewhere in the history
        values[dead : dead + 42] = 0.0
        histories[f"p{i}"] = DemandHistory(
            demand=pd.Series(values, index=index), closed=closed
        )
    outputs = GlobalGBM().predict_inputs(inputs_of(histories, 28, as_of), 28)
    ahead = pd.date_range(pd.Timestamp(as_of) + pd.Timedelta(days=1), periods=28)
    weekday = ~ahead.dayofweek.isin([5, 6])
    assert all(reason is None for _, reason in outputs)
    # Monday to Friday sell 10 × (1 + i) a day (with cuts a day off: ~0 %).
    ratios = [p[weekday].mean() / (10.0 * (1 + i)) for i, (p, _) in enumerate(outputs)]
    assert min(ratios) > 0.3
    pooled = sum(p[weekday].sum() for p, _ in outputs) / (
        10.0 * weekday.sum() * sum(1 + i for i in range(8))
    )
    assert pooled == pytest.approx(1.0, abs=0.15)


def test_constant_products_forecast_their_constant():
    histories = {f"p{i}": daily(np.full(300, 4.0 + i)) for i in range(4)}
    outputs = GlobalGBM(SMALL).predict_inputs(inputs_of(histories, 30), 30)
    for i, (point, reason) in enumerate(outputs):
        assert reason is None
        np.testing.assert_allclose(point, 4.0 + i, rtol=0.05)


def test_known_promotions_raise_the_forecast():
    rng = np.random.default_rng(2)
    histories = {}
    for i in range(5):
        promo = (rng.random(430) < 0.2).astype(float)
        demand = rng.poisson(np.where(promo[:400] > 0, 12, 4)).astype(float)
        end = pd.Timestamp(AS_OF) + pd.Timedelta(days=30)
        histories[f"p{i}"] = DemandHistory(demand=daily(demand), promo=daily(promo, end))
    inputs = inputs_of(histories, 30)
    outputs = GlobalGBM(SMALL).predict_inputs(inputs, 30)
    for series, (point, _reason) in zip(inputs, outputs, strict=True):
        on = series.future_promo > 0.5
        assert point[on].mean() > 1.5 * point[~on].mean()


def test_a_failing_fit_falls_back_with_the_reason(monkeypatch):
    def broken(self, series, horizon):
        raise RuntimeError("no trees today")

    monkeypatch.setattr(GlobalGBM, "_train", broken)
    histories = {"a": daily(np.full(100, 3.0))}
    ((point, reason),) = GlobalGBM(SMALL).predict_inputs(inputs_of(histories, 7), 7)
    assert "gbm_global failed: RuntimeError: no trees today" in reason
    assert "used weekday_profile" in reason
    np.testing.assert_allclose(point, 3.0)


def test_too_short_a_history_falls_back_per_product():
    histories = {
        "long": daily(np.full(200, 5.0)),
        "short": daily(np.full(10, 2.0)),
    }
    outputs = GlobalGBM(SMALL).predict_inputs(inputs_of(histories, 7), 7)
    assert outputs[0][1] is None
    assert "needs 28 days" in outputs[1][1]


@pytest.mark.parametrize("objective", ["tweedie", "l2"])
def test_objectives_give_finite_non_negative_forecasts(objective):
    rng = np.random.default_rng(3)
    histories = {f"p{i}": daily(rng.poisson(1.0, 200)) for i in range(3)}
    settings = GBMSettings(origins=10, steps_per_origin=4, num_boost_round=20,
                           objective=objective)
    for point, reason in GlobalGBM(settings).predict_inputs(
        inputs_of(histories, 10), 10
    ):
        assert reason is None and np.all(np.isfinite(point)) and np.all(point >= 0)


def test_korean_calendar_features_know_seollal_chuseok_and_substitute_days():
    start = pd.Timestamp("2025-01-01")
    rows = calendar_features(start, 365)
    column = {name: rows[:, i] for i, name in enumerate(CALENDAR_FEATURES)}

    def day(text):
        return (pd.Timestamp(text) - start).days

    # Seollal 2025 is 29 January (lunar new year); Chuseok 6 October
    assert column["seollal_offset"][day("2025-01-29")] == 0
    assert column["seollal_offset"][day("2025-01-19")] == -10
    assert column["chuseok_offset"][day("2025-10-08")] == 2
    assert column["chuseok_offset"][day("2025-06-01")] == 22  # far away: capped
    assert column["holiday"][day("2025-01-28")] == 1  # the day before Seollal
    assert column["holiday"][day("2025-01-31")] == 0
    assert column["substitute_holiday"][day("2025-10-08")] == 1  # for Chuseok
    assert column["substitute_holiday"][day("2025-10-06")] == 0
    assert column["days_to_holiday"][day("2025-02-26")] == 3  # 1 March
    assert column["days_since_holiday"][day("2025-03-05")] == 2  # substitute 3 March


def _seollal_series(rng, level, end):
    """Daily demand with a gift rush in the 12 days before Seollal and a lull on it."""
    dates = pd.date_range(end=end, periods=1100, freq="D")
    seollal = [pd.Timestamp(d) for d in ("2022-02-01", "2023-01-22", "2024-02-10")]
    factor = np.ones(dates.size)
    for main in seollal:
        offset = (dates - main).days.to_numpy()
        factor[(offset >= -12) & (offset <= -2)] = 3.0
        factor[(offset >= -1) & (offset <= 1)] = 0.3
    return pd.Series(rng.poisson(level * factor).astype(float), index=dates)


def test_global_model_learns_the_seollal_rush_from_the_calendar():
    """Seollal 2025 (29 January) falls 12 days earlier than in 2024: the lunar
    calendar features place the rush; the same days a year before cannot.

    150 weekly training cuts (about three years, three Seollals); with the
    default 60 cuts the model sees one Seollal and learns the rush only weakly.
    """
    rng = np.random.default_rng(4)
    as_of = date(2024, 12, 31)
    histories = {f"p{i}": _seollal_series(rng, 3 + i, as_of) for i in range(12)}
    dates = pd.date_range("2025-01-01", periods=45, freq="D")
    offset = (dates - pd.Timestamp("2025-01-29")).days.to_numpy()
    rush = (offset >= -12) & (offset <= -2)
    normal = offset >= 5
    ratios = {}
    for calendar in (True, False):
        settings = GBMSettings(origins=150, steps_per_origin=12, calendar=calendar)
        outputs = GlobalGBM(settings).predict_inputs(
            inputs_of(histories, 45, as_of), 45
        )
        ratios[calendar] = [p[rush].mean() / p[normal].mean() for p, _ in outputs]
    assert min(ratios[True]) > 2.2  # the true rush is 3x
    assert np.mean(ratios[False]) < np.mean(ratios[True]) - 0.8


def _lumpy_products(count=30, days=400):
    """Products of very different sizes with rare large orders (skewed days)."""
    rng = np.random.default_rng(5)
    histories = {}
    for index in range(count):
        rate = 0.5 * (1 + index)
        base = rng.poisson(rate, days).astype(float)
        orders = rng.random(days) < 0.03
        base[orders] += rng.poisson(20 * rate, orders.sum())
        histories[f"p{index}"] = daily(base)
    return histories


def test_balance_makes_the_fitted_units_sum_to_the_sold_units():
    from forecasting.engine.models.gbm import in_sample_ratio

    inputs = inputs_of(_lumpy_products(), 30)
    plain, balanced = GlobalGBM(SMALL), GlobalGBM(replace(SMALL, balance=True))
    series = [_Series(s) for s in inputs]
    rows = plain.training_rows(series, 30)
    ratio = in_sample_ratio(plain._train(series, 30), *rows)
    assert abs(ratio - 1.0) > 0.01  # the Tweedie fit alone is not balanced
    booster = balanced._train(series, 30)
    assert booster.factor == pytest.approx(ratio)
    fitted = booster.predict(rows[0]) * rows[2]
    assert fitted.sum() == pytest.approx((rows[1] * rows[2]).sum(), rel=1e-9)
    before = np.concatenate([p for p, _ in plain.predict_inputs(inputs, 30)])
    after = np.concatenate([p for p, _ in balanced.predict_inputs(inputs, 30)])
    np.testing.assert_allclose(after, before * ratio, rtol=1e-9)


def test_weighting_by_scale_is_off_by_default_and_changes_the_fit():
    assert not GBMSettings().weight_by_scale and not GBMSettings().balance
    inputs = inputs_of(_lumpy_products(), 30)
    plain = [p for p, _ in GlobalGBM(SMALL).predict_inputs(inputs, 30)]
    weighted = GlobalGBM(replace(SMALL, weight_by_scale=True)).predict_inputs(
        inputs, 30
    )
    assert not np.allclose(np.concatenate(plain), np.concatenate([p for p, _ in weighted]))


def test_recency_weights_halve_every_half_life_and_are_off_by_default():
    assert GBMSettings().recency_halflife_weeks == 0
    inputs = inputs_of(_lumpy_products(count=4), 30)
    series = [_Series(s) for s in inputs]
    *_, flat = GlobalGBM(SMALL).training_rows(series, 30)
    assert np.all(flat == 1.0)
    recent = replace(SMALL, recency_halflife_weeks=4, origin_step_days=7)
    features, _, _, weight = GlobalGBM(recent).training_rows(series, 30)
    assert weight.max() == 1.0  # the newest cut
    # weights take the values 0.5 ** (k / 4) for cuts k weeks older than the newest
    steps = np.log2(1.0 / weight) * 4
    np.testing.assert_allclose(steps, np.round(steps), atol=1e-9)
    assert np.isclose(weight, 0.5).any()  # a cut four weeks back weighs half


def test_the_tweedie_power_reaches_lightgbm():
    inputs = inputs_of(_lumpy_products(count=8), 30)
    low = GlobalGBM(replace(SMALL, tweedie_power=1.1)).predict_inputs(inputs, 30)
    high = GlobalGBM(replace(SMALL, tweedie_power=1.9)).predict_inputs(inputs, 30)
    assert not np.allclose(np.concatenate([p for p, _ in low]), np.concatenate([p for p, _ in high]))
