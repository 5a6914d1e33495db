"""Admin for alerts: view-only (they change through the alert centre)."""

from django.contrib import admin

from accounts.roles import Perm
from smartstock.admin import OrganizationScopedAdmin, ViewOnlyAdmin

from .models import Alert


@admin.register(Alert)
class AlertAdmin(ViewOnlyAdmin, OrganizationScopedAdmin, admin.ModelAdmin):
    view_perm = Perm.POLICY_MANAGE
    list_display = ("product", "kind", "severity", "status", "value_at_risk",
                    "first_seen", "last_seen")
    list_filter = ("kind", "severity", "status")
    list_select_related = ("product",)
    search_fields = ("product__sku", "product__name")
