"""Manual forecast overrides: set and revert, each change kept in the history.

The history (django-simple-history) records who, when and the old and new
values; a revert deactivates the override, the row itself stays.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from forecasting.models import ForecastOverride
from forecasting.selectors.overrides import REASON_REPLACED, REASON_REVERTED
from forecasting.signals import forecasts_changed
from inventory.models import Product

# A new level or totals override replaces the earlier ones of these kinds.
REPLACING_KINDS = {ForecastOverride.Kind.LEVEL, ForecastOverride.Kind.TOTALS}


def _deactivate(override: ForecastOverride, *, user: User | None, reason: str) -> None:
    override.is_active = False
    override._history_user = user  # type: ignore[attr-defined]
    override._change_reason = reason  # type: ignore[attr-defined]
    override.save(update_fields=["is_active"])


def _check_not_past(
    *, expires_on: dt.date | None, end_date: dt.date | None, today: dt.date
) -> None:
    """Refuse an override that would never apply: it would still replace the
    current one, leaving the product without the correction it had."""
    errors = {}
    if expires_on is not None and expires_on < today:
        errors["expires_on"] = _(
            "The expiry date is already past: the override would never apply."
        )
    if end_date is not None and end_date < today:
        errors["end_date"] = _(
            "The period is already past: the override would never apply."
        )
    if errors:
        raise ValidationError(errors)


def forecast_override_set(
    *,
    organization: Organization,
    product: Product,
    user: User | None,
    kind: str,
    reason_code: str,
    reason_text: str,
    daily_level: Decimal | None = None,
    multiplier: Decimal | None = None,
    totals: tuple[Decimal, Decimal, Decimal] | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    expires_on: dt.date | None = None,
    today: dt.date | None = None,
) -> ForecastOverride:
    """Override the product's forecast; a level or totals override replaces the last."""
    if product.organization_id != organization.pk:
        raise ValidationError(_("Unknown product."))
    _check_not_past(expires_on=expires_on, end_date=end_date,
                    today=today or timezone.localdate())
    total_30, total_60, total_90 = totals or (None, None, None)
    override = ForecastOverride(
        organization=organization,
        product=product,
        kind=kind,
        daily_level=daily_level,
        multiplier=multiplier,
        total_30=total_30,
        total_60=total_60,
        total_90=total_90,
        start_date=start_date,
        end_date=end_date,
        reason_code=reason_code,
        reason_text=reason_text.strip(),
        expires_on=expires_on,
        created_by=user,
    )
    override.full_clean()
    with transaction.atomic():
        if kind in REPLACING_KINDS:
            replaced = ForecastOverride.objects.select_for_update().filter(
                organization=organization,
                product=product,
                is_active=True,
                kind__in=REPLACING_KINDS,
            )
            for previous in replaced:
                _deactivate(previous, user=user, reason=REASON_REPLACED)
        override._history_user = user  # type: ignore[attr-defined]
        reason = reason_text.strip()[:100]
        override._change_reason = reason  # type: ignore[attr-defined]
        override.save()
        # The plans read the effective forecast: refresh them now, not tomorrow.
        forecasts_changed.send(sender=ForecastOverride, organization_id=organization.pk)
    return override


def forecast_override_revert(
    *, organization: Organization, override: ForecastOverride, user: User | None
) -> ForecastOverride:
    """Deactivate the override: the model's forecast applies again (idempotent)."""
    if override.organization_id != organization.pk:
        raise ValidationError(_("Unknown override."))
    with transaction.atomic():
        locked = ForecastOverride.objects.select_for_update().get(pk=override.pk)
        if locked.is_active:
            _deactivate(locked, user=user, reason=REASON_REVERTED)
            forecasts_changed.send(
                sender=ForecastOverride, organization_id=organization.pk
            )
    return locked
