"""Choose the combination among a few robust candidates, pooled over all products.

Selecting among many candidates on a handful of backtest origins overfits (a
previous attempt offered every single model and lost up to 18 % WAPE to the
global model). So the pool is small and nested around two robust forecasts:

* the cross-validated top-k combination of ``ranked`` (the engine's default),
* the blends ``w`` × global model + (1 − ``w``) × median of the statistical
  models for ``w`` in ``GLOBAL_WEIGHTS`` (0 is the statistical median, what an
  off-the-shelf reference does; 1 is the global model alone). Blends of a
  global ML model and a robust statistical combination rarely lose to either.

Every candidate is scored on every backtest origin, pooled over all products:
WAPE and mean RMSSE, each relative to the statistical median at that origin
(scale-free, so both count equally), the newest origins weighing most. Absolute
bias only enters with the small weight ``BIAS_WEIGHT``. One choice for all
products: nothing is picked per product. Per-product bias correction is tried
only when asked for and kept only when it improves the same score clearly.

The blends are fixed, but the ranked candidate's combiner, k and scope are
themselves chosen on these origins; scored on them plainly it would be judged
on origins it was fitted to. It is scored by nested cross-validation instead:
each origin is forecast by the ranked combination chosen on the other origins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from ..backtest import Backtest
from .combination import BLEND, RANKED, Combination, blend_forecast, combine
from .ranked import _combined_at, choose_ranked, ranking

GLOBAL_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
# Fewer statistical models than this make no robust median: no blends then.
MIN_STATISTICAL = 3
# Weight of an origin halves every RECENCY_HALF_LIFE origins back in time.
RECENCY_HALF_LIFE = 2.0
BIAS_WEIGHT = 0.25
BIAS_STRENGTHS = (0.5, 1.0)
BIAS_BOUNDS = (0.67, 1.5)
# A refinement (bias correction) must improve the score by this share to be kept.
MIN_GAIN = 0.01

Forecaster = Callable[[str, int], np.ndarray]  # (key, offset) -> path at that origin


def candidates(
    ranked: Combination, names: Sequence[str], global_names: Sequence[str] = ()
) -> list[Combination]:
    """The blends of each global model (if any), then the ranked combination.

    Ties go to the earlier candidate: a fixed blend reads more plainly than a
    ranking that happens to produce the same forecasts.
    """
    stats = tuple(n for n in names if n not in global_names)
    globals_ = [n for n in names if n in global_names]
    if len(stats) < MIN_STATISTICAL or not globals_:
        return [ranked]
    pool = [Combination.blend(globals_[0], 0.0, stats)]
    for name in globals_:
        pool += [Combination.blend(name, w, stats) for w in GLOBAL_WEIGHTS if w > 0]
    return [*pool, ranked]


def choose_combination(
    backtest: Backtest,
    names: Sequence[str],
    mode: str = "auto",
    top_k: int | None = None,
    *,
    global_names: Sequence[str] = (),
    bias_correction: bool = False,
    nested_ranked: bool = True,
) -> Combination:
    """The candidate with the best recency-weighted score on the backtest origins.

    ``mode`` other than "auto" or a fixed ``top_k`` ask for a ranked
    combination: it is the only candidate then. ``nested_ranked=False`` scores
    the ranked candidate plainly, as before nesting (bench/replay_selection.py).
    """
    ranked = choose_ranked(backtest, names, mode, top_k)
    pool = (
        [ranked] if mode != "auto" or top_k else candidates(ranked, names, global_names)
    )
    if (len(pool) == 1 and not bias_correction) or not backtest.offsets:
        return ranked
    base = _baseline_totals(backtest, names, pool)
    scores = cv_scores(
        backtest, names, pool, base, nested_ranked=nested_ranked and len(pool) > 1
    )
    best = min(pool, key=scores.__getitem__)  # ties keep the pool's order
    if not bias_correction:
        return best
    chosen, chosen_score = best, scores[best]
    for strength in BIAS_STRENGTHS:
        corrected = replace(best, bias_strength=strength)
        value = _relative_score(
            _origin_totals(backtest, _corrected_forecaster(backtest, names, corrected)),
            base,
        )
        if value < chosen_score * (1.0 - MIN_GAIN):
            chosen, chosen_score = corrected, value
    return chosen


def cv_scores(
    backtest: Backtest,
    names: Sequence[str],
    pool: Sequence[Combination],
    base: dict[int, tuple] | None = None,
    *,
    nested_ranked: bool = False,
) -> dict[Combination, float]:
    """Each candidate's score on the origins (see the module docstring).

    ``nested_ranked``: the ranked candidate's combiner, k and scope were chosen
    by cross-validation on these same origins, so its plain score is optimistic
    against the fixed blends. It is then scored as it would have been chosen
    without each held-out origin (nested cross-validation).
    """
    base = base if base is not None else _baseline_totals(backtest, names, pool)
    scores = {}
    for c in pool:
        if nested_ranked and c.kind == RANKED:
            forecaster = _nested_ranked_forecaster(backtest, names)
        else:
            forecaster = _loo_forecaster(backtest, names, c)
        scores[c] = _relative_score(_origin_totals(backtest, forecaster), base)
    return scores


def _nested_ranked_forecaster(backtest: Backtest, names: Sequence[str]) -> Forecaster:
    """The ranked combination at each origin as chosen on the other origins only.

    The copies share the backtest's caches, whose keys name their origins.
    """
    chosen = {
        o: choose_ranked(
            replace(backtest, offsets=tuple(x for x in backtest.offsets if x != o)),
            names,
        )
        for o in backtest.offsets
    }
    return lambda key, offset: loo_forecast(backtest, names, chosen[offset], key, offset)


def _baseline_totals(backtest, names, pool) -> dict[int, tuple]:
    """Per-origin totals of the statistical median (else of the first candidate)."""
    baseline = next((c for c in pool if c.kind == BLEND and c.global_weight == 0), None)
    return _origin_totals(
        backtest, _loo_forecaster(backtest, names, baseline or pool[0])
    )


def origin_weights(offsets: Sequence[int]) -> dict[int, float]:
    """Recency weights: 1 for the newest origin, halving every half-life back."""
    newest_first = sorted(offsets)
    return {o: 0.5 ** (age / RECENCY_HALF_LIFE) for age, o in enumerate(newest_first)}


def _origin_totals(backtest: Backtest, forecast: Forecaster) -> dict[int, tuple]:
    """Per origin: (Σ|error|, Σ actual, Σ forecast, mean RMSSE) over its products."""
    h = backtest.score_horizon
    totals = {}
    for offset in backtest.offsets:
        abs_err = actual = predicted = 0.0
        rmsse = []
        for key in backtest.keys_at(offset):
            a = backtest.actuals[offset][key][:h]
            f = np.asarray(forecast(key, offset), dtype=float)[:h]
            known = np.isfinite(a)
            a, f = a[known], f[known]
            abs_err += float(np.abs(a - f).sum())
            actual += float(a.sum())
            predicted += float(f.sum())
            mse_scale = backtest.scales[offset][key][1]
            if mse_scale > 0 and a.size:
                rmsse.append(float(np.sqrt(np.mean((a - f) ** 2) / mse_scale)))
        if actual > 0:
            totals[offset] = (abs_err, actual, predicted, float(np.mean(rmsse or [0])))
    return totals


def _relative_score(totals: dict[int, tuple], base: dict[int, tuple]) -> float:
    """Weighted mean of WAPE and RMSSE relative to ``base``, plus a little |bias|."""
    offsets = [o for o in totals if o in base]
    if not offsets:
        return float("inf")
    weights = origin_weights(offsets)
    relative = weight = actual = predicted = 0.0
    for o in offsets:
        abs_err, a, f, rmsse = totals[o]
        base_wape = base[o][0] / base[o][1]
        parts = [abs_err / a / base_wape if base_wape > 0 else 1.0]
        parts.append(rmsse / base[o][3] if base[o][3] > 0 else 1.0)
        relative += weights[o] * float(np.mean(parts))
        weight += weights[o]
        actual += weights[o] * a
        predicted += weights[o] * f
    return relative / weight + BIAS_WEIGHT * abs(predicted - actual) / actual


def _corrected_forecaster(backtest, names, combination) -> Forecaster:
    """Bias-corrected paths, each factor learnt on the other origins only."""
    plain = replace(combination, bias_strength=0.0)

    def corrected(key: str, offset: int) -> np.ndarray:
        others = [o for o in backtest.offsets if o != offset]
        ratio = bias_ratio(backtest, names, plain, key, others, pool=others)
        factor = shrink_ratio(ratio, combination.bias_strength)
        return loo_forecast(backtest, names, plain, key, offset) * factor

    return corrected


def _loo_forecaster(backtest, names, combination) -> Forecaster:
    return lambda key, offset: loo_forecast(backtest, names, combination, key, offset)


def members_for(
    backtest: Backtest,
    names: Sequence[str],
    combination: Combination,
    key: str,
    offsets: Sequence[int],
) -> list[str]:
    """The models combined for ``key`` (ranked on ``offsets`` when ranked)."""
    if combination.kind == BLEND:
        return list(combination.members)
    return ranking(backtest, names, key, offsets, combination.scope)[: combination.k]


def combine_members(
    combination: Combination, members: Sequence[str], forecasts: Sequence[np.ndarray]
) -> np.ndarray:
    """One path from the members' paths (in the order of ``members``)."""
    if combination.kind == BLEND:
        return blend_forecast(combination, dict(zip(members, forecasts, strict=True)))
    return combine(forecasts, combination.combiner)


def forecast_at(
    backtest: Backtest,
    names: Sequence[str],
    combination: Combination,
    key: str,
    offset: int,
    rank_offsets: Sequence[int],
) -> np.ndarray:
    """The combination's path at ``offset`` (a ranked one ranks on ``rank_offsets``)."""
    if combination.kind == BLEND:
        return _blend_at(backtest, combination, key, offset)
    order = ranking(backtest, names, key, rank_offsets, combination.scope)
    return _combined_at(backtest, order, offset, key, combination)


def _blend_at(
    backtest: Backtest, combination: Combination, key: str, offset: int
) -> np.ndarray:
    """A blend's path at ``offset``; the statistical median is computed once per
    series and origin for all the blend weights (the selection scores each)."""
    paths = {n: backtest.forecasts[n][offset][key] for n in combination.members}
    if combination.global_weight >= 1.0:
        return blend_forecast(combination, paths)
    cache_key = (combination.statistical, key, offset)
    median = backtest.medians.get(cache_key)
    if median is None:
        median = combine([paths[n] for n in combination.statistical], "median")
        backtest.medians[cache_key] = median
    return blend_forecast(combination, paths, median.copy())


def loo_forecast(
    backtest: Backtest,
    names: Sequence[str],
    combination: Combination,
    key: str,
    offset: int,
    pool: Sequence[int] | None = None,
) -> np.ndarray:
    """Combined forecast at ``offset`` with members ranked on the other origins."""
    pool = backtest.offsets if pool is None else pool
    others = [o for o in pool if o != offset] or [offset]
    return forecast_at(backtest, names, combination, key, offset, others)


def bias_ratio(
    backtest: Backtest,
    names: Sequence[str],
    combination: Combination,
    key: str,
    offsets: Sequence[int],
    pool: Sequence[int] | None = None,
) -> float:
    """Σ actual / Σ forecast of the leave-one-origin-out ensemble (NaN when unknown)."""
    h = backtest.score_horizon
    actual_sum = forecast_sum = 0.0
    for offset in offsets:
        if key not in backtest.actuals.get(offset, {}):
            continue
        a = backtest.actuals[offset][key][:h]
        f = loo_forecast(backtest, names, combination, key, offset, pool)[:h]
        known = np.isfinite(a)
        actual_sum += float(a[known].sum())
        forecast_sum += float(f[known].sum())
    return actual_sum / forecast_sum if forecast_sum > 0 else float("nan")


def shrink_ratio(ratio: float, strength: float) -> float:
    """Damp a bias ratio: ratio**strength, bounded so one bad window cannot dominate."""
    if not np.isfinite(ratio) or strength == 0.0 or ratio <= 0:
        return 1.0
    return float(np.clip(ratio**strength, *BIAS_BOUNDS))
