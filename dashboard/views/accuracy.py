"""Forecast accuracy reports: backtest and realised errors, actual vs forecast.

They combine forecasting's runs with the product catalogue, so they sit in the
dashboard app (above the domain apps); the URLs stay under /forecasts/.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import member_required
from accounts.roles import Perm
from forecasting import accuracy as accuracy_math
from forecasting import charts, selectors
from forecasting.services import accuracy as accuracy_services
from inventory.views._common import get_or_404

PRODUCT_ROWS_SHOWN = 50


@member_required(read=Perm.VIEW)
def accuracy_report(request: HttpRequest) -> HttpResponse:
    """Backtest and realised forecast errors, their trend and the overrides' value."""
    organization = request.organization
    backtest = accuracy_services.backtest_report(organization=organization)
    realised = accuracy_services.realised_report(organization=organization)
    trend = list(reversed(realised.runs))  # oldest first for the chart
    chart = ""
    if trend:
        chart = charts.accuracy_trend_chart(
            as_of=[run.as_of for run in trend],
            wape=[run.overall.wape for run in trend],
            bias=[run.overall.bias for run in trend],
            backtest_wape=[run.backtest_wape for run in trend],
        )
    context = {
        "headline": _headline(backtest, realised),
        "backtest": backtest,
        "realised": realised,
        "trend_chart": chart,
        "rows_shown": PRODUCT_ROWS_SHOWN,
        "value_added_runs": [r for r in realised.runs if r.value_added.products],
    }
    return render(request, "dashboard/accuracy.html", context)


def _headline(backtest, realised) -> dict | None:
    """One plain figure: the typical error in % of sales (realised, else backtest)."""
    if realised.runs and realised.overall.wape is not None:
        return {"wape": realised.overall.wape, "source": "realised"}
    for row in (backtest.models if backtest else []):
        if row.label == "ensemble" and row.accuracy.wape is not None:
            return {"wape": row.accuracy.wape, "source": "backtest"}
    return None


def _int_param(request: HttpRequest, name: str) -> int | None:
    """An integer query parameter; absent → None, malformed → 404."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404 from None


def _chosen_run(request: HttpRequest, runs: list) -> object | None:
    run_id = _int_param(request, "run")
    if run_id is not None:
        return get_or_404(
            selectors.run_get, organization=request.organization, run_id=run_id
        )
    # By default the newest run with at least a week of known sales after it.
    ripe = accuracy_services.last_complete_day() - dt.timedelta(days=7)
    return next((r for r in runs if r.as_of <= ripe), runs[0] if runs else None)


def _period_rows(data: selectors.ActualVsForecast, grain: str) -> list[dict]:
    """The table: per day or per ISO week, forecast beside actual (passed days)."""
    rows: dict[dt.date, dict] = {}
    for index, day in enumerate(data.dates):
        start = day - dt.timedelta(days=day.weekday()) if grain == "week" else day
        row = rows.setdefault(start, {
            "start": start, "point": 0.0, "p50": 0.0, "p10": None, "p90": None,
            "actual": None, "days": 0, "known": 0, "gap": None,
        })
        row["days"] += 1
        row["point"] += data.point[index]
        row["p50"] += data.p50[index]
        if data.p10 is not None and grain == "day":
            row["p10"], row["p90"] = data.p10[index], data.p90[index]
        if data.actual[index] is not None:
            row["actual"] = (row["actual"] or 0.0) + data.actual[index]
            row["known"] += 1
        if data.known_actual[index] is not None:  # unknown demand is no error
            gap = data.known_point[index] - data.known_actual[index]
            row["gap"] = (row["gap"] or 0.0) + gap
    for row in rows.values():
        row["error"] = None if row["known"] < row["days"] else row["gap"]
    return list(rows.values())


@member_required(read=Perm.VIEW)
def actual_vs_forecast(request: HttpRequest) -> HttpResponse:
    """A past run's forecast of one product (or all) against what then sold."""
    organization = request.organization
    runs = selectors.run_choices(organization=organization)
    run = _chosen_run(request, runs)
    context: dict = {"runs": runs, "run": run, "grain": "day"}
    if run is not None:
        products = selectors.run_products(organization=organization, run=run)
        product_id = _int_param(request, "product")
        if product_id is not None and product_id not in {p[0] for p in products}:
            raise Http404  # not in this run (or another organization's product)
        grain = "week" if request.GET.get("grain") == "week" else "day"
        last_day = accuracy_services.last_complete_day()
        data = selectors.actual_vs_forecast(
            organization=organization, run=run, product_id=product_id,
            last_day=last_day,
        )
        # Stock-out, paused and not-yet-uploaded days are unknown demand, not
        # zero: the same rule as the accuracy report and training.
        known = [(a, f) for a, f in zip(data.known_actual, data.known_point,
                                        strict=True) if a is not None]
        context.update({
            "products": products,
            "product_id": product_id,
            "grain": grain,
            "data": data,
            "chart": charts.actual_vs_forecast_chart(data) if data.dates else "",
            "rows": _period_rows(data, grain),
            "errors": accuracy_math.series_accuracy(
                [a for a, _f in known], [f for _a, f in known]
            ),
            "known_days": len(known),
        })
    return render(request, "dashboard/actual_vs_forecast.html", context)
