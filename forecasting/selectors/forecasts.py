"""Reads of forecast runs and their per-product results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from accounts.models import Organization
from inventory.models import Product
from inventory.selectors import last_sales_day

from ..models import ForecastRun, ProductForecast

TOTAL_DAYS = (30, 60, 90)


def _latest_ids(organization: Organization) -> Subquery:
    return Subquery(
        ProductForecast.objects.filter(
            organization=organization, product=OuterRef("pk")
        )
        .order_by("-as_of", "-pk")
        .values("pk")[:1]
    )


def latest_forecasts(
    *, organization: Organization, product_ids: list[int] | None = None
) -> dict[int, ProductForecast]:
    """The newest forecast of each product (by as-of date, then creation): 1 query."""
    products = Product.objects.filter(organization=organization)
    if product_ids is not None:
        products = products.filter(pk__in=product_ids)
    latest = products.annotate(latest=_latest_ids(organization)).values("latest")
    rows = ProductForecast.objects.filter(
        organization=organization, pk__in=latest
    ).defer("daily", "cumulative_quantiles")
    return {row.product_id: row for row in rows}


def latest_forecast(
    *, organization: Organization, product: Product
) -> ProductForecast | None:
    """The product's newest forecast, with its run, or None."""
    return (
        ProductForecast.objects.filter(organization=organization, product=product)
        .select_related("run")
        .order_by("-as_of", "-pk")
        .first()
    )


def run_list(*, organization: Organization) -> QuerySet[ForecastRun]:
    """The organization's runs, newest first."""
    return ForecastRun.objects.filter(organization=organization).order_by(
        "-as_of", "-sequence", "-pk"
    )


def run_latest(*, organization: Organization) -> ForecastRun | None:
    """The newest run of the organization, or None."""
    return run_list(organization=organization).first()


METRIC_COLUMNS = ("wape", "mae", "rmse", "mase", "rmsse", "bias", "pinball")


def backtest_table(
    forecast: ProductForecast,
) -> tuple[list[str], list[tuple[str, bool, list[float | None]]]]:
    """Backtest metrics as (columns, rows of (model, is a member, values))."""
    metrics = forecast.backtest_metrics or {}
    columns = [c for c in METRIC_COLUMNS if any(c in m for m in metrics.values())]
    members = set(forecast.members or [])
    rows = [
        (
            model,
            model in members or model == "ensemble",
            [values.get(column) for column in columns],
        )
        for model, values in sorted(
            metrics.items(),
            key=lambda item: (item[0] != "ensemble", item[1].get("wape") or 9e9),
        )
    ]
    return columns, rows


@dataclass(frozen=True)
class RecentHistory:
    """A product's recent daily demand and the days it was out of stock."""

    dates: list[dt.date]
    demand: list[float]
    stock_out_dates: list[dt.date]


def recent_history(
    *, organization: Organization, product: Product, as_of: dt.date, days: int = 180
) -> RecentHistory:
    """The last `days` days of demand up to `as_of`, as the engine saw them."""
    from ..services.history import demand_histories

    items = demand_histories(
        organization=organization,
        products=[product],
        as_of=as_of,
        horizon_days=0,
        days=days,
    )
    item = items[product.pk]
    history = item.history
    stock_outs: list[dt.date] = []
    if item.stock_outs is not None:  # not the days after the last recorded sale
        stock_outs = [stamp.date() for stamp, flag in item.stock_outs.items() if flag]
    return RecentHistory(
        dates=[stamp.date() for stamp in history.demand.index],
        demand=[float(value) for value in history.demand.to_numpy()],
        stock_out_dates=stock_outs,
    )


@dataclass(frozen=True)
class SalesDataGap:
    """The organization's sales data ends `unknown_days` days before a forecast's
    as-of date: those days are unknown demand, not zero (history.py)."""

    last_day: dt.date
    unknown_days: int


def _gap(last_day: dt.date | None, as_of: dt.date) -> SalesDataGap | None:
    if last_day is None or last_day >= as_of:
        return None
    return SalesDataGap(last_day, (as_of - last_day).days)


def run_sales_data_gap(*, run: ForecastRun | None) -> SalesDataGap | None:
    """The gap the run saw at its end (recorded when it started; no query)."""
    end = (run.config or {}).get("sales_data_end") if run is not None else None
    return _gap(dt.date.fromisoformat(end), run.as_of) if end else None


def sales_data_gap(
    *, organization: Organization, as_of: dt.date
) -> SalesDataGap | None:
    """The days up to `as_of` after the organization's last recorded sale (1 query)."""
    return _gap(last_sales_day(organization=organization), as_of)
