"""Apply a parsed upload to the ledger, all or nothing (revert: import_revert).

The batch's status moves ready → applying with a conditional UPDATE, so a double
submit cannot apply a batch twice; the unique key (organization, applied_sha256)
makes the database refuse a concurrent second application of the same file. A
ledger refusal is reported with the file row that caused it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.models import Organization, User
from inventory import selectors
from inventory.models import (
    Channel,
    Product,
    StockMovement,
    UploadBatch,
)
from inventory.services.import_preview import error_dict_text
from inventory.services.import_revert import upload_revert  # noqa: F401 (its callers)
from inventory.services.imports import (
    UploadError,
    progress_set,
    runs_in_background,
    upload_preview_refresh,
)
from inventory.services.order_lines import (
    OrderLine,
    order_lines_prepare,
)
from inventory.services.stock import (
    MovementEntry,
    StockError,
    with_deadlock_retry,
)
from inventory.services.stock.bulk import BulkLedger
from inventory.services.stock.errors import refusal_data
from inventory.signals import stock_changed

Status = UploadBatch.Status
APPLY_CHUNK = 500  # entries per movements_record call (progress granularity)


# -- apply ---------------------------------------------------------------------------------
def upload_apply(
    *, organization: Organization, batch: UploadBatch, user: User,
    allow_duplicate: bool = False,
) -> UploadBatch:
    """Confirm an upload: claim it once, then apply now or in the background."""
    # Lines recorded (or given back) since the preview change what applies.
    batch = upload_preview_refresh(organization=organization, batch=batch)
    if not (batch.result or {}).get("ok"):
        raise UploadError(_("This upload has errors; fix the file and upload it again."))
    if not batch.rows_to_apply:
        raise UploadError(_("Every line of this file is already recorded; there is "
                            "nothing to apply."))
    duplicate = selectors.upload_duplicate_of(organization=organization, batch=batch)
    if duplicate is not None and not allow_duplicate:
        raise UploadError(_(
            "This file was already applied (upload #%(id)s). Tick “apply anyway” to "
            "apply it a second time."
        ) % {"id": duplicate.pk})
    same_rows = selectors.upload_same_rows_of(organization=organization, batch=batch)
    if same_rows is not None and not allow_duplicate:
        raise UploadError(_(
            "The same rows (dates, products, kinds and quantities) were already "
            "applied by upload #%(id)s (%(name)s, %(when)s). Tick “apply anyway” "
            "if these quantities really came a second time."
        ) % {"id": same_rows.pk, "name": same_rows.filename,
             "when": _local_minute(same_rows.applied_at)})
    # "Apply anyway" lifts the one-application-per-file key only for that file.
    allow_duplicate = allow_duplicate and duplicate is not None
    claimed = UploadBatch.objects.filter(
        pk=batch.pk, organization=organization,
        status__in=(Status.READY, Status.FAILED), rows_to_apply__gt=0,
    ).update(status=Status.APPLYING, applied_by=user, error_message="",
             started_at=timezone.now())
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


def _local_minute(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def upload_apply_run(
    *, batch_id: int, user: User | None, allow_duplicate: bool = False
) -> UploadBatch:
    """Write a claimed batch's movements, all or none; a failure is kept on the batch."""
    batch = UploadBatch.objects.select_related("organization").get(pk=batch_id)
    if batch.status != Status.APPLYING:
        return batch  # already done (a task delivered twice)
    try:
        stored = stored_rows(batch)
        with_deadlock_retry(
            lambda: _apply_atomic(batch, user, stored, allow_duplicate)
        )
    except (StockError, UploadError, IntegrityError) as error:
        # English in error_message (API, logs); template and params in the
        # result, so the page shows it in its reader's language.
        stored = error_dict(error)
        with translation.override("en"):
            english = error_dict_text(stored)
        UploadBatch.objects.filter(pk=batch.pk).update(
            status=Status.FAILED, error_message=english,
            result={**(batch.result or {}), "error": stored},
        )
    batch.refresh_from_db()
    return batch


CONCURRENT_LINE = gettext_noop(
    "Another upload recorded the same order line at the same time; nothing "
    "was applied. Reload the page to see which upload was applied."
)


def error_dict(error: Exception) -> dict:
    """An apply failure as template + params (nested for "Row N: ...")."""
    if not isinstance(error, ValidationError):
        return {"message": CONCURRENT_LINE, "params": {}}
    if hasattr(error, "row_error"):
        return error.row_error
    return refusal_data(error)


def _error_text(error: Exception) -> str:
    return error_dict_text(error_dict(error))


@dataclass
class _Stored:
    """The stored rows of a batch: ledger entries and order lines, in file order."""

    items: list[tuple[int, MovementEntry | OrderLine]]

    @property
    def entries(self) -> list[MovementEntry]:
        return [item for _row, item in self.items if isinstance(item, MovementEntry)]

    @property
    def lines(self) -> list[OrderLine]:
        return [item for _row, item in self.items if isinstance(item, OrderLine)]


def stored_rows(batch: UploadBatch) -> _Stored:
    """The stored rows as ledger entries and order lines (products re-fetched)."""
    return _Stored(stored_rows_of(batch.organization, batch.parsed_rows or []))


def stored_rows_of(
    organization: Organization, stored: list[list]
) -> list[tuple[int, MovementEntry | OrderLine]]:
    """Stored rows → (row, entry or line). A row carrying an order-line key (a
    channel export's line) is an OrderLine: recorded once per channel and key,
    corrected when it changed since."""
    product_ids = {row[1] for row in stored}
    products = Product.objects.filter(organization=organization,
                                      pk__in=product_ids).in_bulk()
    listed = list(selectors.channel_list(organization=organization))
    # A channel the upload registers is stored by name (None before it exists).
    channels: dict[int | str, Channel] = {
        **{c.name: c for c in listed}, **{c.pk: c for c in listed}}
    items: list[tuple[int, MovementEntry | OrderLine]] = []
    seen_on = _export_day(stored)
    for number, product_id, kind, quantity, day, channel_id, lot, expiry, ref, note, \
            *rest in stored:
        amount = rest[0] if rest else None  # rows stored before amounts were read
        product = products.get(product_id)
        if product is None:
            raise UploadError(
                gettext_lazy("Row %(row)s: the product no longer exists; upload the "
                             "file again."), params={"row": number})
        business_date = dt.date.fromisoformat(day)
        channel = channels.get(channel_id)
        if ref and kind == StockMovement.Kind.OUTBOUND:
            items.append((number, OrderLine(
                channel=channel, key=ref, product=product, quantity=quantity,
                business_date=business_date, note=note, amount=amount,
                seen_on=seen_on,
            )))
            continue
        items.append((number, MovementEntry(
            product=product, kind=kind, quantity=quantity,
            business_date=business_date, channel=channel, lot_code=lot,
            expiry_date=dt.date.fromisoformat(expiry) if expiry else None,
            note=note, amount=amount if kind == StockMovement.Kind.OUTBOUND else None,
        )))
    return items


def _export_day(stored: list[list]) -> dt.date | None:
    """How new an export is: the newest business day of its order lines,
    cancelled ones included (a daily export repeats older lines whose state
    changed; the day it was downloaded is not in the file)."""
    days = [row[4] for row in stored
            if row[8] and row[2] == StockMovement.Kind.OUTBOUND]
    return dt.date.fromisoformat(max(days)) if days else None


def _apply_atomic(
    batch: UploadBatch, user: User | None, stored: _Stored, allow_duplicate: bool,
) -> None:
    organization = batch.organization
    with transaction.atomic():
        if not allow_duplicate:
            _claim_file(batch)
        if _channels_register(batch):
            stored = stored_rows(batch)  # the rows now carry the new channel
        ledger = BulkLedger(organization, user, StockMovement.Source.UPLOAD,
                            str(batch.pk))
        # References first (claimed and locked in key order), then products.
        staging = order_lines_prepare(
            organization=organization, lines=stored.lines, ledger=ledger,
            extra_product_ids={entry.product.pk for entry in stored.entries},
            seen_in=batch,
        )
        for done, (row, item) in enumerate(stored.items, start=1):
            try:
                if isinstance(item, OrderLine):
                    staging.stage(item)
                else:
                    ledger.apply(item)
            except StockError as error:
                failure = UploadError(_("Row %(row)s: %(message)s")
                                      % {"row": row, "message": _error_text(error)})
                failure.row_error = {
                    "message": gettext_noop("Row %(row)s: %(message)s"),
                    "params": {"row": row, "message": error_dict(error)}}
                raise failure from error
            if done % APPLY_CHUNK == 0:
                progress_set(batch.pk, phase="apply", done=done,
                             total=len(stored.items))
        written = ledger.flush()
        UploadBatch.objects.filter(pk=batch.pk).update(
            status=Status.APPLIED, applied_at=timezone.now(), applied_by=user,
            movements_count=len(written), error_message="",
        )
        stock_changed.send(sender=UploadBatch, organization_id=organization.pk)


def _channels_register(batch: UploadBatch) -> bool:
    """Register the channel the export's format names (preview: "new_channels"),
    once per organization and name even when two uploads apply at once (the
    unique name refuses the second insert; get_or_create then reads it)."""
    result = batch.result or {}
    names = result.get("new_channels") or []
    for name in names:
        Channel.objects.get_or_create(
            organization=batch.organization, name=name,
            defaults={"kind": result.get("new_channel_kind") or Channel.Kind.OTHER})
    return bool(names)


def _claim_file(batch: UploadBatch) -> None:
    """The unique key (organization, applied_sha256) refuses a concurrent twin."""
    try:
        with transaction.atomic():
            UploadBatch.objects.filter(pk=batch.pk).update(applied_sha256=batch.sha256)
    except IntegrityError:
        raise UploadError(gettext_lazy(
            "This file was already applied by another upload; nothing was applied."
        )) from None
