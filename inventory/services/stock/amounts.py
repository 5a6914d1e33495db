"""Splitting one line's paid amount over the ledger rows it becomes (pure).

A set sold as one line is recorded as its components' rows, and a take may be
spread over several lots: the line's amount is split over those rows so that
they add up to it exactly and revenue can be summed row by row. Sets are split
in proportion to each component's list value (units × selling price), or to
units when no component has a price; lots in proportion to units.
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from decimal import Decimal


def split_amount(
    amount: int | None, weights: Sequence[tuple[Hashable, Decimal | int]]
) -> dict[Hashable, int | None]:
    """`amount` over the keys in proportion to their weights (largest remainder,
    ties to the earlier key); equal parts when every weight is zero. None
    stays None for every key."""
    if amount is None:
        return {key: None for key, _weight in weights}
    if not weights:
        return {}
    values = [Decimal(weight) for _key, weight in weights]
    total = sum(values)
    if total <= 0:
        values = [Decimal(1)] * len(weights)
        total = Decimal(len(weights))
    exact = [Decimal(amount) * value / total for value in values]
    parts = [int(share) for share in exact]  # shares are >= 0: int() floors
    left = amount - sum(parts)
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for index in order[:left]:
        parts[index] += 1
    return {key: part for (key, _weight), part in zip(weights, parts, strict=True)}
