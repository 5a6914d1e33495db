"""What every inventory form shares: the Bootstrap classes, the date widget, the
manual movement kinds and a typed SKU resolved inside the organization."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization

from .. import selectors
from ..models import Product, StockMovement

Kind = StockMovement.Kind
MANUAL_KINDS = [
    (Kind.INBOUND.value, Kind.INBOUND.label),
    (Kind.OUTBOUND.value, Kind.OUTBOUND.label),
    (Kind.ADJUSTMENT.value, Kind.ADJUSTMENT.label),
    (Kind.STOCK_COUNT.value, Kind.STOCK_COUNT.label),
]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BootstrapMixin:
    """Give every widget its Bootstrap class, so templates just render fields."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def _product_for_sku(
    organization: Organization, sku: str, *, single_only: bool = False
) -> Product:
    """Resolve a typed SKU inside the organization, or raise a form error."""
    try:
        product = selectors.product_by_sku(organization=organization, sku=sku.strip())
    except Product.DoesNotExist:
        raise forms.ValidationError(
            _("No product with SKU %(sku)s."), params={"sku": sku}, code="unknown_sku"
        ) from None
    if single_only and product.is_set:
        raise forms.ValidationError(
            _("A set component must be a single product."), code="not_single"
        )
    return product


class ChannelSkuMixin:
    """A channel chosen among the organization's and a typed master SKU resolved
    inside it (a channel listing, or an upload's unknown code mapped)."""

    def __init__(self, *args, organization: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["channel"].queryset = selectors.channel_list(
            organization=organization
        )

    def clean_sku(self) -> Product:
        return _product_for_sku(self.organization, self.cleaned_data["sku"])
