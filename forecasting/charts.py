"""Forecast charts as figure JSON, drawn by static/js/charts.js (smartstock.charts)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _

from smartstock.charts import fragment, layout, title

from .models import PromotionEvent
from .selectors import EffectiveForecast, RecentHistory

BAND_COLOR = "rgba(13, 110, 253, 0.15)"
FORECAST_COLOR = "#0d6efd"
HISTORY_COLOR = "#6c757d"
STOCK_OUT_COLOR = "#dc3545"
EVENT_COLOR = "rgba(255, 193, 7, 0.18)"
PAUSE_COLOR = "rgba(108, 117, 125, 0.22)"  # a sales pause: grey


def _band(effective: EffectiveForecast) -> list[dict]:
    quantiles = effective.quantiles
    low_name = "p10" if "p10" in quantiles else "p50"
    high = quantiles.get("p90")
    if high is None:
        return []
    low_label = "P10" if low_name == "p10" else "P50"
    return [
        {"type": "scatter", "x": effective.dates, "y": high, "mode": "lines",
         "line": {"width": 0}, "name": _("P90"), "hoverinfo": "skip",
         "showlegend": False},
        {"type": "scatter", "x": effective.dates, "y": quantiles[low_name],
         "mode": "lines", "line": {"width": 0}, "fill": "tonexty",
         "fillcolor": BAND_COLOR, "name": _("%(low)s–P90 band") % {"low": low_label},
         "hoverinfo": "skip"},
    ]


def _events(events: Sequence[PromotionEvent], first: dt.date, last: dt.date
            ) -> tuple[list[dict], list[dict]]:
    """Shaded spans and their labels for the events inside the chart (promotions
    amber, sales pauses grey)."""
    shapes, notes = [], []
    for event in events:
        start, end = max(event.start_date, first), min(event.end_date, last)
        if start > end:
            continue
        shapes.append({"type": "rect", "xref": "x", "yref": "paper", "x0": start,
                       "x1": end + dt.timedelta(days=1), "y0": 0, "y1": 1,
                       "fillcolor": PAUSE_COLOR if event.kind == event.Kind.PAUSE
                       else EVENT_COLOR, "line": {"width": 0},
                       "layer": "below"})
        notes.append({"x": start, "y": 1, "xref": "x", "yref": "paper",
                      "text": event.name, "showarrow": False, "xanchor": "left",
                      "yanchor": "top", "font": {"size": 10}})
    return shapes, notes


def forecast_chart(
    *,
    history: RecentHistory,
    effective: EffectiveForecast | None,
    events: Sequence[PromotionEvent] = (),
) -> str:
    """History, stock-out days, forecast with its band and events: an HTML fragment."""
    data: list[dict] = [{"type": "bar", "x": history.dates, "y": history.demand,
                         "name": _("Units sold"), "marker": {"color": HISTORY_COLOR}}]
    if history.stock_out_dates:
        data.append({"type": "scatter", "x": history.stock_out_dates,
                     "y": [0] * len(history.stock_out_dates), "mode": "markers",
                     "marker": {"symbol": "x", "color": STOCK_OUT_COLOR, "size": 7},
                     "name": _("Out of stock (demand unknown)")})
    last = history.dates[-1] if history.dates else dt.date.today()
    if effective is not None:
        data += _band(effective)
        if effective.is_overridden:
            data.append({"type": "scatter", "x": effective.dates,
                         "y": [row["point"] for row in effective.forecast.daily],
                         "mode": "lines", "name": _("Model forecast"),
                         "line": {"color": FORECAST_COLOR, "dash": "dot", "width": 1}})
        data.append({"type": "scatter", "x": effective.dates, "y": effective.point,
                     "mode": "lines", "line": {"color": FORECAST_COLOR, "width": 2},
                     "name": _("Forecast (with override)") if effective.is_overridden
                     else _("Forecast")})
        last = effective.dates[-1] if effective.dates else last
    first = history.dates[0] if history.dates else last
    shapes, notes = _events(events, first, last)
    return fragment("chart-forecast", data, layout(
        height=420, margin={"l": 40, "r": 10, "t": 30, "b": 40},
        legend={"orientation": "h", "y": -0.15}, bargap=0.1,
        xaxis={"type": "date"}, yaxis={"title": title(_("Units per day"))},
        shapes=shapes, annotations=notes))


def actual_vs_forecast_chart(data) -> str:
    """A run's forecast (P50 and its P10–P90 band) beside the units actually sold.

    `data` is a selectors.ActualVsForecast.
    """
    traces: list[dict] = []
    if data.p10 is not None and data.p90 is not None:
        traces.append({"type": "scatter", "x": data.dates, "y": data.p90,
                       "mode": "lines", "line": {"width": 0}, "hoverinfo": "skip",
                       "showlegend": False, "name": _("P90")})
        traces.append({"type": "scatter", "x": data.dates, "y": data.p10,
                       "mode": "lines", "line": {"width": 0}, "fill": "tonexty",
                       "fillcolor": BAND_COLOR, "name": _("P10–P90 band"),
                       "hoverinfo": "skip"})
    traces.append({"type": "scatter", "x": data.dates, "y": data.p50, "mode": "lines",
                   "line": {"color": FORECAST_COLOR, "width": 2},
                   "name": _("Forecast (P50)")})
    passed = [(d, a) for d, a in zip(data.dates, data.actual, strict=True)
              if a is not None]
    traces.append({"type": "bar", "x": [d for d, _a in passed],
                   "y": [a for _d, a in passed], "name": _("Units sold"),
                   "marker": {"color": HISTORY_COLOR}, "opacity": 0.7})
    return fragment("chart-actual-vs-forecast", traces, layout(
        height=400, margin={"l": 40, "r": 10, "t": 30, "b": 40},
        legend={"orientation": "h", "y": -0.15}, bargap=0.1,
        xaxis={"type": "date"}, yaxis={"title": title(_("Units per day"))}))


def accuracy_trend_chart(
    *,
    as_of: Sequence[dt.date],
    wape: Sequence[float | None],
    bias: Sequence[float | None],
    backtest_wape: Sequence[float | None],
) -> str:
    """Realised WAPE and bias of each matured run (in %), with its backtest WAPE."""

    def percent(values):
        return [None if v is None else round(v * 100, 1) for v in values]

    days = list(as_of)
    traces = [
        {"type": "scatter", "x": days, "y": percent(wape), "mode": "lines+markers",
         "name": _("WAPE (realised)"), "line": {"color": FORECAST_COLOR}},
        {"type": "scatter", "x": days, "y": percent(bias), "mode": "lines+markers",
         "name": _("Bias (realised)"), "line": {"color": STOCK_OUT_COLOR}},
        {"type": "scatter", "x": days, "y": percent(backtest_wape),
         "mode": "lines+markers", "name": _("WAPE (backtest median)"),
         "line": {"color": HISTORY_COLOR, "dash": "dot"}},
    ]
    return fragment("chart-accuracy-trend", traces, layout(
        height=340, margin={"l": 40, "r": 10, "t": 20, "b": 40},
        xaxis={"type": "date", "title": title(_("Forecast as of"))},
        yaxis={"title": title("%"), "zeroline": True, "zerolinecolor": "#adb5bd"}))
