"""Plotly figures as HTML fragments (plotly.js is served from static/vendor/plotly)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _

from inventory.chart_embed import plotly_fragment

from .models import PromotionEvent
from .selectors import EffectiveForecast, RecentHistory

BAND_COLOR = "rgba(13, 110, 253, 0.15)"
FORECAST_COLOR = "#0d6efd"
HISTORY_COLOR = "#6c757d"
STOCK_OUT_COLOR = "#dc3545"
EVENT_COLOR = "rgba(255, 193, 7, 0.18)"


def _band(figure, effective: EffectiveForecast) -> None:
    import plotly.graph_objects as go

    quantiles = effective.quantiles
    low_name = "p10" if "p10" in quantiles else "p50"
    high = quantiles.get("p90")
    if high is None:
        return
    low_label = "P10" if low_name == "p10" else "P50"
    figure.add_trace(
        go.Scatter(
            x=effective.dates,
            y=high,
            mode="lines",
            line={"width": 0},
            name=_("P90"),
            hoverinfo="skip",
            showlegend=False,
        )
    )
    figure.add_trace(
        go.Scatter(
            x=effective.dates,
            y=quantiles[low_name],
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor=BAND_COLOR,
            name=_("%(low)s–P90 band") % {"low": low_label},
            hoverinfo="skip",
        )
    )


def _events(figure, events: Sequence[PromotionEvent], first: dt.date, last: dt.date):
    for event in events:
        start, end = max(event.start_date, first), min(event.end_date, last)
        if start > end:
            continue
        figure.add_vrect(
            x0=start,
            x1=end + dt.timedelta(days=1),
            fillcolor=EVENT_COLOR,
            line_width=0,
            layer="below",
            annotation_text=event.name,
            annotation_position="top left",
            annotation_font_size=10,
        )


def forecast_chart(
    *,
    history: RecentHistory,
    effective: EffectiveForecast | None,
    events: Sequence[PromotionEvent] = (),
) -> str:
    """History, stock-out days, forecast with its band and events: an HTML fragment."""
    import plotly.graph_objects as go

    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=history.dates,
            y=history.demand,
            name=_("Units sold"),
            marker_color=HISTORY_COLOR,
        )
    )
    if history.stock_out_dates:
        figure.add_trace(
            go.Scatter(
                x=history.stock_out_dates,
                y=[0] * len(history.stock_out_dates),
                mode="markers",
                marker={"symbol": "x", "color": STOCK_OUT_COLOR, "size": 7},
                name=_("Out of stock (demand unknown)"),
            )
        )
    last = history.dates[-1] if history.dates else dt.date.today()
    if effective is not None:
        _band(figure, effective)
        if effective.is_overridden:
            figure.add_trace(
                go.Scatter(
                    x=effective.dates,
                    y=[row["point"] for row in effective.forecast.daily],
                    mode="lines",
                    line={"color": FORECAST_COLOR, "dash": "dot", "width": 1},
                    name=_("Model forecast"),
                )
            )
        figure.add_trace(
            go.Scatter(
                x=effective.dates,
                y=effective.point,
                mode="lines",
                line={"color": FORECAST_COLOR, "width": 2},
                name=_("Forecast (with override)")
                if effective.is_overridden
                else _("Forecast"),
            )
        )
        last = effective.dates[-1] if effective.dates else last
    first = history.dates[0] if history.dates else last
    _events(figure, events, first, last)
    figure.update_layout(
        height=420,
        margin={"l": 40, "r": 10, "t": 30, "b": 40},
        legend={"orientation": "h", "y": -0.15},
        bargap=0.1,
        yaxis_title=_("Units per day"),
        hovermode="x unified",
        template="plotly_white",
    )
    return plotly_fragment(figure, config={"displaylogo": False, "responsive": True})


def _fragment(figure) -> str:
    return plotly_fragment(figure, config={"displaylogo": False, "responsive": True})


def actual_vs_forecast_chart(data) -> str:
    """A run's forecast (P50 and its P10–P90 band) beside the units actually sold.

    `data` is a selectors.ActualVsForecast.
    """
    import plotly.graph_objects as go

    figure = go.Figure()
    if data.p10 is not None and data.p90 is not None:
        figure.add_trace(
            go.Scatter(x=data.dates, y=data.p90, mode="lines", line={"width": 0},
                       hoverinfo="skip", showlegend=False, name=_("P90"))
        )
        figure.add_trace(
            go.Scatter(x=data.dates, y=data.p10, mode="lines", line={"width": 0},
                       fill="tonexty", fillcolor=BAND_COLOR,
                       name=_("P10–P90 band"), hoverinfo="skip")
        )
    figure.add_trace(
        go.Scatter(x=data.dates, y=data.p50, mode="lines",
                   line={"color": FORECAST_COLOR, "width": 2},
                   name=_("Forecast (P50)"))
    )
    passed = [(d, a) for d, a in zip(data.dates, data.actual, strict=True)
              if a is not None]
    figure.add_trace(
        go.Bar(x=[d for d, _a in passed], y=[a for _d, a in passed],
               name=_("Units sold"), marker_color=HISTORY_COLOR, opacity=0.7)
    )
    figure.update_layout(
        height=400, margin={"l": 40, "r": 10, "t": 30, "b": 40},
        legend={"orientation": "h", "y": -0.15}, bargap=0.1,
        yaxis_title=_("Units per day"), hovermode="x unified",
        template="plotly_white",
    )
    return _fragment(figure)


def accuracy_trend_chart(
    *,
    as_of: Sequence[dt.date],
    wape: Sequence[float | None],
    bias: Sequence[float | None],
    backtest_wape: Sequence[float | None],
) -> str:
    """Realised WAPE and bias of each matured run (in %), with its backtest WAPE."""
    import plotly.graph_objects as go

    def percent(values):
        return [None if v is None else round(v * 100, 1) for v in values]

    figure = go.Figure()
    figure.add_trace(go.Scatter(x=list(as_of), y=percent(wape), mode="lines+markers",
                                name=_("WAPE (realised)"),
                                line={"color": FORECAST_COLOR}))
    figure.add_trace(go.Scatter(x=list(as_of), y=percent(bias), mode="lines+markers",
                                name=_("Bias (realised)"),
                                line={"color": STOCK_OUT_COLOR}))
    figure.add_trace(go.Scatter(x=list(as_of), y=percent(backtest_wape),
                                mode="lines+markers", name=_("WAPE (backtest median)"),
                                line={"color": HISTORY_COLOR, "dash": "dot"}))
    figure.add_hline(y=0, line_width=1, line_color="#adb5bd")
    figure.update_layout(
        height=340, margin={"l": 40, "r": 10, "t": 20, "b": 40},
        legend={"orientation": "h", "y": -0.2}, yaxis_title="%",
        xaxis_title=_("Forecast as of"), template="plotly_white",
    )
    return _fragment(figure)
