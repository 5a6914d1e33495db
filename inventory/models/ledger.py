"""The stock ledger.

`StockMovement` is the ledger and the single source of truth; `Product.on_hand`
and `Lot.on_hand` are caches kept in the same transaction as each ledger row
(see inventory/services/stock/). Ledger rows are never updated or deleted.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..fields import CaseSensitiveCharField
from ..importing.values import MAX_AMOUNT
from .base import TenantModel
from .catalog import Channel, Product


class Lot(TenantModel):
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="lots",
    )
    code = CaseSensitiveCharField(_("lot code"), max_length=64)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    # Cache of the ledger sum of this lot's movements.
    on_hand = models.IntegerField(_("on hand"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.UniqueConstraint(fields=["product", "code"], name="lot_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.product.sku} / {self.code}"


class ExternalReference(TenantModel):
    """One row per external line (e.g. a channel order line) ever applied.

    The unique key makes the database refuse a second application of the same
    line, whichever process tries it; the movements that line produced point here.
    """

    scope = models.CharField(max_length=32)  # channel id, or "-" for none
    ref = CaseSensitiveCharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    # The newest business day of the export that last recorded or confirmed
    # the line (null: not known, e.g. channel sync): an export whose days end
    # earlier is older news and does not change the line (order_lines.plan).
    seen_on = models.DateField(_("seen in an export up to"), null=True, blank=True)
    # The upload that set `seen_on`; reverting it forgets the day.
    seen_in = models.ForeignKey(
        "inventory.UploadBatch", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("seen in upload"),
    )

    class Meta:
        verbose_name = _("external reference")
        verbose_name_plural = _("external references")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "scope", "ref"], name="externalref_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.ref}"


class LedgerImmutableError(Exception):
    """Raised on any attempt to change or delete a ledger row."""


class StockMovementQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerImmutableError("Ledger rows cannot be updated; add a reversal.")

    def delete(self):
        raise LedgerImmutableError("Ledger rows cannot be deleted; add a reversal.")


class StockMovement(TenantModel):
    """One row of the stock ledger: a signed quantity of one product on one day."""

    class Kind(models.TextChoices):
        INBOUND = "inbound", _("Inbound")
        OUTBOUND = "outbound", _("Outbound")
        ADJUSTMENT = "adjustment", _("Adjustment")
        STOCK_COUNT = "stock_count", _("Stock count")
        REVERSAL = "reversal", _("Reversal")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Manual entry")
        UPLOAD = "upload", _("Upload")
        PURCHASE_RECEIPT = "purchase_receipt", _("Purchase-order receipt")
        API = "api", _("API")
        IMPORT = "import", _("Historical import")
        CHANNEL_SYNC = "channel_sync", _("Channel sync")

    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="movements",
    )
    business_date = models.DateField(_("date"))
    quantity = models.IntegerField(_("quantity"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("channel"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
    )
    lot = models.ForeignKey(
        Lot,
        verbose_name=_("lot"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_ref = models.CharField(_("source reference"), max_length=64, blank=True)
    external_ref = models.ForeignKey(
        ExternalReference,
        verbose_name=_("external reference"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
    )
    set_product = models.ForeignKey(
        Product,
        verbose_name=_("from set"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="set_movements",
    )
    reversal_of = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    # What the customer paid for this row's units, in whole won (an outbound
    # sale, and the reversal that cancels it, which carries the same amount).
    # Null: not known (a manual entry, an older export): revenue falls back to
    # units × the product's selling price. A set sold as one line keeps its
    # amount split over the component rows by their list prices.
    amount = models.PositiveBigIntegerField(
        _("amount paid"), null=True, blank=True,
        validators=[MaxValueValidator(MAX_AMOUNT)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = StockMovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-business_date", "-id"]
        indexes = [
            models.Index(fields=["organization", "business_date"]),
            # The movement list's order (newest first) read backwards from an
            # index instead of sorting the organization's whole ledger.
            models.Index(
                fields=["organization", "business_date", "id"],
                name="movement_org_date_id_idx",
            ),
            models.Index(fields=["product", "business_date"]),
            models.Index(fields=["organization", "kind", "business_date"]),
            models.Index(fields=["organization", "source", "source_ref"]),
        ]

    def __str__(self) -> str:
        return f"{self.business_date} {self.kind} {self.quantity:+d} {self.product_id}"

    def save(self, *args, **kwargs):
        # The ledger is append-only: an existing row is never written again.
        if self.pk is not None and not self._state.adding:
            raise LedgerImmutableError("Ledger rows cannot be updated; add a reversal.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerImmutableError("Ledger rows cannot be deleted; add a reversal.")
