"""The Django admin: who may enter, organization scoping, the ledger, import/export."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from tablib import Dataset

from accounts.roles import Role
from inventory.models import Category, Product, StockMovement
from inventory.resources import ProductResource
from inventory.services.stock import movement_record
from tests.factories import (
    CategoryFactory,
    MembershipFactory,
    ProductFactory,
    SupplierFactory,
    UserFactory,
)

PRODUCT_LIST = reverse("admin:inventory_product_changelist")
PRODUCT_ADD = reverse("admin:inventory_product_add")
PRODUCT_IMPORT = reverse("admin:inventory_product_import")
PRODUCT_PROCESS_IMPORT = reverse("admin:inventory_product_process_import")
PRODUCT_EXPORT = reverse("admin:inventory_product_export")


def change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def product_form_data(product: Product, **changes) -> dict:
    """The POST body of the product change form, with `changes` applied."""
    data = {
        "sku": product.sku,
        "playauto_sku": product.playauto_sku,
        "name": product.name,
        "category": product.category_id or "",
        "kind": product.kind,
        "supplier": product.supplier_id or "",
        "manufacturer": product.manufacturer,
        "lead_time_days": product.lead_time_days or "",
        "moq": product.moq,
        "order_multiple": product.order_multiple,
        "safety_stock": product.safety_stock,
        "safety_stock_mode": product.safety_stock_mode,
        "unit_cost": product.unit_cost,
        "selling_price": product.selling_price,
        "shelf_life_days": product.shelf_life_days or "",
        "is_active": "on" if product.is_active else "",
        "components-TOTAL_FORMS": "0",
        "components-INITIAL_FORMS": "0",
        "components-MIN_NUM_FORMS": "0",
        "components-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


@pytest.fixture
def manager_client(organization, client_for):
    return client_for(organization, Role.MANAGER)


@pytest.fixture
def superuser_client(db):
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def other_product(other_organization):
    return ProductFactory(organization=other_organization, name="Beta secret widget")


# --- who may enter --------------------------------------------------------


@pytest.mark.parametrize("role", [Role.MASTER, Role.MANAGER])
def test_masters_and_managers_enter_the_admin(organization, client_for, role):
    assert client_for(organization, role).get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("role", [Role.STAFF, Role.VIEWER])
def test_staff_and_viewer_members_are_refused_the_admin(
    organization, client_for, product, role
):
    client = client_for(organization, role)
    response = client.get(PRODUCT_LIST, follow=True)
    assert response.status_code == 403
    assert product.name not in response.content.decode()


def test_a_staff_flag_without_membership_gives_no_admin_access(product):
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    response = client.get(PRODUCT_LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    followed = client.get(PRODUCT_LIST, follow=True)
    assert product.sku not in followed.content.decode()


def test_an_inactive_membership_gives_no_admin_access(organization):
    membership = MembershipFactory(organization=organization, role=Role.MASTER)
    membership.is_active = False
    membership.save()
    client = Client()
    client.force_login(membership.user)
    assert client.get(reverse("admin:index"), follow=True).status_code == 403


def test_manager_cannot_see_members_but_master_sees_only_own(
    organization, other_organization, client_for, member_of
):
    outsider = member_of(other_organization, Role.MASTER)
    members_url = reverse("admin:accounts_membership_changelist")
    assert client_for(organization, Role.MANAGER).get(members_url).status_code == 403

    master = client_for(organization, Role.MASTER)
    users = master.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert outsider.email not in users
    assert master.get(change_url(outsider)).status_code == 404
    orgs = master.get(reverse("admin:accounts_organization_changelist"))
    assert other_organization.name not in orgs.content.decode()


# --- organization scoping ---------------------------------------------------


def test_manager_changelist_lists_only_own_organization_products(
    manager_client, product, other_product
):
    content = manager_client.get(PRODUCT_LIST).content.decode()
    assert product.sku in content
    assert other_product.name not in content


def test_other_organization_product_page_is_not_shown(manager_client, other_product):
    response = manager_client.get(change_url(other_product))
    assert response.status_code == 404  # like a missing id, not a redirect
    assert other_product.name not in response.content.decode()
    history = reverse("admin:inventory_product_history", args=[other_product.pk])
    assert manager_client.get(history).status_code == 404


def test_post_to_other_organization_product_changes_nothing(
    manager_client, other_product
):
    data = product_form_data(other_product, name="hijacked")
    manager_client.post(change_url(other_product), data)
    other_product.refresh_from_db()
    assert other_product.name == "Beta secret widget"


def test_product_add_form_lists_only_own_suppliers_and_categories(
    organization, other_organization, manager_client
):
    SupplierFactory(organization=organization, name="Alpha supplier")
    CategoryFactory(organization=organization, name="Alpha category")
    SupplierFactory(organization=other_organization, name="Beta supplier")
    CategoryFactory(organization=other_organization, name="Beta category")
    content = manager_client.get(PRODUCT_ADD).content.decode()
    assert "Alpha supplier" in content and "Alpha category" in content
    assert "Beta supplier" not in content and "Beta category" not in content


def test_changelist_filters_list_only_own_categories(
    organization, other_organization, manager_client
):
    ProductFactory(
        organization=organization,
        category=CategoryFactory(organization=organization, name="Alpha category"),
    )
    ProductFactory(
        organization=other_organization,
        category=CategoryFactory(organization=other_organization, name="Beta category"),
    )
    content = manager_client.get(PRODUCT_LIST).content.decode()
    assert "Alpha category" in content
    assert "Beta category" not in content


def test_product_added_in_admin_belongs_to_the_managers_organization(
    organization, other_organization, manager_client
):
    beta_category = CategoryFactory(organization=other_organization)
    new = Product(sku="NEW-1", name="New one")
    response = manager_client.post(
        PRODUCT_ADD, product_form_data(new, category=beta_category.pk)
    )
    assert response.status_code == 200  # refused: the category is not a choice
    assert not Product.objects.filter(sku="NEW-1").exists()

    response = manager_client.post(PRODUCT_ADD, product_form_data(new))
    assert response.status_code == 302
    assert Product.objects.get(sku="NEW-1").organization == organization


def test_duplicate_sku_in_admin_is_a_form_error_not_a_crash(manager_client, product):
    duplicate = Product(sku=product.sku, name="Again")
    response = manager_client.post(PRODUCT_ADD, product_form_data(duplicate))
    assert response.status_code == 200
    assert Product.objects.filter(sku=product.sku).count() == 1


def test_product_change_through_admin_records_history_with_user(
    organization, member_of, product
):
    user = member_of(organization, Role.MANAGER)
    client = Client()
    client.force_login(user)
    response = client.post(change_url(product), product_form_data(product, moq=24))
    assert response.status_code == 302
    latest = product.history.latest()
    assert latest.moq == 24
    assert latest.history_user == user
    history = reverse("admin:inventory_product_history", args=[product.pk])
    assert client.get(history).status_code == 200


def test_admin_product_save_keeps_the_ledger_cache(
    organization, manager_client, product
):
    movement_record(
        organization=organization,
        user=None,
        product=product,
        kind=StockMovement.Kind.INBOUND,
        quantity=7,
        business_date=dt.date(2026, 11, 2),
    )
    manager_client.post(change_url(product), product_form_data(product, name="Renamed"))
    product.refresh_from_db()
    assert (product.name, product.on_hand) == ("Renamed", 7)


# --- the ledger --------------------------------------------------------------


@pytest.fixture
def movement(organization, product):
    [recorded] = movement_record(
        organization=organization,
        user=None,
        product=product,
        kind=StockMovement.Kind.INBOUND,
        quantity=5,
        business_date=dt.date(2026, 11, 2),
    )
    return recorded


def test_stock_movement_admin_is_view_only_even_for_superuser(
    superuser_client, movement
):
    url = change_url(movement)
    assert superuser_client.get(url).status_code == 200
    response = superuser_client.post(
        url, {"quantity": "500", "kind": "outbound", "note": "edited"}
    )
    assert response.status_code == 403
    movement.refresh_from_db()
    assert (movement.quantity, movement.note) == (5, "")
    delete_url = reverse("admin:inventory_stockmovement_delete", args=[movement.pk])
    assert superuser_client.get(delete_url).status_code == 403
    assert superuser_client.post(delete_url, {"post": "yes"}).status_code == 403
    add_url = reverse("admin:inventory_stockmovement_add")
    assert superuser_client.get(add_url).status_code == 403
    changelist = reverse("admin:inventory_stockmovement_changelist")
    response = superuser_client.get(changelist)
    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()
    assert StockMovement.objects.filter(pk=movement.pk).exists()


# --- import ----------------------------------------------------------------------


def _csv(rows: list[list[str]]) -> bytes:
    lines = [",".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def _upload(client: Client, content: bytes):
    upload = io.BytesIO(content)
    upload.name = "products.csv"
    return client.post(
        PRODUCT_IMPORT, {"resource": "0", "format": "0", "import_file": upload}
    )


HEADER = ["sku", "name", "category", "moq"]


@pytest.mark.parametrize(
    "bad_row",
    [["P-3", "Bad MOQ", "Food", "-5"], ["P-3", "Bad category", "Nowhere", "1"]],
)
def test_product_import_with_one_bad_row_writes_nothing(
    organization, manager_client, bad_row
):
    CategoryFactory(organization=organization, name="Food")
    content = _csv(
        [HEADER, ["P-1", "Good", "Food", "2"], ["P-2", "Good", "Food", "3"], bad_row]
    )
    response = _upload(manager_client, content)
    assert response.status_code == 200
    assert (
        "confirm_form" not in response.context or not response.context["confirm_form"]
    )
    assert response.context["result"].has_validation_errors()

    # Even applied for real (not a dry run), the good rows are rolled back.
    result = ProductResource(organization=organization).import_data(
        Dataset().load(content.decode(), format="csv"), dry_run=False
    )
    assert result.has_validation_errors() or result.has_errors()
    assert not Product.objects.filter(organization=organization).exists()


def test_import_cannot_create_or_change_rows_in_another_organization(
    organization, other_organization, manager_client
):
    beta = ProductFactory(organization=other_organization, sku="X-1", name="Beta's")
    content = _csv(
        [
            ["id", "organization", "sku", "name", "moq", "on_hand"],
            [str(beta.pk), str(other_organization.pk), "X-1", "Alpha's", "4", "999"],
        ]
    )
    response = _upload(manager_client, content)
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    assert confirm is not None
    response = manager_client.post(PRODUCT_PROCESS_IMPORT, confirm.initial)
    assert response.status_code == 302

    beta.refresh_from_db()
    assert (beta.name, beta.moq) == ("Beta's", 1)
    assert Product.objects.filter(organization=other_organization).count() == 1
    alpha = Product.objects.get(organization=organization, sku="X-1")
    assert (alpha.name, alpha.moq, alpha.on_hand) == ("Alpha's", 4, 0)


def test_import_resolves_categories_only_within_the_organization(
    organization, other_organization
):
    CategoryFactory(organization=other_organization, name="Beta only")
    content = _csv([HEADER, ["P-1", "Good", "Beta only", "1"]])
    result = ProductResource(organization=organization).import_data(
        Dataset().load(content.decode(), format="csv"), dry_run=False
    )
    assert result.has_validation_errors()
    assert not Product.objects.filter(organization=organization).exists()
    assert Category.objects.filter(organization=organization).count() == 0


def test_import_updates_existing_rows_by_sku(organization, manager_client):
    CategoryFactory(organization=organization, name="Food")
    existing = ProductFactory(organization=organization, sku="P-1", moq=1)
    content = _csv([HEADER, ["P-1", "Renamed", "Food", "6"]])
    result = ProductResource(organization=organization).import_data(
        Dataset().load(content.decode(), format="csv"), dry_run=False
    )
    assert not result.has_errors() and not result.has_validation_errors()
    existing.refresh_from_db()
    assert (existing.name, existing.moq, existing.category.name) == (
        "Renamed",
        6,
        "Food",
    )


# --- export ---------------------------------------------------------------------


def test_xlsx_export_escapes_formula_names_and_keeps_numbers(
    organization, other_organization, manager_client
):
    ProductFactory(organization=organization, sku="F-1", name='=HYPERLINK("x")', moq=12)
    ProductFactory(organization=other_organization, sku="B-1", name="Beta", moq=3)
    data = {"format": "1", "resource": "0"}
    for field in ProductResource().get_export_order():
        data[f"productresource_{field}"] = "on"
    response = manager_client.post(PRODUCT_EXPORT, data)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 1  # the other organization's product is not exported
    row = dict(zip(header, body[0], strict=True))
    assert row["sku"] == "F-1"
    assert row["name"] == '\'=HYPERLINK("x")'
    assert row["moq"] == 12 and isinstance(row["moq"], int)
    name_cell = sheet.cell(row=2, column=header.index("name") + 1)
    assert name_cell.data_type == "s"


# --- every page renders ----------------------------------------------------------

ADMIN_MODELS = [
    "accounts_organization",
    "accounts_user",
    "accounts_membership",
    "accounts_invitation",
    "inventory_supplier",
    "inventory_category",
    "inventory_channel",
    "inventory_channellisting",
    "inventory_product",
    "inventory_setcomponent",
    "inventory_lot",
    "inventory_externalreference",
    "inventory_stockmovement",
]


@pytest.mark.parametrize("name", ADMIN_MODELS)
@pytest.mark.parametrize("who", ["master", "superuser"])
def test_every_admin_changelist_renders(organization, client_for, movement, who, name):
    if who == "master":
        client = client_for(organization, Role.MASTER)
    else:
        user = UserFactory(is_superuser=True, is_staff=True)
        MembershipFactory(organization=organization, user=user, role=Role.MASTER)
        client = Client()
        client.force_login(user)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    add = client.get(reverse(f"admin:{name}_add"))
    assert add.status_code in (200, 403)


def test_import_refuses_a_file_over_the_byte_limit(manager_client, monkeypatch):
    monkeypatch.setattr("smartstock.admin.MAX_IMPORT_BYTES", 20)
    response = _upload(manager_client, _csv([HEADER, ["P-1", "Good", "", "1"]]))
    assert response.status_code == 200
    assert response.context["form"].errors["import_file"]
    assert not Product.objects.exists()


def test_import_refuses_a_file_over_the_row_limit(organization, monkeypatch):
    monkeypatch.setattr("inventory.resources.MAX_IMPORT_ROWS", 1)
    content = _csv([HEADER, ["P-1", "Good", "", "1"], ["P-2", "Good", "", "1"]])
    result = ProductResource(organization=organization).import_data(
        Dataset().load(content.decode(), format="csv"), dry_run=False
    )
    assert result.has_errors()
    assert not Product.objects.exists()


def test_csv_export_has_a_byte_order_mark_for_excel(manager_client, product):
    data = {"format": "0", "resource": "0"}
    for field in ProductResource().get_export_order():
        data[f"productresource_{field}"] = "on"
    response = manager_client.post(PRODUCT_EXPORT, data)
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert product.name.encode() in response.content


def test_import_accepts_a_cp949_csv_from_korean_excel(organization, manager_client):
    content = "sku,name,moq\nK-1,신선한 파스타,2\n".encode("cp949")
    response = _upload(manager_client, content)
    confirm = response.context["confirm_form"]
    assert confirm is not None
    manager_client.post(PRODUCT_PROCESS_IMPORT, confirm.initial)
    assert Product.objects.get(organization=organization, sku="K-1").name == (
        "신선한 파스타"
    )


def _import(organization, rows):
    text = io.StringIO()
    csv.writer(text).writerows(rows)  # quotes cells such as "1,200"
    return ProductResource(organization=organization).import_data(
        Dataset().load(text.getvalue(), format="csv"), dry_run=False
    )


def _row_errors(result) -> dict[int, dict[str, list[str]]]:
    """Row number → field → messages, for the rows refused by validation."""
    return {
        row.number: {field: [str(m) for m in messages]
                     for field, messages in row.error_dict.items()}
        for row in result.invalid_rows
    }


def test_import_matches_an_existing_sku_written_in_another_case(organization):
    # SKUs are one without regard to case ("ab-1" is "AB-1"): a file typed in
    # lower case updates the product instead of failing on the unique key.
    existing = ProductFactory(organization=organization, sku="PASTA-01", moq=1)

    result = _import(organization, [HEADER, ["pasta-01", "Spaghetti", "", "6"]])

    assert not result.has_errors() and not result.has_validation_errors()
    existing.refresh_from_db()
    assert (existing.sku, existing.name, existing.moq) == ("PASTA-01", "Spaghetti", 6)
    assert Product.objects.filter(organization=organization).count() == 1


def test_import_refuses_a_sku_repeated_in_the_file_naming_the_first_row(
    organization,
):
    result = _import(organization, [HEADER, ["NEW-1", "One", "", "1"],
                                    ["new-1", "Two", "", "2"]])

    assert result.has_validation_errors()
    errors = _row_errors(result)
    assert list(errors) == [2]
    assert "row 1" in errors[2]["sku"][0] and "NEW-1" in errors[2]["sku"][0]
    assert not Product.objects.filter(organization=organization).exists()


def test_import_refuses_fractions_in_whole_number_columns(organization):
    # int(Decimal("1.5")) would have stored 1 without a word.
    result = _import(organization, [HEADER, ["P-1", "Half", "", "1.5"]])

    assert _row_errors(result) == {1: {"moq": ["“1.5” is not a whole number."]}}
    assert not Product.objects.filter(organization=organization).exists()


def test_import_reads_numbers_with_thousands_separators_and_won(organization):
    rows = [["sku", "name", "moq", "unit_cost", "selling_price"],
            ["P-1", "Boxed", "1,000", "1,200", "₩12,900원"]]

    result = _import(organization, rows)

    assert not result.has_errors() and not result.has_validation_errors()
    product = Product.objects.get(organization=organization, sku="P-1")
    assert (product.moq, product.unit_cost, product.selling_price) == (
        1000, 1200, 12900)


def test_import_names_the_column_of_a_number_it_cannot_read(organization):
    result = _import(organization, [["sku", "name", "unit_cost"],
                                    ["P-1", "Odd", "twelve"]])

    assert _row_errors(result) == {1: {"unit_cost": ["“twelve” is not a number."]}}


def test_import_reads_single_or_set_as_users_write_it(organization):
    # The admin and the product form show 단품 / 세트/키트 (Single / Set / kit):
    # a sheet typed by hand uses those words, not the stored codes.
    rows = [["sku", "name", "kind"],
            ["P-1", "a", "세트"], ["P-2", "b", "단품"], ["P-3", "c", "Set / kit"],
            ["P-4", "d", "SINGLE"], ["P-5", "e", " 세트/키트 "], ["P-6", "f", "set"],
            ["P-7", "g", "single"], ["P-8", "h", "키트"]]

    result = _import(organization, rows)

    assert not result.has_errors() and not result.has_validation_errors(), (
        _row_errors(result))
    kinds = dict(Product.objects.filter(organization=organization)
                 .values_list("sku", "kind"))
    assert kinds == {"P-1": "set", "P-2": "single", "P-3": "set", "P-4": "single",
                     "P-5": "set", "P-6": "set", "P-7": "single", "P-8": "set"}


def test_import_refuses_an_unknown_kind_naming_what_is_accepted(organization):
    result = _import(organization, [["sku", "name", "kind"], ["P-1", "a", "묶음"]])

    errors = _row_errors(result)
    assert list(errors) == [1] and "kind" in errors[1]
    assert "단품" in errors[1]["kind"][0] or "Single" in errors[1]["kind"][0]
    assert not Product.objects.filter(organization=organization).exists()


def test_import_sets_the_safety_stock_mode_from_the_value(organization):
    # A number in the file is manual, an empty cell or no column automatic;
    # a mode written in the file is kept.
    result = _import(organization, [
        ["sku", "name", "safety_stock", "safety_stock_mode"],
        ["S-1", "entered", "15", ""],
        ["S-2", "empty", "", ""],
        ["S-3", "explicit", "0", "automatic"],
    ])
    assert not result.has_errors() and not result.has_validation_errors()
    _import(organization, [["sku", "name"], ["S-4", "no column"]])
    modes = dict(Product.objects.values_list("sku", "safety_stock_mode"))
    assert modes == {"S-1": "manual", "S-2": "automatic", "S-3": "automatic",
                     "S-4": "automatic"}
    assert Product.objects.get(sku="S-1").safety_stock == 15
