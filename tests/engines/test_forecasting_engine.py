"""Behaviour of the pure forecasting engine on synthetic series (no database)."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from forecasting.engine import DemandHistory, EngineConfig, forecast_products, get_model
from forecasting.engine.backtest import series_metrics
from forecasting.engine.models.base import Forecaster, SeriesInput

AS_OF = date(2024, 6, 30)
FAST = EngineConfig(
    models=(
        "moving_average",
        "ses",
        "weekday_profile",
        "croston_sba",
        "tsb",
        "seasonal_naive",
    )
)


def daily(values, end=AS_OF) -> pd.Series:
    index = pd.date_range(end=pd.Timestamp(end), periods=len(values), freq="D")
    return pd.Series(np.asarray(values, dtype=float), index=index)


def poisson(level, days, seed=1):
    return np.random.default_rng(seed).poisson(level, days).astype(float)


def test_constant_series_forecasts_the_constant():
    result = forecast_products(
        {"flat": daily([5.0] * 200)}, as_of=AS_OF, horizon=30, config=FAST
    )["flat"]
    assert result.point.shape == (30,)
    assert np.allclose(result.point, 5.0, atol=1e-6)
    assert result.totals[30] == pytest.approx(150.0)


def test_intermittent_series_gets_an_intermittent_class():
    rng = np.random.default_rng(3)
    values = np.where(rng.random(300) < 0.15, rng.integers(1, 3, 300), 0)
    values[0] = 1  # first sale on day one
    result = forecast_products(
        {"slow": daily(values)}, as_of=AS_OF, horizon=30, config=FAST
    )["slow"]
    assert result.demand_class in ("intermittent", "lumpy")
    assert 0 < result.point.mean() < 1


def test_censored_stock_out_days_do_not_pull_the_forecast_down():
    values = poisson(10, 200)
    zeros = values.copy()
    zeros[-25:] = 0.0
    censored = pd.Series(False, index=daily(values).index)
    censored.iloc[-25:] = True
    histories = {
        "censored": DemandHistory(demand=daily(zeros), censored=censored),
        "zeros": daily(zeros),
    }
    # Level models that follow a real drop (Croston keeps its level over zeros).
    adaptive = EngineConfig(models=("moving_average", "ses", "weekday_profile"))
    result = forecast_products(histories, as_of=AS_OF, horizon=30, config=adaptive)
    assert result["censored"].point.mean() > 8
    assert result["censored"].point.mean() > result["zeros"].point.mean() + 3


def test_closed_days_are_censored_behind_and_forecast_at_zero_ahead():
    """A shop shut every Sunday: its open days carry the week's demand. Known
    closures keep the open-day level (not pulled down by the Sunday zeros) and
    put 0 on the Sundays ahead, so the week's total is not inflated either."""
    index = pd.date_range(end=pd.Timestamp(AS_OF), periods=280, freq="D")
    sunday = index.dayofweek == 6
    values = np.where(sunday, 0.0, poisson(12, 280, seed=5))
    ahead = pd.date_range(index[0], periods=280 + 30, freq="D")
    closed = pd.Series(ahead.dayofweek == 6, index=ahead)
    histories = {
        "closed": DemandHistory(demand=daily(values), closed=closed),
        "zeros": daily(values),
    }
    level = EngineConfig(models=("moving_average", "ses", "croston_sba"))
    result = forecast_products(histories, as_of=AS_OF, horizon=30, config=level)
    known = result["closed"]
    shut = (known.dates.dayofweek == 6)
    assert shut.sum() == 4
    assert np.all(known.point[shut] == 0.0)
    assert all(np.all(q[shut] == 0.0) for q in known.quantiles.values())
    assert 10.5 < known.point[~shut].mean() < 13.5  # the open-day level, ~12
    # Without the closures the flat models spread 6 days' sales over 7.
    assert result["zeros"].point[~shut].mean() < known.point[~shut].mean() - 1
    assert known.totals[30] == pytest.approx(known.point[~shut].sum())
    # The same closures as censored days only (not known ahead) forecast Sundays.
    censored = DemandHistory(demand=daily(values), censored=closed[closed.index <= index[-1]])
    only = forecast_products({"c": censored}, as_of=AS_OF, horizon=30, config=level)["c"]
    assert np.all(only.point[shut] > 5)


def test_quantiles_are_monotone_and_non_negative():
    histories = {f"p{i}": daily(poisson(1 + 3 * i, 250, seed=i)) for i in range(4)}
    results = forecast_products(histories, as_of=AS_OF, horizon=90, config=FAST)
    for product in results.values():
        levels = sorted(product.quantiles)
        assert levels == [0.5, 0.8, 0.9, 0.95, 0.98]
        for low, high in zip(levels, levels[1:], strict=False):
            assert np.all(product.quantiles[high] >= product.quantiles[low])
            assert np.all(
                product.cumulative_quantiles[high] >= product.cumulative_quantiles[low]
            )
        for q in levels:
            assert np.all(product.quantiles[q] >= 0)
            assert np.all(np.diff(product.cumulative_quantiles[q]) >= -1e-9)
        assert product.total_quantiles[90][0.9] >= product.totals[90] * 0.9


class _Broken(Forecaster):
    name = "broken"
    fallback = "moving_average"

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        raise RuntimeError("solver diverged")


def test_failing_model_falls_back_and_records_the_reason():
    result = _Broken().fit_predict(daily([4.0] * 60), 14, as_of=AS_OF)
    assert "broken failed: RuntimeError: solver diverged" in result.fallback_reason
    assert "used moving_average" in result.fallback_reason
    assert np.allclose(result.point, 4.0)


def test_model_with_too_little_history_falls_back():
    result = get_model("ets").fit_predict(daily([3.0, 4.0] * 5), 7, as_of=AS_OF)
    assert "needs" in result.fallback_reason
    assert result.point.shape == (7,)


def test_cold_start_uses_the_callers_expected_demand():
    history = DemandHistory(demand=daily([2.0, 0.0, 1.0]), expected_daily_demand=4.0)
    result = forecast_products({"new": history}, as_of=AS_OF, horizon=30)["new"]
    assert result.method == "cold start: caller's expected demand"
    assert np.allclose(result.point, 4.0)
    assert result.demand_class == "cold_start"


def test_known_promotions_raise_the_forecast_on_promo_days():
    rng = np.random.default_rng(5)
    promo_flags = (rng.random(330) < 0.2).astype(float)
    values = rng.poisson(np.where(promo_flags[:300] > 0, 12, 4)).astype(float)
    promo = daily(promo_flags, end=pd.Timestamp(AS_OF) + pd.Timedelta(days=30))
    history = DemandHistory(demand=daily(values), promo=promo)
    result = forecast_products({"p": history}, as_of=AS_OF, horizon=30, config=FAST)[
        "p"
    ]
    future = promo_flags[300:] > 0
    assert result.promo_uplift == pytest.approx(3.0, rel=0.25)
    assert result.point[future].mean() > 2 * result.point[~future].mean()


def test_ensemble_reports_method_members_and_backtest_metrics():
    histories = {f"p{i}": daily(poisson(5, 240, seed=10 + i)) for i in range(3)}
    product = forecast_products(histories, as_of=AS_OF, horizon=60, config=FAST)["p0"]
    assert product.members and set(product.members) <= set(FAST.models)
    assert product.method
    for model in (*product.members, "ensemble"):
        assert {"wape", "mase", "rmsse", "bias", "pinball"} <= set(
            product.backtest_metrics[model]
        )
    assert set(product.totals) == {30, 60}


def test_pinball_scores_the_median_and_the_p90_of_every_model():
    from forecasting.engine import metrics
    from forecasting.engine.backtest import Backtest, series_metrics

    backtest = Backtest(offsets=(30,), score_horizon=4)
    backtest.actuals[30] = {"a": np.array([0.0, 10.0, 2.0, 4.0])}
    backtest.scales[30] = {"a": (1.0, 1.0)}
    backtest.upper_shifts[30] = {"a": 3.0}
    forecast = {30: {"a": np.full(4, 4.0)}}
    plain = series_metrics(backtest, forecast, "a")
    assert "pinball" not in plain  # the ranking loop skips it
    scored = series_metrics(backtest, forecast, "a", with_pinball=True)
    # P50: mean(0.5·|a − 4|) = 0.5·(4 + 6 + 2 + 0)/4 = 1.5
    # P90 at 7: a − q = −7, 3, −5, −3 → 0.1·7, 0.9·3, 0.1·5, 0.1·3 → mean 1.05
    assert scored["pinball"] == pytest.approx((1.5 + 1.05) / 2)
    assert metrics.naive_error_shift(np.arange(10.0), 0.9) == 0.0  # too short


@pytest.mark.parametrize(
    "name", ["ets", "theta", "seasonal_es", "arima", "adida", "imapa"]
)
def test_statistical_models_share_one_signature(name):
    result = get_model(name).fit_predict(daily(poisson(6, 120)), 21, as_of=AS_OF)
    assert result.point.shape == (21,)
    assert np.all(np.isfinite(result.point)) and np.all(result.point >= 0)
    assert result.fallback_reason is None


def _synthetic_backtest(errors):
    """Backtest with given per-(model, product, origin) constant errors on level 10."""
    from forecasting.engine.backtest import Backtest

    offsets = (90, 60, 30)
    backtest = Backtest(offsets=offsets, score_horizon=7)
    for offset in offsets:
        backtest.actuals[offset] = {}
        backtest.scales[offset] = {}
        for (model, key, o), error in errors.items():
            if o != offset:
                continue
            backtest.actuals[offset][key] = np.full(7, 10.0)
            backtest.scales[offset][key] = (1.0, 1.0)
            forecasts = backtest.forecasts.setdefault(model, {}).setdefault(offset, {})
            forecasts[key] = np.full(7, 10.0 + error)
    return backtest


def test_cross_validation_pools_the_ranking_when_one_model_is_best_everywhere():
    from forecasting.engine import ensemble

    rng = np.random.default_rng(5)
    errors = {}
    for i in range(20):
        for o in (90, 60, 30):
            errors[("good", f"p{i}", o)] = 1.0
            # usually far worse, sometimes luckily better: per-product picks flip
            errors[("noisy", f"p{i}", o)] = 0.2 if rng.random() < 0.3 else 4.0
    backtest = _synthetic_backtest(errors)
    names = ["noisy", "good"]
    assert ensemble.pooled_ranking(backtest, names, (90, 60, 30)) == ["good", "noisy"]
    chosen = ensemble.choose_combination(backtest, names, "median")
    assert chosen.scope == "pooled" and chosen.k == 1
    assert chosen.describe(["good"]) == "best single model across products (good)"


def test_cross_validation_keeps_per_product_ranking_when_products_differ():
    from forecasting.engine import ensemble

    errors = {}
    for i in range(20):
        best, other = ("a", "b") if i % 2 else ("b", "a")
        for o in (90, 60, 30):
            errors[(best, f"p{i}", o)] = 0.5
            errors[(other, f"p{i}", o)] = 3.0 + 0.1 * (i % 3)
    backtest = _synthetic_backtest(errors)
    chosen = ensemble.choose_combination(backtest, ["a", "b"], "median")
    assert chosen.scope == "product" and chosen.k == 1


def test_ranking_scores_every_origin_on_its_own():
    """A lagging model whose errors cancel over origins must not win the ranking.

    ``lagging`` is 3 units off at every origin, once above and once below: pooled
    over origins its bias vanishes and it would rank first. ``close`` is 2 units
    high everywhere: closer at every origin, so it ranks first when each origin
    is scored on its own (as the user receives forecasts).
    """
    from forecasting.engine import ensemble

    errors = {}
    for i in range(5):
        for o, lag in ((90, 3.0), (60, -3.0), (30, 3.0)):
            errors[("lagging", f"p{i}", o)] = lag
            errors[("close", f"p{i}", o)] = 2.0
    backtest = _synthetic_backtest(errors)
    for per_key in backtest.scales.values():
        for key in per_key:
            per_key[key] = (10.0, 100.0)  # scaled errors as small as the bias
    names = ["lagging", "close"]
    offsets = (90, 60)
    pooled_origins = {
        n: ensemble.score(
            series_metrics(backtest, backtest.forecasts[n], "p0", offsets)
        )
        for n in names
    }
    assert pooled_origins["lagging"] < pooled_origins["close"]  # the old trap
    assert ensemble.rank_models(backtest, names, "p0", offsets) == ["close", "lagging"]
    assert ensemble.pooled_ranking(backtest, names, offsets) == ["close", "lagging"]
    # one origin: mean(MASE, RMSSE) + |bias| = 0.3 + 0.3 for the lagging model
    assert ensemble.model_score(backtest, "lagging", "p0", [90]) == pytest.approx(0.6)
    assert ensemble.model_score(backtest, "close", "p0", offsets) == pytest.approx(0.4)


def test_backtest_metrics_report_accuracy_by_horizon_bucket():
    from forecasting.engine.backtest import Backtest, horizon_metrics

    backtest = Backtest(offsets=(90, 30), score_horizon=30)
    backtest.actuals = {90: {"a": np.full(90, 10.0)}, 30: {"a": np.full(30, 10.0)}}
    forecast = np.concatenate([np.full(7, 11.0), np.full(23, 12.0), np.full(60, 15.0)])
    forecasts = {90: {"a": forecast}, 30: {"a": forecast[:30]}}
    values = horizon_metrics(backtest, forecasts, "a")
    assert values["h1_7_wape"] == pytest.approx(0.1)  # both origins reach day 7
    assert values["h1_7_actual"] == pytest.approx(140.0)
    assert values["h8_30_wape"] == pytest.approx(0.2)
    assert values["h31_60_wape"] == pytest.approx(0.5)  # only the 90-day origin
    assert values["h61_90_actual"] == pytest.approx(300.0)


def test_product_backtest_metrics_include_the_horizon_buckets():
    histories = {f"p{i}": daily(poisson(4 + i, 400, seed=i)) for i in range(3)}
    product = forecast_products(histories, as_of=AS_OF, horizon=90, config=FAST)["p0"]
    for model in ("ensemble", *FAST.models):
        assert "h1_7_wape" in product.backtest_metrics[model]
        assert "h61_90_wape" in product.backtest_metrics[model]
