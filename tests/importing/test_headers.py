"""Header row detection, column mapping by name, formats, signatures, overrides."""
from __future__ import annotations

from inventory.importing.files import RawRow
from inventory.importing.headers import (
    auto_mapping,
    detect_format,
    find_header,
    header_signature,
    normalise,
    template_headers,
)

from . import samples
from .builders import write_csv, write_xlsx


def _raw(*rows):
    return [RawRow(number, tuple(values), frozenset())
            for number, values in enumerate(rows, start=1)]


def test_normalise_folds_width_case_spaces_and_brackets():
    assert normalise(" 구매수 ( 수량 ) ") == "구매수(수량)"
    assert normalise("ＳＫＵ　코드") == "sku코드"
    assert normalise("Order_Date") == "orderdate"
    assert normalise("[입고]") == "(입고)"


def test_header_found_below_title_and_instruction_rows():
    rows = _raw(
        [samples.SMARTSTORE_NOTICE],
        ["2025년 10월 재고 현황"],
        [],
        ["일자", "품번", "수량", "비고"],
        ["2025-10-01", "A", 1, None],
    )
    header = find_header(rows)
    assert header.row == 4
    assert header.mapping.as_headers() == {
        "date": "일자", "sku": "품번", "quantity": "수량", "note": "비고",
    }


def test_instruction_text_is_never_mapped_even_if_it_names_fields():
    notice = "주문번호 수량 상품명 옵션정보 " * 3  # long text mentioning headers
    header = find_header(_raw([notice, "x"], ["주문번호", "수량", "상품명"]))
    assert header.row == 2
    assert notice not in header.mapping.as_headers().values()


def test_english_and_korean_synonyms_map_to_the_same_fields():
    english = auto_mapping(["Order Date", "SKU", "Qty", "Channel", "Lot", "Expiry"])
    korean = auto_mapping(["주문일자", "마스터 SKU", "수량", "판매처", "로트", "유통기한"])
    assert set(english.columns) == set(korean.columns) == {
        "date", "sku", "quantity", "channel", "lot", "expiry",
    }


def test_trap_columns_are_not_mapped():
    mapping = auto_mapping(
        ["번호", "환불대기수량", "안전재고", "발송기한", "결제위치", "EA(상품)",
         "묶음배송번호"]
    )
    assert mapping.columns == {}
    # 취소수량 is read, but only as the cancelled part of the line's quantity.
    assert auto_mapping(["취소수량"]).as_headers() == {"cancelled_quantity": "취소수량"}


def test_payment_date_beats_order_and_ship_dates():
    mapping = auto_mapping(["출고일(발송일)", "주문일시", "결제일"])
    assert mapping.get("date").header == "결제일"


def test_date_hint_in_brackets_still_matches():
    mapping = auto_mapping(["출고 완료일자", "주문일시(YYYY-MM-DD HH:MM)"])
    assert mapping.get("date").header == "주문일시(YYYY-MM-DD HH:MM)"


def test_substring_match_is_used_only_when_nothing_exact_exists():
    mapping = auto_mapping(["기준일", "품번", "현재 재고 수량(개)"])
    assert mapping.get("stock").header == "현재 재고 수량(개)"


def test_each_channel_export_is_recognised_by_its_headers():
    for text, expected in [
        (samples.COUPANG, "coupang"), (samples.SMARTSTORE, "smartstore"),
        (samples.CAFE24, "cafe24"), (samples.PLAYAUTO, "playauto"),
        (samples.PLAYAUTO_STATS, "playauto"), (samples.SABANGNET, "sabangnet"),
        (samples.MESSY, "generic"),
    ]:
        assert detect_format(samples.rows_of(text)[0]) == expected, expected
    assert detect_format(template_headers()) == "template"


def test_signature_ignores_order_and_spacing_but_not_content():
    one = header_signature(["일자", "SKU", "수량"])
    assert one == header_signature(["수량", " 일자 ", "sku"])
    assert one != header_signature(["일자", "SKU", "수량", "메모"])
    assert len(one) == 16


def test_reordered_extra_and_renamed_headers_parse_the_same(tmp_path, parse):
    plain = [["일자", "SKU", "수량"], ["2025-10-01", "SS-TEE-BK-M", 2]]
    shuffled = [
        ["메모", "Qty", "비고2", "주문일자", "마스터 SKU"],
        ["hi", 2, "x", "2025-10-01", "SS-TEE-BK-M"],
    ]
    first = parse(write_xlsx(tmp_path / "a.xlsx", plain))
    second = parse(write_csv(tmp_path / "b.csv", shuffled))
    assert first.ok and second.ok
    strip = [(r.sku, r.kind, r.quantity, r.date) for r in first.rows]
    assert strip == [(r.sku, r.kind, r.quantity, r.date) for r in second.rows]
    assert second.rows[0].row == 2 and second.rows[0].note == "hi"


def test_missing_quantity_column_asks_for_a_mapping(tmp_path, parse):
    path = write_csv(tmp_path / "m.csv", [["일자", "SKU", "Amount?"],
                                         ["2025-10-01", "SS-TEE-BK-M", "3"]])
    upload = parse(path)
    assert upload.needs_mapping and not upload.ok and upload.rows == []
    assert [p.code for p in upload.errors] == ["missing_quantity_column"]
    assert upload.headers == ["일자", "SKU", "Amount?"]


def test_missing_code_and_date_columns_are_each_reported(tmp_path, parse):
    path = write_csv(tmp_path / "m.csv", [["상품명", "수량"], ["티셔츠", "3"]])
    upload = parse(path)
    assert {p.code for p in upload.errors} == {"missing_code_column", "missing_column"}
    date_problem = next(p for p in upload.errors if p.code == "missing_column")
    assert date_problem.params == {"field": "date"}


def test_user_override_by_header_text_or_index_fixes_the_mapping(tmp_path, parse):
    path = write_csv(tmp_path / "m.csv", [["일자", "SKU", "Amount?", "수량"],
                                         ["2025-10-01", "SS-TEE-BK-M", "3", "99"]])
    by_text = parse(path, mapping_override={"quantity": "Amount?"})
    by_index = parse(path, mapping_override={"quantity": 2})
    for upload in (by_text, by_index):
        assert upload.ok, upload.problems
        assert [r.quantity for r in upload.rows] == [3]
        assert upload.mapping.as_headers()["quantity"] == "Amount?"


def test_override_can_unmap_a_field_and_rejects_unknown_choices(tmp_path, parse):
    path = write_csv(tmp_path / "m.csv", [["일자", "SKU", "수량", "메모"],
                                         ["2025-10-01", "SS-TEE-BK-M", "3", "x"]])
    assert parse(path, mapping_override={"note": None}).rows[0].note == ""
    upload = parse(path, mapping_override={"quantity": "Nope", "colour": 1})
    assert upload.needs_mapping
    assert {p.code for p in upload.errors} == {
        "unknown_mapping_column", "unknown_mapping_field",
    }
