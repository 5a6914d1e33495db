"""Reads for the inventory app; every function takes the organization first.

One module per concern; everything is re-exported here so callers keep using
`from inventory import selectors` and `selectors.<name>`.
"""
from .catalog import (  # noqa: F401
    PRODUCT_ORDERINGS,
    CatalogChoices,
    FieldChange,
    HistoryEntry,
    _field_change,
    _related_names,
    catalog_choices,
    catalog_version,
    category_get,
    category_list,
    channel_get,
    channel_list,
    channel_listing_get,
    channel_listing_list,
    product_by_sku,
    product_get,
    product_history,
    product_list,
    product_lots,
    products_by_ids,
    products_short_of_stock,
    set_available_quantities,
    set_available_quantity,
    set_components,
    supplier_get,
    supplier_list,
)
from .movements import (  # noqa: F401
    DashboardFigures,
    daily_stock_levels,
    dashboard_figures,
    id_batches,
    last_sales_day,
    movement_get,
    movement_list,
    product_movements,
    product_newest_movement_id,
)
from .revenue import (  # noqa: F401
    estimated_units,
    priced_units,
    revenue_estimate_notice,
    sale_revenue,
    sold_rows,
)
from .uploads import (  # noqa: F401
    ledger_first_day,
    ledger_last_movement_id,
    mapping_memory_get,
    set_component_ids,
    template_products,
    upload_catalog_listings,
    upload_catalog_products,
    upload_duplicate_of,
    upload_get,
    upload_list,
    upload_movements,
    upload_same_rows_of,
    upload_status,
)
