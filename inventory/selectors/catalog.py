"""Reads of the product master: products, sets, lots, suppliers, categories, channels, history."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    F,
    Q,
    QuerySet,
)

from accounts.models import Organization

from ..models import (
    Category,
    Channel,
    ChannelListing,
    Lot,
    Product,
    SetComponent,
    Supplier,
)

PRODUCT_ORDERINGS = {
    "sku": "sku",
    "-sku": "-sku",
    "name": "name",
    "-name": "-name",
    "on_hand": "on_hand",
    "-on_hand": "-on_hand",
    "category": "category__name",
    "-category": "-category__name",
    "supplier": "supplier__name",
    "-supplier": "-supplier__name",
}


def product_list(
    *,
    organization: Organization,
    search: str = "",
    category_id: int | None = None,
    supplier_id: int | None = None,
    kind: str = "",
    active: bool | None = True,
    ordering: str = "sku",
) -> QuerySet[Product]:
    products = Product.objects.filter(organization=organization).select_related(
        "category", "supplier"
    )
    if search:
        products = products.filter(
            Q(sku__icontains=search)
            | Q(playauto_sku__icontains=search)
            | Q(name__icontains=search)
            | Q(manufacturer__icontains=search)
        )
    if category_id:
        products = products.filter(category_id=category_id)
    if supplier_id:
        products = products.filter(supplier_id=supplier_id)
    if kind:
        products = products.filter(kind=kind)
    if active is not None:
        products = products.filter(is_active=active)
    return products.order_by(PRODUCT_ORDERINGS.get(ordering, "sku"), "pk")


def product_get(*, organization: Organization, product_id: int) -> Product:
    """Raises Product.DoesNotExist for another organization's product (→ 404)."""
    return Product.objects.select_related("category", "supplier").get(
        organization=organization, pk=product_id
    )


def products_by_ids(*, organization: Organization, ids) -> QuerySet[Product]:
    return Product.objects.filter(organization=organization, pk__in=ids)


def set_components(
    *, organization: Organization, product: Product
) -> QuerySet[SetComponent]:
    return SetComponent.objects.filter(
        organization=organization, set_product=product
    ).select_related("component")


def set_available_quantity(*, organization: Organization, product: Product) -> int:
    """A set's available quantity: the minimum over components of on_hand // qty."""
    parts = list(set_components(organization=organization, product=product))
    if not parts:
        return 0
    return max(0, min(part.component.on_hand // part.quantity for part in parts))


def product_lots(*, organization: Organization, product: Product) -> QuerySet[Lot]:
    return Lot.objects.filter(organization=organization, product=product).order_by(
        "expiry_date", "code"
    )


def supplier_list(*, organization: Organization) -> QuerySet[Supplier]:
    return Supplier.objects.filter(organization=organization).order_by("name")


def category_list(*, organization: Organization) -> QuerySet[Category]:
    return Category.objects.filter(organization=organization).order_by("name")


def channel_list(*, organization: Organization) -> QuerySet[Channel]:
    return Channel.objects.filter(organization=organization).order_by("name")


@dataclass(frozen=True)
class CatalogChoices:
    """``(pk, name)`` of the suppliers, categories and channels, by name."""

    suppliers: list[tuple[int, str]]
    categories: list[tuple[int, str]]
    channels: list[tuple[int, str]]


def catalog_choices(*, organization: Organization) -> CatalogChoices:
    """The filter drop-downs' choices, cached under the catalog version (a page
    showing them costs no query while the catalogue is unchanged)."""
    from django.db.models import CharField, Value

    from smartstock import versions

    def rows(model, kind: str):
        return model.objects.filter(organization=organization).annotate(
            list_kind=Value(kind, output_field=CharField())
        ).values_list("list_kind", "pk", "name").order_by()

    def compute() -> CatalogChoices:
        found: dict[str, list[tuple[int, str]]] = {"s": [], "c": [], "h": []}
        union = rows(Supplier, "s").union(rows(Category, "c"), rows(Channel, "h"),
                                          all=True)
        for kind, pk, name in union:  # one query for the three lists
            found[kind].append((pk, name))
        return CatalogChoices(
            *(sorted(found[kind], key=lambda pair: (pair[1].casefold(), pair))
              for kind in ("s", "c", "h")))

    key = (f"catalog:choices:{organization.pk}:"
           f"{catalog_version(organization=organization)}")
    return versions.cached(key, compute, 60 * 60)


def channel_listing_get(*, organization: Organization, listing_id: int) -> ChannelListing:
    """Raises ChannelListing.DoesNotExist for another organization's listing."""
    return ChannelListing.objects.get(organization=organization, pk=listing_id)


def channel_listing_list(*, organization: Organization) -> QuerySet[ChannelListing]:
    return ChannelListing.objects.filter(organization=organization).select_related(
        "channel", "product"
    )


# -- screens: products, dashboard, history -------------------------------------
def product_by_sku(*, organization: Organization, sku: str) -> Product:
    """SKU lookup without regard to case (SKUs are unique that way); raises
    Product.DoesNotExist."""
    return Product.objects.get(organization=organization, sku__iexact=sku)


def set_available_quantities(
    *, organization: Organization, set_ids: Iterable[int]
) -> dict[int, int]:
    """Available quantity of each set (min over components of on_hand // qty).

    One query for any number of sets; a set without components has 0.
    """
    set_ids = list(set_ids)
    available: dict[int, int] = dict.fromkeys(set_ids, 0)
    rows = SetComponent.objects.filter(
        organization=organization, set_product_id__in=set_ids
    ).values_list("set_product_id", "quantity", "component__on_hand")
    lowest: dict[int, int] = {}
    for set_id, quantity, on_hand in rows:
        units = on_hand // quantity
        lowest[set_id] = min(units, lowest.get(set_id, units))
    for set_id, units in lowest.items():
        available[set_id] = max(0, units)
    return available


def products_short_of_stock(
    *, organization: Organization, limit: int = 10
) -> list[Product]:
    """Active single products out of stock or below safety stock, emptiest first."""
    return list(
        Product.objects.filter(
            organization=organization, kind=Product.Kind.SINGLE, is_active=True
        )
        .filter(Q(on_hand__lte=0) | Q(on_hand__lt=F("safety_stock")))
        .order_by("on_hand", "sku")[:limit]
    )


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: object
    new: object


@dataclass(frozen=True)
class HistoryEntry:
    record: object  # a HistoricalProduct row
    changes: list[FieldChange]


def product_history(
    *, organization: Organization, product: Product, limit: int = 50
) -> list[HistoryEntry]:
    """The product's change log, newest first, each entry with its changed fields."""
    records = list(
        product.history.filter(organization_id=organization.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    names = _related_names(organization, records)
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [
                _field_change(c.field, c.old, c.new, names) for c in delta.changes
            ]
        entries.append(HistoryEntry(record=record, changes=changes))
    return entries


def _related_names(organization: Organization, records: list) -> dict:
    """Names of the categories and suppliers the history mentions (2 queries max)."""
    names: dict[tuple[str, int], str] = {}
    for field, model in (("category", Category), ("supplier", Supplier)):
        ids = {getattr(r, f"{field}_id") for r in records} - {None}
        if ids:
            for pk, name in model.objects.filter(
                organization=organization, pk__in=ids
            ).values_list("pk", "name"):
                names[(field, pk)] = name
    return names


def _field_change(field: str, old, new, names: dict) -> FieldChange:
    model_field = Product._meta.get_field(field)
    choices = dict(model_field.flatchoices) if model_field.choices else {}

    def shown(value):
        if value is None or value == "":
            return "—"
        if model_field.is_relation:
            return names.get((field, value), value)
        return choices.get(value, value)

    return FieldChange(
        field=field, label=str(model_field.verbose_name), old=shown(old), new=shown(new)
    )


def supplier_get(*, organization: Organization, supplier_id: int) -> Supplier:
    """Raises Supplier.DoesNotExist for another organization's supplier (→ 404)."""
    return Supplier.objects.get(organization=organization, pk=supplier_id)


def category_get(*, organization: Organization, category_id: int) -> Category:
    """Raises Category.DoesNotExist for another organization's category (→ 404)."""
    return Category.objects.get(organization=organization, pk=category_id)


def channel_get(*, organization: Organization, channel_id: int) -> Channel:
    """Raises Channel.DoesNotExist for another organization's channel (→ 404)."""
    return Channel.objects.get(organization=organization, pk=channel_id)


# -- uploads ---------------------------------------------------------------------


def catalog_version(*, organization: Organization) -> str:
    """Supplier, category and channel edits as a cache-key part (no query: a
    counter bumped by every save or delete, see inventory.signals)."""
    from inventory.signals import CATALOG
    from smartstock import versions

    return versions.read(CATALOG, organization.pk)
