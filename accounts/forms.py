from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    """allauth's sign-up form gets this field: the new organization's name."""

    organization_name = forms.CharField(
        label=_("Company name"),
        max_length=200,
        help_text=_("Your seller company; you become its master."),
    )
    name = forms.CharField(label=_("Your name"), max_length=150, required=False)

    def signup(self, request, user) -> None:  # called by allauth after the user is saved
        pass
