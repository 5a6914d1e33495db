"""Candidate combinations of models and the backtest scores that rank them.

A candidate is either the top k models ranked per product or pooled over all
products ("ranked"), a fixed set of models ("fixed": one model, or the median
of the statistical models, i.e. the off-the-shelf reference) or the mean of the
global model and that median ("blend"). ``selection`` chooses among them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .backtest import Backtest, series_metrics

COMBINERS = ("median", "mean")
SCOPES = ("product", "pooled")
KINDS = ("ranked", "fixed", "blend")
SCORE_CAP = 10.0
MAX_K = 6
BIAS_BOUNDS = (0.67, 1.5)


@dataclass(frozen=True)
class Combination:
    """How forecasts are combined (see the module docstring for the kinds)."""

    combiner: str
    k: int
    bias_strength: float = 0.0
    scope: str = "product"  # rank per product, or "pooled" over all products
    kind: str = "ranked"  # "ranked" | "fixed" | "blend"
    # fixed: the models combined; blend: the global model, then the statistical ones
    members: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """Short identifier (bench tables, run registry)."""
        if self.kind == "fixed" and len(self.members) == 1:
            return self.members[0]
        if self.kind == "fixed":
            return f"{self.combiner}({len(self.members)} statistical)"
        if self.kind == "blend":
            return f"blend({self.members[0]}, median of {len(self.members) - 1})"
        return f"{self.combiner} k={self.k} {self.scope}"

    def describe(self, members: Sequence[str]) -> str:
        """Human-readable method, e.g. ``median of top-3 (ets, theta, ses)``."""
        if self.kind == "blend":
            return (
                f"mean of {members[0]} and the median of {len(members) - 1} "
                f"statistical models ({', '.join(members[1:])})"
            )
        if self.kind == "fixed" and len(members) > 1:
            return f"{self.combiner} of {len(members)} models ({', '.join(members)})"
        where = " across products" if self.scope == "pooled" else ""
        if self.kind == "fixed":
            where = " across products"
        if self.k == 1 or len(members) == 1:
            return f"best single model{where} ({members[0]})"
        return f"{self.combiner} of top-{len(members)}{where} ({', '.join(members)})"


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
        values = series_metrics(backtest, backtest.forecasts[name], key, [offset])
        backtest.origin_scores[cache_key] = (
            capped_score(values) if values else float("nan")
        )
    return backtest.origin_scores[cache_key]


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


def combine(forecasts: Sequence[np.ndarray], combiner: str) -> np.ndarray:
    """Point-wise median or mean of member forecasts."""
    stack = np.vstack(forecasts)
    return np.median(stack, axis=0) if combiner == "median" else stack.mean(axis=0)


def members_for(
    backtest: Backtest,
    names: Sequence[str],
    combination: Combination,
    key: str,
    offsets: Sequence[int],
) -> list[str]:
    """The models ``combination`` uses for ``key``, ranked on ``offsets`` if needed."""
    if combination.kind != "ranked":
        return list(combination.members)
    order = ranking(backtest, names, key, offsets, combination.scope)
    return order[: combination.k]


def combine_members(
    combination: Combination, forecasts: Sequence[np.ndarray]
) -> np.ndarray:
    """Combine the members' forecasts (given in ``members_for`` order)."""
    if combination.kind == "blend":
        statistical = np.median(np.vstack(forecasts[1:]), axis=0)
        return (forecasts[0] + statistical) / 2.0
    return combine(forecasts, combination.combiner)


def forecast_at(
    backtest: Backtest,
    names: Sequence[str],
    combination: Combination,
    key: str,
    offset: int,
    rank_offsets: Sequence[int],
) -> np.ndarray:
    """Backtest forecast of ``combination`` at ``offset``, ranked on ``rank_offsets``."""
    members = members_for(backtest, names, combination, key, rank_offsets)
    return combine_members(
        combination, [backtest.forecasts[m][offset][key] for m in members]
    )


def shrink_ratio(ratio: float, strength: float) -> float:
    """Damp a bias ratio: ratio**strength, bounded so one bad window cannot dominate."""
    if not np.isfinite(ratio) or strength == 0.0 or ratio <= 0:
        return 1.0
    return float(np.clip(ratio**strength, *BIAS_BOUNDS))
