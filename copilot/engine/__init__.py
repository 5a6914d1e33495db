"""The copilot's question parser: pure Python, no Django, the clock passed in.

`parse(question, catalogue=..., today=...)` turns a Korean or English question
into a `ParsedQuestion` (intent + slots). The service layer resolves the slots
against the organization's data and answers with the existing selectors.
"""
from .parser import parse  # noqa: F401
from .types import (  # noqa: F401
    INTENTS,
    Catalogue,
    CatalogueItem,
    CatalogueProduct,
    ParsedQuestion,
    Period,
    Slots,
)
