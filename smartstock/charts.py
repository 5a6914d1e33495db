"""The one way the app builds Plotly charts: plain figure JSON, drawn by static JS.

A chart is a list of trace dicts and a layout dict (plotly.js's own schema);
`fragment` turns them into a `<div data-plotly-figure="…">` that
static/js/charts.js draws with the vendored plotly.js — its "basic" bundle
(scatter, bar and pie traces: 1.2 MB instead of the full bundle's 4.8 MB, the
first page load's largest file; `TRACE_TYPES`). No plotly.py at page
view: a page serialises a few hundred numbers instead of paying plotly.py's
validation, and no inline <script>, so a strict Content-Security-Policy holds.
charts.js also gives Plotly the page's language (month names in Korean or
English) and keeps the mode bar from covering the plot.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString

CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": "hover",
          "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}
GRID_COLOR = "#e9ecef"
# The trace types of static/vendor/plotly/plotly-basic.min.js (plotly.js's
# "basic" partial bundle, npm plotly.js-basic-dist-min). A chart needing
# another type needs a bigger bundle: `figure_json` refuses it, so a test of
# the page fails instead of the browser drawing an empty chart.
TRACE_TYPES = frozenset({"scatter", "bar", "pie"})


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def figure_json(data: Sequence[dict], layout: dict) -> str:
    """The figure as JSON (dates as ISO text, Decimals as numbers)."""
    unknown = {trace.get("type", "scatter") for trace in data} - TRACE_TYPES
    if unknown:
        raise ValueError(f"trace types {sorted(unknown)} are not in the vendored "
                         f"plotly.js bundle ({sorted(TRACE_TYPES)})")
    return json.dumps({"data": list(data), "layout": layout, "config": CONFIG},
                      ensure_ascii=False, default=_plain)


def layout(*, height: int = 300, **extra: Any) -> dict[str, Any]:
    """The house layout: white plot, light grid, legend under the plot."""
    axis = {"gridcolor": GRID_COLOR, "zerolinecolor": GRID_COLOR,
            "automargin": True}
    base: dict[str, Any] = {
        "height": height, "margin": {"l": 50, "r": 10, "t": 10, "b": 40},
        "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "#ffffff",
        "font": {"size": 12}, "legend": {"orientation": "h", "y": -0.2},
        "hovermode": "x unified",
    }
    base.update(extra)
    for name in ("xaxis", "yaxis", "yaxis2"):
        if name in base or name != "yaxis2":
            base[name] = {**axis, **base.get(name, {})}
    return base


def title(text: str) -> dict[str, str]:
    """An axis title."""
    return {"text": str(text)}


def fragment(chart_id: str, data: Sequence[dict], figure_layout: dict) -> SafeString:
    """The chart as an HTML fragment (needs plotly-basic.min.js and js/charts.js)."""
    return format_html(
        '<div id="{}" class="smartstock-chart" data-plotly-figure="{}" '
        'style="min-height: {}px"></div>',
        chart_id, figure_json(data, figure_layout),
        figure_layout.get("height", 300),
    )
