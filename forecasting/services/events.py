"""Planned promotions and channel events: create and delete."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from forecasting.models import PromotionEvent
from inventory.models import Category, Channel, Product


def _same_organization(organization: Organization, *objects) -> None:
    for obj in objects:
        if obj is not None and obj.organization_id != organization.pk:
            raise ValidationError(_("Unknown product, category or channel."))


def promotion_event_create(
    *,
    organization: Organization,
    user: User | None,
    name: str,
    start_date: dt.date,
    end_date: dt.date,
    product: Product | None = None,
    category: Category | None = None,
    channel: Channel | None = None,
    note: str = "",
) -> PromotionEvent:
    """Record an event; it flags the product, the category, or (neither) everything."""
    _same_organization(organization, product, category, channel)
    event = PromotionEvent(
        organization=organization,
        name=name.strip(),
        product=product,
        category=category,
        channel=channel,
        start_date=start_date,
        end_date=end_date,
        note=note.strip(),
        created_by=user,
    )
    event.full_clean()
    with transaction.atomic():
        event.save()
    return event


def promotion_event_delete(
    *, organization: Organization, event: PromotionEvent
) -> None:
    """Delete an event of the organization (past forecasts keep their results)."""
    if event.organization_id != organization.pk:
        raise ValidationError(_("Unknown event."))
    with transaction.atomic():
        event.delete()
