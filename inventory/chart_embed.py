"""Plotly charts as CSP-safe HTML fragments: a <div> and its figure as JSON.

No inline script is emitted (the Content-Security-Policy allows none without a
nonce): the figure travels in a `<script type="application/json">` block, which
browsers never execute, and static/js/charts.js draws every such figure with
the vendored plotly.js once the page has loaded.

Pure (no Django): the pure report helpers use it too. Fragments are plain
strings of safe HTML; callers mark them safe for templates.
"""

from __future__ import annotations

import html
import json
import uuid
from typing import Any

_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_safe_json(text: str) -> str:
    """JSON text that cannot close its <script> element (no <, >, & left)."""
    return text.translate(_SCRIPT_ESCAPES)


def figure_fragment(
    *, chart_id: str, figure_json: str, css_class: str = "plotly-chart"
) -> str:
    """The chart's <div> and its figure (`{"data", "layout", "config"}` JSON)."""
    chart = html.escape(chart_id)
    data_id = html.escape(f"{chart_id}-figure")
    # The JSON is escaped: it cannot end its element or inject markup.
    return (
        f'<div id="{chart}" class="{html.escape(css_class)}" '
        f'data-plotly-figure="{data_id}"></div>'
        f'<script type="application/json" id="{data_id}">'
        f"{script_safe_json(figure_json)}</script>"
    )


def figure_dict_fragment(
    *, chart_id: str, data: list[dict], layout: dict, config: dict,
    css_class: str = "plotly-chart",
) -> str:
    """A fragment for a figure given as plain Plotly JSON dictionaries."""
    figure_json = json.dumps(
        {"data": data, "layout": layout, "config": config},
        ensure_ascii=False, default=str,
    )
    return figure_fragment(chart_id=chart_id, figure_json=figure_json,
                           css_class=css_class)


def plotly_fragment(figure: Any, *, config: dict) -> str:
    """A fragment for a plotly.py Figure (its own encoder handles numpy, dates)."""
    import plotly.io as pio

    plain = figure.to_plotly_json()
    figure_json = pio.to_json(
        {"data": plain["data"], "layout": plain["layout"], "config": config},
        validate=False,
    )
    return figure_fragment(chart_id=f"chart-{uuid.uuid4().hex[:12]}",
                           figure_json=figure_json)
