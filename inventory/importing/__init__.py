"""Pure upload pipeline: file safety, header recognition, row validation.

No Django here (tests/test_architecture.py checks it). The Django service calls
`parse_upload(file, filename, resolver, ParseOptions(...))`, shows the
`ParsedUpload` as a preview, and applies `rows` only when `ok` is True.
Messages are (code, English template, params); translate the template with
gettext, then apply the params (a `field` param is itself an English label
from messages.TEXTS and should be translated too).
"""
from .files import Limits, UploadRefused, ensure_xml_protection, open_upload
from .headers import (
    TEMPLATE_COLUMNS,
    ColumnMapping,
    MappedColumn,
    header_signature,
    template_headers,
)
from .messages import Message, field_label
from .pipeline import ParseOptions, parse_upload
from .resolve import (
    CatalogListing,
    CatalogProduct,
    CatalogResolver,
    ProductCodes,
    Resolution,
    Resolver,
)
from .results import (
    INBOUND,
    OUTBOUND,
    STOCK_COUNT,
    ParsedRow,
    ParsedUpload,
    Problem,
    ProductTotals,
    SkippedRow,
    UnknownCode,
)

__all__ = [
    "INBOUND",
    "OUTBOUND",
    "STOCK_COUNT",
    "TEMPLATE_COLUMNS",
    "CatalogListing",
    "CatalogProduct",
    "CatalogResolver",
    "ColumnMapping",
    "Limits",
    "MappedColumn",
    "Message",
    "ParseOptions",
    "ParsedRow",
    "ParsedUpload",
    "Problem",
    "ProductCodes",
    "ProductTotals",
    "Resolution",
    "Resolver",
    "SkippedRow",
    "UnknownCode",
    "UploadRefused",
    "ensure_xml_protection",
    "field_label",
    "header_signature",
    "open_upload",
    "parse_upload",
    "template_headers",
]
