"""Reads of the copilot: the catalogue the parser matches, recent questions, lots.

Everything is scoped to the organization; the catalogue is built from the
inventory selectors (products, categories, suppliers, channels).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from accounts.models import Organization, User
from inventory import selectors as inventory_selectors
from inventory.models import Lot

from .engine import Catalogue, CatalogueItem, CatalogueProduct
from .models import CopilotQuestion


def catalogue_get(*, organization: Organization) -> Catalogue:
    """The organization's active products, categories, suppliers and channels."""
    products = inventory_selectors.product_list(organization=organization)
    return Catalogue(
        products=tuple(CatalogueProduct(pk, sku, name) for pk, sku, name in
                       products.values_list("pk", "sku", "name")),
        categories=tuple(CatalogueItem(c.pk, c.name) for c in
                         inventory_selectors.category_list(organization=organization)),
        suppliers=tuple(CatalogueItem(s.pk, s.name) for s in
                        inventory_selectors.supplier_list(organization=organization)),
        channels=tuple(CatalogueItem(c.pk, c.name, c.kind) for c in
                       inventory_selectors.channel_list(organization=organization)),
    )


def recent_questions(
    *, organization: Organization, user: User, limit: int = 10
) -> list[CopilotQuestion]:
    """The user's latest distinct questions in this organization, newest first."""
    seen: set[str] = set()
    result: list[CopilotQuestion] = []
    rows = CopilotQuestion.objects.filter(organization=organization, user=user)
    for row in rows.order_by("-asked_at", "-pk")[: limit * 3]:
        if row.question not in seen:
            seen.add(row.question)
            result.append(row)
        if len(result) >= limit:
            break
    return result


def expiring_lots(
    *, organization: Organization, until: dt.date, product_ids: list[int] | None = None,
    category_id: int | None = None, supplier_id: int | None = None,
) -> QuerySet[Lot]:
    """Lots still holding stock whose expiry date is on or before ``until``."""
    lots = Lot.objects.filter(organization=organization, on_hand__gt=0,
                              expiry_date__isnull=False, expiry_date__lte=until)
    if product_ids is not None:
        lots = lots.filter(product_id__in=product_ids)
    if category_id is not None:
        lots = lots.filter(product__category_id=category_id)
    if supplier_id is not None:
        lots = lots.filter(product__supplier_id=supplier_id)
    return lots.select_related("product").order_by("expiry_date", "product__sku",
                                                   "code")
