"""What every API view shares: organization, actor, 404 lookups, throttling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from rest_framework import exceptions, viewsets
from rest_framework.generics import GenericAPIView

from accounts.roles import Perm

from ..throttling import AddressRateThrottle


class ApiMixin:
    """Mixed into every API view. `access` is read by api.permissions."""

    access: dict[str, Any] = {"read": Perm.VIEW, "write": None}
    action_access: dict[str, str] = {}
    lookup_value_regex = r"\d+"

    def initial(self, request, *args, **kwargs):
        # The per-address limit runs before authentication: it also slows down
        # anyone guessing keys.
        throttle = AddressRateThrottle()
        if not throttle.allow_request(request, self):
            self.throttled(request, throttle.wait())
        super().initial(request, *args, **kwargs)

    @property
    def organization(self):
        # None only while the schema is generated (no real request).
        return getattr(self.request, "organization", None)

    @property
    def actor(self):
        """The user recorded as having done it (an API key's service user)."""
        return self.request.user

    def fetch(self, selector: Callable[..., Any], **kwargs: Any) -> Any:
        """Call a `*_get` selector of the organization; another's id is 404."""
        try:
            return selector(organization=self.organization, **kwargs)
        except ObjectDoesNotExist:
            raise exceptions.NotFound() from None

    def paginated(self, rows, serializer_class, **kwargs: Any):
        """One page of `rows` (a queryset or list) as a paginated response."""
        paginator = self.paginator  # type: ignore[attr-defined]
        page = paginator.paginate_queryset(rows, self.request, view=self)
        data = serializer_class(page, many=True, context={"request": self.request},
                                **kwargs).data
        return paginator.get_paginated_response(data)


class ApiViewSet(ApiMixin, viewsets.GenericViewSet):
    pass


class ApiView(ApiMixin, GenericAPIView):
    """A view that is not a viewset (GenericAPIView for pagination and schema)."""
