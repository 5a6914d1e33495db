"""Master-only: API keys and members (a key is never master, so keys get 403)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import selectors as account_selectors
from accounts.roles import Perm

from .. import selectors, services
from ..serializers.common import ErrorSerializer
from ..serializers.keys import (
    ApiKeyCreateSerializer,
    ApiKeyIssuedSerializer,
    ApiKeySerializer,
    MemberSerializer,
)
from .base import ApiViewSet

MASTER_ONLY = {"read": Perm.MEMBERS_MANAGE, "write": Perm.MEMBERS_MANAGE}


class ApiKeyViewSet(ApiViewSet):
    """The organization's API keys."""

    access = MASTER_ONLY
    serializer_class = ApiKeySerializer

    def list(self, request):
        return self.paginated(selectors.api_key_list(organization=self.organization),
                              ApiKeySerializer)

    @extend_schema(request=ApiKeyCreateSerializer,
                   responses={201: ApiKeyIssuedSerializer, 400: ErrorSerializer})
    def create(self, request):
        """Create a key; the answer holds the key, shown this once."""
        serializer = ApiKeyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        issued = services.api_key_create(
            organization=self.organization, created_by=request.user,
            **serializer.validated_data)
        body = ApiKeySerializer(issued.api_key).data
        return Response({**body, "key": issued.secret},
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ApiKeySerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        """Revoke the key now."""
        api_key = self.fetch(selectors.api_key_get, key_id=pk)
        api_key = services.api_key_revoke(organization=self.organization,
                                          api_key=api_key)
        return Response(ApiKeySerializer(api_key).data)


class MemberViewSet(ApiViewSet):
    """Members of the organization (read only here; manage them on the web)."""

    access = MASTER_ONLY
    serializer_class = MemberSerializer

    def list(self, request):
        return self.paginated(
            account_selectors.member_list(organization=self.organization),
            MemberSerializer)
