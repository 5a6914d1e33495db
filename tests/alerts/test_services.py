"""Alert generation: raised from recommendations, deduplicated, resolved, emailed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from alerts import selectors, tasks
from alerts.models import Alert
from alerts.services import (
    alert_acknowledge,
    alert_resolve,
    alert_snooze,
    alerts_generate,
)
from inventory.models import StockMovement
from inventory.services.stock import movement_record
from policy.services.recommendations import recommendations_refresh
from tests.policy.conftest import TODAY


@pytest.fixture
def generated(organization, low_product, full_product):
    recommendations_refresh(organization=organization)
    return alerts_generate(organization=organization, as_of=TODAY)


def _alert(product, kind) -> Alert:
    return Alert.objects.get(product=product, kind=kind, open_key__isnull=False)


def test_low_stock_raises_reorder_and_stockout_alerts_ranked(generated, low_product,
                                                             full_product):
    reorder = _alert(low_product, "reorder")
    assert reorder.severity == "high" and reorder.status == "open"
    assert reorder.open_key == f"{low_product.organization_id}:{low_product.pk}:reorder"
    assert reorder.value_at_risk > 0  # sales lost before an order could arrive
    assert "order" in reorder.message_template.lower()
    stockout = _alert(low_product, "stockout_risk")
    assert stockout.severity == "high"
    assert not Alert.objects.filter(product=full_product,
                                    kind__in=["reorder", "stockout_risk"]).exists()
    first = selectors.alert_list(organization=low_product.organization).first()
    assert first.severity_rank <= reorder.severity_rank


def test_generating_twice_updates_instead_of_repeating(organization, generated):
    count = Alert.objects.count()
    again = alerts_generate(organization=organization, as_of=TODAY)
    assert Alert.objects.count() == count
    assert (again.created, again.updated, again.resolved) == (0, count, 0)


def test_task_delivered_twice_keeps_one_open_alert_per_condition(organization,
                                                                 low_product):
    recommendations_refresh(organization=organization)
    tasks.alerts_generate_task(organization.pk)
    tasks.alerts_generate_task(organization.pk)
    assert Alert.objects.filter(product=low_product, kind="reorder").count() == 1


def test_alert_resolves_when_stock_is_replenished(organization, generated,
                                                  low_product):
    movement_record(organization=organization, user=None, product=low_product,
                    kind=StockMovement.Kind.INBOUND, quantity=500,
                    business_date=TODAY)
    recommendations_refresh(organization=organization)
    result = alerts_generate(organization=organization, as_of=TODAY)
    assert result.resolved >= 2
    alert = Alert.objects.get(product=low_product, kind="reorder")
    assert (alert.status, alert.open_key, alert.resolved_by) == ("resolved", None,
                                                                 None)


def test_snoozed_alert_reopens_after_its_date(organization, generated, low_product,
                                              member_of):
    user = member_of(organization)
    alert = _alert(low_product, "reorder")
    alert_snooze(organization=organization, alert=alert, user=user,
                 until=TODAY + dt.timedelta(days=2))
    alerts_generate(organization=organization, as_of=TODAY + dt.timedelta(days=1))
    assert _alert(low_product, "reorder").status == "snoozed"
    counts = selectors.open_alert_counts(organization=organization)
    assert alert.pk not in [a.pk for a in selectors.alert_list(
        organization=organization)]
    alerts_generate(organization=organization, as_of=TODAY + dt.timedelta(days=2))
    assert _alert(low_product, "reorder").status == "open"
    assert selectors.open_alert_counts(organization=organization)["total"] == \
        counts["total"] + 1


def test_snooze_needs_a_future_date(organization, generated, low_product, member_of):
    with pytest.raises(ValidationError):
        alert_snooze(organization=organization, alert=_alert(low_product, "reorder"),
                     user=member_of(organization), until=TODAY)


def test_acknowledge_and_resolve_record_who(organization, generated, low_product,
                                            member_of):
    user = member_of(organization)
    alert = alert_acknowledge(organization=organization,
                              alert=_alert(low_product, "reorder"), user=user)
    assert (alert.status, alert.acknowledged_by) == ("acknowledged", user)
    alert = alert_resolve(organization=organization, alert=alert, user=user)
    assert (alert.status, alert.resolved_by, alert.open_key) == ("resolved", user,
                                                                 None)
    with pytest.raises(ValidationError):
        alert_resolve(organization=organization, alert=alert, user=user)
    # The condition persists: the next run raises a new alert.
    alerts_generate(organization=organization, as_of=TODAY)
    assert Alert.objects.filter(product=low_product, kind="reorder").count() == 2


def test_expiring_lot_raises_an_expiry_alert(organization, low_product):
    movement_record(organization=organization, user=None, product=low_product,
                    kind=StockMovement.Kind.INBOUND, quantity=300, lot_code="OLD",
                    expiry_date=TODAY + dt.timedelta(days=5), business_date=TODAY)
    recommendations_refresh(organization=organization)
    alerts_generate(organization=organization, as_of=TODAY)
    alert = _alert(low_product, "expiry")
    assert alert.key == f"{low_product.pk}:expiry:OLD"
    assert alert.params["unsold"] > 0 and alert.value_at_risk > 0


def test_digest_task_twice_sends_one_email(organization, generated, member_of):
    member_of(organization)  # a master receives the digest
    tasks.alerts_digest_task(organization.pk, TODAY.isoformat())
    tasks.alerts_digest_task(organization.pk, TODAY.isoformat())
    assert len(mail.outbox) == 1
    assert "LOW-1" in mail.outbox[0].body


def test_counts_take_one_query(organization, generated, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = selectors.open_alert_counts(organization=organization)
    assert counts["total"] == Alert.objects.filter(open_key__isnull=False).count()


def _sold_daily_until_20_days_ago(organization, product):
    from inventory.services.integrity import movements_bulk_import

    first = TODAY - dt.timedelta(days=100)
    rows = [StockMovement(organization=organization, product=product,
                          business_date=first - dt.timedelta(days=1), quantity=200,
                          kind=StockMovement.Kind.INBOUND,
                          source=StockMovement.Source.IMPORT)]
    rows += [StockMovement(organization=organization, product=product,
                           business_date=first + dt.timedelta(days=n), quantity=-1,
                           kind=StockMovement.Kind.OUTBOUND,
                           source=StockMovement.Source.IMPORT)
             for n in range(81)]  # sold every day until 20 days ago
    movements_bulk_import(organization=organization, movements=rows)


def test_a_steady_seller_that_stopped_selling_until_a_pause_is_recorded(
    organization, full_product
):
    from forecasting.services.events import promotion_event_create

    _sold_daily_until_20_days_ago(organization, full_product)
    recommendations_refresh(organization=organization)
    alerts_generate(organization=organization, as_of=TODAY)
    alert = Alert.objects.get(key=f"{full_product.pk}:data:sales_stopped",
                              open_key__isnull=False)
    assert alert.params["days"] == 20 and alert.params["sale_days"] == 81
    promotion_event_create(organization=organization, user=None, name="리스팅 중지",
                           kind="pause", product=full_product,
                           start_date=TODAY - dt.timedelta(days=19), end_date=TODAY)
    alerts_generate(organization=organization, as_of=TODAY)
    alert.refresh_from_db()
    assert alert.status == Alert.Status.RESOLVED


def test_generation_before_any_recommendation_raises_nothing(organization, full_product):
    result = alerts_generate(organization=organization, as_of=TODAY)
    assert (result.created, result.updated, result.resolved) == (0, 0, 0)
    assert not Alert.objects.exists()


def test_a_stopped_feed_is_one_alert_not_one_per_product(organization, supplier,
                                                         client_for):
    from alerts.rules import FEED_STOP_KEY
    from tests.factories import ProductFactory

    products = [ProductFactory(organization=organization, sku=f"FEED-{i}",
                               supplier=supplier) for i in range(5)]
    for product in products:
        _sold_daily_until_20_days_ago(organization, product)
    recommendations_refresh(organization=organization)
    alerts_generate(organization=organization, as_of=TODAY)
    feed = Alert.objects.get(key=FEED_STOP_KEY, open_key__isnull=False)
    assert feed.product is None and feed.params["count"] == 5
    assert not Alert.objects.filter(key__endswith=":data:sales_stopped").exists()
    from django.urls import reverse

    page = client_for(organization).get(reverse("alerts:alert_list")).content.decode()
    since = (TODAY - dt.timedelta(days=20)).isoformat()
    assert "5 of your 5 steady sellers" in page and since in page
    for product in products:  # the feed is back: sales up to today
        movement_record(organization=organization, user=None, product=product,
                        kind=StockMovement.Kind.OUTBOUND, quantity=1,
                        business_date=TODAY)
    recommendations_refresh(organization=organization)
    alerts_generate(organization=organization, as_of=TODAY)
    feed.refresh_from_db()
    assert feed.status == Alert.Status.RESOLVED
