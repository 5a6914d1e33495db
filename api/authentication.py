"""Who is calling: an API key (`Authorization: Bearer <key>`) or a signed-in member.

Both set `request.organization` and `request.api_role`; every view reads only
those, so a key and a browser session act through the same role map.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from . import services


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>`; a bad, revoked or expired key is 401."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(
            "latin-1", errors="replace"
        )
        if not header:
            return None
        parts = header.split()
        if not parts or parts[0].lower() != self.keyword.lower():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the header as “Authorization: Bearer <key>”.")
            )
        api_key = services.api_key_authenticate(secret=parts[1])
        if api_key is None:
            raise exceptions.AuthenticationFailed(
                _("This API key is not valid, was revoked or has expired.")
            )
        django_request = request._request
        django_request.organization = api_key.organization
        django_request.api_role = api_key.role
        django_request.api_key = api_key
        return api_key.actor, api_key

    def authenticate_header(self, request) -> str:
        return self.keyword


class MemberSessionAuthentication(authentication.SessionAuthentication):
    """The signed-in browser (CSRF checked on writes), with its membership's role."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        django_request = request._request
        membership = getattr(django_request, "membership", None)
        django_request.api_role = membership.role if membership else None
        django_request.api_key = None
        return result
