"""Every alert one product deserves on a day, most urgent first."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .data import data_alerts
from .reorder import reorder_alerts, stockout_risk_alerts
from .state import KIND_RANK, SEVERITY_RANK, AlertCandidate, AlertSettings, ProductState
from .surplus import expiry_alerts, overstock_alerts


def evaluate(
    state: ProductState, as_of: date, settings: AlertSettings | None = None
) -> list[AlertCandidate]:
    """Every alert the product deserves on ``as_of``, most urgent first."""
    settings = settings or AlertSettings()
    candidates = [
        *reorder_alerts(state, as_of, settings),
        *stockout_risk_alerts(state, as_of),
        *expiry_alerts(state, as_of, settings),
        *overstock_alerts(state, as_of, settings),
        *data_alerts(state, as_of, settings),
    ]
    return rank(candidates)


def rank(candidates: Iterable[AlertCandidate]) -> list[AlertCandidate]:
    """Severity, then money at stake (revenue at risk or cash), kind, date."""
    return sorted(candidates, key=lambda a: (
        SEVERITY_RANK[a.severity], -max(a.revenue_at_risk, a.cash_tied_up),
        KIND_RANK[a.kind], a.due_date or date.max, a.key))
