"""No export can outlive a worker: the admin's export is capped with a message, the
ledger downloads as a streamed CSV of any length."""
from __future__ import annotations

import csv
import datetime as dt
import io

from django.contrib.messages import get_messages
from django.http import StreamingHttpResponse
from django.urls import reverse

from accounts.roles import Role
from inventory.admin import ProductResource
from inventory.models import StockMovement
from inventory.services.stock import movement_record
from tests.factories import ProductFactory

PRODUCT_EXPORT = reverse("admin:inventory_product_export")


def _export_form() -> dict:
    data = {"format": "0", "resource": "0"}
    for field in ProductResource().get_export_order():
        data[f"productresource_{field}"] = "on"
    return data


def test_admin_export_past_the_row_cap_refuses_with_a_message(
    organization, client_for, settings
):
    settings.SMARTSTOCK_ADMIN_EXPORT_MAX_ROWS = 3
    for number in range(4):
        ProductFactory(organization=organization, sku=f"P-{number}")
    client = client_for(organization, Role.MANAGER)
    response = client.post(PRODUCT_EXPORT, _export_form())
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:inventory_product_changelist")
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "This export has 4 rows; the admin exports at most 3" in text


def test_admin_export_within_the_cap_still_downloads(organization, client_for, settings):
    settings.SMARTSTOCK_ADMIN_EXPORT_MAX_ROWS = 4
    for number in range(4):
        ProductFactory(organization=organization, sku=f"P-{number}")
    response = client_for(organization, Role.MANAGER).post(PRODUCT_EXPORT, _export_form())
    assert response.status_code == 200
    assert response.content.count(b"P-") == 4


def _movements(organization, count: int, *, name: str = "Pasta") -> None:
    product = ProductFactory(organization=organization, sku=f"S-{name[:3]}", name=name)
    for day in range(count):
        movement_record(organization=organization, user=None, product=product,
                        kind=StockMovement.Kind.INBOUND, quantity=day + 1,
                        business_date=dt.date(2026, 1, 1) + dt.timedelta(days=day))


def test_ledger_csv_is_streamed_scoped_filtered_and_formula_safe(
    organization, other_organization, client_for, monkeypatch
):
    from inventory.views import movement_export

    monkeypatch.setattr(movement_export, "CHUNK_ROWS", 7)  # several chunks
    _movements(organization, 25, name="=cmd|' /C calc'!A0")
    _movements(other_organization, 3, name="Other")
    client = client_for(organization, Role.VIEWER)  # reading is enough
    response = client.get(reverse("inventory:movement_export_csv"))
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    header, data = rows[0], rows[1:]
    assert len(header) == 14 and len(data) == 25
    assert {row[3] for row in data} == {"'=cmd|' /C calc'!A0"}  # escaped, not a formula
    assert "Other" not in body

    filtered = client.get(reverse("inventory:movement_export_csv"),
                          {"date_from": "2026-01-20"})
    filtered_rows = list(csv.reader(io.StringIO(
        b"".join(filtered.streaming_content).decode("utf-8").lstrip("\ufeff"))))
    assert len(filtered_rows) - 1 == 6  # 20th to 25th of January
