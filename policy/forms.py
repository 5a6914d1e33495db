"""Forms of the replenishment screens."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from inventory.services.stock import StockError
from inventory.services.stock.rules import expiry_check

from .models import PolicyMode, PolicySettings, PurchaseOrder

_CONTROL = {"class": "form-control"}
_DATE = {"type": "date", "class": "form-control"}


class RecommendationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs=_CONTROL))
    supplier = forms.TypedChoiceField(label=_("Supplier"), required=False,
                                      coerce=int, empty_value=None,
                                      widget=forms.Select(
                                          attrs={"class": "form-select"}))
    category = forms.TypedChoiceField(label=_("Category"), required=False,
                                      coerce=int, empty_value=None,
                                      widget=forms.Select(
                                          attrs={"class": "form-select"}))
    show = forms.ChoiceField(
        label=_("Urgency"), required=False,
        choices=[("week", _("To order this week")), ("order", _("To order")),
                 ("late", _("Late")), ("all", _("All products"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, suppliers=(), categories=(), **kwargs):
        """``suppliers`` and ``categories``: ``(pk, name)`` pairs."""
        super().__init__(*args, **kwargs)
        self.fields["supplier"].choices = [("", _("All suppliers"))] + list(suppliers)
        self.fields["category"].choices = [("", _("All categories"))] + list(
            categories)


class RecommendationPickForm(forms.Form):
    """The rows ticked on the order screen."""

    recommendation = forms.TypedMultipleChoiceField(coerce=int, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here; the service keeps the organization's own only.
        values = self.data.getlist("recommendation") if self.data else []
        self.fields["recommendation"].choices = [(v, v) for v in values]
        self.fields["recommendation"].error_messages["required"] = _(
            "Select at least one product.")


class LineQuantityForm(forms.Form):
    quantity = forms.IntegerField(label=_("Order quantity"), min_value=1,
                                  widget=forms.NumberInput(attrs=_CONTROL))
    reason = forms.CharField(label=_("Reason for the change"), max_length=100,
                             widget=forms.TextInput(attrs=_CONTROL))


class LineDueDateForm(forms.Form):
    """A draft line's expected arrival (the service checks it against the
    order date)."""

    expected_date = forms.DateField(label=_("Expected arrival"),
                                    widget=forms.DateInput(attrs=_DATE))


class ReceiveLineForm(forms.Form):
    """One line of the receiving form (prefixed with the line id)."""

    quantity = forms.IntegerField(label=_("Received now"), min_value=0, initial=0,
                                  widget=forms.NumberInput(attrs=_CONTROL))
    lot_code = forms.CharField(label=_("Lot"), max_length=64, required=False,
                               widget=forms.TextInput(attrs=_CONTROL))
    expiry_date = forms.DateField(label=_("Expiry date"), required=False,
                                  widget=forms.DateInput(attrs=_DATE))
    close_line = forms.BooleanField(label=_("Nothing more to come"), required=False)

    def check_expiry(self, received_on) -> bool:
        """The ledger's rule on this line's field: goods already expired on the
        day they came in are not stocked. False (and an error) if refused."""
        if not self.cleaned_data.get("quantity"):
            return True
        try:
            expiry_check(self.cleaned_data.get("expiry_date"), received=received_on)
        except StockError as error:
            self.add_error("expiry_date", error.messages)
            return False
        return True


class ReceiveForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"),
                                  widget=forms.DateInput(attrs=_DATE))


class PolicySettingsForm(forms.ModelForm):
    class Meta:
        model = PolicySettings
        fields = [
            "mode", "service_level", "service_level_a", "service_level_b",
            "service_level_c", "review_period_days", "default_lead_time_days",
            "ordering_cost", "holding_cost_rate", "reorder_alert_window_days",
            "expiry_window_days", "overstock_grace_days", "order_sheet_email_enabled",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-check-input" if name == "order_sheet_email_enabled" else (
                "form-select" if name == "mode" else "form-control")
            field.widget.attrs.setdefault("class", css)


class PurchaseOrderFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All"))] + list(PurchaseOrder.Status.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class ProductPolicyForm(forms.Form):
    """A product's override of the organization's policy (blank = inherit)."""

    mode = forms.ChoiceField(
        label=_("Mode"), required=False,
        choices=[("", _("Organization default"))] + list(PolicyMode.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    service_level = forms.DecimalField(
        label=_("Target service level"), required=False, max_digits=4,
        decimal_places=3, min_value=Decimal("0.500"), max_value=Decimal("0.999"),
        widget=forms.NumberInput(attrs=_CONTROL),
    )
