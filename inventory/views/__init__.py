"""Inventory screens; smartstock/urls.py and inventory/urls.py import from here."""

from .catalog import (
    category_create,
    category_edit,
    category_list,
    channel_create,
    channel_edit,
    channel_list,
    listing_create,
    listing_delete,
    listing_list,
    supplier_create,
    supplier_edit,
    supplier_list,
)
from .movement_export import movement_export_csv
from .movements import movement_create, movement_list, movement_reverse_view
from .product_detail import (
    product_detail,
    product_movement_create,
    set_component_add,
    set_component_remove,
)
from .products import product_create, product_edit, product_list, product_set_active
from .uploads import (
    template_download,
    upload_apply,
    upload_list,
    upload_map_code,
    upload_preview,
    upload_revert,
    upload_start,
    upload_status,
)

__all__ = [
    "category_create",
    "category_edit",
    "category_list",
    "channel_create",
    "channel_edit",
    "channel_list",
    "listing_create",
    "listing_delete",
    "listing_list",
    "movement_create",
    "movement_export_csv",
    "movement_list",
    "movement_reverse_view",
    "product_create",
    "product_detail",
    "product_edit",
    "product_list",
    "product_movement_create",
    "product_set_active",
    "set_component_add",
    "set_component_remove",
    "supplier_create",
    "supplier_edit",
    "supplier_list",
    "template_download",
    "upload_apply",
    "upload_list",
    "upload_map_code",
    "upload_preview",
    "upload_revert",
    "upload_start",
    "upload_status",
]
