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
from policy.selectors import ToOrderLine, ToOrderTotals
from smartstock import xlsx

XLSX_MIME = xlsx.XLSX_MIME


def order_sheet_headers() -> list[str]:
    """Column titles in the user's language."""
    return [
        _("Supplier"), _("SKU"), _("Product"), _("Current stock"), _("On order"),
        _("30-day forecast"), _("Safety stock"), _("Reorder point"),
        _("Recommended quantity"), _("MOQ"), _("Pack size"), _("Order quantity"),
        _("Due"), _("Unit cost"), _("Amount"), _("Lead time (days)"),
        _("Order by"), _("Expected arrival"),
    ]


QUANTITY_COLUMN, AMOUNT_COLUMN = 11, 14
# Thousands separators on every count and sum of won (a total of 4,572 units,
# not 4572), one decimal on the forecast figures.
_NUMBER_FORMATS = {**dict.fromkeys((3, 4, 8, 9, 10, 11, 13, 14), "#,##0"),
                   **dict.fromkeys((5, 6, 7, 15), "#,##0.0")}


def order_sheet_values(line: ToOrderLine) -> list:
    """One product's cells (numbers as numbers, dates as dates): the order
    screen's quantity, due date and amount (policy.selectors.to_order)."""
    rec, product, order = line.rec, line.product, line.order
    return [
        product.supplier.name if product.supplier else _("(no supplier)"),
        product.sku, product.name, round(rec.on_hand), round(rec.on_order),
        round(rec.forecast_30d, 1), round(rec.safety_stock, 1),
        round(rec.reorder_point, 1), order.advised, product.moq,
        product.order_multiple, order.quantity, order.due_date,
        None if line.unit_cost is None else float(line.unit_cost),
        None if line.amount is None else float(line.amount),
        round(rec.lead_time_days, 1), rec.order_by_date, order.arrival_date,
    ]


def order_sheet_footer(totals: ToOrderTotals) -> list[list]:
    """A blank row, the total units and amount, and what the amount leaves out."""
    total: list = [None] * len(order_sheet_headers())
    total[0] = _("Total")
    total[QUANTITY_COLUMN], total[AMOUNT_COLUMN] = totals.units, float(totals.amount)
    footer = [[], total]
    if totals.missing_cost:
        footer.append([_("%(count)s products have no unit cost: not in the amount.")
                       % {"count": totals.missing_cost}])
    return footer


def order_sheet_xlsx(lines: Sequence[ToOrderLine], *, as_of: dt.date | None) -> bytes:
    """The sheet as .xlsx bytes (smartstock.xlsx: sanitised, fitted, frozen)."""
    return xlsx.workbook_bytes([xlsx.Sheet(
        title=_("Order sheet"), preamble=[[_("Order sheet"), as_of], []],
        headers=order_sheet_headers(), rows=[order_sheet_values(r) for r in lines],
        footer=order_sheet_footer(selectors.to_order_totals(lines)),
        widths={0: 18, 1: 16, 2: 32}, number_formats=_NUMBER_FORMATS,
        print_fit_width=True, landscape=True,
    )])


def order_sheet_build(*, organization: Organization) -> tuple[str, bytes]:
    """(file name, .xlsx bytes) of the organization's current order sheet."""
    name, content, _lines = order_sheet_build_with_lines(organization=organization)
    return name, content


def order_sheet_build_with_lines(
    *, organization: Organization,
) -> tuple[str, bytes, list[ToOrderLine]]:
    """The file name, the .xlsx and the lines in it: this week's lines of the
    order screen (due now, late, or due within 7 days), with its quantities."""
    as_of = selectors.recommendation_latest_as_of(organization=organization)
    lines = selectors.order_sheet_rows(organization=organization)
    day = (as_of or selectors.today()).isoformat()
    return f"order-sheet-{day}.xlsx", order_sheet_xlsx(lines, as_of=as_of), lines
