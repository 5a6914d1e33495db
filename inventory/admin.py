"""Admin for the inventory models, scoped to the request's organization.

Catalog models need Perm.CATALOG_MANAGE (masters and managers). The ledger
(StockMovement) and the external references are view-only for everybody:
stock only moves through inventory.services.stock.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smartstock.admin import (
    OrganizationExportMixin,
    OrganizationImportExportMixin,
    OrganizationScopedAdmin,
    OrganizationScopedInline,
    ViewOnlyAdmin,
)

from .models import (
    Category,
    Channel,
    ChannelListing,
    ExternalReference,
    Lot,
    Product,
    SetComponent,
    StockMovement,
    Supplier,
)
from .resources import (
    CategoryResource,
    ChannelListingResource,
    ChannelResource,
    ProductResource,
    StockMovementResource,
    SupplierResource,
)

# Foreign-key filters list only values used by the (scoped) changelist rows;
# the plain RelatedFieldListFilter would list every organization's rows.
_RELATED_ONLY = admin.RelatedOnlyFieldListFilter


@admin.register(Supplier)
class SupplierAdmin(
    OrganizationScopedAdmin, OrganizationImportExportMixin, admin.ModelAdmin
):
    resource_classes = (SupplierResource,)
    list_display = (
        "name",
        "contact_person",
        "email",
        "phone",
        "lead_time_days",
        "is_active",
    )
    list_filter = ("is_active",)
    search_fields = ("name", "contact_person", "email")


@admin.register(Category)
class CategoryAdmin(
    OrganizationScopedAdmin, OrganizationImportExportMixin, admin.ModelAdmin
):
    resource_classes = (CategoryResource,)
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(Channel)
class ChannelAdmin(
    OrganizationScopedAdmin, OrganizationImportExportMixin, admin.ModelAdmin
):
    resource_classes = (ChannelResource,)
    list_display = ("name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)


@admin.register(ChannelListing)
class ChannelListingAdmin(
    OrganizationScopedAdmin, OrganizationExportMixin, admin.ModelAdmin
):
    resource_classes = (ChannelListingResource,)
    list_display = ("code", "option_name", "channel", "product")
    list_filter = (("channel", _RELATED_ONLY),)
    list_select_related = ("channel", "product")
    search_fields = ("code", "option_name", "product__sku", "product__name")


class SetComponentInline(OrganizationScopedInline, admin.TabularInline):
    model = SetComponent
    fk_name = "set_product"
    fields = ("component", "quantity")
    extra = 0


@admin.register(Product)
class ProductAdmin(
    OrganizationScopedAdmin, OrganizationImportExportMixin, SimpleHistoryAdmin
):
    resource_classes = (ProductResource,)
    inlines = (SetComponentInline,)
    cache_fields = ("on_hand",)
    list_display = (
        "sku",
        "name",
        "kind",
        "category",
        "supplier",
        "on_hand",
        "moq",
        "safety_stock",
        "is_active",
    )
    list_filter = (
        "kind",
        "is_active",
        "safety_stock_mode",
        ("category", _RELATED_ONLY),
        ("supplier", _RELATED_ONLY),
    )
    list_select_related = ("category", "supplier")
    search_fields = ("sku", "playauto_sku", "name", "manufacturer")
    readonly_fields = ("on_hand", "created_at", "updated_at")
    # The policy fields whose changes the history page lists.
    history_list_display = (
        "lead_time_days",
        "moq",
        "order_multiple",
        "safety_stock",
        "safety_stock_mode",
    )


@admin.register(SetComponent)
class SetComponentAdmin(OrganizationScopedAdmin, admin.ModelAdmin):
    list_display = ("set_product", "component", "quantity")
    list_select_related = ("set_product", "component")
    search_fields = ("set_product__sku", "component__sku")


@admin.register(Lot)
class LotAdmin(OrganizationScopedAdmin, admin.ModelAdmin):
    cache_fields = ("on_hand",)
    list_display = ("product", "code", "expiry_date", "on_hand")
    list_select_related = ("product",)
    search_fields = ("code", "product__sku", "product__name")
    readonly_fields = ("on_hand", "created_at")
    date_hierarchy = "expiry_date"


@admin.register(ExternalReference)
class ExternalReferenceAdmin(ViewOnlyAdmin, OrganizationScopedAdmin, admin.ModelAdmin):
    list_display = ("scope", "ref", "created_at")
    search_fields = ("ref",)


@admin.register(StockMovement)
class StockMovementAdmin(
    ViewOnlyAdmin, OrganizationScopedAdmin, OrganizationExportMixin, admin.ModelAdmin
):
    """The ledger: read and export only; corrections are reversals in the app."""

    resource_classes = (StockMovementResource,)
    list_display = (
        "business_date",
        "product",
        "kind",
        "quantity",
        "channel",
        "source",
        "source_ref",
        "created_by",
        "created_at",
    )
    list_filter = ("kind", "source", "business_date", ("channel", _RELATED_ONLY))
    list_select_related = ("product", "channel", "lot", "set_product", "created_by")
    search_fields = ("product__sku", "source_ref")
    date_hierarchy = "business_date"
