"""Validate data rows one by one and collect movements, problems and skips.

A row with any error produces no movement (the upload as a whole is then not
applicable); problems carry the row number and the column header so the user
can fix the file. Cross-row rules (duplicates, Sabangnet set splits, totals)
run in `finish()` once every row has been seen.

Modules: `parser` (RowParser: one row at a time), `fields` (a row's date,
quantities, unit, amount), `codes` (product codes and line keys), `expiry`
(expiry lots), `finish` (cross-row rules), `context` (what they share).
"""
from .context import RowOptions
from .parser import RowParser

__all__ = ["RowOptions", "RowParser"]
