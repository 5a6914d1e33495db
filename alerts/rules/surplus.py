"""Expiry and overstock alerts: stock that will not sell in time
(``cash_tied_up`` = excess or unsold units × unit cost)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from policy.engine import ProjectedDay
from policy.formulas import _, won_text

from .state import AlertCandidate, AlertSettings, LotState, ProductState, Severity


def whole_units(units: float) -> int:
    """A stock count for a message: stock is held in whole units."""
    return int(round(units))


def unsold_before_expiry(
    lots: Sequence[LotState], projection: Sequence[ProjectedDay], as_of: date
) -> dict[str, float]:
    """Units of each lot the forecast will not sell before it expires (FEFO).

    Lots are sold first-expiring-first; a lot sells on days before its expiry
    date; the units of earlier lots that expire unsold do not consume demand.
    """
    unsold: dict[str, float] = {}
    sold_so_far = 0.0
    for lot in sorted(lots, key=lambda lot: (lot.expiry_date, lot.key)):
        demand_before = sum(d.demand_units for d in projection
                            if as_of < d.day < lot.expiry_date)
        sold = min(lot.quantity_units, max(0.0, demand_before - sold_so_far))
        sold_so_far += sold
        unsold[lot.key] = lot.quantity_units - sold
    return unsold


def expiry_alerts(
    state: ProductState, as_of: date, settings: AlertSettings
) -> list[AlertCandidate]:
    """Lots expiring within the window, with the units the forecast won't sell."""
    unsold = unsold_before_expiry(state.lots, state.projection, as_of)
    limit = as_of + timedelta(days=settings.expiry_window_days)
    alerts: list[AlertCandidate] = []
    for lot in state.lots:
        if lot.expiry_date > limit or lot.quantity_units <= 0:
            continue
        left = unsold[lot.key]
        params = {"lot": lot.key, "expiry": lot.expiry_date,
                  "quantity": whole_units(lot.quantity_units),
                  "unsold": whole_units(left)}
        if lot.expiry_date <= as_of:
            severity: Severity = "high"
            message = _("Lot %(lot)s expired on %(expiry)s with %(quantity)s units.")
        else:
            severity = "medium" if left > 0 else "low"
            message = _("Lot %(lot)s expires on %(expiry)s: %(unsold)s of "
                        "%(quantity)s units will not sell before then.")
        alerts.append(AlertCandidate(
            "expiry", severity, f"{state.key}:expiry:{lot.key}", message, params,
            cash_tied_up=left * state.unit_cost, due_date=lot.expiry_date))
    return alerts


def overstock_alerts(
    state: ProductState, as_of: date, settings: AlertSettings
) -> list[AlertCandidate]:
    """Overstock per the active mode, except in the grace days after a receipt."""
    if state.overstock_units <= 0:
        return []
    if state.last_receipt_date is not None and (
        as_of - state.last_receipt_date
    ).days < settings.overstock_grace_days_after_receipt:
        return []
    month = [d.demand_units for d in state.projection[:30]]
    daily = sum(month) / len(month) if month else 0.0
    cover = math.inf if daily <= 0 else state.overstock_units / daily
    severity: Severity = "medium" if cover >= settings.overstock_medium_cover_days else "low"
    params = {"excess": whole_units(state.overstock_units),
              "cover_days": None if math.isinf(cover) else round(cover),
              "cash": won_text(state.overstock_units * state.unit_cost)}
    if math.isinf(cover):
        message = _("Overstock: %(excess)s units and no sales forecast (%(cash)s "
                    "tied up).")
    else:
        message = _("Overstock: %(excess)s units more than needed (%(cash)s tied "
                    "up, about %(cover_days)s days of sales).")
    return [AlertCandidate("overstock", severity, f"{state.key}:overstock", message,
                           params, cash_tied_up=state.overstock_units * state.unit_cost)]
