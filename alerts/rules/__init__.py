"""Alert rules: which alerts a product deserves on a given day (pure, no Django).

``evaluate(state, as_of, settings)`` returns ``AlertCandidate`` objects; the
Django side dedupes them on ``key`` (organization + key while open), stores and
notifies. Money figures: ``revenue_at_risk`` = forecast sales lost before the
next possible receipt × price; ``cash_tied_up`` = excess units × unit cost.
Messages are English templates with ``%(name)s`` placeholders plus ``params``.

Modules: `state` (the inputs and ``AlertCandidate``), `evaluation` (``evaluate``,
``rank``), one module a family of rules: `reorder` (reorder, stock-out risk),
`surplus` (expiry, overstock), `data` (no movement, sales stopped, below zero).
"""

from .data import (
    FEED_STOP_KEY,
    FEED_STOP_MIN_PRODUCTS,
    FEED_STOP_SHARE,
    SALES_STOP_DAYS,
    STEADY_MIN_SALE_DAYS,
    STEADY_WINDOW_DAYS,
    data_alerts,
    feed_stop_summary,
)
from .evaluation import evaluate, rank
from .reorder import next_possible_receipt, reorder_alerts, stockout_risk_alerts
from .state import (
    KIND_RANK,
    SEVERITY_RANK,
    AlertCandidate,
    AlertKind,
    AlertSettings,
    LotState,
    OpenOrder,
    ProductState,
    Severity,
)
from .surplus import (
    expiry_alerts,
    overstock_alerts,
    unsold_before_expiry,
    whole_units,
)

__all__ = [
    "FEED_STOP_KEY",
    "FEED_STOP_MIN_PRODUCTS",
    "FEED_STOP_SHARE",
    "KIND_RANK",
    "SALES_STOP_DAYS",
    "SEVERITY_RANK",
    "STEADY_MIN_SALE_DAYS",
    "STEADY_WINDOW_DAYS",
    "AlertCandidate",
    "AlertKind",
    "AlertSettings",
    "LotState",
    "OpenOrder",
    "ProductState",
    "Severity",
    "data_alerts",
    "evaluate",
    "expiry_alerts",
    "feed_stop_summary",
    "next_possible_receipt",
    "overstock_alerts",
    "rank",
    "reorder_alerts",
    "stockout_risk_alerts",
    "unsold_before_expiry",
    "whole_units",
]
