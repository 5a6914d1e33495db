"""The order lines of an upload's preview: which are already recorded or older
news (skipped), which changed since (corrected), and the totals applying
writes. Planned again whenever the ledger moved since the preview."""
from __future__ import annotations

import copy
from typing import Any

from inventory.importing.messages import msg
from inventory.services.import_preview import (
    MAX_PROBLEMS_SHOWN,
    MAX_SKIPPED_SHOWN,
    iso_day,
    message_dict,
)

# What order_lines_preview changes, kept as the parse left it so that the
# preview can be planned again when the ledger moved (another upload or channel
# sync recorded some of the lines, or a revert gave them back).
LINE_BASE_KEYS = ("skipped_counts", "skipped_total", "warning_count",
                  "problem_count", "rows_applied_from", "rows_to_apply", "totals")


CHANGE_CODES = ("line_changed", "amount_corrected", "amount_added")
# Skips the order-line plan adds (recomputed on every refresh).
PLAN_SKIP_CODES = ("already_recorded", "older_export")


def _restore_base(result: dict[str, Any]) -> None:
    base = result.get("lines_base")
    if base is None:
        result["lines_base"] = copy.deepcopy(
            {key: result.get(key) for key in LINE_BASE_KEYS})
        return
    result.update(copy.deepcopy(base))
    result["skipped"] = [s for s in result.get("skipped", [])
                         if s.get("code") not in PLAN_SKIP_CODES]
    result["problems"] = [p for p in result.get("problems", [])
                          if p.get("code") not in CHANGE_CODES]


def order_lines_preview(
    organization, result: dict[str, Any], stored: list[list[Any]]
) -> int:
    """Add to the preview which order lines are already recorded (skipped) or
    changed since (corrected); returns how many stored rows will write.

    Can run again on the same result: it starts from what the parse gave."""
    from inventory.selectors import ledger_last_movement_id
    from inventory.services.import_apply import stored_rows_of
    from inventory.services.order_lines import (
        CHANGED,
        OLDER,
        UNCHANGED,
        order_lines_plan,
    )

    items = stored_rows_of(organization, stored)
    lines = [(row, item) for row, item in items if hasattr(item, "key")]
    writes = len(items) - len(lines)
    if not lines:
        return writes
    _restore_base(result)
    # Read before the plan: anything recorded after it makes the preview stale.
    result["ledger_seen"] = ledger_last_movement_id(organization=organization)
    rows_of = {}
    for row, line in lines:
        rows_of[(line.scope, line.key)] = row
    plan = order_lines_plan(organization=organization,
                            lines=[line for _row, line in lines])
    recorded, changed, older = [], [], []
    writing_rows = {row for row, item in items if not hasattr(item, "key")}
    for planned in plan.lines:
        row = rows_of[(planned.line.scope, planned.line.key)]
        if planned.state == UNCHANGED and planned.line.quantity:
            recorded.append((row, planned))
        elif planned.state == CHANGED:
            changed.append((row, planned))
        elif planned.state == OLDER:
            older.append((row, planned))
        if planned.writes:
            writes += 1
            writing_rows.add(row)
    result["rows_applied_from"] = len(writing_rows)
    _add_skips(result, recorded, "already_recorded")
    _add_skips(result, older, "older_export")
    _add_changes(result, changed)
    _adjust_totals(result, recorded + older, changed)
    result["order_lines"] = {**plan.counts(), "already_recorded": len(recorded),
                             "older": len(older),
                             "amount_changed": len(plan.amount_changed)}
    result["rows_to_apply"] = writes
    return writes


def _adjust_totals(result: dict[str, Any], recorded: list, changed: list) -> None:
    """Per-product totals of what applying writes: a recorded line adds nothing,
    a changed one only its difference (negative: units given back)."""
    by_product = {item["product_id"]: item for item in result.get("totals", [])}
    touched = set()
    taken_before = [(planned, planned.line.quantity) for _row, planned in recorded]
    taken_before += [(planned, planned.recorded or 0) for _row, planned in changed]
    for planned, units in taken_before:
        product = planned.line.product
        item = by_product.get(product.pk)
        if item is None:
            item = by_product[product.pk] = {
                "product_id": product.pk, "sku": product.sku, "name": product.name,
                "inbound": 0, "outbound": 0, "stock_count": None}
        item["outbound"] -= units
        touched.add(product.pk)
    totals = [item for pk, item in by_product.items() if pk not in touched
              or item["inbound"] or item["outbound"] or item["stock_count"] is not None]
    result["totals"] = sorted(totals, key=lambda item: item["sku"])


def _add_skips(result: dict[str, Any], lines: list, reason: str) -> None:
    """Order lines applying leaves alone: already recorded, or older news."""
    if not lines:
        return
    counts = result.setdefault("skipped_counts", {})
    counts[reason] = counts.get(reason, 0) + len(lines)
    result["skipped_total"] = result.get("skipped_total", 0) + len(lines)
    skipped = result.setdefault("skipped", [])
    for row, planned in sorted(lines, key=lambda item: item[0]):
        if len(skipped) >= MAX_SKIPPED_SHOWN:
            break
        message = _skip_message(planned, reason)
        skipped.append({"row": row, "reason": reason,
                        "message": message.message, "params": dict(message.params),
                        "code": reason})
    skipped.sort(key=lambda item: item["row"])


def _skip_message(planned, reason: str):
    line = planned.line
    if reason == "older_export":
        return msg("skip_older_export", ref=line.key, recorded=planned.recorded or 0,
                   quantity=line.quantity,
                   recorded_on=iso_day(planned.recorded_seen_on) or "",
                   seen_on=iso_day(line.seen_on) or "")
    return msg("skip_already_recorded", ref=line.key)


def _add_changes(result: dict[str, Any], changed: list) -> None:
    problems = result.setdefault("problems", [])
    for row, planned in sorted(changed, key=lambda item: item[0]):
        message = _change_message(planned)
        result["warning_count"] = result.get("warning_count", 0) + 1
        result["problem_count"] = result.get("problem_count", 0) + 1
        if len(problems) < MAX_PROBLEMS_SHOWN:
            problems.append({**message_dict(message), "row": row, "column": "",
                             "severity": "warning"})


def _change_message(planned):
    """What the correction of a changed line does: its units, or its amount."""
    line = planned.line
    if not planned.amount_changed:
        return msg("line_changed", ref=line.key, recorded=planned.recorded or 0,
                   quantity=line.quantity)
    amount = f"{line.amount:,}"
    if planned.recorded_amount is None:
        return msg("amount_added", ref=line.key, amount=amount,
                   quantity=line.quantity)
    return msg("amount_corrected", ref=line.key, amount=amount,
               recorded=f"{planned.recorded_amount:,}", quantity=line.quantity)
