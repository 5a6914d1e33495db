from django.http import HttpRequest

from .roles import ROLE_PERMISSIONS


def organization(request: HttpRequest) -> dict:
    """Expose the organization, membership and granted permissions to templates.

    Templates hide menu entries with `{% if "catalog.manage" in perms_granted %}`.
    """
    membership = getattr(request, "membership", None)
    granted = ROLE_PERMISSIONS.get(membership.role, frozenset()) if membership else frozenset()
    return {
        "organization": getattr(request, "organization", None),
        "membership": membership,
        "perms_granted": granted,
    }
