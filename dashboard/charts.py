"""The dashboard's charts (figure JSON through smartstock.charts, the one way)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from smartstock.charts import fragment, title
from smartstock.charts import layout as house_layout

RISK_COLORS = {
    "critical": "#dc3545",
    "high": "#fd7e14",
    "medium": "#ffc107",
    "low": "#198754",
}
VALUE_COLOR = "#0d6efd"
STOCKOUT_COLOR = "#dc3545"
MOVER_COLOR = "#6f42c1"
BEFORE_COLOR = "#adb5bd"


def _layout(**extra: Any) -> dict[str, Any]:
    return house_layout(height=300, **extra)


# Below this, plotly's own ticks fall between whole numbers (0.2 products, or
# ₩0 ₩0 ₩0 ₩1 ₩1 ₩1 through the ",d" format): a new organization's first page.
SMALL_AXIS_MAX = 5


def _count_axis(values: Sequence[float], **axis: Any) -> dict[str, Any]:
    """A y axis of whole units (products, won): fixed 0–5 for a small series."""
    if max(values, default=0) < SMALL_AXIS_MAX:
        axis["range"] = [0, SMALL_AXIS_MAX]
    return axis


def inventory_value_chart(series: Mapping[str, Sequence]) -> SafeString:
    """Inventory value at cost per day (today's unit costs)."""
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "x": list(series["dates"]),
            "y": list(series["inventory_value"]),
            "name": _("Inventory value"),
            "line": {"color": VALUE_COLOR, "width": 2},
            "fill": "tozeroy",
            "fillcolor": "rgba(13, 110, 253, 0.1)",
        }
    ]
    return fragment(
        "chart-inventory-value",
        data,
        _layout(
            xaxis={"type": "date"},
            yaxis=_count_axis(series["inventory_value"],
                              title=title(_("Value at cost")), rangemode="tozero",
                              tickprefix="₩", tickformat=",d", hoverformat=",d"),
            showlegend=False,
        ),
    )


def stockouts_chart(series: Mapping[str, Sequence]) -> SafeString:
    """Products out of stock (end-of-day stock ≤ 0) per day."""
    data = [
        {
            "type": "bar",
            "x": list(series["dates"]),
            "y": list(series["stockouts"]),
            "name": _("Products out of stock"),
            "marker": {"color": STOCKOUT_COLOR},
        }
    ]
    return fragment(
        "chart-stockouts",
        data,
        _layout(
            xaxis={"type": "date"},
            yaxis=_count_axis(series["stockouts"], title=title(_("Products")),
                              rangemode="tozero"),
            showlegend=False,
            bargap=0.1,
        ),
    )


def top_movers_chart(movers: Sequence[Mapping[str, Any]]) -> SafeString:
    """Best sellers of the last 30 days beside the 30 days before."""
    movers = list(reversed(movers))  # the best seller on top of a horizontal bar
    labels = [row["sku"] for row in movers]
    names = [row["name"] for row in movers]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": labels,
            "x": [row["units_before"] for row in movers],
            "name": _("30 days before"),
            "marker": {"color": BEFORE_COLOR},
            "customdata": names,
            "hovertemplate": "%{customdata}: %{x}<extra></extra>",
        },
        {
            "type": "bar",
            "orientation": "h",
            "y": labels,
            "x": [row["units"] for row in movers],
            "name": _("Last 30 days"),
            "marker": {"color": MOVER_COLOR},
            "customdata": names,
            "hovertemplate": "%{customdata}: %{x}<extra></extra>",
        },
    ]
    return fragment(
        "chart-top-movers",
        data,
        _layout(
            barmode="group",
            hovermode="closest",
            xaxis={"title": title(_("Units sold"))},
            margin={"l": 90, "r": 10, "t": 10, "b": 40},
        ),
    )


def risk_chart(by_risk: Mapping[str, int], labels: Mapping[str, str]) -> SafeString:
    """Products per risk level."""
    levels = [level for level in RISK_COLORS if level in by_risk]
    data = [
        {
            "type": "bar",
            "x": [str(labels[level]) for level in levels],
            "y": [by_risk[level] for level in levels],
            "marker": {"color": [RISK_COLORS[level] for level in levels]},
            "name": _("Products"),
        }
    ]
    return fragment(
        "chart-risk",
        data,
        _layout(
            showlegend=False,
            hovermode="closest",
            yaxis=_count_axis(data[0]["y"], title=title(_("Products")),
                              rangemode="tozero"),
        ),
    )
