"""Forms for accounts. They parse input only; services decide and write."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .models import User
from .roles import Role

_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form plus the new organization's name and the user's name.

    Settings name it in ACCOUNT_FORMS["signup"], so it must extend allauth's form
    (a plain Form there would replace the email and password fields).
    The adapter reads both fields and creates the organization.
    """

    organization_name = forms.CharField(
        label=_("Company name"),
        max_length=200,
        help_text=_("Your seller company; you become its master."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["organization_name", "name", "email"])

    def signup(self, request, user) -> None:
        """allauth's hook after the user is saved; the adapter did the work."""


class MemberInviteForm(forms.Form):
    """Invite a person by email with a role."""

    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs=_TEXT)
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        initial=Role.STAFF,
        widget=forms.Select(attrs=_SELECT),
    )


class MemberCreateForm(forms.Form):
    """Create an account directly; the system generates a one-time password."""

    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs=_TEXT)
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs=_TEXT),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        initial=Role.STAFF,
        widget=forms.Select(attrs=_SELECT),
    )


class MemberRoleForm(forms.Form):
    """A member's new role."""

    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class OrganizationSettingsForm(forms.Form):
    """The organization's name and operating settings.

    The purchasing addresses are validated by the service, which names the bad
    line; the view shows its error on this form.
    """

    name = forms.CharField(
        label=_("Organization name"),
        max_length=200,
        widget=forms.TextInput(attrs=_TEXT),
    )
    allow_negative_stock = forms.BooleanField(
        label=_("Allow negative stock"),
        required=False,
        help_text=_(
            "When off, an outbound that would take stock below zero is refused."
        ),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    purchasing_emails = forms.CharField(
        label=_("Purchasing contacts"),
        required=False,
        help_text=_("Email addresses that receive order sheets, one per line."),
        widget=forms.Textarea(attrs={**_TEXT, "rows": 4}),
    )


class InvitationSignupForm(forms.Form):
    """The invited person's new account: name and password (checked by Django)."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={**_TEXT, "autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={**_TEXT, "autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={**_TEXT, "autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = email
        # Built per request so it follows the active language.
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def clean(self) -> dict:
        cleaned = super().clean()
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords do not match."))
        elif password1:
            # An unsaved user lets the similarity validator compare with the email.
            candidate = User(email=self.email, name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
