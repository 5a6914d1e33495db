"""Resolve the current organization and membership for every request."""
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import selectors, services

SESSION_KEY = "organization_id"


class OrganizationMiddleware:
    """Sets `request.organization` and `request.membership` (None when absent).

    The organization comes from the session (chosen with the switcher) or is the
    user's first active membership. A user whose account was created with a
    one-time password is sent to the password change page first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.organization = None
        request.membership = None
        request.memberships = []
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.memberships = selectors.memberships_of_user(user=user)
            membership = selectors.membership_choose(
                request.memberships, organization_id=request.session.get(SESSION_KEY)
            )
            if membership is not None:
                request.membership = membership
                request.organization = membership.organization
            if user.must_change_password:
                allowed = {
                    reverse("account_change_password"),
                    reverse("account_logout"),
                }
                if request.path not in allowed and not request.path.startswith("/static/"):
                    return redirect("account_change_password")
        return self.get_response(request)


class MfaRequiredMiddleware:
    """Members of an organization that requires two-factor authentication are sent
    to set up an authenticator app before anything else (the admin included)."""

    # Account pages (sign-out, two-factor set-up), language switch, static files.
    ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and any(m.organization.require_mfa for m in request.memberships)
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not services.user_has_mfa(user=user)
        ):
            messages.warning(
                request,
                _(
                    "Your organization requires two-factor authentication. Set up "
                    "an authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class LoginThrottleMiddleware:
    """Failed sign-ins are throttled per address and per address + account.

    A password login POSTed while a limit is reached answers 429 with Retry-After
    and is not even tried (accounts/services/login_security.py counts failures).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path == reverse("account_login"):
            from allauth.account.adapter import get_adapter

            address = get_adapter(request).get_client_ip(request)
            email = request.POST.get("login", "")
            retry_after = services.login_throttle_retry_after(
                address=address, email=email
            )
            if retry_after is not None:
                response = render(
                    request,
                    "account/login_throttled.html",
                    {"retry_minutes": max(1, -(-retry_after // 60))},
                    status=429,
                )
                response["Retry-After"] = str(retry_after)
                return response
        return self.get_response(request)
