"""Recommendations, what-if recompute (nothing saved), replenishment settings."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from inventory import selectors
from policy import selectors as policy_selectors
from policy.services import settings as settings_services
from policy.services.recommendations import recommendation_what_if

from ..serializers.common import ErrorSerializer
from ..serializers.policy import (
    PolicySettingsSerializer,
    RecommendationFilterSerializer,
    RecommendationSerializer,
    WhatIfQuerySerializer,
    WhatIfSerializer,
)
from .base import ApiView, ApiViewSet

# The detail URLs are keyed by product (one current recommendation each); a
# list row's own "id" changes at every refresh and is not what they take.
PRODUCT_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH,
    description="The product's id (a list row's `product` field), not the "
                "recommendation's own `id`, which changes at every refresh.")


class RecommendationViewSet(ApiViewSet):
    """The newest recommendation of each product: GET /recommendations/{product_id}/."""

    access = {"read": Perm.VIEW, "write": None}
    serializer_class = RecommendationSerializer

    @extend_schema(parameters=[
        OpenApiParameter("search", str, description="Part of the SKU or name."),
        OpenApiParameter("sku", str, description="One master SKU, any case."),
        OpenApiParameter("product", int, description="One product's id."),
        OpenApiParameter("supplier", int), OpenApiParameter("category", int),
        OpenApiParameter("only_to_order", bool,
                         description="Only products with a quantity due now.")])
    def list(self, request):
        filters = RecommendationFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        rows = policy_selectors.recommendation_list(
            organization=self.organization, search=data.get("search", ""),
            sku=data.get("sku", ""), product_id=data.get("product"),
            supplier_id=data.get("supplier"), category_id=data.get("category"),
            only_to_order=data["only_to_order"])
        return self.paginated(rows, RecommendationSerializer)

    @extend_schema(
        parameters=[PRODUCT_ID],
        responses={200: RecommendationSerializer, 404: ErrorSerializer},
        examples=[OpenApiExample("order now", response_only=True, value={
            "id": 101, "product": 12, "sku": "PASTA-001", "as_of": "2026-12-02",
            "computed_at": "2026-12-03T01:42:10+09:00", "mode": "service_level",
            "service_level": 0.95, "abc_class": "A", "safety_stock_method": "quantile",
            "on_hand": 40.0, "on_order": 0.0, "inventory_position": 40.0,
            "daily_demand": 6.2, "forecast_30d": 186.4, "lead_time_days": 14.0,
            "lead_time_spread_days": 0.0, "lead_time_source": "manual",
            "safety_stock": 23.0, "reorder_point": 109.8, "order_up_to": 196.6,
            "eoq": None, "overstock_units": 0.0, "order_now": True,
            "recommended_quantity": 160, "order_by_quantity": 160,
            "order_by_date": "2026-12-02",
            "reorder_date": "2026-12-02", "stockout_date": "2026-12-09",
            "expected_arrival_date": "2026-12-17", "days_late": 1,
            "stockout_before_arrival": True, "days_without_stock": 8,
            "units_lost": 49.6, "revenue_lost": 74400.0,
            "reason": "Order now: 40 units left, 0 on order, 6.2/day, lead time 14 "
                      "days; 157 → 160 (order multiple 20).",
            "to_order_quantity": 160, "to_order_due_date": "2026-12-02",
            "on_draft_quantity": 0, "covered": False, "covering_order": None,
            "late_order": None}),
            OpenApiExample("open order due after the stock-out", response_only=True,
                           value={
            "id": 102, "product": 13, "sku": "PASTA-002", "as_of": "2026-12-02",
            "computed_at": "2026-12-03T01:42:10+09:00", "mode": "service_level",
            "service_level": 0.95, "abc_class": "B", "safety_stock_method": "quantile",
            "on_hand": 12.0, "on_order": 200.0, "inventory_position": 212.0,
            "daily_demand": 3.0, "forecast_30d": 90.0, "lead_time_days": 10.0,
            "lead_time_spread_days": 0.0, "lead_time_source": "manual",
            "safety_stock": 9.0, "reorder_point": 39.0, "order_up_to": 81.0,
            "eoq": None, "overstock_units": 0.0, "order_now": False,
            "recommended_quantity": 0, "order_by_quantity": 0,
            "order_by_date": "2026-11-30", "reorder_date": "2026-11-30",
            "stockout_date": "2026-12-06", "expected_arrival_date": "2026-12-12",
            "days_late": 0, "stockout_before_arrival": False,
            "days_without_stock": 4, "units_lost": 12.0, "revenue_lost": None,
            "reason": "200 units on order cover the reorder point.",
            "to_order_quantity": 0, "to_order_due_date": None,
            "on_draft_quantity": 0, "covered": False, "covering_order": None,
            "late_order": {"id": 31, "number": "PO-31", "due_date": "2026-12-10",
                           "days_after_stockout": 4}})],
    )
    def retrieve(self, request, pk=None):
        """Safety stock, reorder point, order-by date, quantity and the reason."""
        product = self.fetch(selectors.product_get, product_id=pk)
        row = policy_selectors.recommendation_for_product(
            organization=self.organization, product=product)
        if row is None:
            raise exceptions.NotFound(_no_recommendation())
        return Response(RecommendationSerializer(row).data)

    @extend_schema(parameters=[PRODUCT_ID, WhatIfQuerySerializer],
                   responses={200: WhatIfSerializer, 400: ErrorSerializer})
    @action(detail=True, methods=["get"], url_path="what-if", url_name="what-if")
    def what_if(self, request, pk=None):
        """Recompute with another service level and/or lead time; nothing is saved."""
        product = self.fetch(selectors.product_get, product_id=pk)
        if product.is_set:
            raise exceptions.ValidationError(_sets_are_planned())
        query = WhatIfQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        row = recommendation_what_if(
            organization=self.organization, product=product,
            service_level=data.get("service_level"),
            lead_time_days=data.get("lead_time_days"))
        # Its to_order figures count the product's drafts as the stored row's do.
        row.draft_units = policy_selectors.draft_quantities(
            organization=self.organization).get(product.pk)
        return Response(WhatIfSerializer({
            "saved": False, "service_level": data.get("service_level"),
            "lead_time_days": data.get("lead_time_days"), "recommendation": row}).data)


class PolicySettingsView(ApiView):
    """The organization's replenishment settings; PATCH changes them (managers)."""

    access = {"read": Perm.VIEW, "write": Perm.POLICY_MANAGE}

    @extend_schema(responses=PolicySettingsSerializer)
    def get(self, request):
        current = policy_selectors.policy_settings_get(organization=self.organization)
        return Response(PolicySettingsSerializer(current).data)

    @extend_schema(request=PolicySettingsSerializer,
                   responses={200: PolicySettingsSerializer, 400: ErrorSerializer})
    def patch(self, request):
        current = policy_selectors.policy_settings_get(organization=self.organization)
        serializer = PolicySettingsSerializer(current, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        saved = settings_services.policy_settings_update(
            organization=self.organization, user=self.actor,
            data=serializer.validated_data)
        return Response(PolicySettingsSerializer(saved).data)


def _no_recommendation() -> str:
    from django.utils.translation import gettext as _

    return _("No recommendation yet: it is computed after the first forecast.")


def _sets_are_planned() -> str:
    from django.utils.translation import gettext as _

    return _("A set is planned through its components; ask for one of them.")
