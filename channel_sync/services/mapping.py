"""Unknown codes: map a channel code to a product once; waiting lines then apply."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from inventory.models import ChannelListing, Product

from ..models import ChannelAccount, ChannelOrderLine, SyncRun
from .sync import lines_apply_waiting


def unknown_code_map(*, organization: Organization, user: User,
                     account: ChannelAccount, code: str, product: Product) -> SyncRun:
    """Create the channel listing for `code` and record the lines waiting on it."""
    if account.organization_id != organization.pk \
            or product.organization_id != organization.pk:
        raise ValidationError(_("This account or product does not exist."))
    code = code.strip()
    if not code:
        raise ValidationError(_("Choose a code to map."))
    with transaction.atomic():
        listing = ChannelListing.objects.filter(
            organization=organization, channel=account.channel, code=code).first()
        if listing is None:
            ChannelListing.objects.create(organization=organization,
                                          channel=account.channel, code=code,
                                          product=product)
        elif listing.product_id != product.pk:
            raise ValidationError(
                _("The code %(code)s is already mapped to %(sku)s.")
                % {"code": code, "sku": listing.product.sku})
        waiting = ChannelOrderLine.objects.filter(
            account=account, product__isnull=True).filter(
            Q(channel_code=code) | Q(channel_code="", seller_code=code))
        if not waiting.exists():
            raise ValidationError(_("No line waits on the code %(code)s.")
                                  % {"code": code})
        for line in waiting.select_for_update():
            line.product = product
            line.save(update_fields=["product", "updated_at"])
    return lines_apply_waiting(account=account)
