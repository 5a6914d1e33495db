"""The replenishment policy: the organization's settings and alert thresholds,
and per-product overrides (both with a change history)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organization
from inventory.models import Product

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
