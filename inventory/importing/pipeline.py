"""`parse_upload`: file in, validated `ParsedUpload` out (nothing is written)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from .files import Limits, Sheet, Source, Table, UploadRefused, open_upload
from .headers import HeaderMatch, apply_override, find_header
from .messages import field_label, msg
from .resolve import Resolver
from .results import OUTBOUND, ParsedUpload, Problem
from .rows import RowOptions, RowParser
from .synonyms import CODE_FIELDS, QUANTITY_FIELDS

BLANK_ROW_MARGIN = 1_000  # blank rows tolerated past the row cap


@dataclass(frozen=True)
class ParseOptions:
    """How to read one upload; every field has a safe default."""

    limits: Limits = field(default_factory=Limits)
    default_date: dt.date | None = None  # for rows (or files) without a date
    quantity_kind: str = OUTBOUND  # meaning of a plain "quantity" column
    channel: str = ""  # channel name when the file has no channel column
    # Field → column index, header text or None (unmap); remembered per signature.
    mapping_override: Mapping[str, int | str | None] | None = None
    sheet_name: str | None = None  # default: the sheet with the best header
    today: dt.date | None = None  # the organization's today: later dates refused
    earliest: dt.date | None = None  # first day of the ledger (far earlier warns)
    # Signature → a remembered mapping (or None); used without mapping_override,
    # so the file is opened once even when the organization remembers one.
    remembered: Callable[[str], Mapping[str, int | str | None] | None] | None = None


def parse_upload(
    source: Source, filename: str, resolver: Resolver,
    options: ParseOptions | None = None,
) -> ParsedUpload:
    """Check, read and validate an upload; raise `UploadRefused` for bad files."""
    options = options or ParseOptions()
    with open_upload(source, filename, options.limits) as table:
        sheet, header = choose_sheet(table, options)
        upload = _empty_upload(table, sheet, header)
        override = options.mapping_override
        if override is None and options.remembered is not None:
            override = options.remembered(header.signature)
        if override:
            _override(upload, header, override)
        _check_mapping(upload, options)
        if upload.needs_mapping:
            return upload
        row_options = RowOptions(
            default_date=options.default_date,
            quantity_kind=options.quantity_kind,
            channel=options.channel,
            today=options.today,
            earliest=options.earliest,
        )
        parser = RowParser(header, upload, resolver, row_options)
        _stream(sheet, header, parser, options.limits)
        if upload.data_rows == 0:
            raise UploadRefused(msg("no_data_rows"))
        return parser.finish()


def choose_sheet(table: Table, options: ParseOptions) -> tuple[Sheet, HeaderMatch]:
    """The visible sheet whose header row names the most fields (first one on
    ties); a hidden sheet (old data, lookup lists) only when asked for by name."""
    limits = options.limits
    visible = [sheet for sheet in table.sheets if not sheet.hidden] or table.sheets
    sheets = visible[: limits.max_sheets_scanned]
    if options.sheet_name is not None:
        sheets = [s for s in table.sheets if s.name == options.sheet_name] or sheets
    best: tuple[Sheet, HeaderMatch] | None = None
    seen_content = False
    one_column: str | None = None  # a CSV split by none of the separators
    for sheet in sheets:
        with closing(sheet.open_rows(None)) as rows:
            top = list(islice(rows, limits.header_scan_rows))
        seen_content = seen_content or any(_has_content(r.values) for r in top)
        filled = [r.values for r in top if _has_content(r.values)]
        if table.kind == "csv" and filled and all(len(v) == 1 for v in filled):
            one_column = str(filled[0][0])
        header = find_header(top)
        if header and (best is None or header.score > best[1].score):
            best = (sheet, header)
    if best is None:
        if not seen_content:
            raise UploadRefused(msg("empty_file"))
        if one_column is not None:
            line = one_column if len(one_column) <= 80 else one_column[:80] + "…"
            raise UploadRefused(msg("no_header_row_one_column", line=line))
        raise UploadRefused(msg("no_header_row", scan_rows=limits.header_scan_rows))
    return best


def _empty_upload(table: Table, sheet: Sheet, header: HeaderMatch) -> ParsedUpload:
    return ParsedUpload(
        format=header.format,
        encoding=table.encoding,
        sheet=sheet.name,
        header_row=header.row,
        headers=header.headers,
        mapping=header.mapping,
        signature=header.signature,
    )


def _override(
    upload: ParsedUpload, header: HeaderMatch,
    override: Mapping[str, int | str | None],
) -> None:
    mapping, problems = apply_override(header.mapping, header.headers, override)
    header.mapping = upload.mapping = mapping
    upload.problems += [Problem.of(problem) for problem in problems]
    if problems:
        upload.needs_mapping = True


def _check_mapping(upload: ParsedUpload, options: ParseOptions) -> None:
    """Required: a product code, a quantity and (without a default) a date."""
    mapping = upload.mapping
    missing = []
    if not any(name in mapping for name in CODE_FIELDS):
        missing.append(msg("missing_code_column"))
    if not any(name in mapping for name in QUANTITY_FIELDS):
        missing.append(msg("missing_quantity_column"))
    if "date" not in mapping and options.default_date is None:
        missing.append(msg("missing_column", field=field_label("date")))
    upload.problems += [Problem.of(message) for message in missing]
    upload.needs_mapping = upload.needs_mapping or bool(missing)


def _stream(
    sheet: Sheet, header: HeaderMatch, parser: RowParser, limits: Limits
) -> None:
    """Feed data rows to the parser, refusing the file past the row cap."""
    upload = parser.upload
    pending_empty = 0  # empty rows only count when data follows them
    # Columns right of the last mapped one are never read.
    width = 1 + max([column.index for column in header.mapping.columns.values()]
                    + parser.read_columns)
    with closing(sheet.open_rows(width)) as rows:
        for raw in _after(rows, header.row):
            # Blank rows count too (up to a margin): a sheet of a million
            # formatted-but-empty rows is refused as early as a full one.
            if raw.number - header.row > limits.max_rows + BLANK_ROW_MARGIN:
                raise UploadRefused(msg("too_many_rows", limit=f"{limits.max_rows:,}"))
            if not _has_content(raw.values):
                pending_empty += 1
                continue
            if pending_empty:
                upload.skipped_counts["empty"] += pending_empty
                pending_empty = 0
            upload.data_rows += 1
            if upload.data_rows > limits.max_rows:
                raise UploadRefused(msg("too_many_rows", limit=f"{limits.max_rows:,}"))
            parser.feed(raw)


def _after(rows: Iterator[Any], header_row: int) -> Iterator[Any]:
    for raw in rows:
        if raw.number > header_row:
            yield raw


def _has_content(values: tuple[Any, ...]) -> bool:
    return any(
        value is not None and (not isinstance(value, str) or value.strip())
        for value in values
    )
