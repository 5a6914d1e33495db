"""Recommendations, what-if recompute (nothing saved), replenishment settings."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
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
    RecommendationSerializer,
    WhatIfQuerySerializer,
    WhatIfSerializer,
)
from .base import ApiView, ApiViewSet


class RecommendationViewSet(ApiViewSet):
    """The newest recommendation of each product: GET /recommendations/{product_id}/."""

    access = {"read": Perm.VIEW, "write": None}
    serializer_class = RecommendationSerializer

    @extend_schema(parameters=[
        OpenApiParameter("search", str), OpenApiParameter("supplier", int),
        OpenApiParameter("only_to_order", bool)])
    def list(self, request):
        params = request.query_params
        supplier = params.get("supplier")
        rows = policy_selectors.recommendation_list(
            organization=self.organization, search=params.get("search", ""),
            supplier_id=int(supplier) if supplier and supplier.isdigit() else None,
            only_to_order=params.get("only_to_order", "").lower() in ("1", "true"))
        return self.paginated(rows, RecommendationSerializer)

    @extend_schema(responses={200: RecommendationSerializer, 404: ErrorSerializer})
    def retrieve(self, request, pk=None):
        """Safety stock, reorder point, order-by date, quantity and the reason."""
        product = self.fetch(selectors.product_get, product_id=pk)
        row = policy_selectors.recommendation_for_product(
            organization=self.organization, product=product)
        if row is None:
            raise exceptions.NotFound(_no_recommendation())
        return Response(RecommendationSerializer(row).data)

    @extend_schema(parameters=[WhatIfQuerySerializer],
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
