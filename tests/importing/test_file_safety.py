"""Hostile, fake and malformed files are refused before or while parsing."""
from __future__ import annotations

import io
import random
import re
import time
import zipfile

import openpyxl
import pytest

from inventory.importing import (
    Limits,
    ParseOptions,
    UploadRefused,
    ensure_xml_protection,
    parse_upload,
)
from inventory.importing.files import decode_text

from .builders import DAY, rewrite_zip_entry, simple_rows, write_csv, write_xlsx

PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"".join([b"&lol%d;" % (i - 1)] * 10))
        for i in range(2, 10)
    ).replace(b"&lol1;", b"&lol;")
    + b"]>\n"
)


def refused(parse, path, **options) -> UploadRefused:
    with pytest.raises(UploadRefused) as caught:
        parse(path, **options)
    assert caught.value.message.text()  # renders with its params
    return caught.value


def good_xlsx(tmp_path, name="ok.xlsx", rows=None):
    rows = rows or simple_rows(["2025-10-01", "SS-TEE-BK-M", 1])
    return write_xlsx(tmp_path / name, rows)


def test_openpyxl_runs_with_defusedxml(monkeypatch):
    ensure_xml_protection()  # the real environment is protected
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError, match="defusedxml"):
        ensure_xml_protection()


@pytest.mark.parametrize(("name", "content", "code"), [
    ("random.xlsx", random.Random(1).randbytes(4096), "not_xlsx"),
    ("random.csv", random.Random(1).randbytes(4096), "csv_binary"),
    ("picture.xlsx", PNG, "not_xlsx"),
    ("picture.csv", PNG, "csv_binary"),
    ("orders.xls", OLE, "legacy_xls"),
    ("encrypted.xlsx", OLE, "ole_container"),
    ("orders.xlsm", b"PK\x03\x04", "macro_workbook"),
    ("orders.xlsb", b"PK\x03\x04", "binary_workbook"),
    ("orders.txt", b"a,b\n", "unsupported_extension"),
    ("noextension", b"a,b\n", "unsupported_extension"),
    ("empty.csv", b"", "empty_file"),
    ("empty.xlsx", b"", "empty_file"),
    ("zipped.csv", b"PK\x03\x04" + bytes(100), "not_csv"),
    ("utf16.csv", "일자,SKU,수량\n".encode("utf-16"), "csv_utf16"),
    ("utf16le.csv", "date,sku,qty\n2025-10-01,A,1\n".encode("utf-16-le"), "csv_utf16"),
])
def test_fake_or_unsupported_files_are_refused_with_a_reason(
    tmp_path, parse, name, content, code
):
    path = tmp_path / name
    path.write_bytes(content)
    assert refused(parse, path).code == code


def test_png_renamed_xlsx_says_what_it_really_is(tmp_path, parse):
    path = tmp_path / "orders.xlsx"
    path.write_bytes(PNG)
    assert "PNG image" in refused(parse, path).message.text()


def test_ole_message_mentions_password_and_save_as_xlsx(tmp_path, parse):
    path = tmp_path / "스마트스토어.xlsx"
    path.write_bytes(OLE)
    text = refused(parse, path).message.text()
    assert "password" in text and ".xlsx" in text


def test_csv_in_an_unknown_encoding_is_refused():
    latin1_only = "date,name\n2025-10-01,caf\xe9 \xff\xfe\xfd\n".encode("latin-1")
    with pytest.raises(UploadRefused) as caught:
        decode_text(latin1_only + b"\x80\x80\xff")
    assert caught.value.code == "csv_encoding"


def test_workbook_with_vba_project_is_refused(tmp_path, parse):
    path = good_xlsx(tmp_path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00" * 64)
    assert refused(parse, path).code == "macro_workbook"


def test_macro_content_type_is_refused_even_without_vba_part(tmp_path, parse):
    path = good_xlsx(tmp_path)
    rewrite_zip_entry(path, "[Content_Types].xml", lambda xml: xml.replace(
        b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml"))
    assert refused(parse, path).code == "macro_workbook"


def test_zip_that_is_not_a_workbook_is_refused(tmp_path, parse):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert refused(parse, path).code == "not_xlsx"


def test_truncated_workbook_is_reported_as_damaged(tmp_path, parse):
    path = good_xlsx(tmp_path)
    path.write_bytes(path.read_bytes()[:400])
    assert refused(parse, path).code == "damaged_workbook"


@pytest.mark.parametrize("entry", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_billion_laughs_is_refused_quickly(tmp_path, parse, entry):
    path = good_xlsx(tmp_path)

    def poison(xml: bytes) -> bytes:
        body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", xml)
        return LAUGHS + body.replace(b"</", b"&lol9;</", 1)

    rewrite_zip_entry(path, entry, poison)
    started = time.perf_counter()
    assert refused(parse, path).code == "unsafe_xml"
    assert time.perf_counter() - started < 2


def test_zip_bomb_is_refused_before_parsing(tmp_path, parse):
    path = good_xlsx(tmp_path)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/padding.bin", "w", force_zip64=True) as entry,
    ):
        for _ in range(201):
            entry.write(bytes(1 << 20))
    assert path.stat().st_size < 1_000_000  # tiny on disk, 201 MB unpacked
    error = refused(parse, path)
    assert error.code == "zip_bomb" and error.message.params["limit_mb"] == "200"


def test_too_many_zip_entries_is_refused(tmp_path, parse):
    path = good_xlsx(tmp_path)
    with zipfile.ZipFile(path, "a") as archive:
        for index in range(20):
            archive.writestr(f"xl/media/{index}.bin", b"x")
    assert refused(parse, path, limits=Limits(max_zip_entries=15)).code == "zip_bomb"


def test_file_over_the_size_limit_is_refused(tmp_path, parse):
    path = tmp_path / "huge.csv"
    path.write_bytes(b"a" * (10 * 1024 * 1024 + 1))
    error = refused(parse, path)
    assert error.code == "file_too_large" and error.message.params["limit_mb"] == "10"


def test_size_limit_also_applies_to_streams_and_bytes(resolver):
    data = b"x" * 2_000
    for source in (data, io.BytesIO(data)):
        with pytest.raises(UploadRefused) as caught:
            parse_upload(source, "a.csv", resolver,
                         ParseOptions(limits=Limits(max_bytes=1_000)))
        assert caught.value.code == "file_too_large"


def test_declared_dimension_does_not_hide_rows(tmp_path, parse):
    body = [["2025-10-01", "SS-TEE-BK-M", 1] for _ in range(100)]
    path = write_xlsx(tmp_path / "lying.xlsx", simple_rows(*body))
    rewrite_zip_entry(path, "xl/worksheets/sheet1.xml", lambda xml: re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', xml))
    with zipfile.ZipFile(path) as archive:
        assert b'ref="A1:B2"' in archive.read("xl/worksheets/sheet1.xml")

    upload = parse(path)

    assert upload.data_rows == 100 and len(upload.rows) == 100
    assert upload.totals[1].outbound == 100


def test_row_cap_refuses_instead_of_truncating(tmp_path, parse):
    body = [["2025-10-01", "SS-TEE-BK-M", 1]] * 20_001
    xlsx_path = tmp_path / "big.xlsx"
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in simple_rows(*body):
        sheet.append(row)
    workbook.save(xlsx_path)
    csv_path = write_csv(tmp_path / "big.csv", simple_rows(*body))

    for path in (xlsx_path, csv_path):
        error = refused(parse, path)
        assert error.code == "too_many_rows"
        assert error.message.params["limit"] == "20,000"


def test_row_cap_is_configurable_and_inclusive(tmp_path, parse):
    body = [["2025-10-01", "SS-TEE-BK-M", 1]] * 50
    path = write_csv(tmp_path / "fifty.csv", simple_rows(*body))
    assert len(parse(path, limits=Limits(max_rows=50)).rows) == 50
    assert refused(parse, path, limits=Limits(max_rows=49)).code == "too_many_rows"


def test_workbook_without_any_cell_is_empty(tmp_path, parse):
    path = write_xlsx(tmp_path / "blank.xlsx", [])
    assert refused(parse, path).code == "empty_file"


def test_header_only_file_has_no_data_rows(tmp_path, parse):
    for path in (write_xlsx(tmp_path / "h.xlsx", simple_rows()),
                 write_csv(tmp_path / "h.csv", simple_rows())):
        assert refused(parse, path).code == "no_data_rows"


def test_file_without_a_header_row_is_refused(tmp_path, parse):
    path = write_csv(tmp_path / "nohead.csv", [["a", "b"], ["1", "2"]])
    error = refused(parse, path)
    assert error.code == "no_header_row" and error.message.params["scan_rows"] == 30


def test_csv_with_nul_bytes_is_binary(tmp_path, parse):
    path = tmp_path / "nul.csv"
    path.write_bytes("일자,SKU,수량\n2025-10-01,SS\0-TEE,1\n".encode())
    assert refused(parse, path).code == "csv_binary"


def test_csv_the_reader_cannot_split_reports_the_line(tmp_path, parse):
    rows = simple_rows(["2025-10-01", "x" * 200_000, 1])
    path = write_csv(tmp_path / "wide.csv", rows)
    error = refused(parse, path)
    assert error.code == "csv_damaged" and error.message.params["line"] == 2


def test_default_date_fills_a_file_without_dates(tmp_path, parse):
    path = write_csv(tmp_path / "nodate.csv", [["SKU", "수량"], ["SS-TEE-BK-M", "3"]])
    upload = parse(path, default_date=DAY)
    assert upload.ok and upload.rows[0].date == DAY


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_csv_separated_by_semicolons_tabs_or_bars_is_read(tmp_path, parse, delimiter):
    # European-locale Excel saves "CSV" with semicolons; other tools use tabs.
    text = delimiter.join(["일자", "SKU", "수량", "메모"]) + "\r\n"
    text += delimiter.join(["2025-10-01", "SS-TEE-BK-M", "3", "입고, 검수 완료"]) + "\r\n"
    text += delimiter.join(["2025-10-02", "SS-TEE-WH-L", "1", ""]) + "\r\n"
    path = tmp_path / "stock.csv"
    path.write_bytes(text.encode("utf-8"))

    upload = parse(path)

    assert upload.ok, upload.problems
    assert [(r.row, r.quantity) for r in upload.rows] == [(2, 3), (3, 1)]


def test_comma_csv_with_semicolons_in_a_text_column_stays_comma(tmp_path, parse):
    path = write_csv(tmp_path / "stock.csv", [
        ["일자", "SKU", "수량", "메모"],
        ["2025-10-01", "SS-TEE-BK-M", 3, "a;b;c;d"],
        ["2025-10-02", "SS-TEE-WH-L", 1, "x;y"]])

    upload = parse(path)

    assert upload.ok, upload.problems
    assert [r.quantity for r in upload.rows] == [3, 1]


def test_one_column_csv_without_header_says_what_separator_was_seen(tmp_path, parse):
    path = tmp_path / "stock.csv"
    path.write_bytes("일자:SKU:수량\r\n2025-10-01:SS-TEE-BK-M:3\r\n".encode())

    with pytest.raises(UploadRefused) as refused:
        parse(path)

    assert refused.value.code == "no_header_row_one_column"
    assert "일자:SKU:수량" in refused.value.message.text()
