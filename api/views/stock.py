"""The ledger: list, record (idempotent), on-hand, daily levels."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.response import Response

from accounts.roles import Perm
from inventory import selectors
from inventory.models import StockMovement
from inventory.services.stock import movement_record

from .. import services
from ..serializers.catalog import OnHandSerializer
from ..serializers.common import ErrorSerializer
from ..serializers.stock import (
    MovementCreatedSerializer,
    MovementCreateSerializer,
    MovementFilterSerializer,
    MovementSerializer,
    StockLevelsQuerySerializer,
    StockLevelsSerializer,
)
from .base import ApiView, ApiViewSet

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER,
    description="Any unique string of at most 200 characters (e.g. a UUID). "
                "The same key within 24 hours returns the first result and "
                "writes nothing new.")


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("product", int), OpenApiParameter("sku", str),
        OpenApiParameter("date_from", str, description="YYYY-MM-DD"),
        OpenApiParameter("date_to", str, description="YYYY-MM-DD"),
        OpenApiParameter("kind", str, enum=list(StockMovement.Kind.values)),
        OpenApiParameter("channel", int),
    ]),
)
class MovementViewSet(ApiViewSet):
    """Stock movements (append-only ledger)."""

    access = {"read": Perm.VIEW, "write": Perm.STOCK_RECORD}
    serializer_class = MovementSerializer

    def list(self, request):
        filters = MovementFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        movements = selectors.movement_list(
            organization=self.organization, product_id=data.get("product"),
            product_sku=data.get("sku", ""), date_from=data.get("date_from"),
            date_to=data.get("date_to"), kind=data.get("kind", ""),
            channel_id=data.get("channel"))
        return self.paginated(movements, MovementSerializer)

    def retrieve(self, request, pk=None):
        movement = self.fetch(selectors.movement_get, movement_id=pk)
        return Response(MovementSerializer(movement).data)

    @extend_schema(
        request=MovementCreateSerializer, parameters=[IDEMPOTENCY_HEADER],
        responses={201: MovementCreatedSerializer, 200: MovementCreatedSerializer,
                   400: ErrorSerializer},
        examples=[
            OpenApiExample("a sale on Coupang", request_only=True, value={
                "product": 12, "kind": "outbound", "quantity": 2,
                "business_date": "2026-12-03", "channel": 2, "note": "order 8841"}),
            OpenApiExample("a count correction", request_only=True, value={
                "product": 12, "kind": "adjustment", "quantity": -3,
                "business_date": "2026-12-03", "note": "damaged in storage"}),
            OpenApiExample("not enough stock", response_only=True, status_codes=["400"],
                           value={"error": {"code": "invalid", "message":
                                  "Not enough stock of PASTA-001: 1 on hand, 2 "
                                  "requested.", "fields": {}}}),
        ],
        description="Records one movement, all or nothing. With an Idempotency-Key "
                    "a repeated request answers 200 with the first result "
                    "(header Idempotent-Replayed: true).",
    )
    def create(self, request):
        serializer = MovementCreateSerializer(data=request.data,
                                              organization=self.organization)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data

        def write() -> tuple[int, dict]:
            rows = movement_record(
                organization=self.organization, user=self.actor,
                product=data["product"], kind=data["kind"], quantity=data["quantity"],
                business_date=data["business_date"], channel=data.get("channel"),
                lot_code=data["lot_code"].strip(), expiry_date=data["expiry_date"],
                note=data["note"])
            body = MovementCreatedSerializer({"movements": rows}).data
            return status.HTTP_201_CREATED, body

        key = request.headers.get("Idempotency-Key")
        if key is None:
            code, body = write()
            return Response(body, status=code)
        result = services.idempotent_write(
            organization=self.organization, key=key,
            fingerprint=services.request_fingerprint(request.data, path=request.path),
            write=write)
        response = Response(result.response,
                            status=status.HTTP_200_OK if result.replayed
                            else result.status_code)
        response["Idempotent-Replayed"] = "true" if result.replayed else "false"
        return response


class OnHandView(ApiView):
    """On hand of every active product (sets: what their components make)."""

    @extend_schema(responses=OnHandSerializer(many=True), parameters=[
        OpenApiParameter("search", str)])
    def get(self, request):
        products = selectors.product_list(organization=self.organization,
                                          search=request.query_params.get("search", ""))
        page = self.paginator.paginate_queryset(products, request, view=self)
        sets = selectors.set_available_quantities(
            organization=self.organization,
            set_ids=[p.pk for p in page if p.is_set])
        rows = [{"product": p.pk, "sku": p.sku, "kind": p.kind,
                 "on_hand": sets.get(p.pk, 0) if p.is_set else p.on_hand}
                for p in page]
        return self.paginator.get_paginated_response(
            OnHandSerializer(rows, many=True).data)


class StockLevelsView(ApiView):
    """End-of-day stock of one product for every day of a date range."""

    @extend_schema(
        parameters=[StockLevelsQuerySerializer],
        responses={200: StockLevelsSerializer, 400: ErrorSerializer},
        examples=[OpenApiExample("levels", response_only=True, value={
            "product": 12, "sku": "PASTA-001",
            "levels": [{"date": "2026-11-01", "level": 40},
                       {"date": "2026-11-02", "level": 36}]})],
    )
    def get(self, request):
        query = StockLevelsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        product = self.fetch(selectors.product_get, product_id=data["product"])
        if product.is_set:
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"product": [_(
                "A set has no stock of its own; ask for its components.")]})
        levels = selectors.daily_stock_levels(
            organization=self.organization, product_ids=[product.pk],
            date_from=data["date_from"], date_to=data["date_to"]).get(product.pk, [])
        return Response(StockLevelsSerializer({
            "product": product.pk, "sku": product.sku,
            "levels": [{"date": day, "level": level} for day, level in levels]}).data)
