"""Uploads: store a file, parse it into a preview, apply or revert it.

The parsing and validation are the pure pipeline in inventory/importing; this
module feeds it the organization's catalogue, stores its result on an
`UploadBatch`, and writes the ledger through inventory.services.stock only.
Applying and reverting live in import_apply.py.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Organization, User
from inventory import selectors
from inventory.importing import (
    CatalogListing,
    CatalogProduct,
    CatalogResolver,
    Limits,
    ParsedUpload,
    ParseOptions,
    ProductCodes,
    Resolution,
    UploadRefused,
    parse_upload,
)
from inventory.importing.files import check_extension
from inventory.importing.messages import msg
from inventory.models import (
    Channel,
    ChannelListing,
    ColumnMappingMemory,
    Product,
    UploadBatch,
)
from inventory.services.catalog import listing_create
from inventory.services.import_lots import upload_lot_problems, upload_lots
from inventory.services.import_preview import (
    ChannelDirectory,
    message_dict,
    message_text,
    preview_data,
    refused_data,
    rows_data,
)
from inventory.services.import_preview_lines import order_lines_preview

Status = UploadBatch.Status
PROGRESS_EVERY = 500
PROGRESS_TIMEOUT = 6 * 60 * 60


class UploadError(ValidationError):
    """An upload action that cannot be done; the message is for the user."""


# -- settings ----------------------------------------------------------------------
def upload_limits() -> Limits:
    """File limits from settings (bytes and data rows)."""
    return Limits(
        max_bytes=settings.SMARTSTOCK_UPLOAD_MAX_BYTES,
        max_rows=settings.SMARTSTOCK_UPLOAD_MAX_ROWS,
    )


def runs_in_background(*, size: int = 0, rows: int = 0) -> bool:
    return (
        size > settings.SMARTSTOCK_UPLOAD_ASYNC_BYTES
        or rows > settings.SMARTSTOCK_UPLOAD_ASYNC_ROWS
    )


# -- progress (in the cache: visible while the transaction is still open) ------------
def _progress_key(batch_id: int) -> str:
    return f"smartstock:upload-progress:{batch_id}"


def progress_set(batch_id: int, *, phase: str, done: int, total: int | None) -> None:
    """Publish how far parsing or applying got."""
    cache.set(_progress_key(batch_id), {"phase": phase, "done": done, "total": total},
              PROGRESS_TIMEOUT)


def progress_get(batch_id: int) -> dict[str, Any] | None:
    """The last published progress of a batch, if any."""
    return cache.get(_progress_key(batch_id))


# -- the catalogue, as the pure resolver needs it ---------------------------------------
class OrganizationResolver:
    """CatalogResolver with the file's channel names turned into channel ids."""

    def __init__(self, organization: Organization, batch_id: int | None) -> None:
        self.directory = ChannelDirectory(
            list(selectors.channel_list(organization=organization))
        )
        rows = selectors.upload_catalog_products(organization=organization)
        self.products = {pk: (sku, name) for pk, sku, name, _pa, _box in rows}
        self._inner = CatalogResolver(
            [CatalogProduct(pk, sku, name, playauto, box)
             for pk, sku, name, playauto, box in rows],
            [CatalogListing(str(channel_id), code, product_id)
             for channel_id, code, product_id in
             selectors.upload_catalog_listings(organization=organization)],
        )
        self.batch_id = batch_id
        self.calls = 0

    def resolve(self, codes: ProductCodes) -> Resolution | None:
        self.calls += 1
        if self.batch_id and self.calls % PROGRESS_EVERY == 0:
            progress_set(self.batch_id, phase="parse", done=self.calls, total=None)
        channel = self.directory.get(codes.channel)
        return self._inner.resolve(
            replace(codes, channel=str(channel.pk) if channel else "")
        )

    def suggest(self, code: str, name: str = "") -> list[str]:
        return self._inner.suggest(code, name)

    def units_per_box(self, key: Any) -> int | None:
        return self._inner.units_per_box(key)


# -- create and parse ------------------------------------------------------------------
def upload_check_file(*, filename: str, size: int) -> None:
    """Refuse a wrong extension or an oversized file before storing anything."""
    try:
        check_extension(filename)
        if size > settings.SMARTSTOCK_UPLOAD_MAX_BYTES:
            mb = 1024 * 1024
            raise UploadRefused(
                _too_large(size / mb, settings.SMARTSTOCK_UPLOAD_MAX_BYTES / mb)
            )
    except UploadRefused as refused:
        raise UploadError(message_text(message_dict(refused.message))) from None


def _too_large(size_mb: float, limit_mb: float):
    return msg("file_too_large", size_mb=f"{size_mb:.1f}", limit_mb=f"{limit_mb:g}")


def upload_create(
    *,
    organization: Organization,
    user: User,
    filename: str,
    content: bytes,
    options: dict[str, Any] | None = None,
) -> UploadBatch:
    """Store the file and parse it (in the background when it is large)."""
    upload_check_file(filename=filename, size=len(content))
    batch = UploadBatch.objects.create(
        organization=organization,
        uploaded_by=user,
        filename=filename[:255],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        options=options or {},
    )
    _parse_now_or_later(batch)
    return batch


def _parse_now_or_later(batch: UploadBatch) -> None:
    if runs_in_background(size=batch.size):
        from inventory.tasks import upload_parse_task

        UploadBatch.objects.filter(pk=batch.pk).update(status=Status.PARSING)
        batch.status = Status.PARSING
        progress_set(batch.pk, phase="parse", done=0, total=None)
        transaction.on_commit(lambda: upload_parse_task.delay(batch.pk))
    else:
        upload_parse(batch_id=batch.pk)
        batch.refresh_from_db()


def _parse_options(batch: UploadBatch) -> ParseOptions:
    options = batch.options or {}
    default_date = options.get("default_date")

    def remembered(signature: str) -> dict | None:
        return selectors.mapping_memory_get(
            organization=batch.organization, signature=signature
        )

    return ParseOptions(
        today=timezone.localdate(),
        earliest=selectors.ledger_first_day(organization=batch.organization),
        limits=upload_limits(),
        default_date=dt.date.fromisoformat(default_date) if default_date else None,
        quantity_kind=options.get("quantity_kind") or "outbound",
        channel=options.get("channel", ""),
        # The batch's own correction, else the organization's memory for its headers.
        mapping_override=options.get("mapping") or None,
        remembered=remembered,
    )


def upload_parse(*, batch_id: int) -> UploadBatch:
    """Parse the stored file into the preview; the ledger is not touched."""
    batch = UploadBatch.objects.select_related("organization").get(pk=batch_id)
    if batch.status in (Status.APPLYING, Status.APPLIED, Status.REVERTED):
        return batch  # a late or repeated task: the batch has moved on
    if batch.content_deleted_at is not None:
        _store_refusal(batch, UploadRefused(msg("content_deleted")))
        return batch
    UploadBatch.objects.filter(pk=batch.pk).update(started_at=timezone.now())
    data = bytes(batch.content)
    resolver = OrganizationResolver(batch.organization, batch.pk)
    try:
        parsed = parse_upload(data, batch.filename, resolver, _parse_options(batch))
    except UploadRefused as refused:
        _store_refusal(batch, refused)
        return batch
    except BaseException:
        # A time limit, a memory error or a bug: never leave it "parsing".
        UploadBatch.objects.filter(pk=batch.pk).update(
            status=Status.FAILED, error_message=gettext_noop(
                "Reading the file stopped before it finished. Nothing was "
                "written; upload the file again or contact support."))
        raise
    _store_parsed(batch, parsed, resolver)
    return batch


def _store_refusal(batch: UploadBatch, refused: UploadRefused) -> None:
    batch.status = Status.FAILED
    batch.result = refused_data(refused.message)
    batch.parsed_rows = None
    batch.rows_to_apply = 0
    batch.error_message = refused.message.text()
    batch.save(update_fields=["status", "result", "parsed_rows", "rows_to_apply",
                              "error_message"])


def _store_parsed(
    batch: UploadBatch, parsed: ParsedUpload, resolver: OrganizationResolver
) -> None:
    # Rows whose expiry date contradicts their lot's stored one are errors.
    parsed.problems += upload_lot_problems(organization=batch.organization,
                                           parsed=parsed)
    batch.result = preview_data(parsed, products=resolver.products,
                                directory=resolver.directory)
    batch.result["lots"] = upload_lots(parsed, resolver.products)
    batch.parsed_rows = rows_data(parsed, resolver.directory) if parsed.ok else None
    batch.rows_to_apply = len(parsed.rows) if parsed.ok else 0
    if parsed.ok:
        batch.rows_to_apply = order_lines_preview(batch.organization, batch.result,
                                                  batch.parsed_rows)
    batch.file_format = parsed.format
    batch.encoding = parsed.encoding
    batch.signature = parsed.signature
    batch.status = Status.READY
    batch.error_message = ""
    batch.save(update_fields=[
        "result", "parsed_rows", "rows_to_apply", "file_format", "encoding",
        "signature", "status", "error_message",
    ])


def upload_preview_refresh(
    *, organization: Organization, batch: UploadBatch
) -> UploadBatch:
    """Plan a ready upload's order lines again when the ledger moved since its
    preview (another upload or channel sync recorded some, a revert gave some
    back), so the preview and the rows to apply tell what applying would do."""
    result = batch.result or {}
    if (batch.status not in (Status.READY, Status.FAILED) or not result.get("ok")
            or "lines_base" not in result):
        return batch
    if selectors.ledger_last_movement_id(organization=organization) == result.get(
            "ledger_seen"):
        return batch
    stored = (UploadBatch.objects.filter(pk=batch.pk, organization=organization)
              .values_list("parsed_rows", flat=True).first())
    if not stored:
        return batch
    result = dict(result)
    rows = order_lines_preview(organization, result, stored)
    updated = UploadBatch.objects.filter(
        pk=batch.pk, status__in=(Status.READY, Status.FAILED),
    ).update(result=result, rows_to_apply=rows)
    if updated:
        batch.result, batch.rows_to_apply = result, rows
    return batch


def upload_remap(
    *, organization: Organization, batch: UploadBatch, user: User,
    mapping: dict[str, str | None],
) -> UploadBatch:
    """Re-read the file with the user's column mapping, remembered for its headers."""
    _require_status(batch, (Status.READY, Status.FAILED))
    options = {**batch.options, "mapping": mapping}
    UploadBatch.objects.filter(pk=batch.pk, organization=organization).update(
        options=options
    )
    if batch.signature:
        ColumnMappingMemory.objects.update_or_create(
            organization=organization, signature=batch.signature,
            defaults={"mapping": mapping, "updated_by": user},
        )
    batch.options = options
    _parse_now_or_later(batch)
    return batch


def upload_code_map(
    *, organization: Organization, batch: UploadBatch, user: User,
    code: str, product: Product, channel: Channel,
) -> ChannelListing:
    """Map an unknown code to a product (a channel listing), then re-read the file."""
    _require_status(batch, (Status.READY, Status.FAILED))
    listing = listing_create(organization=organization, channel=channel,
                             code=code, product=product)
    _parse_now_or_later(batch)
    return listing


def _require_status(batch: UploadBatch, allowed: Sequence[str]) -> None:
    if batch.status not in allowed:
        raise UploadError(
            _("This upload is %(status)s and can no longer be changed.")
            % {"status": batch.get_status_display()}
        )
