"""Forms of the upload flow: the file, the template, apply, the column mapping
and the code map."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization

from .. import selectors
from ..models import Channel
from .base import DATE_WIDGET, BootstrapMixin, ChannelSkuMixin, Kind

MAX_TEMPLATE_DAYS = 366


class UploadForm(BootstrapMixin, forms.Form):
    """A file to upload and how to read what the file does not say."""

    file = forms.FileField(
        label=_("file"),
        help_text=_("Excel workbook (.xlsx) or CSV (.csv): our template or a "
                    "channel's order export."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    default_date = forms.DateField(
        label=_("date for rows without a date"), required=False, widget=DATE_WIDGET
    )
    quantity_kind = forms.ChoiceField(
        label=_("a plain quantity column means"),
        choices=[(Kind.OUTBOUND.value, _("outbound (sales)")),
                 (Kind.INBOUND.value, _("inbound (receipts)"))],
        initial=Kind.OUTBOUND.value,
    )
    channel = forms.ModelChoiceField(
        label=_("channel when the file has none"), required=False,
        queryset=Channel.objects.none(),
    )

    def __init__(self, *args, organization: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = selectors.channel_list(
            organization=organization
        )

    def parse_options(self) -> dict:
        """The options stored on the upload batch (JSON)."""
        data = self.cleaned_data
        return {
            "default_date": data["default_date"].isoformat()
            if data["default_date"] else None,
            "quantity_kind": data["quantity_kind"],
            "channel": data["channel"].name if data["channel"] else "",
        }


class TemplateForm(BootstrapMixin, forms.Form):
    """Dates of the template rows: one day, or one row per product per day."""

    date_from = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    date_to = forms.DateField(
        label=_("until (optional)"), required=False, widget=DATE_WIDGET,
        help_text=_("With an end date the template has one row per product per day."),
    )

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end date is before the start date."))
            if (end - start).days >= MAX_TEMPLATE_DAYS:
                raise forms.ValidationError(
                    _("Choose at most %(days)s days."), params={"days": MAX_TEMPLATE_DAYS}
                )
        return data


class ApplyForm(forms.Form):
    allow_duplicate = forms.BooleanField(
        label=_("Apply anyway: this file was already applied"), required=False
    )


class MappingForm(BootstrapMixin, forms.Form):
    """For every field the file can have, which column holds it."""

    def __init__(
        self, *args, headers: list[str], mapping: dict[str, str], fields: list[str],
        labels: dict[str, str], **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in this file —"))] + [
            (header, header) for header in dict.fromkeys(h for h in headers if h)
        ]
        for name in fields:
            self.fields[name] = forms.ChoiceField(
                label=labels[name], choices=choices, required=False,
                initial=mapping.get(name, ""),
            )

    def mapping(self) -> dict[str, str | None]:
        """Field → header text, None for a field the file does not have."""
        return {name: value or None for name, value in self.cleaned_data.items()}


class CodeMapForm(ChannelSkuMixin, BootstrapMixin, forms.Form):
    """Map a code the upload did not recognise to a product (a channel listing)."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=100)
    sku = forms.CharField(label=_("master SKU"), max_length=64)
    channel = forms.ModelChoiceField(label=_("channel"), queryset=Channel.objects.none())

