"""The order screen: recommendations grouped by supplier, with money (2 queries).

Amounts are unit cost × order quantity in won; a product without a unit cost
has no amount (None), never ₩0, and is counted so the page can say so. The
cash needed this week / this month is the amount of the lines whose order-by
date falls within 7 / 30 days (late ones included): what has to be paid for
soon. Quantities and due dates come from ``to_order`` (the one definition the
order sheet, its email, the stock table and the copilot use too): a line with
nothing due today shows, and counts, the quantity due on its order-by date, as
the reorder alert does; a line due now counts this week whatever its order-by
date. "Urgency" uses the same definitions as the dashboard and alert centre
(policy.selectors.dashboard.urgency_q): late = days past the order-by date
with the quantity due now still to order; to order = a positive ``to_order``
quantity, whenever due; this week = one due within 7 days, late ones
included. Each lists only lines with something to order and the header counts
the same rows (``risk_figures``: late, to order, this week; this week's is
also the number of lines on the sheet and in its email). "All" lists every
product: a line with nothing to order says why (covered by which open order,
or that order is late: ``Recommendation.coverage``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q

from accounts.models import Organization
from inventory.models import Product, Supplier

from ..models import Recommendation
from .dashboard import URGENCY_WEEK, WEEK_DAYS, urgency_q
from .orders import draft_quantities, recommendation_latest_as_of
from .to_order import ToOrder, to_order, unit_cost_of

MONTH_DAYS = 30
ROW_LIMIT = 1000


@dataclass(frozen=True)
class OrderScreenFilters:
    """Filters at the top of the order screen (empty = no filter)."""

    search: str = ""
    supplier_id: int | None = None
    category_id: int | None = None
    # The header's "to order this week" (risk_figures) counts these lines.
    urgency: str = URGENCY_WEEK


@dataclass
class OrderLine:
    """One product to order: quantity (drafted or advised), amount, lateness."""

    rec: Recommendation
    product: Product
    order: ToOrder
    unit_cost: Decimal | None  # None: the product has no unit cost
    amount: Decimal | None
    reasons: list[str] = field(default_factory=list)  # translated by the view

    @property
    def quantity(self) -> int:
        return self.order.quantity

    @property
    def drafted(self) -> bool:
        return self.order.drafted

    @property
    def late(self) -> bool:
        return self.rec.days_late > 0

    @property
    def upcoming(self) -> bool:
        """Nothing due today: the quantity is the one due on the order-by date."""
        return self.order.upcoming


@dataclass
class SupplierGroup:
    """A supplier's lines and their total (None-cost lines left out, counted)."""

    supplier: Supplier | None
    lines: list[OrderLine] = field(default_factory=list)
    total: Decimal = Decimal("0")
    missing_cost: int = 0
    late: int = 0

    @property
    def key(self) -> str:
        return str(self.supplier.pk) if self.supplier else "none"

    @property
    def orderable(self) -> int:
        """Lines with a quantity: what the button under the group drafts (the
        lines due later too, at the quantity due on their order-by date)."""
        return sum(1 for line in self.lines if line.quantity > 0)


@dataclass
class OrderScreen:
    as_of: dt.date | None
    groups: list[SupplierGroup]
    cash_week: Decimal
    cash_month: Decimal
    missing_cost: int
    lines: int
    truncated: bool


def _rows(organization: Organization, as_of: dt.date, filters: OrderScreenFilters):
    rows = Recommendation.objects.filter(organization=organization, as_of=as_of)
    if filters.search:
        rows = rows.filter(Q(product__sku__icontains=filters.search)
                           | Q(product__name__icontains=filters.search))
    if filters.supplier_id:
        rows = rows.filter(product__supplier_id=filters.supplier_id)
    if filters.category_id:
        rows = rows.filter(product__category_id=filters.category_id)
    urgency = urgency_q(filters.urgency, as_of)
    if urgency is not None:
        rows = rows.filter(urgency)
    return (rows.select_related("product", "product__supplier", "product__category")
            .defer("projection", "params")
            .order_by(F("product__supplier__name").asc(nulls_last=True),
                      "-days_late", F("order_by_date").asc(nulls_last=True),
                      "product__sku"))


def _line(rec: Recommendation, drafted: dict[int, int]) -> OrderLine:
    order = to_order(rec, drafted)
    cost = unit_cost_of(rec.product)
    amount = cost * order.quantity if cost is not None else None
    return OrderLine(rec, rec.product, order, cost, amount)


def order_screen(*, organization: Organization,
                 filters: OrderScreenFilters | None = None) -> OrderScreen:
    """Lines by supplier, per-supplier totals and the cash needed soon."""
    filters = filters or OrderScreenFilters()
    as_of = recommendation_latest_as_of(organization=organization)
    if as_of is None:
        return OrderScreen(None, [], Decimal(0), Decimal(0), 0, 0, False)
    drafted = draft_quantities(organization=organization)
    recs = list(_rows(organization, as_of, filters)[:ROW_LIMIT + 1])
    truncated = len(recs) > ROW_LIMIT
    groups: dict[int | None, SupplierGroup] = {}
    week_end = as_of + dt.timedelta(days=WEEK_DAYS)
    month_end = as_of + dt.timedelta(days=MONTH_DAYS)
    cash_week = cash_month = Decimal(0)
    missing = 0
    for rec in recs[:ROW_LIMIT]:
        line = _line(rec, drafted)
        group = groups.setdefault(rec.product.supplier_id,
                                  SupplierGroup(rec.product.supplier))
        group.lines.append(line)
        group.late += line.late
        if line.amount is None:
            group.missing_cost += line.quantity > 0
            missing += line.quantity > 0
            continue
        group.total += line.amount
        due = line.order.due_date
        if line.quantity and due is not None and due <= month_end:
            cash_month += line.amount
            cash_week += line.amount if due <= week_end else 0
    ordered = sorted(groups.values(), key=lambda g: (
        g.supplier is None, -g.late, g.supplier.name if g.supplier else ""))
    return OrderScreen(as_of, ordered, cash_week, cash_month, missing,
                       sum(len(g.lines) for g in ordered), truncated)
