"""The product page's planning section: recommendation, policy, open alerts.

Registered on inventory's product page by DashboardConfig.ready, so the page
shows stock, plan and alerts together while inventory imports none of them.
"""

from __future__ import annotations

from accounts.models import Organization
from alerts.selectors import product_open_alerts
from inventory.models import Product
from policy.messages import render_message, render_messages
from policy.selectors import product_policy_get, recommendation_for_product


def replenishment_section(organization: Organization, product: Product) -> dict:
    """Latest recommendation (with reasons), policy override and open alerts."""
    if product.is_set:
        return {}
    recommendation = recommendation_for_product(
        organization=organization, product=product
    )
    return {
        "recommendation": recommendation,
        "recommendation_reasons": (
            render_messages(recommendation.messages) if recommendation else []
        ),
        "product_policy": product_policy_get(
            organization=organization, product=product
        ),
        "product_policy_applies": True,
        "product_alerts": [
            (alert, render_message(alert.message_template, alert.params))
            for alert in product_open_alerts(
                organization=organization, product_id=product.pk
            )
        ],
    }
