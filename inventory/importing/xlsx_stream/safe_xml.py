"""Hardened expat parsers (DOCTYPEs and entities refused, as defusedxml does)
and the errors the reader raises."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.parsers import expat


class UnsafeXml(Exception):
    """The XML declares a DOCTYPE or entities (billion laughs, XXE)."""


class CellTooLarge(Exception):
    """A cell's text passed the limit; `row`/`column` say where (1-based)."""

    def __init__(self, row: int, column: int, limit: int) -> None:
        super().__init__(f"cell at row {row}, column {column} over {limit} characters")
        self.row, self.column, self.limit = row, column, limit


class BudgetExceeded(Exception):
    """A part that must be held in memory is larger than the budget."""

    def __init__(self, part: str, size: int, budget: int) -> None:
        super().__init__(f"{part}: {size} bytes, budget {budget}")
        self.part, self.size, self.budget = part, size, budget


def _local(name: str) -> str:
    """The element name without a namespace prefix (x:c → c)."""
    return name.rpartition(":")[2] if ":" in name else name


def _refuse(*_args: Any) -> None:
    raise UnsafeXml("DOCTYPE or entity declaration")


def _parser() -> expat.XMLParserType:
    # No namespace processing: prefixed names (x:c) are rare and stripped.
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.buffer_text = True
    return parser


def _parse_all(data: bytes, start: Callable, end: Callable | None = None,
               text: Callable | None = None) -> None:
    parser = _parser()
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    parser.Parse(data, True)
