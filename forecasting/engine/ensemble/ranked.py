"""Top-k combinations: median/mean of the best k models or the best single one.

The top k are ranked per product or pooled over all products ("across
products"); which one, the combiner and k are chosen by cross-validation.
This is one candidate of ``selection.choose_combination``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .. import metrics
from ..backtest import Backtest
from .combination import Combination, combine

COMBINERS = ("median", "mean")
SCOPES = ("product", "pooled")
SCORE_CAP = 10.0
MAX_K = 6
DEFAULT_CHOICE = ("median", 3)


def score(values: dict[str, float]) -> float:
    """Ranking score: scaled errors plus absolute bias (lower is better)."""
    if not values:
        return float("inf")
    parts = [values.get("mase", np.nan), values.get("rmsse", np.nan)]
    finite = [p for p in parts if np.isfinite(p)]
    if not finite:
        return float("inf")
    bias = values.get("bias", 0.0)
    bias = min(abs(bias), 1.0) if np.isfinite(bias) else 1.0
    return float(np.mean(finite)) + bias


def capped_score(values: dict[str, float]) -> float:
    """``score`` capped, so one wild series cannot decide a pooled choice."""
    return min(score(values), SCORE_CAP)


def origin_score(backtest: Backtest, name: str, key: str, offset: int) -> float:
    """Capped score of model ``name`` on ``key`` at one origin (NaN when unscored)."""
    cache_key = (name, key, offset)
    if cache_key not in backtest.origin_scores:
        forecast = backtest.forecasts[name].get(offset, {}).get(key)
        values = {} if forecast is None else score_values(backtest, forecast, key, offset)
        backtest.origin_scores[cache_key] = (
            capped_score(values) if values else float("nan")
        )
    return backtest.origin_scores[cache_key]


def score_values(
    backtest: Backtest, forecast: np.ndarray, key: str, offset: int
) -> dict[str, float]:
    """MASE, RMSSE and bias of ``forecast`` for ``key`` at one origin: what
    ``score`` reads of ``series_metrics`` for that origin, computed the same
    way without its other metrics (the selection scores thousands of these)."""
    if key not in backtest.actuals.get(offset, {}):
        return {}
    h = backtest.score_horizon
    a, f = metrics.finite_pair(backtest.actuals[offset][key][:h], forecast[:h])
    mae_scale, mse_scale = backtest.scales[offset][key]
    if a.size:
        error = a - f
        mae, rmse = float(np.mean(np.abs(error))), float(np.sqrt(np.mean(error**2)))
    else:
        mae = rmse = float("nan")
    total = a.sum()
    return {
        "mase": mae / mae_scale if mae_scale > 0 else float("nan"),
        "rmsse": rmse / np.sqrt(mse_scale) if mse_scale > 0 else float("nan"),
        "bias": float((f.sum() - total) / total) if total > 0 else float("nan"),
    }


def model_score(
    backtest: Backtest, name: str, key: str, offsets: Sequence[int]
) -> float:
    """Mean of the per-origin scores of ``name`` on ``key`` over ``offsets``.

    Every origin is scored on its own, like the held-out origin of the
    cross-validation and like the forecast a user gets: pooling the origins
    first would let a lagging model's over- and under-forecasts cancel in the
    bias term and rank it above a model that is closer at every origin.
    """
    values = [origin_score(backtest, name, key, o) for o in offsets]
    finite = [v for v in values if np.isfinite(v)]
    return float(np.mean(finite)) if finite else float("inf")


def rank_models(
    backtest: Backtest, names: Sequence[str], key: str, offsets: Sequence[int]
) -> list[str]:
    """Models ordered from best to worst on ``offsets`` (ties keep the given order)."""
    scores = [model_score(backtest, n, key, offsets) for n in names]
    order = np.argsort(np.asarray(scores), kind="stable")
    return [names[i] for i in order]


def pooled_ranking(
    backtest: Backtest, names: Sequence[str], offsets: Sequence[int]
) -> list[str]:
    """Models ordered by their mean score over every product (cached per origins)."""
    cache_key = (tuple(names), tuple(offsets))
    if cache_key not in backtest.pooled_rankings:
        keys = {k for o in offsets for k in backtest.keys_at(o)}
        totals = [
            float(
                np.mean(
                    [min(model_score(backtest, n, k, offsets), SCORE_CAP) for k in keys]
                )
            )
            if keys
            else 0.0
            for n in names
        ]
        order = np.argsort(np.asarray(totals), kind="stable")
        backtest.pooled_rankings[cache_key] = [names[i] for i in order]
    return backtest.pooled_rankings[cache_key]


def ranking(
    backtest: Backtest,
    names: Sequence[str],
    key: str,
    offsets: Sequence[int],
    scope: str = "product",
) -> list[str]:
    """The ranking a combination uses for ``key``: its own, or the pooled one."""
    if scope == "pooled":
        return pooled_ranking(backtest, names, offsets)
    return rank_models(backtest, names, key, offsets)


def _combined_at(backtest, ranking, offset, key, combination) -> np.ndarray:
    members = ranking[: combination.k]
    return combine(
        [backtest.forecasts[m][offset][key] for m in members], combination.combiner
    )


def choose_ranked(
    backtest: Backtest,
    names: Sequence[str],
    mode: str = "auto",
    top_k: int | None = None,
) -> Combination:
    """Pick the combiner, k and scope of a top-k combination by cross-validation.

    Each origin in turn is held out, models are ranked on the other origins and
    every candidate is scored on the held-out one. The choice is shared by all
    products, so it generalises instead of fitting each product's noise.
    """
    if mode == "best":
        return Combination("median", 1)
    combiners = COMBINERS if mode == "auto" else (mode,)
    ks = [top_k] if top_k else list(range(1, min(MAX_K, len(names)) + 1))
    folds = _folds(backtest, names)
    if not folds:
        return Combination(combiners[0], top_k or min(DEFAULT_CHOICE[1], len(names)))
    candidates = [
        Combination(c, k, scope=scope)
        for scope in SCOPES
        for c in combiners
        for k in ks
    ]
    totals = [
        sum(
            _holdout_score(backtest, rankings[candidate.scope], offset, candidate)
            for offset, (_, rankings) in folds.items()
        )
        for candidate in candidates
    ]
    return candidates[int(np.argmin(totals))]


def _folds(backtest: Backtest, names: Sequence[str]) -> dict:
    """Per held-out origin: the other origins and, per scope, each product's ranking."""
    folds = {}
    for offset in backtest.offsets:
        others = [o for o in backtest.offsets if o != offset]
        keys = [
            key
            for key in backtest.keys_at(offset)
            if any(key in backtest.actuals.get(o, {}) for o in others)
        ]
        if keys:
            folds[offset] = (
                others,
                {
                    scope: {k: ranking(backtest, names, k, others, scope) for k in keys}
                    for scope in SCOPES
                },
            )
    return folds


def _holdout_score(backtest, rankings, offset, combination) -> float:
    total = 0.0
    for key, ranking in rankings.items():
        forecast = _combined_at(backtest, ranking, offset, key, combination)
        total += capped_score(score_values(backtest, forecast, key, offset))
    return total
