"""Channel exports shaped like the real downloads, for the bench and the tests.

Built from the full layouts in ../shared/CHANNEL_FORMATS.md §1 (every column a
real file carries, in the channel's order, addresses, phone numbers, the
dispatch address 출고지, several dates), not from the short fixtures of §5.
All names, phones and addresses are invented. Pure: openpyxl only.
"""
from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Sequence

import openpyxl

COUPANG_HEADER = [
    "번호", "묶음배송번호", "주문번호", "택배사", "운송장번호", "분리배송 Y/N",
    "분리배송 출고예정일", "주문시 출고예정일", "출고일(발송일)", "주문일", "등록상품명",
    "등록옵션명", "노출상품명(옵션명)", "노출상품ID", "옵션ID", "최초등록등록상품명/옵션명",
    "업체상품코드", "바코드", "결제액", "배송비구분", "배송비", "도서산간 추가배송비",
    "구매수(수량)", "옵션판매가(판매단가)", "구매자", "구매자전화번호", "수취인이름",
    "수취인전화번호", "우편번호", "수취인 주소", "배송메세지", "상품별 추가메시지",
    "주문자 추가메시지", "배송완료일", "구매확정일자", "개인통관번호(PCCC)",
    "통관용수취인전화번호", "기타", "결제위치", "배송유형",
]

SMARTSTORE_NOTICE = (
    "◈ 다운로드 받은 파일로 '엑셀 일괄발송' 처리하는 방법 ※ 파일 업로드 시, 1행 삭제 후 "
    "업로드 해주세요."
)
SMARTSTORE_HEADER = [
    "상품주문번호", "주문번호", "배송방법(구매자 요청)", "배송방법", "택배사", "송장번호",
    "발송일", "판매채널", "구매자명", "구매자ID", "수취인명", "주문상태", "주문세부상태",
    "결제위치", "결제일", "상품번호", "상품명", "상품종류", "옵션정보", "옵션관리코드", "수량",
    "옵션가격", "상품가격", "최종 상품별 할인액", "최종 상품별 총 주문금액",
    "최초 상품별 총 주문금액", "사은품", "발주확인일", "발송기한", "발송처리일", "송장출력일",
    "배송비 형태", "배송비 묶음번호", "배송비 유형", "배송비 합계", "제주/도서 추가배송비",
    "배송비 할인액", "판매자 상품코드", "판매자 내부코드1", "판매자 내부코드2",
    "수취인연락처1", "수취인연락처2", "통합배송지", "기본배송지", "상세배송지", "구매자연락처",
    "우편번호", "배송메세지", "출고지", "결제수단", "네이버페이 주문관리 수수료",
    "매출연동 수수료", "정산예정금액", "매출연동수수료 유입경로", "개인통관고유부호",
    "주문일시", "배송완료일",
]

_CITIES = ("서울특별시 강남구 테스트로", "부산광역시 해운대구 예시길", "경기도 성남시 샘플로",
           "대구광역시 중구 예제대로", "광주광역시 북구 시험길")
_NAMES = ("김테스트", "이샘플", "박예시", "최시험", "정모의")


def skus(count: int) -> list[str]:
    """The master SKUs the exports sell (the bench creates these products)."""
    return [f"B-{index:04d}" for index in range(count)]


def _address(rng: random.Random) -> str:
    return f"{rng.choice(_CITIES)} {rng.randint(1, 300)} {rng.randint(1, 20)}층"


def _phone(rng: random.Random) -> str:
    return f"050-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"


def coupang_rows(
    count: int, codes: Sequence[str], *, start: dt.datetime, seed: int = 1,
    first: int = 0,
) -> list[list[object]]:
    """DeliveryList data rows `first`..`first+count` (one per order item)."""
    rng = random.Random(seed)
    rows = []
    for index in range(first, first + count):
        ordered = start + dt.timedelta(minutes=7 * index)
        code = codes[index % len(codes)]
        quantity = 1 + index % 3
        name = rng.choice(_NAMES)
        rows.append([
            index + 1, f"61{index // 2:010d}", f"23{index // 3:012d}", "CJ 대한통운",
            f"5{index:011d}", "분리배송불가", "",
            (ordered + dt.timedelta(days=1)).strftime("%Y-%m-%d"),
            (ordered + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S"),
            ordered.strftime("%Y-%m-%d %H:%M:%S"), f"상품 {code}", "블랙 M",
            f"상품 {code}, 블랙 M", f"71{index % len(codes):08d}",
            f"85{index % len(codes):09d}", f"상품 {code} 블랙 M", code,
            f"880{index % len(codes):010d}", 12900 * quantity, "무료", 0, 0, quantity,
            12900, name, _phone(rng), name, _phone(rng), f"{rng.randint(1000, 63000):05d}",
            _address(rng), "문 앞에 놓아주세요", "", "", "", "", "", "", "", "PC",
            "판매자 배송",
        ])
    return rows


def coupang_xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    """DeliveryList(…).xlsx: sheet Delivery, header on row 1."""
    return _xlsx("Delivery", [COUPANG_HEADER, *rows])


def smartstore_rows(
    count: int, codes: Sequence[str], *, start: dt.datetime, seed: int = 2,
    first: int = 0, cancelled_every: int = 0,
) -> list[list[object]]:
    """발주발송관리 data rows (one per 상품주문번호), the full 57 columns."""
    rng = random.Random(seed)
    rows = []
    for index in range(first, first + count):
        paid = start + dt.timedelta(minutes=7 * index)
        code = codes[index % len(codes)]
        quantity = 1 + index % 3
        cancelled = cancelled_every and index % cancelled_every == 0
        name = rng.choice(_NAMES)
        rows.append([
            f"2026{index:012d}", f"2026{index // 2:012d}", "택배,등기,소포", "택배,등기,소포",
            "CJ대한통운", "", "", "스마트스토어", name, "test****", name,
            "취소" if cancelled else "결제완료", "", "모바일", paid, "9000000001",
            f"상품 {code}", "조합형옵션상품", "색상: 블랙 / 사이즈: M", code, quantity, 0,
            12900, 0, 12900 * quantity, 12900 * quantity, "", paid, paid + dt.timedelta(days=3),
            "", "", "선결제", f"2026{index // 2:08d}", "묶음배송", 3000, 0, 0, f"T-{code}",
            "", "", _phone(rng), "", _address(rng), _address(rng), "101동 1001호",
            _phone(rng), f"{rng.randint(1000, 63000):05d}", "", "경기도 이천시 물류로 12",
            "신용카드", 200, 0, 11000, "", "", paid - dt.timedelta(minutes=1), "",
        ])
    return rows


def smartstore_xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    """스마트스토어_전체주문발주발송관리: the notice on row 1, headers on row 2."""
    return _xlsx("발주발송관리", [[SMARTSTORE_NOTICE], SMARTSTORE_HEADER, *rows])


def _xlsx(title: str, rows: Sequence[Sequence[object]]) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
