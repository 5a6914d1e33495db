"""Upload batches and the column mappings remembered per file signature."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .base import TenantModel


class UploadBatch(TenantModel):
    """One uploaded file: its bytes, the parsed preview and what became of it.

    Movements applied from a batch carry source=upload and source_ref=str(pk).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("upload status", "Received")
        PARSING = "parsing", _("Reading the file")
        READY = "ready", _("Ready to apply")
        APPLYING = "applying", _("Applying")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed")
        REVERTED = "reverted", _("Reverted")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("content hash"), max_length=64)
    # Set to sha256 while applied (not for "apply anyway"): the unique key makes
    # the database refuse a second concurrent application of the same file.
    applied_sha256 = models.CharField(  # noqa: DJ001 -- NULLs never collide
        max_length=64, null=True, blank=True, editable=False
    )
    content = models.BinaryField(editable=False)
    file_format = models.CharField(_("format"), max_length=20, blank=True)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    signature = models.CharField(_("header signature"), max_length=32, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    options = models.JSONField(default=dict, blank=True)
    result = models.JSONField(null=True, blank=True)  # the preview
    parsed_rows = models.JSONField(null=True, blank=True)  # what apply writes
    rows_to_apply = models.PositiveIntegerField(default=0)
    movements_count = models.PositiveIntegerField(default=0)
    error_message = models.TextField(_("error"), blank=True)
    # When the current parse or apply started: a batch still "parsing" or
    # "applying" long after it is marked failed (the worker died).
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the stored bytes of a failed upload were deleted (retention).
    content_deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reverted_at = models.DateTimeField(_("reverted at"), null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reverted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "sha256"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "applied_sha256"],
                name="uploadbatch_unique_applied_file",
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class ColumnMappingMemory(TenantModel):
    """A user's corrected column mapping for files with this header signature."""

    signature = models.CharField(max_length=32)
    mapping = models.JSONField(default=dict)  # field -> header text, or None
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("remembered column mapping")
        verbose_name_plural = _("remembered column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "signature"], name="mappingmemory_unique"
            )
        ]

    def __str__(self) -> str:
        return self.signature
