"""The purchase order as the supplier receives it: .xlsx, printable page, email.

Only what a supplier needs: both parties' names and contacts, PO number and
date, requested delivery date (the latest line's), and per line the
supplier's code, our SKU, the product, quantity (a multiple of the pack size),
unit price, amount and the line's delivery date, with the total. None of the internal planning figures (forecast, safety stock,
reorder point, recommended quantity) appear here: the internal order sheet
(order_sheet.py) stays for the seller.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import User
from policy import selectors
from policy.models import PurchaseOrder
from smartstock import xlsx

# The columns of the supplier's document; tests check no planning column slips in.
SUPPLIER_COLUMNS = ("supplier_code", "sku", "product", "quantity", "pack",
                    "unit_price", "amount", "delivery_date")


@dataclass(frozen=True)
class DocumentLine:
    supplier_code: str
    sku: str
    product: str
    quantity: int
    pack: int  # order multiple (units per pack)
    unit_price: Decimal | None  # None: no unit cost on the line
    amount: Decimal | None
    delivery_date: dt.date | None  # the line's due date, else the order's


@dataclass(frozen=True)
class PoDocument:
    number: str
    date: dt.date
    delivery_date: dt.date | None
    seller_name: str
    seller_contact: str
    supplier_name: str
    supplier_contact: str
    supplier_email: str
    supplier_phone: str
    lines: list[DocumentLine]
    total: Decimal
    missing_prices: int


def po_document(*, order: PurchaseOrder, sender: User | None = None) -> PoDocument:
    """The supplier-facing content of an order (2 queries: order lines, products)."""
    organization, supplier = order.organization, order.supplier
    lines = []
    for line in selectors.po_lines(organization=organization, order=order):
        price = line.unit_cost if line.unit_cost and line.unit_cost > 0 else None
        lines.append(DocumentLine(
            supplier_code=line.product.supplier_sku, sku=line.product.sku,
            product=line.product.name, quantity=line.quantity,
            pack=max(1, line.product.order_multiple), unit_price=price,
            amount=price * line.quantity if price is not None else None,
            delivery_date=line.expected_date or order.expected_date))
    contacts = [part for part in (
        sender.name if sender and sender.name else "",
        sender.email if sender else "",
        (organization.purchasing_emails or "").split()[0]
        if (organization.purchasing_emails or "").split() else "",
    ) if part]
    return PoDocument(
        number=order.number,
        date=timezone.localdate(order.sent_at) if order.sent_at else selectors.today(),
        delivery_date=order.expected_date, seller_name=organization.name,
        seller_contact=" · ".join(dict.fromkeys(contacts)),
        supplier_name=supplier.name, supplier_contact=supplier.contact_person,
        supplier_email=supplier.email, supplier_phone=supplier.phone,
        lines=lines, total=sum((ln.amount for ln in lines if ln.amount is not None),
                               Decimal(0)),
        missing_prices=sum(1 for ln in lines if ln.amount is None),
    )


def po_document_headers() -> list[str]:
    return [_("Supplier code"), _("Our SKU"), _("Product"), _("Quantity"),
            _("Pack size"), _("Unit price (₩)"), _("Amount (₩)"),
            _("Delivery date")]


def po_document_xlsx(document: PoDocument) -> bytes:
    """The document as .xlsx (smartstock.xlsx; A4, fit to width when printed)."""
    preamble = [
        [_("Purchase order"), document.number],
        [_("Date"), document.date],
        [_("Requested delivery date"), document.delivery_date or "-"],
        [pgettext("purchase order sender", "From"), document.seller_name, document.seller_contact],
        [pgettext("purchase order recipient", "To"), document.supplier_name, " · ".join(part for part in (
            document.supplier_contact, document.supplier_email,
            document.supplier_phone) if part)],
        [],
    ]
    rows = [[line.supplier_code, line.sku, line.product, line.quantity, line.pack,
             _money(line.unit_price), _money(line.amount), line.delivery_date]
            for line in document.lines]
    total = [_("Total"), "", "", sum(line.quantity for line in document.lines), "",
             "", _money(document.total), ""]
    return xlsx.workbook_bytes([xlsx.Sheet(
        title=document.number, preamble=preamble, headers=po_document_headers(),
        rows=rows, footer=[total], widths={0: 16, 1: 16, 2: 36, 7: 14},
        number_formats={5: xlsx.WON_FORMAT, 6: xlsx.WON_FORMAT},
        print_fit_width=True,
    )])


def _money(value: Decimal | None) -> int | None:
    """Whole won as a number (a missing price stays empty, not 0)."""
    return None if value is None else int(value.quantize(Decimal("1")))


def po_document_filename(document: PoDocument) -> str:
    return f"{document.number}-{document.date.isoformat()}.xlsx"
