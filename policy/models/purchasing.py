"""Purchase orders, their lines (quantity edits kept with who, when and why) and
the goods received against them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organization
from inventory.models import Product, Supplier

from .numbering import po_number


class PurchaseOrder(models.Model):
    """An order to one supplier; its lines count as on order once approved."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        SENT = "sent", _("Sent")
        PARTIALLY_RECEIVED = "partially_received", _("Partially received")
        RECEIVED = "received", _("Received")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", editable=False
    )
    supplier = models.ForeignKey(
        Supplier, verbose_name=_("supplier"), on_delete=models.PROTECT,
        related_name="purchase_orders",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    expected_date = models.DateField(_("expected arrival"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    ordered_on = models.DateField(_("ordered on"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    OPEN_STATUSES = (Status.APPROVED, Status.SENT, Status.PARTIALLY_RECEIVED)

    class Meta:
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return po_number(self.pk)


class PurchaseOrderLine(models.Model):
    """One product on an order; quantity edits are kept with who, when and why."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", editable=False
    )
    order = models.ForeignKey(
        PurchaseOrder, on_delete=models.CASCADE, related_name="lines"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT,
        related_name="purchase_order_lines",
    )
    quantity = models.PositiveIntegerField(
        _("order quantity"), validators=[MinValueValidator(1)]
    )
    recommended_quantity = models.PositiveIntegerField(
        _("recommended quantity"), null=True, blank=True
    )
    received_quantity = models.PositiveIntegerField(_("received"), default=0)
    unit_cost = models.DecimalField(
        _("unit cost"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    expected_date = models.DateField(_("expected arrival"), null=True, blank=True)
    is_closed = models.BooleanField(_("closed"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("purchase order line")
        verbose_name_plural = _("purchase order lines")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "product"], name="purchaseorderline_unique_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.product_id} × {self.quantity}"

    @property
    def amount(self) -> Decimal | None:
        """Quantity × unit cost in won; None without a unit cost (not ₩0)."""
        return self.unit_cost * self.quantity if self.unit_cost else None

    @property
    def remaining_quantity(self) -> int:
        return 0 if self.is_closed else max(0, self.quantity - self.received_quantity)


class PurchaseReceipt(models.Model):
    """Goods received against one order line (full or partial, lot and expiry)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", editable=False
    )
    line = models.ForeignKey(
        PurchaseOrderLine, on_delete=models.PROTECT, related_name="receipts"
    )
    quantity = models.PositiveIntegerField(_("quantity"),
                                           validators=[MinValueValidator(1)])
    received_on = models.DateField(_("received on"))
    lot_code = models.CharField(_("lot code"), max_length=64, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("received by"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("purchase receipt")
        verbose_name_plural = _("purchase receipts")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.line_id}: {self.quantity} @ {self.received_on}"
