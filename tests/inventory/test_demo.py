"""The demo organization built from the real Italian pasta sales dataset."""

import dataclasses
import datetime as dt
from collections import Counter, defaultdict

import numpy as np
import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Sum
from django.test import Client

from accounts.models import Membership, Organization, User
from accounts.roles import Role
from inventory import demo
from inventory.models import (
    Channel,
    ChannelListing,
    Lot,
    Product,
    SetComponent,
    StockMovement,
    Supplier,
)
from inventory.selectors import daily_stock_levels
from inventory.services.demo import DEMO_PASSWORD, DEMO_USERS, demo_load
from inventory.services.integrity import stock_verify

TODAY = dt.date(2026, 11, 27)  # a Friday; yesterday is Thursday 2026-11-26
LAST_HISTORY_DAY = dt.date(2026, 11, 23)  # the Monday on or before yesterday
SLICE = {"products": 5, "days": 120}


@pytest.fixture(scope="module")
def slice_sales():
    return demo.load_sales(settings.SMARTSTOCK_DEMO_DATASET, **SLICE)


def load_slice():
    return demo_load(today=TODAY, **SLICE)


def running_minimum(rows):
    """Lowest level any SKU reaches when the rows are applied in order."""
    level: dict[str, int] = defaultdict(int)
    lowest = 0
    for row in rows:
        level[row.dataset_sku] += row.quantity
        lowest = min(lowest, level[row.dataset_sku])
    return lowest


# -- pure planning (no database) ----------------------------------------------
def test_shift_is_whole_weeks_landing_on_latest_monday_before_yesterday():
    shift = demo.history_shift_days(yesterday=TODAY - dt.timedelta(days=1))
    assert shift % 7 == 0
    assert demo.DATASET_LAST_DAY + dt.timedelta(days=shift) == LAST_HISTORY_DAY
    # Yesterday itself a Monday: history ends yesterday.
    monday = dt.date(2026, 11, 30)
    shift = demo.history_shift_days(yesterday=monday)
    assert demo.DATASET_LAST_DAY + dt.timedelta(days=shift) == monday


def test_slice_takes_skus_round_robin_over_brands_and_last_days(slice_sales):
    assert list(slice_sales["sku"].unique()) == ["B1_1", "B1_2", "B2_1", "B3_1", "B4_1"]
    assert slice_sales["date"].min() == dt.date(2018, 9, 3)
    assert slice_sales["date"].max() == demo.DATASET_LAST_DAY
    assert len(slice_sales) == 5 * 120


def test_catalog_plan_names_skus_and_supplier_terms_by_brand(slice_sales):
    plans = {plan.dataset_sku: plan for plan in demo.catalog_plan(slice_sales)}
    first = plans["B1_1"]
    assert (first.sku, first.playauto_sku) == ("PASTA-B1-01", "PA-B1-01")
    assert first.name.startswith("파스타 B1-01 (")
    assert plans["B4_1"].lead_time_days == 120
    assert {plan.lead_time_days for plan in plans.values()} == {7, 14, 30, 120}
    for plan in plans.values():
        assert plan.selling_price_krw > plan.unit_cost_krw > 0
        assert plan.moq >= plan.order_multiple > 1


def test_movement_rows_keep_sales_exact_and_stock_never_negative(slice_sales):
    plans = demo.catalog_plan(slice_sales)
    history = demo.build_movement_rows(slice_sales, plans, shift_days=7)
    sold = Counter()
    for row in history.rows:
        if row.kind == demo.OUTBOUND:
            sold[row.dataset_sku] -= row.quantity
            assert row.quantity < 0 and row.channel in demo.CHANNEL_SHARES
        else:
            assert row.quantity > 0 and row.channel == ""
    expected = slice_sales.groupby("sku")["qty"].sum().to_dict()
    assert dict(sold) == expected
    assert running_minimum(history.rows) >= 0
    assert history.last_day == demo.DATASET_LAST_DAY + dt.timedelta(days=7)
    assert [r.business_date for r in history.rows] == sorted(
        r.business_date for r in history.rows
    )


def test_movement_rows_are_deterministic(slice_sales):
    plans = demo.catalog_plan(slice_sales)
    first = demo.build_movement_rows(slice_sales, plans, shift_days=0)
    second = demo.build_movement_rows(slice_sales, plans, shift_days=0)
    assert first == second


def test_sales_spike_gets_an_expedited_receipt_the_day_before():
    plan = dataclasses.replace(
        demo.product_plan("B1_1", mean_daily_qty=1.0),
        moq=1,
        order_multiple=1,
        safety_stock=0,
    )
    demand = np.array([1] * 40 + [500] + [1] * 10)
    result = demo.simulate_replenishment(demand, plan, np.random.default_rng(1))
    expedited = [(day, qty) for day, qty, rush in result.receipts if rush]
    assert expedited and expedited[0][0] == 39
    level = result.opening
    arrivals = Counter()
    for day, qty, _rush in result.receipts:
        arrivals[day] += qty
    for day, sold in enumerate(demand):
        level += arrivals[day] - sold
        assert level >= 0


def test_orders_respect_moq_and_pack_size(slice_sales):
    plans = demo.catalog_plan(slice_sales)
    history = demo.build_movement_rows(slice_sales, plans, shift_days=0)
    by_sku = {plan.dataset_sku: plan for plan in plans}
    regular = [r for r in history.rows if r.note == demo.RECEIPT_NOTE]
    assert regular
    for row in regular:
        plan = by_sku[row.dataset_sku]
        assert row.quantity >= plan.moq
        assert row.quantity % plan.order_multiple == 0


# -- the demo organization in the database ------------------------------------
def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Organization,
            User,
            Membership,
            EmailAddress,
            Product,
            SetComponent,
            Supplier,
            Channel,
            ChannelListing,
            Lot,
            StockMovement,
        )
    }


@pytest.mark.django_db
def test_loading_twice_changes_nothing_the_second_time():
    first = load_slice()
    before = table_counts()
    second = load_slice()
    assert first.created and not second.created
    assert second.organization.pk == first.organization.pk
    assert table_counts() == before
    assert before["Organization"] == 1 and before["Product"] == 5 + 2


@pytest.mark.django_db
def test_every_cache_equals_its_ledger_after_load():
    result = load_slice()
    assert result.movements == StockMovement.objects.count()
    assert stock_verify(organization=result.organization) == []
    assert Lot.objects.filter(organization=result.organization).count() == 3


@pytest.mark.django_db
def test_no_product_stock_level_ever_goes_negative():
    result = load_slice()
    organization = result.organization
    ids = list(
        Product.objects.filter(organization=organization).values_list("pk", flat=True)
    )
    levels = daily_stock_levels(
        organization=organization,
        product_ids=ids,
        date_from=result.first_day - dt.timedelta(days=1),
        date_to=result.last_day,
    )
    assert len(levels) == 7
    lowest = min(level for series in levels.values() for _day, level in series)
    assert lowest >= 0
    assert result.last_day == LAST_HISTORY_DAY
    assert result.first_day == LAST_HISTORY_DAY - dt.timedelta(days=119)


@pytest.mark.django_db
def test_outbound_totals_per_sku_equal_the_dataset(slice_sales):
    organization = load_slice().organization
    totals = dict(
        StockMovement.objects.filter(
            organization=organization,
            kind=StockMovement.Kind.OUTBOUND,
            source=StockMovement.Source.IMPORT,
        )
        .values_list("product__sku")
        .annotate(total=Sum("quantity"))
    )
    sku_of = {plan.dataset_sku: plan.sku for plan in demo.catalog_plan(slice_sales)}
    expected = {
        sku_of[sku]: -int(qty)
        for sku, qty in slice_sales.groupby("sku")["qty"].sum().items()
    }
    assert len(expected) == 5
    assert totals == expected


@pytest.mark.django_db
def test_sales_are_spread_over_the_three_channels_by_staff():
    organization = load_slice().organization
    outbound = StockMovement.objects.filter(
        organization=organization, kind=StockMovement.Kind.OUTBOUND
    )
    kinds = Counter(outbound.values_list("channel__kind", flat=True))
    assert set(kinds) == {
        Channel.Kind.COUPANG,
        Channel.Kind.SMARTSTORE,
        Channel.Kind.OWN_MALL,
    }
    assert kinds[Channel.Kind.COUPANG] > kinds[Channel.Kind.OWN_MALL]
    staff = User.objects.get(email="staff@demo.smartstock.local")
    manager = User.objects.get(email="manager@demo.smartstock.local")
    assert set(outbound.values_list("created_by", flat=True)) == {staff.pk}
    inbound = StockMovement.objects.filter(
        organization=organization, kind=StockMovement.Kind.INBOUND
    )
    assert set(inbound.values_list("created_by", flat=True)) == {manager.pk}


@pytest.mark.django_db
def test_demo_users_have_each_role_and_can_log_in():
    organization = load_slice().organization
    assert organization.is_demo
    for role, email, _name in DEMO_USERS:
        membership = Membership.objects.get(
            organization=organization, user__email=email
        )
        assert membership.role == role
        address = EmailAddress.objects.get(email=email)
        assert address.verified and address.primary
        assert Client().login(email=email, password=DEMO_PASSWORD)
    assert {role for role, _e, _n in DEMO_USERS} == set(Role.values)


@pytest.mark.django_db
def test_sets_are_made_of_single_products():
    organization = load_slice().organization
    gift = Product.objects.get(organization=organization, sku="SET-GIFT-3")
    parts = {
        c.component.sku: c.quantity for c in gift.components.select_related("component")
    }
    assert parts == {"PASTA-B1-01": 2, "PASTA-B1-02": 1}
    bundle = Product.objects.get(organization=organization, sku="SET-PASTA-B1-01-X2")
    assert [(c.component.sku, c.quantity) for c in bundle.components.all()] == [
        ("PASTA-B1-01", 2)
    ]
    assert not StockMovement.objects.filter(product__kind=Product.Kind.SET).exists()
