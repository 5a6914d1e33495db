"""Reads for replenishment; every function takes the organization first.

One module per concern (planning inputs, orders, dashboard); everything is
re-exported here so callers keep using `from policy import selectors`.
"""
from . import clock
from .dashboard import (  # noqa: F401
    CHANNEL_WINDOW_DAYS,
    STOCK_STATUS_SORTS,
    WEEK_DAYS,
    Risk,
    RiskFigures,
    StockStatusFilters,
    _filtered,
    _order_key,
    _to_order_within,
    availability,
    dashboard_snapshot_get,
    dashboard_version,
    days_of_cover,
    risk_figures,
    risk_figures_cached,
    risk_rank,
    stock_status_list,
)
from .history import PolicyChange, policy_history_list  # noqa: F401
from .orders import (  # noqa: F401
    QuantityChange,
    draft_quantities,
    po_get,
    po_line_get,
    po_lines,
    po_list,
    po_quantity_history,
    po_receipts,
    purchasing_version,
    recommendation_for_product,
    recommendation_get,
    recommendation_latest_as_of,
    recommendation_list,
    recommendations_by_ids,
)
from .planning import (  # noqa: F401
    PlanningForecast,
    _planning,
    _shift,
    lead_time_samples,
    open_order_arrivals,
    open_order_lines,
    open_receipts,
    planning_forecasts,
    planning_products,
    policy_settings_get,
    product_policy_get,
    sales_value_by_product,
)
from .to_order import (  # noqa: F401
    ToOrder,
    ToOrderLine,
    ToOrderTotals,
    order_sheet_rows,
    to_order,
    to_order_by_product,
    to_order_lines,
    to_order_totals,
    unit_cost_of,
)


def today():
    """The business day; delegates so a test pins it in one place (clock)."""
    return clock.today()
