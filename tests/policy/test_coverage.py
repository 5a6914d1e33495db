"""Stock-out risk judged with the open orders arriving on their due dates: a
product an approved or sent order covers in time is not critical and says so
(PO number, due date); an order due after the projected stock-out leaves the
product at risk and says the order is late. The dashboard, the stock table,
the order screen, the alerts and the copilot read one stored definition
(Recommendation.coverage, policy/coverage.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from alerts.models import Alert
from alerts.services import alerts_generate
from copilot.services import copilot_answer
from policy.models import PurchaseOrder, Recommendation
from policy.selectors import StockStatusFilters, risk_figures, stock_status_list
from policy.services.recommendations import recommendations_refresh

from .conftest import TODAY, order_line_open, planned_product

pytestmark = pytest.mark.django_db


def _product(organization, supplier, sku, on_hand, daily):
    return planned_product(organization, supplier, sku, on_hand, daily,
                           selling_price=Decimal("2000"))


@pytest.fixture
def covered_and_late(organization, supplier):
    """COVERED-1: 20 left (below its safety stock), 5 a day, 200 on a sent
    order due in 2 days, before it runs out. LATEPO-1: 5 left, 5 a day, 200
    on an approved order due in 5 days: it runs out first. 10-day lead time."""
    covered = _product(organization, supplier, "COVERED-1", 20, 5.0)
    late = _product(organization, supplier, "LATEPO-1", 5, 5.0)
    orders = {
        "COVERED-1": order_line_open(organization, covered, PurchaseOrder.Status.SENT, 200, 2),
        "LATEPO-1": order_line_open(organization, late, PurchaseOrder.Status.APPROVED, 200, 5),
    }
    recommendations_refresh(organization=organization)
    recs = {r.product.sku: r for r in Recommendation.objects.select_related("product")}
    # Both would order by a passed date and have nothing left to order.
    for rec in recs.values():
        assert rec.order_by_date < TODAY and rec.recommended_quantity == 0
    assert recs["COVERED-1"].stockout_date > TODAY + dt.timedelta(days=30)
    assert recs["LATEPO-1"].stockout_date < TODAY + dt.timedelta(days=5)
    return recs, orders


def test_the_plan_stores_which_open_order_covers_it_or_is_late(covered_and_late):
    recs, orders = covered_and_late
    covered, late = recs["COVERED-1"], recs["LATEPO-1"]
    assert covered.coverage == Recommendation.Coverage.COVERED
    assert covered.covering_order_id == orders["COVERED-1"].pk
    assert covered.covering_due_date == TODAY + dt.timedelta(days=2)
    assert late.coverage == Recommendation.Coverage.LATE
    assert late.covering_order_number == orders["LATEPO-1"].number
    assert late.covering_due_date == TODAY + dt.timedelta(days=5)


def test_a_covered_product_is_not_critical_a_late_order_stays_at_risk(
        organization, covered_and_late):
    ranks = {row.product.sku: row.risk_rank
             for row in stock_status_list(organization=organization)}
    assert ranks["LATEPO-1"] == 0  # critical
    assert ranks["COVERED-1"] >= 2  # neither critical nor high
    figures = risk_figures(organization=organization)
    assert figures.by_risk["critical"] == 1 and figures.at_risk == 1
    at_risk = stock_status_list(organization=organization,
                                filters=StockStatusFilters(risk="at_risk"))
    assert [row.product.sku for row in at_risk] == ["LATEPO-1"]
    # The copilot's risk list reads the same rows.
    answer = copilot_answer(organization=organization, user=None,
                            question="which products are at risk of a stock-out")
    assert answer.products == ["LATEPO-1"]


def test_alerts_say_the_late_order_and_leave_the_covered_product_alone(
        organization, covered_and_late):
    recs, orders = covered_and_late
    alerts_generate(organization=organization, as_of=TODAY)
    kinds = {(a.product.sku, a.kind) for a in Alert.objects.filter(
        organization=organization, kind__in=["reorder", "stockout_risk"])}
    assert ("COVERED-1", "reorder") not in kinds
    assert ("COVERED-1", "stockout_risk") not in kinds
    reorder = Alert.objects.get(product=recs["LATEPO-1"].product, kind="reorder")
    text = reorder.message_template % reorder.params
    assert text.startswith(f"{orders['LATEPO-1'].number} approved but not sent yet, "
                           f"arriving {(TODAY + dt.timedelta(days=5)).isoformat()}")


def test_stock_table_and_dashboard_say_covered_by_which_order(
        organization, covered_and_late, client_for):
    recs, orders = covered_and_late
    client = client_for(organization, role="manager")
    due = (TODAY + dt.timedelta(days=2)).isoformat()
    covered_text = f"Nothing to order: covered by {orders['COVERED-1'].number}, due {due}"
    late_text = (f"{orders['LATEPO-1'].number} is due "
                 f"{(TODAY + dt.timedelta(days=5)).isoformat()}, after the projected "
                 f"stock-out on {recs['LATEPO-1'].stockout_date.isoformat()}: the "
                 f"order is late")
    for url in (reverse("inventory:stock_status"), reverse("dashboard")):
        body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        covered = body.split('data-testid="status-COVERED-1"')[1].split("</tr>")[0]
        assert covered_text in covered and 'data-risk="critical"' not in covered
        late = body.split('data-testid="status-LATEPO-1"')[1].split("</tr>")[0]
        assert late_text in late and 'data-risk="critical"' in late
    body = client.get(reverse("inventory:stock_status"),
                      HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    covered = body.split('data-testid="status-COVERED-1"')[1].split("</tr>")[0]
    assert orders["COVERED-1"].number in covered and "covered by" not in covered
    # The product page says it too.
    page = client.get(reverse("inventory:product_detail",
                              args=[recs["COVERED-1"].product_id]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert covered_text in page
