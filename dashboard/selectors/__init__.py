"""Reads for the dashboard and reports; every function takes the organization first."""

from .reports import (  # noqa: F401
    EXPLORER_TABLES,
    SALES_GROUPS,
    ExplorerColumn,
    ExplorerFilters,
    ExplorerTooManyRows,
    SalesCell,
    explorer_records,
    explorer_tables,
    sales_by_period,
)
