"""Suppliers, categories, channels and channel listings (catalog managers only)."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import member_required
from accounts.roles import Perm
from inventory import selectors
from inventory.forms import CategoryForm, ChannelForm, ListingForm, SupplierForm
from inventory.services import catalog

from ._common import form_error, get_or_404, paginate, post_data

FORM_TEMPLATE = "inventory/catalog_form.html"


def _save_form(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[dict], object],
    *,
    list_url: str,
    title: str,
) -> HttpResponse:
    """Validate `form`, call `save(cleaned_data)`, then go back to the list."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": saved})
            return redirect(list_url)
    context = {"form": form, "title": title, "list_url": list_url}
    return render(request, FORM_TEMPLATE, context)


def _fields(form: forms.ModelForm) -> Callable[[dict], dict]:
    return lambda data: {name: data[name] for name in form.Meta.fields}


# -- suppliers -----------------------------------------------------------------
@member_required(read=Perm.CATALOG_MANAGE)
def supplier_list(request: HttpRequest) -> HttpResponse:
    """All suppliers of the organization."""
    suppliers = selectors.supplier_list(organization=request.organization)
    return render(request, "inventory/supplier_list.html", {"suppliers": suppliers})


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
def supplier_create(request: HttpRequest) -> HttpResponse:
    """Add a supplier."""
    form = SupplierForm(post_data(request))
    fields = _fields(form)
    return _save_form(
        request,
        form,
        lambda data: catalog.supplier_create(
            organization=request.organization, **fields(data)
        ),
        list_url="inventory:supplier_list",
        title=gettext_lazy("New supplier"),
    )


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
def supplier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a supplier."""
    supplier = get_or_404(
        selectors.supplier_get, organization=request.organization, supplier_id=pk
    )
    form = SupplierForm(post_data(request), instance=supplier)
    fields = _fields(form)
    return _save_form(
        request,
        form,
        lambda data: catalog.supplier_update(
            organization=request.organization, supplier=supplier, **fields(data)
        ),
        list_url="inventory:supplier_list",
        title=gettext_lazy("Edit supplier"),
    )


# -- categories ----------------------------------------------------------------
@member_required(read=Perm.CATALOG_MANAGE)
def category_list(request: HttpRequest) -> HttpResponse:
    """All categories of the organization."""
    categories = selectors.category_list(organization=request.organization)
    return render(request, "inventory/category_list.html", {"categories": categories})


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
def category_create(request: HttpRequest) -> HttpResponse:
    """Add a category."""
    return _save_form(
        request,
        CategoryForm(post_data(request)),
        lambda data: catalog.category_create(
            organization=request.organization, name=data["name"]
        ),
        list_url="inventory:category_list",
        title=gettext_lazy("New category"),
    )


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a category."""
    category = get_or_404(
        selectors.category_get, organization=request.organization, category_id=pk
    )
    form = CategoryForm(post_data(request), initial={"name": category.name})
    return _save_form(
        request,
        form,
        lambda data: catalog.category_update(
            organization=request.organization, category=category, name=data["name"]
        ),
        list_url="inventory:category_list",
        title=gettext_lazy("Edit category"),
    )


# -- channels ------------------------------------------------------------------
@member_required(read=Perm.CATALOG_MANAGE)
def channel_list(request: HttpRequest) -> HttpResponse:
    """All sales channels of the organization."""
    channels = selectors.channel_list(organization=request.organization)
    return render(request, "inventory/channel_list.html", {"channels": channels})


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
def channel_create(request: HttpRequest) -> HttpResponse:
    """Add a sales channel."""
    form = ChannelForm(post_data(request))
    fields = _fields(form)
    return _save_form(
        request,
        form,
        lambda data: catalog.channel_create(
            organization=request.organization, **fields(data)
        ),
        list_url="inventory:channel_list",
        title=gettext_lazy("New channel"),
    )


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
def channel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a sales channel."""
    channel = get_or_404(
        selectors.channel_get, organization=request.organization, channel_id=pk
    )
    form = ChannelForm(post_data(request), instance=channel)
    fields = _fields(form)
    return _save_form(
        request,
        form,
        lambda data: catalog.channel_update(
            organization=request.organization, channel=channel, **fields(data)
        ),
        list_url="inventory:channel_list",
        title=gettext_lazy("Edit channel"),
    )


# -- channel listings ----------------------------------------------------------
@member_required(read=Perm.CATALOG_MANAGE)
def listing_list(request: HttpRequest) -> HttpResponse:
    """Channel product/option codes mapped to our products, 50 per page."""
    listings = selectors.channel_listing_list(
        organization=request.organization
    ).order_by("channel__name", "code")
    return render(
        request, "inventory/listing_list.html", {"page": paginate(request, listings)}
    )


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
def listing_create(request: HttpRequest) -> HttpResponse:
    """Map a channel code to a product."""
    form = ListingForm(post_data(request), organization=request.organization)
    return _save_form(
        request,
        form,
        lambda data: catalog.listing_create(
            organization=request.organization,
            channel=data["channel"],
            code=data["code"].strip(),
            option_name=data["option_name"],
            product=data["sku"],
        ),
        list_url="inventory:listing_list",
        title=gettext_lazy("New channel listing"),
    )


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
def listing_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: remove a channel code mapping. GET goes back to the list (404 for
    another organization's listing, like any object URL)."""
    if request.method != "POST":
        get_or_404(selectors.channel_listing_get, organization=request.organization,
                   listing_id=pk)
    else:
        try:
            catalog.listing_delete(organization=request.organization, listing_id=pk)
        except ValidationError:
            raise Http404 from None
        messages.success(request, _("Listing removed."))
    return redirect("inventory:listing_list")
