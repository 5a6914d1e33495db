"""Stock movements: the ledger list, manual entry and reversal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from accounts.access import member_required
from accounts.roles import Perm
from inventory import selectors
from inventory.forms import MovementFilterForm, MovementForm, ReverseForm
from inventory.models import Product, StockMovement
from inventory.services.stock import movement_record, movement_reverse

from ._common import form_error, get_or_404, paginate, post_data


def record_from_form(
    request: HttpRequest, form: MovementForm, product: Product
) -> bool:
    """Record the form's movement of `product`; False with form errors if refused."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        movement_record(
            organization=request.organization,
            user=request.user,
            product=product,
            kind=data["kind"],
            quantity=data["quantity"],
            business_date=data["business_date"],
            channel=data["channel"],
            lot_code=data["lot_code"].strip(),
            expiry_date=data["expiry_date"],
            note=data["note"],
            source=StockMovement.Source.MANUAL,
        )
    except ValidationError as error:  # StockError: nothing was written
        form_error(form, error)
        return False
    messages.success(
        request,
        _("%(kind)s of %(quantity)s × %(sku)s recorded.")
        % {
            "kind": dict(StockMovement.Kind.choices)[data["kind"]],
            "quantity": data["quantity"],
            "sku": product.sku,
        },
    )
    if not product.is_active:
        messages.warning(request, _(
            "%(sku)s is inactive: the movement is recorded, but the product stays "
            "out of the order screen, forecasts and alerts until it is "
            "reactivated.") % {"sku": product.sku})
    return True


@member_required(read=Perm.STOCK_RECORD, write=Perm.STOCK_RECORD)
def movement_create(request: HttpRequest) -> HttpResponse:
    """Record a manual movement of a product chosen by SKU."""
    organization = request.organization
    initial = {"sku": request.GET.get("sku", "")}
    form = MovementForm(post_data(request), organization=organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        product = form.cleaned_data["sku"]
        if record_from_form(request, form, product):
            return redirect("inventory:product_detail", pk=product.pk)
    return render(request, "inventory/movement_form.html", {"form": form})


@member_required(read=Perm.VIEW)
def movement_list(request: HttpRequest) -> HttpResponse:
    """The ledger, filtered by product, dates, kind, user and channel."""
    organization = request.organization
    members = account_selectors.member_list(organization=organization)
    user_choices = [(m.user_id, str(m.user)) for m in members]
    channel_choices = list(
        selectors.channel_list(organization=organization).values_list("pk", "name")
    )
    filter_form = MovementFilterForm(
        request.GET, user_choices=user_choices, channel_choices=channel_choices
    )
    movements = selectors.movement_list(
        organization=organization, **filter_form.filters()
    )
    context = {"filter_form": filter_form, "page": paginate(request, movements)}
    return render(request, "inventory/movement_list.html", context)


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
def movement_reverse_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then append a reversal of one movement."""
    movement = get_or_404(
        selectors.movement_get, organization=request.organization, movement_id=pk
    )
    form = ReverseForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            movement_reverse(
                organization=request.organization,
                user=request.user,
                movement=movement,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The movement was reversed."))
        query = urlencode({"sku": movement.product.sku})
        return redirect(f"{reverse('inventory:movement_list')}?{query}")
    context = {
        "movement": movement,
        "form": form,
        "reversed_by": getattr(movement, "reversed_by", None),
    }
    return render(request, "inventory/movement_reverse.html", context)
