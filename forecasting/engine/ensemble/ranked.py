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
    # sum / len: the same value as np.mean for two numbers, without its overhead
    # (the selection scores hundreds of thousands of these).
    return float(sum(finite) / len(finite)) + bias


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
        error = a - f  # sum / size: np.mean's own arithmetic, without its overhead
        mae = float(np.abs(error).sum() / error.size)
        rmse = float(np.sqrt((error**2).sum() / error.size))
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
    if not finite:
        return float("inf")
    # Below 8 numbers np.mean adds them one by one: sum / len is the same value.
    return float(sum(finite) / len(finite) if len(finite) < 8 else np.mean(finite))


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
    totals = [0.0] * len(candidates)
    for offset, (_, rankings) in folds.items():
        for index, value in enumerate(_holdout_scores(backtest, rankings, offset, candidates)):
            totals[index] += value
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


def _holdout_scores(backtest, rankings, offset, candidates) -> list[float]:
    """Each candidate's summed score at the held-out origin ``offset``.

    Per product the top-k paths of every k come from one stack of its best
    models, cut to the scored days first, and the candidates' scores are
    computed row by row of one matrix, with the arithmetic of ``score_values``
    and ``score`` (sums divided by counts, as np.mean does): the same values,
    bit for bit, as combining and scoring one candidate and product at a time
    (tests), which the selection would otherwise do for every held-out origin,
    and nested for every origin again.
    """
    totals = [0.0] * len(candidates)
    h = backtest.score_horizon
    by_scope: dict[str, list[int]] = {}
    for index, c in enumerate(candidates):
        by_scope.setdefault(c.scope, []).append(index)
    for scope, indexes in by_scope.items():
        chosen = [candidates[i] for i in indexes]
        top = max(c.k for c in chosen)
        for key, order in rankings[scope].items():
            members = order[:top]
            stack = np.vstack([backtest.forecasts[m][offset][key][:h] for m in members])
            rows = _combined_rows(stack, chosen)
            scores = _capped_scores(backtest, rows, key, offset)
            for i, value in zip(indexes, scores, strict=True):
                totals[i] += value
    return totals


def _combined_rows(stack: np.ndarray, chosen: Sequence[Combination]) -> np.ndarray:
    """Each combination's path from the top rows of ``stack``, one row each,
    with ``combine``'s values: the mean over the top k rows, or their median
    (the middle of the sorted rows, or the mean of the two middle ones, as
    np.median takes them; np.median itself where a path has a NaN)."""
    rows = np.empty((len(chosen), stack.shape[1]))
    finite = bool(np.isfinite(stack).all())
    sorted_tops: dict[int, np.ndarray] = {}
    for i, c in enumerate(chosen):
        top = stack[: c.k]
        if c.combiner != "median":
            rows[i] = top.mean(axis=0)
        elif not finite:
            rows[i] = np.median(top, axis=0)
        else:
            if c.k not in sorted_tops:
                sorted_tops[c.k] = np.sort(top, axis=0)
            part, half = sorted_tops[c.k], c.k // 2
            rows[i] = part[half] if c.k % 2 else (part[half - 1] + part[half]) / 2.0
    return rows


def _capped_scores(backtest, rows: np.ndarray, key: str, offset: int) -> list[float]:
    """``capped_score(score_values(...))`` of each row of ``rows`` at one origin."""
    actual = backtest.actuals[offset][key][: rows.shape[1]]
    known = np.isfinite(actual)
    if not known.any() or not np.isfinite(rows).all():  # rare: row by row
        return [capped_score(score_values(backtest, row, key, offset)) for row in rows]
    # C order: each row is then summed as np.sum sums one path (a mask taken
    # along the second axis would leave the rows strided, summed otherwise).
    a, f = actual[known], np.ascontiguousarray(rows[:, known])
    error = a - f
    mae = np.abs(error).sum(axis=1) / a.size
    rmse = np.sqrt((error**2).sum(axis=1) / a.size)
    mae_scale, mse_scale = backtest.scales[offset][key]
    total = a.sum()
    out = []
    for i in range(rows.shape[0]):
        values = {
            "mase": float(mae[i]) / mae_scale if mae_scale > 0 else float("nan"),
            "rmsse": float(rmse[i]) / np.sqrt(mse_scale) if mse_scale > 0 else float("nan"),
            "bias": float((f[i].sum() - total) / total) if total > 0 else float("nan"),
        }
        out.append(capped_score(values))
    return out
