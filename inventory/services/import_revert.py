"""Revert an applied upload, all or nothing.

Plain movements are reversed; each order line the upload recorded or corrected
goes back to what it held before the upload, with the amount it was paid then.
"""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from inventory.models import ExternalReference, StockMovement, UploadBatch
from inventory.services.imports import UploadError
from inventory.services.order_lines import held_correct, held_of
from inventory.services.stock import MovementEntry, StockError, with_deadlock_retry
from inventory.services.stock.bulk import BulkLedger
from inventory.signals import stock_changed

Status = UploadBatch.Status


# -- revert --------------------------------------------------------------------------------
def upload_revert(*, organization: Organization, batch: UploadBatch, user: User) -> int:
    """Undo an applied upload, all or none; returns the number of rows written.

    Plain movements are reversed. For each order line the upload recorded or
    corrected, the line's net goes back to what it was before the upload (its
    reference stays, so the same export applied again is recorded again).
    """

    def run() -> int:
        with transaction.atomic():
            locked = UploadBatch.objects.select_for_update().get(
                pk=batch.pk, organization=organization
            )
            if locked.status != Status.APPLIED:
                raise UploadError(_("Only an applied upload can be reverted."))
            rows = list(_batch_rows(organization, locked))
            ref_ids = {m.external_ref_id for m in rows if m.external_ref_id}
            _refuse_later_changes(organization, locked, rows, ref_ids)
            references = list(ExternalReference.objects.select_for_update()
                              .filter(pk__in=ref_ids).order_by("scope", "ref"))
            held = held_of(references)
            ledger = BulkLedger(organization, user, StockMovement.Source.UPLOAD,
                                str(locked.pk))
            product_ids = {m.product_id for m in rows}
            for entry in held.values():
                product_ids |= set(entry.net)
            ledger.load(product_ids)
            note = _("Revert of upload #%(id)s") % {"id": locked.pk}
            plain = [m for m in rows if not m.external_ref_id
                     and m.kind != StockMovement.Kind.REVERSAL
                     and getattr(m, "reversed_by", None) is None]
            for movement in plain:
                ledger.reverse(movement, note=note)
            _undo_lines(ledger, locked, rows, references, held, note)
            written = ledger.flush()
            # What this upload saw of its lines no longer counts: an older
            # export may record them again (order_lines.plan._is_older).
            ExternalReference.objects.filter(
                organization=organization, seen_in=locked,
            ).update(seen_on=None, seen_in=None)
            UploadBatch.objects.filter(pk=locked.pk).update(
                status=Status.REVERTED, reverted_at=timezone.now(), reverted_by=user,
                applied_sha256=None,
            )
            stock_changed.send(sender=UploadBatch, organization_id=organization.pk)
            return len(written)

    try:
        return with_deadlock_retry(run)
    except StockError as error:
        raise UploadError(" ".join(error.messages)) from error


def _batch_rows(organization: Organization, batch: UploadBatch):
    return (
        StockMovement.objects.filter(
            organization=organization, source=StockMovement.Source.UPLOAD,
            source_ref=str(batch.pk),
        )
        .select_related("reversed_by", "reversal_of", "product", "channel")
        .order_by("pk")
    )


def _refuse_later_changes(
    organization: Organization, batch: UploadBatch, rows: list[StockMovement],
    ref_ids: set[int],
) -> None:
    """An order line changed after this upload (by another upload still applied,
    or by channel sync) cannot be taken back to its state before this upload."""
    if not ref_ids:
        return
    last = max(m.pk for m in rows)
    later = (StockMovement.objects.filter(organization=organization,
                                          external_ref_id__in=ref_ids, pk__gt=last)
             .exclude(source=StockMovement.Source.UPLOAD, source_ref=str(batch.pk))
             .values_list("source", "source_ref").distinct())
    reverted = {str(pk) for pk in UploadBatch.objects.filter(
        organization=organization, status=Status.REVERTED,
        pk__in=[ref for source, ref in later if ref.isdigit()],
    ).values_list("pk", flat=True)}
    for source, ref in later:
        if source == StockMovement.Source.UPLOAD and ref in reverted:
            continue
        where = (_("upload #%(id)s") % {"id": ref}
                 if source == StockMovement.Source.UPLOAD
                 else StockMovement.Source(source).label)
        raise UploadError(_(
            "Order lines of this upload were changed later (%(where)s); revert "
            "that first."
        ) % {"where": where})


def _undo_lines(
    ledger: BulkLedger, batch: UploadBatch, rows: list[StockMovement],
    references: list[ExternalReference], held: dict, note: str,
) -> None:
    """Bring each order line's net back to what it was before the upload."""
    ids = {m.pk for m in rows}
    contribution: dict[int, dict[int, int]] = {}
    for movement in rows:
        if movement.external_ref_id:
            units = contribution.setdefault(movement.external_ref_id, {})
            units[movement.product_id] = (units.get(movement.product_id, 0)
                                          - movement.quantity)
    # Reversals of this upload's rows made elsewhere (by hand) already gave back.
    for movement in StockMovement.objects.filter(
        reversal_of_id__in=ids, source=StockMovement.Source.MANUAL
    ).select_related("reversal_of"):
        ref_id = movement.reversal_of.external_ref_id
        if ref_id:
            units = contribution.setdefault(ref_id, {})
            units[movement.product_id] = (units.get(movement.product_id, 0)
                                          - movement.quantity)
    for reference in references:
        entry_held = held[reference.pk]
        undo = contribution.get(reference.pk, {})
        desired = {pk: entry_held.net.get(pk, 0) - undo.get(pk, 0)
                   for pk in set(entry_held.net) | set(undo)}
        sample = next((m for m in rows if m.external_ref_id == reference.pk), None)
        entry = MovementEntry(
            product=sample.product, kind=StockMovement.Kind.OUTBOUND, quantity=1,
            business_date=sample.business_date, channel=sample.channel, note=note,
        )
        wanted = {pk: units for pk, units in desired.items() if units}
        held_correct(ledger, entry_held, reference, wanted,
                     entry=entry, set_id=sample.set_product_id, note=note,
                     amounts=_paid_before(entry_held, reference, rows, set(wanted)))


def _paid_before(
    held, reference: ExternalReference, rows: list[StockMovement],
    product_ids: set[int],
) -> dict[int, int | None]:
    """Per product, what an order line was paid before the upload (`rows`):
    what its live takes hold, less what the upload's takes added, plus what
    the upload's reversals gave back. None where a row has no amount."""
    paid: dict[int, int | None] = {}
    live = {m.pk for m in held.takes}
    for product_id in product_ids:
        total = held.paid(product_id) if any(
            m.product_id == product_id for m in held.takes) else 0
        for movement in rows:
            if movement.product_id != product_id or total is None:
                continue
            if movement.kind == StockMovement.Kind.REVERSAL and (
                    movement.external_ref_id == reference.pk):
                total = None if movement.amount is None else total + movement.amount
            elif movement.pk in live:
                total = None if movement.amount is None else total - movement.amount
        paid[product_id] = total if total is None or total >= 0 else None
    return paid
