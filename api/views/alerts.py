"""Alerts: list, snooze, resolve, acknowledge."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from alerts import selectors, services
from alerts.models import Alert

from ..serializers.alerts import AlertSerializer, SnoozeSerializer
from ..serializers.common import ErrorSerializer
from .base import ApiViewSet

ALERT_RESPONSES = {200: AlertSerializer, 400: ErrorSerializer, 404: ErrorSerializer}


class AlertViewSet(ApiViewSet):
    """Alerts of the organization (as in the alert centre)."""

    access = {"read": Perm.VIEW, "write": Perm.STOCK_RECORD}
    serializer_class = AlertSerializer

    @extend_schema(parameters=[
        OpenApiParameter("status", str, enum=["active", *Alert.Status.values, "all"],
                         description="Default active (open and acknowledged)."),
        OpenApiParameter("kind", str, enum=list(Alert.Kind.values))])
    def list(self, request):
        params = request.query_params
        alerts = selectors.alert_list(organization=self.organization,
                                      status=_status(params.get("status", "active")),
                                      kind=params.get("kind", ""))
        return self.paginated(alerts.select_related("product"), AlertSerializer)

    def retrieve(self, request, pk=None):
        return Response(AlertSerializer(
            self.fetch(selectors.alert_get, alert_id=pk)).data)

    def _act(self, pk, service, **kwargs):
        alert = self.fetch(selectors.alert_get, alert_id=pk)
        alert = service(organization=self.organization, alert=alert, user=self.actor,
                        **kwargs)
        return Response(AlertSerializer(alert).data)

    @extend_schema(request=SnoozeSerializer, responses=ALERT_RESPONSES)
    @action(detail=True, methods=["post"])
    def snooze(self, request, pk=None):
        """Hide the alert until a date."""
        self.fetch(selectors.alert_get, alert_id=pk)  # another's: 404 before 400
        serializer = SnoozeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._act(pk, services.alert_snooze,
                         until=serializer.validated_data["until"])

    @extend_schema(request=None, responses=ALERT_RESPONSES)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Close the alert."""
        return self._act(pk, services.alert_resolve)

    @extend_schema(request=None, responses=ALERT_RESPONSES)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """Mark the alert as seen."""
        return self._act(pk, services.alert_acknowledge)


def _status(value: str) -> str:
    return "" if value == "all" else value
