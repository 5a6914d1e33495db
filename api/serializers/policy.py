"""Recommendations, what-if parameters, replenishment settings."""

import datetime as dt

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from policy.messages import render_message
from policy.models import PolicySettings, Recommendation
from policy.selectors import ToOrder, to_order

RECOMMENDATION_FIELDS = [
    "id", "product", "sku", "as_of", "computed_at", "mode", "service_level",
    "abc_class", "safety_stock_method", "on_hand", "on_order", "inventory_position",
    "daily_demand", "forecast_30d", "lead_time_days", "lead_time_spread_days",
    "lead_time_source", "safety_stock", "reorder_point", "order_up_to", "eoq",
    "overstock_units", "order_now", "recommended_quantity", "order_by_quantity",
    "order_by_date",
    "reorder_date", "stockout_date", "expected_arrival_date", "days_late",
    "stockout_before_arrival", "days_without_stock", "units_lost", "revenue_lost",
    "reason", "to_order_quantity", "to_order_due_date", "on_draft_quantity",
    "covered", "covering_order", "late_order",
]


class CoveringOrderSerializer(serializers.Serializer):
    """An open purchase order the plan names (policy/coverage.py)."""

    id = serializers.IntegerField(help_text="The purchase order's id.")
    number = serializers.CharField(help_text='As sellers and suppliers see it, '
                                             '"PO-12".')
    due_date = serializers.DateField(
        help_text="Its due date for this product (the line's, else the order's).")


class LateOrderSerializer(CoveringOrderSerializer):
    days_after_stockout = serializers.IntegerField(
        help_text="Days its due date falls after the projected stock-out "
                  "(stockout_date).")


class RecommendationSerializer(serializers.ModelSerializer):
    """A stored recommendation plus the order screen's "how much to order"
    (policy.selectors.to_order): rows come annotated with ``draft_units`` by
    the selectors, so no field spends a query."""

    sku = serializers.CharField(source="product.sku", read_only=True)
    reason = serializers.SerializerMethodField()
    to_order_quantity = serializers.SerializerMethodField(
        help_text="Units to order, as the order screen, order sheet and copilot "
                  "show them: the recommended quantity when due now, the quantity "
                  "due on the order-by date otherwise, or the units already on "
                  "draft purchase orders (then equal to on_draft_quantity).")
    to_order_due_date = serializers.SerializerMethodField(
        help_text="When to_order_quantity is due: the as-of date when due now, a "
                  "passed order-by date when late, the order-by date otherwise; "
                  "null when nothing is planned.")
    on_draft_quantity = serializers.SerializerMethodField(
        help_text="Units of this product on draft (not yet approved) purchase "
                  "orders. Approved, sent and partly received orders are in "
                  "on_order instead: a unit is never in both.")

    covered = serializers.SerializerMethodField(
        help_text="True when open (approved, sent, partly received) purchase "
                  "orders cover the stock-out risk in time: nothing to order and "
                  "none due after the projected stock-out; covering_order names "
                  "the one due first. As the plan stored it at its refresh.")
    covering_order = serializers.SerializerMethodField(
        help_text="The open order covering the risk in time (null unless covered).")
    late_order = serializers.SerializerMethodField(
        help_text="An open order due after the projected stock-out: the stock runs "
                  "out before it arrives (null when none is late). The product "
                  "stays at risk.")

    class Meta:
        model = Recommendation
        fields = RECOMMENDATION_FIELDS
        read_only_fields = fields

    def get_reason(self, row) -> str:
        """The written reason in the request's language."""
        if row.messages:
            return " ".join(render_message(m.get("template", ""), m.get("params") or {})
                            for m in row.messages)
        return row.reason

    def _to_order(self, row) -> ToOrder:
        cached = getattr(row, "_to_order", None)
        if cached is None:
            cached = row._to_order = to_order(row)
        return cached

    def get_to_order_quantity(self, row) -> int:
        return self._to_order(row).quantity

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_to_order_due_date(self, row) -> dt.date | None:
        order = self._to_order(row)
        return order.due_date if order.quantity > 0 else None

    def get_on_draft_quantity(self, row) -> int:
        return int(getattr(row, "draft_units", None) or 0)

    def get_covered(self, row) -> bool:
        return row.coverage == Recommendation.Coverage.COVERED

    def _named_order(self, row) -> dict:
        # The stored coverage: the number comes from the id, no query per row.
        return {"id": row.covering_order_id, "number": row.covering_order_number,
                "due_date": row.covering_due_date}

    @extend_schema_field(CoveringOrderSerializer(allow_null=True))
    def get_covering_order(self, row) -> dict | None:
        if not self.get_covered(row) or row.covering_order_id is None:
            return None
        return CoveringOrderSerializer(self._named_order(row)).data

    @extend_schema_field(LateOrderSerializer(allow_null=True))
    def get_late_order(self, row) -> dict | None:
        if row.late_order_days is None or row.covering_order_id is None:
            return None
        return LateOrderSerializer({**self._named_order(row),
                                    "days_after_stockout": row.late_order_days}).data


class RecommendationFilterSerializer(serializers.Serializer):
    """GET /recommendations/ query: a value that cannot be read is a 400, as on
    /products/ (an unknown but well-formed id or SKU simply matches nothing)."""

    search = serializers.CharField(required=False, allow_blank=True)
    sku = serializers.CharField(required=False, allow_blank=True, max_length=100)
    product = serializers.IntegerField(required=False, min_value=1)
    supplier = serializers.IntegerField(required=False, min_value=1)
    category = serializers.IntegerField(required=False, min_value=1)
    only_to_order = serializers.BooleanField(required=False, default=False)


class WhatIfQuerySerializer(serializers.Serializer):
    service_level = serializers.FloatField(
        required=False, min_value=0.5, max_value=0.999,
        help_text="Target service level, e.g. 0.98 (default: the product's).")
    lead_time_days = serializers.FloatField(
        required=False, min_value=1, max_value=365,
        help_text="Lead time to assume in days (default: measured or entered).")


class WhatIfRecommendationSerializer(RecommendationSerializer):
    id = serializers.IntegerField(read_only=True, allow_null=True,
                                  help_text="Null: computed, not stored.")


class WhatIfSerializer(serializers.Serializer):
    saved = serializers.BooleanField(help_text="Always false: nothing is stored.")
    service_level = serializers.FloatField(allow_null=True)
    lead_time_days = serializers.FloatField(allow_null=True)
    recommendation = WhatIfRecommendationSerializer()


class PolicySettingsSerializer(serializers.ModelSerializer):
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = PolicySettings
        fields = ["mode", "service_level", "service_level_a", "service_level_b",
                  "service_level_c", "review_period_days", "reorder_alert_window_days",
                  "expiry_window_days", "overstock_grace_days", "ordering_cost",
                  "holding_cost_rate", "default_lead_time_days",
                  "order_sheet_email_enabled", "updated_at"]
        read_only_fields = ["updated_at"]

