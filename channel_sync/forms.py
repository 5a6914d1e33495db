"""Forms of the channel connection pages (credentials are write-only inputs)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ChannelAccount


class ConnectForm(forms.Form):
    kind = forms.ChoiceField(label=_("Channel"), choices=ChannelAccount.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=100)
    account_id = forms.CharField(
        label=_("Vendor id / application id / mall id"), max_length=100,
        help_text=_("Coupang: vendor id (A00…). Naver: application id. Cafe24: mall id."))
    key = forms.CharField(
        label=_("Access key / app client id"), max_length=200, required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Coupang: access key. Cafe24: the app's client id. Naver: leave empty."))
    secret = forms.CharField(
        label=_("Secret key / application secret"), max_length=200,
        widget=forms.PasswordInput(render_value=False))
    base_url = forms.URLField(
        label=_("API address (optional)"), required=False, assume_scheme="https",
        help_text=_("Leave empty for the channel's real API."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select)
                else "form-control")

    def credentials(self) -> dict[str, str]:
        data = self.cleaned_data
        return credentials_from(data["kind"], account_id=data["account_id"],
                                key=data["key"], secret=data["secret"])


def credentials_from(kind: str, *, account_id: str, key: str,
                     secret: str) -> dict[str, str]:
    """The form's three inputs as the credential fields of `kind`."""
    if kind == ChannelAccount.Kind.COUPANG:
        return {"vendor_id": account_id, "access_key": key, "secret_key": secret}
    if kind == ChannelAccount.Kind.NAVER:
        return {"client_id": account_id, "client_secret": secret}
    return {"mall_id": account_id, "client_id": key, "client_secret": secret}


class CredentialsForm(forms.Form):
    """New keys for a connected account (its account id stays)."""

    key = forms.CharField(
        label=_("Access key / app client id"), max_length=200, required=False,
        widget=forms.PasswordInput(render_value=False,
                                   attrs={"class": "form-control"}),
        help_text=_("Coupang: access key. Cafe24: the app's client id. Naver: leave empty."))
    secret = forms.CharField(
        label=_("Secret key / application secret"), max_length=200,
        widget=forms.PasswordInput(render_value=False,
                                   attrs={"class": "form-control"}))

    def credentials(self, account: ChannelAccount) -> dict[str, str]:
        return credentials_from(account.kind, account_id=account.account_label,
                                key=self.cleaned_data["key"],
                                secret=self.cleaned_data["secret"])


class PushSettingsForm(forms.Form):
    push_enabled = forms.BooleanField(label=_("Push stock to this channel"),
                                      required=False)
    push_dry_run = forms.BooleanField(label=_("Dry run (send nothing)"),
                                      required=False)
    push_buffer = forms.IntegerField(
        label=_("Buffer"), min_value=0, max_value=100000, initial=0,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))


class MapCodeForm(forms.Form):
    account = forms.IntegerField(widget=forms.HiddenInput)
    code = forms.CharField(max_length=100, widget=forms.HiddenInput)
    sku = forms.CharField(label=_("Master SKU"), max_length=64)


class PickListForm(forms.Form):
    day = forms.DateField(label=_("Up to"), required=False,
                          widget=forms.DateInput(attrs={"type": "date",
                                                        "class": "form-control"}))
