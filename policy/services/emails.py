"""The order-sheet and purchase-order emails, each sent once through the outbox."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Organization
from policy import selectors
from policy.models import EmailOutbox, PolicySettings, PurchaseOrder
from policy.services.order_sheet import XLSX_MIME, order_sheet_build
from policy.services.outbox import OutgoingEmail, outbox_send, recipients_parse

EMAIL_LANGUAGE = "ko"  # the sellers' language; the UI default too


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
            name, content = order_sheet_build(organization=organization)
            rows = selectors.order_sheet_rows(organization=organization)
            subject = _("[SmartStock] Order sheet %(day)s: %(count)s products") % {
                "day": day.isoformat(), "count": len(rows)}
            body = _("The order sheet of %(organization)s is attached: %(count)s "
                     "products to order.") % {"organization": organization.name,
                                              "count": len(rows)}
        return OutgoingEmail(subject, body, [(name, content, XLSX_MIME)])

    return outbox_send(
        organization=organization, kind=EmailOutbox.Kind.ORDER_SHEET, dedupe_key=key,
        recipients=recipients_parse(organization.purchasing_emails), build=build)


def order_sheet_scheduled_organizations() -> list[Organization]:
    """Organizations that turned the scheduled order-sheet email on."""
    ids = PolicySettings.objects.filter(order_sheet_email_enabled=True) \
        .values_list("organization_id", flat=True)
    return list(Organization.objects.filter(pk__in=ids).order_by("pk"))


def purchase_order_email(*, order: PurchaseOrder) -> EmailOutbox:
    """Email a sent order to its supplier, once."""
    organization = order.organization
    lines = selectors.po_lines(organization=organization, order=order)
    recipients = recipients_parse(order.supplier.email or "")

    def build() -> OutgoingEmail:
        with override(EMAIL_LANGUAGE):
            subject = _("[%(organization)s] Purchase order %(number)s") % {
                "organization": organization.name, "number": order.number}
            rows = [f"- {line.product.sku} {line.product.name}: {line.quantity}"
                    for line in lines]
            body = "\n".join([
                _("Dear %(supplier)s,") % {"supplier": order.supplier.name}, "",
                _("Please deliver the following (units):"), *rows, "",
                _("Requested arrival: %(date)s") % {
                    "date": order.expected_date or "-"},
                "", organization.name])
        return OutgoingEmail(subject, body)

    return outbox_send(
        organization=organization, kind=EmailOutbox.Kind.PURCHASE_ORDER,
        dedupe_key=f"purchase-order:{order.pk}", recipients=recipients, build=build)
