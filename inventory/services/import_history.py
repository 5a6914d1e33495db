"""Historical import: a year or more of daily movements through the bulk path.

The file is read and validated by the same pure pipeline as uploads (nothing is
written when any row is wrong); the movements are then inserted with
`movements_bulk_import` (one executemany per chunk), which sets the on-hand
caches from the ledger in the same transaction, so cache == ledger sum holds.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from inventory.importing import (
    INBOUND,
    OUTBOUND,
    STOCK_COUNT,
    Limits,
    ParsedRow,
    ParseOptions,
    UploadRefused,
    parse_upload,
)
from inventory.models import Product, SetComponent, StockMovement
from inventory.services.import_preview import message_dict, message_text
from inventory.services.imports import OrganizationResolver
from inventory.services.integrity import movements_bulk_import

HISTORY_LIMITS = Limits(max_bytes=2 * 1024**3, max_rows=10_000_000)
MAX_PROBLEMS_REPORTED = 50


class HistoryImportError(ValidationError):
    """The file cannot be imported; `problems` lists why (nothing was written)."""


@dataclass
class HistoryResult:
    rows: int = 0
    movements: int = 0
    products: int = 0
    first_day: dt.date | None = None
    last_day: dt.date | None = None


def history_import(
    *,
    organization: Organization,
    path: Path,
    user: User | None = None,
    quantity_kind: str = OUTBOUND,
    channel: str = "",
    wrap: Callable[[Iterator[StockMovement], int], Iterator[StockMovement]]
    | None = None,
) -> HistoryResult:
    """Validate the whole file, then bulk-insert its movements (all or nothing)."""
    data = Path(path).read_bytes()
    source_ref = "history:" + hashlib.sha256(data).hexdigest()[:16]
    if StockMovement.objects.filter(
        organization=organization, source=StockMovement.Source.IMPORT,
        source_ref=source_ref,
    ).exists():
        raise HistoryImportError(_("This file was already imported."))
    resolver = OrganizationResolver(organization, None)
    options = ParseOptions(limits=HISTORY_LIMITS, quantity_kind=quantity_kind,
                           channel=channel)
    try:
        parsed = parse_upload(data, Path(path).name, resolver, options)
    except UploadRefused as refused:
        raise HistoryImportError(message_text(message_dict(refused.message))) from None
    _check(parsed.ok, parsed.problems, parsed.rows)
    components = _components(organization)
    movements = _movements(organization, parsed.rows, components, resolver,
                           user, source_ref)
    count = len(parsed.rows) + sum(
        len(components.get(row.product_key, [])) - 1
        for row in parsed.rows if row.product_key in components
    )
    if wrap is not None:
        movements = wrap(movements, count)
    written = movements_bulk_import(organization=organization, movements=movements)
    first, last = parsed.date_range or (None, None)
    return HistoryResult(rows=len({row.row for row in parsed.rows}), movements=written,
                         products=len(parsed.totals), first_day=first, last_day=last)


def _check(ok: bool, problems, rows: list[ParsedRow]) -> None:
    messages = [
        _("Row %(row)s: %(message)s") % {"row": p.row, "message": message_text(
            message_dict(p))} if p.row else message_text(message_dict(p))
        for p in problems if p.severity == "error"
    ][:MAX_PROBLEMS_REPORTED]
    for row in rows:
        if len(messages) >= MAX_PROBLEMS_REPORTED:
            break
        if row.kind == STOCK_COUNT:
            messages.append(_("Row %(row)s: stock counts cannot be imported as "
                              "history; upload them in the app.") % {"row": row.row})
        elif row.lot:
            messages.append(_("Row %(row)s: lots cannot be imported as history; "
                              "upload them in the app.") % {"row": row.row})
    if messages or not ok:
        raise HistoryImportError(messages or [_("The file cannot be imported.")])


def _components(organization: Organization) -> dict[int, list[tuple[int, int]]]:
    parts: dict[int, list[tuple[int, int]]] = {}
    for set_id, component_id, quantity in SetComponent.objects.filter(
        organization=organization
    ).values_list("set_product_id", "component_id", "quantity"):
        parts.setdefault(set_id, []).append((component_id, quantity))
    return parts


def _movements(
    organization: Organization, rows: list[ParsedRow],
    components: dict[int, list[tuple[int, int]]], resolver: OrganizationResolver,
    user: User | None, source_ref: str,
) -> Iterator[dict]:
    """Ledger rows to insert, as field dicts (movements_bulk_import: building
    a model instance per row cost more than the insert); a set's movement
    becomes its components' movements."""
    sets = set(Product.objects.filter(organization=organization,
                                      kind=Product.Kind.SET).values_list("pk", flat=True))
    channel_ids: dict[str, int | None] = {}
    source = str(StockMovement.Source.IMPORT)
    created_by_id = user.pk if user else None
    for row in rows:
        if row.channel not in channel_ids:
            found = resolver.directory.get(row.channel)
            channel_ids[row.channel] = found.pk if found else None
        sign = 1 if row.kind == INBOUND else -1
        if row.product_key in sets:
            parts = components.get(row.product_key)
            if not parts:
                raise HistoryImportError(_("Row %(row)s: set %(sku)s has no components.")
                                         % {"row": row.row, "sku": row.sku})
        else:
            parts = [(row.product_key, 1)]
        set_product_id = row.product_key if row.product_key in sets else None
        for product_id, per_set in parts:
            yield {
                "organization_id": organization.pk, "product_id": product_id,
                "business_date": row.date, "quantity": sign * row.quantity * per_set,
                "kind": row.kind, "channel_id": channel_ids[row.channel],
                "source": source, "source_ref": source_ref,
                "set_product_id": set_product_id, "created_by_id": created_by_id,
                "note": row.note[:500],
            }
