"""Forms of the inventory screens. Every choice is scoped to the organization."""

from .base import DATE_WIDGET, MANUAL_KINDS, BootstrapMixin
from .catalog import (
    CategoryForm,
    ChannelForm,
    ComponentForm,
    ListingForm,
    ProductFilterForm,
    ProductForm,
    SupplierForm,
)
from .movements import (
    MovementFilterForm,
    MovementForm,
    ReverseForm,
)
from .uploads import (
    MAX_TEMPLATE_DAYS,
    ApplyForm,
    CodeMapForm,
    MappingForm,
    TemplateForm,
    UploadForm,
)

__all__ = [
    "ApplyForm",
    "BootstrapMixin",
    "CategoryForm",
    "ChannelForm",
    "CodeMapForm",
    "ComponentForm",
    "DATE_WIDGET",
    "ListingForm",
    "MANUAL_KINDS",
    "MAX_TEMPLATE_DAYS",
    "MappingForm",
    "MovementFilterForm",
    "MovementForm",
    "ProductFilterForm",
    "ProductForm",
    "ReverseForm",
    "SupplierForm",
    "TemplateForm",
    "UploadForm",
]
