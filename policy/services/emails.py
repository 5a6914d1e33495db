"""The order-sheet and purchase-order emails, each sent once through the outbox."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Organization
from inventory.templatetags.money import won_text
from policy import selectors
from policy.models import EmailOutbox, PolicySettings, PurchaseOrder
from policy.services.order_sheet import XLSX_MIME, order_sheet_build_with_lines
from policy.services.outbox import OutgoingEmail, outbox_send, recipients_parse
from policy.services.po_document import (
    po_document,
    po_document_filename,
    po_document_xlsx,
)

EMAIL_LANGUAGE = "ko"  # the sellers' language; the UI default too
SENDABLE = (PurchaseOrder.Status.SENT, PurchaseOrder.Status.PARTIALLY_RECEIVED,
            PurchaseOrder.Status.RECEIVED)


def order_sheet_email(
    *, organization: Organization, day: dt.date, token: str = ""
) -> EmailOutbox:
    """Email the order sheet to the purchasing contacts, once per (day, token).

    The scheduled email uses no token (one per day); an on-demand request
    passes its own token so each click sends one email, however often the task
    is delivered.
    """
    key = f"order-sheet:{organization.pk}:{day.isoformat()}"
    if token:
        key = f"{key}:{token}"

    def build() -> OutgoingEmail:
        with override(EMAIL_LANGUAGE):
            name, content, lines = order_sheet_build_with_lines(
                organization=organization)
            totals = selectors.to_order_totals(lines)
            subject = _("[SmartStock] Order sheet %(day)s: %(count)s products") % {
                "day": day.isoformat(), "count": totals.lines}
            body = _("The order sheet of %(organization)s is attached: %(count)s "
                     "products to order.") % {"organization": organization.name,
                                              "count": totals.lines}
            body += "\n" + _(
                "In all: %(units)s units, %(amount)s at unit cost (due now, late "
                "or due within 7 days, as on the order screen).") % {
                "units": f"{totals.units:,}", "amount": won_text(totals.amount)}
            if totals.missing_cost:
                body += "\n" + _("%(count)s products have no unit cost: not in the "
                                 "amount.") % {"count": totals.missing_cost}
        return OutgoingEmail(subject, body, [(name, content, XLSX_MIME)])

    return outbox_send(
        organization=organization, kind=EmailOutbox.Kind.ORDER_SHEET, dedupe_key=key,
        recipients=recipients_parse(organization.purchasing_emails), build=build)


def order_sheet_scheduled_organizations() -> list[Organization]:
    """Organizations that turned the scheduled order-sheet email on."""
    ids = PolicySettings.objects.filter(order_sheet_email_enabled=True) \
        .values_list("organization_id", flat=True)
    return list(Organization.objects.filter(pk__in=ids).order_by("pk"))


def purchase_order_email(*, order: PurchaseOrder) -> EmailOutbox | None:
    """Email a sent order to its supplier, once, with the supplier's document.

    Only an order that was sent (or is being received) is ever emailed: a draft,
    an approved-but-unsent or a cancelled order returns None and sends nothing.
    """
    if order.status not in SENDABLE:
        return None
    organization = order.organization
    recipients = recipients_parse(order.supplier.email or "")

    def build() -> OutgoingEmail:
        with override(EMAIL_LANGUAGE):
            document = po_document(order=order)
            subject = _("[%(organization)s] Purchase order %(number)s") % {
                "organization": organization.name, "number": order.number}
            rows = [f"- {line.supplier_code or line.sku} {line.product}: "
                    f"{line.quantity:,} × {won_text(line.unit_price) or '-'} = "
                    f"{won_text(line.amount) or '-'} · "
                    + _("deliver by %(date)s") % {"date": line.delivery_date or "-"}
                    for line in document.lines]
            body = "\n".join([
                _("Dear %(supplier)s,") % {"supplier": order.supplier.name}, "",
                _("Please deliver the following (units):"), *rows, "",
                _("Total: %(total)s") % {"total": won_text(document.total)},
                _("Requested arrival: %(date)s") % {
                    "date": order.expected_date or "-"},
                _("The purchase order is attached (.xlsx)."),
                "", organization.name, document.seller_contact])
            attachment = (po_document_filename(document),
                          po_document_xlsx(document), XLSX_MIME)
        return OutgoingEmail(subject, body, [attachment])

    return outbox_send(
        organization=organization, kind=EmailOutbox.Kind.PURCHASE_ORDER,
        dedupe_key=f"purchase-order:{order.pk}", recipients=recipients, build=build)
