"""The export sanitiser and its use by the import-export resources."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy

from inventory.models import Product, StockMovement
from inventory.resources import ProductResource, StockMovementResource
from inventory.services.stock import movement_record
from smartstock.exports import sanitize_cell, sanitize_row
from tests.factories import CategoryFactory, ProductFactory


@pytest.mark.parametrize(
    "text",
    [
        "=1+2",
        "+82 10",
        "-2+3",
        "@SUM(A1)",
        "\t=cmd",
        "\r=cmd",
        "\x00=cmd",
        '=HYPERLINK("http://x","y")',
    ],
)
def test_formula_like_text_gets_a_leading_apostrophe(text):
    assert sanitize_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["", "상품 1", "a=b", "SKU-1", " =1", "'quoted"])
def test_ordinary_text_is_unchanged(text):
    assert sanitize_cell(text) == text


@pytest.mark.parametrize(
    "value",
    [
        0,
        -5,
        3.5,
        -0.25,
        Decimal("-12.50"),
        dt.date(2026, 1, 2),
        dt.datetime(2026, 1, 2, 3, 4),
        None,
        True,
        False,
    ],
)
def test_non_text_values_are_returned_unchanged(value):
    result = sanitize_cell(value)
    assert result is value
    assert type(result) is type(value)


def test_negative_number_stays_a_number():
    assert sanitize_cell(-7) == -7
    assert isinstance(sanitize_cell(-7), int)


def test_lazy_translated_text_is_sanitised_as_text():
    assert sanitize_cell(gettext_lazy("=x")) == "'=x"


def test_sanitize_row_escapes_only_the_dangerous_cells():
    row = ("=A1", -3, "ok", None, dt.date(2026, 5, 1))
    assert sanitize_row(row) == ["'=A1", -3, "ok", None, dt.date(2026, 5, 1)]


def test_product_export_escapes_text_and_keeps_native_numbers(organization):
    category = CategoryFactory(organization=organization, name="@risky")
    ProductFactory(
        organization=organization,
        sku="-SKU",
        name="=cmd|' /C calc'!A0",
        category=category,
        moq=12,
        unit_cost=Decimal("1.50"),
    )
    resource = ProductResource(organization=organization)
    dataset = resource.export(force_native_type=True)
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["name"] == "'=cmd|' /C calc'!A0"
    assert row["sku"] == "'-SKU"
    assert row["category"] == "'@risky"
    assert row["moq"] == 12
    assert row["unit_cost"] == Decimal("1.50")
    assert row["on_hand"] == 0


def test_csv_export_keeps_a_negative_quantity_numeric(organization, product):
    movement_record(
        organization=organization,
        user=None,
        product=product,
        kind=StockMovement.Kind.INBOUND,
        quantity=10,
        business_date=dt.date(2026, 11, 1),
    )
    movement_record(
        organization=organization,
        user=None,
        product=product,
        kind=StockMovement.Kind.ADJUSTMENT,
        quantity=-5,
        business_date=dt.date(2026, 11, 2),
        note="-looks like a formula",
    )
    dataset = StockMovementResource(organization=organization).export()
    row = dict(zip(dataset.headers, dataset[0], strict=True))  # newest first
    # CSV rendering turns numbers into text; they must not get an apostrophe.
    assert row["quantity"] == "-5"
    assert row["note"] == "'-looks like a formula"
    assert row["business_date"] == "2026-11-02"


def test_export_without_organization_returns_nothing(organization, product):
    assert len(ProductResource(organization=None).export()) == 0


def test_export_of_a_queryset_is_limited_to_the_organization(
    organization, other_organization
):
    ProductFactory(organization=organization, sku="A-1")
    ProductFactory(organization=other_organization, sku="B-1")
    dataset = ProductResource(organization=organization).export(
        queryset=Product.objects.all()
    )
    assert [row[0] for row in dataset] == ["A-1"]
