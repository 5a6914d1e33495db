"""The product page: stock, lots, movements, history, components, movement form."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.access import member_required
from accounts.models import Organization
from accounts.roles import Perm, role_has_perm
from inventory import selectors
from inventory.forms import ComponentForm, MovementForm
from inventory.models import Product
from inventory.services import catalog
from smartstock import versions

from ._common import form_error, get_or_404
from .movements import record_from_form

RECENT_MOVEMENTS = 20


def _product(request: HttpRequest, pk: int) -> Product:
    return get_or_404(
        selectors.product_get, organization=request.organization, product_id=pk
    )


def _render_detail(
    request: HttpRequest,
    product: Product,
    *,
    movement_form: MovementForm | None = None,
    component_form: ComponentForm | None = None,
) -> HttpResponse:
    """Render the product page; bound forms with errors are passed back in."""
    organization, role = request.organization, request.membership.role
    components = []
    if product.is_set:
        components = list(
            selectors.set_components(organization=organization, product=product)
        )
        if component_form is None and role_has_perm(role, Perm.CATALOG_MANAGE):
            component_form = ComponentForm(organization=organization)
    if movement_form is None and role_has_perm(role, Perm.STOCK_RECORD):
        movement_form = MovementForm(organization=organization, choose_product=False)
    lots_html, ledger_html = _ledger_fragments(request, product)
    context = {
        "product": product,
        "components": components,
        "available": _available(product, components),
        "lots_html": lots_html,
        "ledger_html": ledger_html,
        "movement_form": movement_form,
        # An empty movement form shows the active channels and today's date:
        # rendered once per catalogue version and day (template fragment).
        "movement_form_version": (
            f"{selectors.catalog_version(organization=organization)}:"
            f"{timezone.localdate().isoformat()}"),
        "component_form": component_form,
        **_sections(organization, product),
    }
    return render(request, "inventory/product_detail.html", context)


CACHE_SECONDS = 10 * 60


def _ledger_fragments(request: HttpRequest, product: Product) -> tuple[str, str]:
    """The lots card and the latest movements + change history, rendered.

    A single product's fragments are cached per (product, newest own ledger
    row, on-hand and last edit, catalogue version, language): every movement,
    reversal or product edit gives a new key; 1 indexed query when warm
    instead of 4. A set's movements hang on its components: rendered each time.
    """
    organization = request.organization

    def render_fragments() -> tuple[str, str]:
        lots = (selectors.product_lots(organization=organization, product=product)
                if not product.is_set else [])
        context = {
            "product": product, "lots": lots,
            "movements": selectors.product_movements(
                organization=organization, product=product, limit=RECENT_MOVEMENTS),
            "history": selectors.product_history(
                organization=organization, product=product),
            # A single's movements are all its own; a set's are its components'.
            "hide_movement_product": not product.is_set,
        }
        return (render_to_string("inventory/_product_lots.html", context,
                                 request=request),
                render_to_string("inventory/_product_ledger.html", context,
                                 request=request))

    if product.is_set:
        fragments = render_fragments()
    else:
        newest = selectors.product_newest_movement_id(
            organization=organization, product=product)
        key = (f"product:ledger:{organization.pk}:{product.pk}:{get_language()}:"
               f"{newest}:{product.on_hand}:{product.updated_at.timestamp()}:"
               f"{selectors.catalog_version(organization=organization)}")
        fragments = versions.cached(key, render_fragments, CACHE_SECONDS)
    return mark_safe(fragments[0]), mark_safe(fragments[1])  # noqa: S308 -- our own rendered templates


# Sections that higher apps add to the product page (the dashboard app adds the
# replenishment plan and open alerts in its AppConfig.ready). Inventory announces
# the page; it never imports forecasting, policy or alerts itself.
ProductPageSection = Callable[[Organization, Product], dict]
_SECTIONS: list[ProductPageSection] = []


def product_page_section_register(section: ProductPageSection) -> None:
    """Add `section(organization, product) -> context` to every product page."""
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def _sections(organization: Organization, product: Product) -> dict:
    context: dict = {}
    for section in _SECTIONS:
        context.update(section(organization, product))
    return context


def _available(product: Product, components: list) -> int | None:
    """A set's available quantity from its (already loaded) components."""
    if not product.is_set:
        return None
    if not components:
        return 0
    return max(0, min(part.component.on_hand // part.quantity for part in components))


@member_required(read=Perm.VIEW)
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one product."""
    return _render_detail(request, _product(request, pk))


@member_required(read=Perm.STOCK_RECORD, write=Perm.STOCK_RECORD)
def product_movement_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a manual movement from the product page."""
    product = _product(request, pk)
    if request.method != "POST":
        return redirect("inventory:product_detail", pk=product.pk)
    form = MovementForm(
        request.POST, organization=request.organization, choose_product=False
    )
    if record_from_form(request, form, product):
        return redirect("inventory:product_detail", pk=product.pk)
    return _render_detail(request, product, movement_form=form)


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
def set_component_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a component × quantity to a set (or change its quantity)."""
    product = _product(request, pk)
    if request.method != "POST":
        return redirect("inventory:product_detail", pk=product.pk)
    form = ComponentForm(request.POST, organization=request.organization)
    if form.is_valid():
        try:
            catalog.set_component_add(
                organization=request.organization,
                set_product=product,
                component=form.cleaned_data["sku"],
                quantity=form.cleaned_data["quantity"],
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Component saved."))
            return redirect("inventory:product_detail", pk=product.pk)
    return _render_detail(request, product, component_form=form)


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
def set_component_remove(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    """Remove a component line from a set."""
    product = _product(request, pk)
    if request.method == "POST":
        try:
            catalog.set_component_remove(
                organization=request.organization,
                set_product=product,
                component_line_id=line_pk,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Component removed."))
    return redirect("inventory:product_detail", pk=product.pk)
