"""Replenishment screens: the order screen, order sheet, purchase orders, settings."""

from .purchase_orders import (
    po_approve,
    po_cancel,
    po_create_from_recommendations,
    po_detail,
    po_line_due_date,
    po_line_edit,
    po_list,
    po_receive,
    po_send,
)
from .recommendations import (
    order_sheet_download,
    order_sheet_email,
    policy_settings,
    recommendation_list,
)
from .what_if import what_if

__all__ = [
    "order_sheet_download", "order_sheet_email", "po_approve", "po_cancel",
    "po_create_from_recommendations", "po_detail", "po_line_due_date", "po_line_edit",
    "po_list",
    "po_receive", "po_send", "policy_settings", "recommendation_list", "what_if",
]
