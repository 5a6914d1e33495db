"""The order screen's filters: "late", "to order" and "this week" list only
lines with something to order, and the header counts what each one lists;
"all" shows covered lines as covered (0 to order, by which open order)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from policy.models import PurchaseOrder, Recommendation
from policy.selectors import risk_figures
from policy.selectors.order_screen import OrderScreenFilters, order_screen
from policy.services.recommendations import recommendations_refresh

from .conftest import TODAY, order_line_open, planned_product

pytestmark = pytest.mark.django_db

URGENCIES = ("late", "order", "week")


@pytest.fixture
def shop(organization, supplier, low_product, full_product):
    """Every kind of line the order screen meets.

    LOW-1 due now; SOON-1 due in 3 days; FULL-1 nothing to order; COVERED-1
    below its safety stock with a sent order arriving in 2 days, before it
    runs out; LATEPO-1 running out tomorrow, its sent order due in 5 days;
    DRAFTED-1 the same with 12 more on a draft; LATE-1 late with a draft.
    """
    planned_product(organization, supplier, "SOON-1", 95, 5.0, moq=10, order_multiple=5)
    covered = planned_product(organization, supplier, "COVERED-1", 20, 5.0)
    orders = {"COVERED-1": order_line_open(organization, covered,
                                       PurchaseOrder.Status.SENT, 200, 2)}
    late_po = planned_product(organization, supplier, "LATEPO-1", 5, 5.0)
    orders["LATEPO-1"] = order_line_open(organization, late_po,
                                     PurchaseOrder.Status.SENT, 200, 5)
    drafted = planned_product(organization, supplier, "DRAFTED-1", 5, 5.0)
    order_line_open(organization, drafted, PurchaseOrder.Status.SENT, 200, 5)
    order_line_open(organization, drafted, PurchaseOrder.Status.DRAFT, 12, 10)
    late = planned_product(organization, supplier, "LATE-1", 3, 10.0)
    order_line_open(organization, late, PurchaseOrder.Status.DRAFT, 500, 10)
    recommendations_refresh(organization=organization)
    recs = {r.product.sku: r for r in Recommendation.objects.select_related("product")}
    assert recs["COVERED-1"].order_by_date < TODAY  # below safety stock already
    assert recs["COVERED-1"].recommended_quantity == 0
    assert recs["LATEPO-1"].stockout_date < TODAY + dt.timedelta(days=5)
    assert recs["LATE-1"].days_late > 0
    return recs, orders


def _listed(organization, urgency: str) -> dict[str, int]:
    screen = order_screen(organization=organization,
                          filters=OrderScreenFilters(urgency=urgency))
    listed = {line.product.sku: line.quantity for group in screen.groups
              for line in group.lines}
    assert len(listed) == screen.lines
    return listed


def test_late_to_order_and_week_list_only_lines_with_something_to_order(
        organization, shop):
    listed = {urgency: _listed(organization, urgency) for urgency in URGENCIES}
    for urgency, lines in listed.items():
        assert lines and all(quantity > 0 for quantity in lines.values()), urgency
    assert set(listed["late"]) == {"LOW-1", "LATE-1"}
    # "To order" is every line with something to order, whenever it is due:
    # this week's lines (drafts included) and the ones due later.
    assert set(listed["order"]) >= set(listed["week"]) >= set(listed["late"])
    assert set(listed["order"]) == {"LOW-1", "SOON-1", "DRAFTED-1", "LATE-1"}
    assert listed["order"]["DRAFTED-1"] == 12


def test_the_header_counts_are_the_lines_each_filter_lists(organization, shop,
                                                          client_for):
    figures = risk_figures(organization=organization)
    counts = {"late": figures.late, "order": figures.to_order,
              "week": figures.to_order_week}
    for urgency in URGENCIES:
        assert counts[urgency] == len(_listed(organization, urgency)), urgency
    body = client_for(organization, role="manager").get(
        reverse("policy:recommendation_list"), {"show": "late"},
        HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"{figures.to_order_week} to order this week" in body
    assert f"{figures.late} late · {figures.to_order} to order (any due date)" in body


def test_all_shows_covered_lines_as_covered_with_their_open_order(
        organization, shop, client_for):
    recs, orders = shop
    listed = _listed(organization, "all")
    assert listed["COVERED-1"] == 0 and listed["LATEPO-1"] == 0
    assert listed["FULL-1"] == 0
    client = client_for(organization, role="manager")
    url = reverse("policy:recommendation_list")
    body = client.get(url, {"show": "all"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    covered = body.split('data-testid="rec-COVERED-1"')[1].split("</tr>")[0]
    due = (TODAY + dt.timedelta(days=2)).isoformat()
    assert f"Nothing to order: covered by {orders['COVERED-1'].number}, due {due}" \
        in covered
    late = body.split('data-testid="rec-LATEPO-1"')[1].split("</tr>")[0]
    stockout = recs["LATEPO-1"].stockout_date.isoformat()
    assert (f"{orders['LATEPO-1'].number} is due "
            f"{(TODAY + dt.timedelta(days=5)).isoformat()}, after the projected "
            f"stock-out on {stockout}: the order is late") in late
    full = body.split('data-testid="rec-FULL-1"')[1].split("</tr>")[0]
    assert "Nothing to order" in full and "covered by" not in full
    # Korean too.
    body = client.get(url, {"show": "all"}, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    covered = body.split('data-testid="rec-COVERED-1"')[1].split("</tr>")[0]
    assert orders["COVERED-1"].number in covered and "Nothing to order" not in covered


def test_the_stock_tables_reorder_filter_lists_the_order_screens_to_order_lines(
        organization, shop, client_for):
    """"Reorder needed" on the stock table is the order screen's "to order":
    drafted lines and lines due later included, covered lines left out."""
    response = client_for(organization).get(
        reverse("inventory:stock_status"), {"show": "reorder"})
    listed = {row.rec.product.sku for row in response.context["page"].object_list}
    assert listed == set(_listed(organization, "order"))
    assert {"DRAFTED-1", "SOON-1"} <= listed and "COVERED-1" not in listed
