"""Forecasts with quantiles, backtest metrics, overrides and runs."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from forecasting.models import ForecastOverride, ForecastRun, PromotionEvent
from inventory.models import Category, Channel, Product


class ForecastDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    point = serializers.FloatField()
    quantiles = serializers.DictField(
        child=serializers.FloatField(), help_text='e.g. {"p10": 1.0, "p90": 4.2}')


class ForecastTotalSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=14, decimal_places=2,
                                     help_text="Effective (overrides applied).")
    model_total = serializers.DecimalField(max_digits=14, decimal_places=2,
                                           allow_null=True)
    quantiles = serializers.DictField(child=serializers.FloatField())


class BacktestRowSerializer(serializers.Serializer):
    model = serializers.CharField()
    is_member = serializers.BooleanField()
    metrics = serializers.DictField(child=serializers.FloatField(allow_null=True))


class ForecastSerializer(serializers.Serializer):
    product = serializers.IntegerField()
    sku = serializers.CharField()
    run = serializers.IntegerField()
    as_of = serializers.DateField()
    method = serializers.CharField()
    members = serializers.ListField(child=serializers.CharField())
    demand_class = serializers.CharField(allow_blank=True)
    is_cold_start = serializers.BooleanField()
    is_overridden = serializers.BooleanField()
    totals = ForecastTotalSerializer(many=True)
    daily = ForecastDaySerializer(many=True)
    backtest = BacktestRowSerializer(many=True)


class ForecastListRowSerializer(serializers.Serializer):
    product = serializers.IntegerField()
    sku = serializers.CharField()
    name = serializers.CharField()
    as_of = serializers.DateField(allow_null=True)
    is_overridden = serializers.BooleanField()
    total_30 = serializers.DecimalField(max_digits=14, decimal_places=2,
                                        allow_null=True)
    total_60 = serializers.DecimalField(max_digits=14, decimal_places=2,
                                        allow_null=True)
    total_90 = serializers.DecimalField(max_digits=14, decimal_places=2,
                                        allow_null=True)


class OverrideSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = ForecastOverride
        fields = ["id", "product", "kind", "daily_level", "multiplier", "total_30",
                  "total_60", "total_90", "start_date", "end_date", "reason_code",
                  "reason_text", "expires_on", "is_active", "created_by",
                  "created_at"]
        read_only_fields = fields


class OverrideCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ForecastOverride.Kind.choices)
    reason_code = serializers.ChoiceField(choices=ForecastOverride.Reason.choices)
    reason_text = serializers.CharField(max_length=2000)
    daily_level = serializers.DecimalField(max_digits=12, decimal_places=3,
                                           required=False, allow_null=True)
    multiplier = serializers.DecimalField(max_digits=8, decimal_places=3,
                                          required=False, allow_null=True)
    total_30 = serializers.DecimalField(max_digits=14, decimal_places=2,
                                        required=False, allow_null=True)
    total_60 = serializers.DecimalField(max_digits=14, decimal_places=2,
                                        required=False, allow_null=True)
    total_90 = serializers.DecimalField(max_digits=14, decimal_places=2,
                                        required=False, allow_null=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(required=False, allow_null=True)

    def service_kwargs(self) -> dict:
        data = dict(self.validated_data)
        totals = [data.pop(f"total_{days}", None) for days in (30, 60, 90)]
        if any(value is not None for value in totals):
            if any(value is None for value in totals):
                raise serializers.ValidationError(
                    {"total_30": [_("Give the 30, 60 and 90-day totals together.")]})
            data["totals"] = tuple(totals)
        return data


class OverrideChangeSerializer(serializers.Serializer):
    override = serializers.IntegerField()
    changed_at = serializers.DateTimeField()
    changed_by = serializers.CharField(allow_blank=True)
    change_type = serializers.CharField()
    changes = serializers.ListField(child=serializers.DictField())


class OverridesSerializer(serializers.Serializer):
    active = OverrideSerializer(many=True)
    all = OverrideSerializer(many=True)
    history = OverrideChangeSerializer(many=True)


class RunSerializer(serializers.ModelSerializer):
    class Meta:
        model = ForecastRun
        fields = ["id", "as_of", "sequence", "forced", "scope", "status", "created_at",
                  "started_at", "finished_at", "product_count", "chunk_count",
                  "summary", "failures"]
        read_only_fields = fields


class RunTriggerSerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, help_text="Default: yesterday.")
    force = serializers.BooleanField(
        default=False, help_text="Forecast again even if the day's run exists.")


class RunQueuedSerializer(serializers.Serializer):
    queued = serializers.BooleanField()
    run = RunSerializer(allow_null=True)



class EventSerializer(serializers.ModelSerializer):
    """A promotion/channel event or a sales pause. `product`, `category` and
    `channel` are ids of the same organization; neither product nor category:
    every product."""

    product = serializers.PrimaryKeyRelatedField(
        queryset=Product.objects.none(), allow_null=True, required=False)
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.none(), allow_null=True, required=False)
    channel = serializers.PrimaryKeyRelatedField(
        queryset=Channel.objects.none(), allow_null=True, required=False)
    kind = serializers.ChoiceField(
        choices=PromotionEvent.Kind.choices, default=PromotionEvent.Kind.PROMOTION,
        help_text="promotion (flags the days for the models) or pause (nothing "
                  "sells: past days are unknown demand, planned days forecast 0).")
    created_by = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = PromotionEvent
        fields = ["id", "kind", "name", "product", "category", "channel",
                  "start_date", "end_date", "note", "created_by", "created_at"]
        read_only_fields = ["id", "created_by", "created_at"]

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organization is not None:
            self.fields["product"].queryset = Product.objects.filter(
                organization=organization, kind=Product.Kind.SINGLE)
            for name, model in (("category", Category), ("channel", Channel)):
                self.fields[name].queryset = model.objects.filter(
                    organization=organization)


class EventFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PromotionEvent.Kind.choices, required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
