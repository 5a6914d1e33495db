"""Alerts raised by the rules in alerts/rules/, one open alert per condition.

MariaDB has no partial unique indexes, so "one open alert per (organization,
key)" is a nullable unique ``open_key``: set while the alert is not resolved,
NULL once resolved (NULLs never collide). A second generation run, or a
duplicate task delivery, updates the open alert instead of adding one.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from inventory.models import Product


class Alert(models.Model):
    class Kind(models.TextChoices):
        STOCKOUT_RISK = "stockout_risk", _("Stock-out risk")
        REORDER = "reorder", _("Reorder")
        EXPIRY = "expiry", _("Expiry")
        OVERSTOCK = "overstock", _("Overstock")
        DATA = "data", _("Data quality")
        # Raised by the channel connections (no product): see alert_raise().
        CHANNEL = "channel", _("Channel disconnected")

    class Severity(models.TextChoices):
        CRITICAL = "critical", _("Critical")
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        SNOOZED = "snoozed", _("Snoozed")
        RESOLVED = "resolved", _("Resolved")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", editable=False
    )
    # NULL for alerts about something else than a product (a channel account).
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE,
        related_name="alerts", null=True, blank=True,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    severity = models.CharField(_("severity"), max_length=10,
                                choices=Severity.choices)
    severity_rank = models.PositiveSmallIntegerField(default=3)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    # The rule's dedupe key, e.g. "<product id>:reorder" or "<id>:expiry:<lot>".
    key = models.CharField(max_length=200)
    open_key = models.CharField(  # noqa: DJ001 -- NULL once resolved, see above
        max_length=220, unique=True, null=True, blank=True, editable=False
    )
    value_at_risk = models.DecimalField(
        _("value at stake"), max_digits=14, decimal_places=2, default=Decimal("0"),
        help_text=_("Revenue at risk, or cash tied up in stock."),
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    message_template = models.TextField()
    params = models.JSONField(default=dict, blank=True)
    first_seen = models.DateTimeField(_("first seen"))
    last_seen = models.DateTimeField(_("last seen"))
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("acknowledged by"),
        on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True,
                                           blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resolved by"),
        on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["severity_rank", "-value_at_risk", "due_date", "pk"]
        indexes = [
            models.Index(fields=["organization", "status", "severity_rank"]),
            models.Index(fields=["organization", "product"]),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.RESOLVED
