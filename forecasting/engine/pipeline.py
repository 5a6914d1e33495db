"""``forecast_products``: backtest, combine, refit and calibrate for many products."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from . import ensemble, metrics
from .backtest import (
    Backtest,
    horizon_metrics,
    origin_offsets,
    run_backtest,
    series_metrics,
)
from .ensemble import Combination
from .models.base import build_input
from .preprocess import PreparedHistory, classify_demand, prepare_history
from .quantiles import (
    Calibration,
    calibration_groups,
    cold_start_quantiles,
    cumulative_quantiles,
    daily_quantiles,
)
from .registry import get_model
from .types import DemandHistory, EngineConfig, ProductForecast

# Used when a product has too little history to be backtested.
UNTESTED_MEMBERS = ("weekday_profile", "ses", "moving_average")
TOTAL_HORIZONS = (30, 60, 90)


@dataclass
class _Run:
    """Shared state of one ``forecast_products`` call."""

    config: EngineConfig
    as_of: date
    horizon: int
    preps: dict[str, PreparedHistory]
    classes: dict[str, str]
    backtest: Backtest
    combination: Combination
    calibration: Calibration
    finals: dict[str, dict[str, tuple[np.ndarray, str | None]]]
    timings: dict[str, float] = field(default_factory=dict)
    factors: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class EngineRun:
    """Full output of one run: products plus every model's refit forecast (bench)."""

    products: dict[str, ProductForecast]
    model_forecasts: dict[str, dict[str, np.ndarray]]
    combination: Combination
    timings: dict[str, float]
    backtest: Backtest


def forecast_products(
    histories: Mapping[str, pd.Series | DemandHistory],
    *,
    as_of: date,
    horizon: int = 90,
    config: EngineConfig | None = None,
) -> dict[str, ProductForecast]:
    """Forecast every product ``horizon`` days after ``as_of``.

    Per product: rolling-origin backtest of ``config.models``, combination of the
    best ones, refit on all data, conformal quantiles, 30/60/90-day totals.
    """
    return run_engine(histories, as_of=as_of, horizon=horizon, config=config).products


def run_engine(
    histories: Mapping[str, pd.Series | DemandHistory],
    *,
    as_of: date,
    horizon: int = 90,
    config: EngineConfig | None = None,
) -> EngineRun:
    """Like ``forecast_products`` but also returns each model's own forecast."""
    config = config or EngineConfig()
    timings: dict[str, float] = {}
    preps = _prepare_all(histories, as_of, horizon, config)
    warm = {
        k: p for k, p in preps.items() if p.observed_days >= config.cold_start_min_days
    }
    classes = {k: classify_demand(p.values[-365:]) for k, p in warm.items()}
    names = list(config.models)
    backtest = run_backtest(
        warm,
        names,
        offsets=origin_offsets(config.backtest_origins, config.backtest_step_days),
        max_horizon=horizon,
        score_horizon=config.backtest_score_horizon_days,
        min_train_days=config.min_train_days,
        use_promo=config.use_promotions,
        timings=timings,
    )
    combination = ensemble.choose_combination(
        backtest,
        names,
        config.combination,
        config.top_k,
        global_names=[n for n in names if get_model(n).is_global],
        bias_correction=config.bias_correction,
    )
    run = _Run(config, as_of, horizon, preps, classes, backtest, combination,
               Calibration(), {}, timings)  # fmt: skip
    _calibrate(run, names)
    _fit_finals(run, warm, names)
    results = {key: _cold_start(run, key) for key in preps if key not in warm}
    results.update({key: _product(run, key, names) for key in warm})
    finals = {
        n: {k: out[0] for k, out in per_key.items()}
        for n, per_key in run.finals.items()
    }
    return EngineRun(
        {key: results[key] for key in preps}, finals, combination, timings, backtest
    )


def _prepare_all(histories, as_of, horizon, config) -> dict[str, PreparedHistory]:
    return {
        key: prepare_history(
            key,
            item,
            as_of=as_of,
            horizon=horizon,
            max_history_days=config.max_history_days,
        )
        for key, item in histories.items()
    }


def _fit_finals(run: _Run, warm: Mapping[str, PreparedHistory], names) -> None:
    """Refit every model on all data, batched per model."""
    inputs = [
        build_input(p, p.values.size, run.horizon, use_promo=run.config.use_promotions)
        for p in warm.values()
    ]
    needed = set(names) | set(UNTESTED_MEMBERS)
    for name in needed:
        started = time.perf_counter()
        outputs = get_model(name).predict_inputs(inputs, run.horizon)
        run.timings[name] = run.timings.get(name, 0.0) + time.perf_counter() - started
        run.finals[name] = {s.key: out for s, out in zip(inputs, outputs, strict=True)}


def _bias_factor(run: _Run, names, key: str) -> float:
    strength = run.combination.bias_strength
    if strength == 0.0:
        return 1.0
    if key not in run.factors:
        ratio = ensemble.bias_ratio(
            run.backtest, names, run.combination, key, run.backtest.offsets
        )
        run.factors[key] = ensemble.shrink_ratio(ratio, strength)
    return run.factors[key]


def _calibrate(run: _Run, names) -> None:
    """Collect leave-one-origin-out ensemble residuals for conformal quantiles."""
    groups = calibration_groups(run.classes)
    for offset in run.backtest.offsets:
        for key in run.backtest.keys_at(offset):
            factor = _bias_factor(run, names, key)
            forecast = (
                ensemble.loo_forecast(run.backtest, names, run.combination, key, offset)
                * factor
            )
            scale = run.backtest.scales[offset][key][0]
            run.calibration.add(
                groups[key], run.backtest.actuals[offset][key], forecast, scale
            )


def _members(run: _Run, key: str, names) -> tuple[list[str], str | None]:
    tested = [o for o in run.backtest.offsets if key in run.backtest.actuals.get(o, {})]
    if not tested:
        reason = (
            f"too little history for a backtest ({run.preps[key].observed_days}"
            " known days); median of simple models"
        )
        return list(UNTESTED_MEMBERS), reason
    return ensemble.members_for(run.backtest, names, run.combination, key, tested), None


def _product(run: _Run, key: str, names) -> ProductForecast:
    prep = run.preps[key]
    members, untested_reason = _members(run, key, names)
    forecasts = [run.finals[m][key][0] for m in members]
    if untested_reason:
        point = ensemble.combine(forecasts, "median")
    else:
        point = ensemble.combine_members(run.combination, members, forecasts)
    factor = 1.0 if untested_reason else _bias_factor(run, names, key)
    point = _open_days_only(prep, np.clip(point * factor, 0.0, None))
    scale = metrics.seasonal_naive_scale(prep.values)
    if not np.isfinite(scale):
        scale = float(np.sqrt(max(np.nanmean(prep.values), 0.0)))
    group = calibration_groups({key: run.classes[key]})[key]
    levels = run.config.quantile_levels
    daily = daily_quantiles(point, scale, run.calibration, group, levels)
    daily = {q: _open_days_only(prep, v) for q, v in daily.items()}
    cumulative = cumulative_quantiles(point, scale, run.calibration, group, levels)
    reasons = {m: r for m in members if (r := run.finals[m][key][1])}
    if untested_reason:
        reasons["ensemble"] = untested_reason
    method = untested_reason and f"median of {', '.join(members)} (not backtested)"
    return _assemble(
        run,
        key,
        point,
        daily,
        cumulative,
        method or run.combination.describe(members),
        members,
        run.classes[key],
        _metrics_table(run, key, names, members),
        reasons,
        factor,
    )


def _open_days_only(prep, values: np.ndarray) -> np.ndarray:
    """0 on the planned closed days ahead (nothing sells); other days unchanged."""
    closed = prep.closed_ahead
    if closed is None:
        return values
    return np.where(closed[: values.size], 0.0, values)


def _metrics_table(run: _Run, key: str, names, members) -> dict[str, dict[str, float]]:
    table = {
        n: series_metrics(
            run.backtest, run.backtest.forecasts[n], key, with_pinball=True
        )
        for n in names
    }
    loo = {
        o: {key: ensemble.loo_forecast(run.backtest, names, run.combination, key, o)}
        for o in run.backtest.offsets
        if key in run.backtest.actuals.get(o, {})
    }
    table["ensemble"] = series_metrics(run.backtest, loo, key, with_pinball=True)
    # Accuracy by horizon bucket (days 1-7, 8-30, 31-60, 61-90) of every model.
    for name, values in table.items():
        if values:
            forecasts = loo if name == "ensemble" else run.backtest.forecasts[name]
            values.update(horizon_metrics(run.backtest, forecasts, key))
    return {n: m for n, m in table.items() if m}


def _cold_start(run: _Run, key: str) -> ProductForecast:
    prep = run.preps[key]
    if prep.expected_daily_demand is not None:
        level, method = (
            prep.expected_daily_demand,
            "cold start: caller's expected demand",
        )
    elif run.config.category_average is not None:
        level, method = run.config.category_average, "cold start: category average"
    else:
        known = prep.values[np.isfinite(prep.values)]
        level = float(known.mean()) if known.size else 0.0
        method = "cold start: mean of the short history"
    reason = (
        f"only {prep.observed_days} known days (< {run.config.cold_start_min_days})"
    )
    point = _open_days_only(prep, np.full(run.horizon, max(float(level), 0.0)))
    daily, cumulative = cold_start_quantiles(
        level, run.horizon, run.config.quantile_levels
    )
    daily = {q: _open_days_only(prep, v) for q, v in daily.items()}
    return _assemble(
        run,
        key,
        point,
        daily,
        cumulative,
        method,
        (),
        "cold_start",
        {},
        {"ensemble": reason},
        1.0,
    )


def _assemble(
    run,
    key,
    point,
    daily,
    cumulative,
    method,
    members,
    demand_class,
    table,
    reasons,
    factor,
) -> ProductForecast:
    dates = pd.date_range(
        pd.Timestamp(run.as_of) + pd.Timedelta(days=1), periods=run.horizon, freq="D"
    )
    days = [h for h in TOTAL_HORIZONS if h <= run.horizon]
    prep = run.preps[key]
    uplift = build_input(prep, prep.values.size, 1).uplift if prep.values.size else 1.0
    return ProductForecast(
        key=key,
        as_of=run.as_of,
        dates=dates,
        point=point,
        quantiles=daily,
        cumulative_quantiles=cumulative,
        totals={h: float(point[:h].sum()) for h in days},
        total_quantiles={
            h: {q: float(v[h - 1]) for q, v in cumulative.items()} for h in days
        },
        method=method,
        members=tuple(members),
        demand_class=demand_class,
        backtest_metrics=table,
        fallback_reasons=reasons,
        promo_uplift=uplift,
        bias_factor=factor,
    )
