"""Product master, the stock ledger and uploads (one module each)."""

from .base import TenantModel
from .catalog import (
    Category,
    Channel,
    ChannelListing,
    Product,
    SetComponent,
    Supplier,
)
from .ledger import (
    ExternalReference,
    LedgerImmutableError,
    Lot,
    StockMovement,
    StockMovementQuerySet,
)
from .uploads import ColumnMappingMemory, UploadBatch

__all__ = [
    "Category",
    "Channel",
    "ChannelListing",
    "ColumnMappingMemory",
    "ExternalReference",
    "LedgerImmutableError",
    "Lot",
    "Product",
    "SetComponent",
    "StockMovement",
    "StockMovementQuerySet",
    "Supplier",
    "TenantModel",
    "UploadBatch",
]
