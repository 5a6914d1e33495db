"""Shapes shared by every endpoint: the error body; the ledger's date check."""

import datetime as dt

from django.utils.translation import gettext as _
from rest_framework import serializers

from policy import selectors as policy_selectors


def not_after_today(day: dt.date) -> dt.date:
    """A day stock moved on: today or earlier (as the upload requires)."""
    today = policy_selectors.today()
    if day > today:
        raise serializers.ValidationError(_(
            "%(value)s is after today (%(today)s): nothing can have moved on "
            "that day yet. Check the date.") % {"value": day.isoformat(),
                                               "today": today.isoformat()})
    return day


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable machine-readable code.")
    message = serializers.CharField(help_text="In the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field name → its problems (empty when not about fields).",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()
