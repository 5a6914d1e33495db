"""Overrides, the effective forecast (override applied) that the policy and every report use, and the forecast list built on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organization
from inventory.models import Product

from .. import adjustments
from ..models import ForecastOverride, ProductForecast
from .forecasts import TOTAL_DAYS, latest_forecast, latest_forecasts


def active_overrides(
    *,
    organization: Organization,
    product: Product | None = None,
    today: dt.date | None = None,
) -> QuerySet[ForecastOverride]:
    """Active overrides whose expiry date has not passed, oldest first."""
    today = today or timezone.localdate()
    overrides = ForecastOverride.objects.filter(
        organization=organization, is_active=True
    ).exclude(expires_on__lt=today)
    if product is not None:
        overrides = overrides.filter(product=product)
    return overrides.order_by("created_at", "pk")


def override_get(*, organization: Organization, override_id: int) -> ForecastOverride:
    """Raises ForecastOverride.DoesNotExist for another organization's (→ 404)."""
    return ForecastOverride.objects.select_related("product").get(
        organization=organization, pk=override_id
    )


def override_list(
    *, organization: Organization, product: Product
) -> QuerySet[ForecastOverride]:
    """Every override of the product, newest first, active or not."""
    return (
        ForecastOverride.objects.filter(organization=organization, product=product)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


# The reasons the system itself writes into the history: stored in English
# (whoever's language was active), shown in the reader's language.
REASON_REPLACED = "replaced by a new override"
REASON_REVERTED = "reverted"
_SYSTEM_REASONS = {
    REASON_REPLACED: pgettext_lazy("override history", "replaced by a new override"),
    REASON_REVERTED: pgettext_lazy("override history", "reverted"),
}


@dataclass(frozen=True)
class OverrideChange:
    record: object  # a HistoricalForecastOverride row
    changes: list[tuple[str, object, object]]  # (field label, old, new)
    shown: list[tuple[str, str, str]] = field(default_factory=list)  # for people
    reason: str = ""  # why, in the reader's language when the system wrote it


def _shown_value(field_name: str, value: object) -> str:
    """A history value as a person reads it: choice labels, yes/no, — for none."""
    model_field = ForecastOverride._meta.get_field(field_name)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _entry(record: object) -> OverrideChange:
    changes = []
    if record.previous is not None:
        delta = record.diff_against(record.previous)
        changes = [
            (str(ForecastOverride._meta.get_field(c.field).verbose_name), c.old, c.new)
            for c in delta.changes
        ]
        shown = [
            (label, _shown_value(c.field, c.old), _shown_value(c.field, c.new))
            for (label, _old, _new), c in zip(changes, delta.changes, strict=True)
        ]
    else:
        shown = []
    stored = record.history_change_reason or ""
    return OverrideChange(record=record, changes=changes, shown=shown,
                          reason=str(_SYSTEM_REASONS.get(stored, stored)))


def override_history(
    *, organization: Organization, product: Product, limit: int = 50
) -> list[OverrideChange]:
    """The product's override change log (who, when, old → new), newest first."""
    records = list(
        ForecastOverride.history.filter(
            organization_id=organization.pk, product_id=product.pk
        )
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit * 2]
    )
    previous_of: dict[int, object] = {}
    for record in reversed(records):  # oldest first: link each to the one before
        record.previous = previous_of.get(record.id)
        previous_of[record.id] = record
    return [_entry(record) for record in records[:limit]]


@dataclass(frozen=True)
class EffectiveForecast:
    """The forecast to plan with: model output with the active overrides applied."""

    product: Product
    forecast: ProductForecast
    dates: list[dt.date]
    point: list[float]
    quantiles: dict[str, list[float]]
    cumulative_quantiles: dict[str, list[float]]
    totals: dict[int, Decimal]
    total_quantiles: dict[int, dict[str, float]]
    model_totals: dict[int, Decimal]
    overrides: list[ForecastOverride] = field(default_factory=list)

    @property
    def is_overridden(self) -> bool:
        return bool(self.overrides)

    @property
    def override(self) -> ForecastOverride | None:
        """The most recent override applied, if any."""
        return self.overrides[-1] if self.overrides else None


def adjustment_of(override) -> adjustments.Adjustment:
    """An override (or its historical record) in the engine's plain terms."""
    totals = None
    if override.kind == ForecastOverride.Kind.TOTALS:
        totals = (
            float(override.total_30),
            float(override.total_60),
            float(override.total_90),
        )
    return adjustments.Adjustment(
        kind=override.kind,
        start=override.start_date,
        end=override.end_date,
        level=None if override.daily_level is None else float(override.daily_level),
        multiplier=None if override.multiplier is None else float(override.multiplier),
        totals=totals,
    )


def _decimal(value: float) -> Decimal:
    return Decimal(str(round(float(value), 2)))


def effective_forecast(
    *, organization: Organization, product: Product, today: dt.date | None = None
) -> EffectiveForecast | None:
    """The latest forecast of the product with its active overrides; None if none."""
    forecast = latest_forecast(organization=organization, product=product)
    if forecast is None:
        return None
    overrides = list(
        active_overrides(organization=organization, product=product, today=today)
    )
    daily = forecast.daily
    dates = [dt.date.fromisoformat(row["date"]) for row in daily]
    old = np.array([row["point"] for row in daily], dtype=float)
    names = sorted({k for row in daily for k in row} - {"date", "point"})
    new = adjustments.adjusted_point(dates, old, [adjustment_of(o) for o in overrides])
    quantiles = adjustments.monotone_levels(
        {
            name: adjustments.rescale([row.get(name, 0.0) for row in daily], old, new)
            for name in names
        }
    )
    cumulative = adjustments.monotone_levels(
        {
            name: adjustments.rescale(values, np.cumsum(old), np.cumsum(new))
            for name, values in forecast.cumulative_quantiles.items()
        }
    )
    horizons = [days for days in TOTAL_DAYS if days <= new.size]
    return EffectiveForecast(
        product=product,
        forecast=forecast,
        dates=dates,
        point=[round(float(v), 3) for v in new],
        quantiles={k: [round(float(v), 3) for v in q] for k, q in quantiles.items()},
        cumulative_quantiles={
            k: [round(float(v), 2) for v in q] for k, q in cumulative.items()
        },
        totals={days: _decimal(new[:days].sum()) for days in horizons},
        total_quantiles={
            days: {
                k: round(float(q[days - 1]), 2)
                for k, q in cumulative.items()
                if q.size >= days
            }
            for days in horizons
        },
        model_totals={
            30: forecast.total_30,
            60: forecast.total_60,
            90: forecast.total_90,
        },
        overrides=overrides,
    )


@dataclass(frozen=True)
class ForecastListRow:
    product: Product
    forecast: ProductForecast | None
    is_overridden: bool
    # Effective 30/60/90-day totals (overrides applied); None without a forecast.
    totals: dict[int, Decimal] | None


def forecast_list(
    *, organization: Organization, search: str = ""
) -> list[ForecastListRow]:
    """Active single products with their latest forecast and effective totals.

    Three queries, plus two per overridden product.
    """
    products = Product.objects.filter(
        organization=organization, kind=Product.Kind.SINGLE, is_active=True
    ).select_related("category")
    if search:
        products = products.filter(sku__icontains=search) | products.filter(
            name__icontains=search
        )
    products = list(products.order_by("sku", "pk"))
    ids = [product.pk for product in products]
    forecasts = latest_forecasts(organization=organization, product_ids=ids)
    overridden = set(
        active_overrides(organization=organization)
        .filter(product_id__in=ids)
        .values_list("product_id", flat=True)
    )
    rows = []
    for product in products:
        forecast = forecasts.get(product.pk)
        totals = None
        if forecast is not None and product.pk in overridden:
            # Overrides are few: only those products pay for the full path.
            effective = effective_forecast(organization=organization, product=product)
            totals = effective.totals if effective else None
        elif forecast is not None:
            totals = {
                30: forecast.total_30,
                60: forecast.total_60,
                90: forecast.total_90,
            }
        rows.append(
            ForecastListRow(product, forecast, product.pk in overridden, totals)
        )
    return rows
