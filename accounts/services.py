"""Writes for accounts: organizations, members, invitations."""
from __future__ import annotations

from django.db import transaction

from .models import Membership, Organization, User
from .roles import Role


def organization_create(*, name: str, owner: User) -> Organization:
    """A new tenant with `owner` as its master."""
    with transaction.atomic():
        organization = Organization.objects.create(name=name.strip())
        Membership.objects.create(organization=organization, user=owner, role=Role.MASTER)
    return organization
