"""Forms of the stock ledger: a movement, its reversal, the movement list's filters."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization

from .. import selectors
from ..models import Channel, Product
from ..services.stock.rules import (
    adds_stock,
    expiry_without_lot_message,
)
from .base import DATE_WIDGET, MANUAL_KINDS, BootstrapMixin, Kind, _product_for_sku


class MovementForm(BootstrapMixin, forms.Form):
    """A manual movement; with `choose_product` the product is typed as a SKU."""

    sku = forms.CharField(label=_("master SKU"), max_length=64)
    kind = forms.ChoiceField(label=_("kind"), choices=MANUAL_KINDS)
    quantity = forms.IntegerField(
        label=_("quantity"),
        help_text=_(
            "Inbound/outbound: units moved. Adjustment: signed change. "
            "Stock count: the counted quantity."
        ),
    )
    business_date = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    channel = forms.ModelChoiceField(
        label=_("channel"), queryset=Channel.objects.none(), required=False
    )
    lot_code = forms.CharField(label=_("lot code"), max_length=64, required=False)
    expiry_date = forms.DateField(
        label=_("expiry date"), required=False, widget=DATE_WIDGET
    )
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(
        self, *args, organization: Organization, choose_product: bool = True, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["business_date"].initial = timezone.localdate
        self.fields["channel"].queryset = selectors.channel_list(
            organization=organization
        ).filter(is_active=True)
        if not choose_product:
            del self.fields["sku"]

    def clean_sku(self) -> Product:
        # An inactive product is accepted, as on every path to the ledger: its
        # remaining stock is still sold, returned, counted and written off.
        return _product_for_sku(self.organization, self.cleaned_data["sku"])

    def clean(self) -> dict:
        data = super().clean()
        kind, quantity = data.get("kind"), data.get("quantity")
        if kind and quantity is not None:
            error = _quantity_error(kind, quantity)
            if error:
                self.add_error("quantity", error)
        # Stock coming in with an expiry date but no lot number goes to the
        # expiry day's lot (the ledger's rule); elsewhere the date would be lost.
        if (data.get("expiry_date") and not data.get("lot_code")
                and kind and not adds_stock(kind, quantity)):
            self.add_error("lot_code", expiry_without_lot_message())
        return data


def _quantity_error(kind: str, quantity: int) -> str | None:
    """Why `quantity` does not fit `kind`, or None."""
    if kind in (Kind.INBOUND, Kind.OUTBOUND) and quantity <= 0:
        return _("Enter a quantity greater than zero.")
    if kind == Kind.ADJUSTMENT and quantity == 0:
        return _("An adjustment must change the stock (positive or negative).")
    if kind == Kind.STOCK_COUNT and quantity < 0:
        return _("A counted quantity cannot be negative.")
    return None


class ReverseForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("reason"), max_length=500, required=False)


class MovementFilterForm(BootstrapMixin, forms.Form):
    sku = forms.CharField(label=_("master SKU"), required=False)
    date_from = forms.DateField(label=_("from"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("to"), required=False, widget=DATE_WIDGET)
    kind = forms.ChoiceField(
        label=_("kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    user = forms.TypedChoiceField(
        label=_("recorded by"), required=False, coerce=int, empty_value=None
    )
    channel = forms.TypedChoiceField(
        label=_("channel"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, user_choices, channel_choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Everyone")), *user_choices]
        self.fields["channel"].choices = [("", _("All channels")), *channel_choices]

    def filters(self) -> dict:
        """Keyword arguments for selectors.movement_list (invalid input is ignored)."""
        self.is_valid()  # invalid fields drop out; the valid ones still filter
        data = getattr(self, "cleaned_data", {})
        return {
            "product_sku": (data.get("sku") or "").strip(),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "kind": data.get("kind") or "",
            "user_id": data.get("user"),
            "channel_id": data.get("channel"),
        }


# -- uploads ---------------------------------------------------------------------
