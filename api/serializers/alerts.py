"""Alerts: list, snooze, resolve."""

from rest_framework import serializers

from alerts.models import Alert
from policy.messages import render_message


class AlertSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku", read_only=True, allow_null=True)
    message = serializers.SerializerMethodField()

    class Meta:
        model = Alert
        fields = ["id", "product", "sku", "kind", "severity", "status", "message",
                  "value_at_risk", "due_date", "first_seen", "last_seen",
                  "snoozed_until", "acknowledged_at", "resolved_at"]
        read_only_fields = fields

    def get_message(self, alert) -> str:
        """In the request's language."""
        return render_message(alert.message_template, alert.params or {})


class SnoozeSerializer(serializers.Serializer):
    until = serializers.DateField(help_text="Hidden until this date (in the future).")
