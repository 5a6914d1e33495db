"""The errors a stock movement raises; each message is for the user."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation


class StockError(ValidationError):
    """A movement that cannot be applied; the message is for the user."""


class InsufficientStock(StockError):
    pass


def refusal_data(error: ValidationError) -> dict[str, Any]:
    """A refusal as its English template and params (plain JSON), to be stored
    and said later in the reader's language; several messages are nested as
    params of one template. A message given as finished text stays as it is."""
    if hasattr(error, "error_dict"):
        items = [item for errors in error.error_dict.values() for item in errors]
    else:
        items = error.error_list
    parts = []
    for item in items:
        with translation.override("en"):
            template = str(item.message)
        params = {key: value if isinstance(value, int | str) else str(value)
                  for key, value in (item.params or {}).items()}
        parts.append({"message": template, "params": params})
    if len(parts) == 1:
        return parts[0]
    return {"message": " ".join(f"%(part{index})s" for index in range(len(parts))),
            "params": {f"part{index}": part for index, part in enumerate(parts)}}
