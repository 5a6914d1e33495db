"""Families read from lots, purchase orders and alerts."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django.utils.translation import gettext as _

from alerts import selectors as alert_selectors
from alerts.models import Alert
from policy import selectors as policy_selectors

from .. import selectors
from .common import Context, CopilotAnswer, Table, label, links, number

LIST_LIMIT = 10


def _product_ids(ctx: Context) -> list[int] | None:
    return [p.id for p in ctx.slots.products] or None


def expiring_lots(ctx: Context) -> CopilotAnswer:
    """Lots with stock that expire within the window (default: the alert window)."""
    window = ctx.slots.days or policy_selectors.policy_settings_get(
        organization=ctx.organization).expiry_window_days
    until = ctx.today + dt.timedelta(days=window)
    slots = ctx.slots
    lots = list(selectors.expiring_lots(
        organization=ctx.organization, until=until, product_ids=_product_ids(ctx),
        category_id=slots.category.id if slots.category else None,
        supplier_id=slots.supplier.id if slots.supplier else None))
    url = ctx.link("alerts:alert_list", query={"kind": Alert.Kind.EXPIRY})
    definition = _("Expiring = a lot still holding stock whose expiry date is within "
                   "%(days)s days (the expiry alert window unless you name one).") % {
        "days": window}
    if not lots:
        return CopilotAnswer(
            ctx.parsed.intent,
            _("No lot with stock expires by %(date)s.") % {"date": until},
            ctx.language, definitions=[definition], links=links(url))
    shown = lots[:LIST_LIMIT]
    parts = ", ".join(
        _("%(product)s lot %(lot)s: %(units)s units, expires %(date)s (in %(days)s "
          "days)") % {"product": label(lot.product.sku, lot.product.name),
                      "lot": lot.code, "units": number(lot.on_hand),
                      "date": lot.expiry_date,
                      "days": number((lot.expiry_date - ctx.today).days)}
        for lot in shown)
    text = _("Lots expiring by %(date)s: %(list)s.") % {"date": until, "list": parts}
    values: list[int | float] = []
    for lot in shown:
        values += [lot.on_hand, (lot.expiry_date - ctx.today).days]
    table = Table([_("SKU"), _("product"), _("lot"), _("on hand"), _("expiry date")],
                  [[lot.product.sku, lot.product.name, lot.code, lot.on_hand,
                    lot.expiry_date] for lot in lots])
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language,
        products=[lot.product.sku for lot in shown], values=values, table=table,
        definitions=[definition],
        links=links(url, *[ctx.link("inventory:product_detail", lot.product_id)
                           for lot in shown]))


def open_pos(ctx: Context) -> CopilotAnswer:
    """Approved/sent purchase orders still awaiting goods, with arrival dates."""
    lines = policy_selectors.open_order_lines(organization=ctx.organization,
                                              product_ids=_product_ids(ctx))
    if ctx.slots.supplier:
        lines = lines.filter(order__supplier_id=ctx.slots.supplier.id)
    lines = list(lines.select_related("order", "order__supplier", "product")
                 .order_by("order__expected_date", "order_id", "product__sku"))
    url = ctx.link("policy:po_list")
    definition = _("Open purchase order = approved, sent or partly received, with "
                   "units still to arrive; arrival = the line's expected date, else "
                   "the order's.")
    if not lines:
        return CopilotAnswer(ctx.parsed.intent,
                             _("No purchase order is awaiting goods."), ctx.language,
                             definitions=[definition], links=links(url))
    orders: OrderedDict[int, list] = OrderedDict()
    for line in lines:
        orders.setdefault(line.order_id, []).append(line)
    parts, values, skus, urls = [], [], [], [url]
    for order_lines in list(orders.values())[:LIST_LIMIT]:
        order = order_lines[0].order
        due = order_lines[0].expected_date or order.expected_date
        items = ", ".join(f"{label(line.product.sku, line.product.name)} "
                          f"{number(line.remaining_quantity)}" for line in order_lines)
        parts.append(_("%(order)s from %(supplier)s, arriving %(date)s: %(items)s") % {
            "order": order.number, "supplier": order.supplier.name,
            "date": due or _("no date"), "items": items})
        values += [line.remaining_quantity for line in order_lines]
        skus += [line.product.sku for line in order_lines]
        urls.append(ctx.link("policy:po_detail", order.pk))
    text = _("Open purchase orders: %(list)s.") % {"list": "; ".join(parts)}
    table = Table([_("order"), _("supplier"), _("SKU"), _("units to arrive"),
                   _("expected arrival")],
                  [[line.order.number, line.order.supplier.name, line.product.sku,
                    line.remaining_quantity,
                    line.expected_date or line.order.expected_date or ""]
                   for line in lines])
    return CopilotAnswer(ctx.parsed.intent, text, ctx.language, products=skus,
                         values=values, table=table, definitions=[definition],
                         links=links(*urls))


def open_alerts(ctx: Context) -> CopilotAnswer:
    """Alerts open now: counts by severity and the most urgent ones."""
    url = ctx.link("alerts:alert_list")
    if ctx.slots.products:
        alerts = alert_selectors.product_open_alerts(organization=ctx.organization,
                                                     product_id=ctx.slots.products[0].id)
        values: list[int | float] = [len(alerts)]
        text = _("%(product)s has %(count)s open alerts.") % {
            "product": label(ctx.slots.products[0].sku, ctx.slots.products[0].name),
            "count": len(alerts)}
    else:
        counts = alert_selectors.open_alert_counts(organization=ctx.organization)
        alerts = list(alert_selectors.alert_list(organization=ctx.organization)[:5])
        values = [counts["total"], counts["critical"], counts["high"],
                  counts["medium"], counts["low"]]
        text = _("%(total)s open alerts: %(critical)s critical, %(high)s high, "
                 "%(medium)s medium, %(low)s low.") % counts
    if alerts:
        text += " " + _("Most urgent: %(list)s.") % {"list": ", ".join(
            f"{alert.get_kind_display()} {alert.product.sku}" for alert in alerts[:5])}
    table = Table([_("severity"), _("kind"), _("SKU"), _("product"), _("due")],
                  [[a.get_severity_display(), a.get_kind_display(), a.product.sku,
                    a.product.name, a.due_date or ""] for a in alerts])
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language,
        products=list(dict.fromkeys(a.product.sku for a in alerts[:5])),
        values=values, table=table,
        definitions=[_("Open alerts = open or acknowledged, not snoozed or "
                       "resolved.")],
        links=links(url))
