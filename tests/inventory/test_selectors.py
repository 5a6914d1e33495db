import datetime as dt
from decimal import Decimal

from inventory import selectors
from inventory.models import Product, StockMovement
from inventory.services import catalog
from inventory.services.stock import movement_record
from tests.factories import ProductFactory, SetComponentFactory, UserFactory

DAY = dt.date(2026, 11, 2)


def inbound(org, product, quantity):
    movement_record(
        organization=org,
        user=None,
        product=product,
        kind=StockMovement.Kind.INBOUND,
        quantity=quantity,
        business_date=DAY,
    )


def test_set_available_quantities_in_one_query(organization, django_assert_num_queries):
    a = ProductFactory(organization=organization)
    b = ProductFactory(organization=organization)
    kit = ProductFactory(organization=organization, kind=Product.Kind.SET)
    empty_kit = ProductFactory(organization=organization, kind=Product.Kind.SET)
    SetComponentFactory(set_product=kit, component=a, quantity=3)
    SetComponentFactory(set_product=kit, component=b, quantity=1)
    inbound(organization, a, 10)
    inbound(organization, b, 5)
    with django_assert_num_queries(1):
        available = selectors.set_available_quantities(
            organization=organization, set_ids=[kit.pk, empty_kit.pk]
        )
    assert available == {kit.pk: 3, empty_kit.pk: 0}
    assert available[kit.pk] == selectors.set_available_quantity(
        organization=organization, product=kit
    )


def test_set_available_quantity_is_never_negative(organization):
    organization.allow_negative_stock = True
    organization.save()
    line = SetComponentFactory(set_product__organization=organization, quantity=2)
    movement_record(
        organization=organization,
        user=None,
        product=line.component,
        kind=StockMovement.Kind.OUTBOUND,
        quantity=3,
        business_date=DAY,
    )
    available = selectors.set_available_quantities(
        organization=organization, set_ids=[line.set_product_id]
    )
    assert available == {line.set_product_id: 0}


def test_dashboard_figures_ignore_other_organizations(organization, other_organization):
    mine = ProductFactory(organization=organization, unit_cost=Decimal("10.25"))
    theirs = ProductFactory(organization=other_organization, unit_cost=Decimal(99))
    inbound(organization, mine, 4)
    inbound(other_organization, theirs, 100)
    figures = selectors.dashboard_figures(organization=organization)
    assert figures.units_on_hand == 4
    assert figures.inventory_value == Decimal("41.00")
    assert figures.active_products == 1


def test_dashboard_figures_of_an_empty_organization(organization):
    figures = selectors.dashboard_figures(organization=organization)
    assert (figures.active_products, figures.units_on_hand, figures.out_of_stock) == (
        0,
        0,
        0,
    )
    assert figures.inventory_value == Decimal("0.00")


def test_products_short_of_stock_lists_emptiest_first(organization):
    empty = ProductFactory(organization=organization, sku="E")
    low = ProductFactory(organization=organization, sku="L", safety_stock=10)
    fine = ProductFactory(organization=organization, sku="F", safety_stock=1)
    ProductFactory(organization=organization, kind=Product.Kind.SET)
    inbound(organization, low, 4)
    inbound(organization, fine, 4)
    short = selectors.products_short_of_stock(organization=organization)
    assert short == [empty, low]


def test_product_history_lists_changed_fields_with_names(organization):
    user = UserFactory()
    product = catalog.product_create(
        organization=organization, user=user, sku="H", name="old"
    )
    supplier = catalog.supplier_create(organization=organization, name="한빛")
    catalog.product_update(
        organization=organization,
        product=product,
        user=user,
        name="new",
        supplier=supplier,
    )
    history = selectors.product_history(organization=organization, product=product)
    assert len(history) == 2
    latest, created = history
    assert created.changes == [] and created.record.history_type == "+"
    changes = {c.field: (c.old, c.new) for c in latest.changes}
    assert changes == {"name": ("old", "new"), "supplier": ("—", "한빛")}
    assert latest.record.history_user == user


def test_product_movements_of_a_set_are_its_component_rows(organization):
    line = SetComponentFactory(set_product__organization=organization, quantity=2)
    inbound(organization, line.component, 10)
    movement_record(
        organization=organization,
        user=None,
        product=line.set_product,
        kind=StockMovement.Kind.OUTBOUND,
        quantity=1,
        business_date=DAY,
    )
    rows = selectors.product_movements(
        organization=organization, product=line.set_product
    )
    assert [(m.product_id, m.quantity) for m in rows] == [(line.component_id, -2)]
    all_rows = selectors.movement_list(
        organization=organization, product_sku=line.set_product.sku
    )
    assert list(all_rows) == rows


def test_ledger_reads_per_product_batch_give_the_same_days(
    organization, monkeypatch, django_assert_num_queries
):
    """Stock levels and demand are read 200 products per query (MariaDB then
    uses the product index); batching changes the query count, never a day."""
    from forecasting.services.history import daily_demand
    from inventory.selectors import movements
    from inventory.services.stock import movement_reverse

    products = [ProductFactory(organization=organization) for _ in range(5)]
    for index, product in enumerate(products):
        inbound(organization, product, 20 + index)
        for day in range(3):
            (sale,) = movement_record(
                organization=organization, user=None, product=product,
                kind=StockMovement.Kind.OUTBOUND, quantity=index + day + 1,
                business_date=DAY + dt.timedelta(days=day + 1),
            )  # fmt: skip
        movement_reverse(organization=organization, user=None, movement=sale)
    ids = [p.pk for p in products]
    window = {"organization": organization, "product_ids": ids,
              "date_from": DAY, "date_to": DAY + dt.timedelta(days=5)}  # fmt: skip
    whole_levels = selectors.daily_stock_levels(**window)
    whole_demand = daily_demand(**window)
    monkeypatch.setattr(movements, "ID_BATCH", 2)
    with django_assert_num_queries(3):  # 2 + 2 + 1 products
        assert selectors.daily_stock_levels(**window) == whole_levels
    with django_assert_num_queries(6):  # outbounds and reversals per batch
        assert daily_demand(**window) == whole_demand
    last = products[-1].pk
    assert whole_levels[last][-1] == (DAY + dt.timedelta(days=5), 24 - 5 - 6)
    # the reversed sale (day 3) does not count as demand
    assert dict(whole_demand[last]) == {DAY + dt.timedelta(days=1): 5.0,
                                        DAY + dt.timedelta(days=2): 6.0,
                                        DAY + dt.timedelta(days=3): 0.0}


def test_movement_list_finds_a_sku_typed_in_any_case(organization, other_organization):
    """SKUs are one without regard to case ("ab-1" is "AB-1"), so is the filter."""
    line = SetComponentFactory(set_product__organization=organization,
                               set_product__sku="Set-Ab", component__sku="Pasta-B1",
                               quantity=2)
    inbound(organization, line.component, 10)
    movement_record(organization=organization, user=None, product=line.set_product,
                    kind=StockMovement.Kind.OUTBOUND, quantity=1, business_date=DAY)
    theirs = ProductFactory(organization=other_organization, sku="PASTA-B1")
    inbound(other_organization, theirs, 5)
    for typed in ("pasta-b1", "PASTA-B1", "Pasta-B1"):
        rows = selectors.movement_list(organization=organization, product_sku=typed)
        assert sorted(m.quantity for m in rows) == [-2, 10], typed
    by_set = selectors.movement_list(organization=organization, product_sku="SET-AB")
    assert [m.quantity for m in by_set] == [-2]


def test_daily_stock_levels_start_from_the_ledger_before_the_range(organization):
    """The range's first day carries every earlier movement (the opening level
    is summed in the database, not read day by day), days without movement
    carry the level forward, and movements after the range do not count."""
    product = ProductFactory(organization=organization)
    other = ProductFactory(organization=organization)
    moves = {  # day offset from DAY: quantity (+ in, - out)
        -40: 30, -39: -4, -10: -6, -1: 5, 0: -3, 2: 7, 3: -2, 6: -1,
    }
    for offset, quantity in moves.items():
        kind = (StockMovement.Kind.INBOUND if quantity > 0
                else StockMovement.Kind.OUTBOUND)
        movement_record(organization=organization, user=None, product=product,
                        kind=kind, quantity=abs(quantity),
                        business_date=DAY + dt.timedelta(days=offset))
    date_from, date_to = DAY, DAY + dt.timedelta(days=4)
    levels = selectors.daily_stock_levels(
        organization=organization, product_ids=[product.pk, other.pk],
        date_from=date_from, date_to=date_to)
    expected = []
    for offset in range(5):
        day = DAY + dt.timedelta(days=offset)
        expected.append((day, sum(q for o, q in moves.items() if o <= offset)))
    assert levels[product.pk] == expected
    assert [level for _, level in levels[product.pk]] == [22, 22, 29, 27, 27]
    assert levels[other.pk] == [(d, 0) for d, _ in expected]
