"""The errors a stock movement raises; each message is for the user."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class StockError(ValidationError):
    """A movement that cannot be applied; the message is for the user."""


class InsufficientStock(StockError):
    pass
