"""Forecasts per product, backtest metrics, overrides, runs."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from forecasting import selectors as forecast_selectors
from forecasting.services import events as event_services
from forecasting.services import overrides as override_services
from inventory import selectors

from ..serializers.common import ErrorSerializer
from ..serializers.forecasts import (
    EventFilterSerializer,
    EventSerializer,
    ForecastListRowSerializer,
    ForecastSerializer,
    OverrideCreateSerializer,
    OverrideSerializer,
    OverridesSerializer,
    RunQueuedSerializer,
    RunSerializer,
    RunTriggerSerializer,
)
from .base import ApiViewSet


def forecast_body(effective) -> dict:
    """The effective forecast (overrides applied) with quantiles and totals."""
    forecast = effective.forecast
    columns, rows = forecast_selectors.backtest_table(forecast)
    return {
        "product": effective.product.pk, "sku": effective.product.sku,
        "run": forecast.run_id, "as_of": forecast.as_of, "method": forecast.method,
        "members": forecast.members or [], "demand_class": forecast.demand_class,
        "is_cold_start": forecast.is_cold_start,
        "is_overridden": effective.is_overridden,
        "totals": [
            {"days": days, "total": total,
             "model_total": effective.model_totals.get(days),
             "quantiles": effective.total_quantiles.get(days, {})}
            for days, total in sorted(effective.totals.items())
        ],
        "daily": [
            {"date": day, "point": effective.point[i],
             "quantiles": {name: values[i]
                           for name, values in effective.quantiles.items()}}
            for i, day in enumerate(effective.dates)
        ],
        "backtest": [
            {"model": model, "is_member": member,
             "metrics": dict(zip(columns, values, strict=True))}
            for model, member, values in rows
        ],
    }


class ForecastViewSet(ApiViewSet):
    """Forecasts by product id: GET /forecasts/{product_id}/."""

    access = {"read": Perm.VIEW, "write": Perm.FORECAST_OVERRIDE}
    serializer_class = ForecastSerializer

    def _product(self, pk):
        return self.fetch(selectors.product_get, product_id=pk)

    @extend_schema(responses=ForecastListRowSerializer(many=True),
                   parameters=[OpenApiParameter("search", str)])
    def list(self, request):
        """Active single products with their latest 30/60/90-day totals."""
        rows = forecast_selectors.forecast_list(
            organization=self.organization, search=request.query_params.get("search", ""))
        page = self.paginator.paginate_queryset(rows, request, view=self)
        data = [{
            "product": row.product.pk, "sku": row.product.sku, "name": row.product.name,
            "as_of": row.forecast.as_of if row.forecast else None,
            "is_overridden": row.is_overridden,
            **{f"total_{days}": (row.totals or {}).get(days) for days in (30, 60, 90)},
        } for row in page]
        return self.paginator.get_paginated_response(
            ForecastListRowSerializer(data, many=True).data)

    @extend_schema(
        responses={200: ForecastSerializer, 404: ErrorSerializer},
        examples=[OpenApiExample("a product's forecast", response_only=True, value={
            "product": 12, "sku": "PASTA-001", "run": 31, "as_of": "2026-12-02",
            "method": "ensemble(lightgbm)", "members": ["lightgbm"],
            "demand_class": "smooth", "is_cold_start": False, "is_overridden": False,
            "totals": [
                {"days": 30, "total": "186.40", "model_total": "186.40",
                 "quantiles": {"p10": 151.2, "p50": 185.0, "p90": 223.9}},
                {"days": 60, "total": "371.95", "model_total": "371.95",
                 "quantiles": {"p10": 313.0, "p50": 369.8, "p90": 433.1}},
                {"days": 90, "total": "560.10", "model_total": "560.10",
                 "quantiles": {"p10": 478.5, "p50": 557.0, "p90": 645.2}}],
            "daily": [{"date": "2026-12-03", "point": 6.2,
                       "quantiles": {"p10": 2.0, "p50": 6.0, "p90": 10.4}}],
            "backtest": [{"model": "lightgbm", "is_member": True,
                          "metrics": {"wape": 0.41, "mase": 0.72, "bias": -0.02}}]})],
    )
    def retrieve(self, request, pk=None):
        """The latest run's daily forecast with quantiles, totals and backtest."""
        product = self._product(pk)
        effective = forecast_selectors.effective_forecast(
            organization=self.organization, product=product)
        if effective is None:
            raise exceptions.NotFound(_no_forecast())
        return Response(ForecastSerializer(forecast_body(effective)).data)

    @extend_schema(methods=["GET"], responses=OverridesSerializer)
    @extend_schema(methods=["POST"], request=OverrideCreateSerializer,
                   responses={201: OverrideSerializer, 400: ErrorSerializer})
    @action(detail=True, methods=["get", "post"],
            serializer_class=OverrideCreateSerializer)
    def overrides(self, request, pk=None):
        """Overrides of the product (active, all, change history); POST adds one."""
        product = self._product(pk)
        if request.method == "POST":
            serializer = OverrideCreateSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            override = override_services.forecast_override_set(
                organization=self.organization, product=product, user=self.actor,
                **serializer.service_kwargs())
            return Response(OverrideSerializer(override).data,
                            status=status.HTTP_201_CREATED)
        history = forecast_selectors.override_history(
            organization=self.organization, product=product)
        return Response(OverridesSerializer({
            "active": forecast_selectors.active_overrides(
                organization=self.organization, product=product),
            "all": forecast_selectors.override_list(
                organization=self.organization, product=product),
            "history": [{
                "override": entry.record.id, "changed_at": entry.record.history_date,
                "changed_by": str(entry.record.history_user or ""),
                "change_type": entry.record.history_type,
                "changes": [{"field": f, "old": str(o), "new": str(n)}
                            for f, o, n in entry.changes],
            } for entry in history],
        }).data)


class OverrideViewSet(ApiViewSet):
    """One override: revert it (kept in the history)."""

    access = {"read": Perm.FORECAST_OVERRIDE, "write": Perm.FORECAST_OVERRIDE}
    serializer_class = OverrideSerializer

    def retrieve(self, request, pk=None):
        override = self.fetch(forecast_selectors.override_get, override_id=pk)
        return Response(OverrideSerializer(override).data)

    @extend_schema(request=None, responses=OverrideSerializer)
    @action(detail=True, methods=["post"])
    def revert(self, request, pk=None):
        override = self.fetch(forecast_selectors.override_get, override_id=pk)
        override = override_services.forecast_override_revert(
            organization=self.organization, override=override, user=self.actor)
        return Response(OverrideSerializer(override).data)


class RunViewSet(ApiViewSet):
    """Forecast runs: list, status, trigger one in the background."""

    access = {"read": Perm.VIEW, "write": Perm.FORECAST_OVERRIDE}
    serializer_class = RunSerializer

    def list(self, request):
        return self.paginated(
            forecast_selectors.run_list(organization=self.organization), RunSerializer)

    def retrieve(self, request, pk=None):
        """A run's status, counts, timings summary and failures."""
        return Response(RunSerializer(self.fetch(forecast_selectors.run_get, run_id=pk)).data)

    @extend_schema(request=RunTriggerSerializer, responses={202: RunQueuedSerializer})
    def create(self, request):
        """Queue the organization's forecast (runs in the background worker)."""
        from django.db import transaction

        from forecasting.tasks import forecast_organization_task

        serializer = RunTriggerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        as_of = data["as_of"].isoformat() if data.get("as_of") else None
        organization_id = self.organization.pk
        transaction.on_commit(lambda: forecast_organization_task.delay(
            organization_id, as_of, data["force"]))
        return Response(RunQueuedSerializer({
            "queued": True,
            "run": forecast_selectors.run_latest(organization=self.organization),
        }).data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("kind", str, enum=["promotion", "pause"]),
        OpenApiParameter("date_from", str,
                         description="YYYY-MM-DD: events ending on or after it."),
        OpenApiParameter("date_to", str,
                         description="YYYY-MM-DD: events starting on or before it."),
    ]),
)
class EventViewSet(ApiViewSet):
    """The promotions and events calendar, with sales pauses: the next forecast
    run reads it (promotion days flag the models, paused days forecast 0)."""

    access = {"read": Perm.VIEW, "write": Perm.FORECAST_OVERRIDE}
    serializer_class = EventSerializer

    def get_serializer(self, *args, **kwargs):
        kwargs.setdefault("context", {"request": self.request})
        return EventSerializer(*args, organization=self.organization, **kwargs)

    def list(self, request):
        filters = EventFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        return self.paginated(
            forecast_selectors.event_list(organization=self.organization,
                                          **filters.validated_data),
            EventSerializer)

    def retrieve(self, request, pk=None):
        event = self.fetch(forecast_selectors.event_get, event_id=pk)
        return Response(self.get_serializer(event).data)

    @extend_schema(responses={201: EventSerializer, 400: ErrorSerializer})
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = event_services.promotion_event_create(
            organization=self.organization, user=self.actor,
            **serializer.validated_data)
        return Response(self.get_serializer(event).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        event = self.fetch(forecast_selectors.event_get, event_id=pk)
        event_services.promotion_event_delete(organization=self.organization,
                                              event=event)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _no_forecast() -> str:
    from django.utils.translation import gettext as _

    return _("This product has no forecast yet.")
