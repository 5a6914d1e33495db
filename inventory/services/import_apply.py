"""Apply a parsed upload to the ledger, all or nothing, and revert it.

The batch's status moves ready → applying with a conditional UPDATE, so a double
submit cannot apply a batch twice; the unique key (organization, applied_sha256)
makes the database refuse a concurrent second application of the same file. A
ledger refusal is reported with the file row that caused it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from inventory import selectors
from inventory.models import ExternalReference, Product, StockMovement, UploadBatch
from inventory.services.imports import UploadError, progress_set, runs_in_background
from inventory.services.stock import (
    MovementEntry,
    StockError,
    movement_reverse,
    movements_record,
    with_deadlock_retry,
)
from inventory.signals import stock_changed

Status = UploadBatch.Status
APPLY_CHUNK = 500  # entries per movements_record call (progress granularity)


# -- apply ---------------------------------------------------------------------------------
def upload_apply(
    *, organization: Organization, batch: UploadBatch, user: User,
    allow_duplicate: bool = False,
) -> UploadBatch:
    """Confirm an upload: claim it once, then apply now or in the background."""
    if not (batch.result or {}).get("ok") or not batch.rows_to_apply:
        raise UploadError(_("This upload has errors; fix the file and upload it again."))
    duplicate = selectors.upload_duplicate_of(organization=organization, batch=batch)
    if duplicate is not None and not allow_duplicate:
        raise UploadError(_(
            "This file was already applied (upload #%(id)s). Tick “apply anyway” to "
            "apply it a second time."
        ) % {"id": duplicate.pk})
    claimed = UploadBatch.objects.filter(
        pk=batch.pk, organization=organization,
        status__in=(Status.READY, Status.FAILED), rows_to_apply__gt=0,
    ).update(status=Status.APPLYING, applied_by=user, error_message="")
    if not claimed:
        raise UploadError(_("This upload is already being applied or was applied."))
    if runs_in_background(rows=batch.rows_to_apply):
        from inventory.tasks import upload_apply_task

        progress_set(batch.pk, phase="apply", done=0, total=batch.rows_to_apply)
        transaction.on_commit(
            lambda: upload_apply_task.delay(batch.pk, user.pk, allow_duplicate)
        )
    else:
        upload_apply_run(batch_id=batch.pk, user=user, allow_duplicate=allow_duplicate)
    batch.refresh_from_db()
    return batch


def upload_apply_run(
    *, batch_id: int, user: User | None, allow_duplicate: bool = False
) -> UploadBatch:
    """Write a claimed batch's movements, all or none; a failure is kept on the batch."""
    batch = UploadBatch.objects.select_related("organization").get(pk=batch_id)
    if batch.status != Status.APPLYING:
        return batch  # already done (a task delivered twice)
    try:
        entries, rows = _entries(batch)
        with_deadlock_retry(
            lambda: _apply_atomic(batch, user, entries, rows, allow_duplicate)
        )
    except (StockError, UploadError, IntegrityError) as error:
        UploadBatch.objects.filter(pk=batch.pk).update(
            status=Status.FAILED, error_message=_error_text(error)
        )
    batch.refresh_from_db()
    return batch


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _(
        "Another upload recorded the same order line at the same time; nothing "
        "was applied. Reload the page to see which upload was applied."
    )


def _entries(batch: UploadBatch) -> tuple[list[MovementEntry], list[int]]:
    """The stored rows as ledger entries (products and channels re-fetched)."""
    stored = batch.parsed_rows or []
    organization = batch.organization
    product_ids = {row[1] for row in stored}
    products = Product.objects.filter(organization=organization,
                                      pk__in=product_ids).in_bulk()
    channels = {c.pk: c for c in selectors.channel_list(organization=organization)}
    entries, rows = [], []
    for number, product_id, kind, quantity, day, channel_id, lot, expiry, ref, note in (
        stored
    ):
        product = products.get(product_id)
        if product is None:
            raise UploadError(
                _("Row %(row)s: the product no longer exists; upload the file again.")
                % {"row": number}
            )
        entries.append(MovementEntry(
            product=product, kind=kind, quantity=quantity,
            business_date=dt.date.fromisoformat(day),
            channel=channels.get(channel_id), lot_code=lot,
            expiry_date=dt.date.fromisoformat(expiry) if expiry else None,
            note=note, external_ref=ref,
        ))
        rows.append(number)
    return entries, rows


def _apply_atomic(
    batch: UploadBatch, user: User | None, entries: list[MovementEntry],
    rows: list[int], allow_duplicate: bool,
) -> None:
    organization = batch.organization
    with transaction.atomic():
        if not allow_duplicate:
            _claim_file(batch)
        _lock_products(organization, entries)
        written = 0
        for start in range(0, len(entries), APPLY_CHUNK):
            chunk = entries[start:start + APPLY_CHUNK]
            try:
                written += len(_record(batch, user, chunk))
            except (StockError, IntegrityError) as error:
                raise _located(batch, user, chunk, rows[start:], error) from error
            progress_set(batch.pk, phase="apply", done=start + len(chunk),
                         total=len(entries))
        UploadBatch.objects.filter(pk=batch.pk).update(
            status=Status.APPLIED, applied_at=timezone.now(), applied_by=user,
            movements_count=written, error_message="",
        )
        stock_changed.send(sender=UploadBatch, organization_id=organization.pk)


def _record(batch: UploadBatch, user: User | None, entries: Sequence[MovementEntry]):
    return movements_record(
        organization=batch.organization, user=user, entries=entries,
        source=StockMovement.Source.UPLOAD, source_ref=str(batch.pk),
    )


def _claim_file(batch: UploadBatch) -> None:
    """The unique key (organization, applied_sha256) refuses a concurrent twin."""
    try:
        with transaction.atomic():
            UploadBatch.objects.filter(pk=batch.pk).update(applied_sha256=batch.sha256)
    except IntegrityError:
        raise UploadError(_(
            "This file was already applied by another upload; nothing was applied."
        )) from None


def _lock_products(organization: Organization, entries: list[MovementEntry]) -> None:
    """Lock every product the batch touches, in id order, before any write."""
    set_ids = {e.product.pk for e in entries if e.product.kind == Product.Kind.SET}
    ids = {e.product.pk for e in entries if e.product.kind != Product.Kind.SET}
    ids |= selectors.set_component_ids(organization=organization, set_ids=set_ids)
    list(
        Product.objects.select_for_update().filter(pk__in=sorted(ids))
        .order_by("pk").values_list("pk", flat=True)
    )


def _located(
    batch: UploadBatch, user: User | None, chunk: list[MovementEntry],
    rows: list[int], error: Exception,
) -> UploadError:
    """The refusal with the file row that caused it (found by replaying the chunk)."""
    savepoint = transaction.savepoint()
    try:
        for entry, row in zip(chunk, rows, strict=False):
            try:
                _record(batch, user, [entry])
            except (StockError, IntegrityError) as single:
                return UploadError(_("Row %(row)s: %(message)s")
                                   % {"row": row, "message": _error_text(single)})
    finally:
        transaction.savepoint_rollback(savepoint)
    return UploadError(_error_text(error))


# -- revert --------------------------------------------------------------------------------
def upload_revert(*, organization: Organization, batch: UploadBatch, user: User) -> int:
    """Reverse every movement of an applied upload, all or none; returns the count."""

    def run() -> int:
        with transaction.atomic():
            locked = UploadBatch.objects.select_for_update().get(
                pk=batch.pk, organization=organization
            )
            if locked.status != Status.APPLIED:
                raise UploadError(_("Only an applied upload can be reverted."))
            movements = list(
                selectors.upload_movements(organization=organization, batch=locked)
                .filter(reversed_by__isnull=True)  # some may be reversed one by one
            )
            ids = sorted({m.product_id for m in movements})
            list(Product.objects.select_for_update().filter(pk__in=ids)
                 .order_by("pk").values_list("pk", flat=True))
            note = _("Revert of upload #%(id)s") % {"id": locked.pk}
            for movement in movements:
                movement_reverse(organization=organization, user=user,
                                 movement=movement, note=note)
            _release_external_refs(movements, locked.pk)
            UploadBatch.objects.filter(pk=locked.pk).update(
                status=Status.REVERTED, reverted_at=timezone.now(), reverted_by=user,
                applied_sha256=None,
            )
            stock_changed.send(sender=UploadBatch, organization_id=organization.pk)
            return len(movements)

    return with_deadlock_retry(run)


def _release_external_refs(movements: list[StockMovement], batch_id: int) -> None:
    """Rename the order-line keys so the corrected file can be applied again."""
    refs = ExternalReference.objects.filter(
        pk__in={m.external_ref_id for m in movements if m.external_ref_id}
    )
    suffix = f"~reverted-{batch_id}"
    changed = []
    for reference in refs:
        reference.ref = reference.ref[: 128 - len(suffix)] + suffix
        changed.append(reference)
    ExternalReference.objects.bulk_update(changed, ["ref"], batch_size=500)
