"""Shapes shared by every endpoint: the error body; the ledger's checks."""

import datetime as dt

from rest_framework import serializers

from inventory.services.stock import StockError
from inventory.services.stock.rules import business_date_check, quantity_check


def not_after_today(day: dt.date) -> dt.date:
    """A day stock moved on: today or earlier (the ledger's rule and message)."""
    try:
        business_date_check(day)
    except StockError as error:
        raise serializers.ValidationError(error.messages) from None
    return day


def within_quantity_limit(quantity: int) -> int:
    """At most 1,000,000 units either way (the ledger's rule and message)."""
    try:
        quantity_check(quantity)
    except StockError as error:
        raise serializers.ValidationError(error.messages) from None
    return quantity


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable machine-readable code.")
    message = serializers.CharField(help_text="In the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field name → its problems (empty when not about fields).",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()
