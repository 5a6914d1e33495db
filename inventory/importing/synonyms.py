"""Header vocabulary: synonyms per field and the channel-export signatures.

Sources: /work/shared/CHANNEL_FORMATS.md §1 and §4. Within a field, earlier
synonyms win (e.g. the payment date beats the order date for sales). Headers
are compared after `normalise()` in headers.py.
"""
from __future__ import annotations

FIELDS: dict[str, tuple[str, ...]] = {
    "date": (
        "결제일", "결제일시(입금확인일)", "결제일자(입금확인일)", "결제일시", "결제완료일",
        "입금일시", "입금확인일", "예약결제완료일시", "주문일", "주문일시", "주문일자",
        "주문 일시", "발주일시", "판매일", "판매일자", "매출일", "거래일", "일자", "날짜",
        "입고일", "입고일자", "출고일", "출고일(발송일)", "발송일", "출고완료일",
        "출고 완료일자", "배송완료일", "구매확정일자", "수집일시",
        "일자-No.", "일자-No", "일자No",
        "date", "paid at", "payment date", "paymentdate", "payment_date", "paid_date",
        "paidat", "pay_time", "order date", "orderedat", "order_date", "ord_time",
        "sale date", "ship date", "business date",
    ),
    "sku": (
        "마스터 SKU", "마스터SKU", "master sku", "내부SKU", "SKU", "자체 품목코드",
        "자체품목코드", "옵션관리코드", "옵션 관리 코드", "업체상품코드", "자체상품코드",
        "자체 상품코드", "판매자 내부코드1", "판매자상세관리코드", "상품관리코드", "재고코드",
        "품번", "품번코드", "품목코드", "관리코드", "옵션별칭",
        "sku_code", "item code", "item_code", "seller sku", "externalvendorskucode",
        "optionmanagecode", "custom_variant_code",
    ),
    "playauto_sku": (
        "플레이오토 SKU", "플레이오토SKU", "playauto sku", "SKU코드", "SKU 코드",
        "sku_cd",
    ),
    "channel_code": (
        "채널 상품코드", "채널코드", "옵션ID", "상품품목코드", "단품코드(사방넷)", "단품코드",
        "옵션코드", "상품코드(쇼핑몰)", "쇼핑몰 상품번호", "노출상품ID", "상품번호",
        "상품코드(사방넷)", "상품코드", "바코드",
        "channel code", "vendoritemid", "variant_code", "optioncode", "barcode",
    ),
    "quantity": (
        "EA(확정)", "수량", "주문수량", "구매수(수량)", "구매수", "상품수량", "판매수량",
        "총수량", "수량(개)", "내품수량", "판매량", "EA",
        "qty", "quantity", "sale_cnt", "shippingcount", "units", "pcs",
    ),
    "inbound": (
        "입고", "입고수량", "입고량", "입고 수량", "입고확정수량", "매입수량", "발주입고",
        "inbound", "receipt qty", "received", "receiving", "stock in",
    ),
    "outbound": (
        "출고", "출고수량", "출고량", "출고 수량", "출하수량", "발송수량", "판매출고",
        "SKU 총 출고수량", "출고완료수량",
        "outbound", "shipped qty", "shipments", "stock out", "issued",
    ),
    "stock": (
        "재고 실사", "재고실사", "실사수량", "재고", "재고수량", "현재고", "현재 재고",
        "가용재고", "실재고", "정상재고", "재고량", "총 재고량", "보유수량", "보유재고",
        "창고재고", "기말재고", "잔량",
        "stock count", "stock", "on hand", "on_hand_qty", "inventory", "qty on hand",
        "soh",
    ),
    "channel": (
        "채널", "판매처", "판매채널", "쇼핑몰", "쇼핑몰명", "쇼핑몰(계정)", "몰", "몰명", "마켓",
        "마켓명", "플랫폼", "매출처", "거래처", "거래처명",
        "channel", "shop", "shop_name", "mall", "marketplace", "platform",
        "sales channel",
    ),
    "product_name": (
        "상품명", "상품명(확정)", "주문상품명", "등록상품명", "온라인 상품명",
        "상품명(한국어 쇼핑몰)", "SKU상품명", "SKU명", "품목명", "품명", "제품명",
        "상품 이름", "출력상품명", "상품명(수집)", "노출상품명(옵션명)", "상품약어",
        "product name", "item name", "productname", "product_name", "shop_sale_name",
        "title",
    ),
    "option": (
        "옵션", "옵션정보", "옵션 정보", "옵션명", "등록옵션명", "상품옵션", "상품옵션(기본)",
        "선택옵션", "주문선택사항", "옵션(확정)", "옵션(수집)", "옵션조합", "옵션값", "규격",
        "사양", "option", "option name", "variant", "productoption", "shop_opt_name",
        "option_value",
    ),
    "order_line_id": (
        "상품주문번호", "품목별 주문번호", "주문번호(사방넷)", "주문고유번호", "주문상세번호",
        "주문순번", "order line id", "productorderid", "order_item_code", "uniq",
    ),
    "order_id": (
        "주문번호", "주문 번호", "주문번호(쇼핑몰)", "쇼핑몰 주문번호", "고객주문번호",
        "부주문번호", "order id", "order no", "orderid", "order_number", "shop_ord_no",
    ),
    "unit": (
        "단위", "판매단위", "출고단위", "포장단위", "규격단위", "unit", "uom",
    ),
    "price": (
        "판매가", "판매단가", "옵션판매가(판매단가)", "상품가격", "판매가(수집)",
        "판매가(상품)", "단가",
        "price", "unit price", "unitprice", "salesprice",
    ),
    # What the customer paid for the whole line (CHANNEL_FORMATS §1): Coupang
    # 결제액, SmartStore 최종 상품별 총 주문금액 (older: 상품별 총 주문금액), Cafe24
    # 품목별 결제금액 (after discounts) or 상품구매금액(KRW), Sabangnet 결제금액,
    # PlayAuto 금액; our template's 판매금액. Whole headers only (see headers.py):
    # order-level totals such as 총결제금액(KRW) contain these words.
    "amount": (
        "결제액", "최종 상품별 총 주문금액", "상품별 총 주문금액", "품목별 결제금액",
        "상품구매금액(KRW)", "결제금액", "판매금액", "매출액", "금액", "주문금액",
        "amount", "amount paid", "paid amount", "line amount", "sales amount",
        "orderprice", "totalpaymentamount", "payment_amount", "pay_amt",
    ),
    "lot": ("로트", "로트번호", "LOT", "lot no", "lot번호", "배치", "batch", "제조번호"),
    "expiry": (
        "유통기한", "소비기한", "유효기한", "유통기한일자", "expiry", "expiry date",
        "expiration", "best before", "bbd",
    ),
    "status": (
        "주문상태", "주문 상태", "주문세부상태", "발주서상태", "주문구분", "처리상태",
        "order status", "status", "ord_status", "order_status",
    ),
    "cancel_flag": ("취소여부", "결제구분", "취소구분"),
    # Units of the line cancelled since (older Coupang 취소수량; its API's
    # cancelCount): the line counts quantity − cancelled. Coupang's 환불대기수량
    # (a refund asked for, not granted) stays unread, as channel sync does for
    # shipped lines.
    "cancelled_quantity": ("취소수량", "cancelcount"),
    "note": ("메모", "비고", "적요", "note", "notes", "memo", "remark", "remarks"),
    "parent_line": ("원주문번호(사방넷)", "원주문번호"),
    "set_split": ("세트분리주문구분",),
}

# Headers that look like a field but must never be mapped (CHANNEL_FORMATS §4).
NEVER_MAP: tuple[str, ...] = (
    "번호", "no", "묶음배송번호", "묶음번호", "배송비 묶음번호", "bundle_no",
    "환불대기수량", "옵션 판매수량", "옵션판매수량", "EA(상품)",
    "안전재고", "적정재고", "불량재고", "예약재고", "입고예정수량",
    "발송기한", "주문시 출고예정일", "분리배송 출고예정일", "배송희망일", "송장출력일",
    "결제위치", "주문경로", "매출경로", "분리배송 Y/N", "배송비 합계", "배송비",
    "판매자 상품코드", "판매자관리코드", "계정", "id",
)

# Fields whose cells are codes/quantities: a formula there is an error.
KEY_FIELDS = (
    "date", "sku", "playauto_sku", "channel_code", "quantity", "inbound",
    "outbound", "stock", "status", "order_id", "order_line_id", "unit",
    "cancel_flag", "amount", "cancelled_quantity",
)
QUANTITY_FIELDS = ("quantity", "inbound", "outbound", "stock")
# The amount column each channel export names, in order of preference (the
# paid amount after discounts before the list total): in a recognised export
# only these are read as the amount (CHANNEL_FORMATS §1 and §5).
SIGNATURE_AMOUNTS: dict[str, tuple[str, ...]] = {
    "coupang": ("결제액",),
    "smartstore": ("최종 상품별 총 주문금액", "상품별 총 주문금액"),
    "cafe24": ("품목별 결제금액", "상품구매금액(KRW)", "payment_amount"),
    "playauto": ("금액",),
    "sabangnet": ("결제금액",),
}
# Text key columns whose export escaping (a leading apostrophe before =, +, -,
# @) is undone on import, so an exported SKU such as "=A1" reads back the same.
TEXT_KEY_FIELDS = ("sku", "playauto_sku", "channel_code", "order_id",
                   "order_line_id", "lot")
CODE_FIELDS = ("sku", "playauto_sku", "channel_code")
# Date headers that hold the payment moment: blank on an order line not paid
# yet (Cafe24 입금전, a bank transfer awaiting deposit), which is no sale yet.
PAYMENT_DATE_HEADERS = (
    "결제일", "결제일시(입금확인일)", "결제일자(입금확인일)", "결제일시", "결제완료일",
    "입금일시", "입금확인일", "paid at", "payment date", "paymentdate", "payment_date",
    "paid_date", "paidat", "pay_time",
)

# Signatures of known exports, checked in order; each entry is a list of
# alternatives, each alternative a set of headers that must all be present
# (after normalisation, bracket hints kept). See CHANNEL_FORMATS §4.
SIGNATURES: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    ("coupang", (
        ("묶음배송번호", "주문번호", "구매수(수량)", "등록옵션명"),
        ("묶음배송번호", "주문번호", "구매수(수량)", "노출상품명(옵션명)"),
        ("묶음배송번호", "주문번호", "구매수(수량)", "옵션ID"),
    )),
    ("smartstore", (("상품주문번호", "주문번호", "옵션정보", "수량"),)),
    ("sabangnet", (
        ("주문번호(사방넷)",), ("상품코드(사방넷)",), ("단품코드(사방넷)",),
        ("주문번호(쇼핑몰)", "상품명(확정)"), ("EA(확정)",),
    )),
    ("playauto", (
        ("묶음번호", "쇼핑몰", "SKU코드"), ("묶음번호", "쇼핑몰명", "SKU코드"),
        ("SKU 총 출고수량",),
    )),
    ("cafe24", (
        ("주문번호", "품목별 주문번호"), ("결제일시(입금확인일)",),
        ("상품품목코드", "주문상품명"),
        # The English, API-style column names (Cafe24 Admin API fields).
        ("order_id", "order_item_code"),
    )),
)

# Channel name to record when the file has no channel column.
FORMAT_CHANNELS = {
    "coupang": "쿠팡",
    "smartstore": "스마트스토어",
    "cafe24": "카페24",
}
ORDER_FORMATS = {"coupang", "smartstore", "sabangnet", "playauto", "cafe24"}
