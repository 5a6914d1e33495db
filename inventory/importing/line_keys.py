"""Canonical order-line keys, shared by channel exports and channel APIs.

A channel order line arriving by API (channel_sync) and again in an uploaded
export must produce the same key, so the ledger counts it once: the key is
stored as `ExternalReference.ref` with `scope = str(channel.pk)`. Pure code.

Which export column feeds each key (see ../shared/CHANNEL_FORMATS.md §1 and
§4 of CHANNEL_APIS.md); `EXPORT_KEY_COLUMNS` is what the upload reads:

| channel   | API field(s)                        | export column(s)                 |
|-----------|-------------------------------------|----------------------------------|
| Coupang   | shipmentBoxId + orderItems.vendorItemId | 묶음배송번호 + 옵션ID           |
| SmartStore| productOrderId                      | 상품주문번호                       |
| Cafe24    | items.order_item_code               | 품목별 주문번호 / order_item_code  |
| Sabangnet | IDX                                 | 주문번호(사방넷)                    |
| PlayAuto  | uniq                                | 주문고유번호 / uniq                 |

Keys are the identifiers as text: spaces trimmed, a number typed into Excel
("6.1E+11" read as 610000000123.0) written back as its digits, a leading
apostrophe (Excel's text marker) dropped. Identifiers are case-sensitive.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from .messages import _
from .values import clean_text

MAX_KEY_LENGTH = 128  # ExternalReference.ref
BLANK_PART = _("%(name)s is blank")
KEY_TOO_LONG = _("order-line key longer than %(limit)s characters")


class LineKeyError(ValueError):
    """An identifier that cannot form a key (blank or too long); `template`
    and `params` say why (to be said in the reader's language), `str()` in
    English."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template % params)
        self.template = template
        self.params = params


def line_id_text(value: Any) -> str:
    """An identifier cell as canonical text ('' when blank)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    text = clean_text(value)
    if text.startswith("'"):
        text = text[1:].strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if "e+" in text.lower() and text.replace(".", "", 1).lower().replace(
        "e+", "", 1
    ).isdigit():
        try:
            text = str(int(Decimal(text)))
        except (InvalidOperation, ValueError):
            pass
    return text


def _part(name: str, value: Any) -> str:
    text = line_id_text(value)
    if not text:
        raise LineKeyError(BLANK_PART, name=name)
    return text


def _checked(key: str) -> str:
    if len(key) > MAX_KEY_LENGTH:
        raise LineKeyError(KEY_TOO_LONG, limit=str(MAX_KEY_LENGTH))
    return key


def coupang_line_key(*, shipment_box_id: Any, vendor_item_id: Any) -> str:
    """Coupang: "BOX:VENDORITEM" (items have no id of their own)."""
    box = _part("shipment_box_id", shipment_box_id)
    item = _part("vendor_item_id", vendor_item_id)
    return _checked(f"{box}:{item}")


def naver_line_key(*, product_order_id: Any) -> str:
    """Naver SmartStore: the productOrderId (상품주문번호)."""
    return _checked(_part("product_order_id", product_order_id))


def cafe24_line_key(*, order_item_code: Any) -> str:
    """Cafe24: order_item_code (품목별 주문번호), e.g. 20251001-0000123-01."""
    return _checked(_part("order_item_code", order_item_code))


def sabangnet_line_key(*, idx: Any) -> str:
    """Sabangnet: IDX (주문번호(사방넷))."""
    return _checked(_part("idx", idx))


def playauto_line_key(*, uniq: Any, code: Any = "") -> str:
    """PlayAuto: uniq (주문고유번호), + the SKU코드 when given: a set sold as
    one shop line comes as one row per SKU sharing the uniq."""
    base = _part("uniq", uniq)
    code_text = line_id_text(code)
    return _checked(f"{base}:{code_text}" if code_text else base)


def generic_line_key(*, order_id: Any, line: Any) -> str:
    """A file without a channel line id: order id + line number or product code."""
    return _checked(f"{_part('order_id', order_id)}:{_part('line', line)}")


# Export format → (key builder, {argument: export headers that can feed it}).
# Headers are compared after headers.normalise(); the first present one wins.
EXPORT_KEY_COLUMNS: dict[str, tuple[Any, dict[str, tuple[str, ...]]]] = {
    "coupang": (coupang_line_key, {
        "shipment_box_id": ("묶음배송번호", "shipmentBoxId"),
        "vendor_item_id": ("옵션ID", "vendorItemId"),
    }),
    "smartstore": (naver_line_key, {
        "product_order_id": ("상품주문번호", "productOrderId"),
    }),
    "cafe24": (cafe24_line_key, {
        "order_item_code": ("품목별 주문번호", "order_item_code"),
    }),
    "sabangnet": (sabangnet_line_key, {"idx": ("주문번호(사방넷)", "IDX")}),
    "playauto": (playauto_line_key, {"uniq": ("주문고유번호", "uniq")}),
}


def export_line_key(file_format: str, values: dict[str, Any]) -> str:
    """The canonical key of an export row from its key cells; '' when incomplete."""
    spec = EXPORT_KEY_COLUMNS.get(file_format)
    if spec is None:
        return ""
    builder, _columns = spec
    try:
        return builder(**values)
    except (LineKeyError, TypeError):
        return ""
