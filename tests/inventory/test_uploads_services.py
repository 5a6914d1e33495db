"""Applying, refusing and reverting uploads (inventory/services/imports.py)."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from inventory.models import (
    ChannelListing,
    ColumnMappingMemory,
    Product,
    StockMovement,
    UploadBatch,
)
from inventory.services.import_apply import upload_apply, upload_revert
from inventory.services.imports import (
    UploadError,
    upload_code_map,
    upload_create,
    upload_remap,
)
from inventory.services.integrity import stock_verify
from inventory.services.stock import movement_record
from tests.factories import ChannelFactory, ProductFactory, SetComponentFactory

from .upload_files import DAY, csv_bytes, template_file, template_row, xlsx

K = StockMovement.Kind
S = UploadBatch.Status


@pytest.fixture
def user(organization, member_of):
    return member_of(organization, Role.STAFF)


@pytest.fixture
def manager(organization, member_of):
    return member_of(organization, Role.MANAGER)


def create(organization, user, content: bytes, name="stock.xlsx", **options):
    return upload_create(organization=organization, user=user, filename=name,
                         content=content, options=options)


def apply(organization, user, batch, **kw):
    return upload_apply(organization=organization, batch=batch, user=user, **kw)


def on_hand(product) -> int:
    return Product.objects.get(pk=product.pk).on_hand


def stock(organization, product, quantity):
    movement_record(organization=organization, user=None, product=product,
                    kind=K.INBOUND, quantity=quantity, business_date=DAY)


def test_template_rows_become_movements_of_the_user_and_batch(organization, user):
    tee = ProductFactory(organization=organization, sku="TEE")
    sock = ProductFactory(organization=organization, sku="SOCK")
    stock(organization, sock, 10)
    batch = create(organization, user, template_file(
        template_row("TEE", inbound=20), template_row("SOCK", outbound=3),
        template_row("TEE"),  # nothing filled in: skipped
    ))
    assert batch.status == S.READY
    assert batch.result["ok"] and batch.result["rows_to_apply"] == 2
    assert batch.result["skipped_counts"] == {"no_quantity": 1}
    assert StockMovement.objects.filter(source=StockMovement.Source.UPLOAD).count() == 0

    batch = apply(organization, user, batch)

    assert batch.status == S.APPLIED and batch.movements_count == 2
    assert (on_hand(tee), on_hand(sock)) == (20, 7)
    rows = StockMovement.objects.filter(source_ref=str(batch.pk))
    assert {(r.product.sku, r.quantity, r.created_by_id) for r in rows} == {
        ("TEE", 20, user.pk), ("SOCK", -3, user.pk)
    }
    assert all(r.source == StockMovement.Source.UPLOAD for r in rows)
    assert batch.applied_by == user and batch.applied_at is not None


def test_unknown_code_blocks_apply_and_writes_nothing(organization, user):
    ProductFactory(organization=organization, sku="TEE")
    batch = create(organization, user, template_file(
        template_row("TEE", inbound=5), template_row("TEA", inbound=1)
    ))
    assert not batch.result["ok"]
    assert batch.result["unknown_codes"][0]["code"] == "TEA"
    assert batch.result["unknown_codes"][0]["suggestions"] == ["TEE"]
    with pytest.raises(UploadError):
        apply(organization, user, batch)
    assert StockMovement.objects.count() == 0


def test_ledger_refusal_names_the_row_and_writes_nothing(organization, user):
    tee = ProductFactory(organization=organization, sku="TEE")
    rows = [template_row("TEE", inbound=1) for _ in range(600)]
    rows.append(template_row("TEE", outbound=10_000))  # file row 602
    batch = apply(organization, user, create(organization, user, template_file(*rows)))
    assert batch.status == S.FAILED
    assert batch.error_message.startswith("Row 602:")
    assert "Not enough stock of TEE" in batch.error_message
    assert on_hand(tee) == 0 and StockMovement.objects.count() == 0
    assert stock_verify(organization=organization) == []


def test_a_confirmed_batch_cannot_be_applied_twice(organization, user):
    tee = ProductFactory(organization=organization, sku="TEE")
    batch = create(organization, user, template_file(template_row("TEE", inbound=4)))
    apply(organization, user, batch)
    with pytest.raises(UploadError, match="already being applied or was applied"):
        apply(organization, user, batch)
    assert on_hand(tee) == 4


def test_same_file_again_needs_apply_anyway(organization, user):
    tee = ProductFactory(organization=organization, sku="TEE")
    content = template_file(template_row("TEE", inbound=4))
    first = apply(organization, user, create(organization, user, content))
    second = create(organization, user, content)
    with pytest.raises(UploadError, match=f"already applied \\(upload #{first.pk}\\)"):
        apply(organization, user, second)
    assert on_hand(tee) == 4
    assert apply(organization, user, second, allow_duplicate=True).status == S.APPLIED
    assert on_hand(tee) == 8


def test_set_outbound_explodes_into_components(organization, user):
    part = SetComponentFactory(
        set_product__organization=organization, set_product__sku="GIFT",
        component__sku="CUP", quantity=2,
    )
    stock(organization, part.component, 10)
    batch = apply(organization, user, create(
        organization, user, template_file(template_row("GIFT", outbound=3))
    ))
    assert batch.status == S.APPLIED
    assert on_hand(part.component) == 4
    movement = StockMovement.objects.get(source_ref=str(batch.pk))
    assert movement.set_product == part.set_product and movement.quantity == -6


def test_stock_count_sheet_adjusts_to_the_counted_quantity(organization, user):
    tee = ProductFactory(organization=organization, sku="TEE")
    stock(organization, tee, 10)
    content = xlsx([["일자", "SKU", "재고"], [DAY, "TEE", 7]])
    batch = apply(organization, user, create(organization, user, content))
    assert batch.status == S.APPLIED and on_hand(tee) == 7
    assert StockMovement.objects.get(source_ref=str(batch.pk)).kind == K.STOCK_COUNT


def test_boxes_are_converted_with_units_per_box(organization, user):
    tee = ProductFactory(organization=organization, sku="TEE", units_per_box=12)
    content = xlsx([["일자", "품번", "입고", "단위"], [DAY, "TEE", 2, "BOX"]])
    apply(organization, user, create(organization, user, content))
    assert on_hand(tee) == 24


def _coupang_csv(*lines):
    header = ["묶음배송번호", "주문번호", "주문일", "등록옵션명", "옵션ID", "업체상품코드",
              "구매수(수량)", "발주서상태"]
    return csv_bytes([header, *lines], encoding="cp949")


def test_channel_export_excludes_cancelled_and_never_counts_a_line_twice(
    organization, user
):
    coupang = ChannelFactory(organization=organization, name="Coupang",
                             kind="coupang")
    tee = ProductFactory(organization=organization, sku="TEE")
    stock(organization, tee, 20)
    first = create(organization, user, _coupang_csv(
        ["B1", "O1", "2026-11-02 10:00:00", "블랙", "V1", "TEE", 2, "ACCEPT"],
        ["B2", "O2", "2026-11-02 11:00:00", "블랙", "V1", "TEE", 5, "CANCEL"],
    ), name="DeliveryList.csv")
    assert first.result["format"] == "coupang"
    assert first.encoding == "cp949"
    assert first.result["skipped_counts"] == {"cancelled": 1}
    apply(organization, user, first)
    assert on_hand(tee) == 18
    assert StockMovement.objects.get(source_ref=str(first.pk)).channel == coupang

    # A later export repeats order O1: it is recognised at preview, skipped, and
    # only the new line O3 applies.
    second = create(organization, user, _coupang_csv(
        ["B1", "O1", "2026-11-02 10:00:00", "블랙", "V1", "TEE", 2, "ACCEPT"],
        ["B3", "O3", "2026-11-03 10:00:00", "블랙", "V1", "TEE", 1, "ACCEPT"],
    ), name="DeliveryList2.csv")
    assert second.result["skipped_counts"] == {"already_recorded": 1}
    assert [(s["row"], s["reason"]) for s in second.result["skipped"]] == [
        (2, "already_recorded")]
    assert second.rows_to_apply == 1
    second = apply(organization, user, second)
    assert second.status == S.APPLIED and second.movements_count == 1
    assert on_hand(tee) == 17
    # The same export a third time: nothing new, and the page says so.
    third = create(organization, user, _coupang_csv(
        ["B1", "O1", "2026-11-02 10:00:00", "블랙", "V1", "TEE", 2, "ACCEPT"],
    ), name="DeliveryList3.csv")
    assert third.result["ok"] and third.rows_to_apply == 0
    with pytest.raises(UploadError, match="already recorded"):
        apply(organization, user, third)
    assert on_hand(tee) == 17


def test_unknown_channel_code_mapped_once_without_uploading_again(organization, user):
    coupang = ChannelFactory(organization=organization, name="쿠팡", kind="coupang")
    tee = ProductFactory(organization=organization, sku="TEE")
    stock(organization, tee, 5)
    header = ["일자", "옵션ID", "수량", "판매처"]
    batch = create(organization, user, xlsx([header, [DAY, "V-777", 1, "쿠팡"]]))
    assert batch.result["unknown_codes"][0]["code"] == "V-777"
    upload_code_map(organization=organization, batch=batch, user=user,
                    code="V-777", product=tee, channel=coupang)
    batch.refresh_from_db()
    assert batch.result["ok"]
    assert ChannelListing.objects.get(code="V-777").product == tee
    assert apply(organization, user, batch).status == S.APPLIED
    assert on_hand(tee) == 4


def test_corrected_mapping_is_remembered_for_the_same_headers(organization, user):
    tee = ProductFactory(organization=organization, sku="TEE")
    header = ["일자", "SKU", "개수"]  # the quantity column is not recognised
    batch = create(organization, user, xlsx([header, [DAY, "TEE", 3]]))
    assert batch.result["needs_mapping"]
    upload_remap(organization=organization, batch=batch, user=user,
                 mapping={"inbound": "개수"})
    batch.refresh_from_db()
    assert batch.result["ok"] and batch.result["mapping"]["inbound"] == "개수"
    assert ColumnMappingMemory.objects.get(organization=organization).updated_by == user

    again = create(organization, user, xlsx([header, [DAY, "TEE", 2]]))
    assert again.result["ok"]
    apply(organization, user, again)
    assert on_hand(tee) == 2


def test_refused_file_is_kept_as_failed_with_the_reason(organization, user):
    batch = create(organization, user, b"%PDF-1.4 not a workbook", name="orders.xlsx")
    assert batch.status == S.FAILED
    assert batch.result["refused"]["code"] == "not_xlsx"
    with pytest.raises(UploadError):
        apply(organization, user, batch)


def test_legacy_xls_is_refused_before_anything_is_stored(organization, user):
    with pytest.raises(UploadError, match="Excel 97-2003"):
        create(organization, user, b"\xd0\xcf\x11\xe0", name="orders.xls")
    assert UploadBatch.objects.count() == 0


def test_oversized_file_is_refused(organization, user, settings):
    settings.SMARTSTOCK_UPLOAD_MAX_BYTES = 100
    with pytest.raises(UploadError, match="the limit is"):
        create(organization, user, b"x" * 101, name="big.csv")


def test_row_limit_is_configurable(organization, user, settings):
    settings.SMARTSTOCK_UPLOAD_MAX_ROWS = 3
    ProductFactory(organization=organization, sku="TEE")
    rows = [template_row("TEE", inbound=1) for _ in range(4)]
    batch = create(organization, user, template_file(*rows))
    assert batch.status == S.FAILED
    assert batch.result["refused"]["code"] == "too_many_rows"


def test_large_upload_runs_in_tasks(
    organization, user, settings, django_capture_on_commit_callbacks
):
    settings.SMARTSTOCK_UPLOAD_ASYNC_BYTES = 10
    settings.SMARTSTOCK_UPLOAD_ASYNC_ROWS = 1
    tee = ProductFactory(organization=organization, sku="TEE")
    content = template_file(template_row("TEE", inbound=2), template_row("TEE", inbound=3))
    with django_capture_on_commit_callbacks(execute=True) as parse_callbacks:
        batch = create(organization, user, content)
    assert batch.status == S.PARSING and len(parse_callbacks) == 1
    batch.refresh_from_db()
    assert batch.status == S.READY
    with django_capture_on_commit_callbacks(execute=True) as apply_callbacks:
        batch = apply(organization, user, batch)
    # The apply task, then (after the apply commits) the replenishment refresh
    # (cache-version bumps of the alerts it raised aside).
    assert [c.__qualname__.split(".")[0] for c in apply_callbacks
            if c.__module__ != "smartstock.versions"] == [
        "upload_apply", "recommendations_refresh_on_commit",
    ]
    batch.refresh_from_db()
    assert batch.status == S.APPLIED and on_hand(tee) == 5


def test_revert_reverses_every_movement_and_records_who(organization, user, manager):
    tee = ProductFactory(organization=organization, sku="TEE")
    batch = apply(organization, user, create(organization, user, template_file(
        template_row("TEE", inbound=5), template_row("TEE", inbound=2),
    )))
    assert upload_revert(organization=organization, batch=batch, user=manager) == 2
    batch.refresh_from_db()
    assert batch.status == S.REVERTED and batch.reverted_by == manager
    assert batch.reverted_at is not None
    assert on_hand(tee) == 0
    assert StockMovement.objects.filter(kind=K.REVERSAL, created_by=manager).count() == 2
    with pytest.raises(UploadError):
        upload_revert(organization=organization, batch=batch, user=manager)


def test_revert_that_would_go_negative_changes_nothing(organization, user, manager):
    tee = ProductFactory(organization=organization, sku="TEE")
    batch = apply(organization, user, create(
        organization, user, template_file(template_row("TEE", inbound=5))
    ))
    movement_record(organization=organization, user=None, product=tee,
                    kind=K.OUTBOUND, quantity=4, business_date=DAY)
    with pytest.raises(ValidationError, match="below zero"):
        upload_revert(organization=organization, batch=batch, user=manager)
    batch.refresh_from_db()
    assert batch.status == S.APPLIED and on_hand(tee) == 1
    assert not StockMovement.objects.filter(kind=K.REVERSAL).exists()


def test_reverted_order_export_can_be_applied_again(organization, user, manager):
    ChannelFactory(organization=organization, name="Coupang", kind="coupang")
    tee = ProductFactory(organization=organization, sku="TEE")
    stock(organization, tee, 10)
    content = _coupang_csv(
        ["B1", "O1", "2026-11-02 10:00:00", "블랙", "V1", "TEE", 2, "ACCEPT"]
    )
    first = apply(organization, user, create(organization, user, content, name="a.csv"))
    upload_revert(organization=organization, batch=first, user=manager)
    again = apply(organization, user, create(organization, user, content, name="a.csv"))
    assert again.status == S.APPLIED and on_hand(tee) == 8


def test_another_organizations_products_are_never_matched(
    organization, other_organization, user
):
    ProductFactory(organization=other_organization, sku="TEE")
    batch = create(organization, user, template_file(template_row("TEE", inbound=1)))
    assert not batch.result["ok"]
    assert batch.result["unknown_codes"][0]["code"] == "TEE"


def test_a_refresh_failing_after_commit_never_applies_the_upload_twice(
    organization, user, monkeypatch, django_capture_on_commit_callbacks
):
    """The refresh runs after the apply committed; its deadlock must not make the
    apply's retry write the same rows again (seen on MariaDB in CI)."""
    from django.db import OperationalError

    from policy.tasks import recommendations_refresh_task

    def deadlock(*args, **kwargs):
        raise OperationalError(1213, "Deadlock found when trying to get lock")

    monkeypatch.setattr(recommendations_refresh_task, "delay", deadlock)
    tee = ProductFactory(organization=organization, sku="TEE")
    batch = create(organization, user, template_file(template_row("TEE", inbound=4)))
    with django_capture_on_commit_callbacks(execute=True):
        batch = apply(organization, user, batch)
    batch.refresh_from_db()
    assert batch.status == S.APPLIED
    assert StockMovement.objects.filter(source_ref=str(batch.pk)).count() == 1
    assert on_hand(tee) == 4
