"""The report types, and the backtest of the latest full run (reads only)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from accounts.models import Organization
from forecasting import accuracy
from forecasting.models import ForecastRun, ProductForecast

REALISED_DAYS = 30
# Days ahead of the as-of date (the engine's buckets, forecasting/engine/backtest.py).
HORIZON_BUCKETS = ((1, 7), (8, 30), (31, 60), (61, 90))
# Days of sales before as_of that scale MASE (the weekly seasonal naive's MAE).
SCALE_DAYS = 56
MAX_RUNS = 12
CACHE_SECONDS = 6 * 3600
FINISHED = (ForecastRun.Status.SUCCEEDED, ForecastRun.Status.PARTIAL)
ENSEMBLE = "ensemble"


@dataclass(frozen=True)
class Row:
    """One line of an accuracy table: a product, a category, a model or a run."""

    label: str
    accuracy: accuracy.Accuracy
    products: int = 1
    detail: str = ""  # the product's name, or the category's


@dataclass(frozen=True)
class Breakdown:
    overall: accuracy.Accuracy
    categories: list[Row]
    products: list[Row]  # largest absolute error first


@dataclass(frozen=True)
class HorizonRow:
    """A model's backtest WAPE per horizon bucket, pooled over products by volume."""

    label: str
    wape: list[float | None]  # one per HORIZON_BUCKETS entry


@dataclass(frozen=True)
class BacktestReport:
    as_of: dt.date
    run_id: int
    breakdown: Breakdown
    models: list[Row]
    horizons: list[HorizonRow] = field(default_factory=list)
    # What the run measured: wall-clock seconds and products (for the models page).
    seconds: float | None = None
    products: int = 0


@dataclass(frozen=True)
class ValueAddedRow:
    sku: str
    name: str
    value_added: accuracy.ValueAdded


@dataclass(frozen=True)
class RunAccuracy:
    run_id: int
    as_of: dt.date
    overall: accuracy.Accuracy
    backtest_wape: float | None
    value_added: accuracy.ValueAdded


@dataclass(frozen=True)
class RealisedReport:
    window_days: int
    last_complete_day: dt.date
    runs: list[RunAccuracy] = field(default_factory=list)  # newest first
    latest: Breakdown | None = None  # the newest matured run, by product/category
    value_added_rows: list[ValueAddedRow] = field(default_factory=list)  # latest run

    @property
    def overall(self) -> accuracy.Accuracy:
        """Every matured run pooled."""
        return accuracy.pool(run.overall for run in self.runs)


def _breakdown(items: Iterable[tuple[str, str, str, accuracy.Accuracy]]) -> Breakdown:
    """(sku, name, category, accuracy) per product → product, category, overall.

    A category of "" is "no category" (the template names it).
    """
    products, by_category = [], defaultdict(list)
    for sku, name, category, result in items:
        if not result.days:
            continue
        products.append(Row(sku, result, 1, name))
        by_category[category].append(result)
    products.sort(key=lambda r: -(r.accuracy.mae or 0.0) * r.accuracy.days)
    categories = [
        Row(label, accuracy.pool(parts), len(parts))
        for label, parts in sorted(by_category.items())
    ]
    overall = accuracy.pool(row.accuracy for row in products)
    return Breakdown(overall, categories, products)


# -- (a) the backtest of the latest run ------------------------------------------
def latest_full_run(*, organization: Organization) -> ForecastRun | None:
    """The newest finished run of all products (product reruns are partial views)."""
    return (
        ForecastRun.objects.filter(
            organization=organization,
            scope=ForecastRun.Scope.ORGANIZATION,
            status__in=FINISHED,
        )
        .order_by("-as_of", "-sequence", "-pk")
        .first()
    )


def backtest_report(*, organization: Organization) -> BacktestReport | None:
    """Backtest errors of the latest full run per product, category and model."""
    run = latest_full_run(organization=organization)
    if run is None:
        return None
    engine = run.config.get("engine") or {}
    score_days = int(engine.get("backtest_score_horizon_days") or REALISED_DAYS)
    rows = ProductForecast.objects.filter(organization=organization, run=run).values_list(
        "product__sku", "product__name", "product__category__name", "backtest_metrics"
    )
    items, by_model = [], defaultdict(list)
    for sku, name, category, table in rows:
        for model, values in (table or {}).items():
            days = int((values or {}).get("origins") or 1) * score_days
            result = accuracy.from_backtest(values or {}, days)
            by_model[model].append(result)
            if model == ENSEMBLE:
                items.append((sku, name, category or "", result))
    models = [
        Row(model, accuracy.pool(parts), len(parts))
        for model, parts in by_model.items()
    ]
    models.sort(key=lambda r: (r.label != ENSEMBLE, r.accuracy.wape or 9e9))
    horizons = _horizon_rows(table for *_, table in rows)
    order = {row.label: i for i, row in enumerate(models)}
    horizons.sort(key=lambda r: order.get(r.label, len(order)))
    return BacktestReport(
        run.as_of, run.pk, _breakdown(items), models, horizons,
        seconds=(run.timings or {}).get("total"), products=run.product_count,
    )  # fmt: skip


def _horizon_rows(tables: Iterable[dict]) -> list[HorizonRow]:
    """Per model, WAPE per horizon bucket pooled by volume (Σ wape·actual / Σ actual)."""
    sums: dict[str, list[list[float]]] = {}
    for table in tables:
        for model, values in (table or {}).items():
            parts = sums.setdefault(model, [[0.0, 0.0] for _ in HORIZON_BUCKETS])
            for i, (first, last) in enumerate(HORIZON_BUCKETS):
                wape = (values or {}).get(f"h{first}_{last}_wape")
                actual = (values or {}).get(f"h{first}_{last}_actual")
                if wape is not None and actual:
                    parts[i][0] += float(wape) * float(actual)
                    parts[i][1] += float(actual)
    rows = [
        HorizonRow(model, [err / act if act > 0 else None for err, act in parts])
        for model, parts in sums.items()
    ]
    return [row for row in rows if any(w is not None for w in row.wape)]


