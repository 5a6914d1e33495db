"""Start a forecast run: the run row (one a day unless forced) and its chunks.

A run left unfinished by a lost worker is resumed here: its chunks are handed
out again (the products already written are skipped by the chunk step).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import Organization
from forecasting.models import ForecastRun
from forecasting.selectors.model_choice import model_choice
from inventory.selectors import last_sales_day

from .. import results
from ..history import forecastable_products, history_days

logger = logging.getLogger(__package__)  # the name before the split

# Products per chunk. The global model's training rows are capped (200,000), so
# up to ~280 products a chunk costs the same per product and above that each
# chunk costs about the same: 500 halves its cost per product against 100
# (bench/README.md "Scale"), keeps one process near 600 MB, and is the whole
# product set for most sellers, as in the accuracy suite.
DEFAULT_CHUNK_SIZE = 500
# An unfinished run older than this lost its worker: a new delivery resumes it.
STALE_AFTER = dt.timedelta(hours=1)


@dataclass(frozen=True)
class RunStart:
    """A run and the product chunks still to forecast (none: nothing to do)."""

    run: ForecastRun
    created: bool
    chunks: list[list[int]] = field(default_factory=list)


def default_as_of() -> dt.date:
    """Yesterday in the business time zone: the last complete day of sales."""
    return timezone.localdate() - dt.timedelta(days=1)


def chunk_size() -> int:
    """Products per chunk (setting FORECAST_CHUNK_SIZE, default 500); ≥ 100 is stable."""
    return int(getattr(settings, "FORECAST_CHUNK_SIZE", DEFAULT_CHUNK_SIZE))


def _chunks(ids: list[int], size: int) -> list[list[int]]:
    """Even chunks of at least `size` products (the engine picks its ensemble
    across a chunk's products: a small last chunk would be less stable)."""
    if not ids:
        return []
    count = max(1, len(ids) // size)
    base, extra = divmod(len(ids), count)
    chunks, start = [], 0
    for index in range(count):
        end = start + base + (1 if index < extra else 0)
        chunks.append(ids[start:end])
        start = end
    return chunks


def _is_stale(run: ForecastRun) -> bool:
    return run.created_at < timezone.now() - STALE_AFTER


def _next_sequence(organization: Organization, as_of: dt.date) -> int:
    latest = ForecastRun.objects.filter(
        organization=organization, as_of=as_of
    ).aggregate(latest=Max("sequence"))["latest"]
    return 0 if latest is None else latest + 1


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _run_create(
    *,
    organization: Organization,
    as_of: dt.date,
    forced: bool,
    scope: str,
    product_ids: list[int],
    user=None,
) -> ForecastRun:
    chosen = model_choice(organization=organization)
    config = results.engine_config(**({"models": chosen} if chosen else {}))
    size = chunk_size()
    recorded = {
        "engine": results.config_as_json(config),
        # The organization's model choice (settings screen) or the default set.
        "models_source": "organization" if chosen else "default",
        "chunk_size": size,
        "history_days": history_days(),
        # Later days have no outbound on any product yet: unknown demand.
        "sales_data_end": _iso(last_sales_day(organization=organization)),
    }
    sequence = _next_sequence(organization, as_of) if forced else 0
    with transaction.atomic():
        return ForecastRun.objects.create(
            organization=organization,
            as_of=as_of,
            sequence=sequence,
            forced=forced,
            scope=scope,
            product_count=len(product_ids),
            chunk_count=len(_chunks(product_ids, size)),
            config=recorded,
            library_versions=results.library_versions(),
            git_revision=results.git_revision(),
            created_by=user,
        )


def forecast_run_start(
    *,
    organization: Organization,
    as_of: dt.date | None = None,
    force: bool = False,
    product_ids: Iterable[int] | None = None,
    user=None,
) -> RunStart:
    """Create the run of `as_of`, or return the existing one (one a day unless forced).

    An unfinished run left by a lost worker is resumed: its chunks are handed
    out again and the products already written are skipped.
    """
    as_of = as_of or default_as_of()
    scope = ForecastRun.Scope.ORGANIZATION
    if product_ids is not None:
        scope, force = ForecastRun.Scope.PRODUCT, True  # a targeted rerun is new
    products = forecastable_products(organization=organization, product_ids=product_ids)
    ids = [product.pk for product in products]
    if not force:
        existing = ForecastRun.objects.filter(
            organization=organization, as_of=as_of, sequence=0
        ).first()
        if existing is not None:
            return _resume(existing, ids)
    for _attempt in range(3):
        try:
            run = _run_create(
                organization=organization,
                as_of=as_of,
                forced=force,
                scope=scope,
                product_ids=ids,
                user=user,
            )
        except IntegrityError:
            if not force:  # another worker created today's run first
                existing = ForecastRun.objects.get(
                    organization=organization, as_of=as_of, sequence=0
                )
                return RunStart(existing, created=False)
            continue  # a concurrent forced run took the sequence number
        return RunStart(run, created=True, chunks=_chunks(ids, chunk_size()))
    raise RuntimeError("could not allocate a forecast run sequence number")


def _resume(run: ForecastRun, ids: list[int]) -> RunStart:
    if run.is_finished or not _is_stale(run):
        return RunStart(run, created=False)
    logger.warning("Resuming stale forecast run %s", run.pk)
    chunks = _chunks(ids, chunk_size())
    ForecastRun.objects.filter(pk=run.pk).update(
        chunks_done=[], chunk_count=len(chunks)
    )
    run.refresh_from_db()
    return RunStart(run, created=False, chunks=chunks)
