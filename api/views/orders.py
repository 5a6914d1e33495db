"""Purchase orders: from recommendations, edit quantities, approve, send, receive."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from accounts.roles import Perm
from policy import selectors
from policy.models import PurchaseOrder, PurchaseOrderLine
from policy.services import purchasing

from ..serializers.common import ErrorSerializer
from ..serializers.orders import (
    CreatedOrdersSerializer,
    FromRecommendationsSerializer,
    LineDueDateSerializer,
    LineQuantitySerializer,
    PurchaseOrderFilterSerializer,
    PurchaseOrderLineSerializer,
    PurchaseOrderSerializer,
    ReceiveSerializer,
)
from .base import ApiViewSet

ORDER_ERRORS = {200: PurchaseOrderSerializer, 400: ErrorSerializer,
                404: ErrorSerializer}
LINE_ERRORS = {200: PurchaseOrderLineSerializer, 400: ErrorSerializer,
               404: ErrorSerializer}


class PurchaseOrderViewSet(ApiViewSet):
    """Purchase orders of the organization."""

    access = {"read": Perm.VIEW, "write": Perm.PURCHASE_MANAGE}
    action_access = {"receive": Perm.RECEIVE}
    serializer_class = PurchaseOrderSerializer

    def _order(self, pk) -> PurchaseOrder:
        return self.fetch(selectors.po_get, order_id=pk)

    def _body(self, order: PurchaseOrder) -> dict:
        lines = selectors.po_lines(organization=self.organization, order=order)
        return PurchaseOrderSerializer(order, context={"lines": {order.pk: lines}}).data

    @extend_schema(parameters=[OpenApiParameter(
        "status", str, enum=list(PurchaseOrder.Status.values))])
    def list(self, request):
        filters = PurchaseOrderFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        orders = selectors.po_list(organization=self.organization,
                                   status=filters.validated_data.get("status", ""))
        return self.paginated(orders.prefetch_related("lines__product"),
                              PurchaseOrderSerializer)

    def retrieve(self, request, pk=None):
        return Response(self._body(self._order(pk)))

    @extend_schema(
        request=FromRecommendationsSerializer,
        responses={201: CreatedOrdersSerializer, 400: ErrorSerializer},
        examples=[OpenApiExample("two products", request_only=True,
                                 value={"recommendation_ids": [101, 102]})])
    @action(detail=False, methods=["post"], url_path="from-recommendations",
            url_name="from-recommendations")
    def from_recommendations(self, request):
        """Draft orders (one per supplier) from recommendation ids."""
        serializer = FromRecommendationsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        orders = purchasing.po_create_from_recommendations(
            organization=self.organization, user=self.actor,
            recommendation_ids=serializer.validated_data["recommendation_ids"])
        return Response({"orders": [self._body(order) for order in orders]},
                        status=status.HTTP_201_CREATED)

    def _line(self, pk, line_id) -> PurchaseOrderLine:
        """The order's line; another order's (or organization's) line is 404."""
        order = self._order(pk)
        line = self.fetch(selectors.po_line_get, line_id=line_id)
        if line.order_id != order.pk:
            raise NotFound()
        return line

    @extend_schema(request=LineQuantitySerializer, responses=LINE_ERRORS)
    @action(detail=True, methods=["post"], url_path=r"lines/(?P<line_id>\d+)",
            url_name="line-quantity")
    def line_quantity(self, request, pk=None, line_id=None):
        """Change a line's quantity before sending; the reason is kept."""
        line = self._line(pk, line_id)
        serializer = LineQuantitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        line = purchasing.po_line_quantity_set(
            organization=self.organization, line=line, user=self.actor,
            **serializer.validated_data)
        return Response(PurchaseOrderLineSerializer(line).data)

    @extend_schema(
        request=LineDueDateSerializer, responses=LINE_ERRORS,
        examples=[OpenApiExample("due a week later", request_only=True,
                                 value={"expected_date": "2026-12-18"})])
    @line_quantity.mapping.patch
    def line_due_date(self, request, pk=None, line_id=None):
        """Change a draft order line's due date (expected arrival), as the order
        page does; kept in the line's history as the key's user."""
        line = self._line(pk, line_id)
        serializer = LineDueDateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        line = purchasing.po_line_due_date_set(
            organization=self.organization, line=line, user=self.actor,
            due_date=serializer.validated_data["expected_date"])
        return Response(PurchaseOrderLineSerializer(line).data)

    def _transition(self, pk, service):
        order = service(organization=self.organization, order=self._order(pk),
                        user=self.actor)
        return Response(self._body(order))

    @extend_schema(request=None, responses=ORDER_ERRORS)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Draft → approved (its lines count as on order)."""
        return self._transition(pk, purchasing.po_approve)

    @extend_schema(request=None, responses=ORDER_ERRORS)
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        """Approved → sent; the supplier is emailed the order sheet."""
        return self._transition(pk, purchasing.po_send)

    @extend_schema(request=None, responses=ORDER_ERRORS)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel an order that has received nothing."""
        return self._transition(pk, purchasing.po_cancel)

    @extend_schema(
        request=ReceiveSerializer, responses=ORDER_ERRORS,
        examples=[OpenApiExample("partial delivery with a lot", request_only=True,
                                 value={"received_on": "2026-12-03", "lines": [
                                     {"line": 7, "quantity": 40, "lot_code": "L2612",
                                      "expiry_date": "2027-06-30"}]})])
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None):
        """A full or partial delivery: receipts, inbound movements, lots (staff)."""
        order = self._order(pk)
        serializer = ReceiveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entries = [purchasing.ReceiptEntry(
            line_id=line["line"], quantity=line["quantity"],
            lot_code=line["lot_code"].strip(), expiry_date=line["expiry_date"],
            close_line=line["close_line"]) for line in data["lines"]]
        order = purchasing.po_receive(
            organization=self.organization, order=order, user=self.actor,
            entries=entries, received_on=data["received_on"])
        return Response(self._body(order))
