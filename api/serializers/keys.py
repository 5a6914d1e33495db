"""API keys (master only) and members."""

from rest_framework import serializers

from accounts.models import Membership
from api.models import API_KEY_ROLE_CHOICES, ApiKey


class ApiKeySerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(read_only=True, allow_null=True)
    is_usable = serializers.SerializerMethodField()

    class Meta:
        model = ApiKey
        fields = ["id", "name", "role", "prefix", "created_by", "created_at",
                  "expires_at", "revoked_at", "last_used_at", "is_usable"]
        read_only_fields = fields

    def get_is_usable(self, api_key) -> bool:
        return api_key.is_usable()


class ApiKeyCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    role = serializers.ChoiceField(choices=API_KEY_ROLE_CHOICES)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)


class ApiKeyIssuedSerializer(ApiKeySerializer):
    key = serializers.CharField(help_text="Shown once; only its hash is stored.")

    class Meta(ApiKeySerializer.Meta):
        fields = [*ApiKeySerializer.Meta.fields, "key"]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email")
    name = serializers.CharField(source="user.name")

    class Meta:
        model = Membership
        fields = ["id", "email", "name", "role", "is_active", "created_at"]
        read_only_fields = fields
