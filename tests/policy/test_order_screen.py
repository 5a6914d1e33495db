"""The order screen by supplier with money, and late recommendations' options."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from policy.models import PurchaseOrder, Recommendation
from policy.selectors.order_screen import OrderScreenFilters, order_screen
from policy.services.recommendations import recommendations_refresh
from tests.factories import CategoryFactory, ProductFactory, SupplierFactory

from .conftest import TODAY, forecast_store, stock_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_product(organization, supplier):
    """3 units left, 10 a day, 10-day lead time: out before an order arrives."""
    product = ProductFactory(organization=organization, sku="LATE-1",
                             supplier=supplier, moq=1, order_multiple=1,
                             unit_cost=Decimal("1200"), selling_price=Decimal("3000"),
                             safety_stock_mode="automatic")
    stock_set(organization, product, 3, TODAY - dt.timedelta(days=3))
    forecast_store(organization, product, daily=10.0)
    return product


@pytest.fixture
def no_cost_product(organization, supplier):
    product = ProductFactory(organization=organization, sku="NOCOST-1",
                             supplier=supplier, unit_cost=Decimal("0"),
                             safety_stock_mode="automatic")
    stock_set(organization, product, 2, TODAY - dt.timedelta(days=3))
    forecast_store(organization, product, daily=4.0)
    return product


def _rec(product) -> Recommendation:
    return Recommendation.objects.get(product=product)


def test_refresh_stores_lateness_and_the_unavoidable_stockout(organization,
                                                              late_product):
    recommendations_refresh(organization=organization)
    rec = _rec(late_product)
    assert rec.recommended_quantity > 0
    assert rec.stockout_before_arrival
    assert rec.days_without_stock == (rec.expected_arrival_date
                                      - rec.stockout_date).days
    assert rec.units_lost == pytest.approx(rec.days_without_stock * 10, abs=10)
    assert rec.revenue_lost == pytest.approx(rec.units_lost * 3000, rel=0.01)


def test_order_screen_groups_by_supplier_with_amounts(organization, late_product,
                                                      no_cost_product, low_product):
    other = SupplierFactory(organization=organization, name="Other Co")
    low_product.supplier = other
    low_product.save()
    recommendations_refresh(organization=organization)
    screen = order_screen(organization=organization)
    by_name = {g.supplier.name: g for g in screen.groups}
    assert set(by_name) == {"Pasta Co", "Other Co"}
    pasta = by_name["Pasta Co"]
    lines = {line.product.sku: line for line in pasta.lines}
    late_line = lines["LATE-1"]
    assert late_line.amount == Decimal("1200") * late_line.quantity
    assert lines["NOCOST-1"].amount is None and pasta.missing_cost == 1
    assert pasta.total == late_line.amount  # the line without cost is not ₩0
    assert screen.missing_cost == 1
    assert screen.cash_week >= late_line.amount


def test_order_screen_page_shows_won_and_one_action_per_supplier(
        organization, late_product, no_cost_product, client_for):
    recommendations_refresh(organization=organization)
    client = client_for(organization, role="manager")
    body = client.get(reverse("policy:recommendation_list"),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    rec = _rec(late_product)
    amount = f"₩{int(Decimal('1200') * rec.recommended_quantity):,}"
    assert amount in body
    assert "no unit cost" in body
    assert body.count('data-testid="po-create-') == 1  # one supplier, one action
    assert "days late" in body or "day late" in body or rec.days_late == 0
    assert "before an order placed today arrives" in body


def test_creating_a_po_for_one_supplier_takes_only_its_lines(
        organization, late_product, low_product, client_for):
    other = SupplierFactory(organization=organization, name="Other Co")
    low_product.supplier = other
    low_product.save()
    recommendations_refresh(organization=organization)
    client = client_for(organization, role="manager")
    response = client.post(reverse("policy:po_create_from_recommendations"),
                           {"recommendation": [_rec(late_product).pk]})
    assert response.status_code == 302
    [order] = PurchaseOrder.objects.filter(organization=organization)
    assert order.supplier.name == "Pasta Co"
    assert [line.product.sku for line in order.lines.all()] == ["LATE-1"]


def test_late_options_expedite_recomputes_and_creates_a_draft(
        organization, late_product, client_for):
    recommendations_refresh(organization=organization)
    rec = _rec(late_product)
    rec.days_late, rec.order_by_date = 5, TODAY - dt.timedelta(days=5)
    rec.save()
    client = client_for(organization, role="manager")
    url = reverse("policy:late_options", kwargs={"pk": rec.pk})
    page = client.get(url, {"lead_time": 2}, HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="expedite-result"' in body
    assert (TODAY + dt.timedelta(days=2)).isoformat() in body
    response = client.post(url, {"lead_time": 2, "choice": "expedite"})
    assert response.status_code == 302
    line = PurchaseOrder.objects.get(organization=organization).lines.get()
    assert line.expected_date == TODAY + dt.timedelta(days=2)
    assert line.quantity > 0


def _late_rec(organization, late_product) -> Recommendation:
    recommendations_refresh(organization=organization)
    rec = _rec(late_product)
    rec.days_late, rec.order_by_date = 5, TODAY - dt.timedelta(days=5)
    rec.save()
    return rec


def test_late_options_split_prefills_the_fastest_supplier_and_creates_two_drafts(
        organization, late_product, client_for):
    from policy import lateness
    from policy.selectors.late import plan_inputs

    slow = SupplierFactory(organization=organization, name="Slow Co", lead_time_days=8)
    fast = SupplierFactory(organization=organization, name="Fast Co", lead_time_days=2)
    rec = _late_rec(organization, late_product)
    client = client_for(organization, role="manager")
    url = reverse("policy:late_options", kwargs={"pk": rec.pk})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    form = page.context["split_form"]
    assert form.initial == {"split_supplier": fast.pk, "split_lead_time": 2}
    assert page.context["split_lead_times"] == {str(slow.pk): 8, str(fast.pk): 2}
    assert 'id="split-lead-times"' in page.content.decode()
    # Choosing a supplier without typing a lead time uses that supplier's own.
    page = client.get(url, {"split_supplier": slow.pk, "split_lead_time": ""})
    assert page.context["split_form"].cleaned_data["split_lead_time"] == 8
    response = client.post(url, {"split_supplier": fast.pk, "split_lead_time": "",
                                 "choice": "split"})
    assert response.status_code == 302
    from policy import selectors as policy_selectors
    settings = policy_selectors.policy_settings_get(organization=organization)
    expected = lateness.split(plan_inputs(rec, review_period_days=float(
        settings.review_period_days)), fast_lead_time_days=2)
    orders = {o.supplier.name: o for o in PurchaseOrder.objects.filter(
        organization=organization)}
    assert set(orders) == {"Fast Co", "Pasta Co"}
    assert all(o.status == PurchaseOrder.Status.DRAFT for o in orders.values())
    fast_line = orders["Fast Co"].lines.get()
    usual_line = orders["Pasta Co"].lines.get()
    assert fast_line.product == usual_line.product == late_product
    assert fast_line.quantity == expected.fast_quantity_units > 0
    assert fast_line.expected_date == TODAY + dt.timedelta(days=2)
    assert usual_line.quantity == expected.usual_quantity_units
    assert usual_line.expected_date == expected.usual_arrival


@pytest.mark.parametrize("post", [
    {"choice": "split"},                                     # nothing entered
    {"choice": "split", "split_supplier": "999999", "split_lead_time": "2"},
    {"choice": "split", "split_supplier": "FAST", "split_lead_time": "-3"},
    {"choice": "split", "split_supplier": "USUAL", "split_lead_time": "2"},  # own
    {"choice": "expedite", "lead_time": "abc"},
    {"choice": "nonsense"},
])
def test_late_options_invalid_post_writes_nothing_and_says_why(
        organization, late_product, client_for, post):
    fast = SupplierFactory(organization=organization, name="Fast Co", lead_time_days=2)
    post = {key: {"FAST": str(fast.pk),
                  "USUAL": str(late_product.supplier_id)}.get(value, value)
            for key, value in post.items()}
    rec = _late_rec(organization, late_product)
    client = client_for(organization, role="manager")
    url = reverse("policy:late_options", kwargs={"pk": rec.pk})
    response = client.post(url, post, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200  # the page again, not a redirect
    assert not PurchaseOrder.objects.filter(organization=organization).exists()
    body = response.content.decode()
    assert "Enter the lead time first, then choose." in body


def test_late_options_accept_orders_as_usual_with_the_reason(
        organization, late_product, client_for):
    from policy.lateness import assess
    from policy.selectors.late import plan_inputs

    rec = _late_rec(organization, late_product)
    client = client_for(organization, role="manager")
    url = reverse("policy:late_options", kwargs={"pk": rec.pk})
    response = client.post(url, {"choice": "accept"})
    assert response.status_code == 302
    [order] = PurchaseOrder.objects.filter(organization=organization)
    assert order.status == PurchaseOrder.Status.DRAFT
    assert order.supplier == late_product.supplier
    line = order.lines.get()
    assert line.quantity == rec.recommended_quantity > 0
    from policy import selectors as policy_selectors
    settings = policy_selectors.policy_settings_get(organization=organization)
    current = assess(plan_inputs(rec, review_period_days=float(
        settings.review_period_days)))
    assert line.expected_date == current.arrival
    reason = line.history.order_by("-history_id").first().history_change_reason
    assert reason.startswith("Late order accepted")


def test_late_options_of_another_organization_is_404(organization, other_organization,
                                                     late_product, client_for):
    recommendations_refresh(organization=organization)
    client = client_for(other_organization, role="manager")
    url = reverse("policy:late_options", kwargs={"pk": _rec(late_product).pk})
    assert client.get(url).status_code == 404


def test_filters_urgency_late_and_category(organization, late_product, low_product):
    recommendations_refresh(organization=organization)
    Recommendation.objects.filter(product=late_product).update(days_late=3)
    Recommendation.objects.filter(product=low_product).update(days_late=0)
    screen = order_screen(organization=organization,
                          filters=OrderScreenFilters(urgency="late"))
    assert [line.product.sku for g in screen.groups for line in g.lines] == ["LATE-1"]
    category = CategoryFactory(organization=organization, name="Dry")
    low_product.category = category
    low_product.save()
    screen = order_screen(organization=organization, filters=OrderScreenFilters(
        urgency="all", category_id=category.pk))
    assert [line.product.sku for g in screen.groups for line in g.lines] == ["LOW-1"]


def test_cached_order_screen_changes_with_orders_and_keeps_each_users_token(
        organization, late_product, member_of):
    """The groups are cached per data version; a new draft shows at once, and
    the CSRF token in the cached forms is the reader's own."""
    import re

    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    recommendations_refresh(organization=organization)
    url = reverse("policy:recommendation_list")
    clients = []
    for role in ("manager", "master"):
        client = Client(enforce_csrf_checks=True)
        client.force_login(member_of(organization, role))
        clients.append(client)
    first = clients[0].get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "on a draft" not in first
    second = clients[1].get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    token = re.search(r'po-form-\d+.*?name="csrfmiddlewaretoken" value="([^"]+)"',
                      second, re.S).group(1)
    response = clients[1].post(reverse("policy:po_create_from_recommendations"),
                               {"recommendation": [_rec(late_product).pk],
                                "csrfmiddlewaretoken": token})
    assert response.status_code == 302  # the token was valid for this user
    again = clients[0].get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "on a draft" in again
    cache.clear()


def test_supplier_edit_gives_the_cached_order_screen_a_new_key(
        organization, late_product, client_for, django_capture_on_commit_callbacks):
    """Supplier names and lead times are on the cached groups: an edit shows at
    once (a counter bumped after the save commits), not 10 minutes later."""
    from django.core.cache import cache

    from accounts.roles import Role

    cache.clear()
    recommendations_refresh(organization=organization)
    supplier = late_product.supplier
    assert supplier is not None
    client = client_for(organization, Role.MANAGER)
    url = reverse("policy:recommendation_list")
    # The contact person is shown only in the cached group header.
    assert "Ms Contact Kim" not in client.get(url, {"show": "all"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        supplier.contact_person = "Ms Contact Kim"
        supplier.save()
    assert "Ms Contact Kim" in client.get(url, {"show": "all"}).content.decode()
    cache.clear()


@pytest.fixture
def upcoming_product(organization, supplier):
    """95 units, 5 a day, 10-day lead time: nothing to order today, the
    order-by date is in 3 days."""
    product = ProductFactory(organization=organization, sku="SOON-1",
                             supplier=supplier, moq=10, order_multiple=5,
                             unit_cost=Decimal("1000"))
    stock_set(organization, product, 95, TODAY - dt.timedelta(days=3))
    forecast_store(organization, product, daily=5.0)
    return product


def test_a_line_due_in_3_days_shows_the_quantity_due_then_and_its_cash(
        organization, upcoming_product, low_product, client_for):
    from alerts.models import Alert
    from alerts.services import alerts_generate
    from policy.selectors import risk_figures

    recommendations_refresh(organization=organization)
    rec = _rec(upcoming_product)
    assert rec.recommended_quantity == 0
    assert rec.order_by_date == TODAY + dt.timedelta(days=3)
    assert rec.order_by_quantity > 0 and rec.order_by_quantity % 5 == 0
    # The reorder alert names the same figure.
    alerts_generate(organization=organization)
    alert = Alert.objects.get(product=upcoming_product, kind="reorder")
    assert alert.params["quantity"] == rec.order_by_quantity

    screen = order_screen(organization=organization)
    lines = {line.product.sku: line for g in screen.groups for line in g.lines}
    soon = lines["SOON-1"]
    assert soon.quantity == rec.order_by_quantity and soon.upcoming
    assert soon.amount == Decimal("1000") * rec.order_by_quantity
    assert screen.cash_week == sum(line.amount for line in lines.values())
    # The header's "to order this week" is the number of lines listed.
    assert risk_figures(organization=organization).to_order_week == screen.lines == 2

    body = client_for(organization, role="manager").get(
        reverse("policy:recommendation_list"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f"₩{int(soon.amount):,}" in body
    assert f"due {rec.order_by_date.isoformat()}" in body


def test_the_button_under_a_supplier_group_drafts_every_line_it_shows(
        organization, supplier, upcoming_product, low_product, client_for):
    """The group lists this week's lines (one due now, one due in 3 days): the
    button under it says how many products it orders and the draft holds both,
    each with the quantity the screen shows."""
    import re

    recommendations_refresh(organization=organization)
    client = client_for(organization, role="manager")
    body = client.get(reverse("policy:recommendation_list"),
                      HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    form = body.split(f'data-testid="po-form-{supplier.pk}"')[1].split("</form>")[0]
    ticked = re.findall(r'name="recommendation" value="(\d+)" checked', form)
    assert sorted(map(int, ticked)) == sorted(
        [_rec(low_product).pk, _rec(upcoming_product).pk])
    button = form.split(f'data-testid="po-create-{supplier.pk}"')[1]
    assert "2개 품목" in button.split("</button>")[0]

    client.post(reverse("policy:po_create_from_recommendations"),
                {"recommendation": ticked})
    order = PurchaseOrder.objects.get(organization=organization)
    quantities = dict(order.lines.values_list("product__sku", "quantity"))
    assert quantities == {"LOW-1": _rec(low_product).recommended_quantity,
                          "SOON-1": _rec(upcoming_product).order_by_quantity}
