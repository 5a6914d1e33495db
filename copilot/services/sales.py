"""Families read from the ledger and the forecasts: sales, best and worst
sellers, the forecast of a product, forecast accuracy."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from forecasting import selectors as forecasting_selectors
from forecasting.services.accuracy import backtest_report
from inventory import selectors as inventory_selectors

from .. import charts, selectors
from ..engine import Period
from .common import (
    Context,
    CopilotAnswer,
    Table,
    baseline,
    baseline_label,
    compared_with,
    estimated_notice,
    label,
    links,
    number,
    sales_definition,
    whole,
    won,
)
from .planning import product_of

DEFAULT_DAYS = 30


def default_period(ctx: Context) -> Period:
    """The asked period, else the last 30 days up to today."""
    return ctx.slots.period or Period(
        ctx.today - dt.timedelta(days=DEFAULT_DAYS - 1), ctx.today, "days")


def sales_filters(ctx: Context) -> dict:
    """The question's product, category, supplier and channel as `net_sales`
    filters: every sales answer counts the same rows."""
    slots = ctx.slots
    return {
        "product_ids": [p.id for p in slots.products] or None,
        "category_id": slots.category.id if slots.category and not slots.products
        else None,
        "supplier_id": slots.supplier.id if slots.supplier and not slots.products
        else None,
        "channel_id": slots.channel.id if slots.channel else None,
    }


def sold_total(ctx: Context, period: Period) -> selectors.NetSales:
    """What sold in the period for the question's filter."""
    return selectors.net_sales_total(
        organization=ctx.organization, date_from=period.start, date_to=period.end,
        **sales_filters(ctx))


def sold(ctx: Context, period: Period) -> tuple[int, Decimal]:
    """Units and revenue sold in the period for the question's filter."""
    total = sold_total(ctx, period)
    return total.units, total.revenue


def _weekly_chart(ctx: Context, period: Period) -> dict | None:
    weeks = {week: total.units for week, total in selectors.net_sales(
        organization=ctx.organization, date_from=period.previous().start,
        date_to=period.end, weekly=True, **sales_filters(ctx)).items()}
    if len(weeks) < 2:
        return None
    days = sorted(weeks)
    return charts.weekly_sales_chart(days, [weeks[d] for d in days], period.start)


def subject_of(ctx: Context) -> str:
    slots = ctx.slots
    parts = []
    if slots.products:
        parts.append(label(slots.products[0].sku, slots.products[0].name))
    if slots.category:
        parts.append(_("category %(name)s") % {"name": slots.category.name})
    if slots.supplier and not slots.products:
        parts.append(_("supplier %(name)s") % {"name": slots.supplier.name})
    if slots.channel:
        parts.append(slots.channel.name)
    return ", ".join(parts) or _("all products")


def _for_channel(ctx: Context, channel) -> Context:
    """The same question about one channel."""
    slots = dataclasses.replace(ctx.slots, channel=channel, channels=())
    return dataclasses.replace(ctx, parsed=dataclasses.replace(ctx.parsed, slots=slots))


def _change(units: int, previous: int) -> float | None:
    return round((units - previous) / previous * 100, 1) if previous else None


def sales_by_channel(ctx: Context) -> CopilotAnswer:
    """Each channel's units and revenue in the period, side by side, each against
    its own previous period (the same definitions as the one-channel answer)."""
    period = default_period(ctx)
    previous = baseline(period, ctx.slots.compare)
    rows, parts, values = [], [], []
    estimated = sold_units = 0
    for channel in ctx.slots.channels:
        one = _for_channel(ctx, channel)
        total = sold_total(one, period)
        units, revenue = total.units, total.revenue
        estimated += total.estimated_units
        sold_units += units
        previous_units, _revenue = sold(one, previous)
        change = _change(units, previous_units)
        rows.append([channel.name, units, whole(revenue), previous_units,
                     f"{change:+.1f}%" if change is not None else "–"])
        values += [units, whole(revenue), previous_units]
        if change is not None:
            values.append(change)
        parts.append(_("%(channel)s %(units)s units (%(revenue)s%(change)s)") % {
            "channel": channel.name, "units": number(units), "revenue": won(revenue),
            "change": f", {change:+.1f}%" if change is not None else ""})
    subject = subject_of(_for_channel(ctx, None))
    text = _("Sales of %(subject)s by channel from %(start)s to %(end)s: "
             "%(parts)s.") % {"subject": subject, "start": period.start,
                              "end": period.end, "parts": "; ".join(parts)}
    text += " " + compared_with(period, ctx.slots.compare)
    if estimated:
        text += " " + estimated_notice(estimated, units=sold_units,
                                       demo=ctx.organization.is_demo)
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language,
        products=[p.sku for p in ctx.slots.products], values=values, period=period,
        table=Table([_("channel"), _("units"), _("revenue"),
                     _("previous period units"), _("change")], rows),
        definitions=[sales_definition(),
                     _("Change: against the same channel in the previous period.")],
        links=links(ctx.link("inventory:sales_report", query={
            "group": "channel", "end": period.end.isoformat()})))


def order_count(ctx: Context) -> CopilotAnswer:
    """Channel order lines still sold in the period; said honestly when the
    sales were recorded without order numbers (then only units are known)."""
    period = default_period(ctx)
    total = selectors.net_sales_total(
        organization=ctx.organization, date_from=period.start, date_to=period.end,
        with_orders=True, **sales_filters(ctx))
    names = {"subject": subject_of(ctx), "start": period.start, "end": period.end,
             "units": number(total.units), "lines": number(total.order_lines),
             "unreferenced": number(total.unreferenced_units)}
    if not total.order_lines:
        text = _("Orders of %(subject)s from %(start)s to %(end)s cannot be "
                 "counted: the sales were recorded without order numbers. Units "
                 "sold: %(units)s (this counts units, not orders).") % names
        values: list[int | float] = [total.units]
    else:
        text = _("Orders of %(subject)s from %(start)s to %(end)s: %(lines)s order "
                 "lines, %(units)s units.") % names
        values = [total.order_lines, total.units]
        if total.unreferenced_units:
            text += " " + _("%(unreferenced)s of those units were recorded without "
                            "an order number and are not in the order count.") % names
            values.append(total.unreferenced_units)
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language,
        products=[p.sku for p in ctx.slots.products], values=values, period=period,
        definitions=[_("Orders = channel order lines (one product line of an order, "
                       "as the channel numbers it) that still sold something after "
                       "cancellations and returns; sales entered without an order "
                       "number are counted in units only.")],
        links=links(ctx.link("inventory:sales_report", query={
            "group": "channel", "end": period.end.isoformat()})))


def sales(ctx: Context) -> CopilotAnswer:
    """Units and revenue in the period, against the period just before."""
    if ctx.slots.metric == "orders":
        return order_count(ctx)
    if ctx.slots.channels:
        return sales_by_channel(ctx)
    period = default_period(ctx)
    previous = baseline(period, ctx.slots.compare)
    total = sold_total(ctx, period)
    units, revenue = total.units, total.revenue
    previous_units, _revenue = sold(ctx, previous)
    text = _("Sales of %(subject)s from %(start)s to %(end)s: %(units)s units, "
             "%(revenue)s.") % {"subject": subject_of(ctx), "start": period.start,
                                "end": period.end, "units": number(units),
                                "revenue": won(revenue)}
    values: list[int | float] = [units, whole(revenue), previous_units]
    text += " " + _("%(basis)s (%(start)s to %(end)s): %(units)s units") % {
        "basis": baseline_label(period, ctx.slots.compare), "start": previous.start,
        "end": previous.end, "units": number(previous_units)}
    if previous_units:
        change = round((units - previous_units) / previous_units * 100, 1)
        text += " " + _("(%(change)s%%).") % {"change": f"{change:+.1f}"}
        values.append(change)
    else:
        text += "."
    if total.estimated_units:
        text += " " + estimated_notice(total.estimated_units, units=total.units,
                                       demo=ctx.organization.is_demo)
    query = {"group": "channel" if ctx.slots.channel else
             "category" if ctx.slots.category else "product",
             "end": period.end.isoformat()}
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language,
        products=[p.sku for p in ctx.slots.products], values=values, period=period,
        chart=_weekly_chart(ctx, period),
        table=Table([_("period"), _("units"), _("revenue")],
                    [[f"{period.start} – {period.end}", units, whole(revenue)],
                     [f"{previous.start} – {previous.end}", previous_units,
                      whole(_revenue)]]),
        definitions=[sales_definition()],
        links=links(ctx.link("inventory:sales_report", query=query)))


def units_by_product(ctx: Context, period: Period) -> dict[int, tuple[int, Decimal]]:
    """Units and revenue per product in the period (on the question's channel)."""
    return {key: (total.units, total.revenue)
            for key, total in sales_by_product(ctx, period).items()}


def sales_by_product(ctx: Context, period: Period) -> dict[int, selectors.NetSales]:
    """What each product sold in the period (on the question's channel)."""
    filters = {**sales_filters(ctx), "product_ids": None}
    return selectors.net_sales(
        organization=ctx.organization, date_from=period.start, date_to=period.end,
        group="product", **filters)


def top_sellers(ctx: Context) -> CopilotAnswer:
    """Best (or worst) sellers of the period by units, or by revenue when asked."""
    period = default_period(ctx)
    by_product = sales_by_product(ctx, period)
    totals = {key: (t.units, t.revenue) for key, t in by_product.items()}
    products = inventory_selectors.product_list(
        organization=ctx.organization, kind="single",
        category_id=ctx.slots.category.id if ctx.slots.category else None,
        supplier_id=ctx.slots.supplier.id if ctx.slots.supplier else None)
    by_revenue = ctx.slots.metric == "revenue"
    worst = ctx.slots.order == "worst"
    rows = []
    for product in products:
        units, revenue = totals.get(product.pk, (0, Decimal(0)))
        rows.append((product, units, revenue))
    measure = (lambda row: row[2]) if by_revenue else (lambda row: row[1])
    rows.sort(key=lambda row: (measure(row) if worst else -measure(row),
                               row[0].sku))
    shown = rows[: ctx.slots.top_n or 5]
    shown_value = (lambda row: whole(row[2])) if by_revenue else (lambda row: row[1])
    parts = ", ".join(
        f"{label(p.sku, p.name)} "
        f"{won(revenue) if by_revenue else number(units)}"
        for p, units, revenue in shown)
    template = (_("Worst sellers from %(start)s to %(end)s: %(list)s.") if worst
                else _("Best sellers from %(start)s to %(end)s: %(list)s."))
    if not worst and not any(units for _p, units, _r in rows):
        # A ranking of zeros is no ranking: say that nothing sold.
        template, shown = _("No sales recorded from %(start)s to %(end)s."), []
    text = template % {"start": period.start, "end": period.end, "list": parts}
    if by_revenue and shown:
        text += " " + estimated_notice(
            sum(t.estimated_units for t in by_product.values()),
            units=sum(t.units for t in by_product.values()),
            demo=ctx.organization.is_demo)
    text = text.rstrip()
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language,
        products=[row[0].sku for row in shown],
        values=[shown_value(row) for row in shown], period=period,
        table=Table([_("SKU"), _("product"), _("units"), _("revenue")],
                    [[p.sku, p.name, units, whole(revenue)]
                     for p, units, revenue in rows[:20]]),
        definitions=[_("Ranked by units sold (outbound net of reversals) in the "
                       "period; revenue = the amount paid, or units × selling "
                       "price where none was recorded.")],
        links=links(ctx.link("inventory:sales_report",
                             query={"group": "product",
                                    "measure": "revenue" if by_revenue else "units",
                                    "end": period.end.isoformat()})))


def _window(dates: list[dt.date], today: dt.date, days: int) -> tuple[int, int]:
    skip = sum(1 for day in dates if day <= today)
    return skip, min(len(dates), skip + days)


def _cumulative(path: list[float] | None, skip: int, end: int) -> float | None:
    if not path or end == skip or len(path) < end:
        return None
    return float(path[end - 1]) - (float(path[skip - 1]) if skip else 0.0)


def forecast(ctx: Context) -> CopilotAnswer:
    """A product's forecast total for N days with its P10–P90 range."""
    product = product_of(ctx)
    name = label(product.sku, product.name)
    effective = forecasting_selectors.effective_forecast(
        organization=ctx.organization, product=product, today=ctx.today)
    url = ctx.link("forecasting:forecast_detail", product.pk)
    if effective is None:
        return CopilotAnswer(ctx.parsed.intent,
                             _("%(product)s has no forecast yet.") % {"product": name},
                             ctx.language, products=[product.sku], links=links(url))
    days = ctx.slots.days or DEFAULT_DAYS
    skip, end = _window(effective.dates, ctx.today, days)
    if end <= skip:
        return CopilotAnswer(ctx.parsed.intent,
                             _("The forecast of %(product)s does not reach past "
                               "today.") % {"product": name},
                             ctx.language, products=[product.sku], links=links(url))
    total = whole(sum(effective.point[skip:end]))
    cumulative = effective.cumulative_quantiles
    low = _cumulative(cumulative.get("p10"), skip, end)
    high = _cumulative(cumulative.get("p90"), skip, end)
    period = Period(effective.dates[skip], effective.dates[end - 1])
    text = _("%(product)s: about %(total)s units forecast from %(start)s to "
             "%(end)s.") % {"product": name, "total": number(total),
                            "start": period.start, "end": period.end}
    values: list[int | float] = [total]
    if low is not None and high is not None:
        text += " " + _("P10–P90: %(low)s to %(high)s units.") % {
            "low": number(whole(low)), "high": number(whole(high))}
        values += [whole(low), whole(high)]
    if end - skip < days:
        text += " " + _("(The forecast covers only %(days)s of those days.)") % {
            "days": end - skip}
    quantiles = effective.quantiles
    chart = charts.forecast_chart(
        effective.dates[skip:end], effective.point[skip:end],
        quantiles.get("p10", [])[skip:end] or None,
        quantiles.get("p90", [])[skip:end] or None)
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language, products=[product.sku], values=values,
        period=period, chart=chart,
        definitions=[_("Forecast = the latest model forecast with active overrides; "
                       "P10–P90 = the range that holds the total in 8 cases of 10.")],
        links=links(url))


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def forecast_accuracy(ctx: Context) -> CopilotAnswer:
    """Backtest accuracy of the latest run, overall or for one product."""
    report = backtest_report(organization=ctx.organization)
    url = ctx.link("forecasting:accuracy")
    definition = _("WAPE = Σ|actual − forecast| ÷ Σ actual in the rolling backtest "
                   "of the latest forecast run (lower is better); bias = "
                   "(Σ forecast − Σ actual) ÷ Σ actual.")
    if report is None:
        return CopilotAnswer(ctx.parsed.intent, _("No forecast run yet."),
                             ctx.language, links=links(url))
    if ctx.slots.products:
        sku = ctx.slots.products[0].sku
        row = next((r for r in report.breakdown.products if r.label == sku), None)
        name = label(sku, ctx.slots.products[0].name)
        if row is None or row.accuracy.wape is None:
            return CopilotAnswer(ctx.parsed.intent,
                                 _("No backtest accuracy for %(product)s.") % {
                                     "product": name},
                                 ctx.language, products=[sku], links=links(url))
        wape = _percent(row.accuracy.wape)
        text = _("Forecast error of %(product)s: WAPE %(wape)s%%.") % {
            "product": name, "wape": number(wape)}
        return CopilotAnswer(ctx.parsed.intent, text, ctx.language, products=[sku],
                             values=[wape], definitions=[definition],
                             links=links(url))
    overall = report.breakdown.overall
    wape, bias = _percent(overall.wape), _percent(overall.bias)
    text = _("Forecast error over %(count)s products (backtest of %(date)s): WAPE "
             "%(wape)s%%, bias %(bias)s%%.") % {
        "count": len(report.breakdown.products), "date": report.as_of,
        "wape": number(wape or 0), "bias": number(bias or 0)}
    table = Table([_("SKU"), _("product"), _("WAPE %")],
                  [[r.label, r.detail, _percent(r.accuracy.wape)]
                   for r in report.breakdown.products[:20]])
    return CopilotAnswer(ctx.parsed.intent, text, ctx.language,
                         values=[len(report.breakdown.products), wape or 0, bias or 0],
                         table=table, definitions=[definition], links=links(url))
