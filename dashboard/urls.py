"""The dashboard app's URLs, mounted under their historical paths and names.

The home page is "/" (name "dashboard"). The reports and the stock status
moved here from inventory and forecasting; their paths and URL names did not
change: smartstock/urls.py mounts `inventory_urlpatterns` in the "inventory"
namespace under /inventory/ and `forecasting_urlpatterns` in the "forecasting"
namespace under /forecasts/ (so `{% url 'inventory:stock_status' %}` still
works while inventory itself no longer imports forecasting or policy).
"""

from django.urls import path

from . import views

inventory_urlpatterns = [
    path("reports/sales/", views.sales_report, name="sales_report"),
    path(
        "reports/sales/export/",
        views.sales_report_export,
        name="sales_report_export",
    ),
    path("reports/explorer/", views.explorer, name="explorer"),
    path("reports/explorer/export/", views.explorer_export, name="explorer_export"),
    path("stock-status/", views.stock_status, name="stock_status"),
    path(
        "stock-status/export/",
        views.stock_status_export,
        name="stock_status_export",
    ),
]

forecasting_urlpatterns = [
    path("accuracy/", views.accuracy_report, name="accuracy"),
    path(
        "actual-vs-forecast/", views.actual_vs_forecast, name="actual_vs_forecast"
    ),
]
