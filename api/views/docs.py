"""The schema and its documentation pages are public: they hold no data."""

from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from ..throttling import AddressRateThrottle


def public(view_class):
    """A subclass of a drf-spectacular view open to everyone (throttled by address)."""
    return type(view_class.__name__, (view_class,), {
        "permission_classes": [AllowAny],
        "authentication_classes": [],
        "throttle_classes": [AddressRateThrottle],
        "access": {"public": True},
    })


class NotFoundView(APIView):
    """Any /api/v1/ path no endpoint matches (e.g. /products/abc/: ids are
    numbers): the API's JSON 404 (api.errors), not Django's HTML page. Public
    like the schema: it holds no data; throttled by address."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AddressRateThrottle]
    access = {"public": True}
    schema = None  # not an endpoint

    def _not_found(self, request, *args, **kwargs):
        raise exceptions.NotFound()

    get = post = put = patch = delete = _not_found
