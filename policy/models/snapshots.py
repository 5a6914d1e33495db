"""The dashboard's heavy aggregates, stored after each refresh."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization


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
