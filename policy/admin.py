"""Admin for replenishment, scoped to the request's organization.

Everything is view-only except the settings: recommendations are computed,
purchase orders change through their screens (which keep the history and the
reasons) and the outbox is written by the email services.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.roles import Perm
from smartstock.admin import OrganizationScopedAdmin, ViewOnlyAdmin

from .models import (
    EmailOutbox,
    PolicySettings,
    ProductPolicy,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseReceipt,
    Recommendation,
)


@admin.register(PolicySettings)
class PolicySettingsAdmin(OrganizationScopedAdmin, admin.ModelAdmin):
    view_perm = manage_perm = Perm.POLICY_MANAGE
    list_display = ("organization", "mode", "service_level", "review_period_days",
                    "order_sheet_email_enabled")


@admin.register(ProductPolicy)
class ProductPolicyAdmin(OrganizationScopedAdmin, admin.ModelAdmin):
    view_perm = manage_perm = Perm.POLICY_MANAGE
    list_display = ("product", "mode", "service_level")
    list_select_related = ("product",)
    search_fields = ("product__sku", "product__name")


@admin.register(Recommendation)
class RecommendationAdmin(ViewOnlyAdmin, OrganizationScopedAdmin, admin.ModelAdmin):
    view_perm = Perm.POLICY_MANAGE
    list_display = ("product", "as_of", "mode", "recommended_quantity",
                    "order_by_date", "lead_time_days", "lead_time_source")
    list_filter = ("mode", "order_now", "lead_time_source")
    list_select_related = ("product",)
    search_fields = ("product__sku", "product__name")
    date_hierarchy = "as_of"


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(ViewOnlyAdmin, OrganizationScopedAdmin, admin.ModelAdmin):
    view_perm = Perm.PURCHASE_MANAGE
    list_display = ("number", "supplier", "status", "created_at", "sent_at",
                    "expected_date")
    list_filter = ("status",)
    list_select_related = ("supplier",)


@admin.register(PurchaseOrderLine)
class PurchaseOrderLineAdmin(ViewOnlyAdmin, OrganizationScopedAdmin,
                             SimpleHistoryAdmin):
    view_perm = Perm.PURCHASE_MANAGE
    list_display = ("order", "product", "quantity", "recommended_quantity",
                    "received_quantity", "is_closed")
    list_select_related = ("order", "product")
    search_fields = ("product__sku",)


@admin.register(PurchaseReceipt)
class PurchaseReceiptAdmin(ViewOnlyAdmin, OrganizationScopedAdmin, admin.ModelAdmin):
    view_perm = Perm.PURCHASE_MANAGE
    list_display = ("line", "quantity", "received_on", "lot_code", "expiry_date",
                    "received_by")


@admin.register(EmailOutbox)
class EmailOutboxAdmin(ViewOnlyAdmin, OrganizationScopedAdmin, admin.ModelAdmin):
    view_perm = Perm.SETTINGS_MANAGE
    list_display = ("dedupe_key", "kind", "status", "attempts", "sent_at")
    list_filter = ("kind", "status")
