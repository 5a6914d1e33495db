"""Open purchase orders against the projected stock-out: in time or late (pure).

A product's plan projects its stock day by day with its open (approved, sent,
partly received) purchase orders arriving on their due dates, and stores the
first day the stock runs out (``stockout_date``). When those orders are what
makes the advice "nothing to order", the stock-out risk depends on whether
they arrive in time:

- ``COVERED``: nothing to order, no open order is due after the projected
  stock-out and the stock does not run out before an order placed today
  could arrive. The risk is covered; the plan names the order due first.
- ``LATE``: an open order is due after the projected stock-out, so the stock
  runs out before it arrives (whether or not more is to be ordered). The
  product stays at risk; the plan names that order.
- ``NONE``: no open order, or something is still to order and every open
  order arrives before the stock-out.

The dashboard's risk levels, the stock table, the order screen, the alerts
and the copilot read the stored result (``Recommendation.coverage``).
Timing is the projection's: an order due on or before ``as_of`` (overdue) is
expected tomorrow, one without a due date tomorrow too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

COVERED, LATE, NONE = "covered", "late", ""


@dataclass(frozen=True)
class OpenArrival:
    """Units of one open order still to come for a product, and when."""

    order_id: int
    due_date: date | None  # the line's due date, else the order's; None: unknown
    units: float

    def expected_on(self, as_of: date) -> date:
        """The day the projection receives it (never before tomorrow)."""
        tomorrow = as_of + timedelta(days=1)
        return tomorrow if self.due_date is None else max(self.due_date, tomorrow)


@dataclass(frozen=True)
class Coverage:
    """What the open orders do to the stock-out risk, with the order named."""

    status: str = NONE
    order_id: int | None = None
    due_date: date | None = None  # that order's due date as entered (or expected)


def assess_coverage(
    *, as_of: date, advised_units: int, stockout_date: date | None,
    stockout_before_arrival: bool, arrivals: Iterable[OpenArrival],
) -> Coverage:
    """Covered in time, late, or neither (see the module docstring).

    ``advised_units``: what the plan advises to order (``to_order``'s advised
    figure, drafts aside); ``stockout_before_arrival``: the projected stock
    runs out before an order placed today could arrive (policy.lateness).
    """
    dated = sorted(arrivals, key=lambda a: (a.expected_on(as_of), a.order_id))
    if not dated:
        return Coverage()
    if stockout_date is not None:
        for arrival in dated:
            if arrival.expected_on(as_of) > stockout_date:
                return _named(LATE, arrival, as_of)
    if advised_units > 0 or stockout_before_arrival:
        return Coverage()
    return _named(COVERED, dated[0], as_of)


def _named(status: str, arrival: OpenArrival, as_of: date) -> Coverage:
    return Coverage(status, arrival.order_id,
                    arrival.due_date or arrival.expected_on(as_of))
