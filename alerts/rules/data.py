"""Data alerts: no movement for long, a steady seller that stopped selling while
in stock (one alert when the whole sales feed stopped), stock taken below zero."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from policy.formulas import _

from .state import AlertCandidate, AlertSettings, ProductState

# A steady seller (sold on at least STEADY_MIN_SALE_DAYS of the STEADY_WINDOW_DAYS
# before the gap) with stock on hand and no sale for SALES_STOP_DAYS: a listing
# taken down or a feed that stopped, which the forecast would read as no demand.
SALES_STOP_DAYS = 14
STEADY_WINDOW_DAYS = 90
STEADY_MIN_SALE_DAYS = 30
# When at least this many steady sellers, and this share of them, stop
# together, the feed has stopped, not the products: one alert instead of many.
FEED_STOP_MIN_PRODUCTS = 5
FEED_STOP_SHARE = 0.5
FEED_STOP_KEY = "sales_stopped:feed"


def data_alerts(
    state: ProductState, as_of: date, settings: AlertSettings
) -> list[AlertCandidate]:
    """No movement for a long time; a steady seller stopped selling while in
    stock; attempts to take stock below zero."""
    alerts: list[AlertCandidate] = []
    last = state.last_movement_date
    if last is None or (as_of - last).days >= settings.no_movement_days:
        params = {"last": last, "days": settings.no_movement_days}
        message = (_("No stock movement recorded yet.") if last is None else
                   _("No stock movement since %(last)s (%(days)s days or more)."))
        alerts.append(AlertCandidate("data", "low", f"{state.key}:data:no_movement",
                                     message, params, due_date=last))
    stopped = _sales_stopped(state, as_of)
    if stopped is not None:
        alerts.append(stopped)
    if state.negative_stock_attempts > 0:
        params = {"count": state.negative_stock_attempts}
        message = _("%(count)s attempts to take stock below zero: check the counts.")
        alerts.append(AlertCandidate("data", "medium",
                                     f"{state.key}:data:negative_stock", message,
                                     params))
    return alerts


def _steady_in_stock(state: ProductState) -> bool:
    """Sold on STEADY_MIN_SALE_DAYS or more of the window, and has stock on hand."""
    return state.sale_days_before_gap >= STEADY_MIN_SALE_DAYS and state.on_hand_units > 0


def _sales_stopped_key(product_key: str) -> str:
    return f"{product_key}:data:sales_stopped"


def _sales_stopped(state: ProductState, as_of: date) -> AlertCandidate | None:
    """A steady seller in stock that has not sold for SALES_STOP_DAYS, with no
    sales pause recorded: the forecast would read the gap as zero demand."""
    last = state.last_sale_date
    if (
        last is None
        or not _steady_in_stock(state)
        or state.paused_since_last_sale
        or (as_of - last).days < SALES_STOP_DAYS
    ):
        return None
    params = {
        "days": (as_of - last).days,
        "on_hand": int(state.on_hand_units),
        "sale_days": state.sale_days_before_gap,
        "window": STEADY_WINDOW_DAYS,
    }
    message = _(
        "No sales for %(days)s days although %(on_hand)s units are in stock "
        "(it sold on %(sale_days)s of the %(window)s days before). If the listing "
        "was down, add a sales pause on the events page so the forecast does not "
        "read these days as zero demand; otherwise check the channel and the feed."
    )
    return AlertCandidate("data", "medium", _sales_stopped_key(state.key),
                          message, params, due_date=last)


def feed_stop_summary(
    states: Sequence[ProductState], candidates: Iterable[AlertCandidate]
) -> tuple[AlertCandidate | None, set[str]]:
    """One alert when most steady sellers stopped together (the sales feed, a
    channel connection or the daily upload, has probably stopped), and the
    per-product keys it replaces; (None, set()) otherwise."""
    steady = [s for s in states if _steady_in_stock(s)]
    keys = {c.key for c in candidates}
    stopped = {_sales_stopped_key(s.key) for s in steady} & keys
    if len(stopped) < max(FEED_STOP_MIN_PRODUCTS, FEED_STOP_SHARE * len(steady)):
        return None, set()
    since = max(s.last_sale_date for s in steady
                if _sales_stopped_key(s.key) in stopped and s.last_sale_date)
    message = _(
        "%(count)s of your %(steady)s steady sellers have sold nothing since "
        "%(since)s although they are in stock: the sales feed (a channel "
        "connection or the daily upload) has probably stopped. Check the "
        "channel connections and the uploads."
    )
    params = {"count": len(stopped), "steady": len(steady), "since": since}
    return (AlertCandidate("data", "high", FEED_STOP_KEY, message, params,
                           due_date=since), stopped)
