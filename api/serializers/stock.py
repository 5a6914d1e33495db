"""Ledger rows, a new movement, daily stock levels."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from inventory.models import Channel, Product, StockMovement
from inventory.services.stock.rules import adds_stock, expiry_without_lot_message

from .common import not_after_today, within_quantity_limit

RECORDABLE_KINDS = [
    (kind.value, kind.label) for kind in (
        StockMovement.Kind.INBOUND, StockMovement.Kind.OUTBOUND,
        StockMovement.Kind.ADJUSTMENT)
]


class MovementSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku", read_only=True)
    set_product = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    lot_code = serializers.SerializerMethodField()
    created_by = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = StockMovement
        fields = ["id", "product", "sku", "business_date", "kind", "quantity",
                  "channel", "lot_code", "source", "source_ref", "set_product",
                  "reversal_of", "note", "created_by", "created_at"]
        read_only_fields = fields

    def get_lot_code(self, movement) -> str:
        return movement.lot.code if movement.lot_id else ""


class MovementCreateSerializer(serializers.Serializer):
    """One movement; a set's outbound becomes its components' movements."""

    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.none())
    kind = serializers.ChoiceField(choices=RECORDABLE_KINDS)
    quantity = serializers.IntegerField(
        help_text="Units (positive) for inbound and outbound; a signed non-zero "
                  "change for an adjustment; at most 1,000,000 either way.")
    business_date = serializers.DateField(help_text="Today or earlier.")
    channel = serializers.PrimaryKeyRelatedField(
        queryset=Channel.objects.none(), allow_null=True, required=False)
    lot_code = serializers.CharField(max_length=64, required=False, allow_blank=True,
                                     default="")
    expiry_date = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True,
                                 default="")

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organization is not None:
            self.fields["product"].queryset = Product.objects.filter(
                organization=organization)
            self.fields["channel"].queryset = Channel.objects.filter(
                organization=organization)

    def validate_quantity(self, quantity: int) -> int:
        return within_quantity_limit(quantity)

    def validate_business_date(self, day):
        return not_after_today(day)

    def validate(self, attrs):
        # As on the web form: units coming in with an expiry date and no lot
        # number go to the expiry day's lot; elsewhere the date would be lost.
        if (attrs.get("expiry_date") and not attrs.get("lot_code", "").strip()
                and not adds_stock(attrs.get("kind", ""), attrs.get("quantity"))):
            raise serializers.ValidationError(
                {"lot_code": [expiry_without_lot_message()]})
        return attrs


class MovementCreatedSerializer(serializers.Serializer):
    movements = MovementSerializer(many=True)


class LevelPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    level = serializers.IntegerField()


class StockLevelsSerializer(serializers.Serializer):
    product = serializers.IntegerField()
    sku = serializers.CharField()
    levels = LevelPointSerializer(many=True)


class StockLevelsQuerySerializer(serializers.Serializer):
    product = serializers.IntegerField(help_text="Product id.")
    date_from = serializers.DateField()
    date_to = serializers.DateField()

    def validate(self, attrs):
        if attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError(
                {"date_to": [_("The end date is before the start date.")]})
        if (attrs["date_to"] - attrs["date_from"]).days > 731:
            raise serializers.ValidationError(
                {"date_to": [_("Ask for at most two years at a time.")]})
        return attrs


class MovementFilterSerializer(serializers.Serializer):
    product = serializers.IntegerField(required=False)
    sku = serializers.CharField(required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    kind = serializers.ChoiceField(choices=StockMovement.Kind.choices, required=False)
    channel = serializers.IntegerField(required=False)

