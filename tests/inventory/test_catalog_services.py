import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from inventory.models import Product, SetComponent, StockMovement
from inventory.services import catalog
from inventory.services.stock import movement_record
from tests.factories import (
    CategoryFactory,
    ChannelFactory,
    ProductFactory,
    SupplierFactory,
    UserFactory,
)


def test_product_create_refuses_duplicate_sku_with_field_error(organization):
    catalog.product_create(organization=organization, user=None, sku="A-1", name="a")
    with pytest.raises(ValidationError) as caught:
        catalog.product_create(
            organization=organization, user=None, sku="A-1", name="b"
        )
    assert "sku" in caught.value.message_dict
    assert Product.objects.filter(sku="A-1").count() == 1


def test_product_sku_is_unique_without_regard_to_case(organization, other_organization):
    catalog.product_create(organization=organization, user=None, sku="ab-1", name="a")
    with pytest.raises(ValidationError) as caught:
        catalog.product_create(organization=organization, user=None, sku="AB-1",
                               name="b")
    assert "already used by product ab-1" in caught.value.message_dict["sku"][0]
    assert Product.objects.filter(organization=organization).count() == 1
    # Another organization may use it; a rename to a case variant of itself is fine.
    catalog.product_create(organization=other_organization, user=None, sku="AB-1",
                           name="b")
    product = Product.objects.get(organization=organization)
    catalog.product_update(organization=organization, product=product, user=None,
                           sku="AB-1")
    assert Product.objects.get(pk=product.pk).sku == "AB-1"


def test_renaming_onto_a_case_variant_of_another_sku_is_refused(organization):
    catalog.product_create(organization=organization, user=None, sku="ab-1", name="a")
    other = catalog.product_create(organization=organization, user=None, sku="cd-2",
                                   name="c")
    with pytest.raises(ValidationError) as caught:
        catalog.product_update(organization=organization, product=other, user=None,
                               sku="AB-1")
    assert "sku" in caught.value.message_dict


def test_the_database_refuses_a_case_variant_written_past_the_service(organization):
    """The key holds on every path (admin, imports, bulk writes), not only in
    the service: SQLite through a LOWER(sku) constraint, MySQL/MariaDB through
    the column's case-insensitive collation."""
    from django.db import IntegrityError, transaction

    Product.objects.create(organization=organization, sku="ab-1", name="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.create(organization=organization, sku="AB-1", name="b")


def test_sku_lookup_ignores_case(organization):
    from inventory import selectors

    product = catalog.product_create(organization=organization, user=None,
                                     sku="Ab-1", name="a")
    assert selectors.product_by_sku(organization=organization, sku="aB-1") == product


def test_product_create_refuses_another_organizations_category(
    organization, other_organization
):
    foreign = CategoryFactory(organization=other_organization)
    with pytest.raises(ValidationError) as caught:
        catalog.product_create(
            organization=organization, user=None, sku="X", name="x", category=foreign
        )
    assert "category" in caught.value.message_dict


def test_product_update_records_history_user_and_refuses_taken_sku(organization):
    user = UserFactory()
    ProductFactory(organization=organization, sku="TAKEN")
    product = ProductFactory(organization=organization, sku="MINE", moq=1)
    catalog.product_update(
        organization=organization, product=product, user=user, moq=12
    )
    record = product.history.order_by("-history_date", "-history_id").first()
    assert (record.moq, record.history_user) == (12, user)
    with pytest.raises(ValidationError):
        catalog.product_update(
            organization=organization, product=product, user=user, sku="TAKEN"
        )
    product.refresh_from_db()
    assert product.sku == "MINE"


def test_product_with_movements_cannot_change_kind(organization, product):
    movement_record(
        organization=organization,
        user=None,
        product=product,
        kind=StockMovement.Kind.INBOUND,
        quantity=1,
        business_date=dt.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        catalog.product_update(
            organization=organization,
            product=product,
            user=None,
            kind=Product.Kind.SET,
        )
    assert "kind" in caught.value.message_dict


def test_product_set_active_records_history(organization, product):
    user = UserFactory()
    catalog.product_set_active(
        organization=organization, product=product, user=user, active=False
    )
    product.refresh_from_db()
    assert product.is_active is False
    assert product.history.latest("history_date").history_user == user


def test_set_component_rules(organization, other_organization):
    kit = ProductFactory(organization=organization, kind=Product.Kind.SET)
    kit2 = ProductFactory(organization=organization, kind=Product.Kind.SET)
    single = ProductFactory(organization=organization)
    foreign = ProductFactory(organization=other_organization)
    for component in (kit, kit2, foreign):
        with pytest.raises(ValidationError):
            catalog.set_component_add(
                organization=organization,
                set_product=kit,
                component=component,
                quantity=1,
            )
    with pytest.raises(ValidationError):
        catalog.set_component_add(
            organization=organization,
            set_product=single,
            component=single,
            quantity=1,
        )
    catalog.set_component_add(
        organization=organization, set_product=kit, component=single, quantity=2
    )
    line = catalog.set_component_add(
        organization=organization, set_product=kit, component=single, quantity=3
    )
    assert SetComponent.objects.get().quantity == 3
    catalog.set_component_remove(
        organization=organization, set_product=kit, component_line_id=line.pk
    )
    assert not SetComponent.objects.exists()


def test_names_are_unique_per_organization_ignoring_case(
    organization, other_organization
):
    catalog.supplier_create(organization=organization, name="Acme")
    with pytest.raises(ValidationError) as caught:
        catalog.supplier_create(organization=organization, name="acme")
    assert "name" in caught.value.message_dict
    catalog.supplier_create(organization=other_organization, name="Acme")
    category = catalog.category_create(organization=organization, name="식품")
    catalog.category_update(organization=organization, category=category, name="식품")
    channel = catalog.channel_create(
        organization=organization, name="쿠팡", kind="coupang"
    )
    with pytest.raises(ValidationError):
        catalog.channel_create(organization=organization, name="쿠팡", kind="other")
    updated = catalog.channel_update(
        organization=organization, channel=channel, name="쿠팡 로켓", kind="coupang"
    )
    assert updated.name == "쿠팡 로켓"


def test_update_refuses_another_organizations_row(organization, other_organization):
    foreign = SupplierFactory(organization=other_organization)
    with pytest.raises(ValidationError):
        catalog.supplier_update(organization=organization, supplier=foreign, name="x")
    foreign.refresh_from_db()
    assert foreign.name != "x"


def test_listing_code_is_unique_per_channel_and_case_sensitive(organization, product):
    channel = ChannelFactory(organization=organization)
    other_channel = ChannelFactory(organization=organization)
    catalog.listing_create(
        organization=organization, channel=channel, code="opt-1", product=product
    )
    with pytest.raises(ValidationError) as caught:
        catalog.listing_create(
            organization=organization, channel=channel, code="opt-1", product=product
        )
    assert "code" in caught.value.message_dict
    catalog.listing_create(
        organization=organization, channel=channel, code="OPT-1", product=product
    )
    listing = catalog.listing_create(
        organization=organization, channel=other_channel, code="opt-1", product=product
    )
    catalog.listing_delete(organization=organization, listing_id=listing.pk)
    assert channel.listings.count() == 2 and other_channel.listings.count() == 0


def test_listing_delete_of_another_organization_is_refused(
    organization, other_organization
):
    channel = ChannelFactory(organization=other_organization)
    product = ProductFactory(organization=other_organization)
    listing = catalog.listing_create(
        organization=other_organization, channel=channel, code="c", product=product
    )
    with pytest.raises(ValidationError):
        catalog.listing_delete(organization=organization, listing_id=listing.pk)
    assert channel.listings.count() == 1


# -- safety stock mode: a value is manual, none is automatic -------------------
def test_a_product_created_without_a_safety_stock_is_automatic(organization):
    product = catalog.product_create(organization=organization, user=None,
                                     sku="SS-1", name="a")
    assert product.safety_stock_mode == Product.SafetyStockMode.AUTOMATIC
    entered = catalog.product_create(organization=organization, user=None,
                                     sku="SS-2", name="b", safety_stock=12)
    assert (entered.safety_stock_mode, entered.safety_stock) == ("manual", 12)
    # Entering 0 on purpose is a manual 0 (no buffer), not "not given".
    zero = catalog.product_create(organization=organization, user=None,
                                  sku="SS-3", name="c", safety_stock=0)
    assert zero.safety_stock_mode == Product.SafetyStockMode.MANUAL


def test_clearing_the_safety_stock_turns_automatic_and_keeps_the_value(organization):
    product = catalog.product_create(organization=organization, user=None,
                                     sku="SS-1", name="a", safety_stock=12)
    product = catalog.product_update(organization=organization, product=product,
                                     user=None, safety_stock=None)
    assert (product.safety_stock_mode, product.safety_stock) == ("automatic", 12)
    product = catalog.product_update(organization=organization, product=product,
                                     user=None, safety_stock=20)
    assert (product.safety_stock_mode, product.safety_stock) == ("manual", 20)
    # Other edits leave the mode alone.
    product = catalog.product_update(organization=organization, product=product,
                                     user=None, name="renamed")
    assert product.safety_stock_mode == Product.SafetyStockMode.MANUAL


def test_an_explicit_safety_stock_mode_is_kept(organization):
    product = catalog.product_create(
        organization=organization, user=None, sku="SS-1", name="a",
        safety_stock=0, safety_stock_mode=Product.SafetyStockMode.AUTOMATIC)
    assert product.safety_stock_mode == Product.SafetyStockMode.AUTOMATIC
    with pytest.raises(ValidationError) as caught:
        catalog.product_update(
            organization=organization, product=product, user=None,
            safety_stock=None, safety_stock_mode=Product.SafetyStockMode.MANUAL)
    assert "safety_stock" in caught.value.message_dict
