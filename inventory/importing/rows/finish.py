"""Cross-row rules of the row parser (a mixin of RowParser): Sabangnet set
splits, duplicate lines, cancelled lines, totals and the date range."""
from __future__ import annotations

from typing import Any

from ..messages import msg
from ..results import INBOUND, OUTBOUND, WARNING, ParsedUpload, Problem, ProductTotals

MAX_SUGGESTED_CODES = 200  # difflib is O(catalogue) per code


class FinishMixin:
    """`finish()` and its helpers; needs RowParser's attributes."""

    def finish(self) -> ParsedUpload:
        """Apply cross-row rules and fill in rows, totals and date range."""
        upload = self.upload
        line_ids = {c.line_id for c in self._candidates if c.line_id}
        first_seen: dict[str, int] = {}
        # A cancelled row of a line that also has a live row (Cafe24's T and F
        # rows of a partly refunded line) is only the refund: the live row counts.
        live = {c.ref for c in self._candidates if not _is_cancelled(c)}
        for candidate in self._candidates:
            if _is_cancelled(candidate) and candidate.ref in live:
                continue
            if candidate.parent and candidate.parent in line_ids:
                # Count the set line (exploded by our BOM later), not its parts.
                self._skip(candidate.row, "set_component",
                           msg("skip_set_component", parent=candidate.parent))
                continue
            if candidate.ref and candidate.ref in first_seen:
                self._duplicate(candidate, first_seen[candidate.ref])
                continue
            if candidate.ref:
                first_seen[candidate.ref] = candidate.row
            if _is_cancelled(candidate):
                upload.cancelled_lines += candidate.movements
            else:
                upload.rows += candidate.movements
        self._summarise()
        return upload

    def _duplicate(self, candidate: Any, first_row: int) -> None:
        message = msg("duplicate_line", ref=candidate.ref, first_row=first_row)
        self.upload.problems.append(
            Problem.of(message, row=candidate.row, severity=WARNING)
        )
        self._skip(candidate.row, "duplicate",
                   msg("skip_duplicate", first_row=first_row))

    def _summarise(self) -> None:
        upload = self.upload
        for movement in upload.rows:
            totals = upload.totals.setdefault(movement.product_key, ProductTotals())
            if movement.kind == INBOUND:
                totals.inbound += movement.quantity
            elif movement.kind == OUTBOUND:
                totals.outbound += movement.quantity
            else:
                totals.stock_count = movement.quantity
        days = [movement.date for movement in upload.rows]
        upload.date_range = (min(days), max(days)) if days else None
        for index, unknown in enumerate(self._unknown.values()):
            if index < MAX_SUGGESTED_CODES:
                unknown.suggestions = self.resolver.suggest(
                    unknown.code, unknown.product_name
                )
            upload.unknown_codes.append(unknown)
        if not upload.rows and not upload.errors:
            if upload.cancelled_lines:
                # Only the ledger knows whether these lines were recorded before.
                upload.problems.append(Problem.of(msg("only_cancellations"),
                                                  severity=WARNING))
            else:
                upload.problems.append(Problem.of(msg("nothing_to_import")))


def _is_cancelled(candidate: Any) -> bool:
    return any(movement.cancelled for movement in candidate.movements)
