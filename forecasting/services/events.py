"""Planned promotions, channel events and sales pauses: create and delete."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from forecasting.event_import import (
    FIELD_LABELS,
    EventRow,
    EventRowsInvalid,
    Problem,
    problem,
)
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
    kind: str = PromotionEvent.Kind.PROMOTION,
) -> PromotionEvent:
    """Record an event; it flags the product, the category, or (neither) everything."""
    _same_organization(organization, product, category, channel)
    event = PromotionEvent(
        organization=organization,
        kind=kind,
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


def events_import(
    *, organization: Organization, rows: Sequence[EventRow], user: User | None
) -> list[PromotionEvent]:
    """Create every uploaded event, or none: raises EventRowsInvalid on any problem."""
    products = {
        p.sku: p
        for p in Product.objects.filter(
            organization=organization, sku__in={r.sku for r in rows if r.sku}
        )
    }
    categories = {
        c.name: c
        for c in Category.objects.filter(
            organization=organization, name__in={r.category for r in rows if r.category}
        )
    }
    channels = {
        c.name: c
        for c in Channel.objects.filter(
            organization=organization, name__in={r.channel for r in rows if r.channel}
        )
    }
    problems: list[Problem] = []
    events: list[PromotionEvent] = []
    for row in rows:
        problems += row.problems
        problems += _unknown_references(row, products, categories, channels)
        if not problems:
            events.append(
                _event_from_row(
                    organization, user, row, products, categories, channels, problems
                )
            )
    if problems:
        raise EventRowsInvalid(problems)
    with transaction.atomic():
        return PromotionEvent.objects.bulk_create(events)


_REFERENCES = ("product", "category", "channel")


def _unknown_references(
    row: EventRow, products: dict, categories: dict, channels: dict
) -> list[Problem]:
    found: list[Problem] = []
    for column, value, known, code in (
        ("sku", row.sku, products, "unknown_sku"),
        ("category", row.category, categories, "unknown_category"),
        ("channel", row.channel, channels, "unknown_channel"),
    ):
        if value and value not in known:
            found.append(problem(row.number, column, code, value=value))
    return found


def _event_from_row(
    organization: Organization,
    user: User | None,
    row: EventRow,
    products: dict,
    categories: dict,
    channels: dict,
    problems: list[Problem],
) -> PromotionEvent:
    """An unsaved event; model validation failures become problems of the row."""
    event = PromotionEvent(
        organization=organization,
        kind=row.kind,
        name=row.name,
        product=products.get(row.sku),
        category=categories.get(row.category),
        channel=channels.get(row.channel),
        start_date=row.start_date,
        end_date=row.end_date,
        note=row.note,
        created_by=user,
    )
    try:
        # The references were resolved inside the organization just above;
        # validating them again would cost one query per row and column.
        event.full_clean(exclude=["organization", *_REFERENCES, "created_by"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            column = {"product": "sku"}.get(field, field)
            column = column if column in FIELD_LABELS else "name"
            problems += [
                Problem(row=row.number, column=column, message=text)
                for text in messages
            ]
    return event
