"""Writes of one product's replenishment override (ProductPolicy)."""

from __future__ import annotations

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from inventory.models import Product
from policy.models import ProductPolicy
from policy.services.recommendations import recommendations_refresh_on_commit

logger = logging.getLogger(__name__)


def product_policy_set(
    *,
    organization: Organization,
    product: Product,
    mode: str,
    service_level: Decimal | None,
    user: User | None,
) -> ProductPolicy | None:
    """Save the product's override, or delete it when every field is blank.

    Returns the saved override (None once cleared); the organization's
    recommendations are recomputed after commit.
    """
    if product.organization_id != organization.pk:
        # Views look products up by organization; this guards other callers.
        raise ValidationError(_("This product belongs to another organization."))
    with transaction.atomic():
        if not mode and service_level is None:
            ProductPolicy.objects.filter(
                organization=organization, product=product
            ).delete()
            policy = None
        else:
            policy = (
                ProductPolicy.objects.select_for_update()
                .filter(organization=organization, product=product)
                .first()
            ) or ProductPolicy(organization=organization, product=product)
            policy.mode, policy.service_level = mode, service_level
            policy.full_clean()
            policy.save()
        logger.info("Product %s policy set by user %s", product.pk,
                    getattr(user, "pk", None))
        recommendations_refresh_on_commit(organization_id=organization.pk)
    return policy
