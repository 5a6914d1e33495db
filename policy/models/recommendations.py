"""The stored recommendation: one product's decision on one day, with every
number behind it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from inventory.models import Product

from .. import coverage as coverage_rules
from .numbering import po_number
from .policies import PolicyMode


class Recommendation(models.Model):
    """The stored decision for one product on one day, with every number behind it."""

    class LeadTimeSource(models.TextChoices):
        HISTORY = "history", _("Measured from purchase orders")
        MANUAL = "manual", _("Entered")
        DEFAULT = "default", _("Default")

    class Coverage(models.TextChoices):
        """What open purchase orders do to the stock-out risk (policy/coverage.py)."""

        NONE = coverage_rules.NONE, _("No open order covers it")
        COVERED = coverage_rules.COVERED, _("Covered by an open order in time")
        LATE = coverage_rules.LATE, _("An open order is due after the stock-out")

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
    # Open orders against the projected stock-out (policy/coverage.py), stored
    # with the plan so risk levels, the stock table, the order screen, alerts
    # and the copilot name the same order: covered in time, or late.
    coverage = models.CharField(_("open order coverage"), max_length=8,
                                choices=Coverage.choices, blank=True, default="")
    covering_order = models.ForeignKey(
        "PurchaseOrder", verbose_name=_("open order"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+")
    covering_due_date = models.DateField(_("open order due"), null=True, blank=True)
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

    @property
    def covering_order_number(self) -> str:
        """The number of the open order the coverage names ("" when none)."""
        return po_number(self.covering_order_id) if self.covering_order_id else ""

    @property
    def late_order_days(self) -> int | None:
        """Days the late open order is due after the projected stock-out (None
        unless the coverage is late)."""
        if (self.coverage != self.Coverage.LATE or self.covering_due_date is None
                or self.stockout_date is None):
            return None
        return (self.covering_due_date - self.stockout_date).days
