"""Issued forecasts against what sold (reads only).

A run's forecast "matures" once the REALISED_DAYS days after its as-of date
have all passed; its realised errors then never change unless the ledger or
the overrides do, so the realised report is cached under a key that includes
both versions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.utils import timezone

from accounts.models import Organization
from forecasting import accuracy
from forecasting.adjustments import Adjustment, adjusted_point
from forecasting.models import ForecastOverride, ForecastRun, ProductForecast
from forecasting.selectors import adjustment_of
from inventory.models import Product, StockMovement

from ..history import PauseRow, daily_demand, pause_rows, unknown_demand_days
from .backtest import (
    CACHE_SECONDS,
    FINISHED,
    MAX_RUNS,
    REALISED_DAYS,
    SCALE_DAYS,
    Breakdown,
    RealisedReport,
    RunAccuracy,
    ValueAddedRow,
    _breakdown,
)


def last_complete_day() -> dt.date:
    """Yesterday in the business time zone: the last day whose sales are in."""
    return timezone.localdate() - dt.timedelta(days=1)


def matured_runs(
    *, organization: Organization, today_complete: dt.date, limit: int = MAX_RUNS
) -> list[ForecastRun]:
    """Full finished runs whose first REALISED_DAYS forecast days have passed.

    One run per as-of date (the latest sequence), newest first.
    """
    runs = ForecastRun.objects.filter(
        organization=organization,
        scope=ForecastRun.Scope.ORGANIZATION,
        status__in=FINISHED,
        as_of__lte=today_complete - dt.timedelta(days=REALISED_DAYS),
    ).order_by("-as_of", "-sequence", "-pk").only(
        "pk", "as_of", "sequence", "created_at", "summary"
    )
    chosen: dict[dt.date, ForecastRun] = {}
    for run in runs[: limit * 3]:
        chosen.setdefault(run.as_of, run)
    return list(chosen.values())[:limit]


def _versions(organization: Organization) -> tuple:
    """What the realised errors depend on besides the runs (2 small queries);
    the third part is the organization's last recorded sales day."""
    ledger = StockMovement.objects.filter(organization=organization).aggregate(
        last=Max("pk"), count=Count("pk"),
        last_sale=Max("business_date", filter=Q(kind=StockMovement.Kind.OUTBOUND)),
    )
    overrides = ForecastOverride.history.filter(
        organization_id=organization.pk
    ).aggregate(last=Max("history_id"), count=Count("history_id"))
    return (ledger["last"], ledger["count"], ledger["last_sale"], overrides["last"],
            overrides["count"])


def realised_report(
    *, organization: Organization, today_complete: dt.date | None = None
) -> RealisedReport:
    """Errors of the forecasts issued by matured runs against realised sales."""
    today_complete = today_complete or last_complete_day()
    runs = matured_runs(organization=organization, today_complete=today_complete)
    if not runs:
        return RealisedReport(REALISED_DAYS, today_complete)
    # Sales pauses make days unknown demand (stock-outs come with the ledger).
    pauses = pause_rows(organization=organization)
    versions = _versions(organization)
    key = "reports:accuracy:{}:{}:{}:{}".format(
        organization.pk,
        ",".join(f"{r.pk}@{r.created_at.timestamp()}" for r in runs),
        ":".join(str(v) for v in versions),
        hashlib.sha256(repr(pauses).encode()).hexdigest()[:16],
    )
    report = cache.get(key)
    if report is None:
        report = _compute_realised(
            organization, runs, today_complete, pauses, last_sale=versions[2]
        )
        cache.set(key, report, CACHE_SECONDS)
    return report


def _compute_realised(
    organization: Organization,
    runs: list[ForecastRun],
    today_complete: dt.date,
    pauses: list[PauseRow],
    *,
    last_sale: dt.date | None,
) -> RealisedReport:
    rows = list(
        ProductForecast.objects.filter(
            organization=organization, run_id__in=[r.pk for r in runs]
        ).values_list(
            "run_id", "product_id", "product__sku", "product__name",
            "product__category__name", "daily", "product__category_id",
        )
    )
    forecasts = [row[:6] for row in rows]
    # Unsaved stand-ins: the pause test reads only the id and the category.
    products = {row[1]: Product(pk=row[1], category_id=row[6]) for row in rows}
    product_ids = sorted(products)
    first = min(r.as_of for r in runs) - dt.timedelta(days=SCALE_DAYS - 1)
    last = max(r.as_of for r in runs) + dt.timedelta(days=REALISED_DAYS)
    sold = daily_demand(
        organization=organization, product_ids=product_ids, date_from=first, date_to=last
    )
    # Stock-out and paused days are unknown demand, not zero, as in training.
    unknown = unknown_demand_days(
        organization=organization, products=list(products.values()), pauses=pauses,
        last_sale=last_sale, date_from=first, date_to=last,
    )
    overrides = _overrides_at(organization, runs)
    by_run: dict[int, list] = defaultdict(list)
    for row in forecasts:
        by_run[row[0]].append(row)
    results = []
    latest: Breakdown | None = None
    va_rows: list[ValueAddedRow] = []
    for run in runs:  # newest first
        breakdown, overridden = _run_errors(
            run, by_run[run.pk], sold, unknown, overrides[run.pk]
        )
        if latest is None:
            latest, va_rows = breakdown, _value_added_rows(overridden)
        results.append(
            RunAccuracy(
                run.pk,
                run.as_of,
                breakdown.overall,
                (run.summary or {}).get("median_backtest_wape"),
                accuracy.value_added((a, m, e) for _, _, a, m, e in overridden),
            )
        )
    return RealisedReport(REALISED_DAYS, today_complete, results, latest, va_rows)


def _run_errors(
    run: ForecastRun,
    forecasts: list[tuple],
    sold: dict[int, dict[dt.date, float]],
    unknown: dict[int, set[dt.date]],
    overrides: dict[int, list[Adjustment]],
) -> tuple[Breakdown, list[tuple]]:
    """One run's errors by product, and its overridden products' three paths."""
    items, overridden = [], []
    for _run_id, product_id, sku, name, category, daily in forecasts:
        sales = sold.get(product_id, {})
        skip = unknown.get(product_id, set())
        path = _path(run.as_of, daily)
        actual = _actual(sales, run.as_of, REALISED_DAYS, skip)
        before = _actual(
            sales, run.as_of - dt.timedelta(days=SCALE_DAYS), SCALE_DAYS, skip
        )
        scale = accuracy.seasonal_naive_scale(before)
        items.append(
            (sku, name, category or "", accuracy.series_accuracy(actual, path, scale))
        )
        if overrides.get(product_id):
            dates = [run.as_of + dt.timedelta(days=i + 1) for i in range(len(path))]
            effective = adjusted_point(dates, np.asarray(path), overrides[product_id])
            overridden.append((sku, name, actual, path, list(effective)))
    return _breakdown(items), overridden


def _value_added_rows(overridden: list) -> list[ValueAddedRow]:
    """Model vs overridden errors of each overridden product, biggest gain first."""
    rows = [
        ValueAddedRow(sku, name, accuracy.value_added([(actual, model, effective)]))
        for sku, name, actual, model, effective in overridden
    ]
    rows.sort(key=lambda r: -(r.value_added.wape_gain or 0.0))
    return rows


def _path(as_of: dt.date, daily: list[dict]) -> list[float]:
    """The first REALISED_DAYS daily points of a stored forecast, by date."""
    points = {row["date"]: float(row.get("point", 0.0)) for row in daily or []}
    return [
        points.get((as_of + dt.timedelta(days=i + 1)).isoformat(), np.nan)
        for i in range(REALISED_DAYS)
    ]


def _actual(
    days: dict[dt.date, float],
    as_of: dt.date,
    count: int,
    unknown: set[dt.date] = frozenset(),
) -> list[float]:
    """Units sold on each of the `count` days after `as_of` (0 when none; NaN on
    a day of unknown demand, which the metrics skip)."""
    result = []
    for i in range(count):
        day = as_of + dt.timedelta(days=i + 1)
        result.append(np.nan if day in unknown else max(float(days.get(day, 0.0)), 0.0))
    return result


def _overrides_at(
    organization: Organization, runs: list[ForecastRun]
) -> dict[int, dict[int, list[Adjustment]]]:
    """Per run and product, the overrides active when the run was created.

    Replays the override history (one query): the state of each override at a
    moment is its last historical record before it.
    """
    records = list(
        ForecastOverride.history.filter(
            organization_id=organization.pk,
            history_date__lte=max(r.created_at for r in runs),
        ).order_by("history_date", "history_id")
    )
    result: dict[int, dict[int, list[Adjustment]]] = {}
    for run in runs:
        state: dict[int, object] = {}
        for record in records:
            if record.history_date > run.created_at:
                break
            if record.history_type == "-":
                state.pop(record.id, None)
            else:
                state[record.id] = record
        issued_on = timezone.localtime(run.created_at).date()
        active: dict[int, list] = defaultdict(list)
        for record in sorted(state.values(), key=lambda r: (r.created_at, r.id)):
            if record.is_active and not (
                record.expires_on and record.expires_on < issued_on
            ):
                active[record.product_id].append(adjustment_of(record))
        result[run.pk] = active
    return result
