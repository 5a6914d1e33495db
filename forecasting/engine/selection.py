"""Choose the combination by cross-validation: a choice that cannot fall below its parts.

The inner backtest origins are replayed forward, like the test the user gets:
each origin in turn is held out and only the *earlier* origins rank the models
and decide anything per product; the newest origins weigh most (half-life
``RECENCY_HALF_LIFE`` origins). Every candidate of ``ensemble`` (ranked top-k,
each single model, the median of the statistical models = the off-the-shelf
reference, and the blend of the global model with that median) is scored
pooled over all products, and the best one is the *pooled choice*.

Per product, the choice shrinks toward the pooled one: a product keeps another
fixed candidate only when it beat the pooled choice on at least
``OVERRIDE_WIN_SHARE`` of at least ``OVERRIDE_MIN_ORIGINS`` origins and by
``OVERRIDE_MARGIN`` on average, and only when such overrides improved the
held-out score. Bias correction is considered only when asked for
(``EngineConfig.bias_correction``, off by default) and only kept when it
improves the same held-out score. Finally the guard: if what was chosen scores
worse on the held-out origins than the best single candidate, that candidate
is used instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .backtest import Backtest, series_metrics
from .ensemble import (
    COMBINERS,
    MAX_K,
    SCOPES,
    Combination,
    capped_score,
    forecast_at,
    origin_score,
    shrink_ratio,
)

RECENCY_HALF_LIFE = 2.0
OVERRIDE_MIN_ORIGINS = 3
OVERRIDE_WIN_SHARE = 0.8
OVERRIDE_MARGIN = 0.15
# A refinement (overrides, bias correction) must improve the held-out score by this.
MIN_GAIN = 0.01
BIAS_STRENGTHS = (0.5, 1.0)
DEFAULT_CHOICE = Combination("median", 3)


@dataclass(frozen=True)
class Selection:
    """The pooled choice, the per-product exceptions and how they were reached."""

    combination: Combination
    overrides: dict[str, Combination] = field(default_factory=dict)
    guarded: bool = False  # the guard replaced the choice by the best single model
    cv_scores: dict[str, float] = field(default_factory=dict)

    def for_key(self, key: str) -> Combination:
        """The combination used for one product."""
        return self.overrides.get(key, self.combination)

    def summary(self) -> str:
        """One line for the bench and the run registry."""
        parts = [self.combination.label]
        if self.combination.bias_strength:
            parts.append(f"bias={self.combination.bias_strength}")
        if self.overrides:
            parts.append(f"{len(self.overrides)} per-product")
        if self.guarded:
            parts.append("guard")
        return ", ".join(parts)


@dataclass(frozen=True)
class _Fold:
    offset: int
    earlier: tuple[int, ...]
    weight: float
    keys: tuple[str, ...]


def candidates(
    names: Sequence[str],
    mode: str = "auto",
    top_k: int | None = None,
    global_names: Sequence[str] = (),
) -> list[Combination]:
    """Every combination the cross-validation considers."""
    combiners = COMBINERS if mode == "auto" else (mode,)
    ks = [top_k] if top_k else list(range(1, min(MAX_K, len(names)) + 1))
    pool = [
        Combination(c, k, scope=scope) for scope in SCOPES for c in combiners for k in ks
    ]
    return pool + robust_candidates(names, global_names)


def robust_candidates(
    names: Sequence[str], global_names: Sequence[str] = ()
) -> list[Combination]:
    """Each model alone, the median of the statistical models, the global blend."""
    pool = [
        Combination("median", 1, scope="pooled", kind="fixed", members=(n,))
        for n in names
    ]
    stats = tuple(n for n in names if n not in global_names)
    if len(stats) >= 3:
        pool.append(
            Combination("median", len(stats), scope="pooled", kind="fixed", members=stats)
        )
        pool += [
            Combination("mean", 2, scope="pooled", kind="blend", members=(g, *stats))
            for g in names
            if g in global_names
        ]
    return pool


def choose_selection(
    backtest: Backtest,
    names: Sequence[str],
    mode: str = "auto",
    top_k: int | None = None,
    *,
    global_names: Sequence[str] = (),
    bias_correction: bool = False,
) -> Selection:
    """Cross-validated choice (see the module docstring)."""
    if mode == "best":
        return Selection(Combination("median", 1))
    folds = _folds(backtest)
    pool = candidates(names, mode, top_k, global_names)
    if not folds:
        k = min(top_k or DEFAULT_CHOICE.k, len(names))
        return Selection(Combination(mode if mode in COMBINERS else "median", k))
    scores = {
        c: _weighted(folds, lambda f, key, c=c: _score(backtest, names, c, key, f))
        for c in pool
    }
    best = min(pool, key=scores.__getitem__)
    cv = {c.label: round(s, 4) for c, s in sorted(scores.items(), key=lambda x: x[1])}
    fixed = [c for c in pool if c.kind != "ranked"]
    use_overrides = _overrides_help(backtest, names, best, fixed, folds)
    strength = _bias_strength(
        backtest, names, best, folds, use_overrides, fixed, bias_correction
    )
    policy = _policy(backtest, names, best, fixed, use_overrides, strength)
    single = _guard(backtest, names, pool, folds, policy)
    if single is not None:
        return Selection(single, guarded=True, cv_scores=cv)
    combination = Combination(
        best.combiner, best.k, strength, best.scope, best.kind, best.members
    )
    overrides = {}
    if use_overrides:
        keys = sorted({k for o in backtest.offsets for k in backtest.keys_at(o)})
        for key in keys:
            alt = _override(backtest, names, best, fixed, key, backtest.offsets)
            if alt is not None:
                overrides[key] = alt
    return Selection(combination, overrides, cv_scores=cv)


def _policy(backtest, names, best, fixed, use_overrides, strength):
    """``(fold, key) -> (combination, factor)`` of the refined choice at a fold."""

    def choose(fold: _Fold, key: str) -> tuple[Combination, float]:
        c = best
        if use_overrides and len(fold.earlier) >= OVERRIDE_MIN_ORIGINS:
            c = _override(backtest, names, best, fixed, key, fold.earlier) or best
        if not strength or len(fold.earlier) < 2:
            return c, 1.0
        ratio = bias_ratio(backtest, names, c, key, fold.earlier)
        return c, shrink_ratio(ratio, strength)

    return choose


def _guard(backtest, names, pool, folds, policy) -> Combination | None:
    """The best single model when the choice loses to it on the pooled held-out metric.

    The candidates are ranked on the mean of per-product scores; the guard
    checks what the user and the bench see: WAPE and bias pooled over all
    products (big sellers weigh more) plus the mean RMSSE.
    """

    def chosen(fold, key):
        combination, factor = policy(fold, key)
        return factor * forecast_at(
            backtest, names, combination, key, fold.offset, fold.earlier
        )

    value = guard_metric(backtest, folds, chosen)
    singles = [c for c in pool if c.kind == "fixed" and len(c.members) == 1]
    best, best_value = None, value
    for single in singles:
        name = single.members[0]
        single_value = guard_metric(
            backtest, folds, lambda f, k, n=name: backtest.forecasts[n][f.offset][k]
        )
        if single_value < best_value - 1e-12:
            best, best_value = single, single_value
    return best


def guard_metric(backtest, folds, forecast) -> float:
    """Recency-weighted pooled WAPE + mean RMSSE + |pooled bias| over the folds."""
    h = backtest.score_horizon
    abs_err = actual = predicted = 0.0
    rmsse, weights = [], []
    for fold in folds:
        for key in fold.keys:
            a = backtest.actuals[fold.offset][key][:h]
            f = np.asarray(forecast(fold, key))[:h]
            known = np.isfinite(a)
            a, f = a[known], f[known]
            abs_err += fold.weight * float(np.abs(a - f).sum())
            actual += fold.weight * float(a.sum())
            predicted += fold.weight * float(f.sum())
            mse_scale = backtest.scales[fold.offset][key][1]
            if mse_scale > 0 and a.size:
                rmsse.append(float(np.sqrt(np.mean((a - f) ** 2) / mse_scale)))
                weights.append(fold.weight)
    if actual <= 0:
        return float("inf")
    spread = float(np.average(rmsse, weights=weights)) if rmsse else 0.0
    return abs_err / actual + spread + abs(predicted - actual) / actual


def _folds(backtest: Backtest) -> list[_Fold]:
    """Forward folds: each origin with at least one earlier origin, recency-weighted."""
    offsets = backtest.offsets  # the oldest first
    folds = []
    for i, offset in enumerate(offsets):
        earlier = tuple(offsets[:i])
        keys = tuple(
            k
            for k in backtest.keys_at(offset)
            if any(k in backtest.actuals.get(o, {}) for o in earlier)
        )
        if keys:
            age = len(offsets) - 1 - i
            folds.append(_Fold(offset, earlier, 0.5 ** (age / RECENCY_HALF_LIFE), keys))
    return folds


def _weighted(folds: Sequence[_Fold], fn: Callable[[_Fold, str], float]) -> float:
    """Recency-weighted mean over folds and products of ``fn(fold, key)``."""
    total = weight = 0.0
    for fold in folds:
        for key in fold.keys:
            total += fold.weight * fn(fold, key)
            weight += fold.weight
    return total / weight if weight else float("inf")


def _score(backtest, names, combination, key, fold, factor=1.0) -> float:
    """Held-out score of ``combination`` at the fold's origin, ranked on earlier ones."""
    return score_at(backtest, names, combination, key, fold.offset, fold.earlier, factor)


def score_at(backtest, names, combination, key, offset, rank_offsets, factor=1.0):
    """Capped score of ``combination`` on ``key`` at ``offset``."""
    if combination.kind == "fixed" and len(combination.members) == 1 and factor == 1.0:
        value = origin_score(backtest, combination.members[0], key, offset)
        return value if np.isfinite(value) else capped_score({})
    forecast = forecast_at(backtest, names, combination, key, offset, rank_offsets)
    return capped_score(
        series_metrics(backtest, {offset: {key: forecast * factor}}, key, [offset])
    )


def _loo(offsets: Sequence[int], offset: int) -> list[int]:
    return [o for o in offsets if o != offset] or [offset]


def _override(backtest, names, base, alternatives, key, origins) -> Combination | None:
    """A product's own fixed candidate when it beats ``base`` clearly, else None."""
    known = [o for o in origins if key in backtest.actuals.get(o, {})]
    if len(known) < OVERRIDE_MIN_ORIGINS:
        return None
    weights = 0.5 ** (np.arange(len(known))[::-1] / RECENCY_HALF_LIFE)

    def per_origin(c):
        return np.array(
            [score_at(backtest, names, c, key, o, _loo(known, o)) for o in known]
        )

    base_scores = per_origin(base)
    chosen, chosen_mean = None, float(np.average(base_scores, weights=weights))
    limit = (1.0 - OVERRIDE_MARGIN) * chosen_mean
    for alt in alternatives:
        if alt == base:
            continue
        values = per_origin(alt)
        mean = float(np.average(values, weights=weights))
        wins = float(np.mean(values < base_scores))
        if wins >= OVERRIDE_WIN_SHARE and mean <= limit and mean < chosen_mean:
            chosen, chosen_mean = alt, mean
    return chosen


def _overrides_help(backtest, names, best, fixed, folds) -> bool:
    """Whether per-product exceptions improve the held-out score clearly."""
    usable = [f for f in folds if len(f.earlier) >= OVERRIDE_MIN_ORIGINS]
    if not usable:
        return False
    plain = _weighted(usable, lambda f, key: _score(backtest, names, best, key, f))

    def with_overrides(fold, key):
        alt = _override(backtest, names, best, fixed, key, fold.earlier)
        return _score(backtest, names, alt or best, key, fold)

    return _weighted(usable, with_overrides) < plain * (1.0 - MIN_GAIN)


def _bias_strength(backtest, names, best, folds, use_overrides, fixed, enabled):
    """Per-product bias correction strength, kept only when it clearly helps."""
    if not enabled:
        return 0.0

    def scored(strength):
        policy = _policy(backtest, names, best, fixed, use_overrides, strength)

        def one(fold, key):
            combination, factor = policy(fold, key)
            return _score(backtest, names, combination, key, fold, factor)

        return _weighted(folds, one)

    chosen, chosen_score = 0.0, scored(0.0)
    for strength in BIAS_STRENGTHS:
        value = scored(strength)
        if value < chosen_score * (1.0 - MIN_GAIN):
            chosen, chosen_score = strength, value
    return chosen


def loo_forecast(backtest, names, combination, key, offset) -> np.ndarray:
    """Forecast at ``offset`` with members ranked on every other origin."""
    return forecast_at(
        backtest, names, combination, key, offset, _loo(backtest.offsets, offset)
    )


def bias_ratio(backtest, names, combination, key, offsets) -> float:
    """Σ actual / Σ forecast over ``offsets`` (members ranked leave-one-out)."""
    h = backtest.score_horizon
    actual_sum = forecast_sum = 0.0
    for offset in offsets:
        if key not in backtest.actuals.get(offset, {}):
            continue
        a = backtest.actuals[offset][key][:h]
        f = forecast_at(
            backtest, names, combination, key, offset, _loo(offsets, offset)
        )[:h]
        known = np.isfinite(a)
        actual_sum += float(a[known].sum())
        forecast_sum += float(f[known].sum())
    return actual_sum / forecast_sum if forecast_sum > 0 else float("nan")
