"""Trend charts of answers as Plotly figure JSON.

The page draws them with the vendored plotly.js from static/js/copilot.js
(the JSON travels in a json_script tag: no inline script, CSP-ready).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _

from smartstock.charts import CONFIG
from smartstock.charts import layout as house_layout

LINE_COLOR = "#0d6efd"
BAND_COLOR = "rgba(13, 110, 253, 0.15)"
PREVIOUS_COLOR = "#adb5bd"


def _layout(**extra) -> dict:
    """The house layout (smartstock.charts) with a date x axis, so that
    static/js/charts.js writes its ticks in the page's language."""
    return {**house_layout(height=260, xaxis={"type": "date"}, **extra),
            "margin": {"l": 45, "r": 10, "t": 10, "b": 35},
            "legend": {"orientation": "h", "y": -0.25}}


def weekly_sales_chart(weeks: Sequence[dt.date], units: Sequence[float],
                       first_current: dt.date) -> dict:
    """Units per week; weeks before the asked period in grey."""
    colors = [LINE_COLOR if week >= first_current - dt.timedelta(days=6)
              else PREVIOUS_COLOR for week in weeks]
    return {"data": [{"type": "bar", "x": [w.isoformat() for w in weeks],
                      "y": list(units), "marker": {"color": colors},
                      "name": _("Units sold per week")}],
            "layout": _layout(showlegend=False,
                              yaxis={"title": {"text": _("units")},
                                     "rangemode": "tozero"}),
            "config": CONFIG}


def forecast_chart(dates: Sequence[dt.date], point: Sequence[float],
                   p10: Sequence[float] | None, p90: Sequence[float] | None) -> dict:
    """The daily forecast with its P10–P90 band."""
    x = [d.isoformat() for d in dates]
    data = []
    if p10 is not None and p90 is not None:
        data.append({"type": "scatter", "mode": "lines", "x": x, "y": list(p90),
                     "line": {"width": 0}, "name": "P90", "showlegend": False})
        data.append({"type": "scatter", "mode": "lines", "x": x, "y": list(p10),
                     "line": {"width": 0}, "fill": "tonexty",
                     "fillcolor": BAND_COLOR, "name": "P10–P90"})
    data.append({"type": "scatter", "mode": "lines", "x": x, "y": list(point),
                 "line": {"color": LINE_COLOR, "width": 2},
                 "name": _("Forecast per day")})
    return {"data": data,
            "layout": _layout(yaxis={"title": {"text": _("units per day")},
                                     "rangemode": "tozero"}),
            "config": CONFIG}
