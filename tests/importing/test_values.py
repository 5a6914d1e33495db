"""Cell parsers: every date format the channels use, quantities, units, statuses."""
from __future__ import annotations

import datetime as dt

import pytest

from inventory.importing.values import (
    ValueProblem,
    cell_text,
    channel_text,
    excluded_status,
    parse_date,
    parse_quantity,
    parse_unit,
)

OCT1 = dt.date(2025, 10, 1)


@pytest.mark.parametrize("value", [
    "2025-10-01", "2025.10.01", "2025/10/01", "20251001", 20251001,
    "2025-10-01 13:45:00", "2025-10-01 13:45", "2025.10.01 13:45:00",
    "2025. 10. 1.", "2025-10-1", "20251001134500", "202510011345",
    "2025년 10월 1일", "2025년10월1일 13:45", "2025년 10월 1일 (수)",
    "2025-10-01 오후 1:45:00", "2025-10-01T13:45:00", "2025-10-01T13:45:00.000+09:00",
    "2025-10-01T04:45:00Z",  # 13:45 in Seoul
    45931.57292, "45931.57292", 45931,
    dt.datetime(2025, 10, 1, 23, 59), OCT1, "２０２５－１０－０１",
])
def test_every_channel_date_format_gives_the_korean_business_date(value):
    assert parse_date(value) == OCT1


def test_utc_evening_is_the_next_korean_day():
    assert parse_date("2025-09-30T16:30:00Z") == OCT1
    aware = dt.datetime(2025, 9, 30, 16, 30, tzinfo=dt.UTC)
    assert parse_date(aware) == OCT1


def test_excel_serial_is_wall_clock_not_shifted():
    # 45932.99 is 2025-10-02 23:45 in Korea: a UTC shift would move the day.
    assert parse_date(45932.99) == dt.date(2025, 10, 2)


@pytest.mark.parametrize(("value", "code"), [
    ("2024-02-30", "date_impossible"),
    ("2025-13-01", "date_impossible"),
    ("20250230", "date_impossible"),
    ("2025-10-01 25:61", "date_impossible"),
    ("01/02/2024", "date_ambiguous"),
    ("1/2/24", "date_ambiguous"),
    ("24-01-05", "date_ambiguous"),
    ("13/01/2024", "date_unrecognised"),
    ("yesterday", "date_unrecognised"),
    ("2025", "date_unrecognised"),
    (True, "date_unrecognised"),
    (float("nan"), "date_unrecognised"),
    (12, "date_unrecognised"),
    ("1899-12-31", "date_out_of_range"),
    ("", "date_blank"),
])
def test_bad_dates_are_errors_with_a_reason(value, code):
    with pytest.raises(ValueProblem) as caught:
        parse_date(value)
    assert caught.value.message.code == code
    assert caught.value.message.text()


def test_ambiguous_date_message_asks_for_iso_format():
    with pytest.raises(ValueProblem) as caught:
        parse_date("01/02/2024")
    assert "YYYY-MM-DD" in caught.value.message.text()


@pytest.mark.parametrize(("value", "expected"), [
    (3, (3, "")), (3.0, (3, "")), ("3", (3, "")), (" 12 ", (12, "")),
    ("1,200", (1200, "")), ("１，２００", (1200, "")), ("５", (5, "")),
    ("3개", (3, "")), ("3 EA", (3, "")), ("3ea", (3, "")), ("3 pcs", (3, "")),
    ("2박스", (2, "box")), ("2 BOX", (2, "box")), ("0", (0, "")),
    ("1E+3", (1000, "")), ("2.0", (2, "")), ("1000000", (1_000_000, "")),
])
def test_quantities_accept_separators_fullwidth_and_unit_suffixes(value, expected):
    assert parse_quantity(value) == expected


@pytest.mark.parametrize(("value", "code"), [
    ("abc", "quantity_not_number"), ("1.5", "quantity_not_whole"),
    (1.5, "quantity_not_whole"), ("1e9", "quantity_too_large"),
    (1e9, "quantity_too_large"), (1_000_001, "quantity_too_large"),
    ("", "quantity_blank"), (None, "quantity_blank"), ("  ", "quantity_blank"),
    (-1, "quantity_negative"), ("-3", "quantity_negative"),
    ("(3)", "quantity_negative"), ("1,5", "quantity_not_number"),
    ("12,900원", "quantity_not_number"), ("=SUM(A1:A2)", "formula_cell"),
    (True, "quantity_not_number"), (dt.date(2025, 1, 1), "quantity_not_number"),
    (float("inf"), "quantity_not_number"), ("1,2345", "quantity_not_number"),
])
def test_bad_quantities_are_errors_with_a_reason(value, code):
    with pytest.raises(ValueProblem) as caught:
        parse_quantity(value)
    assert caught.value.message.code == code


def test_negative_quantities_pass_only_when_allowed():
    assert parse_quantity("-3", allow_negative=True) == (-3, "")


@pytest.mark.parametrize(("value", "unit"), [
    (None, ""), ("EA", ""), ("개", ""), ("ea", ""), ("BOX", "box"), ("박스", "box"),
])
def test_units(value, unit):
    assert parse_unit(value) == unit


def test_unknown_unit_is_an_error():
    with pytest.raises(ValueProblem) as caught:
        parse_unit("kg")
    assert caught.value.message.code == "unit_unknown"


@pytest.mark.parametrize(("status", "flag", "expected"), [
    ("취소", None, "cancelled"), ("취소완료", None, "cancelled"),
    ("입금전 취소 - 관리자", None, "cancelled"), ("CANCEL", None, "cancelled"),
    ("반품", None, "returned"), ("반품완료", None, "returned"),
    ("RETURN", None, "returned"), ("환불완료", None, "returned"),
    ("교환", None, "exchanged"), ("교환완료", None, "exchanged"),
    ("C10", None, "cancelled"), ("R00", None, "returned"), ("E10", None, "exchanged"),
    ("결제완료", None, ""), ("배송중", None, ""), ("FINAL_DELIVERY", None, ""),
    ("취소철회", None, ""), ("취소거부", None, ""), (None, None, ""),
    ("배송준비중", "F", "cancelled"), ("배송준비중", "T", ""),
    (None, "Y", "cancelled"), (None, "취소안함", ""),
])
def test_cancelled_returned_and_exchanged_statuses(status, flag, expected):
    assert excluded_status(status, flag) == expected


def test_ids_stay_whole_text():
    assert cell_text(2.025100112345601e15) == "2025100112345601"
    assert cell_text("85000000051.0") == "85000000051"
    assert cell_text(" ＳＳ－ＴＥＥ ") == "SS-TEE"
    assert channel_text("스마트스토어=myshop") == "스마트스토어"
