"""/api/v1/: the router's endpoints, the schema and its docs (static, no CDN)."""

from django.urls import path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from .views import alerts, catalog, forecasts, keys, orders, policy, stock, uploads
from .views.copilot import CopilotView
from .views.dashboard import DashboardView, StockStatusView
from .views.docs import NotFoundView, public
from .views.policy import PolicySettingsView
from .views.stock import OnHandView, StockLevelsView

app_name = "api"


class Router(DefaultRouter):
    include_root_view = False
    include_format_suffixes = False


router = Router()
router.register("products", catalog.ProductViewSet, basename="product")
router.register("listings", catalog.ListingViewSet, basename="listing")
router.register("suppliers", catalog.SupplierViewSet, basename="supplier")
router.register("categories", catalog.CategoryViewSet, basename="category")
router.register("channels", catalog.ChannelViewSet, basename="channel")
router.register("movements", stock.MovementViewSet, basename="movement")
router.register("uploads", uploads.UploadViewSet, basename="upload")
router.register("forecasts", forecasts.ForecastViewSet, basename="forecast")
router.register("forecast-overrides", forecasts.OverrideViewSet,
                basename="forecast-override")
router.register("forecast-runs", forecasts.RunViewSet, basename="forecast-run")
router.register("events", forecasts.EventViewSet, basename="event")
router.register("recommendations", policy.RecommendationViewSet,
                basename="recommendation")
router.register("purchase-orders", orders.PurchaseOrderViewSet,
                basename="purchase-order")
router.register("alerts", alerts.AlertViewSet, basename="alert")
router.register("api-keys", keys.ApiKeyViewSet, basename="api-key")
router.register("members", keys.MemberViewSet, basename="member")

urlpatterns = [
    path("stock/on-hand/", OnHandView.as_view(), name="on-hand"),
    path("stock/levels/", StockLevelsView.as_view(), name="stock-levels"),
    path("policy/settings/", PolicySettingsView.as_view(), name="policy-settings"),
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("dashboard/stock-status/", StockStatusView.as_view(), name="stock-status"),
    path("copilot/", CopilotView.as_view(), name="copilot"),
    *router.urls,
    path("schema/", public(SpectacularAPIView).as_view(), name="schema"),
    # The split view serves Swagger UI's start-up code as a file (strict CSP).
    path("docs/", public(SpectacularSwaggerSplitView).as_view(url_name="api:schema"),
         name="docs"),
    path("redoc/", public(SpectacularRedocView).as_view(url_name="api:schema"),
         name="redoc"),
    # Last: whatever matched nothing above (a non-numeric id, a typo) is the
    # API's JSON 404. Only paths ending in "/", so Django's slash redirect
    # (/products → /products/) still works.
    re_path(r"^.*/$", NotFoundView.as_view(), name="not-found"),
]
