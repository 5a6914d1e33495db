"""An upload's lots against the stored ones, and the lots its preview lists.

The pure pipeline gives each unit coming in with an expiry date a lot (the
named one, else the expiry day's); here, with the organization's lots at hand,
a row whose expiry date contradicts its lot's stored one becomes an error on
the expiry column, so the preview refuses what applying would refuse.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accounts.models import Organization
from inventory.importing import ParsedUpload, Problem
from inventory.importing.messages import msg
from inventory.importing.results import INBOUND
from inventory.importing.values import expiry_lot_code
from inventory.models import Lot, SetComponent

MAX_LOTS_SHOWN = 200


def upload_lot_problems(
    *, organization: Organization, parsed: ParsedUpload
) -> list[Problem]:
    """Errors for rows whose expiry date differs from their lot's stored one."""
    rows = [r for r in parsed.rows if r.kind == INBOUND and r.lot and r.expiry]
    if not rows:
        return []
    keys = {r.product_key for r in rows}
    parts: dict[Any, list[int]] = {}
    for set_id, component_id in SetComponent.objects.filter(
        organization=organization, set_product_id__in=keys
    ).values_list("set_product_id", "component_id"):
        parts.setdefault(set_id, []).append(component_id)
    product_ids = keys | {pk for ids in parts.values() for pk in ids}
    stored = {
        (product_id, code): (expiry, sku)
        for product_id, code, expiry, sku in Lot.objects.filter(
            organization=organization, product_id__in=product_ids,
            code__in={r.lot for r in rows},
        ).values_list("product_id", "code", "expiry_date", "product__sku")
    }
    column = _expiry_column(parsed)
    problems = []
    for row in rows:
        for product_id in parts.get(row.product_key, [row.product_key]):
            found = stored.get((product_id, row.lot))
            if found is None or found[0] == row.expiry:
                continue
            expiry, sku = found
            message = (msg("lot_expiry_missing", lot=row.lot, sku=sku,
                           value=row.expiry.isoformat()) if expiry is None else
                       msg("lot_expiry_conflict", lot=row.lot, sku=sku,
                           stored=expiry.isoformat(), value=row.expiry.isoformat()))
            problems.append(Problem.of(message, row=row.row, column=column))
            break
    return problems


def _expiry_column(parsed: ParsedUpload) -> str:
    column = parsed.mapping.get("expiry")
    return column.header if column else ""


def upload_lots(
    parsed: ParsedUpload, products: Mapping[Any, tuple[str, str]]
) -> list[dict[str, Any]]:
    """The lots the upload stocks in (per product and lot: units, rows), the
    ones made from an expiry date marked `from_expiry`."""
    lots: dict[tuple[Any, str], dict[str, Any]] = {}
    for row in parsed.rows:
        if row.kind != INBOUND or not row.lot:
            continue
        item = lots.setdefault((row.product_key, row.lot), {
            "sku": products.get(row.product_key, ("", ""))[0], "lot": row.lot,
            "expiry": row.expiry.isoformat() if row.expiry else None,
            "from_expiry": bool(row.expiry) and row.lot == expiry_lot_code(row.expiry),
            "quantity": 0, "rows": []})
        item["quantity"] += row.quantity
        if len(item["rows"]) < 20:
            item["rows"].append(row.row)
    return sorted(lots.values(), key=lambda i: (i["sku"], i["lot"]))[:MAX_LOTS_SHOWN]
