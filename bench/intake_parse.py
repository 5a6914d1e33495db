"""Time and peak memory of parse_upload on SmartStore-shaped xlsx files.

Run: .venv/bin/python bench/intake_parse.py [rows ...]   (default: 5000 20000)
Builds each file in a temporary folder (23 columns, like the sample in
CHANNEL_FORMATS §5.2, with a notice row above the header), then parses and
validates it with a 500-product catalogue. Prints file size, seconds (untraced
run), the peak Python heap (a second run under tracemalloc, which is slower)
and the process's max RSS so far.
"""
from __future__ import annotations

import datetime as dt
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from inventory.importing import (  # noqa: E402
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
    """A workbook of `rows` order lines, laid out as Excel saves one.

    A normal (not write-only) workbook puts <dimension> first and uses shared
    strings, like Excel; write-only files make openpyxl scan the whole sheet
    once more at load time to size it (about 20 % slower).
    """
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


def measure(rows: int, folder: Path) -> str:
    """Parse once untraced (time), once under tracemalloc (peak heap)."""
    path = folder / f"smartstore_{rows}.xlsx"
    build(path, rows)
    resolver = CatalogResolver(
        CatalogProduct(i, f"SKU-{i:04d}", f"상품 {i}") for i in range(PRODUCTS)
    )
    started = time.perf_counter()
    upload = parse_upload(path, path.name, resolver)
    seconds = time.perf_counter() - started
    assert upload.ok, upload.problems[:3]
    tracemalloc.start()
    parse_upload(path, path.name, resolver)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (
        f"{rows:>6} rows  {path.stat().st_size / 1e6:5.2f} MB  {seconds:6.2f} s  "
        f"{rows / seconds:7.0f} rows/s  peak heap {peak / 1e6:6.1f} MB  "
        f"max RSS {rss_mb:6.0f} MB  ({len(upload.rows)} movements, "
        f"{upload.skipped_counts['cancelled']} cancelled)"
    )


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [5_000, 20_000]
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            print(measure(rows, Path(folder)))


if __name__ == "__main__":
    main()
