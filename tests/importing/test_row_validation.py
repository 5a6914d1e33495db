"""Row-level validation: each problem names the row and column the user must fix."""
from __future__ import annotations

import openpyxl

from inventory.importing import OUTBOUND

from .builders import simple_rows, write_csv, write_xlsx


def _problems(upload):
    return [(p.row, p.column, p.code) for p in upload.problems]


def test_bad_quantities_name_their_row_and_column(tmp_path, parse):
    rows = simple_rows(
        ["2025-10-01", "SS-TEE-BK-M", "abc"],
        ["2025-10-01", "SS-TEE-BK-M", 1.5],
        ["2025-10-01", "SS-TEE-BK-M", 1e9],
        ["2025-10-01", "SS-TEE-BK-M", -2],
        ["2025-10-01", "SS-TEE-BK-M", 4],
    )
    upload = parse(write_xlsx(tmp_path / "q.xlsx", rows))

    assert _problems(upload) == [
        (2, "수량", "quantity_not_number"),
        (3, "수량", "quantity_not_whole"),
        (4, "수량", "quantity_too_large"),
        (5, "수량", "quantity_negative"),
    ]
    assert not upload.ok
    assert [(r.row, r.quantity) for r in upload.rows] == [(6, 4)]  # preview only
    assert upload.problems[2].params == {"value": "1000000000", "limit": "1,000,000"}


def test_blank_quantity_is_an_error_in_order_exports(tmp_path, parse):
    header = ["상품주문번호", "주문번호", "옵션정보", "수량", "결제일", "옵션관리코드"]
    rows = [header, ["1", "9", "블랙", None, "2025-10-01", "SS-TEE-BK-M"]]
    upload = parse(write_xlsx(tmp_path / "s.xlsx", rows))
    assert upload.format == "smartstore"
    assert _problems(upload) == [(2, "수량", "quantity_blank")]


def test_unknown_codes_are_grouped_with_rows_and_suggestions(tmp_path, parse):
    rows = simple_rows(
        ["2025-10-01", "SS-TEE-BK-N", 1],
        ["2025-10-01", "SS-TEE-BK-M", 1],
        ["2025-10-02", "SS-TEE-BK-N", 2],
        ["2025-10-02", "ss-sock-3q", 2],
        ["2025-10-02", "ZZZ-999", 2],
    )
    upload = parse(write_csv(tmp_path / "u.csv", rows))

    assert [(u.code, u.rows) for u in upload.unknown_codes] == [
        ("SS-TEE-BK-N", [2, 4]), ("ss-sock-3q", [5]), ("ZZZ-999", [6]),
    ]
    suggestions = {u.code: u.suggestions for u in upload.unknown_codes}
    assert suggestions["SS-TEE-BK-N"][0] == "SS-TEE-BK-M"
    assert suggestions["ss-sock-3q"][0] == "SS-SOCK-3P"  # compared in upper case
    assert suggestions["ZZZ-999"] == []
    assert _problems(upload)[0] == (2, "SKU", "code_unknown")
    assert upload.problems[0].params == {"code": "SS-TEE-BK-N"}


def test_row_without_any_code_is_an_error(tmp_path, parse):
    upload = parse(write_csv(tmp_path / "c.csv", simple_rows(["2025-10-01", "", 1])))
    assert _problems(upload) == [(2, "SKU", "code_blank")]


def test_duplicate_order_line_counts_once_with_a_warning(tmp_path, parse):
    header = ["주문번호", "품목별 주문번호", "결제일시(입금확인일)", "자체 품목코드", "수량"]
    line = ["20251001-1", "20251001-1-01", "2025-10-01 10:00", "SS-TEE-BK-M", 1]
    other = ["20251001-1", "20251001-1-02", "2025-10-01 10:00", "SS-TEE-BK-M", 1]
    upload = parse(write_csv(tmp_path / "d.csv", [header, line, other, line]))

    assert upload.ok  # a warning does not block the upload
    assert [r.row for r in upload.rows] == [2, 3]
    assert upload.totals[1].outbound == 2
    assert [(w.row, w.code) for w in upload.warnings] == [(4, "duplicate_line")]
    assert upload.warnings[0].params == {"ref": "20251001-1-01",  # Cafe24 line key
                                         "first_row": 2}
    assert upload.skipped_counts == {"duplicate": 1}


def test_impossible_and_ambiguous_dates_are_row_errors(tmp_path, parse):
    rows = simple_rows(
        ["2024-02-30", "SS-TEE-BK-M", 1],
        ["01/02/2024", "SS-TEE-BK-M", 1],
        [None, "SS-TEE-BK-M", 1],
    )
    upload = parse(write_csv(tmp_path / "dates.csv", rows))
    assert _problems(upload) == [
        (2, "일자", "date_impossible"),
        (3, "일자", "date_ambiguous"),
        (4, "일자", "date_blank"),
    ]


def test_formula_in_quantity_column_asks_to_paste_values(tmp_path, parse):
    path = tmp_path / "f.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["일자", "SKU", "수량", "메모"])
    sheet.append(["2025-10-01", "SS-TEE-BK-M", "=1+1", "=A2&B2"])
    sheet.append(["2025-10-01", "SS-TEE-BK-M", 3, None])
    workbook.save(path)

    upload = parse(path)

    assert _problems(upload) == [(2, "수량", "formula_cell_no_value")]  # no cached result
    assert "Paste Special" in upload.problems[0].text()
    assert [(r.row, r.quantity, r.note) for r in upload.rows] == [(3, 3, "")]


def test_box_quantity_needs_units_per_box(tmp_path, parse):
    rows = [["일자", "SKU", "입고", "단위"],
            ["2025-10-01", "SS-SOCK-3P", 2, "BOX"],
            ["2025-10-01", "SS-TEE-BK-M", "1박스", None],
            ["2025-10-01", "SS-TEE-BK-M", 1, "kg"]]
    upload = parse(write_csv(tmp_path / "b.csv", rows))
    assert [(r.sku, r.quantity) for r in upload.rows] == [("SS-SOCK-3P", 20)]
    assert _problems(upload) == [(3, "입고", "box_units_unknown"),
                                 (4, "단위", "unit_unknown")]


def test_one_row_can_report_several_problems(tmp_path, parse):
    rows = simple_rows(["2024-02-30", "NOPE", "x"])
    upload = parse(write_csv(tmp_path / "m.csv", rows))
    assert _problems(upload) == [
        (2, "일자", "date_impossible"),
        (2, "SKU", "code_unknown"),
        (2, "수량", "quantity_not_number"),
    ]


def test_empty_rows_between_data_are_counted_trailing_ones_are_not(tmp_path, parse):
    rows = simple_rows(["2025-10-01", "SS-TEE-BK-M", 1], [], ["", " ", None],
                       ["2025-10-02", "SS-TEE-BK-M", 1], [], [])
    upload = parse(write_csv(tmp_path / "e.csv", rows))
    assert upload.ok and [r.row for r in upload.rows] == [2, 5]
    assert upload.skipped_counts == {"empty": 2}
    assert upload.data_rows == 2
    assert upload.date_range == (upload.rows[0].date, upload.rows[1].date)


def test_plain_quantity_kind_is_chosen_by_the_caller(tmp_path, parse):
    path = write_csv(tmp_path / "k.csv", simple_rows(["2025-10-01", "SS-TEE-BK-M", 5]))
    assert parse(path).rows[0].kind == OUTBOUND
    assert parse(path, quantity_kind="inbound").rows[0].kind == "inbound"


def test_zero_quantity_order_line_is_skipped_and_listed(tmp_path, parse):
    rows = [["상품주문번호", "주문번호", "옵션정보", "수량", "결제일", "옵션관리코드"],
            ["1", "9", "블랙", 0, "2025-10-01", "SS-TEE-BK-M"],
            ["2", "9", "블랙", 1, "2025-10-01", "SS-TEE-BK-M"]]
    upload = parse(write_xlsx(tmp_path / "z.xlsx", rows))
    assert [s.reason for s in upload.skipped] == ["zero_quantity"]
    assert len(upload.rows) == 1


def test_file_where_nothing_is_importable_is_not_ok(tmp_path, parse):
    rows = [["상품주문번호", "주문번호", "옵션정보", "수량", "결제일", "옵션관리코드",
             "주문상태"],
            ["1", "9", "블랙", 1, "2025-10-01", "SS-TEE-BK-M", "취소완료"]]
    upload = parse(write_xlsx(tmp_path / "n.xlsx", rows))
    # A cancelled line with its key may reverse a line recorded before: only the
    # ledger knows (the upload service refuses it when nothing would change).
    assert [p.code for p in upload.warnings] == ["only_cancellations"]
    assert [(r.row, r.quantity, r.external_ref) for r in upload.cancelled_lines] == [
        (2, 0, "1")]
    rows[1][0] = rows[1][1] = ""  # without a line key nothing can be reversed
    upload = parse(write_xlsx(tmp_path / "n2.xlsx", rows))
    assert not upload.ok
    assert [p.code for p in upload.errors] == ["nothing_to_import"]


def test_header_further_down_keeps_excel_row_numbers(tmp_path, parse):
    rows = [["재고 현황"], [], ["일자", "SKU", "수량"], ["2025-10-01", "NOPE", 1]]
    upload = parse(write_xlsx(tmp_path / "r.xlsx", rows))
    assert upload.header_row == 3
    assert _problems(upload) == [(4, "SKU", "code_unknown")]


def test_formula_without_a_saved_result_is_explained_without_empty_brackets(
    tmp_path, parse
):
    # Files written by scripts (openpyxl, some ERPs) keep the formula but no
    # cached result: the message must not read "holds a formula ()".
    path = tmp_path / "f.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["일자", "SKU", "수량"])
    workbook.active.append(["2025-10-01", "SS-TEE-BK-M", "=1+1"])
    workbook.save(path)

    problem = parse(path).problems[0]

    assert (problem.row, problem.column) == (2, "수량")
    assert "()" not in problem.text()
    assert "Paste Special" in problem.text() and "not saved" in problem.text()
