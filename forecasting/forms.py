"""Forms of the forecasting screens; every choice is scoped to the organization."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from inventory import selectors as inventory_selectors
from inventory.forms import DATE_WIDGET, BootstrapMixin
from inventory.models import Product

from .event_import import MAX_BYTES
from .models import ForecastOverride, PromotionEvent


class OverrideForm(BootstrapMixin, forms.ModelForm):
    """Override a product's forecast; the reason code and explanation are required."""

    class Meta:
        model = ForecastOverride
        fields = (
            "kind",
            "daily_level",
            "multiplier",
            "total_30",
            "total_60",
            "total_90",
            "start_date",
            "end_date",
            "reason_code",
            "reason_text",
            "expires_on",
        )
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "expires_on": DATE_WIDGET,
            "reason_text": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "start_date": _(
                "Multiplier: required. Level: optional (default all 90 days)."
            ),
        }

    def service_kwargs(self) -> dict:
        """The cleaned values as forecast_override_set keyword arguments."""
        data = self.cleaned_data
        totals = None
        if data["kind"] == ForecastOverride.Kind.TOTALS:
            totals = (data["total_30"], data["total_60"], data["total_90"])
        return {
            "kind": data["kind"],
            "daily_level": data["daily_level"]
            if data["kind"] == ForecastOverride.Kind.LEVEL
            else None,
            "multiplier": data["multiplier"]
            if data["kind"] == ForecastOverride.Kind.MULTIPLIER
            else None,
            "totals": totals,
            "start_date": data["start_date"],
            "end_date": data["end_date"],
            "reason_code": data["reason_code"],
            "reason_text": data["reason_text"],
            "expires_on": data["expires_on"],
        }


class PromotionEventForm(BootstrapMixin, forms.ModelForm):
    """A promotion, channel event or sales pause for a product, a category, or
    every product."""

    class Meta:
        model = PromotionEvent
        fields = (
            "kind",
            "name",
            "product",
            "category",
            "channel",
            "start_date",
            "end_date",
            "note",
        )
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET}
        help_texts = {
            "kind": _(
                "A sales pause: days nothing can sell (a holiday break, a listing "
                "taken down). Past ones are not read as zero demand; planned ones "
                "are forecast at 0."
            ),
            "product": _("Leave product and category empty for every product."),
        }

    def __init__(self, *args, organization: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = inventory_selectors.product_list(
            organization=organization, kind=Product.Kind.SINGLE
        )
        self.fields["category"].queryset = inventory_selectors.category_list(
            organization=organization
        )
        self.fields["channel"].queryset = inventory_selectors.channel_list(
            organization=organization
        )
        # A form (or a script) that does not say is adding a promotion.
        self.fields["kind"].required = False

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or PromotionEvent.Kind.PROMOTION

    def service_kwargs(self) -> dict:
        """The cleaned values as promotion_event_create keyword arguments."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ForecastSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )


class EventUploadForm(BootstrapMixin, forms.Form):
    """A CSV or .xlsx calendar of events; the parser checks the contents."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8 or CP949) or Excel .xlsx, at most 1 MB and 2,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        """Refuse big files before reading them (the parser checks again)."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 1 MB. Split it into smaller files."),
                code="too_large",
            )
        return upload


class ModelChoiceForm(forms.Form):
    """Which forecasting models take part in the organization's runs."""

    models = forms.MultipleChoiceField(
        label=_("Models"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one model.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        from .model_catalog import CATALOG

        super().__init__(*args, **kwargs)
        self.fields["models"].choices = [(m.name, m.label) for m in CATALOG]
