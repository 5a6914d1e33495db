"""Product list, create, edit and (de)activation."""

from copy import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import member_required
from accounts.roles import Perm
from inventory import selectors
from inventory.forms import ProductFilterForm, ProductForm
from inventory.models import Product
from inventory.services import catalog

from ._common import form_error, get_or_404, paginate, post_data

SORTABLE = ["sku", "name", "category", "supplier", "on_hand"]


@member_required(read=Perm.VIEW)
def product_list(request: HttpRequest) -> HttpResponse:
    """Searchable, filterable, sortable product list, 50 per page."""
    organization = request.organization
    filter_form = ProductFilterForm(request.GET, organization=organization)
    filters = filter_form.filters()
    page = paginate(
        request, selectors.product_list(organization=organization, **filters)
    )
    set_ids = [p.pk for p in page.object_list if p.is_set]
    available = selectors.set_available_quantities(
        organization=organization, set_ids=set_ids
    )
    for product in page.object_list:
        # For a set, "on hand" is what its components can make.
        product.stock_shown = available.get(product.pk, product.on_hand)
    context = {
        "filter_form": filter_form,
        "page": page,
        "sort": filters["ordering"],
        "sortable": SORTABLE,
    }
    return render(request, "inventory/product_list.html", context)


def _product_fields(form: ProductForm) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
def product_create(request: HttpRequest) -> HttpResponse:
    """Create a product; a duplicate SKU is a form error."""
    form = ProductForm(post_data(request), organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            product = catalog.product_create(
                organization=request.organization,
                user=request.user,
                **_product_fields(form),
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("Product %(sku)s created.") % {"sku": product.sku}
            )
            return redirect("inventory:product_detail", pk=product.pk)
    return render(request, "inventory/product_form.html", {"form": form})


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a product; the change is recorded in its history with the user."""
    product = get_or_404(
        selectors.product_get, organization=request.organization, product_id=pk
    )
    # The form writes into its instance while validating: give it a copy so the
    # page (breadcrumb, redirect) keeps the saved values.
    form = ProductForm(
        post_data(request), instance=copy(product), organization=request.organization
    )
    if request.method == "POST" and form.is_valid():
        try:
            catalog.product_update(
                organization=request.organization,
                product=product,
                user=request.user,
                **_product_fields(form),
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("Product %(sku)s saved.") % {"sku": form.cleaned_data["sku"]}
            )
            return redirect("inventory:product_detail", pk=product.pk)
    context = {"form": form, "product": product}
    return render(request, "inventory/product_form.html", context)


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
def product_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    """POST active=1 reactivates, active=0 deactivates; GET goes to the product."""
    product: Product = get_or_404(
        selectors.product_get, organization=request.organization, product_id=pk
    )
    if request.method == "POST":
        active = request.POST.get("active") == "1"
        catalog.product_set_active(
            organization=request.organization,
            product=product,
            user=request.user,
            active=active,
        )
        if active:
            messages.success(request, _("Product reactivated."))
        else:
            messages.success(request, _("Product deactivated."))
    return redirect("inventory:product_detail", pk=product.pk)
