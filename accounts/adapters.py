from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from . import services


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up creates a new organization with the new user as its master."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.name = form.cleaned_data.get("name", "")
        if commit:
            # The user and their organization exist together or not at all.
            with transaction.atomic():
                user.save()
                services.organization_create(
                    name=form.cleaned_data["organization_name"], owner=user
                )
        return user
