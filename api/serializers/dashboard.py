"""The dashboard's KPI values and the stock-status table."""

from rest_framework import serializers

from .policy import RecommendationSerializer


class DashboardSerializer(serializers.Serializer):
    as_of = serializers.DateField(allow_null=True,
                                  help_text="Date of the newest recommendations.")
    active_products = serializers.IntegerField()
    units_on_hand = serializers.IntegerField()
    inventory_value = serializers.DecimalField(max_digits=18, decimal_places=2)
    out_of_stock = serializers.IntegerField()
    below_safety_stock = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    by_risk = serializers.DictField(child=serializers.IntegerField())
    to_order_week = serializers.IntegerField()
    overstock_value = serializers.FloatField()
    in_stock_products = serializers.IntegerField()
    availability = serializers.FloatField(allow_null=True)
    fill_rate_30 = serializers.FloatField(allow_null=True)
    fill_rate_90 = serializers.FloatField(allow_null=True)
    stockout_rate_30 = serializers.FloatField(allow_null=True)
    stockout_rate_90 = serializers.FloatField(allow_null=True)
    forecast_wape = serializers.FloatField(allow_null=True)
    forecast_bias = serializers.FloatField(allow_null=True)
    computed_at = serializers.DateTimeField(allow_null=True)


class StockStatusRowSerializer(RecommendationSerializer):
    name = serializers.CharField(source="product.name", read_only=True)
    risk = serializers.SerializerMethodField()
    cover_days = serializers.FloatField(read_only=True, allow_null=True)
    overstock_value = serializers.FloatField(read_only=True, allow_null=True)

    class Meta(RecommendationSerializer.Meta):
        fields = [*RecommendationSerializer.Meta.fields, "name", "risk", "cover_days",
                  "overstock_value"]
        read_only_fields = fields

    def get_risk(self, row) -> str:
        from policy.selectors import Risk

        return Risk.ORDER[row.risk_rank]
