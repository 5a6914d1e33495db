"""Combine models from their backtest.

``selection.choose_combination`` picks, pooled over all products, among a few
robust candidates: the cross-validated top-k combination (``ranked``) and the
blends of the global model with the median of the statistical models
(``combination``).
"""

from .combination import BLEND, RANKED, Combination, blend_forecast, combine
from .ranked import (
    COMBINERS,
    MAX_K,
    SCOPES,
    SCORE_CAP,
    capped_score,
    choose_ranked,
    model_score,
    origin_score,
    pooled_ranking,
    rank_models,
    ranking,
    score,
)
from .selection import (
    GLOBAL_WEIGHTS,
    bias_ratio,
    candidates,
    choose_combination,
    combine_members,
    cv_scores,
    forecast_at,
    loo_forecast,
    members_for,
    shrink_ratio,
)

__all__ = [
    "BLEND",
    "COMBINERS",
    "GLOBAL_WEIGHTS",
    "MAX_K",
    "RANKED",
    "SCOPES",
    "SCORE_CAP",
    "Combination",
    "bias_ratio",
    "blend_forecast",
    "candidates",
    "capped_score",
    "choose_combination",
    "choose_ranked",
    "combine",
    "combine_members",
    "cv_scores",
    "forecast_at",
    "loo_forecast",
    "members_for",
    "model_score",
    "origin_score",
    "pooled_ranking",
    "rank_models",
    "ranking",
    "score",
    "shrink_ratio",
]
