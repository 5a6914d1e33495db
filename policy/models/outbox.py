"""The email outbox: each email sent once (a unique dedupe key)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization


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
