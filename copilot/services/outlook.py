"""The organization's forecast totals ("다음 달 예상 매출", "forecast revenue next
month", "다음 30일 예상 판매량"): units and money at list price summed from the
plan's daily forecasts, optionally one line per category or supplier."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from inventory import selectors as inventory_selectors
from inventory.models import Product
from policy import selectors as policy_selectors

from ..engine import Period
from .common import Context, CopilotAnswer, Table, links, number, whole, won

DEFAULT_DAYS = 30


@dataclass
class Outlook:
    """Forecast units and money of a set of products over the window."""

    units: float = 0.0
    money: Decimal = Decimal(0)
    forecast: int = 0  # products with a forecast
    unpriced: int = 0  # of those, products without a selling price
    unpriced_units: float = 0.0
    missing: list[str] = field(default_factory=list)  # SKUs without a forecast
    short: int = 0  # forecasts that end before the window does

    def add(self, product: Product, path: list[float] | None, start: int,
            end: int) -> None:
        if path is None:
            self.missing.append(product.sku)
            return
        self.forecast += 1
        self.short += len(path) < end
        units = float(sum(path[start:end]))
        self.units += units
        if product.selling_price > 0:
            self.money += Decimal(str(units)) * product.selling_price
        else:
            self.unpriced += 1
            self.unpriced_units += units


def window(ctx: Context) -> tuple[Period, int, int]:
    """The days asked, and their indexes in a path that starts tomorrow."""
    tomorrow = ctx.today + dt.timedelta(days=1)
    if ctx.slots.next_month:
        first = (ctx.today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    else:
        first = tomorrow
        last = first + dt.timedelta(days=(ctx.slots.days or DEFAULT_DAYS) - 1)
    start = (first - tomorrow).days
    return Period(first, last, "range"), start, start + (last - first).days + 1


def _group(product: Product, by: str | None) -> str:
    if by is None:
        return ""
    item = product.category if by == "category" else product.supplier
    return item.name if item else _("none")


def _line(outlook: Outlook) -> str:
    text = _("about %(units)s units, %(money)s at list price (%(count)s products "
             "with a forecast)") % {"units": number(whole(outlook.units)),
                                    "money": won(outlook.money),
                                    "count": outlook.forecast}
    if outlook.unpriced:
        text += "; " + _("%(count)s products without a selling price, %(units)s "
                         "units, not valued") % {
            "count": outlook.unpriced, "units": number(whole(outlook.unpriced_units))}
    return text


def forecast_total(ctx: Context) -> CopilotAnswer:
    """Forecast units and money of all active products (of a category or
    supplier), or one line per category/supplier when asked."""
    slots = ctx.slots
    products = list(inventory_selectors.product_list(
        organization=ctx.organization, kind=Product.Kind.SINGLE,
        category_id=slots.category.id if slots.category else None,
        supplier_id=slots.supplier.id if slots.supplier else None))
    paths = policy_selectors.planning_forecasts(
        organization=ctx.organization, product_ids=[p.pk for p in products],
        as_of=ctx.today)
    period, start, end = window(ctx)
    by = slots.breakdown
    total, groups = Outlook(), {}
    for product in products:
        path = paths[product.pk].point if product.pk in paths else None
        total.add(product, path, start, end)
        if by:
            groups.setdefault(_group(product, by), Outlook()).add(
                product, path, start, end)
    names = {"start": period.start, "end": period.end, "line": _line(total)}
    text = (_("Forecast for next month (the calendar month %(start)s to %(end)s, "
              "summed day by day): %(line)s.") if slots.next_month else
            _("Forecast from %(start)s to %(end)s: %(line)s.")) % names
    values: list[int | float] = [whole(total.units), whole(total.money)]
    if total.unpriced:
        values += [total.unpriced, whole(total.unpriced_units)]
    if by:
        text += " " + "; ".join(f"{name}: {_line(group)}"
                                for name, group in sorted(groups.items()))
    if total.missing:
        text += " " + _("%(count)s products have no forecast and are not "
                        "counted.") % {"count": len(total.missing)}
        values.append(len(total.missing))
    if total.short:
        text += " " + _("(%(count)s forecasts end before %(end)s: counted up to "
                        "their last day.)") % {"count": total.short, "end": period.end}
    rows = [[name, whole(g.units), whole(g.money), g.forecast, g.unpriced]
            for name, g in sorted(groups.items())] if by else [
        [_("all products"), whole(total.units), whole(total.money), total.forecast,
         total.unpriced]]
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language, values=values, period=period,
        table=Table([_("category") if by == "category" else _("supplier") if by
                     else _("subject"), _("units"), _("money at list price"),
                     _("products forecast"), _("without a price")], rows),
        definitions=[_("Forecast = the plan's daily forecast of each product (the "
                       "latest forecast with its active overrides) summed over the "
                       "days; money = units × the product's list price (order "
                       "prices are not stored).")],
        links=links(ctx.link("forecasting:forecast_list")))
