"""Time and peak memory of parse_upload on SmartStore-shaped xlsx files.

Run: .venv/bin/python bench/intake_parse.py [rows ...]   (default: 5000 20000)
Builds each file in a temporary folder (23 columns, like the sample in
CHANNEL_FORMATS §5.2, with a notice row above the header), then parses and
validates it with a 500-product catalogue. Each size is measured twice: with a
shared-string table (how Excel and the channels save) and with inline strings
(how openpyxl writes; slower to read). Prints file size, seconds (untraced run)
and the peak Python heap (a second run under tracemalloc).
"""
from __future__ import annotations

import datetime as dt
import re
import resource
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inventory.importing import (
    CatalogProduct,
    CatalogResolver,
    parse_upload,
)

HEADER = [
    "상품주문번호", "주문번호", "배송방법", "택배사", "송장번호", "판매채널", "수취인명",
    "주문상태", "결제일", "상품번호", "상품명", "상품종류", "옵션정보", "옵션관리코드", "수량",
    "옵션가격", "상품가격", "최종 상품별 할인액", "최종 상품별 총 주문금액", "배송비 묶음번호",
    "배송비 합계", "판매자 상품코드", "주문일시",
]
PRODUCTS = 500


def build(path: Path, rows: int) -> None:
    """A workbook of `rows` order lines (openpyxl writes inline strings)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "발주발송관리"
    sheet.append(["◈ 다운로드 받은 파일로 '엑셀 일괄발송' 처리하는 방법"])
    sheet.append(HEADER)
    start = dt.datetime(2025, 1, 1, 9, 0)
    for index in range(rows):
        paid = start + dt.timedelta(minutes=17 * index)
        status = "취소" if index % 50 == 0 else "결제완료"
        sheet.append([
            f"2025{index:012d}", f"9025{index // 2:012d}", "택배,등기,소포", "CJ대한통운",
            "", "스마트스토어", "홍길동", status, paid, "9000000001", "베이직 반팔티",
            "조합형옵션상품", "색상: 블랙 / 사이즈: M", f"SKU-{index % PRODUCTS:04d}",
            1 + index % 3, 0, 12900, 0, 12900, f"B{index // 2}", 3000, "TEE", paid,
        ])
    workbook.save(path)


_INLINE = re.compile(
    rb'<c r="([A-Z]+\d+)"( s="\d+")? t="inlineStr"><is><t>(.*?)</t></is></c>'
)


def to_shared_strings(path: Path) -> None:
    """Rewrite inline strings as a shared-string table, the way Excel saves."""
    with zipfile.ZipFile(path) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    table: dict[bytes, int] = {}

    def shared(match: re.Match[bytes]) -> bytes:
        index = table.setdefault(match.group(3), len(table))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (
            match.group(1), match.group(2) or b"", index)

    sheet = "xl/worksheets/sheet1.xml"
    entries[sheet] = _INLINE.sub(shared, entries[sheet])
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    items = b"".join(b"<si><t>%s</t></si>" % text for text in table)
    entries["xl/sharedStrings.xml"] = (
        b'<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>'
        % (main, len(table), len(table), items)
    )
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        b"</Types>",
    )
    rels = "xl/_rels/workbook.xml.rels"
    entries[rels] = entries[rels].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" '
        b'Target="sharedStrings.xml"/></Relationships>',
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries.items():
            target.writestr(name, data)


def measure(rows: int, folder: Path, *, shared: bool) -> str:
    """Parse once untraced (time), once under tracemalloc (peak heap)."""
    path = folder / f"smartstore_{rows}.xlsx"
    build(path, rows)
    if shared:
        to_shared_strings(path)
    resolver = CatalogResolver(
        CatalogProduct(i, f"SKU-{i:04d}", f"상품 {i}") for i in range(PRODUCTS)
    )
    started = time.perf_counter()
    upload = parse_upload(path, path.name, resolver)
    seconds = time.perf_counter() - started
    assert upload.ok and len(upload.rows) == rows - rows // 50, upload.problems[:3]
    tracemalloc.start()
    parse_upload(path, path.name, resolver)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    layout = "shared strings (Excel)" if shared else "inline strings (openpyxl)"
    return (
        f"{rows:>6} rows  {layout:<26} {path.stat().st_size / 1e6:5.2f} MB  "
        f"{seconds:6.2f} s  {rows / seconds:6.0f} rows/s  "
        f"peak heap {peak / 1e6:5.1f} MB"
    )


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [5_000, 20_000]
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            for shared in (True, False):
                print(measure(rows, Path(folder), shared=shared), flush=True)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS of this process (includes building the files): {rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
