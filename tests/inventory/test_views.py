import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from inventory.models import Product, SetComponent, StockMovement
from inventory.services.stock import movement_record
from tests.factories import (
    CategoryFactory,
    ChannelFactory,
    ProductFactory,
    SetComponentFactory,
    SupplierFactory,
)

K = StockMovement.Kind
DAY = dt.date(2026, 11, 2)


def stock(org, product, quantity, user=None, day=DAY, kind=K.INBOUND):
    return movement_record(
        organization=org,
        user=user,
        product=product,
        kind=kind,
        quantity=quantity,
        business_date=day,
    )


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def movement_post(**overrides) -> dict:
    data = {"kind": K.INBOUND, "quantity": "5", "business_date": "2026-11-02"}
    data.update(overrides)
    return data


def product_post(**overrides) -> dict:
    data = {
        "sku": "NEW-1",
        "name": "새 상품",
        "kind": Product.Kind.SINGLE,
        "moq": "1",
        "order_multiple": "1",
        "safety_stock": "0",
        "unit_cost": "0",
        "selling_price": "0",
    }
    data.update(overrides)
    return data


# -- product list ------------------------------------------------------------
def test_product_list_searches_sku_playauto_name_and_manufacturer(
    organization, client_for
):
    ProductFactory(organization=organization, sku="A-1", name="사과")
    ProductFactory(organization=organization, sku="B-1", playauto_sku="PA-77")
    ProductFactory(organization=organization, sku="C-1", manufacturer="농협")
    ProductFactory(organization=organization, sku="D-1", name="배")
    client = client_for(organization, Role.VIEWER)
    url = reverse("inventory:product_list")

    def skus(query):
        page = client.get(url, {"q": query}).context["page"]
        return [p.sku for p in page.object_list]

    assert skus("사과") == ["A-1"]
    assert skus("PA-77") == ["B-1"]
    assert skus("농협") == ["C-1"]
    assert skus("-1") == ["A-1", "B-1", "C-1", "D-1"]


def test_product_list_filters_by_category_supplier_kind_and_status(
    organization, client_for
):
    category = CategoryFactory(organization=organization)
    supplier = SupplierFactory(organization=organization)
    ProductFactory(organization=organization, sku="CAT", category=category)
    ProductFactory(organization=organization, sku="SUP", supplier=supplier)
    ProductFactory(organization=organization, sku="KIT", kind=Product.Kind.SET)
    ProductFactory(organization=organization, sku="OLD", is_active=False)
    client = client_for(organization, Role.VIEWER)
    url = reverse("inventory:product_list")

    def skus(**params):
        return [p.sku for p in client.get(url, params).context["page"].object_list]

    assert skus(category=category.pk) == ["CAT"]
    assert skus(supplier=supplier.pk) == ["SUP"]
    assert skus(kind="set") == ["KIT"]
    assert skus(status="inactive") == ["OLD"]
    assert "OLD" not in skus()
    assert len(skus(status="all")) == 4


def test_product_list_ignores_another_organizations_category_filter(
    organization, other_organization, client_for
):
    foreign = CategoryFactory(organization=other_organization)
    ProductFactory(organization=organization)
    response = client_for(organization).get(
        reverse("inventory:product_list"), {"category": foreign.pk}
    )
    # Not one of ours: the filter is invalid and dropped, never applied across tenants.
    assert len(response.context["page"].object_list) == 1


def test_product_list_sorts_by_column(organization, client_for):
    ProductFactory(organization=organization, sku="A", name="다")
    ProductFactory(organization=organization, sku="B", name="가")
    ProductFactory(organization=organization, sku="C", name="나")
    client = client_for(organization, Role.VIEWER)
    url = reverse("inventory:product_list")

    def skus(sort):
        return [p.sku for p in client.get(url, {"sort": sort}).context["page"]]

    assert skus("name") == ["B", "C", "A"]
    assert skus("-sku") == ["C", "B", "A"]
    assert skus("bogus") == ["A", "B", "C"]


def test_product_list_paginates_by_50_and_keeps_filters_in_links(
    organization, client_for
):
    for n in range(55):
        ProductFactory(organization=organization, sku=f"P-{n:03d}", name="양말")
    client = client_for(organization, Role.VIEWER)
    url = reverse("inventory:product_list")
    first = client.get(url, {"q": "양말", "sort": "-sku"})
    assert len(first.context["page"].object_list) == 50
    assert "page=2" in first.content.decode()
    assert "q=%EC%96%91%EB%A7%90" in first.content.decode()
    second = client.get(url, {"q": "양말", "sort": "-sku", "page": 2})
    assert [p.sku for p in second.context["page"]] == [
        f"P-{n:03d}" for n in range(4, -1, -1)
    ]


def test_product_list_shows_set_available_quantity(organization, client_for):
    kit = ProductFactory(organization=organization, sku="KIT", kind=Product.Kind.SET)
    a = ProductFactory(organization=organization, sku="A")
    b = ProductFactory(organization=organization, sku="B")
    SetComponentFactory(set_product=kit, component=a, quantity=2)
    SetComponentFactory(set_product=kit, component=b, quantity=1)
    stock(organization, a, 9)
    stock(organization, b, 3)
    response = client_for(organization, Role.VIEWER).get(
        reverse("inventory:product_list")
    )
    shown = {p.sku: p.stock_shown for p in response.context["page"]}
    assert shown == {"A": 9, "B": 3, "KIT": 3}


def test_product_list_query_count_is_bounded(
    organization, client_for, django_assert_max_num_queries
):
    category = CategoryFactory(organization=organization)
    supplier = SupplierFactory(organization=organization)
    singles = [
        ProductFactory(organization=organization, category=category, supplier=supplier)
        for _ in range(40)
    ]
    for n in range(20):
        kit = ProductFactory(organization=organization, kind=Product.Kind.SET)
        SetComponentFactory(set_product=kit, component=singles[n], quantity=1)
    client = client_for(organization, Role.VIEWER)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("inventory:product_list"), {"status": "all"})
    assert len(response.context["page"].object_list) == 50


# -- product create / edit ----------------------------------------------------
def test_create_product_with_duplicate_sku_shows_error(organization, client_for):
    ProductFactory(organization=organization, sku="DUP-1")
    client = client_for(organization, Role.MANAGER)
    response = client.post(
        reverse("inventory:product_create"), product_post(sku="DUP-1")
    )
    assert response.status_code == 200
    assert "DUP-1" in str(response.context["form"].errors["sku"])
    assert Product.objects.filter(organization=organization, sku="DUP-1").count() == 1


def test_a_sku_differing_only_in_case_is_refused_with_a_message(organization,
                                                                client_for):
    client = client_for(organization, Role.MANAGER)
    url = reverse("inventory:product_create")
    assert client.post(url, product_post(sku="ab-1")).status_code == 302
    response = client.post(url, product_post(sku="AB-1"))
    assert response.status_code == 200
    assert "already used by product ab-1" in response.content.decode()
    assert set(Product.objects.values_list("sku", flat=True)) == {"ab-1"}


def test_same_sku_is_allowed_in_another_organization(
    organization, other_organization, client_for
):
    ProductFactory(organization=other_organization, sku="X-1")
    response = client_for(organization).post(
        reverse("inventory:product_create"), product_post(sku="X-1")
    )
    assert response.status_code == 302


def test_product_form_refuses_another_organizations_supplier(
    organization, other_organization, client_for
):
    foreign = SupplierFactory(organization=other_organization)
    response = client_for(organization).post(
        reverse("inventory:product_create"), product_post(supplier=foreign.pk)
    )
    assert response.status_code == 200
    assert "supplier" in response.context["form"].errors
    assert not Product.objects.filter(sku="NEW-1").exists()


def test_edit_records_history_with_the_user(organization, member_of):
    user = member_of(organization, Role.MANAGER)
    product = ProductFactory(organization=organization, sku="H-1", safety_stock=5)
    client = login(user)
    response = client.post(
        reverse("inventory:product_edit", args=[product.pk]),
        product_post(sku="H-1", name=product.name, safety_stock="12"),
    )
    assert response.status_code == 302
    latest = product.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == user
    assert latest.safety_stock == 12
    detail = client.get(reverse("inventory:product_detail", args=[product.pk]))
    entry = detail.context["history"][0]
    assert entry.record.history_user == user
    assert [(c.field, c.old, c.new) for c in entry.changes] == [("safety_stock", 5, 12)]
    assert (
        "Safety stock" in detail.content.decode() or "안전" in detail.content.decode()
    )


def test_product_form_leaves_safety_stock_empty_for_automatic(organization,
                                                             client_for):
    client = client_for(organization, Role.MANAGER)
    url = reverse("inventory:product_create")
    assert client.post(url, product_post(sku="AUTO-1", safety_stock="")).status_code == 302
    product = Product.objects.get(sku="AUTO-1")
    assert product.safety_stock_mode == Product.SafetyStockMode.AUTOMATIC
    edit = reverse("inventory:product_edit", args=[product.pk])
    form = client.get(edit).context["form"]
    assert form["safety_stock"].value() is None
    assert "Now automatic" in str(form["safety_stock"].help_text)
    detail = client.get(reverse("inventory:product_detail", args=[product.pk]))
    assert "automatic (computed" in detail.content.decode()
    # Entering a number makes it manual; clearing it again, automatic.
    client.post(edit, product_post(sku="AUTO-1", safety_stock="7"))
    product.refresh_from_db()
    assert (product.safety_stock_mode, product.safety_stock) == ("manual", 7)
    assert "Now manual" in str(client.get(edit).context["form"]["safety_stock"].help_text)
    client.post(edit, product_post(sku="AUTO-1", safety_stock=""))
    product.refresh_from_db()
    assert (product.safety_stock_mode, product.safety_stock) == ("automatic", 7)


def test_deactivate_and_reactivate_product(organization, client_for):
    product = ProductFactory(organization=organization)
    client = client_for(organization, Role.MANAGER)
    url = reverse("inventory:product_set_active", args=[product.pk])
    client.post(url, {"active": "0"})
    product.refresh_from_db()
    assert product.is_active is False
    client.post(url, {"active": "1"})
    product.refresh_from_db()
    assert product.is_active is True


# -- tenancy and roles ----------------------------------------------------------
def test_other_organizations_product_is_404(
    organization, other_organization, client_for
):
    foreign = ProductFactory(organization=other_organization)
    client = client_for(organization, Role.MASTER)
    assert (
        client.get(reverse("inventory:product_detail", args=[foreign.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("inventory:product_edit", args=[foreign.pk])).status_code
        == 404
    )
    response = client.post(
        reverse("inventory:product_movement_create", args=[foreign.pk]), movement_post()
    )
    assert response.status_code == 404
    assert not StockMovement.objects.exists()


def test_standalone_movement_refuses_another_organizations_sku(
    organization, other_organization, client_for
):
    ProductFactory(organization=other_organization, sku="THEIRS")
    response = client_for(organization, Role.STAFF).post(
        reverse("inventory:movement_create"), movement_post(sku="THEIRS")
    )
    assert response.status_code == 200
    assert "sku" in response.context["form"].errors
    assert not StockMovement.objects.exists()


def test_other_organizations_movement_cannot_be_reversed(
    organization, other_organization, client_for
):
    foreign = ProductFactory(organization=other_organization)
    [movement] = stock(other_organization, foreign, 5)
    response = client_for(organization, Role.MASTER).post(
        reverse("inventory:movement_reverse", args=[movement.pk])
    )
    assert response.status_code == 404


def test_viewer_gets_403_on_post_and_sees_no_movement_form(organization, client_for):
    product = ProductFactory(organization=organization)
    viewer = client_for(organization, Role.VIEWER)
    assert (
        viewer.post(reverse("inventory:product_create"), product_post()).status_code
        == 403
    )
    response = viewer.post(
        reverse("inventory:product_movement_create", args=[product.pk]), movement_post()
    )
    assert response.status_code == 403
    assert viewer.get(reverse("inventory:movement_create")).status_code == 403
    detail = viewer.get(reverse("inventory:product_detail", args=[product.pk]))
    assert detail.status_code == 200
    assert detail.context["movement_form"] is None
    assert 'id="movement-form"' not in detail.content.decode()
    assert not StockMovement.objects.exists()


def test_staff_records_a_movement_but_cannot_create_a_product(organization, member_of):
    staff = member_of(organization, Role.STAFF)
    product = ProductFactory(organization=organization, sku="S-1")
    client = login(staff)
    assert (
        client.post(reverse("inventory:product_create"), product_post()).status_code
        == 403
    )
    detail = client.get(reverse("inventory:product_detail", args=[product.pk]))
    assert 'id="movement-form"' in detail.content.decode()
    response = client.post(
        reverse("inventory:product_movement_create", args=[product.pk]),
        movement_post(quantity="7", note="입고"),
    )
    assert response.status_code == 302
    [movement] = StockMovement.objects.all()
    assert (movement.quantity, movement.created_by, movement.source) == (
        7,
        staff,
        StockMovement.Source.MANUAL,
    )
    product.refresh_from_db()
    assert product.on_hand == 7


def test_standalone_movement_page_records_by_sku(organization, client_for):
    product = ProductFactory(organization=organization, sku="S-2")
    channel = ChannelFactory(organization=organization)
    client = client_for(organization, Role.STAFF)
    response = client.post(
        reverse("inventory:movement_create"),
        movement_post(
            sku="S-2", channel=channel.pk, lot_code="L1", expiry_date="2099-01-31"
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("inventory:product_detail", args=[product.pk])
    movement = StockMovement.objects.get()
    assert movement.channel == channel
    assert movement.lot.code == "L1"


def test_outbound_above_stock_shows_error_and_writes_nothing(organization, client_for):
    product = ProductFactory(organization=organization, sku="LOW-1")
    stock(organization, product, 3)
    client = client_for(organization, Role.STAFF)
    response = client.post(
        reverse("inventory:product_movement_create", args=[product.pk]),
        movement_post(kind=K.OUTBOUND, quantity="5"),
    )
    assert response.status_code == 200
    errors = response.context["movement_form"].non_field_errors()
    assert "3" in errors[0] and "5" in errors[0]
    assert StockMovement.objects.count() == 1
    product.refresh_from_db()
    assert product.on_hand == 3


@pytest.mark.parametrize(
    ("kind", "quantity"),
    [(K.INBOUND, "0"), (K.OUTBOUND, "-2"), (K.ADJUSTMENT, "0"), (K.STOCK_COUNT, "-1")],
)
def test_movement_form_refuses_quantities_that_do_not_fit_the_kind(
    organization, client_for, kind, quantity
):
    product = ProductFactory(organization=organization)
    response = client_for(organization, Role.STAFF).post(
        reverse("inventory:product_movement_create", args=[product.pk]),
        movement_post(kind=kind, quantity=quantity),
    )
    assert "quantity" in response.context["movement_form"].errors
    assert not StockMovement.objects.exists()


def test_movement_form_defaults_to_todays_date(organization, client_for):
    from django.utils import timezone

    response = client_for(organization, Role.STAFF).get(
        reverse("inventory:movement_create")
    )
    assert timezone.localdate().isoformat() in response.content.decode()


# -- movement list and reversal --------------------------------------------------
def test_movement_list_shows_who_recorded_and_filters(
    organization, member_of, client_for
):
    alice = member_of(organization, Role.STAFF)
    bob = member_of(organization, Role.STAFF)
    product = ProductFactory(organization=organization, sku="M-1")
    other = ProductFactory(organization=organization, sku="M-2")
    stock(organization, product, 10, user=alice, day=dt.date(2026, 11, 1))
    stock(organization, product, 2, user=bob, day=dt.date(2026, 11, 5), kind=K.OUTBOUND)
    stock(organization, other, 4, user=bob, day=dt.date(2026, 11, 9))
    client = client_for(organization, Role.VIEWER)
    url = reverse("inventory:movement_list")

    def rows(**params):
        response = client.get(url, params)
        return [(m.product.sku, m.quantity) for m in response.context["page"]]

    page = client.get(url).content.decode()
    assert alice.name in page and bob.name in page
    assert rows(user=alice.pk) == [("M-1", 10)]
    assert rows(kind=K.OUTBOUND) == [("M-1", -2)]
    assert rows(date_from="2026-11-02", date_to="2026-11-06") == [("M-1", -2)]
    assert rows(sku="M-2") == [("M-2", 4)]


def test_movement_list_query_count_is_bounded(
    organization, member_of, client_for, django_assert_max_num_queries
):
    user = member_of(organization, Role.STAFF)
    channel = ChannelFactory(organization=organization)
    kit = ProductFactory(organization=organization, kind=Product.Kind.SET)
    part = ProductFactory(organization=organization)
    SetComponentFactory(set_product=kit, component=part, quantity=1)
    for n in range(30):
        product = ProductFactory(organization=organization)
        movement_record(
            organization=organization,
            user=user,
            product=product,
            kind=K.INBOUND,
            quantity=5,
            business_date=DAY,
            channel=channel,
            lot_code=f"L{n}",
        )
        stock(organization, part, 1, user=user)
    stock(organization, kit, 3, user=user, kind=K.OUTBOUND)
    client = client_for(organization, Role.MANAGER)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("inventory:movement_list"))
    assert len(response.context["page"].object_list) == 50


def test_manager_reverses_a_movement_once(organization, client_for):
    product = ProductFactory(organization=organization)
    [movement] = stock(organization, product, 5)
    client = client_for(organization, Role.MANAGER)
    url = reverse("inventory:movement_reverse", args=[movement.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"note": "잘못 입력"})
    product.refresh_from_db()
    assert product.on_hand == 0
    reversal = StockMovement.objects.get(reversal_of=movement)
    assert reversal.quantity == -5
    response = client.post(url, follow=True)
    assert StockMovement.objects.count() == 2
    assert any(
        "already" in str(m) or "이미" in str(m) for m in response.context["messages"]
    )
    listing = client.get(reverse("inventory:movement_list")).content.decode()
    assert f"#{movement.pk}" in listing


def test_staff_cannot_reverse_a_movement(organization, client_for):
    product = ProductFactory(organization=organization)
    [movement] = stock(organization, product, 5)
    response = client_for(organization, Role.STAFF).post(
        reverse("inventory:movement_reverse", args=[movement.pk])
    )
    assert response.status_code == 403
    assert StockMovement.objects.count() == 1


# -- set components ------------------------------------------------------------
def test_set_component_add_refuses_a_set_or_the_set_itself(organization, client_for):
    kit = ProductFactory(organization=organization, sku="KIT", kind=Product.Kind.SET)
    other_kit = ProductFactory(
        organization=organization, sku="KIT2", kind=Product.Kind.SET
    )
    single = ProductFactory(organization=organization, sku="ONE")
    client = client_for(organization, Role.MANAGER)
    url = reverse("inventory:set_component_add", args=[kit.pk])
    for sku in ("KIT", "KIT2"):
        response = client.post(url, {"sku": sku, "quantity": "1"})
        assert response.context["component_form"].errors
    assert not SetComponent.objects.exists()
    assert client.post(url, {"sku": "ONE", "quantity": "2"}).status_code == 302
    line = SetComponent.objects.get()
    assert (line.component, line.quantity) == (single, 2)
    assert other_kit.components.count() == 0


def test_set_component_add_refuses_another_organizations_product(
    organization, other_organization, client_for
):
    kit = ProductFactory(organization=organization, kind=Product.Kind.SET)
    ProductFactory(organization=other_organization, sku="THEIRS")
    response = client_for(organization, Role.MANAGER).post(
        reverse("inventory:set_component_add", args=[kit.pk]),
        {"sku": "THEIRS", "quantity": "1"},
    )
    assert "sku" in response.context["component_form"].errors
    assert not SetComponent.objects.exists()


def test_set_component_remove(organization, client_for):
    line = SetComponentFactory(set_product__organization=organization)
    client = client_for(organization, Role.MANAGER)
    client.post(
        reverse("inventory:set_component_remove", args=[line.set_product_id, line.pk])
    )
    assert not SetComponent.objects.exists()


def test_set_detail_shows_available_quantity_and_components(organization, client_for):
    line = SetComponentFactory(set_product__organization=organization, quantity=3)
    stock(organization, line.component, 10)
    response = client_for(organization, Role.VIEWER).get(
        reverse("inventory:product_detail", args=[line.set_product_id])
    )
    assert response.context["available"] == 3
    assert response.context["components"] == [line]
    assert response.context["component_form"] is None  # viewer cannot edit


# -- dashboard -------------------------------------------------------------------
def test_dashboard_figures_on_a_small_dataset(organization, member_of, client_for):
    user = member_of(organization, Role.STAFF)
    a = ProductFactory(
        organization=organization, unit_cost=Decimal(1000), safety_stock=5
    )
    b = ProductFactory(organization=organization, unit_cost=Decimal("250.50"))
    ProductFactory(organization=organization, safety_stock=1)  # out of stock, below
    kit = ProductFactory(organization=organization, kind=Product.Kind.SET, unit_cost=9)
    SetComponentFactory(set_product=kit, component=a)
    ProductFactory(organization=organization, is_active=False)
    stock(organization, a, 3, user=user)  # below its safety stock of 5
    stock(organization, b, 10, user=user)
    response = client_for(organization, Role.VIEWER).get(reverse("dashboard"))
    figures = response.context["figures"]
    assert figures.active_products == 4
    assert figures.units_on_hand == 13
    assert figures.inventory_value == Decimal("5505.00")
    # Out of stock: the third product and the inactive one is not counted.
    assert figures.out_of_stock == 1
    assert figures.below_safety_stock == 2


# -- suppliers, categories, channels, listings -----------------------------------
def test_supplier_duplicate_name_is_a_form_error(organization, client_for):
    SupplierFactory(organization=organization, name="한빛상사")
    client = client_for(organization, Role.MANAGER)
    response = client.post(
        reverse("inventory:supplier_create"),
        {"name": "한빛상사", "lead_time_days": "7"},
    )
    assert "name" in response.context["form"].errors
    ok = client.post(
        reverse("inventory:supplier_create"),
        {"name": "두리유통", "lead_time_days": "7"},
    )
    assert ok.status_code == 302


def test_category_and_channel_create_and_edit(organization, client_for):
    client = client_for(organization, Role.MANAGER)
    client.post(reverse("inventory:category_create"), {"name": "식품"})
    category = organization_category = CategoryFactory._meta.model.objects.get(
        name="식품"
    )
    client.post(
        reverse("inventory:category_edit", args=[category.pk]), {"name": "음료"}
    )
    organization_category.refresh_from_db()
    assert organization_category.name == "음료"
    client.post(
        reverse("inventory:channel_create"),
        {"name": "쿠팡", "kind": "coupang", "is_active": "on"},
    )
    response = client.post(
        reverse("inventory:channel_create"), {"name": "쿠팡", "kind": "other"}
    )
    assert "name" in response.context["form"].errors


def test_catalog_pages_are_for_managers_only(organization, client_for):
    staff = client_for(organization, Role.STAFF)
    for name in ("supplier_list", "category_list", "channel_list", "listing_list"):
        assert staff.get(reverse(f"inventory:{name}")).status_code == 403


def test_other_organizations_supplier_edit_is_404(
    organization, other_organization, client_for
):
    foreign = SupplierFactory(organization=other_organization)
    response = client_for(organization).get(
        reverse("inventory:supplier_edit", args=[foreign.pk])
    )
    assert response.status_code == 404


def test_listing_create_unique_per_channel_code_and_delete(organization, client_for):
    channel = ChannelFactory(organization=organization)
    ProductFactory(organization=organization, sku="L-1")
    client = client_for(organization, Role.MANAGER)
    url = reverse("inventory:listing_create")
    data = {"channel": channel.pk, "code": "OPT-9", "sku": "L-1"}
    assert client.post(url, data).status_code == 302
    duplicate = client.post(url, data)
    assert "code" in duplicate.context["form"].errors
    listing = channel.listings.get()
    client.post(reverse("inventory:listing_delete", args=[listing.pk]))
    assert not channel.listings.exists()


def test_listing_create_refuses_another_organizations_channel(
    organization, other_organization, client_for
):
    foreign = ChannelFactory(organization=other_organization)
    ProductFactory(organization=organization, sku="L-1")
    response = client_for(organization, Role.MANAGER).post(
        reverse("inventory:listing_create"),
        {"channel": foreign.pk, "code": "X", "sku": "L-1"},
    )
    assert "channel" in response.context["form"].errors


def test_cached_product_page_follows_movements_edits_and_language(
        organization, member_of, django_assert_max_num_queries):
    """Lots, latest movements and history are cached per product version: a
    new movement and a product edit show at once; warm reads query less."""
    from django.core.cache import cache

    cache.clear()
    product = ProductFactory(organization=organization, sku="CACHE-1")
    client = login(member_of(organization, Role.STAFF))
    url = reverse("inventory:product_detail", args=[product.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "first-note" not in page
    response = client.post(reverse("inventory:product_movement_create",
                                   args=[product.pk]),
                           movement_post(quantity="7", note="first-note"))
    assert response.status_code == 302
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "first-note" in page
    with django_assert_max_num_queries(12):
        client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    product.refresh_from_db()
    product.safety_stock = 9
    product.save()
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Safety stock</strong>" in page
    korean = client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "Safety stock</strong>" not in korean and "최근" in korean
    cache.clear()


def test_product_page_prices_in_won_and_units_without_decimals(organization, member_of):
    product = ProductFactory(organization=organization, sku="FMT-1",
                             unit_cost=Decimal("1200.00"),
                             selling_price=Decimal("2500.00"), safety_stock=12)
    client = login(member_of(organization, Role.VIEWER))
    body = client.get(reverse("inventory:product_detail", args=[product.pk]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "₩1,200" in body and "₩2,500" in body
    assert "1,200.00" not in body and "2,500.00" not in body
    assert ">12 <" in body or ">12<" in body
