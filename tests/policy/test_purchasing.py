"""Purchase orders: drafts from recommendations, edits with reasons, receiving."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from inventory.models import Lot, StockMovement
from policy import tasks
from policy.models import EmailOutbox, PurchaseOrder, Recommendation
from policy.services import purchasing
from policy.services.recommendations import recommendations_refresh
from tests.factories import ProductFactory, SupplierFactory

from .conftest import TODAY, forecast_store, stock_set

Status = PurchaseOrder.Status


@pytest.fixture
def refreshed(organization, low_product, full_product):
    recommendations_refresh(organization=organization)
    return Recommendation.objects.filter(organization=organization)


def _draft(organization, user, recs) -> PurchaseOrder:
    (order,) = purchasing.po_create_from_recommendations(
        organization=organization, user=user, recommendation_ids=[r.pk for r in recs])
    return order


def test_drafts_are_grouped_by_supplier_and_skip_zero_quantities(
    organization, member_of, refreshed, low_product
):
    other = SupplierFactory(organization=organization, name="Other")
    second = ProductFactory(organization=organization, supplier=other, moq=1)
    stock_set(organization, second, 1)
    forecast_store(organization, second, daily=3.0)
    recommendations_refresh(organization=organization)
    user = member_of(organization)
    ids = list(Recommendation.objects.values_list("pk", flat=True))
    orders = purchasing.po_create_from_recommendations(
        organization=organization, user=user, recommendation_ids=ids)
    assert len(orders) == 2
    assert {o.status for o in orders} == {Status.DRAFT}
    line = orders[0].lines.get()
    rec = Recommendation.objects.get(product=line.product)
    assert line.quantity == line.recommended_quantity == rec.recommended_quantity
    # Asking again adds nothing: the products are already on the drafts.
    again = purchasing.po_create_from_recommendations(
        organization=organization, user=user, recommendation_ids=ids)
    assert {o.pk for o in again} == {o.pk for o in orders}
    assert sum(o.lines.count() for o in again) == 2


def test_other_organizations_recommendations_are_ignored(
    organization, other_organization, refreshed, member_of
):
    with pytest.raises(ValidationError):
        purchasing.po_create_from_recommendations(
            organization=other_organization, user=member_of(other_organization),
            recommendation_ids=[r.pk for r in refreshed])


def test_quantity_change_needs_a_reason_and_keeps_history(
    organization, member_of, refreshed, low_product
):
    user = member_of(organization)
    order = _draft(organization, user, refreshed)
    line = order.lines.get()
    with pytest.raises(ValidationError):
        purchasing.po_line_quantity_set(organization=organization, line=line,
                                        quantity=500, reason=" ", user=user)
    old = line.quantity
    purchasing.po_line_quantity_set(organization=organization, line=line,
                                    quantity=500, reason="Supplier promo", user=user)
    latest = line.history.order_by("-history_date", "-history_id").first()
    previous = latest.prev_record
    assert (previous.quantity, latest.quantity) == (old, 500)
    assert latest.history_change_reason == "Supplier promo"
    assert latest.history_user == user


def test_sent_order_cannot_be_edited_and_emails_supplier_once(
    organization, member_of, refreshed, django_capture_on_commit_callbacks
):
    user = member_of(organization)
    order = _draft(organization, user, refreshed)
    purchasing.po_approve(organization=organization, order=order, user=user)
    with django_capture_on_commit_callbacks(execute=True):
        order = purchasing.po_send(organization=organization, order=order, user=user)
    assert order.status == Status.SENT and order.ordered_on == TODAY
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["orders@pasta.example"]
    assert order.number in mail.outbox[0].subject
    tasks.purchase_order_email_task(order.pk)  # a second delivery of the task
    assert len(mail.outbox) == 1
    assert EmailOutbox.objects.get(kind="purchase_order").status == "sent"
    with pytest.raises(ValidationError):
        purchasing.po_line_quantity_set(organization=organization,
                                        line=order.lines.get(), quantity=3,
                                        reason="late", user=user)


def _sent(organization, user, refreshed) -> PurchaseOrder:
    order = _draft(organization, user, refreshed)
    purchasing.po_approve(organization=organization, order=order, user=user)
    return purchasing.po_send(organization=organization, order=order, user=user)


def test_partial_then_full_receipt_writes_inbound_movements_and_closes(
    organization, member_of, refreshed, low_product
):
    user = member_of(organization)
    order = _sent(organization, user, refreshed)
    line = order.lines.get()
    expiry = TODAY + dt.timedelta(days=200)
    purchasing.po_receive(
        organization=organization, order=order, user=user, received_on=TODAY,
        entries=[purchasing.ReceiptEntry(line.pk, 40, "L-1", expiry)])
    order.refresh_from_db()
    line.refresh_from_db()
    low_product.refresh_from_db()
    assert order.status == Status.PARTIALLY_RECEIVED
    assert (line.received_quantity, line.is_closed) == (40, False)
    assert low_product.on_hand == 60
    movement = StockMovement.objects.get(source=StockMovement.Source.PURCHASE_RECEIPT)
    assert (movement.kind, movement.quantity, movement.source_ref) == (
        StockMovement.Kind.INBOUND, 40, f"PO-{order.pk}")
    assert Lot.objects.get(product=low_product, code="L-1").expiry_date == expiry
    rest = line.quantity - 40
    purchasing.po_receive(
        organization=organization, order=order, user=user,
        entries=[purchasing.ReceiptEntry(line.pk, rest, "L-2")])
    order.refresh_from_db()
    line.refresh_from_db()
    assert order.status == Status.RECEIVED and line.is_closed
    assert StockMovement.objects.filter(source_ref=f"PO-{order.pk}").count() == 2


def test_receiving_more_than_expected_writes_nothing(
    organization, member_of, refreshed, low_product
):
    user = member_of(organization)
    order = _sent(organization, user, refreshed)
    line = order.lines.get()
    with pytest.raises(ValidationError):
        purchasing.po_receive(organization=organization, order=order, user=user,
                              entries=[purchasing.ReceiptEntry(line.pk,
                                                               line.quantity + 1)])
    assert not StockMovement.objects.filter(
        source=StockMovement.Source.PURCHASE_RECEIPT).exists()
    low_product.refresh_from_db()
    assert low_product.on_hand == 20


def test_short_delivery_can_close_the_line(organization, member_of, refreshed):
    user = member_of(organization)
    order = _sent(organization, user, refreshed)
    line = order.lines.get()
    purchasing.po_receive(organization=organization, order=order, user=user,
                          entries=[purchasing.ReceiptEntry(line.pk, 5,
                                                           close_line=True)])
    order.refresh_from_db()
    assert order.status == Status.RECEIVED


def test_receipts_update_the_measured_lead_time(
    organization, member_of, refreshed, low_product, monkeypatch
):
    # The deliveries arrive 9-11 days after TODAY: by then the ledger's day is
    # at least TODAY + 11 (it refuses a receipt dated after its today).
    monkeypatch.setattr("inventory.services.stock.rules.business_today",
                        lambda: TODAY + dt.timedelta(days=11))
    user = member_of(organization)
    for days in (9, 11, 10):
        order = _sent(organization, user, Recommendation.objects.filter(
            product=low_product))
        line = order.lines.get()
        purchasing.po_receive(
            organization=organization, order=order, user=user,
            received_on=TODAY + dt.timedelta(days=days),
            entries=[purchasing.ReceiptEntry(line.pk, line.quantity)])
        # keep a quantity to order for the next round
        low_product.refresh_from_db()
    recommendations_refresh(organization=organization)
    rec = Recommendation.objects.get(product=low_product, as_of=TODAY)
    assert (rec.lead_time_source, rec.lead_time_days) == ("history", 10.0)


def test_cancel_only_before_receipt(organization, member_of, refreshed):
    user = member_of(organization)
    order = _sent(organization, user, refreshed)
    line = order.lines.get()
    purchasing.po_receive(organization=organization, order=order, user=user,
                          entries=[purchasing.ReceiptEntry(line.pk, 1)])
    with pytest.raises(ValidationError):
        purchasing.po_cancel(organization=organization, order=order, user=user)


def test_receiving_the_recommended_order_resolves_the_reorder_alert(
    organization, member_of, refreshed, low_product
):
    """With the default settings an order covers the alert window: no new alert."""
    from alerts.models import Alert
    from alerts.services import alerts_generate

    alerts_generate(organization=organization)
    assert Alert.objects.get(product=low_product, kind="reorder").status == "open"
    user = member_of(organization)
    order = _sent(organization, user, refreshed)
    line = order.lines.get()
    purchasing.po_receive(organization=organization, order=order, user=user,
                          entries=[purchasing.ReceiptEntry(line.pk, line.quantity)])
    recommendations_refresh(organization=organization)
    alerts_generate(organization=organization)
    alert = Alert.objects.get(product=low_product, kind="reorder")
    assert alert.status == Alert.Status.RESOLVED
    rec = Recommendation.objects.get(product=low_product)
    assert rec.order_by_date > TODAY + dt.timedelta(days=10)


def test_receiving_with_an_expiry_and_no_lot_stocks_the_expiry_lot(
    organization, member_of, refreshed, low_product
):
    user = member_of(organization)
    order = _sent(organization, user, refreshed)
    line = order.lines.get()
    expiry = dt.date.today() + dt.timedelta(days=300)
    for _ in range(2):
        purchasing.po_receive(
            organization=organization, order=order, user=user, received_on=TODAY,
            entries=[purchasing.ReceiptEntry(line.pk, 10, "", expiry)])
    lot = Lot.objects.get(product=low_product)
    assert (lot.code, lot.expiry_date, lot.on_hand) == (
        f"EXP-{expiry.isoformat()}", expiry, 20)
    receipt = line.receipts.first()
    assert receipt.lot_code == f"EXP-{expiry.isoformat()}"


def test_receiving_an_expired_delivery_is_refused_and_writes_nothing(
    organization, member_of, refreshed, low_product
):
    user = member_of(organization)
    order = _sent(organization, user, refreshed)
    line = order.lines.get()
    with pytest.raises(ValidationError) as caught:
        purchasing.po_receive(
            organization=organization, order=order, user=user, received_on=TODAY,
            entries=[purchasing.ReceiptEntry(line.pk, 10, "L-9",
                                             dt.date(2020, 1, 31))])
    assert low_product.sku in caught.value.messages[0]
    assert "2020-01-31" in caught.value.messages[0]
    line.refresh_from_db()
    assert line.received_quantity == 0 and not line.receipts.exists()
    assert not Lot.objects.exists()
    assert not StockMovement.objects.filter(
        source=StockMovement.Source.PURCHASE_RECEIPT).exists()


def test_receiving_into_a_lot_with_another_expiry_writes_nothing(
    organization, member_of, refreshed, low_product
):
    user = member_of(organization)
    order = _sent(organization, user, refreshed)
    line = order.lines.get()
    expiry = dt.date.today() + dt.timedelta(days=100)
    purchasing.po_receive(organization=organization, order=order, user=user,
                          received_on=TODAY,
                          entries=[purchasing.ReceiptEntry(line.pk, 10, "L-1", expiry)])
    with pytest.raises(ValidationError) as caught:
        purchasing.po_receive(
            organization=organization, order=order, user=user, received_on=TODAY,
            entries=[purchasing.ReceiptEntry(line.pk, 5, "L-1",
                                             expiry + dt.timedelta(days=1))])
    assert "L-1" in " ".join(caught.value.messages)
    line.refresh_from_db()
    assert line.received_quantity == 10 and line.receipts.count() == 1
    assert Lot.objects.get().on_hand == 10
