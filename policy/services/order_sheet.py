"""The order sheet (발주표) as .xlsx: one row per product to order.

Written by smartstock.xlsx: every cell goes through the export sanitiser, so a product or
supplier name starting with "=" cannot run as a formula; numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _

from accounts.models import Organization
from policy import selectors
from policy.selectors import OrderSheetRow
from smartstock import xlsx

XLSX_MIME = xlsx.XLSX_MIME


def order_sheet_headers() -> list[str]:
    """Column titles in the user's language."""
    return [
        _("Supplier"), _("SKU"), _("Product"), _("Current stock"), _("On order"),
        _("30-day forecast"), _("Safety stock"), _("Reorder point"),
        _("Recommended quantity"), _("MOQ"), _("Order quantity"),
        _("Lead time (days)"), _("Order by"), _("Expected arrival"),
    ]


def order_sheet_values(row: OrderSheetRow) -> list:
    """One product's cells (numbers as numbers, dates as dates)."""
    rec = row.recommendation
    return [
        row.supplier_name or _("(no supplier)"), row.product.sku, row.product.name,
        round(rec.on_hand), round(rec.on_order), round(rec.forecast_30d, 1),
        round(rec.safety_stock, 1), round(rec.reorder_point, 1),
        rec.recommended_quantity, row.product.moq, row.order_quantity,
        round(row.lead_time_days, 1), rec.order_by_date, rec.expected_arrival_date,
    ]


def order_sheet_xlsx(rows: Sequence[OrderSheetRow], *, as_of: dt.date | None) -> bytes:
    """The sheet as .xlsx bytes (smartstock.xlsx: sanitised, fitted, frozen)."""
    return xlsx.workbook_bytes([xlsx.Sheet(
        title=_("Order sheet"), preamble=[[_("Order sheet"), as_of], []],
        headers=order_sheet_headers(), rows=[order_sheet_values(r) for r in rows],
        widths={0: 18, 1: 16, 2: 32}, print_fit_width=True, landscape=True,
    )])


def order_sheet_build(*, organization: Organization) -> tuple[str, bytes]:
    """(file name, .xlsx bytes) of the organization's current order sheet."""
    as_of = selectors.recommendation_latest_as_of(organization=organization)
    rows = selectors.order_sheet_rows(organization=organization)
    day = (as_of or selectors.today()).isoformat()
    return f"order-sheet-{day}.xlsx", order_sheet_xlsx(rows, as_of=as_of)
