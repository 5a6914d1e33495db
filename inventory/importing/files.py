"""Accept or refuse an uploaded file, then stream its rows.

Everything that can be decided from the bytes alone happens here, before any
parser sees the file: extension, size, magic bytes, zip entry count and
unpacked size (zip bombs), macros, XML entity protection, text encoding. Rows
are then streamed (xlsx_stream: expat fed in chunks, rows yielded as they
close) so the caller can enforce its own row cap while reading; a cell past
Excel's 32,767 characters and a shared-string table past the memory budget
are refused without being loaded.
"""
from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any, NamedTuple, Self

import openpyxl
import openpyxl.xml
from defusedxml import DefusedXmlException

from .messages import Message, msg
from .xlsx_stream import BudgetExceeded, CellTooLarge, UnsafeXml, Workbook

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Other formats people rename, so the refusal can say what the file really is.
KNOWN_MAGIC = {
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"%PDF": "PDF document",
    b"PK\x05\x06": "empty zip archive",
    b"Rar!": "RAR archive",
    b"\x1f\x8b": "gzip archive",
}
ACCEPTED_EXTENSIONS = {".xlsx", ".csv"}
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Limits applied to every upload; the defaults suit a small seller."""

    max_bytes: int = 10 * MB
    max_rows: int = 20_000
    max_unpacked_bytes: int = 200 * MB
    max_zip_entries: int = 1_000
    max_columns: int = 200
    header_scan_rows: int = 30
    max_sheets_scanned: int = 20
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    # The shared-string table is held in memory: refuse a bigger one unread.
    max_shared_strings_bytes: int = 64 * MB


class UploadRefused(Exception):
    """The whole file is refused; `message` says why and what to do."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text())
        self.message = message

    @property
    def code(self) -> str:
        return self.message.code


class RawRow(NamedTuple):
    """One row as read: 1-based row number, cell values, formula column indexes."""

    number: int
    values: tuple[Any, ...]
    formulas: frozenset[int]


@dataclass
class Sheet:
    """A sheet (or the CSV itself) whose rows can be streamed more than once."""

    name: str
    # open_rows(width): rows cut (xlsx: padded) to `width` columns, or to the
    # limit when None. Narrow reads are faster: openpyxl pads every row.
    open_rows: Callable[[int | None], Iterator[RawRow]]
    hidden: bool = False  # hidden in Excel: read only when asked for by name


@dataclass
class Table:
    """An accepted upload: its kind, text encoding (CSV) and sheets."""

    kind: str  # "xlsx" or "csv"
    encoding: str
    sheets: list[Sheet]
    _close: Callable[[], None] = field(default=lambda: None, repr=False)

    def close(self) -> None:
        """Release the workbook's file handles."""
        self._close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


Source = bytes | str | os.PathLike[str] | IO[bytes]


def ensure_xml_protection() -> None:
    """Fail loudly if openpyxl runs without defusedxml (billion-laughs guard)."""
    if not openpyxl.xml.DEFUSEDXML:
        raise RuntimeError(
            "openpyxl is running without defusedxml: install defusedxml and do "
            "not set OPENPYXL_DEFUSEDXML=False."
        )


def open_upload(source: Source, filename: str, limits: Limits | None = None) -> Table:
    """Check the file and return a `Table` of streamable rows, or refuse it."""
    limits = limits or Limits()
    extension = check_extension(filename)
    data = read_limited(source, limits)
    if extension == ".csv":
        return open_csv(data, limits)
    return open_xlsx(data, limits)


def check_extension(filename: str) -> str:
    """Return the lower-case extension, refusing anything but .xlsx and .csv."""
    extension = PurePath(filename or "").suffix.lower()
    if extension == ".xls":
        raise UploadRefused(msg("legacy_xls"))
    if extension in {".xlsm", ".xltm", ".xlam"}:
        raise UploadRefused(msg("macro_workbook"))
    if extension == ".xlsb":
        raise UploadRefused(msg("binary_workbook"))
    if extension not in ACCEPTED_EXTENSIONS:
        raise UploadRefused(
            msg("unsupported_extension", extension=extension or "(none)")
        )
    return extension


def read_limited(source: Source, limits: Limits) -> bytes:
    """Read at most `max_bytes` (+1 to detect excess) from the source."""
    if isinstance(source, bytes):
        data = source[: limits.max_bytes + 1]
        size = len(source)
    elif isinstance(source, (str, os.PathLike)):
        size = os.path.getsize(source)
        if size > limits.max_bytes:
            raise _too_large(size, limits)
        with open(source, "rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    else:
        if source.seekable():  # Django may already have read the upload
            source.seek(0)
        data = source.read(limits.max_bytes + 1)
        size = len(data)
    if size > limits.max_bytes or len(data) > limits.max_bytes:
        raise _too_large(max(size, len(data)), limits)
    if not data:
        raise UploadRefused(msg("empty_file"))
    return data


def _too_large(size: int, limits: Limits) -> UploadRefused:
    return UploadRefused(
        msg(
            "file_too_large",
            size_mb=f"{size / MB:.1f}",
            limit_mb=f"{limits.max_bytes / MB:g}",
        )
    )


def _describe(data: bytes) -> str:
    """' (it looks like a PNG image)' for known magic bytes, else ''."""
    for magic, name in KNOWN_MAGIC.items():
        if data.startswith(magic):
            return f" ({name})"
    return ""


# --------------------------------------------------------------------------- xlsx


def open_xlsx(data: bytes, limits: Limits) -> Table:
    """Refuse unsafe or fake workbooks, then open the real ones read-only."""
    if data.startswith(OLE_MAGIC):
        raise UploadRefused(msg("ole_container"))
    if not data.startswith(ZIP_MAGIC):
        raise UploadRefused(msg("not_xlsx", detected=_describe(data)))
    check_zip(data, limits)
    ensure_xml_protection()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        book = Workbook(archive, max_cell_chars=limits.max_cell_chars,
                        max_shared_strings_bytes=limits.max_shared_strings_bytes)
    except Exception as error:  # a broken package raises many types
        raise _refusal(error, limits) from error
    sheets = [
        Sheet(name=name, open_rows=_row_reader(book, path, limits),
              hidden=name in book.hidden)
        for name, path in book.sheets
    ]
    if not sheets:
        archive.close()
        raise UploadRefused(msg("no_sheets"))
    return Table(kind="xlsx", encoding="", sheets=sheets, _close=archive.close)


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse zip bombs, macros and zips that are not spreadsheets."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        names = {info.filename.lower() for info in infos}
        unpacked = sum(info.file_size for info in infos)
        if len(infos) > limits.max_zip_entries or unpacked > limits.max_unpacked_bytes:
            raise UploadRefused(
                msg(
                    "zip_bomb",
                    size_mb=f"{unpacked / MB:.0f}",
                    entries=len(infos),
                    limit_mb=f"{limits.max_unpacked_bytes / MB:g}",
                    limit_entries=limits.max_zip_entries,
                )
            )
        if any(name.endswith("vbaproject.bin") for name in names):
            raise UploadRefused(msg("macro_workbook"))
        if "[content_types].xml" not in names:
            raise UploadRefused(msg("not_xlsx", detected=" (zip archive)"))
        content_types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as error:
        raise UploadRefused(msg("damaged_workbook")) from error
    if b"macroEnabled" in content_types:
        raise UploadRefused(msg("macro_workbook"))
    if b"spreadsheetml" not in content_types:
        raise UploadRefused(msg("not_xlsx", detected=" (another Office document)"))


def _row_reader(
    book: Workbook, path: str, limits: Limits
) -> Callable[[int | None], Iterator[RawRow]]:
    def open_rows(width: int | None = None) -> Iterator[RawRow]:
        # Rows are read as they close: the caller's row cap stops the read.
        # A cell in column XFD cannot make rows 16,384 cells wide: cut at width.
        width = min(width or limits.max_columns, limits.max_columns)
        try:
            for number, values, formulas in book.rows(
                path, width, max_row_elements=_max_row_elements(limits)
            ):
                while values and values[-1] is None:
                    values.pop()
                yield RawRow(number, tuple(values), frozenset(formulas))
        except GeneratorExit:
            raise
        except Exception as error:  # expat, zip and value errors alike
            raise _refusal(error, limits) from error

    return open_rows


def _max_row_elements(limits: Limits) -> int:
    """Rows past which a sheet is refused whatever they hold (data rows plus a
    header within the scanned rows and the blank-row margin), generously."""
    return limits.max_rows + limits.header_scan_rows + 2 * 1_000


def _refusal(error: BaseException, limits: Limits | None = None) -> UploadRefused:
    """What a failure while reading a workbook means for the user."""
    seen: BaseException | None = error
    for _depth in range(10):
        if seen is None:
            break
        if isinstance(seen, UploadRefused):
            return seen
        if isinstance(seen, (DefusedXmlException, UnsafeXml)):
            return UploadRefused(msg("unsafe_xml"))
        if isinstance(seen, CellTooLarge):
            if seen.row:
                return UploadRefused(msg("cell_too_large", row=seen.row,
                                         column=seen.column, limit=f"{seen.limit:,}"))
            return UploadRefused(msg("cell_too_large_table", limit=f"{seen.limit:,}"))
        if isinstance(seen, BudgetExceeded):
            return UploadRefused(msg(
                "xlsx_memory_budget", size_mb=f"{seen.size / MB:.0f}",
                limit_mb=f"{seen.budget / MB:g}"))
        seen = seen.__cause__ or seen.__context__
    return UploadRefused(msg("damaged_workbook"))


# ---------------------------------------------------------------------------- csv


def open_csv(data: bytes, limits: Limits) -> Table:
    """Decode the CSV (utf-8-sig, utf-8, cp949) and expose it as one sheet."""
    text, encoding = decode_text(data)
    delimiter = _guess_delimiter(text)

    def open_rows(width: int | None = None) -> Iterator[RawRow]:
        width = min(width or limits.max_columns, limits.max_columns)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for number, cells in enumerate(reader, start=1):
                values = [value if value.strip() else None for value in cells]
                for column, value in enumerate(values[:width], start=1):
                    if value is not None and len(value) > limits.max_cell_chars:
                        raise UploadRefused(msg(
                            "cell_too_large", row=number, column=column,
                            limit=f"{limits.max_cell_chars:,}"))
                while values and values[-1] is None:
                    values.pop()
                yield RawRow(number, tuple(values[:width]), frozenset())
        except csv.Error as error:
            raise UploadRefused(
                msg("csv_damaged", line=reader.line_num, detail=str(error))
            ) from error

    return Table(kind="csv", encoding=encoding, sheets=[Sheet("csv", open_rows)])


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes strictly; return the text and the encoding used."""
    if data.startswith(OLE_MAGIC):
        raise UploadRefused(msg("ole_container"))
    if data.startswith(ZIP_MAGIC):
        raise UploadRefused(msg("not_csv", detected=" (an Excel workbook or zip)"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        raise UploadRefused(msg("csv_utf16"))
    if b"\x00" in data or _describe(data):
        raise UploadRefused(msg("csv_binary"))
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", "utf-8-sig")]
    else:
        # Never euc_kr: it lacks most Hangul syllables; cp949 is its superset.
        candidates = [("utf-8", "utf-8"), ("cp949", "cp949")]
    for codec, label in candidates:
        try:
            return data.decode(codec), label
        except UnicodeDecodeError:
            continue
    raise UploadRefused(msg("csv_encoding"))


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: every other byte of ASCII text is NUL."""
    sample = data[:200]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    # One byte of each pair is NUL, the other mostly is not (little or big endian).
    return max(even, odd) > half * 0.8 and min(even, odd) < half * 0.2


DELIMITERS = (",", "\t", ";", "|")  # in order of preference on a tie


def _guess_delimiter(text: str) -> str:
    """The separator that splits the first lines into the same number (> 1) of
    cells most often; a comma when none does (European Excel writes ";")."""
    lines = [line for line in text.splitlines()[:100] if line.strip()][:20]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(cells) for cells in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:  # the real read reports it with its line
            continue
        wide = [width for width in widths if width > 1]
        if not wide:
            continue
        usual = max(sorted(set(wide)), key=wide.count)
        score = (wide.count(usual), usual)
        if score > best_score:
            best, best_score = delimiter, score
    return best
