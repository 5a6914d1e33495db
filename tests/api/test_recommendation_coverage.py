"""Recommendations through the API say what open purchase orders do to the
stock-out risk, as the plan stored it (policy/coverage.py): covered in time by
an order (its number and due date), or an order due after the projected
stock-out (its number, due date and how many days late), with a flat number
of queries however many rows."""

from __future__ import annotations

import datetime as dt

import pytest

from policy.models import PurchaseOrder, PurchaseOrderLine, Recommendation
from policy.services.recommendations import recommendations_refresh
from tests.factories import ProductFactory, SupplierFactory
from tests.policy.conftest import TODAY, forecast_store, stock_set

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today(monkeypatch):
    monkeypatch.setattr("policy.selectors.clock.today", lambda: TODAY)


def _edge(organization, supplier, sku: str, due_in_days: int | None) -> PurchaseOrder:
    """12 left, 3 a day (out on day 4); 200 on an approved order due on
    ``due_in_days`` (day 2: in time, day 8: late); None: no order."""
    product = ProductFactory(organization=organization, sku=sku, supplier=supplier,
                             safety_stock_mode="automatic")
    stock_set(organization, product, 12, TODAY - dt.timedelta(days=3))
    forecast_store(organization, product, daily=3.0)
    if due_in_days is None:
        return None
    order = PurchaseOrder.objects.create(organization=organization, supplier=supplier,
                                         status=PurchaseOrder.Status.APPROVED)
    PurchaseOrderLine.objects.create(
        organization=organization, order=order, product=product, quantity=200,
        expected_date=TODAY + dt.timedelta(days=due_in_days))
    return order


@pytest.fixture
def supplier(organization):
    return SupplierFactory(organization=organization, lead_time_days=10)


def test_list_and_detail_name_the_covering_or_the_late_order(
        organization, supplier, api_for):
    in_time = _edge(organization, supplier, "IN-TIME", 2)
    late = _edge(organization, supplier, "LATE-1", 8)
    _edge(organization, supplier, "NO-ORDER", None)
    recommendations_refresh(organization=organization)
    late_rec = Recommendation.objects.get(product__sku="LATE-1")
    assert late_rec.coverage == "late" and late_rec.stockout_date is not None
    client = api_for(organization)

    rows = {row["sku"]: row for row in
            client.get("/api/v1/recommendations/").json()["results"]}
    assert rows["IN-TIME"]["covered"] is True
    assert rows["IN-TIME"]["covering_order"] == {
        "id": in_time.pk, "number": f"PO-{in_time.pk}",
        "due_date": (TODAY + dt.timedelta(days=2)).isoformat()}
    assert rows["IN-TIME"]["late_order"] is None

    late_due = TODAY + dt.timedelta(days=8)
    assert rows["LATE-1"]["covered"] is False
    assert rows["LATE-1"]["covering_order"] is None
    assert rows["LATE-1"]["late_order"] == {
        "id": late.pk, "number": f"PO-{late.pk}", "due_date": late_due.isoformat(),
        "days_after_stockout": (late_due - late_rec.stockout_date).days}
    assert rows["LATE-1"]["late_order"]["days_after_stockout"] > 0
    assert rows["LATE-1"]["stockout_date"] == late_rec.stockout_date.isoformat()

    assert (rows["NO-ORDER"]["covered"], rows["NO-ORDER"]["covering_order"],
            rows["NO-ORDER"]["late_order"]) == (False, None, None)

    detail = client.get(f"/api/v1/recommendations/{late_rec.product_id}/").json()
    assert {key: detail[key] for key in ("covered", "covering_order", "late_order")} \
        == {key: rows["LATE-1"][key]
            for key in ("covered", "covering_order", "late_order")}


def test_the_answer_is_the_stored_plan_not_recomputed(organization, supplier,
                                                      api_for):
    """The order's date moved after the refresh: the API shows what the plan
    stored (the next refresh judges the new date), as the dashboard does."""
    order = _edge(organization, supplier, "IN-TIME", 2)
    recommendations_refresh(organization=organization)
    PurchaseOrderLine.objects.filter(order=order).update(
        expected_date=TODAY + dt.timedelta(days=8))
    row = api_for(organization).get("/api/v1/recommendations/").json()["results"][0]
    assert row["covered"] is True and row["late_order"] is None
    assert row["covering_order"]["due_date"] == (
        TODAY + dt.timedelta(days=2)).isoformat()


def test_what_if_carries_the_coverage_of_its_computed_plan(organization, supplier,
                                                           api_for):
    late = _edge(organization, supplier, "LATE-1", 8)
    recommendations_refresh(organization=organization)
    answer = api_for(organization).get(
        f"/api/v1/recommendations/{late.lines.get().product_id}/what-if/",
        {"service_level": 0.9}).json()["recommendation"]
    assert answer["covered"] is False and answer["covering_order"] is None
    assert answer["late_order"]["number"] == f"PO-{late.pk}"


def _list(organization, supplier, client, count, django_assert_max_num_queries):
    for i in range(count):
        _edge(organization, supplier, f"N-{count}-{i}", 2 if i % 2 else 8)
    recommendations_refresh(organization=organization)
    with django_assert_max_num_queries(5) as queries:
        response = client.get("/api/v1/recommendations/")
    rows = response.json()["results"]
    assert {row["covered"] for row in rows} == {True, False}
    assert all(row["covering_order"] or row["late_order"] for row in rows)
    return len(queries)


def test_the_list_spends_the_same_queries_for_2_and_10_rows(
        organization, supplier, api_for, django_assert_max_num_queries):
    client = api_for(organization)
    client.get("/api/v1/recommendations/")  # the key's first use is stamped once
    few = _list(organization, supplier, client, 2, django_assert_max_num_queries)
    many = _list(organization, supplier, client, 8, django_assert_max_num_queries)
    assert few == many


def test_the_schema_documents_the_coverage_fields():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    fields = components["Recommendation"]["properties"]
    assert fields["covered"]["type"] == "boolean"
    assert "in time" in fields["covered"]["description"]
    for name, extra in (("covering_order", set()),
                        ("late_order", {"days_after_stockout"})):
        refs = [v["$ref"] for v in fields[name].get("oneOf", [fields[name]])
                if "$ref" in v]
        assert len(refs) == 1, fields[name]
        assert {"type": "null"} in fields[name]["oneOf"]
        assert fields[name]["description"]
        nested = components[refs[0].rsplit("/", 1)[-1]]
        assert set(nested["properties"]) == {"id", "number", "due_date"} | extra
