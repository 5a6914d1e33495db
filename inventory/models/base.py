"""The tenant base class of every inventory model."""

from django.db import models

from accounts.models import Organization


class TenantModel(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        abstract = True
