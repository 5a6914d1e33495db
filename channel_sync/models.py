"""Channel accounts, their sync runs, the order lines seen, and stock pushes.

Credentials are stored encrypted (channel_sync/crypto.py) and never rendered.
`ChannelOrderLine` is the channel's current view of each line (upserted by its
canonical key); the ledger holds what that meant for stock (inventory's
order-line service, keyed by the same channel key).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from inventory.fields import CaseSensitiveCharField
from inventory.models import Channel, Product, TenantModel


class ChannelAccount(TenantModel):
    class Kind(models.TextChoices):
        COUPANG = "coupang", _("Coupang")
        NAVER = "naver", _("Naver SmartStore")
        CAFE24 = "cafe24", _("Cafe24")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ERROR = "error", _("Error")
        AWAITING_AUTHORIZATION = "authorizing", _("Awaiting authorization")
        DISCONNECTED = "disconnected", _("Disconnected")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("channel"), max_length=12, choices=Kind.choices)
    channel = models.ForeignKey(
        Channel, verbose_name=_("sales channel"), on_delete=models.PROTECT,
        related_name="accounts",
    )
    # The account id the seller sees (vendor id, application id, mall id): not secret.
    account_label = models.CharField(_("account id"), max_length=100)
    credentials = models.TextField(editable=False, blank=True)  # encrypted JSON
    base_url = models.CharField(
        _("API address"), max_length=200, blank=True,
        help_text=_("Leave empty for the channel's real API."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.ACTIVE)
    watermark = models.DateTimeField(_("synced up to"), null=True, blank=True)
    # Where an interrupted sync resumes (the provider's page cursor).
    cursor = models.JSONField(null=True, blank=True, editable=False)
    last_sync_at = models.DateTimeField(_("last sync"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last successful sync"), null=True,
                                           blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    lines_imported = models.PositiveIntegerField(_("lines imported"), default=0)
    push_enabled = models.BooleanField(_("push stock to this channel"), default=False)
    push_dry_run = models.BooleanField(
        _("dry run"), default=True,
        help_text=_("Only show what would be pushed; send nothing."),
    )
    push_buffer = models.PositiveIntegerField(
        _("buffer"), default=0,
        help_text=_("Units held back from the quantity shown on the channel."),
    )
    # code → last quantity sent, so only changes are pushed.
    pushed = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("channel account")
        verbose_name_plural = _("channel accounts")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"],
                                    name="channelaccount_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class SyncRun(TenantModel):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        OK = "ok", _("Completed")
        FAILED = "failed", _("Failed")
        INTERRUPTED = "interrupted", _("Interrupted")

    account = models.ForeignKey(ChannelAccount, on_delete=models.CASCADE,
                                related_name="runs")
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.RUNNING)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    fetched = models.PositiveIntegerField(_("fetched"), default=0)
    applied = models.PositiveIntegerField(_("applied"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    unknown = models.PositiveIntegerField(_("unknown codes"), default=0)
    movements = models.PositiveIntegerField(_("movements written"), default=0)
    error = models.TextField(_("error"), blank=True)
    # [{"ref": ..., "reason": ...}] for skipped lines (capped).
    details = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("sync run")
        verbose_name_plural = _("sync runs")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["organization", "started_at"])]

    def __str__(self) -> str:
        return f"{self.account_id} {self.started_at:%Y-%m-%d %H:%M} {self.status}"


class ChannelOrderLine(TenantModel):
    class State(models.TextChoices):
        PENDING = "pending", _("Not paid")
        RESERVED = "reserved", _("Waiting to ship")
        SHIPPED = "shipped", _("Shipped")
        CANCELLED = "cancelled", _("Cancelled")
        RETURNED = "returned", _("Returned")

    account = models.ForeignKey(ChannelAccount, on_delete=models.PROTECT,
                                related_name="lines")
    key = CaseSensitiveCharField(_("order line"), max_length=128)
    order_id = models.CharField(_("order"), max_length=64, blank=True)
    status = models.CharField(_("channel status"), max_length=32)
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    quantity = models.PositiveIntegerField(_("ordered"))
    cancelled_quantity = models.PositiveIntegerField(_("cancelled"), default=0)
    seller_code = models.CharField(_("seller code"), max_length=100, blank=True)
    channel_code = models.CharField(_("channel code"), max_length=100, blank=True)
    product_name = models.CharField(_("product name"), max_length=200, blank=True)
    option_name = models.CharField(_("option"), max_length=200, blank=True)
    business_date = models.DateField(_("date"))
    # What the customer paid for `quantity`, in whole won (None: not sent).
    amount = models.PositiveBigIntegerField(_("amount paid"), null=True, blank=True)
    product = models.ForeignKey(Product, verbose_name=_("product"), null=True,
                                blank=True, on_delete=models.PROTECT,
                                related_name="+")
    # Units the ledger shows out for this line (after the last recording).
    recorded_quantity = models.IntegerField(default=0)
    # Why the ledger last refused to record this line as it stands (English
    # template + params, said in the reader's language); None once recorded.
    # A refused line is tried again by every sync until it is recorded.
    refusal = models.JSONField(null=True, blank=True, editable=False)
    first_seen = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("channel order line")
        verbose_name_plural = _("channel order lines")
        ordering = ["-business_date", "key"]
        constraints = [
            models.UniqueConstraint(fields=["account", "key"],
                                    name="channelorderline_unique_key"),
        ]
        indexes = [
            models.Index(fields=["organization", "state"]),
            models.Index(fields=["account", "product"]),
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def net_quantity(self) -> int:
        return max(0, self.quantity - self.cancelled_quantity)

    @property
    def desired_out(self) -> int:
        return self.net_quantity if self.state == self.State.SHIPPED else 0

    @property
    def desired_amount(self) -> int | None:
        """The paid amount of the `desired_out` units: the line's amount, pro
        rata when part of it was cancelled or returned (None: unknown)."""
        if self.amount is None or not self.quantity:
            return None
        return round(self.amount * self.desired_out / self.quantity)


class StockPush(TenantModel):
    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        DRY_RUN = "dry_run", _("Would send (dry run)")
        FAILED = "failed", _("Failed")

    account = models.ForeignKey(ChannelAccount, on_delete=models.CASCADE,
                                related_name="pushes")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("channel code"), max_length=100)
    quantity = models.IntegerField(_("quantity"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    message = models.CharField(_("message"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stock push")
        verbose_name_plural = _("stock pushes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["account", "created_at"])]

    def __str__(self) -> str:
        return f"{self.code}={self.quantity} ({self.status})"
