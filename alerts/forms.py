"""Forms of the alert centre."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Alert


def _select(choices, label):
    return forms.ChoiceField(label=label, required=False, choices=choices,
                             widget=forms.Select(attrs={"class": "form-select"}))


class AlertFilterForm(forms.Form):
    status = _select([("active", _("Open and acknowledged")), ("", _("All"))]
                     + list(Alert.Status.choices), _("Status"))
    kind = _select([("", _("All kinds"))] + list(Alert.Kind.choices), _("Kind"))
    severity = _select([("", _("All severities"))] + list(Alert.Severity.choices),
                       _("Severity"))
    q = forms.CharField(label=_("Product"), required=False,
                        widget=forms.TextInput(attrs={"class": "form-control"}))


class SnoozeForm(forms.Form):
    until = forms.DateField(label=_("Snooze until"),
                            widget=forms.DateInput(attrs={"type": "date",
                                                          "class": "form-control"}))
