"""The organization's choice of forecasting models."""

from __future__ import annotations

from accounts.models import Organization
from forecasting.models import ForecastModelChoice
from inventory.models import Product


def model_choice(*, organization: Organization) -> list[str] | None:
    """The models chosen by the organization, or None for the engine's default set."""
    row = ForecastModelChoice.objects.filter(organization=organization).first()
    return list(row.model_names) if row and row.model_names else None


def forecastable_count(*, organization: Organization) -> int:
    """Active single products: what a forecast run covers."""
    return Product.objects.filter(
        organization=organization, kind=Product.Kind.SINGLE, is_active=True
    ).count()
