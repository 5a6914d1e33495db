"""Open alert counts for the navigation badge (cached under the alerts' version)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from smartstock import versions

from . import selectors


def alert_counts(request: HttpRequest) -> dict:
    """``open_alerts``: total and per severity, queried only when a template uses it."""
    organization = getattr(request, "organization", None)
    if organization is None:
        return {}
    return {
        "open_alerts": SimpleLazyObject(
            lambda: selectors.open_alert_counts_cached(organization=organization)),
        # Part of the navigation's fragment-cache key (the badge shows the counts).
        "alerts_version": SimpleLazyObject(
            lambda: versions.read(selectors.ALERTS_VERSION, organization.pk)),
    }
