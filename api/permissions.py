"""Access for API views, decided by the one role map (accounts/roles.py).

A view declares `access = {"read": Perm..., "write": Perm... or None}` and may
name other permissions per action in `action_access`; `api.urls` checks that
every view declares it (tests/api/test_access_matrix.py reads it).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

from accounts.roles import Perm, role_has_perm

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def required_perm(view, method: str) -> str | None:
    """The permission the view needs for `method` (None: no role may)."""
    action = getattr(view, "action", None)
    per_action = getattr(view, "action_access", {}) or {}
    if action in per_action:
        return per_action[action]
    access = getattr(view, "access", None) or {"read": Perm.VIEW, "write": None}
    return access["read"] if method in SAFE_METHODS else access["write"]


class RolePermission(permissions.BasePermission):
    """Authenticated, in an organization, and the role grants the permission."""

    message = _("Your role does not allow this.")

    def has_permission(self, request, view) -> bool:
        if request.user is None or not getattr(request.user, "is_authenticated", False):
            raise exceptions.NotAuthenticated()
        if getattr(request, "organization", None) is None:
            raise exceptions.PermissionDenied(_("You are not a member of an organization."))
        needed = required_perm(view, request.method)
        return needed is not None and role_has_perm(
            getattr(request, "api_role", None), needed
        )
