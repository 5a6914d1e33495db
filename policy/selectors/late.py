"""A stored recommendation as the lateness calculator's input (no queries)."""

from __future__ import annotations

from policy.lateness import PlanInputs
from policy.models import Recommendation


def plan_inputs(recommendation: Recommendation, *,
                review_period_days: float) -> PlanInputs:
    """The pure calculator's view of one recommendation (projection loaded)."""
    product = recommendation.product
    price = float(product.selling_price or 0)
    return PlanInputs(
        as_of=recommendation.as_of, on_hand_units=recommendation.on_hand,
        daily_demand_units=recommendation.daily_demand,
        lead_time_days=recommendation.lead_time_days,
        order_by_date=recommendation.order_by_date,
        recommended_quantity_units=recommendation.recommended_quantity,
        safety_stock_units=recommendation.safety_stock,
        review_period_days=review_period_days,
        projection=recommendation.projection or (),
        moq_units=max(1, product.moq),
        order_multiple_units=max(1, product.order_multiple),
        price=price or None,
    )
