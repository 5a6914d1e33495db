"""The upload template: an .xlsx prefilled with every active product.

Columns the user must not change (SKU, PlayAuto SKU, name, category, kind) are
grey and locked (the sheet is protected without a password, so it protects
against slips, not people); the columns to fill are unlocked and validated.
The headers are the bilingual ones the upload parser recognises
(inventory/importing/headers.py TEMPLATE_COLUMNS), so a filled template is read
back whatever the user's language. Written in openpyxl's write-only mode so a
20,000-row template stays small in memory.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import Organization
from inventory import selectors
from inventory.importing import TEMPLATE_COLUMNS
from inventory.importing.values import MAX_AMOUNT
from inventory.models import Product
from smartstock import xlsx

_HEADER = dict(TEMPLATE_COLUMNS)
# (key, header, locked). The headers stay bilingual on purpose: the file is read
# back by the parser whatever language the user works in.
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("sku", _HEADER["sku"], True),
    ("playauto_sku", "플레이오토 SKU (PlayAuto SKU)", True),
    ("product_name", _HEADER["product_name"], True),
    ("category", "카테고리 (Category)", True),
    ("kind", "단품/세트 (Single/Set)", True),
    ("date", _HEADER["date"], False),
    ("inbound", _HEADER["inbound"], False),
    ("outbound", _HEADER["outbound"], False),
    ("amount", _HEADER["amount"], False),
    ("stock", _HEADER["stock"], False),
    ("channel", _HEADER["channel"], False),
    ("lot", _HEADER["lot"], False),
    ("expiry", _HEADER["expiry"], False),
    ("note", _HEADER["note"], False),
)
KIND_TEXT = {Product.Kind.SINGLE: "단품 (Single)", Product.Kind.SET: "세트 (Set)"}
INSTRUCTIONS = (
    "SmartStock 입출고 업로드 양식 / SmartStock stock upload template",
    "",
    "1. '입출고' 시트의 흰색 칸만 채우세요. 회색 칸(SKU, 상품명 등)은 바꾸지 마세요.",
    "   Fill in the white cells of the sheet '입출고' only. Do not change the grey "
    "cells (SKU, product name, ...).",
    "2. 입고·출고는 낱개(EA) 수량입니다. 빈 칸은 0으로 봅니다. 필요 없는 행은 비워 두면 "
    "건너뜁니다.",
    "   Inbound and outbound are quantities in units (EA). Blank means 0; rows "
    "left blank are skipped.",
    "3. 재고 실사 칸에 실제로 센 수량을 넣으면 재고가 그 수량으로 조정됩니다.",
    "   A number in 'Stock count' sets the stock to that counted quantity.",
    "4. 채널은 목록에서 고르세요(출고에만 쓰입니다). 로트와 유통기한은 선택 사항입니다.",
    "   Pick the channel from the list (outbound only). Lot and expiry date are "
    "optional.",
    "5. 날짜는 YYYY-MM-DD 형식입니다. 세트 상품의 출고는 구성품 출고로 기록됩니다.",
    "   Dates are YYYY-MM-DD. Outbound of a set is recorded as its components' "
    "outbound.",
    "6. 판매금액(선택)은 그 행의 출고에 대해 고객이 실제로 결제한 금액(원, 합계)입니다. "
    "비워 두면 매출은 판매가 × 수량으로 추정합니다.",
    "   Amount (optional) is what customers actually paid for the row's outbound "
    "units, in won (the total). Left blank, revenue is estimated as units × the "
    "selling price.",
    "7. 저장한 파일(.xlsx)을 SmartStock의 업로드 화면에 올리면 미리보기가 나오고, "
    "확인해야만 반영됩니다.",
    "   Upload the saved .xlsx in SmartStock: you see a preview, and nothing "
    "changes until you confirm.",
)
SHEET = "입출고"
LISTS_SHEET = "Lists"
MAX_WIDTH = 50


def template_days(date_from: dt.date, date_to: dt.date | None) -> list[dt.date]:
    """Every day of the range (one day when there is no end)."""
    date_to = date_to or date_from
    count = (date_to - date_from).days + 1
    return [date_from + dt.timedelta(days=n) for n in range(count)]


def template_workbook(
    *, organization: Organization, date_from: dt.date, date_to: dt.date | None = None
) -> bytes:
    """The template as .xlsx bytes: one row per active product per day."""
    products = list(selectors.template_products(organization=organization))
    days = template_days(date_from, date_to)
    limit = settings.SMARTSTOCK_UPLOAD_MAX_ROWS
    if len(products) * len(days) > limit:
        raise ValidationError(
            _("%(products)s products × %(days)s days is more than the %(limit)s rows "
              "an upload may have. Choose a shorter date range.")
            % {"products": len(products), "days": len(days), "limit": f"{limit:,}"}
        )
    channels = [c.name for c in selectors.channel_list(organization=organization)
                if c.is_active]
    return xlsx.workbook_bytes([
        xlsx.Sheet(
            title=SHEET, headers=[header for _key, header, _locked in COLUMNS],
            rows=_rows(products, days), widths=_widths(products), freeze_columns=1,
            locked_columns=frozenset(i for i, c in enumerate(COLUMNS) if c[2]),
            protect=True, customize=_validations(len(channels)),
        ),
        xlsx.Sheet(title="안내 (Instructions)", rows=[[line] for line in INSTRUCTIONS],
                   widths={0: 110}),
        xlsx.Sheet(title=LISTS_SHEET, rows=[["채널 (Channel)"], *([n] for n in channels)],
                   hidden=True),
    ])


def _rows(products: list[Product], days: list[dt.date]) -> Iterator[list[object]]:
    for day in days:
        for product in products:
            yield [
                product.sku, product.playauto_sku, product.name,
                product.category.name if product.category_id else "",
                KIND_TEXT.get(product.kind, product.kind),
                day, None, None, None, None, None, None, None, None,
            ]


def _widths(products: list[Product]) -> dict[int, float]:
    """Widths fitting the headers and the product texts (Korean counts double)."""
    samples = {
        "sku": [p.sku for p in products[:2000]],
        "playauto_sku": [p.playauto_sku for p in products[:2000]],
        "product_name": [p.name for p in products[:2000]],
        "category": [p.category.name for p in products[:2000] if p.category_id],
        "date": ["2025-10-01"],
        "expiry": ["2025-10-01"],
    }
    return {
        index: min(max(xlsx.display_width(text)
                       for text in [header, *samples.get(key, [])]) + 2, MAX_WIDTH)
        for index, (key, header, _locked) in enumerate(COLUMNS)
    }


def _validations(channel_count: int):
    """The template's own addition: validated quantity, date and channel cells."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    def customize(sheet, header_row: int, last_row: int) -> None:
        last = max(last_row, 2)
        letters = {key: get_column_letter(i)
                   for i, (key, _h, _l) in enumerate(COLUMNS, 1)}

        def validate(key: str, validation: DataValidation) -> None:
            validation.error = _("The value is not valid for this column.")
            validation.showErrorMessage = True
            sheet.data_validations.append(validation)
            validation.add(f"{letters[key]}2:{letters[key]}{last}")

        for key in ("inbound", "outbound", "stock"):
            validate(key, DataValidation(type="whole", operator="greaterThanOrEqual",
                                         formula1="0", allow_blank=True))
        validate("amount", DataValidation(type="whole", operator="between",
                                          formula1="0", formula2=str(MAX_AMOUNT),
                                          allow_blank=True))
        for key in ("date", "expiry"):
            validate(key, DataValidation(type="date", operator="greaterThan",
                                         formula1="1", allow_blank=True))
        if channel_count:
            validate("channel", DataValidation(
                type="list", formula1=f"{LISTS_SHEET}!$A$2:$A${channel_count + 1}",
                allow_blank=True,
            ))

    return customize
