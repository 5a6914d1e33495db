"""How much to order of a product, and when: one definition for every screen.

The order screen, the order sheet (.xlsx, downloaded or emailed), the stock
table, the copilot and purchase orders drafted from recommendations all read
the quantity through ``to_order``, so a seller sees one figure everywhere:

- due now (something to order today, or the order-by date is today or passed):
  the recommended quantity, due today (or on the passed order-by date);
- nothing due today, an order-by date later: the quantity due on that date
  (``Recommendation.order_by_quantity``, rounded by the same EOQ / MOQ / pack
  rule), due then;
- a product already on a draft purchase order: the draft's quantity (the
  order screen's "on a draft"), due when the advice is. Approved, sent and
  partly received orders are on order instead: the recommendation counts them
  in its inventory position (``orders.ON_DRAFT``), so a unit is never both.

"This week" is every line due within ``WEEK_DAYS`` (late ones included), the
order screen's default and the header's "to order this week".
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F

from accounts.models import Organization
from inventory.models import Product

from ..models import Recommendation
from .dashboard import WEEK_DAYS, _to_order_within
from .orders import draft_quantities, recommendation_latest_as_of


@dataclass(frozen=True)
class ToOrder:
    """The actionable quantity of one product and the day it is due."""

    quantity: int  # units to order (the draft's when drafted)
    advised: int  # what the recommendation advises, drafts aside
    due_date: dt.date | None  # today when due now, the order-by date otherwise
    due_now: bool  # to order today (or already late)
    drafted: bool  # the quantity is the one on draft orders
    arrival_date: dt.date | None  # when it arrives if ordered on its due date

    @property
    def upcoming(self) -> bool:
        """Not due today: the figure is the one due on its (later) due date."""
        return self.quantity > 0 and not self.due_now and not self.drafted

    def due_within(self, as_of: dt.date, days: int) -> bool:
        """Due on or before ``as_of + days`` (late and due-now ones always)."""
        return self.due_now or (self.due_date is not None
                                and self.due_date <= as_of + dt.timedelta(days=days))


def to_order(rec: Recommendation, drafted: Mapping[int, int] | None = None) -> ToOrder:
    """The quantity to order and its due date, from a stored recommendation.

    ``drafted`` is ``draft_quantities``; without it, a row annotated with
    ``draft_units`` (stock_status_list) gives its own."""
    if drafted is None and getattr(rec, "draft_units", None):
        drafted = {rec.product_id: rec.draft_units}
    order_by, as_of = rec.order_by_date, rec.as_of
    due_now = rec.recommended_quantity > 0 or (order_by is not None
                                               and order_by <= as_of)
    if due_now:
        advised = rec.recommended_quantity
        due = order_by if order_by is not None and order_by < as_of else as_of
    else:
        advised, due = rec.order_by_quantity, order_by
    ordered_on = max(due, as_of) if due is not None else None
    arrival = (ordered_on + dt.timedelta(days=math.ceil(max(0.0, rec.lead_time_days)))
               if ordered_on is not None else None)
    on_draft = drafted is not None and rec.product_id in drafted
    quantity = drafted[rec.product_id] if on_draft else advised
    return ToOrder(quantity, advised, due, due_now, on_draft, arrival)


@dataclass(frozen=True)
class ToOrderLine:
    """One product with something to order."""

    rec: Recommendation
    product: Product
    order: ToOrder
    unit_cost: Decimal | None  # None: the product has no unit cost

    @property
    def quantity(self) -> int:
        return self.order.quantity

    @property
    def amount(self) -> Decimal | None:
        return None if self.unit_cost is None else self.unit_cost * self.quantity


@dataclass(frozen=True)
class ToOrderTotals:
    """Units and money of some lines; lines without a unit cost are counted apart."""

    lines: int
    units: int
    amount: Decimal
    missing_cost: int


def unit_cost_of(product: Product) -> Decimal | None:
    """The unit cost, or None when it is not set (never ₩0)."""
    cost = product.unit_cost
    return cost if cost is not None and cost > 0 else None


def to_order_totals(lines: Iterable[ToOrderLine]) -> ToOrderTotals:
    """Units and amount at unit cost of the lines (the order screen's cash)."""
    count = units = missing = 0
    amount = Decimal(0)
    for line in lines:
        count += 1
        units += line.quantity
        if line.amount is None:
            missing += line.quantity > 0
        else:
            amount += line.amount
    return ToOrderTotals(count, units, amount, missing)


def to_order_lines(
    *, organization: Organization, within_days: int = WEEK_DAYS,
    supplier_id: int | None = None, category_id: int | None = None,
) -> list[ToOrderLine]:
    """Products with something to order due within ``within_days`` (0: due now),
    by supplier then SKU: the order sheet's lines (3 queries)."""
    as_of = recommendation_latest_as_of(organization=organization)
    if as_of is None:
        return []
    drafted = draft_quantities(organization=organization)
    rows = Recommendation.objects.filter(
        _to_order_within(as_of, within_days), organization=organization, as_of=as_of)
    if supplier_id:
        rows = rows.filter(product__supplier_id=supplier_id)
    if category_id:
        rows = rows.filter(product__category_id=category_id)
    rows = (rows.select_related("product", "product__supplier")
            .defer("projection", "params")
            .order_by(F("product__supplier__name").asc(nulls_last=True),
                      "product__sku"))
    lines = []
    for rec in rows:
        order = to_order(rec, drafted)
        if order.quantity > 0 and order.due_within(as_of, within_days):
            lines.append(ToOrderLine(rec, rec.product, order,
                                     unit_cost_of(rec.product)))
    return lines


def to_order_by_product(
    *, organization: Organization, product_ids: Iterable[int],
) -> dict[int, ToOrder]:
    """Product id → its ``to_order`` from the newest recommendations, drafts
    counted (the purchase order page's "to order now"): 3 queries."""
    as_of = recommendation_latest_as_of(organization=organization)
    if as_of is None:
        return {}
    drafted = draft_quantities(organization=organization)
    rows = Recommendation.objects.filter(
        organization=organization, as_of=as_of, product_id__in=list(product_ids),
    ).defer("projection", "params")
    return {rec.product_id: to_order(rec, drafted) for rec in rows}


def order_sheet_rows(*, organization: Organization) -> list[ToOrderLine]:
    """The order sheet's lines (.xlsx and its email): the order screen's
    default view, this week's lines with something to order."""
    return to_order_lines(organization=organization, within_days=WEEK_DAYS)
