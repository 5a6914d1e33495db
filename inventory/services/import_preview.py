"""Turn a `ParsedUpload` into what an `UploadBatch` stores (plain JSON).

`preview_data` is what the preview page shows; `rows_data` is what applying
writes. Messages stay English templates with params: they are translated when
the page is rendered (`message_text`), in the reader's language.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext

from inventory.importing import Message, ParsedUpload, Problem
from inventory.importing.results import OUTBOUND
from inventory.importing.synonyms import FORMAT_CHANNELS
from inventory.models import Channel

MAX_PROBLEMS_SHOWN = 1000
MAX_SKIPPED_SHOWN = 500
MAX_ROWS_PER_CODE = 20
KIND_ALIASES: dict[str, tuple[str, ...]] = {
    Channel.Kind.COUPANG: ("쿠팡", "coupang", "쿠팡윙", "coupang wing"),
    Channel.Kind.SMARTSTORE: (
        "스마트스토어", "네이버", "naver", "smartstore", "네이버페이",
        "네이버 스마트스토어", "스마트스토어(네이버)",
    ),
    Channel.Kind.OWN_MALL: ("카페24", "cafe24", "자사몰", "고도몰", "godomall"),
}


# A channel export's format names its channel: applying such a file registers
# the channel (under the name the file's rows already carry) when the
# organization has none of that kind. A free-text channel cell never does.
FORMAT_CHANNEL_KINDS: dict[str, str] = {
    "coupang": Channel.Kind.COUPANG,
    "smartstore": Channel.Kind.SMARTSTORE,
    "cafe24": Channel.Kind.OWN_MALL,
}


def _channel_key(name: str) -> str:
    return "".join(name.split()).casefold()


class ChannelDirectory:
    """A file's channel names → the organization's channels.

    Exact names first; then the usual spellings of a channel kind (쿠팡,
    스마트스토어, 카페24) when the organization has exactly one channel of it.
    """

    def __init__(self, channels: list[Channel]) -> None:
        self.by_pk = {channel.pk: channel for channel in channels}
        self.kinds = {channel.kind for channel in channels}
        self._by_key: dict[str, Channel] = {}
        for channel in channels:
            self._by_key[_channel_key(channel.name)] = channel
        for kind, aliases in KIND_ALIASES.items():
            of_kind = [c for c in channels if c.kind == kind]
            active = [c for c in of_kind if c.is_active]
            chosen = active if len(active) == 1 else of_kind
            if len(chosen) == 1:
                for alias in aliases:
                    self._by_key.setdefault(_channel_key(alias), chosen[0])

    def get(self, name: str) -> Channel | None:
        """The channel a file calls `name`, or None."""
        return self._by_key.get(_channel_key(name)) if name else None

    def to_register(self, file_format: str) -> tuple[str, str] | None:
        """(name, kind) of the channel a channel export's format names, when
        the organization has no channel of that kind yet; else None."""
        kind = FORMAT_CHANNEL_KINDS.get(file_format)
        name = FORMAT_CHANNELS.get(file_format, "")
        if kind is None or kind in self.kinds or self.get(name) is not None:
            return None
        return name, kind


def _new_channel_name(parsed: ParsedUpload, directory: ChannelDirectory) -> str:
    """The channel applying this file registers ("" for none)."""
    planned = directory.to_register(parsed.format)
    if planned is None or not any(row.channel == planned[0] for row in parsed.rows):
        return ""
    return planned[0]


def message_dict(message: Message | Problem) -> dict[str, Any]:
    """Code, English template and params of a pipeline message."""
    return {
        "code": message.code,
        "message": message.message,
        "params": dict(message.params),
    }


def message_text(data: Mapping[str, Any]) -> str:
    """A stored message in the active language (a `field` param is a label too)."""
    template = gettext(data["message"])
    params = dict(data.get("params") or {})
    if "field" in params:
        params["field"] = gettext(str(params["field"]))
    try:
        return template % params if params else template
    except (KeyError, TypeError, ValueError):
        # A translation with a broken placeholder must not hide the message.
        return data["message"] % params if params else data["message"]


def error_dict_text(data: Mapping[str, Any]) -> str:
    """A stored failure (template + params, an inner message nested as a
    param) in the active language."""
    params = {key: error_dict_text(value) if isinstance(value, dict) else value
              for key, value in (data.get("params") or {}).items()}
    return message_text({"message": data["message"], "params": params})


def failure_text(result: Mapping[str, Any] | None, stored: str) -> str:
    """Why an upload failed, in the reader's language: from the stored template
    and params when there are some, else the stored English text (a msgid)."""
    if result and result.get("error"):
        return error_dict_text(result["error"])
    if result and result.get("refused"):  # a file refused as a whole
        return message_text(result["refused"])
    return gettext(stored) if stored else ""


def _problem(problem: Problem) -> dict[str, Any]:
    return {
        **message_dict(problem),
        "row": problem.row,
        "column": problem.column,
        "severity": problem.severity,
    }


def iso_day(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def preview_data(
    parsed: ParsedUpload,
    *,
    products: Mapping[Any, tuple[str, str]],
    directory: ChannelDirectory,
    refused: Message | None = None,
) -> dict[str, Any]:
    """Everything the preview page needs, as JSON (capped lists, full counts)."""
    new_channel = _new_channel_name(parsed, directory)
    unknown_channels = sorted({
        row.channel for row in parsed.rows
        if row.channel and directory.get(row.channel) is None
        and row.channel != new_channel
    })
    totals = [
        {
            "product_id": key,
            "sku": products.get(key, ("", ""))[0],
            "name": products.get(key, ("", ""))[1],
            "inbound": total.inbound,
            "outbound": total.outbound,
            "stock_count": total.stock_count,
        }
        for key, total in parsed.totals.items()
    ]
    totals.sort(key=lambda item: item["sku"])
    problems = parsed.problems
    return {
        "ok": parsed.ok,
        "needs_mapping": parsed.needs_mapping,
        "format": parsed.format,
        "encoding": parsed.encoding,
        "sheet": parsed.sheet,
        "header_row": parsed.header_row,
        "headers": parsed.headers,
        "mapping": parsed.mapping.as_headers(),
        "signature": parsed.signature,
        "data_rows": parsed.data_rows,
        "rows_to_apply": len(parsed.rows),
        "rows_applied_from": len({row.row for row in parsed.rows}),
        "error_count": len(parsed.errors),
        "warning_count": len(parsed.warnings),
        "problems": [_problem(p) for p in problems[:MAX_PROBLEMS_SHOWN]],
        "problem_count": len(problems),
        "skipped_counts": dict(parsed.skipped_counts),
        "skipped": [
            {"row": s.row, "reason": s.reason, "message": s.message,
             "params": dict(s.params), "code": s.reason}
            for s in parsed.skipped[:MAX_SKIPPED_SHOWN]
        ],
        "skipped_total": sum(parsed.skipped_counts.values()),
        "unknown_codes": [
            {
                "code": unknown.code,
                "rows": unknown.rows[:MAX_ROWS_PER_CODE],
                "row_count": len(unknown.rows),
                "product_name": unknown.product_name,
                "option": unknown.option,
                "suggestions": unknown.suggestions,
            }
            for unknown in parsed.unknown_codes
        ],
        "totals": totals,
        "date_range": [iso_day(day) for day in parsed.date_range]
        if parsed.date_range else None,
        "unknown_channels": unknown_channels,
        "new_channels": [new_channel] if new_channel else [],
        "new_channel_kind": FORMAT_CHANNEL_KINDS.get(parsed.format, "")
        if new_channel else "",
        "refused": message_dict(refused) if refused else None,
        "rows_fingerprint": rows_fingerprint(parsed) if parsed.ok else "",
    }


def rows_fingerprint(parsed: ParsedUpload) -> str:
    """A hash of the plain rows (date, product, kind, quantity), in any order;
    "" when there are none. Order lines are left out: their keys already keep
    them from counting twice."""
    plain = sorted(
        (row.date.isoformat(), str(row.product_key), row.kind, row.quantity)
        for row in parsed.rows if not (row.external_ref and row.kind == OUTBOUND)
    )
    if not plain:
        return ""
    return hashlib.sha256(json.dumps(plain).encode()).hexdigest()


def refused_data(refused: Message) -> dict[str, Any]:
    """The preview of a file refused as a whole."""
    return {"ok": False, "needs_mapping": False, "refused": message_dict(refused)}


def rows_data(parsed: ParsedUpload, directory: ChannelDirectory) -> list[list[Any]]:
    """The movements to write, compactly: one list per ParsedRow, in file order
    (cancelled lines with a key too, quantity 0: they reverse a recorded line)."""
    rows = []
    new_channel = _new_channel_name(parsed, directory)
    for row in sorted([*parsed.rows, *parsed.cancelled_lines], key=lambda r: r.row):
        channel = directory.get(row.channel) if row.channel else None
        # A channel applying registers is kept by name (stored_rows_of).
        channel_ref = channel.pk if channel else (
            new_channel if new_channel and row.channel == new_channel else None)
        rows.append([
            row.row, row.product_key, row.kind, row.quantity, row.date.isoformat(),
            channel_ref, row.lot, iso_day(row.expiry),
            row.external_ref, row.note, row.amount,
        ])
    return rows


def preview_display(result: Mapping[str, Any]) -> dict[str, Any]:
    """The stored preview with every message translated for the current reader."""
    return {
        "problems": [
            {**problem, "text": message_text(problem)}
            for problem in result.get("problems", [])
        ],
        "skipped": [
            {**skipped, "text": message_text(skipped)}
            for skipped in result.get("skipped", [])
        ],
        "refused": message_text(result["refused"]) if result.get("refused") else "",
    }
