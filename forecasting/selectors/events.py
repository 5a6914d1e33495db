"""Reads of the promotions and events calendar."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from accounts.models import Organization
from inventory.models import Product

from ..models import PromotionEvent


def event_list(
    *,
    organization: Organization,
    kind: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[PromotionEvent]:
    """Events and sales pauses of the organization, latest first; optionally
    of one kind and overlapping ``date_from`` … ``date_to``."""
    events = PromotionEvent.objects.filter(organization=organization)
    if kind:
        events = events.filter(kind=kind)
    if date_from is not None:
        events = events.filter(end_date__gte=date_from)
    if date_to is not None:
        events = events.filter(start_date__lte=date_to)
    return events.select_related("product", "category", "channel")


def event_get(*, organization: Organization, event_id: int) -> PromotionEvent:
    """Raises PromotionEvent.DoesNotExist for another organization's (→ 404)."""
    return PromotionEvent.objects.get(organization=organization, pk=event_id)


def events_for_product(
    *,
    organization: Organization,
    product: Product,
    date_from: dt.date,
    date_to: dt.date,
) -> list[PromotionEvent]:
    """Events touching the product (itself, its category, or all) in the range."""
    events = event_list(organization=organization).filter(
        start_date__lte=date_to, end_date__gte=date_from
    )
    return [
        event
        for event in events.order_by("start_date", "pk")
        if event_touches(event.product_id, event.category_id, product)
    ]


def event_touches(
    product_id: int | None, category_id: int | None, product: Product
) -> bool:
    """An event names a product, a category, or neither (then every product)."""
    if product_id is not None:
        return product_id == product.pk
    if category_id is not None:
        return category_id == product.category_id
    return True
