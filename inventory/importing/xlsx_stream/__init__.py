"""A lean, streaming .xlsx reader (expat), several times faster than openpyxl's.

Why not openpyxl's read-only mode: it parses each sheet a second time just to
look for a <dimension> (the whole sheet when there is none), and its per-cell
objects cost most of an upload's parse time (profile in bench/README.md). This
reader feeds the sheet XML to expat in 64 KB chunks and yields rows as they
close, so a row cap stops reading at the first row past it and memory stays
flat whatever the sheet's size.

Safety: DOCTYPEs, entity declarations and external entities are refused
(what defusedxml does), a cell's text is refused past `max_cell_chars` while
it is being read (a 190 MB cell never reaches memory), and the shared-string
table (which must be held in memory) is refused before loading when its
unpacked size exceeds `max_shared_strings_bytes`.

Modules: `safe_xml` (hardened parsers, errors), `workbook` (the archive's parts),
`cells` (rows and cell values).
"""
from .safe_xml import BudgetExceeded, CellTooLarge, UnsafeXml
from .workbook import Workbook

__all__ = ["BudgetExceeded", "CellTooLarge", "UnsafeXml", "Workbook"]
