from django.http import HttpRequest

from .roles import ROLE_PERMISSIONS


def organization(request: HttpRequest) -> dict:
    """Expose the organization, membership and granted permissions to templates.

    Templates hide menu entries with `{% if "catalog.manage" in perms_granted %}`.
    """
    membership = getattr(request, "membership", None)
    granted = frozenset()
    if membership is not None:
        granted = ROLE_PERMISSIONS.get(membership.role, frozenset())
    return {
        "organization": getattr(request, "organization", None),
        "membership": membership,
        "perms_granted": granted,
        "switchable_memberships": getattr(request, "memberships", []),
    }
