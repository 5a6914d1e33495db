"""Families read from the stored recommendations: what to order, stock-out risk,
stock and cover, overstock, and why a recommendation is what it is."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from inventory import selectors as inventory_selectors
from inventory.models import Product
from policy import selectors as policy_selectors
from policy.messages import render_messages
from policy.models import Recommendation

from .common import (
    Context,
    CopilotAnswer,
    Table,
    label,
    links,
    number,
    one_decimal,
    whole,
    won,
)

WEEK_DAYS = 7
LIST_LIMIT = 10


def product_of(ctx: Context) -> Product:
    return inventory_selectors.product_get(organization=ctx.organization,
                                           product_id=ctx.slots.products[0].id)


def recommendation_of(ctx: Context, product: Product) -> Recommendation | None:
    return policy_selectors.recommendation_for_product(organization=ctx.organization,
                                                       product=product)


def _no_recommendation(ctx: Context, product: Product) -> CopilotAnswer:
    return CopilotAnswer(
        ctx.parsed.intent,
        _("%(product)s has no recommendation yet: it is computed after the "
          "nightly forecast.") % {"product": label(product.sku, product.name)},
        ctx.language, products=[product.sku],
        links=links(ctx.link("inventory:product_detail", product.pk)))


def _order_lines(ctx: Context) -> list[policy_selectors.ToOrderLine]:
    """The order screen's lines (policy.selectors.to_order): due now, or this
    week's when the question says "this week", most urgent first."""
    slots = ctx.slots
    lines = policy_selectors.to_order_lines(
        organization=ctx.organization,
        within_days=_within_days(ctx),
        supplier_id=slots.supplier.id if slots.supplier else None,
        category_id=slots.category.id if slots.category else None)
    return sorted(lines, key=lambda line: (
        line.order.due_date or dt.date.max, -line.quantity, line.product.sku))


def _within_days(ctx: Context) -> int:
    """Due now (0) without a period; with one, this week's order-by dates, or up
    to the period's last day when it lies further ahead ("다음주에 발주할 거")."""
    period = ctx.slots.period
    if period is None:
        return 0
    return max(WEEK_DAYS, (period.end - ctx.today).days)


def _order_part(line: policy_selectors.ToOrderLine) -> str:
    text = f"{label(line.product.sku, line.product.name)} {number(line.quantity)}"
    if line.order.drafted:
        text += " " + _("(on an order not sent yet)")
    elif line.order.upcoming:
        text += " " + _("(order by %(date)s)") % {"date": line.order.due_date}
    return text


def _one_product_text(order: policy_selectors.ToOrder) -> str:
    if order.drafted:
        return _("%(quantity)s units of %(product)s are on a purchase order not "
                 "sent yet (order by %(date)s).")
    if order.quantity > 0 and order.due_now:
        return _("Order %(quantity)s units of %(product)s (order by %(date)s).")
    if order.quantity > 0:
        return _("%(product)s needs nothing today: order %(quantity)s units by "
                 "%(date)s.")
    return _("%(product)s needs no order now (%(quantity)s units); next "
             "order by %(date)s.")


def _one_product(ctx: Context, definition: str) -> CopilotAnswer:
    product = product_of(ctx)
    rec = recommendation_of(ctx, product)
    if rec is None:
        return _no_recommendation(ctx, product)
    order = policy_selectors.to_order(
        rec, policy_selectors.draft_quantities(organization=ctx.organization))
    text = _one_product_text(order) % {
        "quantity": number(order.quantity),
        "product": label(product.sku, product.name),
        "date": (order.due_date if order.quantity else rec.order_by_date) or "—"}
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language, products=[product.sku],
        values=[order.quantity], definitions=[definition],
        links=links(ctx.link("policy:recommendation_list",
                             query={"q": product.sku, "show": "all"}),
                    ctx.link("inventory:product_detail", product.pk)))


def order_quantity(ctx: Context) -> CopilotAnswer:
    """How much to order: one product, a supplier, a category, or this week.

    The quantities, due dates and totals are the order screen's and the order
    sheet's (policy.selectors.to_order)."""
    definition = _("Order quantity = order-up-to level − inventory position (on hand "
                   "+ on order), rounded up to the MOQ and the order multiple; not "
                   "due today: the quantity due on the order-by date.")
    if ctx.slots.products:
        return _one_product(ctx, definition)
    lines = _order_lines(ctx)
    url = ctx.link("policy:recommendation_list")
    if not lines:
        return CopilotAnswer(ctx.parsed.intent, _("Nothing needs ordering now."),
                             ctx.language, definitions=[definition], links=links(url))
    shown = lines[:LIST_LIMIT]
    parts = ", ".join(_order_part(line) for line in shown)
    text = _("To order (units, most urgent first): %(list)s.") % {"list": parts}
    values: list[int | float] = [line.quantity for line in shown]
    if len(lines) > len(shown):
        text += " " + _("%(count)s more in the table.") % {
            "count": len(lines) - len(shown)}
        values.append(len(lines) - len(shown))
    totals = policy_selectors.to_order_totals(lines)
    text += " " + _("In all: %(units)s units, %(amount)s at unit cost.") % {
        "units": number(totals.units), "amount": won(totals.amount)}
    if totals.missing_cost:
        text += " " + _("%(count)s products have no unit cost: not in the "
                        "amount.") % {"count": totals.missing_cost}
    values += [totals.units, whole(totals.amount)]
    table = Table([_("SKU"), _("product"), _("order quantity"), _("order by"),
                   _("supplier")],
                  [[line.product.sku, line.product.name, line.quantity,
                    line.order.due_date or "", line.product.supplier.name
                    if line.product.supplier else ""] for line in lines])
    return CopilotAnswer(ctx.parsed.intent, text, ctx.language,
                         products=[line.product.sku for line in shown], values=values,
                         table=table, definitions=[definition],
                         period=ctx.slots.period, links=links(url))


def _days_until(day: dt.date | None, today: dt.date) -> int:
    return max(0, (day - today).days) if day else 0




def _risk_definition() -> str:
    return _("Stock-out risk = an expected stock-out before the next possible "
             "arrival, judged with open purchase orders arriving on their due "
             "dates: critical when out of stock, running out before an order "
             "placed today can arrive, or past the order-by date with no open "
             "order arriving in time; high when the order-by date is within the "
             "reorder alert window. A product whose open order arrives before "
             "the stock-out is not at risk.")


def stockout_risk(ctx: Context) -> CopilotAnswer:
    """Which products risk a stock-out, and when."""
    if ctx.slots.products:
        product = product_of(ctx)
        rec = recommendation_of(ctx, product)
        if rec is None:
            return _no_recommendation(ctx, product)
        name = label(product.sku, product.name)
        if rec.stockout_date:
            days = _days_until(rec.stockout_date, ctx.today)
            text = _("%(product)s is expected to run out on %(date)s, in %(days)s "
                     "days (%(on_hand)s units on hand).") % {
                "product": name, "date": rec.stockout_date, "days": number(days),
                "on_hand": number(whole(rec.on_hand))}
            values = [days, whole(rec.on_hand)]
        else:
            text = _("%(product)s is not expected to run out within 90 days "
                     "(%(on_hand)s units on hand).") % {
                "product": name, "on_hand": number(whole(rec.on_hand))}
            values = [whole(rec.on_hand)]
        return CopilotAnswer(
            ctx.parsed.intent, text, ctx.language, products=[product.sku],
            values=values, definitions=[_risk_definition()],
            links=links(ctx.link("inventory:product_detail", product.pk)))
    slots = ctx.slots
    rows = list(policy_selectors.stock_status_list(
        organization=ctx.organization,
        filters=policy_selectors.StockStatusFilters(
            risk="at_risk", category_id=slots.category.id if slots.category else None,
            supplier_id=slots.supplier.id if slots.supplier else None)))
    url = ctx.link("inventory:stock_status", query={"risk": "at_risk"})
    if not rows:
        return CopilotAnswer(ctx.parsed.intent,
                             _("No product is at risk of a stock-out."),
                             ctx.language, definitions=[_risk_definition()],
                             links=links(url))
    shown = rows[: ctx.slots.top_n or 5]
    parts = ", ".join(
        _("%(product)s (in %(days)s days)") % {
            "product": label(r.product.sku, r.product.name),
            "days": number(_days_until(r.stockout_date, ctx.today))}
        for r in shown)
    text = _("Highest stock-out risk first: %(list)s.") % {"list": parts}
    table = Table([_("SKU"), _("product"), _("on hand"), _("stock-out date"),
                   _("order by"), _("order quantity")],
                  [[r.product.sku, r.product.name, whole(r.on_hand),
                    r.stockout_date or "", r.order_by_date or "",
                    r.recommended_quantity] for r in rows])
    return CopilotAnswer(ctx.parsed.intent, text, ctx.language,
                         products=[r.product.sku for r in shown],
                         values=[_days_until(r.stockout_date, ctx.today)
                                 for r in shown],
                         table=table, definitions=[_risk_definition()],
                         links=links(url))


def stock_level(ctx: Context) -> CopilotAnswer:
    """Current stock and days of cover of a product (or of everything)."""
    definition = _("Days of cover = on hand ÷ forecast daily demand.")
    if ctx.slots.products:
        product = product_of(ctx)
        on_hand = product.on_hand
        if product.is_set:
            on_hand = inventory_selectors.set_available_quantity(
                organization=ctx.organization, product=product)
        rec = recommendation_of(ctx, product)
        name = label(product.sku, product.name)
        url = ctx.link("inventory:product_detail", product.pk)
        if rec is not None and rec.daily_demand > 0:
            cover = one_decimal(on_hand / rec.daily_demand)
            text = _("%(product)s: %(on_hand)s units on hand, %(cover)s days of "
                     "cover at %(demand)s a day.") % {
                "product": name, "on_hand": number(on_hand), "cover": number(cover),
                "demand": number(one_decimal(rec.daily_demand))}
            values = [on_hand, cover, one_decimal(rec.daily_demand)]
        else:
            text = _("%(product)s: %(on_hand)s units on hand.") % {
                "product": name, "on_hand": number(on_hand)}
            values = [on_hand]
        return CopilotAnswer(ctx.parsed.intent, text, ctx.language,
                             products=[product.sku], values=values,
                             definitions=[definition], links=links(url))
    if ctx.slots.category or ctx.slots.supplier:
        return _group_stock(ctx, definition)
    figures = inventory_selectors.dashboard_figures(organization=ctx.organization)
    text = _("%(units)s units on hand in total, worth %(value)s at cost; "
             "%(out)s products out of stock.") % {
        "units": number(figures.units_on_hand), "value": won(figures.inventory_value),
        "out": number(figures.out_of_stock)}
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language,
        values=[figures.units_on_hand, whole(figures.inventory_value),
                figures.out_of_stock],
        definitions=[definition], links=links(ctx.link("inventory:stock_status")))


def stock_below(ctx: Context) -> CopilotAnswer:
    """Active single products at or below a level on hand now (0: out of stock)."""
    slots, most = ctx.slots, ctx.slots.stock_max or 0
    products = list(inventory_selectors.product_list(
        organization=ctx.organization, kind=Product.Kind.SINGLE,
        category_id=slots.category.id if slots.category else None,
        supplier_id=slots.supplier.id if slots.supplier else None,
        ordering="on_hand").filter(on_hand__lte=most))
    products.sort(key=lambda p: (p.on_hand, p.sku))
    shown = products[:LIST_LIMIT]
    parts = ", ".join(f"{label(p.sku, p.name)} {number(p.on_hand)}" for p in shown)
    if most <= 0:
        text = (_("%(count)s products are out of stock now: %(list)s.") if products
                else _("No product is out of stock now.")) % {
            "count": len(products), "list": parts}
        definition = _("Out of stock = an active single product with 0 units on "
                       "hand now (sets have no stock of their own).")
    else:
        text = (_("%(count)s products have %(most)s units or fewer on hand: "
                  "%(list)s.") if products else
                _("No product has %(most)s units or fewer on hand.")) % {
            "count": len(products), "most": number(most), "list": parts}
        definition = _("Units on hand now, active single products (sets have no "
                       "stock of their own).")
    if len(products) > len(shown):
        text += " " + _("%(count)s more in the table.") % {
            "count": len(products) - len(shown)}
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language, products=[p.sku for p in shown],
        values=[len(products)] + [p.on_hand for p in shown],
        table=Table([_("SKU"), _("product"), _("on hand")],
                    [[p.sku, p.name, p.on_hand] for p in products]),
        definitions=[definition],
        links=links(ctx.link("inventory:stock_status")))


def _group_stock(ctx: Context, definition: str) -> CopilotAnswer:
    """Units on hand of a category's or a supplier's single products."""
    slots = ctx.slots
    products = list(inventory_selectors.product_list(
        organization=ctx.organization, kind=Product.Kind.SINGLE,
        category_id=slots.category.id if slots.category else None,
        supplier_id=slots.supplier.id if slots.supplier else None))
    units = sum(p.on_hand for p in products)
    name = (slots.category or slots.supplier).name
    text = _("%(name)s: %(units)s units on hand over %(count)s products.") % {
        "name": name, "units": number(units), "count": len(products)}
    table = Table([_("SKU"), _("product"), _("on hand")],
                  [[p.sku, p.name, p.on_hand] for p in products])
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language, values=[units, len(products)],
        table=table, definitions=[definition],
        links=links(ctx.link("inventory:stock_status", query={
            "category": slots.category.id if slots.category else "",
            "supplier": slots.supplier.id if slots.supplier else ""})))


def overstock(ctx: Context) -> CopilotAnswer:
    """Products holding more than they need, and the money tied up."""
    definition = _("Overstock = on hand − (daily forecast × lead time + safety "
                   "stock), when above zero; valued at unit cost.")
    slots = ctx.slots
    rows = list(policy_selectors.stock_status_list(
        organization=ctx.organization,
        filters=policy_selectors.StockStatusFilters(
            show="overstock", sort="-overstock_value",
            category_id=slots.category.id if slots.category else None,
            supplier_id=slots.supplier.id if slots.supplier else None)))
    if ctx.slots.products:
        wanted = {p.id for p in ctx.slots.products}
        rows = [r for r in rows if r.product_id in wanted]
    url = ctx.link("inventory:stock_status", query={"show": "overstock"})
    if not rows:
        return CopilotAnswer(ctx.parsed.intent, _("No overstock."), ctx.language,
                             definitions=[definition], links=links(url))
    total = whole(sum(r.overstock_value or 0 for r in rows))
    shown = rows[: ctx.slots.top_n or 5]
    parts = ", ".join(f"{label(r.product.sku, r.product.name)} "
                      f"{number(whole(r.overstock_units))} ({won(r.overstock_value)})"
                      for r in shown)
    text = _("Overstock worth %(total)s at cost: %(list)s.") % {
        "total": won(total), "list": parts}
    values: list[int | float] = [total]
    for r in shown:
        values += [whole(r.overstock_units), whole(r.overstock_value)]
    table = Table([_("SKU"), _("product"), _("on hand"), _("overstock"),
                   _("value at cost")],
                  [[r.product.sku, r.product.name, whole(r.on_hand),
                    whole(r.overstock_units), whole(r.overstock_value)]
                   for r in rows])
    return CopilotAnswer(ctx.parsed.intent, text, ctx.language,
                         products=[r.product.sku for r in shown], values=values,
                         table=table, definitions=[definition], links=links(url))


def why_figures(rec: Recommendation) -> list[int | float]:
    """The figures a "why" answer states, in the order it states them."""
    return [rec.recommended_quantity, whole(rec.on_hand), whole(rec.on_order),
            one_decimal(rec.daily_demand), one_decimal(rec.lead_time_days),
            whole(rec.safety_stock), whole(rec.reorder_point), whole(rec.order_up_to)]


def why_recommendation(ctx: Context) -> CopilotAnswer:
    """The reason text behind a product's recommended order."""
    product = product_of(ctx)
    rec = recommendation_of(ctx, product)
    if rec is None:
        return _no_recommendation(ctx, product)
    reasons = render_messages(rec.messages) or [rec.reason]
    figures = why_figures(rec)
    text = _("%(product)s: recommended order %(quantity)s units (on hand %(on_hand)s, "
             "on order %(on_order)s, daily demand %(demand)s, lead time %(lead)s days, "
             "safety stock %(safety)s, reorder point %(reorder)s, order-up-to level "
             "%(up_to)s). Why: %(reason)s") % {
        "product": label(product.sku, product.name),
        "quantity": number(figures[0]), "on_hand": number(figures[1]),
        "on_order": number(figures[2]), "demand": number(figures[3]),
        "lead": number(figures[4]), "safety": number(figures[5]),
        "reorder": number(figures[6]), "up_to": number(figures[7]),
        "reason": " ".join(reasons)}
    table = Table([_("figure"), _("value")], [
        [_("on hand"), whole(rec.on_hand)], [_("on order"), whole(rec.on_order)],
        [_("daily demand"), one_decimal(rec.daily_demand)],
        [_("lead time (days)"), one_decimal(rec.lead_time_days)],
        [_("safety stock"), whole(rec.safety_stock)],
        [_("reorder point"), whole(rec.reorder_point)],
        [_("order-up-to level"), whole(rec.order_up_to)],
        [_("recommended quantity"), rec.recommended_quantity]])
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language, products=[product.sku],
        values=figures, table=table,
        definitions=[_("Reorder point = expected demand over the lead time + safety "
                       "stock.")],
        links=links(ctx.link("inventory:product_detail", product.pk),
                    ctx.link("policy:recommendation_list",
                             query={"q": product.sku, "show": "all"})))
