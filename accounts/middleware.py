"""Resolve the current organization and membership for every request."""
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import selectors

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
