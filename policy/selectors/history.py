"""Who changed the replenishment policy, what and when (django-simple-history)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accounts.models import Organization
from policy.models import PolicySettings, ProductPolicy

_SKIPPED = {"id", "organization", "product", "updated_at", "updated_by"}


@dataclass(frozen=True)
class PolicyChange:
    """One saved change: what it applies to and each field's old and new value."""

    when: dt.datetime
    who: str
    subject: str
    action: str  # "created", "changed" or "removed"
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _display(model, name: str, value) -> str:
    if value in (None, ""):
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _fields(model) -> list:
    return [f for f in model._meta.concrete_fields if f.name not in _SKIPPED]


def _change(model, record, previous, subject: str) -> PolicyChange:
    kind = {"+": "created", "~": "changed", "-": "removed"}[record.history_type]
    changes = []
    for model_field in _fields(model):
        new = getattr(record, model_field.attname)
        old = getattr(previous, model_field.attname) if previous is not None else None
        if kind == "changed" and old == new:
            continue
        if kind == "created" and new in (None, ""):
            continue
        if kind == "removed":
            old, new = new, None
        changes.append((str(model_field.verbose_name), _display(model, model_field.name, old),
                        _display(model, model_field.name, new)))
    user = record.history_user
    if user is None:
        who = _("system")
    else:
        who = f"{user.name} ({user.email})" if user.name else user.email
    return PolicyChange(when=record.history_date, who=who, subject=subject,
                        action=kind, changes=changes)


def _changes(model, records: list, subject_of) -> list[PolicyChange]:
    """Records newest first; each is compared with the object's previous record."""
    out = []
    for index, record in enumerate(records):
        previous = next((older for older in records[index + 1:]
                         if older.id == record.id), None)
        if previous is None and record.history_type == "~":
            previous = record.prev_record  # older than the page
        change = _change(model, record, previous, subject_of(record))
        if change.action != "changed" or change.changes:  # skip saves of nothing
            out.append(change)
    return out


def policy_history_list(*, organization: Organization, limit: int = 50) -> list[PolicyChange]:
    """The latest changes of the organization's settings and product overrides."""
    order = ("-history_date", "-history_id")
    settings_records = list(
        PolicySettings.history.filter(organization=organization)
        .select_related("history_user").order_by(*order)[:limit])
    product_records = list(
        ProductPolicy.history.filter(organization=organization)
        .select_related("history_user", "product").order_by(*order)[:limit])
    changes = _changes(PolicySettings, settings_records,
                       lambda record: _("Replenishment settings"))
    changes += _changes(ProductPolicy, product_records,
                        lambda record: _("Product %(sku)s") % {"sku": record.product.sku})
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit]
