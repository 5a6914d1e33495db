"""Slow (and fast) movers: products with stock ranked by days of cover — what
sits on the shelf longest ("재고 회전율 낮은 상품", "slow movers")."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from inventory import selectors as inventory_selectors
from inventory.models import Product
from policy import selectors as policy_selectors

from .. import selectors
from .common import Context, CopilotAnswer, Table, label, links, number, one_decimal

SALES_DAYS = 30
SHOWN = 5


@dataclass(frozen=True)
class Cover:
    """One product's stock against its daily rate."""

    product: Product
    on_hand: int
    sold: int  # net units sold in the last SALES_DAYS days
    rate: float  # units a day: the plan's forecast, else the recent sales average
    from_forecast: bool

    @property
    def days(self) -> float:
        return self.on_hand / self.rate if self.rate > 0 else math.inf


def cover_rows(ctx: Context) -> tuple[list[Cover], dt.date]:
    """Active single products with stock, each with its daily rate: 3 queries."""
    slots = ctx.slots
    products = list(inventory_selectors.product_list(
        organization=ctx.organization, kind=Product.Kind.SINGLE,
        category_id=slots.category.id if slots.category else None,
        supplier_id=slots.supplier.id if slots.supplier else None,
    ).filter(on_hand__gt=0))
    start = ctx.today - dt.timedelta(days=SALES_DAYS - 1)
    sold = selectors.net_sales(organization=ctx.organization, date_from=start,
                               date_to=ctx.today, group="product",
                               product_ids=[p.pk for p in products])
    forecast = {rec.product_id: rec.daily_demand for rec in
                policy_selectors.recommendation_list(organization=ctx.organization)
                .filter(forecast_run__isnull=False).only("product_id",
                                                         "daily_demand")}
    rows = []
    for product in products:
        units = sold[product.pk].units if product.pk in sold else 0
        in_plan = product.pk in forecast
        rate = forecast[product.pk] if in_plan else max(units, 0) / SALES_DAYS
        rows.append(Cover(product, product.on_hand, units, float(rate), in_plan))
    return rows, start


def _part(row: Cover) -> str:
    name = label(row.product.sku, row.product.name)
    if row.sold <= 0:
        return _("%(product)s (no sales, %(on_hand)s on hand)") % {
            "product": name, "on_hand": number(row.on_hand)}
    if row.rate <= 0:
        return _("%(product)s (no forecast demand, %(on_hand)s on hand)") % {
            "product": name, "on_hand": number(row.on_hand)}
    return _("%(product)s %(days)s days (%(on_hand)s on hand, %(rate)s a day)") % {
        "product": name, "days": number(one_decimal(row.days)),
        "on_hand": number(row.on_hand), "rate": number(one_decimal(row.rate))}


def slow_movers(ctx: Context) -> CopilotAnswer:
    """Products with stock, most days of cover first (no sales at all first);
    "fast" ranks the quickest turners (fewest days of cover) instead."""
    rows, start = cover_rows(ctx)
    fast = ctx.slots.order == "fast"
    if fast:
        rows = sorted((r for r in rows if r.sold > 0 and r.rate > 0),
                      key=lambda r: (r.days, r.product.sku))
    else:
        rows.sort(key=lambda r: (r.sold > 0, -r.days, -r.on_hand, r.product.sku))
    definition = _("Days of cover = on hand ÷ daily rate; the daily rate is the "
                   "plan's forecast daily demand where the product has a forecast, "
                   "else its average daily net sales over the last %(days)s days "
                   "(%(start)s to %(end)s). Active single products with stock.") % {
        "days": SALES_DAYS, "start": start, "end": ctx.today}
    url = ctx.link("inventory:stock_status")
    if not rows:
        return CopilotAnswer(ctx.parsed.intent, _("No product with stock to rank."),
                             ctx.language, definitions=[definition], links=links(url))
    shown = rows[: ctx.slots.top_n or SHOWN]
    template = (_("Fastest-turning stock first (fewest days of cover): %(list)s.")
                if fast else _("Slowest-moving stock first (most days of cover; "
                               "no sales in the last %(days)s days first): %(list)s."))
    text = template % {"list": ", ".join(_part(r) for r in shown), "days": SALES_DAYS}
    values: list[int | float] = []
    for row in shown:
        values.append(row.on_hand)
        if row.sold > 0 and row.rate > 0:
            values += [one_decimal(row.rate), one_decimal(row.days)]
    table = Table(
        [_("SKU"), _("product"), _("on hand"), _("daily rate"), _("rate from"),
         _("days of cover")],
        [[r.product.sku, r.product.name, r.on_hand, one_decimal(r.rate),
          _("forecast") if r.from_forecast else _("last %(days)s days' sales") % {
              "days": SALES_DAYS},
          one_decimal(r.days) if r.rate > 0 else "∞"] for r in rows])
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language,
        products=[r.product.sku for r in shown], values=values, table=table,
        definitions=[definition],
        links=links(*[ctx.link("inventory:product_detail", r.product.pk)
                      for r in shown], url))
