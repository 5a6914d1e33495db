"""Admin for forecasting, scoped to the request's organization.

Runs and results are view-only (written by the pipeline); overrides are
view-only too, because they change through the forecast page's services,
which record the reason and the history; events are editable by managers.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from accounts.roles import Perm
from smartstock.admin import OrganizationScopedAdmin, ViewOnlyAdmin

from .models import ForecastOverride, ForecastRun, ProductForecast, PromotionEvent

_RELATED_ONLY = admin.RelatedOnlyFieldListFilter


@admin.register(ForecastRun)
class ForecastRunAdmin(ViewOnlyAdmin, OrganizationScopedAdmin, admin.ModelAdmin):
    view_perm = Perm.FORECAST_OVERRIDE
    list_display = (
        "as_of",
        "sequence",
        "scope",
        "status",
        "product_count",
        "started_at",
        "finished_at",
        "git_revision",
    )
    list_filter = ("status", "scope", "forced")
    date_hierarchy = "as_of"


@admin.register(ProductForecast)
class ProductForecastAdmin(ViewOnlyAdmin, OrganizationScopedAdmin, admin.ModelAdmin):
    view_perm = Perm.FORECAST_OVERRIDE
    list_display = (
        "product",
        "as_of",
        "method",
        "demand_class",
        "total_30",
        "total_90",
        "backtest_wape",
        "is_cold_start",
    )
    list_filter = ("demand_class", "is_cold_start")
    list_select_related = ("product",)
    search_fields = ("product__sku", "product__name")
    date_hierarchy = "as_of"


@admin.register(ForecastOverride)
class ForecastOverrideAdmin(ViewOnlyAdmin, OrganizationScopedAdmin, SimpleHistoryAdmin):
    view_perm = Perm.FORECAST_OVERRIDE
    list_display = (
        "product",
        "kind",
        "reason_code",
        "is_active",
        "expires_on",
        "created_by",
        "created_at",
    )
    list_filter = ("kind", "reason_code", "is_active")
    list_select_related = ("product", "created_by")
    search_fields = ("product__sku", "reason_text")


@admin.register(PromotionEvent)
class PromotionEventAdmin(OrganizationScopedAdmin, admin.ModelAdmin):
    view_perm = Perm.FORECAST_OVERRIDE
    manage_perm = Perm.FORECAST_OVERRIDE
    list_display = (
        "name", "kind", "start_date", "end_date", "product", "category", "channel"
    )
    list_filter = (
        "kind", ("channel", _RELATED_ONLY), ("category", _RELATED_ONLY)
    )
    list_select_related = ("product", "category", "channel")
    search_fields = ("name", "note")
    date_hierarchy = "start_date"
