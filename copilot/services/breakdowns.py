"""Answers split into one line per category or supplier ("카테고리별 판매",
"sales by supplier", "공급사별 발주 금액", "stock by category")."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from inventory import selectors as inventory_selectors
from policy import selectors as policy_selectors

from .common import (
    Context,
    CopilotAnswer,
    Table,
    baseline,
    compared_with,
    links,
    number,
    sales_definition,
    whole,
    won,
)
from .sales import default_period, units_by_product

# Families that can split their answer, and by what.
BREAKDOWNS: dict[str, frozenset[str]] = {
    "sales": frozenset({"category", "supplier"}),
    "order_quantity": frozenset({"supplier"}),
    "stock_level": frozenset({"category", "supplier"}),
    "forecast": frozenset({"category", "supplier"}),  # services/outlook.py
}


def applies(ctx: Context) -> bool:
    """The question asks for a split this family gives (and names no product)."""
    slots = ctx.slots
    return bool(slots.breakdown and not slots.products and
                slots.breakdown in BREAKDOWNS.get(ctx.parsed.intent, ()))


def not_applied(ctx: Context) -> str | None:
    """The split asked for that this answer does not give, or None."""
    slots = ctx.slots
    if not slots.breakdown or applies(ctx):
        return None
    return _("category") if slots.breakdown == "category" else _("supplier")


def _groups(ctx: Context) -> dict[int, tuple[int | None, str]]:
    """product id → (group key, group name) for the question's category/supplier
    filter; inactive products too, as their past sales still count."""
    slots, by = ctx.slots, ctx.slots.breakdown
    rows = inventory_selectors.product_list(
        organization=ctx.organization, active=None,
        category_id=slots.category.id if slots.category else None,
        supplier_id=slots.supplier.id if slots.supplier else None,
    ).values_list("pk", f"{by}_id", f"{by}__name")
    none = _("(no category)") if by == "category" else _("(no supplier)")
    return {pk: (key, name or none) for pk, key, name in rows}


def _totals(groups, by_product) -> dict[int | None, list]:
    totals: dict[int | None, list] = defaultdict(lambda: ["", 0, Decimal(0)])
    for product_id, (units, revenue) in by_product.items():
        if product_id in groups:
            key, name = groups[product_id]
            totals[key][0] = name
            totals[key][1] += units
            totals[key][2] += revenue
    return totals


def sales_breakdown(ctx: Context) -> CopilotAnswer:
    """Units and revenue per category or supplier, each against its previous
    period (the same definitions as the one-group answer)."""
    period = default_period(ctx)
    previous = baseline(period, ctx.slots.compare)
    groups = _groups(ctx)
    now = _totals(groups, units_by_product(ctx, period))
    before = _totals(groups, units_by_product(ctx, previous))
    keys = sorted(set(now) | set(before), key=lambda k: (
        -now[k][1] if k in now else 0, (now.get(k) or before[k])[0]))
    rows, parts, values = [], [], []
    for key in keys:
        name = (now.get(key) or before[key])[0]
        units, revenue = (now[key][1], now[key][2]) if key in now else (0, Decimal(0))
        previous_units = before[key][1] if key in before else 0
        change = round((units - previous_units) / previous_units * 100, 1) \
            if previous_units else None
        rows.append([name, units, whole(revenue), previous_units,
                     f"{change:+.1f}%" if change is not None else "–"])
        values += [units, whole(revenue), previous_units]
        values += [change] if change is not None else []
        parts.append(_("%(group)s %(units)s units (%(revenue)s%(change)s)") % {
            "group": name, "units": number(units), "revenue": won(revenue),
            "change": f", {change:+.1f}%" if change is not None else ""})
    template = (_("Sales by category from %(start)s to %(end)s: %(parts)s.")
                if ctx.slots.breakdown == "category" else
                _("Sales by supplier from %(start)s to %(end)s: %(parts)s."))
    text = template % {"start": period.start, "end": period.end,
                       "parts": "; ".join(parts) or _("no sales")}
    if ctx.slots.channel:
        text += " " + _("Channel: %(name)s.") % {"name": ctx.slots.channel.name}
    text += " " + compared_with(period, ctx.slots.compare)
    column = _("category") if ctx.slots.breakdown == "category" else _("supplier")
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language, values=values, period=period,
        table=Table([column, _("units"), _("revenue"), _("previous period units"),
                     _("change")], rows),
        definitions=[sales_definition(),
                     _("Change: against the same group in the previous period.")],
        links=links(ctx.link("inventory:sales_report", query={
            "group": "category" if ctx.slots.breakdown == "category" else "product",
            "end": period.end.isoformat()})))


def _order_groups(ctx: Context) -> dict[int | None, list]:
    """supplier id → [name, products, units, amount, products without a cost]:
    the order screen's lines (policy.selectors.to_order), due now or, when the
    question says "this week", due within the week."""
    slots = ctx.slots
    lines = policy_selectors.to_order_lines(
        organization=ctx.organization,
        within_days=policy_selectors.WEEK_DAYS if slots.period is not None else 0,
        supplier_id=slots.supplier.id if slots.supplier else None,
        category_id=slots.category.id if slots.category else None)
    groups: dict[int | None, list] = {}
    for line in lines:
        supplier = line.product.supplier
        group = groups.setdefault(line.product.supplier_id, [
            supplier.name if supplier else _("(no supplier)"), 0, 0, Decimal(0), 0])
        group[1] += 1
        group[2] += line.quantity
        if line.amount is not None:
            group[3] += line.amount
        else:
            group[4] += 1
    return groups


def order_breakdown(ctx: Context) -> CopilotAnswer:
    """The money to order per supplier: recommended quantities at unit cost."""
    groups = sorted(_order_groups(ctx).values(), key=lambda g: (-g[3], g[0]))
    url = ctx.link("policy:recommendation_list")
    if not groups:
        return CopilotAnswer(ctx.parsed.intent, _("Nothing needs ordering now."),
                             ctx.language, links=links(url))
    parts, values = [], []
    for name, count, units, amount, _missing in groups:
        values += [whole(amount), units]
        parts.append(_("%(supplier)s %(amount)s (%(units)s units of %(count)s "
                       "products)") % {"supplier": name, "amount": won(amount),
                                       "units": number(units), "count": count})
    total = whole(sum((g[3] for g in groups), Decimal(0)))
    text = _("To order by supplier, at unit cost: %(parts)s; %(total)s in "
             "all.") % {"parts": "; ".join(parts), "total": won(total)}
    values.append(total)
    missing = sum(g[4] for g in groups)
    if missing:
        text += " " + _("%(count)s products without a unit cost are not in the "
                        "amounts.") % {"count": missing}
        values.append(missing)
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language, values=values,
        table=Table([_("supplier"), _("products"), _("order quantity"), _("amount")],
                    [[name, count, units, whole(amount)]
                     for name, count, units, amount, _m in groups]),
        definitions=[_("Amount = recommended order quantity × the product's unit "
                       "cost (as in the answer to what to order).")],
        links=links(url))


def stock_breakdown(ctx: Context) -> CopilotAnswer:
    """Units on hand and their value at cost per category or supplier."""
    slots = ctx.slots
    by = slots.breakdown
    products = inventory_selectors.product_list(
        organization=ctx.organization, kind="single",
        category_id=slots.category.id if slots.category else None,
        supplier_id=slots.supplier.id if slots.supplier else None,
    ).values_list(f"{by}__name", "on_hand", "unit_cost")
    none = _("(no category)") if by == "category" else _("(no supplier)")
    totals: dict[str, list] = defaultdict(lambda: [0, Decimal(0), 0])
    for name, on_hand, cost in products:
        total = totals[name or none]
        total[0] += on_hand
        total[1] += on_hand * (cost or 0)
        total[2] += 1
    ordered = sorted(totals.items(), key=lambda item: (-item[1][1], item[0]))
    parts = [_("%(group)s %(units)s units (%(value)s)") % {
        "group": name, "units": number(units), "value": won(value)}
        for name, (units, value, _count) in ordered]
    template = (_("Stock on hand by category, at cost: %(parts)s.")
                if by == "category" else
                _("Stock on hand by supplier, at cost: %(parts)s."))
    values: list[int | float] = []
    for _name, (units, value, _count) in ordered:
        values += [units, whole(value)]
    column = _("category") if by == "category" else _("supplier")
    return CopilotAnswer(
        ctx.parsed.intent, template % {"parts": "; ".join(parts)}, ctx.language,
        values=values,
        table=Table([column, _("products"), _("on hand"), _("value at cost")],
                    [[name, count, units, whole(value)]
                     for name, (units, value, count) in ordered]),
        definitions=[_("Value at cost = units on hand × the product's unit cost; "
                       "sets hold no stock of their own and are left out.")],
        links=links(ctx.link("inventory:stock_status")))
