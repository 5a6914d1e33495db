"""What the alert rules read (a product's state, thresholds) and what they return."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from policy.engine import ProjectedDay, Recommendation

AlertKind = Literal["reorder", "stockout_risk", "expiry", "overstock", "data"]
Severity = Literal["critical", "high", "medium", "low"]
SEVERITY_RANK: dict[str, int] = {"critical": 0, "high": 1, "medium": 2, "low": 3}
KIND_RANK: dict[str, int] = {"stockout_risk": 0, "reorder": 1, "expiry": 2,
                             "overstock": 3, "data": 4}


@dataclass(frozen=True)
class AlertSettings:
    """Per-organization thresholds (days)."""

    reorder_window_days: int = 10
    expiry_window_days: int = 30
    overstock_grace_days_after_receipt: int = 14
    overstock_medium_cover_days: int = 90
    no_movement_days: int = 90


@dataclass(frozen=True)
class LotState:
    """A lot still in stock: its key, expiry date and remaining units."""

    key: str
    expiry_date: date
    quantity_units: float


@dataclass(frozen=True)
class OpenOrder:
    """The open purchase order (approved or sent) the plan's coverage names
    (policy/coverage.py): due after the projected stock-out, or in time."""

    number: str  # "PO-12"
    status: str  # English status name, translated on display ("sent")
    arrival: date | None


@dataclass(frozen=True)
class ProductState:
    """What the rules need about one product (usually from a Recommendation)."""

    key: str
    on_hand_units: float
    lead_time_days: float
    projection: Sequence[ProjectedDay] = ()
    order_by_date: date | None = None
    stockout_date: date | None = None
    overstock_units: float = 0.0
    recommended_quantity_units: int = 0
    # For the quantity due on an upcoming order-by date (none is due today).
    order_up_to_units: float = 0.0
    moq_units: int = 1
    order_multiple_units: int = 1
    eoq_units: float | None = None
    # The recommendation's stored figure (0 on rows stored before it existed).
    order_by_quantity_units: int = 0
    price: float = 0.0
    unit_cost: float = 0.0
    lots: Sequence[LotState] = ()
    last_receipt_date: date | None = None
    last_movement_date: date | None = None
    negative_stock_attempts: int = 0
    open_order: OpenOrder | None = None
    # Stored with the recommendation (policy/lateness.py): the same figures the
    # order screen and the stock table show.
    days_late: int = 0
    stockout_before_arrival: bool = False
    days_without_stock: int = 0
    # Sales: the last day anything sold, the days with sales in the
    # STEADY_WINDOW_DAYS before the last SALES_STOP_DAYS, and whether a sales
    # pause of the events calendar covers the days since the last sale.
    last_sale_date: date | None = None
    sale_days_before_gap: int = 0
    paused_since_last_sale: bool = False

    @classmethod
    def from_recommendation(
        cls, key: str, recommendation: Recommendation, **extra: Any
    ) -> ProductState:
        """Build the state from a policy ``Recommendation`` plus extra fields."""
        return cls(
            key=key, on_hand_units=recommendation.on_hand_units,
            lead_time_days=recommendation.lead_time_days,
            projection=recommendation.projection,
            order_by_date=recommendation.order_by_date,
            stockout_date=recommendation.stockout_date,
            overstock_units=recommendation.overstock_units,
            recommended_quantity_units=recommendation.recommended_quantity_units,
            order_up_to_units=recommendation.order_up_to_units,
            eoq_units=recommendation.eoq_units,
            **extra,
        )


@dataclass(frozen=True)
class AlertCandidate:
    """One alert to raise: kind, severity, dedupe key, money at stake, message."""

    kind: AlertKind
    severity: Severity
    key: str
    message: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)
    revenue_at_risk: float = 0.0
    cash_tied_up: float = 0.0
    due_date: date | None = None

    def __str__(self) -> str:
        return self.message % self.params
