"""Reads of the API app, scoped to the organization."""

from django.db.models import QuerySet

from accounts.models import Organization

from .models import ApiKey


def api_key_list(*, organization: Organization) -> QuerySet[ApiKey]:
    """The organization's keys, newest first (revoked ones too)."""
    return ApiKey.objects.filter(organization=organization).select_related("created_by")


def api_key_get(*, organization: Organization, key_id: int) -> ApiKey:
    """Raises ApiKey.DoesNotExist for another organization's key (→ 404)."""
    return ApiKey.objects.get(organization=organization, pk=key_id)
