"""The product page's planning section: recommendation, policy, open alerts.

Registered on inventory's product page by DashboardConfig.ready, so the page
shows stock, plan and alerts together while inventory imports none of them.
"""

from __future__ import annotations

from django.utils.translation import get_language

from accounts.models import Organization
from alerts.selectors import ALERTS_VERSION, product_open_alerts
from inventory.models import Product
from policy.messages import render_message, render_messages
from policy.selectors import (
    dashboard_version,
    draft_quantities,
    product_policy_get,
    purchasing_version,
    recommendation_for_product,
    to_order,
)
from smartstock import versions

CACHE_SECONDS = 10 * 60


def replenishment_section(organization: Organization, product: Product) -> dict:
    """Latest recommendation (with reasons), policy override and open alerts."""
    if product.is_set:
        return {}
    def plan_and_alerts() -> dict:
        recommendation = recommendation_for_product(
            organization=organization, product=product
        )
        return {
            "recommendation": recommendation,
            # How much to order and when, as on the order screen.
            "to_order": to_order(recommendation, draft_quantities(
                organization=organization)) if recommendation else None,
            "recommendation_reasons": (
                render_messages(recommendation.messages) if recommendation else []
            ),
            "product_alerts": [
                (alert, render_message(alert.message_template, alert.params))
                for alert in product_open_alerts(
                    organization=organization, product_id=product.pk
                )
            ],
        }

    # The plan changes with the planning version (recommendations, ledger,
    # settings, product edits), the alerts with their counter.
    key = (f"product-plan:{organization.pk}:{product.pk}:{get_language()}:"
           f"{dashboard_version(organization=organization)}:"
           f"{purchasing_version(organization=organization)}:"
           f"{versions.read(ALERTS_VERSION, organization.pk)}")
    return {
        **versions.cached(key, plan_and_alerts, CACHE_SECONDS),
        "product_policy": product_policy_get(
            organization=organization, product=product
        ),
        "product_policy_applies": True,
    }
