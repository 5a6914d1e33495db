"""The schema and its documentation pages are public: they hold no data."""

from rest_framework.permissions import AllowAny

from ..throttling import AddressRateThrottle


def public(view_class):
    """A subclass of a drf-spectacular view open to everyone (throttled by address)."""
    return type(view_class.__name__, (view_class,), {
        "permission_classes": [AllowAny],
        "authentication_classes": [],
        "throttle_classes": [AddressRateThrottle],
        "access": {"public": True},
    })
