"""Pure report helpers: the sales pivot and the data explorer's pandas step.

No Django here: selectors hand in aggregated rows or a bounded list of source
rows, views hand the results to templates and the xlsx writer. Labels arrive
already translated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from inventory.chart_embed import plotly_fragment

PERIOD_WEEK = "week"
PERIOD_MONTH = "month"
AGGREGATES = ("sum", "mean", "count")


# -- periods -------------------------------------------------------------------
def period_start(day: dt.date, period: str) -> dt.date:
    """The Monday of the ISO week, or the first of the month, containing `day`."""
    if period == PERIOD_WEEK:
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def period_starts(period: str, end: dt.date, count: int = 12) -> list[dt.date]:
    """The `count` periods ending with the one containing `end`, oldest first."""
    last = period_start(end, period)
    if period == PERIOD_WEEK:
        return [last - dt.timedelta(weeks=count - 1 - i) for i in range(count)]
    starts = []
    year, month = last.year, last.month
    for _ in range(count):
        starts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def period_end(start: dt.date, period: str) -> dt.date:
    """The last day of the period starting on `start`."""
    if period == PERIOD_WEEK:
        return start + dt.timedelta(days=6)
    following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


# -- sales pivot -----------------------------------------------------------------
@dataclass(frozen=True)
class PivotRow:
    key: Any
    label: str
    values: list[Decimal]
    total: Decimal
    # Last period against the one before, in percent; None when that was zero.
    change_pct: float | None


@dataclass(frozen=True)
class Pivot:
    periods: list[dt.date]
    rows: list[PivotRow]
    column_totals: list[Decimal]
    grand_total: Decimal
    # Each period against the previous one (None for the first or after a zero).
    column_changes: list[float | None] = field(default_factory=list)


def change_pct(previous: Decimal | float, current: Decimal | float) -> float | None:
    """(current − previous) / previous × 100; None when previous is zero."""
    if not previous:
        return None
    return round(float((Decimal(current) - Decimal(previous)) / Decimal(previous))
                 * 100, 1)


def pivot_table(
    cells: Iterable[tuple[Any, str, dt.date, Decimal | int]],
    periods: Sequence[dt.date],
) -> Pivot:
    """Pivot (row key, row label, period start, value) cells into a table.

    Rows are sorted by total, largest first; cells outside `periods` are ignored.
    """
    column = {start: index for index, start in enumerate(periods)}
    values: dict[Any, list[Decimal]] = {}
    labels: dict[Any, str] = {}
    for key, label, start, value in cells:
        if start not in column:
            continue
        row = values.setdefault(key, [Decimal(0)] * len(periods))
        row[column[start]] += Decimal(value or 0)
        labels[key] = label
    rows = [
        PivotRow(
            key=key,
            label=labels[key],
            values=row,
            total=sum(row, Decimal(0)),
            change_pct=change_pct(row[-2], row[-1]) if len(row) > 1 else None,
        )
        for key, row in values.items()
    ]
    rows.sort(key=lambda row: (-row.total, row.label))
    totals = [sum((r.values[i] for r in rows), Decimal(0)) for i in range(len(periods))]
    return Pivot(
        periods=list(periods),
        rows=rows,
        column_totals=totals,
        grand_total=sum(totals, Decimal(0)),
        column_changes=[None]
        + [change_pct(totals[i - 1], totals[i]) for i in range(1, len(totals))],
    )


# -- data explorer ---------------------------------------------------------------
@dataclass(frozen=True)
class Exploration:
    """The explorer's result: a header row and body rows, ready for display."""

    columns: list[str]
    rows: list[list[Any]]
    # The pivoted columns (values of the second group), or [] without a pivot.
    series: list[str] = field(default_factory=list)


def explore(
    records: Sequence[dict[str, Any]],
    *,
    group_by: Sequence[str],
    value: str | None,
    aggregate: str,
    pivot: bool = False,
    max_columns: int = 50,
) -> Exploration:
    """Group `records` by one or two columns and aggregate `value`.

    With `pivot` and two groups, the second group becomes the columns. `count`
    counts rows and needs no value. Missing group values show as "—".
    """
    import pandas as pd

    if aggregate not in AGGREGATES:
        raise ValueError(f"unknown aggregate {aggregate!r}")
    frame = pd.DataFrame.from_records(list(records))
    keys = list(group_by)
    measure = value if aggregate != "count" and value else "__rows__"
    if frame.empty:
        return Exploration(columns=[*keys, measure], rows=[])
    frame = frame.assign(__rows__=1)
    frame[keys] = frame[keys].astype(object).where(frame[keys].notna(), "—")
    frame[keys] = frame[keys].astype(str)
    if measure != "__rows__":
        frame[measure] = pd.to_numeric(frame[measure], errors="coerce")
    how = "sum" if measure == "__rows__" else aggregate
    grouped = frame.groupby(keys, sort=True)[measure].agg(how)
    if pivot and len(keys) == 2:
        table = grouped.unstack(keys[1])
        table = table.iloc[:, :max_columns]
        series = [str(c) for c in table.columns]
        body = [
            [str(index), *[_plain(v) for v in row]]
            for index, row in zip(table.index, table.to_numpy(), strict=True)
        ]
        return Exploration(columns=[keys[0], *series], rows=body, series=series)
    flat = grouped.reset_index()
    return Exploration(
        columns=[*keys, measure],
        rows=[[_plain(v) for v in row] for row in flat.to_numpy().tolist()],
    )


def _plain(value: Any) -> Any:
    """numpy scalars and NaN to plain Python values (None for missing)."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return round(value, 4)
    return value


def exploration_chart(
    result: Exploration, *, kind: str, value_label: str, labels: dict[str, str]
) -> str:
    """A bar or line chart of the exploration as an HTML fragment ("" if empty)."""
    import plotly.graph_objects as go

    if not result.rows:
        return ""
    figure = go.Figure()
    trace = go.Bar if kind == "bar" else go.Scatter
    x_labels = [" · ".join(str(c) for c in row[:-1]) for row in result.rows]
    if result.series:
        x_labels = [str(row[0]) for row in result.rows]
        for offset, name in enumerate(result.series, start=1):
            figure.add_trace(
                trace(x=x_labels, y=[row[offset] for row in result.rows], name=name)
            )
    else:
        figure.add_trace(
            trace(x=x_labels, y=[row[-1] for row in result.rows], name=value_label)
        )
    figure.update_layout(
        height=380,
        margin={"l": 40, "r": 10, "t": 20, "b": 80},
        legend={"orientation": "h", "y": -0.3},
        yaxis_title=value_label,
        xaxis_title=labels.get(result.columns[0], result.columns[0]),
        template="plotly_white",
        barmode="group",
    )
    return plotly_fragment(figure, config={"displaylogo": False, "responsive": True})
