"""Dashboard screens; smartstock/urls.py and dashboard/urls.py import from here."""

from .accuracy import accuracy_report, actual_vs_forecast
from .explorer import explorer, explorer_export
from .home import dashboard
from .reports import sales_report, sales_report_export
from .stock_status import stock_status, stock_status_export

__all__ = [
    "accuracy_report",
    "actual_vs_forecast",
    "dashboard",
    "explorer",
    "explorer_export",
    "sales_report",
    "sales_report_export",
    "stock_status",
    "stock_status_export",
]
