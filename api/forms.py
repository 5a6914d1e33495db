"""The API keys page's form."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.forms import BootstrapMixin

from .models import ApiKey


class ApiKeyForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=100,
                           help_text=_("What uses the key, e.g. “ERP sync”."))
    role = forms.ChoiceField(label=_("role"), choices=[
        (role.value, role.label) for role in ApiKey.KEY_ROLES])
    expires_on = forms.DateField(
        label=_("expires on"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the key works until it is revoked."))

    def expires_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day, dt.time.max))
