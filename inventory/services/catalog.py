"""Writes to the catalog: products, set components, suppliers, categories, channels.

Every function validates with `full_clean()` and owns its transaction. Uniqueness
is checked up front so the user gets a clear message, and an IntegrityError from
a concurrent duplicate is turned into the same message.
"""

from __future__ import annotations

import math
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Case, Value, When
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from inventory.models import (
    Category,
    Channel,
    ChannelListing,
    Product,
    SetComponent,
    Supplier,
)
from inventory.services.stock.rules import component_quantity_check

M = TypeVar("M", bound=models.Model)

PRODUCT_FIELDS = Product.EDITABLE_FIELDS


def _save_unique(instance: M, duplicate: ValidationError) -> M:
    """Validate and save; a unique-key race becomes the `duplicate` message."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise duplicate from error
    return instance


def _check_scoped(organization: Organization, **related: models.Model | None) -> None:
    """Refuse a related row (category, supplier, channel...) of another tenant."""
    for field, value in related.items():
        if value is not None and value.organization_id != organization.pk:
            raise ValidationError({field: _("Choose one of your own records.")})


# -- products ----------------------------------------------------------------
def _sku_taken(organization: Organization, sku: str, exclude_pk: int | None) -> str:
    """The SKU of another product that ``sku`` collides with ("" when free).

    SKUs are unique without regard to case: "ab-1" and "AB-1" are one SKU.
    """
    return (
        Product.objects.filter(organization=organization, sku__iexact=sku)
        .exclude(pk=exclude_pk)
        .values_list("sku", flat=True)
        .first()
    ) or ""


def _sku_duplicate(sku: str, existing: str = "") -> ValidationError:
    if existing and existing != sku:
        message = _(
            "SKU %(sku)s is already used by product %(existing)s: SKUs are "
            "compared without regard to upper/lower case."
        ) % {"sku": sku, "existing": existing}
    else:
        message = _("A product with SKU %(sku)s already exists.") % {"sku": sku}
    return ValidationError({"sku": message})


def safety_stock_fields(fields: dict[str, Any], entered_units: int = 0) -> dict:
    """Entering a safety stock makes it manual; clearing it (None) automatic.

    Without a value the engine computes it (the README's service level), which
    is what a seller expects of a product whose safety stock was not given. A
    mode given explicitly (an API client, an import column) is kept. When the
    mode turns automatic the number stays until the next replenishment plan
    stores the computed one (``product_safety_stock_computed``).
    """
    if "safety_stock" not in fields:
        return fields
    resolved = dict(fields)
    mode = resolved.get("safety_stock_mode") or None
    if resolved["safety_stock"] is None:
        if mode == Product.SafetyStockMode.MANUAL:
            raise ValidationError({"safety_stock": _(
                "Enter the safety stock, or leave it empty and choose automatic."
            )})
        resolved["safety_stock"] = entered_units
        resolved["safety_stock_mode"] = Product.SafetyStockMode.AUTOMATIC
    elif mode is None:
        resolved["safety_stock_mode"] = Product.SafetyStockMode.MANUAL
    return resolved


def product_safety_stock_computed(
    *, organization: Organization, products: list[Product], units: dict[int, float]
) -> int:
    """Store the computed safety stock on products whose mode is automatic.

    Every screen that compares stock with safety stock (the product list, the
    stock status counts, the low-stock list, reports) then reads the figure the
    plan uses, not a number nobody entered. Manual products are never touched.
    ``products`` are the loaded rows (their current value saves a query); one
    UPDATE for all changed rows, and no history row: a computed figure, not a
    user's change. Returns how many products changed.
    """
    changed = {}
    for product in products:
        value = units.get(product.pk)
        if product.safety_stock_mode != Product.SafetyStockMode.AUTOMATIC or value is None:
            continue
        whole = max(0, math.ceil(value - 1e-9))
        if whole != product.safety_stock:
            changed[product.pk] = whole
            product.safety_stock = whole
    if changed:
        Product.objects.filter(organization=organization, pk__in=changed).update(
            safety_stock=Case(
                *(When(pk=pk, then=Value(v)) for pk, v in changed.items()),
                output_field=models.PositiveIntegerField(),
            )
        )
    return len(changed)


def product_create(
    *, organization: Organization, user: User | None, **fields: Any
) -> Product:
    """Create a product; `fields` are the editable Product fields."""
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown product fields: {sorted(unknown)}")
    fields = safety_stock_fields(fields)
    _check_scoped(
        organization, category=fields.get("category"), supplier=fields.get("supplier")
    )
    product = Product(organization=organization, **fields)
    existing = _sku_taken(organization, product.sku, None)
    if existing:
        raise _sku_duplicate(product.sku, existing)
    product._history_user = user  # type: ignore[attr-defined]
    return _save_unique(product, _sku_duplicate(product.sku))


def _check_kind_change(product: Product, new_kind: str) -> None:
    """A product with stock history, components or set uses keeps its kind."""
    if new_kind == product.kind:
        return
    in_use = (
        product.on_hand != 0
        or product.movements.exists()
        or product.components.exists()
        or product.used_in_sets.exists()
    )
    if in_use:
        raise ValidationError(
            {
                "kind": _(
                    "The kind cannot change once the product has stock, "
                    "movements or set components."
                )
            }
        )


def product_update(
    *, organization: Organization, product: Product, user: User | None, **fields: Any
) -> Product:
    """Change a product's fields through save() so the history records who did it."""
    if product.organization_id != organization.pk:
        raise ValidationError(_("This product does not exist."))
    unknown = set(fields) - set(PRODUCT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown product fields: {sorted(unknown)}")
    _check_scoped(
        organization, category=fields.get("category"), supplier=fields.get("supplier")
    )
    with transaction.atomic():
        locked = Product.objects.select_for_update().get(pk=product.pk)
        if "kind" in fields:
            _check_kind_change(locked, fields["kind"])
        fields = safety_stock_fields(fields, locked.safety_stock)
        for name, value in fields.items():
            setattr(locked, name, value)
        existing = _sku_taken(organization, locked.sku, locked.pk)
        if existing:
            raise _sku_duplicate(locked.sku, existing)
        locked._history_user = user  # type: ignore[attr-defined]
        return _save_unique(locked, _sku_duplicate(locked.sku))


def product_set_active(
    *, organization: Organization, product: Product, user: User | None, active: bool
) -> Product:
    """Deactivate or reactivate a product (it stays in the ledger and history)."""
    if product.organization_id != organization.pk:
        raise ValidationError(_("This product does not exist."))
    with transaction.atomic():
        locked = Product.objects.select_for_update().get(pk=product.pk)
        if locked.is_active != active:
            locked.is_active = active
            locked._history_user = user  # type: ignore[attr-defined]
            locked.save()
        return locked


# -- set components ----------------------------------------------------------
def set_component_add(
    *,
    organization: Organization,
    set_product: Product,
    component: Product,
    quantity: int,
) -> SetComponent:
    """Put `quantity` × `component` in a set; an existing line gets the new quantity."""
    component_quantity_check(quantity)  # 1…1,000, the same message everywhere
    if (
        set_product.organization_id != organization.pk
        or component.organization_id != organization.pk
    ):
        raise ValidationError(_("This product does not exist."))
    if not set_product.is_set:
        raise ValidationError(_("Only a set can have components."))
    if component.pk == set_product.pk:
        raise ValidationError(_("A set cannot contain itself."))
    if component.is_set:
        raise ValidationError(_("A set component must be a single product."))
    with transaction.atomic():
        line = (
            SetComponent.objects.select_for_update()
            .filter(set_product=set_product, component=component)
            .first()
        ) or SetComponent(
            organization=organization, set_product=set_product, component=component
        )
        line.quantity = quantity
        line.full_clean()
        line.save()
        return line


def set_component_remove(
    *, organization: Organization, set_product: Product, component_line_id: int
) -> None:
    """Remove one component line from a set (missing or foreign lines → error)."""
    deleted, _rows = SetComponent.objects.filter(
        organization=organization, set_product=set_product, pk=component_line_id
    ).delete()
    if not deleted:
        raise ValidationError(_("This component does not exist."))


# -- suppliers, categories, channels -----------------------------------------
def _name_duplicate(name: str) -> ValidationError:
    return ValidationError(
        {"name": _("The name %(name)s is already used.") % {"name": name}}
    )


def _save_named(
    model: type[M], organization: Organization, instance: M | None, fields: dict
) -> M:
    """Create or update a row whose name is unique per organization."""
    if instance is not None and instance.organization_id != organization.pk:
        raise ValidationError(_("This record does not exist."))
    name = fields.get("name", getattr(instance, "name", ""))
    # Case-insensitive on purpose: MariaDB's collation would refuse "A" vs "a".
    taken = (
        model.objects.filter(organization=organization, name__iexact=name)
        .exclude(pk=getattr(instance, "pk", None))
        .exists()
    )
    if taken:
        raise _name_duplicate(name)
    row = instance if instance is not None else model(organization=organization)
    for field, value in fields.items():
        setattr(row, field, value)
    return _save_unique(row, _name_duplicate(name))


def supplier_create(*, organization: Organization, **fields: Any) -> Supplier:
    """Create a supplier with a name unique in the organization."""
    return _save_named(Supplier, organization, None, fields)


def supplier_update(
    *, organization: Organization, supplier: Supplier, **fields: Any
) -> Supplier:
    """Change a supplier's fields."""
    return _save_named(Supplier, organization, supplier, fields)


def category_create(*, organization: Organization, name: str) -> Category:
    """Create a category with a name unique in the organization."""
    return _save_named(Category, organization, None, {"name": name})


def category_update(
    *, organization: Organization, category: Category, name: str
) -> Category:
    """Rename a category."""
    return _save_named(Category, organization, category, {"name": name})


def channel_create(*, organization: Organization, **fields: Any) -> Channel:
    """Create a sales channel with a name unique in the organization."""
    return _save_named(Channel, organization, None, fields)


def channel_update(
    *, organization: Organization, channel: Channel, **fields: Any
) -> Channel:
    """Change a sales channel's fields."""
    return _save_named(Channel, organization, channel, fields)


# -- channel listings --------------------------------------------------------
def _code_duplicate(code: str) -> ValidationError:
    return ValidationError(
        {
            "code": _("The code %(code)s is already mapped on this channel.")
            % {"code": code}
        }
    )


def listing_create(
    *,
    organization: Organization,
    channel: Channel,
    code: str,
    product: Product,
    option_name: str = "",
) -> ChannelListing:
    """Map a channel's product/option code to one of our products."""
    _check_scoped(organization, channel=channel, product=product)
    taken = ChannelListing.objects.filter(
        organization=organization, channel=channel, code=code
    ).exists()
    if taken:
        raise _code_duplicate(code)
    listing = ChannelListing(
        organization=organization,
        channel=channel,
        code=code,
        option_name=option_name,
        product=product,
    )
    return _save_unique(listing, _code_duplicate(code))


def listing_delete(*, organization: Organization, listing_id: int) -> None:
    """Remove a channel code mapping (the product and its ledger stay)."""
    deleted, _rows = ChannelListing.objects.filter(
        organization=organization, pk=listing_id
    ).delete()
    if not deleted:
        raise ValidationError(_("This listing does not exist."))
