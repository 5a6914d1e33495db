"""The dashboard's KPI values and the stock-status table as JSON.

The same selectors as the dashboard page (stored snapshot + live aggregates).
"""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from inventory import selectors
from policy import selectors as policy_selectors
from policy.selectors import STOCK_STATUS_SORTS, Risk, StockStatusFilters
from policy.services.dashboard import dashboard_data

from ..serializers.dashboard import DashboardSerializer, StockStatusRowSerializer
from .base import ApiView

SORTS = sorted(STOCK_STATUS_SORTS)
CACHE_SECONDS = 10 * 60


class DashboardView(ApiView):
    """KPI values: risk counts, stock value, fill and stock-out rates, accuracy."""

    @extend_schema(responses=DashboardSerializer)
    def get(self, request):
        """Cached under the same data version as the dashboard page."""
        organization = self.organization
        version = policy_selectors.dashboard_version(organization=organization)
        key = f"api:dashboard:{organization.pk}:{version}"
        body = cache.get(key)
        if body is None:
            body = self._body(organization)
            cache.set(key, body, CACHE_SECONDS)
        return Response(body)

    def _body(self, organization) -> dict:
        figures = selectors.dashboard_figures(organization=organization)
        risk = policy_selectors.risk_figures(organization=organization)
        data = dashboard_data(organization=organization)
        in_stock, total = policy_selectors.availability(organization=organization)
        rates = data.get("rates") or {}
        accuracy = data.get("accuracy") or {}
        computed = data.get("computed_at")
        return DashboardSerializer({
            "as_of": risk.as_of,
            "active_products": figures.active_products,
            "units_on_hand": figures.units_on_hand,
            "inventory_value": figures.inventory_value,
            "out_of_stock": figures.out_of_stock,
            "below_safety_stock": figures.below_safety_stock,
            "at_risk": risk.at_risk, "by_risk": risk.by_risk,
            "to_order_week": risk.to_order_week,
            "overstock_value": risk.overstock_value,
            "in_stock_products": in_stock,
            "availability": in_stock / total if total else None,
            "fill_rate_30": (rates.get("30") or {}).get("fill_rate"),
            "fill_rate_90": (rates.get("90") or {}).get("fill_rate"),
            "stockout_rate_30": (rates.get("30") or {}).get("stockout_rate"),
            "stockout_rate_90": (rates.get("90") or {}).get("stockout_rate"),
            "forecast_wape": accuracy.get("wape"),
            "forecast_bias": accuracy.get("bias"),
            "computed_at": dt.datetime.fromisoformat(computed) if computed else None,
        }).data


class StockStatusQuerySerializer(serializers.Serializer):
    search = serializers.CharField(required=False, default="")
    category = serializers.IntegerField(required=False, allow_null=True, default=None)
    supplier = serializers.IntegerField(required=False, allow_null=True, default=None)
    channel = serializers.IntegerField(required=False, allow_null=True, default=None)
    risk = serializers.ChoiceField(choices=["", Risk.AT_RISK, *Risk.ORDER],
                                   required=False, default="")
    show = serializers.ChoiceField(choices=["", "reorder", "week", "overstock"],
                                   required=False, default="")
    sort = serializers.ChoiceField(
        choices=[*SORTS, *(f"-{name}" for name in SORTS)], required=False,
        default="risk")


class StockStatusView(ApiView):
    """Every product's stock, demand, dates and risk (the stock-status table)."""

    @extend_schema(parameters=[StockStatusQuerySerializer],
                   responses=StockStatusRowSerializer(many=True))
    def get(self, request):
        query = StockStatusQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        rows = policy_selectors.stock_status_list(
            organization=self.organization,
            filters=StockStatusFilters(
                search=data["search"], category_id=data["category"],
                supplier_id=data["supplier"], channel_id=data["channel"],
                risk=data["risk"], show=data["show"], sort=data["sort"]))
        return self.paginated(rows, StockStatusRowSerializer)



