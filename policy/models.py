"""Replenishment: settings, stored recommendations, purchase orders, email outbox.

Recommendations are computed by policy.services.recommendations (the pure
engine in policy/engine/ does the math) and stored, so pages read numbers
instead of recomputing them. Purchase-order lines keep a change history
(django-simple-history) with the reason of each quantity change.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organization
from inventory.models import Product, Supplier

_SERVICE_LEVEL_VALIDATORS = [
    MinValueValidator(Decimal("0.500")), MaxValueValidator(Decimal("0.999")),
]


class PolicyMode(models.TextChoices):
    SERVICE_LEVEL = "service_level", _("Service level")
    SIMPLE = "simple", _("Simple")


def _service_level_field(label, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=4, decimal_places=3, validators=_SERVICE_LEVEL_VALIDATORS,
        **kwargs,
    )


class PolicySettings(models.Model):
    """One organization's replenishment policy and alert thresholds."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="+", editable=False
    )
    mode = models.CharField(
        _("mode"), max_length=16, choices=PolicyMode.choices,
        default=PolicyMode.SERVICE_LEVEL,
    )
    service_level = _service_level_field(
        _("target service level"), default=Decimal("0.950"),
        help_text=_("Share of order cycles without a stock-out, e.g. 0.95."),
    )
    service_level_a = _service_level_field(
        _("service level, class A"), null=True, blank=True,
        # xgettext:no-python-format
        help_text=_("Optional: products making the top 80% of sales value."),
    )
    service_level_b = _service_level_field(
        _("service level, class B"), null=True, blank=True,
        # xgettext:no-python-format
        help_text=_("Optional: the next 15% of sales value."),
    )
    service_level_c = _service_level_field(
        _("service level, class C"), null=True, blank=True,
        help_text=_("Optional: the remaining products."),
    )
    review_period_days = models.PositiveIntegerField(
        _("review period (days)"), default=14, validators=[MinValueValidator(1)],
        help_text=_("How often you place orders; orders cover this many extra days. "
                    "Keep it at least as long as the reorder alert window, or a "
                    "reorder alert comes back right after each delivery."),
    )
    reorder_alert_window_days = models.PositiveIntegerField(
        _("reorder alert window (days)"), default=10,
        help_text=_("Alert when the order-by date is this close."),
    )
    expiry_window_days = models.PositiveIntegerField(
        _("expiry alert window (days)"), default=30
    )
    overstock_grace_days = models.PositiveIntegerField(
        _("overstock grace period after a receipt (days)"), default=14
    )
    ordering_cost = models.DecimalField(
        _("cost per order"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Optional, with the holding cost: enables the EOQ."),
    )
    holding_cost_rate = models.DecimalField(
        # xgettext:no-python-format
        _("yearly holding cost (% of unit cost)"), max_digits=5, decimal_places=2,
        null=True, blank=True, validators=[MinValueValidator(Decimal("0"))],
    )
    default_lead_time_days = models.PositiveIntegerField(
        _("default lead time (days)"), default=14,
        help_text=_("Used when neither the product nor its supplier has one."),
    )
    order_sheet_email_enabled = models.BooleanField(
        _("email the order sheet on schedule"), default=False,
        help_text=_("Weekdays at 08:00 to the purchasing contacts."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    # Who changed which setting when (shown on the settings page).
    history = HistoricalRecords(excluded_fields=["updated_at", "updated_by"])

    class Meta:
        verbose_name = _("replenishment settings")
        verbose_name_plural = _("replenishment settings")

    def __str__(self) -> str:
        return str(self.organization)


class ProductPolicy(models.Model):
    """Per-product overrides of the organization's policy (empty = inherit)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", editable=False
    )
    product = models.OneToOneField(
        Product, on_delete=models.CASCADE, related_name="policy"
    )
    mode = models.CharField(
        _("mode"), max_length=16, choices=PolicyMode.choices, blank=True, default=""
    )
    service_level = _service_level_field(
        _("target service level"), null=True, blank=True
    )
    # Who set or cleared the override when (shown on the settings page).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("product policy")
        verbose_name_plural = _("product policies")

    def __str__(self) -> str:
        return str(self.product)


class Recommendation(models.Model):
    """The stored decision for one product on one day, with every number behind it."""

    class LeadTimeSource(models.TextChoices):
        HISTORY = "history", _("Measured from purchase orders")
        MANUAL = "manual", _("Entered")
        DEFAULT = "default", _("Default")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", editable=False
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE,
        related_name="recommendations",
    )
    as_of = models.DateField(_("as of"))
    computed_at = models.DateTimeField(_("computed at"))
    forecast_run = models.ForeignKey(
        "forecasting.ForecastRun", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    mode = models.CharField(_("mode"), max_length=16, choices=PolicyMode.choices)
    service_level = models.FloatField(_("service level"))
    abc_class = models.CharField(_("class"), max_length=1, blank=True)
    safety_stock_method = models.CharField(_("safety stock rule"), max_length=16)
    on_hand = models.FloatField(_("on hand"))
    on_order = models.FloatField(_("on order"))
    inventory_position = models.FloatField(_("inventory position"))
    daily_demand = models.FloatField(_("daily demand"))
    forecast_30d = models.FloatField(_("30-day forecast"))
    lead_time_days = models.FloatField(_("lead time (days)"))
    lead_time_spread_days = models.FloatField(_("lead-time spread (days)"))
    lead_time_source = models.CharField(
        _("lead time source"), max_length=8, choices=LeadTimeSource.choices
    )
    safety_stock = models.FloatField(_("safety stock"))
    reorder_point = models.FloatField(_("reorder point"))
    order_up_to = models.FloatField(_("order-up-to level"))
    eoq = models.FloatField(_("EOQ"), null=True, blank=True)
    overstock_units = models.FloatField(_("overstock"))
    order_now = models.BooleanField(_("order now"))
    recommended_quantity = models.PositiveIntegerField(_("recommended quantity"))
    # What to order on the order-by date: the recommended quantity when that is
    # today or passed, else what will be due then (policy.engine.order_quantity_on,
    # the figure the reorder alert names). The order screen shows and sums it.
    order_by_quantity = models.PositiveIntegerField(
        _("quantity due on the order-by date"), default=0)
    order_by_date = models.DateField(_("order by"), null=True, blank=True)
    reorder_date = models.DateField(_("reorder date"), null=True, blank=True)
    stockout_date = models.DateField(_("stock-out date"), null=True, blank=True)
    expected_arrival_date = models.DateField(_("expected arrival"), null=True,
                                             blank=True)
    # Lateness of the advised order (policy/lateness.py), stored with the plan so
    # the order screen, stock table, dashboard and alerts say the same.
    days_late = models.PositiveIntegerField(_("days late"), default=0)
    stockout_before_arrival = models.BooleanField(
        _("stock-out before arrival"), default=False)
    days_without_stock = models.PositiveIntegerField(
        _("days without stock"), default=0)
    units_lost = models.FloatField(_("units lost"), default=0.0)
    revenue_lost = models.FloatField(_("revenue lost"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    # [{"template": English template, "params": {...}}]: translated on display.
    messages = models.JSONField(default=list)
    params = models.JSONField(default=dict)
    # [[ISO date, receipts, demand, end-of-day on hand], …] for 90 days.
    projection = models.JSONField(default=list)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "as_of"], name="recommendation_unique_day"
            )
        ]
        indexes = [
            models.Index(fields=["organization", "as_of"]),
            # The newest row, read on every page (dashboard_version).
            models.Index(fields=["organization", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} @ {self.as_of}: {self.recommended_quantity}"


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
        return f"PO-{self.pk}"


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


class EmailOutbox(models.Model):
    """One email to send, once: the unique dedupe key makes sending idempotent."""

    class Kind(models.TextChoices):
        ORDER_SHEET = "order_sheet", _("Order sheet")
        PURCHASE_ORDER = "purchase_order", _("Purchase order")
        ALERT_DIGEST = "alert_digest", _("Alert digest")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (no recipients)")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", editable=False
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    dedupe_key = models.CharField(max_length=200, unique=True)
    recipients = models.TextField(_("recipients"), blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.dedupe_key


class DashboardSnapshot(models.Model):
    """The dashboard's heavy aggregates, computed after each refresh (one per org).

    ``data`` holds ledger-derived series and rates (fill rate, stock-out rate,
    inventory value and stock-outs per day, top movers, forecast accuracy) so a
    page view reads one row instead of scanning the ledger.
    """

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="+", editable=False
    )
    as_of = models.DateField(_("as of"))
    computed_at = models.DateTimeField(_("computed at"))
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")

    def __str__(self) -> str:
        return f"{self.organization_id} @ {self.as_of}"
