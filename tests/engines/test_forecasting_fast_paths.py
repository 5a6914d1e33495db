"""The engine's fast paths give exactly what the plain computations give.

The selection scores a candidate with ``score_values`` instead of the full
``series_metrics``, blends reuse one statistical median per series and origin,
and the global model predicts every series in one call: each must change the
speed only, never a value (compared bit for bit on random data).
"""

import numpy as np
import pandas as pd

from forecasting.engine import ensemble
from forecasting.engine.backtest import Backtest, series_metrics
from forecasting.engine.ensemble.combination import Combination, blend_forecast
from forecasting.engine.ensemble.ranked import capped_score, score, score_values
from forecasting.engine.ensemble.selection import forecast_at
from forecasting.engine.models.base import build_input
from forecasting.engine.models.gbm import GBMSettings, GlobalGBM, _Series
from forecasting.engine.preprocess import prepare_history
from forecasting.engine.types import DemandHistory

OFFSETS = (90, 60, 30)
STATS = ("s1", "s2", "s3")


def _random_backtest(seed=5, products=15, horizon=30) -> Backtest:
    rng = np.random.default_rng(seed)
    backtest = Backtest(offsets=OFFSETS, score_horizon=horizon)
    for offset in OFFSETS:
        backtest.actuals[offset], backtest.scales[offset] = {}, {}
        for i in range(products):
            key = f"p{i}"
            actual = rng.poisson(rng.uniform(0, 6), horizon).astype(float)
            if i % 4 == 0:
                actual[rng.integers(0, horizon, 3)] = np.nan  # unknown days
            if i == 3:
                actual[:] = 0.0  # no sales: no WAPE, no bias
            backtest.actuals[offset][key] = actual
            backtest.scales[offset][key] = (
                (0.0, 0.0) if i == 5 else (rng.uniform(0.5, 3), rng.uniform(0.5, 9))
            )
            for name in (*STATS, "g"):
                path = rng.gamma(2.0, 1.5, horizon + 5)
                backtest.forecasts.setdefault(name, {}).setdefault(offset, {})[key] = path
    return backtest


def _same(x: float, y: float) -> bool:
    return (np.isnan(x) and np.isnan(y)) or x == y


def test_score_values_equal_the_full_metrics_at_one_origin():
    backtest = _random_backtest()
    for name in (*STATS, "g"):
        for offset in OFFSETS:
            for key in backtest.keys_at(offset):
                forecast = backtest.forecasts[name][offset][key]
                fast = score_values(backtest, forecast, key, offset)
                full = series_metrics(backtest, {offset: {key: forecast}}, key, [offset])
                for metric in ("mase", "rmsse", "bias"):
                    assert _same(fast[metric], full[metric]), (name, key, metric)
                assert _same(score(fast), score(full))
                assert capped_score(fast) == capped_score(full)


def test_blend_paths_with_the_shared_median_equal_the_plain_blend():
    backtest = _random_backtest()
    for weight in (0.0, 0.25, 0.5, 1.0, 0.25):  # 0.25 again: served from the cache
        blend = Combination.blend("g", weight, STATS)
        for offset in OFFSETS:
            for key in backtest.keys_at(offset):
                paths = {n: backtest.forecasts[n][offset][key] for n in blend.members}
                cached = forecast_at(backtest, (*STATS, "g"), blend, key, offset, [])
                assert np.array_equal(cached, blend_forecast(blend, paths))
    assert backtest.medians  # the median was shared
    # a caller changing a path it got must not change the shared median
    blend = Combination.blend("g", 0.0, STATS)
    path = forecast_at(backtest, (*STATS, "g"), blend, "p1", 30, [])
    path *= 100.0
    again = forecast_at(backtest, (*STATS, "g"), blend, "p1", 30, [])
    assert not np.array_equal(path, again)


def test_choice_is_unchanged_by_the_fast_paths(monkeypatch):
    names = (*STATS, "g")
    fast = ensemble.choose_combination(_random_backtest(seed=11), names,
                                       global_names=["g"], bias_correction=True)

    def slow_score(backtest, forecast, key, offset):
        return series_metrics(backtest, {offset: {key: forecast}}, key, [offset])

    def plain_blend(backtest, combination, key, offset):
        paths = {n: backtest.forecasts[n][offset][key] for n in combination.members}
        return blend_forecast(combination, paths)

    monkeypatch.setattr(ensemble.ranked, "score_values", slow_score)
    monkeypatch.setattr(ensemble.selection, "_blend_at", plain_blend)
    slow = ensemble.choose_combination(_random_backtest(seed=11), names,
                                       global_names=["g"], bias_correction=True)
    assert fast == slow


def test_global_model_predicts_all_series_in_one_call_as_one_by_one():
    rng = np.random.default_rng(2)
    days = pd.date_range("2024-01-01", periods=200, freq="D")
    inputs = []
    for i in range(6):
        level = rng.uniform(0.5, 8)
        demand = pd.Series(rng.poisson(level, days.size).astype(float), index=days)
        if i == 5:
            demand = demand.iloc[-20:]  # too short: falls back
        prep = prepare_history(f"p{i}", DemandHistory(demand=demand),
                               as_of=days[-1].date(), horizon=14)
        inputs.append(build_input(prep, prep.values.size, 14))
    model = GlobalGBM(GBMSettings(num_boost_round=20, origins=10))
    together = model.predict_inputs(inputs, 14)
    usable = [s for s in inputs if s.known_days >= model.min_history_days]
    booster = model._train([_Series(s) for s in usable], 14)
    for series, (point, reason) in zip(inputs, together, strict=True):
        (alone, alone_reason), = model._forecast_all(booster, [series], 14)
        assert np.array_equal(point, alone) and reason == alone_reason
    assert together[5][1] and "needs 28 days" in together[5][1]


def test_holdout_scores_of_all_candidates_equal_one_by_one():
    """The ranked choice scores every top-k candidate from one stack per product."""
    from forecasting.engine.ensemble.ranked import (
        COMBINERS,
        SCOPES,
        _combined_at,
        _folds,
        _holdout_scores,
    )

    def one_by_one(backtest, rankings, offset, combination):
        total = 0.0
        for key, ranking in rankings.items():
            forecast = _combined_at(backtest, ranking, offset, key, combination)
            total += capped_score(score_values(backtest, forecast, key, offset))
        return total

    names = (*STATS, "g", "h", "i")
    for seed in (5, 6):
        backtest = _random_backtest(seed=seed)
        rng = np.random.default_rng(seed)
        for offset in OFFSETS:
            for key in backtest.keys_at(offset):
                for name in ("h", "i"):
                    path = rng.gamma(2.0, 1.5, 35)
                    store = backtest.forecasts.setdefault(name, {}).setdefault(offset, {})
                    store[key] = path
        backtest.forecasts["h"][60]["p2"][4] = np.nan  # a model's unknown day
        candidates = [
            Combination(c, k, scope=s)
            for s in SCOPES for c in COMBINERS for k in range(1, len(names) + 1)
        ]
        for offset, (_, rankings) in _folds(backtest, names).items():
            together = _holdout_scores(backtest, rankings, offset, candidates)
            alone = [
                one_by_one(backtest, rankings[c.scope], offset, c) for c in candidates
            ]
            assert together == alone
