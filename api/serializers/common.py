"""Shapes shared by every endpoint: the error body."""

from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable machine-readable code.")
    message = serializers.CharField(help_text="In the request's language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field name → its problems (empty when not about fields).",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()
