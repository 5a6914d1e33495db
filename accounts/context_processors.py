import hashlib

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language

from .roles import ROLE_PERMISSIONS


def organization(request: HttpRequest) -> dict:
    """Expose the organization, membership and granted permissions to templates.

    Templates hide menu entries with `{% if "catalog.manage" in perms_granted %}`.
    """
    membership = getattr(request, "membership", None)
    granted = frozenset()
    if membership is not None:
        granted = ROLE_PERMISSIONS.get(membership.role, frozenset())
    memberships = getattr(request, "memberships", [])
    return {
        "organization": getattr(request, "organization", None),
        "membership": membership,
        "perms_granted": granted,
        "switchable_memberships": memberships,
        "nav_key": _nav_key(request, membership, memberships),
    }


def _nav_key(request: HttpRequest, membership, memberships) -> str:
    """Everything the navigation menu shows, as its fragment-cache key: the
    language, the role (menu entries), the organizations to switch between and
    whether this is the home page (highlighted)."""
    if membership is None:
        return ""
    parts = [get_language(), membership.organization_id, membership.role,
             request.path == reverse("dashboard")]
    parts += [(m.organization_id, m.role, m.organization.name) for m in memberships]
    return hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()
