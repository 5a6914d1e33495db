"""Writes for organizations: creation and settings."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Membership, Organization, User
from ..roles import Role


def organization_create(*, name: str, owner: User) -> Organization:
    """A new tenant with `owner` as its master."""
    with transaction.atomic():
        organization = Organization.objects.create(name=name.strip())
        Membership.objects.create(
            organization=organization, user=owner, role=Role.MASTER
        )
    return organization


def purchasing_emails_parse(text: str) -> list[str]:
    """One address per non-blank line; the error names every bad line."""
    addresses: list[str] = []
    errors: list[ValidationError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        address = line.strip()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            errors.append(
                ValidationError(
                    _("Line %(number)s is not a valid email address: “%(line)s”."),
                    code="invalid_email_line",
                    params={"number": number, "line": address},
                )
            )
            continue
        if address.lower() not in {a.lower() for a in addresses}:
            addresses.append(address)
    if errors:
        raise ValidationError(errors)
    return addresses


def organization_settings_update(
    *,
    organization: Organization,
    name: str,
    allow_negative_stock: bool,
    purchasing_emails: str,
) -> Organization:
    """Validate and save the organization's settings; nothing is written on error."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the organization's name.")})
    try:
        addresses = purchasing_emails_parse(purchasing_emails)
    except ValidationError as error:
        raise ValidationError({"purchasing_emails": error.error_list}) from error
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        organization.name = name
        organization.allow_negative_stock = allow_negative_stock
        organization.purchasing_emails = "\n".join(addresses)
        organization.full_clean()
        organization.save(
            update_fields=["name", "allow_negative_stock", "purchasing_emails"]
        )
    return organization
