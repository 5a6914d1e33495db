"""Writes of the organization's replenishment settings."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts.models import Organization, User
from policy.models import PolicySettings


def policy_settings_update(
    *, organization: Organization, user: User | None, data: dict[str, Any]
) -> PolicySettings:
    """Save the settings (created on first save) and recompute after commit."""
    from policy.services.recommendations import recommendations_refresh_on_commit

    with transaction.atomic():
        settings, _created = PolicySettings.objects.select_for_update() \
            .get_or_create(organization=organization)
        for name, value in data.items():
            setattr(settings, name, value)
        settings.updated_by = user
        settings.full_clean()
        settings.save()
        recommendations_refresh_on_commit(organization_id=organization.pk)
    return settings
