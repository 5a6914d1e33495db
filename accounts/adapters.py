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

    def pre_authenticate(self, request, **credentials) -> None:
        """The failed-login throttle runs in LoginThrottleMiddleware (429), not here:
        allauth's own per-email limit would let a stranger lock the user out."""

    def authentication_failed(self, request, **credentials) -> None:
        """A wrong password: recorded, and counted by the throttle."""
        email = credentials.get("email", credentials.get("username", "")) or ""
        address = self.get_client_ip(request)
        services.login_failure_count(address=address, email=email)
        services.login_attempt_record(
            email=email,
            address=address,
            user_agent=self.get_http_user_agent(request),
            succeeded=False,
        )
