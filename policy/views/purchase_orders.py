"""Purchase orders: create from the order screen, edit, approve, send, receive."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import member_required
from accounts.roles import Perm, role_has_perm
from inventory.views._common import form_error, get_or_404, paginate
from policy import selectors
from policy.forms import (
    LineDueDateForm,
    LineQuantityForm,
    PurchaseOrderFilterForm,
    ReceiveForm,
    ReceiveLineForm,
    RecommendationPickForm,
)
from policy.models import PurchaseOrder
from policy.services import purchasing
from policy.services.outbox import recipients_parse
from policy.services.po_document import (
    po_document,
    po_document_filename,
    po_document_xlsx,
)
from smartstock import xlsx


def _order(request: HttpRequest, pk: int) -> PurchaseOrder:
    return get_or_404(selectors.po_get, organization=request.organization,
                      order_id=pk)


def _may(request: HttpRequest, perm: str) -> bool:
    return role_has_perm(request.membership.role, perm)


@member_required(read=Perm.VIEW)
def po_list(request: HttpRequest) -> HttpResponse:
    """Purchase orders, newest first, filtered by status."""
    form = PurchaseOrderFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    orders = selectors.po_list(organization=request.organization, status=status)
    return render(request, "policy/po_list.html",
                  {"filter_form": form, "page": paginate(request, orders)})


@member_required(read=Perm.VIEW)
def po_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One order: lines, quantity history with reasons, receipts, actions."""
    organization = request.organization
    order = _order(request, pk)
    lines = selectors.po_lines(organization=organization, order=order)
    # Today's advice beside the one stored when each line was drafted.
    now = selectors.to_order_by_product(organization=organization,
                                        product_ids={line.product_id for line in lines})
    for line in lines:
        line.to_order = now.get(line.product_id)
    context = {
        "order": order,
        "lines": lines,
        "total": sum((line.amount for line in lines if line.amount), Decimal(0)),
        "missing_cost": sum(1 for line in lines if line.amount is None),
        "changes": selectors.po_quantity_history(organization=organization,
                                                 order=order),
        "receipts": selectors.po_receipts(organization=organization, order=order),
        "may_manage": _may(request, Perm.PURCHASE_MANAGE),
        "may_receive": _may(request, Perm.RECEIVE),
        "editable": order.status in purchasing.EDITABLE,
        "receivable": order.status in purchasing.RECEIVABLE,
        "cancellable": order.status in purchasing.CANCELLABLE,
        "line_form": LineQuantityForm(),
        # A draft line's due date may not be before the order date (today).
        "order_date": purchasing.po_order_date(order),
    }
    return render(request, "policy/po_detail.html", context)


@member_required(read=Perm.VIEW, write=Perm.PURCHASE_MANAGE)
@require_POST
def po_create_from_recommendations(request: HttpRequest) -> HttpResponse:
    """POST: draft orders (one per supplier) from the rows ticked on the screen."""
    form = RecommendationPickForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Select at least one product."))
        return redirect("policy:recommendation_list")
    try:
        orders = purchasing.po_create_from_recommendations(
            organization=request.organization, user=request.user,
            recommendation_ids=form.cleaned_data["recommendation"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("policy:recommendation_list")
    messages.success(request, _("%(count)s draft purchase orders ready: check the "
                                "quantities, then approve.") % {"count": len(orders)})
    if len(orders) == 1:
        return redirect("policy:po_detail", pk=orders[0].pk)
    return redirect(f"{_url('policy:po_list')}?status=draft")


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


@member_required(read=Perm.VIEW, write=Perm.PURCHASE_MANAGE)
@require_POST
def po_line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: change a line's quantity; a reason is required and kept."""
    line = get_or_404(selectors.po_line_get, organization=request.organization,
                      line_id=pk)
    form = LineQuantityForm(request.POST)
    if form.is_valid():
        try:
            purchasing.po_line_quantity_set(
                organization=request.organization, line=line,
                quantity=form.cleaned_data["quantity"],
                reason=form.cleaned_data["reason"], user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Quantity of %(sku)s changed.")
                             % {"sku": line.product.sku})
    else:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, _("Quantity not changed: %(errors)s")
                       % {"errors": " ".join(errors)})
    return redirect("policy:po_detail", pk=line.order_id)


@member_required(read=Perm.VIEW, write=Perm.PURCHASE_MANAGE)
@require_POST
def po_line_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: change a draft line's expected arrival (not before the order date)."""
    line = get_or_404(selectors.po_line_get, organization=request.organization,
                      line_id=pk)
    form = LineDueDateForm(request.POST)
    if form.is_valid():
        try:
            purchasing.po_line_due_date_set(
                organization=request.organization, line=line,
                due_date=form.cleaned_data["expected_date"], user=request.user)
        except ValidationError as error:
            messages.error(request, _("Expected arrival of %(sku)s not changed: "
                                      "%(errors)s") % {
                "sku": line.product.sku, "errors": " ".join(error.messages)})
        else:
            messages.success(request, _("Expected arrival of %(sku)s changed.")
                             % {"sku": line.product.sku})
    else:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, _("Expected arrival of %(sku)s not changed: "
                                  "%(errors)s") % {"sku": line.product.sku,
                                                   "errors": " ".join(errors)})
    return redirect("policy:po_detail", pk=line.order_id)


def _transition(request: HttpRequest, pk: int, action: Callable, done: str
                ) -> HttpResponse:
    order = _order(request, pk)
    try:
        action(organization=request.organization, order=order, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("policy:po_detail", pk=order.pk)


@member_required(read=Perm.VIEW, write=Perm.PURCHASE_MANAGE)
@require_POST
def po_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: approve a draft; it now counts as on order."""
    return _transition(request, pk, purchasing.po_approve, _("Order approved."))


@member_required(read=Perm.PURCHASE_MANAGE, write=Perm.PURCHASE_MANAGE)
def po_send(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: preview of what the supplier receives; POST (confirmed): send it."""
    order = _order(request, pk)  # another organization's order: 404 first
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Confirm the preview before sending."))
            return redirect("policy:po_send", pk=order.pk)
        return _transition(request, pk, purchasing.po_send,
                           _("Order sent; the supplier is being emailed."))
    context = {"order": order, "document": po_document(order=order,
                                                       sender=request.user),
               "recipients": recipients_parse(order.supplier.email or ""),
               "sendable": order.status == PurchaseOrder.Status.APPROVED}
    return render(request, "policy/po_send_preview.html", context)


@member_required(read=Perm.VIEW)
def po_document_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The supplier's purchase order as a printable page (A4)."""
    order = _order(request, pk)
    return render(request, "policy/po_document.html", {
        "order": order, "document": po_document(order=order, sender=request.user)})


@member_required(read=Perm.VIEW)
def po_document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The supplier's purchase order as .xlsx (no internal planning figures)."""
    document = po_document(order=_order(request, pk), sender=request.user)
    return xlsx.xlsx_response(po_document_xlsx(document),
                              po_document_filename(document))


@member_required(read=Perm.VIEW, write=Perm.PURCHASE_MANAGE)
@require_POST
def po_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: cancel an order that received nothing."""
    return _transition(request, pk, purchasing.po_cancel, _("Order cancelled."))


def _receive_forms(request: HttpRequest, lines: list) -> list[tuple]:
    data = request.POST if request.method == "POST" else None
    return [(line, ReceiveLineForm(data, prefix=f"line-{line.pk}",
                                   initial={"quantity": line.remaining_quantity}))
            for line in lines if line.remaining_quantity > 0]


def _entries(line_forms: list[tuple]) -> list[purchasing.ReceiptEntry]:
    return [
        purchasing.ReceiptEntry(
            line_id=line.pk, quantity=form.cleaned_data["quantity"] or 0,
            lot_code=form.cleaned_data["lot_code"].strip(),
            expiry_date=form.cleaned_data["expiry_date"],
            close_line=form.cleaned_data["close_line"])
        for line, form in line_forms
    ]


@member_required(read=Perm.RECEIVE, write=Perm.RECEIVE)
def po_receive(request: HttpRequest, pk: int) -> HttpResponse:
    """GET the receiving form; POST a full or partial delivery with lots."""
    organization = request.organization
    order = _order(request, pk)
    lines = selectors.po_lines(organization=organization, order=order)
    line_forms = _receive_forms(request, lines)
    form = ReceiveForm(request.POST if request.method == "POST" else None,
                       initial={"received_on": selectors.today()})
    if request.method == "POST" and form.is_valid() and all(
        f.is_valid() for _line, f in line_forms
    ) and all([f.check_expiry(form.cleaned_data["received_on"])
               for _line, f in line_forms]):
        try:
            purchasing.po_receive(
                organization=organization, order=order, user=request.user,
                entries=_entries(line_forms),
                received_on=form.cleaned_data["received_on"])
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Goods received; stock updated."))
            return redirect("policy:po_detail", pk=order.pk)
    context = {"order": order, "form": form, "line_forms": line_forms,
               "receivable": order.status in purchasing.RECEIVABLE}
    return render(request, "policy/po_receive.html", context)
