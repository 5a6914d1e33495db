"""Purchase orders: drafts from recommendations, edits, approval, sending, receipt.

Status flow: draft → approved → sent → partially_received → received, or
cancelled before any receipt. Approved and later orders count as on order.
Receiving writes inbound ledger rows through inventory.services.stock only.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from inventory.models import StockMovement
from inventory.services.stock import MovementEntry, StockError, movements_record
from inventory.services.stock.rules import (
    business_date_check,
    expiry_check,
    inbound_lot_code,
)
from policy import selectors
from policy.models import PurchaseOrder, PurchaseOrderLine, PurchaseReceipt

Status = PurchaseOrder.Status
EDITABLE = (Status.DRAFT, Status.APPROVED)
RECEIVABLE = (Status.APPROVED, Status.SENT, Status.PARTIALLY_RECEIVED)
CANCELLABLE = (Status.DRAFT, Status.APPROVED, Status.SENT)


def _after_commit_refresh(organization: Organization) -> None:
    """Stock or on-order changed: refresh recommendations and alerts after commit."""
    from policy.services.recommendations import recommendations_refresh_on_commit

    recommendations_refresh_on_commit(organization_id=organization.pk)


def _save_line(line: PurchaseOrderLine, user: User | None, reason: str) -> None:
    line._history_user = user  # simple_history: who
    line._change_reason = reason[:100]  # simple_history: why
    line.full_clean(exclude=["order", "product"])
    line.save()


def _draft_for(organization: Organization, supplier_id: int,
               user: User | None) -> PurchaseOrder:
    """The supplier's open draft (new lines join it), or a new one."""
    draft = PurchaseOrder.objects.select_for_update().filter(
        organization=organization, supplier_id=supplier_id, status=Status.DRAFT,
    ).order_by("pk").first()
    return draft or PurchaseOrder.objects.create(
        organization=organization, supplier_id=supplier_id, created_by=user)


def po_create_from_recommendations(
    *, organization: Organization, user: User | None, recommendation_ids: list[int]
) -> list[PurchaseOrder]:
    """Draft orders grouped by supplier; products already drafted are left as is."""
    picked = [rec for rec in selectors.recommendations_by_ids(
        organization=organization, ids=recommendation_ids)
        if selectors.to_order(rec).quantity > 0]
    if not picked:
        raise ValidationError(
            _("Select at least one product with a quantity to order."))
    no_supplier = [rec.product.sku for rec in picked if not rec.product.supplier_id]
    if no_supplier:
        raise ValidationError(
            _("These products have no supplier: %(skus)s. Set one first.")
            % {"skus": ", ".join(no_supplier)})
    by_supplier: dict[int, list] = defaultdict(list)
    for rec in picked:
        by_supplier[rec.product.supplier_id].append(rec)
    orders = []
    with transaction.atomic():
        for supplier_id in sorted(by_supplier):
            order = _draft_for(organization, supplier_id, user)
            _add_lines(organization, order, by_supplier[supplier_id], user)
            orders.append(order)
    return orders


def line_due_date_default(*, ordered_on: dt.date, lead_time_days: float) -> dt.date:
    """A new line's expected arrival: the order date + the product's lead time
    (the plan's: measured from this supplier's receipts, else the product's,
    else the supplier's, else the default), in whole days."""
    return ordered_on + dt.timedelta(days=math.ceil(max(0.0, lead_time_days)))


def po_order_date(order: PurchaseOrder) -> dt.date:
    """The day the order is placed: a draft is placed today at the earliest."""
    return order.ordered_on or selectors.today()


def _add_lines(organization: Organization, order: PurchaseOrder, recs: list,
               user: User | None) -> None:
    present = set(order.lines.values_list("product_id", flat=True))
    ordered_on = po_order_date(order)
    for rec in recs:
        if rec.product_id in present:
            continue
        expected = line_due_date_default(ordered_on=ordered_on,
                                         lead_time_days=rec.lead_time_days)
        line = PurchaseOrderLine(
            organization=organization, order=order, product=rec.product,
            # What the order screen shows (policy.selectors.to_order): due now,
            # or due on the order-by date for a line ordered ahead of it.
            quantity=selectors.to_order(rec).quantity,
            recommended_quantity=selectors.to_order(rec).quantity,
            unit_cost=rec.product.unit_cost, expected_date=expected)
        _save_line(line, user, _("Created from the recommendation"))
        if order.expected_date is None or expected > order.expected_date:
            order.expected_date = expected
    order.save(update_fields=["expected_date"])


def _locked(organization: Organization, order: PurchaseOrder) -> PurchaseOrder:
    return PurchaseOrder.objects.select_for_update().get(
        organization=organization, pk=order.pk)


def _check_pack(product, quantity: int) -> None:
    """The supplier ships whole packs (the product's order multiple): the
    purchase order says so, so a quantity between two packs is refused with
    the two nearest that are not. Change the product's pack size if the
    supplier's packs changed."""
    pack = max(1, product.order_multiple)
    if quantity % pack == 0:
        return
    lower, upper = quantity // pack * pack, (quantity // pack + 1) * pack
    params = {"sku": product.sku, "pack": pack, "lower": lower, "upper": upper}
    if lower < 1:
        message = _("%(sku)s comes in packs of %(pack)s: order %(upper)s.") % params
    else:
        message = _(
            "%(sku)s comes in packs of %(pack)s: order %(lower)s or %(upper)s."
        ) % params
    raise ValidationError({"quantity": message})


def po_line_quantity_set(
    *, organization: Organization, line: PurchaseOrderLine, quantity: int,
    reason: str, user: User | None,
) -> PurchaseOrderLine:
    """Change a line's quantity before sending; the reason is kept in its history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the quantity changes.")})
    if quantity < 1:
        raise ValidationError({"quantity": _("The quantity must be at least 1.")})
    with transaction.atomic():
        order = _locked(organization, line.order)
        if order.status not in EDITABLE:
            raise ValidationError(_("Only draft or approved orders can be changed."))
        line = PurchaseOrderLine.objects.select_for_update().select_related(
            "product").get(organization=organization, pk=line.pk)
        _check_pack(line.product, quantity)
        if line.quantity != quantity:
            line.quantity = quantity
            _save_line(line, user, reason)
    return line


# A due date further out than this after the order date is a typo (the year).
DUE_DATE_MAX_DAYS = 365


def _check_due_date(due_date: dt.date, ordered_on: dt.date) -> None:
    params = {"date": due_date.isoformat(), "ordered": ordered_on.isoformat()}
    if due_date < ordered_on:
        raise ValidationError({"expected_date": _(
            "The expected arrival (%(date)s) cannot be before the order date "
            "(%(ordered)s).") % params})
    if (due_date - ordered_on).days > DUE_DATE_MAX_DAYS:
        raise ValidationError({"expected_date": _(
            "The expected arrival (%(date)s) is more than a year after the order "
            "date (%(ordered)s): check the year.") % params})


def po_line_due_date_set(
    *, organization: Organization, line: PurchaseOrderLine, due_date: dt.date,
    user: User | None,
) -> PurchaseOrderLine:
    """Change a draft line's expected arrival (not before the order date); the
    order's requested delivery date becomes its latest line's. Kept in the
    line's history; the plans read it once the order is approved."""
    with transaction.atomic():
        order = _locked(organization, line.order)
        if order.status != Status.DRAFT:
            # On the field, so an API client is told which value was refused.
            raise ValidationError({"expected_date": _(
                "Only a draft order's expected arrival dates can be changed.")})
        _check_due_date(due_date, po_order_date(order))
        line = PurchaseOrderLine.objects.select_for_update().get(
            organization=organization, order=order, pk=line.pk)
        if line.expected_date != due_date:
            reason = _("Expected arrival %(old)s → %(new)s") % {
                "old": line.expected_date or "-", "new": due_date}
            line.expected_date = due_date
            _save_line(line, user, reason)
            order.expected_date = order.lines.aggregate(
                latest=Max("expected_date"))["latest"]
            order.save(update_fields=["expected_date"])
    return line


def po_approve(*, organization: Organization, order: PurchaseOrder,
               user: User | None) -> PurchaseOrder:
    """Draft → approved: from now on its lines count as on order."""
    with transaction.atomic():
        order = _locked(organization, order)
        if order.status != Status.DRAFT:
            raise ValidationError(_("Only a draft order can be approved."))
        if not order.lines.exists():
            raise ValidationError(_("The order has no lines."))
        order.status, order.approved_by = Status.APPROVED, user
        order.approved_at = timezone.now()
        order.save(update_fields=["status", "approved_by", "approved_at"])
        _after_commit_refresh(organization)
    return order


def po_send(*, organization: Organization, order: PurchaseOrder,
            user: User | None) -> PurchaseOrder:
    """Approved → sent (ordered today); the supplier is emailed once, after commit."""
    from policy.tasks import purchase_order_email_task

    with transaction.atomic():
        order = _locked(organization, order)
        if order.status != Status.APPROVED:
            raise ValidationError(_("Only an approved order can be sent."))
        order.status, order.sent_at = Status.SENT, timezone.now()
        order.ordered_on = selectors.today()
        order.save(update_fields=["status", "sent_at", "ordered_on"])
        order_id = order.pk
        transaction.on_commit(lambda: purchase_order_email_task.delay(order_id))
    return order


def po_cancel(*, organization: Organization, order: PurchaseOrder,
              user: User | None) -> PurchaseOrder:
    """Cancel an order that has received nothing yet."""
    with transaction.atomic():
        order = _locked(organization, order)
        if order.status not in CANCELLABLE:
            raise ValidationError(_("This order can no longer be cancelled."))
        order.status, order.cancelled_at = Status.CANCELLED, timezone.now()
        order.save(update_fields=["status", "cancelled_at"])
        _after_commit_refresh(organization)
    return order


@dataclass(frozen=True)
class ReceiptEntry:
    """Units of one line received now, with their lot and expiry."""

    line_id: int
    quantity: int
    lot_code: str = ""
    expiry_date: dt.date | None = None
    close_line: bool = False  # a short delivery closes the line: no more expected


def _receive_line(organization: Organization, order: PurchaseOrder,
                  line: PurchaseOrderLine, entry: ReceiptEntry, received_on: dt.date,
                  user: User | None) -> MovementEntry | None:
    if entry.quantity > line.remaining_quantity:
        raise ValidationError(
            _("%(sku)s: %(quantity)s received but only %(remaining)s expected.")
            % {"sku": line.product.sku, "quantity": entry.quantity,
               "remaining": line.remaining_quantity})
    if entry.quantity <= 0:
        movement = None
    else:
        # Checked before anything is written, naming the line; the ledger
        # checks the lot's stored expiry date (and this again) when it writes.
        try:
            expiry_check(entry.expiry_date, received=received_on)
        except StockError as error:
            raise ValidationError(
                _("%(sku)s: %(message)s")
                % {"sku": line.product.sku, "message": " ".join(error.messages)}
            ) from None
        movement = MovementEntry(
            product=line.product, kind=StockMovement.Kind.INBOUND,
            quantity=entry.quantity, business_date=received_on,
            lot_code=entry.lot_code, expiry_date=entry.expiry_date,
            note=_("Received on %(order)s") % {"order": order.number})
        # The receipt names the lot the units went to (an expiry date without a
        # lot number: the expiry day's lot).
        PurchaseReceipt.objects.create(
            organization=organization, line=line, quantity=entry.quantity,
            received_on=received_on, lot_code=inbound_lot_code(movement),
            expiry_date=entry.expiry_date, received_by=user)
        line.received_quantity += entry.quantity
    line.is_closed = entry.close_line or line.received_quantity >= line.quantity
    _save_line(line, user, _("Received"))
    return movement


def po_receive(
    *, organization: Organization, order: PurchaseOrder, user: User | None,
    entries: Sequence[ReceiptEntry], received_on: dt.date | None = None,
) -> PurchaseOrder:
    """Record a full or partial delivery: receipts, inbound movements, status."""
    received_on = received_on or selectors.today()
    # The ledger's rule, checked first so the form shows it on its date field
    # (and a "nothing more to come" without units is refused too).
    business_date_check(received_on, field="received_on")
    with transaction.atomic():
        order = _locked(organization, order)
        if order.status not in RECEIVABLE:
            raise ValidationError(_("This order cannot be received."))
        lines = {line.pk: line for line in PurchaseOrderLine.objects.select_for_update()
                 .filter(organization=organization, order=order)
                 .select_related("product")}
        if not any(e.quantity > 0 or e.close_line for e in entries):
            raise ValidationError(_("Enter a received quantity for at least one line."))
        movements = []
        for entry in entries:
            if entry.line_id not in lines:
                raise ValidationError(_("This line is not on the order."))
            movement = _receive_line(organization, order, lines[entry.line_id], entry,
                                     received_on, user)
            if movement is not None:
                movements.append(movement)
        movements_record(organization=organization, user=user, entries=movements,
                         source=StockMovement.Source.PURCHASE_RECEIPT,
                         source_ref=order.number)
        _status_after_receipt(order, lines.values(), received_on)
        _after_commit_refresh(organization)
    return order


def _status_after_receipt(order: PurchaseOrder, lines, received_on: dt.date) -> None:
    all_closed = all(line.is_closed for line in lines)
    order.status = Status.RECEIVED if all_closed else Status.PARTIALLY_RECEIVED
    # Approved but never sent: the approval day is when it was ordered.
    if order.ordered_on is None:
        approved = order.approved_at or order.created_at
        order.ordered_on = timezone.localtime(approved).date() if approved \
            else received_on
    order.save(update_fields=["status", "ordered_on"])
