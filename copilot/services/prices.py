"""The average selling price ("평균 판매가", "average selling price"): revenue ÷
units from the net-sales selector. Revenue is what customers paid where the
ledger holds the amount (channel exports and channel sync), else units × the
product's list price; the answer says when part of it is such an estimate."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from inventory import selectors as inventory_selectors

from .. import selectors
from .common import (
    Context,
    CopilotAnswer,
    Table,
    estimated_notice,
    label,
    links,
    number,
    whole,
    won,
)
from .sales import default_period, sales_filters, subject_of


def _average(total: selectors.NetSales) -> Decimal | None:
    return total.revenue / total.priced_units if total.priced_units > 0 else None


def _definition() -> str:
    return _("Average selling price = revenue ÷ units sold (net of cancellations "
             "and returns). Revenue is what customers paid for the order lines "
             "(the amount in the channel export or channel sync); where no amount "
             "was recorded it is units × the product's list price. Units with "
             "neither an amount nor a selling price are left out.")


def _product_price(ctx: Context, period) -> CopilotAnswer:
    product = inventory_selectors.product_get(organization=ctx.organization,
                                              product_id=ctx.slots.products[0].id)
    total = selectors.net_sales_total(
        organization=ctx.organization, date_from=period.start, date_to=period.end,
        **sales_filters(ctx))
    average = _average(total)
    names = {"product": label(product.sku, product.name), "start": period.start,
             "end": period.end, "price": won(product.selling_price),
             "units": number(total.units)}
    if total.units <= 0:
        text = _("%(product)s sold nothing from %(start)s to %(end)s; its list "
                 "price is %(price)s.") % names
        values: list[int | float] = [whole(product.selling_price)]
    elif average is None:
        text = _("%(product)s has no selling price, so no average selling price: "
                 "%(units)s units sold from %(start)s to %(end)s.") % names
        values = [total.units]
    else:
        names.update(average=won(average), revenue=won(total.revenue),
                     priced=number(total.priced_units))
        text = _("Average selling price of %(product)s from %(start)s to %(end)s: "
                 "%(average)s (%(revenue)s ÷ %(priced)s units); its list price is "
                 "%(price)s.") % names
        values = [whole(average), whole(total.revenue), total.priced_units]
        if total.estimated_units:
            text += " " + estimated_notice(total.estimated_units, units=total.units,
                                           demo=ctx.organization.is_demo)
    return CopilotAnswer(
        "sales", text, ctx.language, products=[product.sku], values=values,
        period=period, definitions=[_definition()],
        links=links(ctx.link("inventory:product_detail", product.pk)))


def _line(name: str, total: selectors.NetSales) -> tuple[str, list, list]:
    """One subject's text, table row and values."""
    average = _average(total)
    unpriced = total.units - total.priced_units
    if average is None:
        text = _("%(name)s: no priced units sold") % {"name": name}
        return text, [name, None, total.units, 0], [total.units]
    text = _("%(name)s %(average)s (%(revenue)s ÷ %(units)s units)") % {
        "name": name, "average": won(average), "revenue": won(total.revenue),
        "units": number(total.priced_units)}
    values = [whole(average), whole(total.revenue), total.priced_units]
    if unpriced:
        text += " " + _("(%(count)s units without a selling price left out)") % {
            "count": number(unpriced)}
        values.append(unpriced)
    return text, [name, whole(average), total.priced_units, whole(total.revenue)], \
        values


def _group_names(ctx: Context, group: str) -> dict:
    """Group id → name of the channels, categories or suppliers split by."""
    if group == "channel":
        return {c.id: c.name for c in ctx.slots.channels}
    listed = (inventory_selectors.category_list if group == "category"
              else inventory_selectors.supplier_list)
    return {item.pk: item.name for item in listed(organization=ctx.organization)}


def average_price(ctx: Context) -> CopilotAnswer:
    """Revenue ÷ units in the period: of a product (its list price), of all
    products, a category, supplier or channel (mix-weighted), or one line per
    channel, category or supplier when asked."""
    period = default_period(ctx)
    if ctx.slots.products:
        return _product_price(ctx, period)
    slots = ctx.slots
    group = "channel" if slots.channels else slots.breakdown
    filters = sales_filters(ctx)
    totals = selectors.net_sales(organization=ctx.organization,
                                 date_from=period.start, date_to=period.end,
                                 group=group, **filters)
    if group:
        names = _group_names(ctx, group)
        subjects = [(names[key], totals.get(key, selectors.NetSales()))
                    for key in names if key in totals or group == "channel"]
        if None in totals and group != "channel":  # no category or supplier
            subjects.append((_("none"), totals[None]))
    else:
        subjects = [(subject_of(ctx), totals.get(None, selectors.NetSales()))]
    parts, rows, values = [], [], []
    estimated = sum(total.estimated_units for total in totals.values())
    for name, total in subjects:
        text, row, figures = _line(name, total)
        parts.append(text)
        rows.append(row)
        values += figures
    text = _("Average selling price from %(start)s to %(end)s: %(parts)s.") % {
        "start": period.start, "end": period.end, "parts": "; ".join(parts)}
    if estimated:
        text += " " + estimated_notice(
            estimated, units=sum(total.units for total in totals.values()),
            demo=ctx.organization.is_demo)
    return CopilotAnswer(
        "sales", text, ctx.language, values=values, period=period,
        table=Table([_("sold by") if group else _("subject"),
                     _("average selling price"), _("units"), _("revenue")], rows),
        definitions=[_definition()],
        links=links(ctx.link("inventory:sales_report", query={
            "group": group or "product", "measure": "revenue",
            "end": period.end.isoformat()})))
