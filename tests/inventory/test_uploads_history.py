"""`manage.py import_history`: bulk history load, validated first."""
from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from inventory.models import Product, StockMovement
from inventory.services.integrity import stock_verify
from tests.factories import ProductFactory, SetComponentFactory

from .upload_files import csv_bytes


def _history(tmp_path, rows, name="history.csv"):
    path = tmp_path / name
    path.write_bytes(csv_bytes([["일자", "SKU", "출고"], *rows]))
    return path


def test_history_is_bulk_loaded_with_sets_exploded(organization, tmp_path):
    tee = ProductFactory(organization=organization, sku="TEE")
    part = SetComponentFactory(set_product__organization=organization,
                               set_product__sku="GIFT", component=tee, quantity=2)
    path = _history(tmp_path, [[f"2025-01-{day:02d}", "TEE", 3] for day in range(1, 31)]
                    + [["2025-01-05", "GIFT", 1]])
    call_command("import_history", str(path), organization=organization.pk,
                 no_progress=True)
    rows = StockMovement.objects.filter(source=StockMovement.Source.IMPORT)
    assert rows.count() == 31
    assert rows.get(set_product=part.set_product).quantity == -2
    assert Product.objects.get(pk=tee.pk).on_hand == -92
    assert stock_verify(organization=organization) == []

    with pytest.raises(CommandError):  # the same file again is refused
        call_command("import_history", str(path), organization=organization.pk,
                     no_progress=True)
    assert rows.count() == 31


def test_one_bad_row_imports_nothing(organization, tmp_path, capsys):
    ProductFactory(organization=organization, sku="TEE")
    path = _history(tmp_path, [["2025-01-01", "TEE", 1], ["2025-01-02", "TEA", 1]])
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_history", str(path), organization=organization.pk,
                     no_progress=True)
    assert "Row 3:" in capsys.readouterr().err
    assert not StockMovement.objects.exists()
