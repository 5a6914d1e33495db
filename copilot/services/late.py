"""Products that run out before their order arrives ("발주해도 늦는 상품",
"which products will run out before their order arrives"): the plan's
projected stock-out date against today + lead time (an order placed today)
and against the due date of an open purchase order (the plan's coverage,
policy/coverage.py: an open order due after the stock-out is late)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from policy import selectors as policy_selectors
from policy.models import Recommendation

from .common import Context, CopilotAnswer, Table, label, links, number

LIST_LIMIT = 10


@dataclass(frozen=True)
class Late:
    rec: Recommendation
    arrival: dt.date  # the arrival it runs out before
    by_open_order: bool  # an open purchase order's arrival, else an order today

    @property
    def days_short(self) -> int:
        return (self.arrival - self.rec.stockout_date).days


def late_rows(ctx: Context) -> tuple[list[Late], bool]:
    """Products whose stock-out comes before an order placed today or their
    open order arrives, soonest stock-out first; and whether any order is open."""
    slots = ctx.slots
    recs = policy_selectors.recommendation_list(
        organization=ctx.organization,
        supplier_id=slots.supplier.id if slots.supplier else None,
    ).filter(stockout_date__isnull=False)
    if slots.category:
        recs = recs.filter(product__category_id=slots.category.id)
    if slots.products:
        recs = recs.filter(product_id__in=[p.id for p in slots.products])
    recs = list(recs)
    any_open = policy_selectors.open_order_lines(
        organization=ctx.organization).exists()
    rows = []
    for rec in recs:
        ordered_today = ctx.today + dt.timedelta(
            days=math.ceil(max(0.0, rec.lead_time_days)))
        # The plan's coverage (policy/coverage.py): an open order due after
        # the projected stock-out, the one the dashboard and alerts name too.
        if (rec.coverage == Recommendation.Coverage.LATE
                and rec.covering_due_date is not None):
            rows.append(Late(rec, rec.covering_due_date, True))
        elif rec.stockout_date < ordered_today:
            rows.append(Late(rec, ordered_today, False))
    rows.sort(key=lambda r: (r.rec.stockout_date, r.rec.product.sku))
    return rows, any_open


def _part(row: Late) -> str:
    names = {"product": label(row.rec.product.sku, row.rec.product.name),
             "stockout": row.rec.stockout_date, "arrival": row.arrival,
             "lead": number(math.ceil(row.rec.lead_time_days))}
    if row.by_open_order:
        return _("%(product)s runs out %(stockout)s, its open order arrives "
                 "%(arrival)s") % names
    return _("%(product)s runs out %(stockout)s, an order placed today arrives "
             "%(arrival)s (lead time %(lead)s days)") % names


def late_stockouts(ctx: Context) -> CopilotAnswer:
    """Products that run out before an order can arrive, and by how many days."""
    rows, any_open = late_rows(ctx)
    definition = _("Runs out before its order arrives = the plan's projected "
                   "stock-out date (forecast demand, open orders received when "
                   "due) falls before the expected arrival of the product's open "
                   "purchase order, or, without one, before today + its lead time "
                   "(an order placed today).")
    url = ctx.link("policy:recommendation_list")
    if not rows:
        text = _("No product is expected to run out before an order placed today "
                 "or its open order arrives.")
    else:
        shown = rows[:LIST_LIMIT]
        text = _("%(count)s products will run out before their order arrives: "
                 "%(list)s.") % {"count": len(rows),
                                 "list": "; ".join(_part(r) for r in shown)}
        if len(rows) > len(shown):
            text += " " + _("%(count)s more in the table.") % {
                "count": len(rows) - len(shown)}
    if not any_open:
        text += " " + _("There are no open purchase orders: each product is "
                        "compared with an order placed today (today + its lead "
                        "time).")
    values: list[int | float] = [len(rows)]
    for row in rows[:LIST_LIMIT]:
        values += [(row.rec.stockout_date - ctx.today).days, row.days_short]
    table = Table(
        [_("SKU"), _("product"), _("on hand"), _("stock-out date"), _("arrival"),
         _("arrival of"), _("days without stock")],
        [[r.rec.product.sku, r.rec.product.name, round(r.rec.on_hand),
          r.rec.stockout_date, r.arrival,
          _("open purchase order") if r.by_open_order else _("order placed today"),
          r.days_short] for r in rows])
    return CopilotAnswer(
        ctx.parsed.intent, text, ctx.language,
        products=[r.rec.product.sku for r in rows[:LIST_LIMIT]], values=values,
        table=table, definitions=[definition],
        links=links(url, *[ctx.link("inventory:product_detail", r.rec.product_id)
                           for r in rows[:LIST_LIMIT]]))
