"""Acting on a late recommendation: expedite, split across suppliers, or accept.

Each choice becomes draft purchase order lines (one per supplier), with the
quantity and the expected arrival of that choice; the choice is kept in the
line's history (who, when, why), never on the document the supplier receives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from inventory.models import Supplier
from policy.models import PurchaseOrder, PurchaseOrderLine, Recommendation
from policy.services.purchasing import _draft_for, _save_line


@dataclass(frozen=True)
class LatePart:
    """One supplier's share: how many, and when it is expected."""

    supplier: Supplier
    quantity: int
    expected_date: dt.date


def po_create_for_late(
    *, organization: Organization, user: User | None, recommendation: Recommendation,
    parts: list[LatePart], reason: str,
) -> list[PurchaseOrder]:
    """Draft lines for the product on each supplier's draft (set, not added)."""
    parts = [part for part in parts if part.quantity > 0]
    if not parts:
        raise ValidationError(_("Nothing to order: every quantity is 0."))
    if len({part.supplier.pk for part in parts}) != len(parts):
        raise ValidationError(_("Choose two different suppliers to split an order."))
    for part in parts:
        if part.supplier.organization_id != organization.pk:
            raise ValidationError(_("Unknown supplier."))
    product = recommendation.product
    orders = []
    with transaction.atomic():
        for part in parts:
            order = _draft_for(organization, part.supplier.pk, user)
            line = PurchaseOrderLine.objects.filter(
                organization=organization, order=order, product=product).first()
            line = line or PurchaseOrderLine(
                organization=organization, order=order, product=product,
                recommended_quantity=recommendation.recommended_quantity,
                unit_cost=product.unit_cost)
            line.quantity, line.expected_date = part.quantity, part.expected_date
            _save_line(line, user, reason)
            if order.expected_date is None or part.expected_date > order.expected_date:
                order.expected_date = part.expected_date
            order.save(update_fields=["expected_date"])
            orders.append(order)
    return orders
