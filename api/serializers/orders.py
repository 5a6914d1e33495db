"""Purchase orders: create from recommendations, edit lines, receive with lots."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from policy.models import PurchaseOrder, PurchaseOrderLine

from .common import not_after_today


class PurchaseOrderLineSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku", read_only=True)

    class Meta:
        model = PurchaseOrderLine
        fields = ["id", "product", "sku", "quantity", "recommended_quantity",
                  "received_quantity", "unit_cost", "expected_date", "is_closed"]
        read_only_fields = fields
        extra_kwargs = {"expected_date": {"help_text": (
            "Due date of this line (the order date plus the lead time when "
            "drafted); PATCH the line to change it while the order is a draft. "
            "Approved orders count as arriving on it in the plans.")}}


class PurchaseOrderSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True,
                                          allow_null=True)
    lines = serializers.SerializerMethodField()

    class Meta:
        model = PurchaseOrder
        fields = ["id", "number", "supplier", "supplier_name", "status",
                  "expected_date", "note", "created_at", "approved_at", "sent_at",
                  "ordered_on", "cancelled_at", "lines"]
        read_only_fields = fields

    @extend_schema_field(PurchaseOrderLineSerializer(many=True))
    def get_lines(self, order) -> list[dict]:
        lines = self.context.get("lines", {}).get(order.pk)
        if lines is None:
            lines = list(order.lines.all())
        return PurchaseOrderLineSerializer(lines, many=True).data



class FromRecommendationsSerializer(serializers.Serializer):
    recommendation_ids = serializers.ListField(
        child=serializers.IntegerField(), min_length=1, max_length=1000,
        help_text="Ids from GET /recommendations/ (one order per supplier).")


class CreatedOrdersSerializer(serializers.Serializer):
    orders = PurchaseOrderSerializer(many=True)


class LineQuantitySerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=500)


class LineDueDateSerializer(serializers.Serializer):
    """PATCH /purchase-orders/{id}/lines/{line_id}/: the date is the whole body.

    Never partial, so the schema (which treats every PATCH body as partial)
    documents ``expected_date`` as required, as the view enforces it."""

    @property
    def partial(self) -> bool:
        return False

    @partial.setter
    def partial(self, value: bool) -> None:
        pass  # DRF and drf-spectacular set it for PATCH: the date stays required.

    expected_date = serializers.DateField(
        help_text="The line's expected arrival; only while the order is a draft, "
                  "not before the order date (today for a draft) and at most a "
                  "year after it. The order's expected_date becomes its latest "
                  "line's.")


class ReceiptLineSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    quantity = serializers.IntegerField(min_value=0)
    lot_code = serializers.CharField(max_length=64, required=False, allow_blank=True,
                                     default="")
    expiry_date = serializers.DateField(
        required=False, allow_null=True, default=None,
        help_text="Without a lot_code the units go to the expiry day's lot "
                  "(EXP-2027-06-30); before received_on is refused.")
    close_line = serializers.BooleanField(
        default=False, help_text="A short delivery: expect no more of this line.")


class ReceiveSerializer(serializers.Serializer):
    received_on = serializers.DateField(required=False, allow_null=True, default=None,
                                        help_text="Today or earlier; default today.")
    lines = ReceiptLineSerializer(many=True, min_length=1)

    def validate_received_on(self, day):
        return None if day is None else not_after_today(day)


class PurchaseOrderFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PurchaseOrder.Status.choices,
                                     required=False)
