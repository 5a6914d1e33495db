"""The one role/permission map. Views, templates, admin and tests all read it.

A role grants a set of permissions; a view declares the permission it needs for
reading (GET) and for writing (POST). Nothing else decides access.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MASTER = "master", _("Master")
    MANAGER = "manager", _("Manager")
    STAFF = "staff", _("Staff")
    VIEWER = "viewer", _("Viewer")


class Perm:
    """Permission names. A view names one of these; the map below grants them."""

    VIEW = "view"  # read every screen of the organization
    STOCK_RECORD = "stock.record"  # record inbound / outbound / adjustments
    UPLOAD = "upload"  # upload templates and channel exports
    RECEIVE = "purchase.receive"  # receive goods against purchase orders
    CATALOG_MANAGE = "catalog.manage"  # products, suppliers, categories, channels
    POLICY_MANAGE = "policy.manage"  # safety stock, lead times, service levels
    FORECAST_OVERRIDE = "forecast.override"
    PURCHASE_MANAGE = "purchase.manage"  # create, approve, send purchase orders
    SETTINGS_MANAGE = "settings.manage"  # organization settings
    MEMBERS_MANAGE = "members.manage"  # invite, change roles, deactivate


_STAFF = {Perm.VIEW, Perm.STOCK_RECORD, Perm.UPLOAD, Perm.RECEIVE}
_MANAGER = _STAFF | {
    Perm.CATALOG_MANAGE,
    Perm.POLICY_MANAGE,
    Perm.FORECAST_OVERRIDE,
    Perm.PURCHASE_MANAGE,
    Perm.SETTINGS_MANAGE,
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.MASTER: frozenset(_MANAGER | {Perm.MEMBERS_MANAGE}),
    Role.MANAGER: frozenset(_MANAGER),
    Role.STAFF: frozenset(_STAFF),
    Role.VIEWER: frozenset({Perm.VIEW}),
}


def role_has_perm(role: str | None, perm: str) -> bool:
    """True when `role` grants `perm`; an unknown or missing role grants nothing."""
    if role is None:
        return False
    return perm in ROLE_PERMISSIONS.get(role, frozenset())
