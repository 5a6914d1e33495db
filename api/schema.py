"""Schema post-processing: every request and response gets an example.

Hand-written examples (OpenApiExample on the views) stay; every other body gets
one generated from its own schema, with realistic values for the field names
this API uses, and error answers get the error shape with a real message.
"""

from __future__ import annotations

import re
from typing import Any

DATE, DATETIME = "2026-12-01", "2026-12-01T09:30:00+09:00"
BY_NAME: dict[str, Any] = {
    "sku": "PASTA-001", "component_sku": "PASTA-002", "name": "Spaghetti 500g",
    "filename": "coupang-orders-2026-11.xlsx", "code": "CP-10023-OPT1",
    "reason": "Order covers the lead time of 14 days plus the review period.",
    "reason_text": "TV promotion from 1 to 14 December", "note": "",
    "message": "Order 240 units of PASTA-001 by 2026-12-03.", "lot_code": "L2612",
    "email": "buyer@example.com", "key": "ss_1a2b3c4d_Jq9...shown-once...",
    "prefix": "1a2b3c4d", "method": "ensemble(lightgbm,ses)", "quantity": 24,
    "on_hand": 180, "recommended_quantity": 240, "id": 42, "product": 12,
    "supplier": 3, "channel": 2, "line": 7, "line_id": 7, "run": 5, "days": 30,
    "service_level": 0.95, "lead_time_days": 14, "count": 118, "page": 1,
    "status": None, "role": "staff", "kind": None, "severity": None,
}


PYTHON_TYPES = {"string": (str,), "integer": (int,), "number": (int, float)}


def _ref(components: dict, ref: str) -> dict:
    name = ref.rsplit("/", 1)[-1]
    return components.get("schemas", {}).get(name, {})


def sample(schema: dict, components: dict, name: str = "", depth: int = 0) -> Any:
    """A plausible value for `schema` (a field called `name`)."""
    if depth > 24:
        return None
    if "$ref" in schema:
        return sample(_ref(components, schema["$ref"]), components, name, depth + 1)
    if "example" in schema:
        return schema["example"]
    if schema.get("enum"):
        return next((v for v in schema["enum"] if v not in (None, "")),
                    schema["enum"][0])
    for combined in ("allOf", "oneOf", "anyOf"):
        if schema.get(combined):
            variants = [v for v in schema[combined] if v.get("type") != "null"]
            return sample((variants or schema[combined])[0], components, name,
                          depth + 1)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        properties = schema.get("properties") or {}
        value = {prop: sample(sub, components, prop, depth + 1)
                 for prop, sub in properties.items()}
        extra = schema.get("additionalProperties")
        if not properties and isinstance(extra, dict):
            value = {"p90": sample(extra, components, name, depth + 1)}
        return value
    if kind == "array":
        return [sample(schema.get("items") or {}, components, name, depth + 1)]
    known = BY_NAME.get(name)
    if known is not None and isinstance(known, PYTHON_TYPES.get(kind, ())) and not (
            kind != "boolean" and isinstance(known, bool)):
        return str(known) if schema.get("format") == "decimal" else known
    if schema.get("format") == "decimal" and known is not None:
        return str(known)
    if schema.get("format") == "decimal" and schema.get("pattern"):
        # A value the field's pattern (its digits and places) accepts.
        return next((c for c in ("12.50", "0.95", "1")
                     if re.search(schema["pattern"], c)), "0")
    return _scalar(kind, schema.get("format", ""), name)


def _scalar(kind: str, fmt: str, name: str) -> Any:
    if kind == "integer":
        return 1
    if kind == "number":
        return 12.5
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return {"date": DATE, "date-time": DATETIME, "email": "buyer@example.com",
            "uri": "https://stock.example.com/api/v1/products/?page=2",
            "decimal": "12.50", "binary": "(file bytes)"}.get(fmt, name or "text")


ERROR_EXAMPLES = {
    "400": {"code": "invalid", "message": "Not enough stock of PASTA-001: 3 on "
            "hand, 5 requested.", "fields": {}},
    "401": {"code": "not_authenticated",
            "message": "Authentication credentials were not provided.", "fields": {}},
    "403": {"code": "permission_denied", "message": "Your role does not allow this.",
            "fields": {}},
    "404": {"code": "not_found", "message": "Not found.", "fields": {}},
}


def add_examples(result: dict, generator, request, public) -> dict:
    """drf-spectacular POSTPROCESSING_HOOK: fill the missing examples."""
    components = result.get("components", {})
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            body = operation.get("requestBody") or {}
            for media in (body.get("content") or {}).values():
                _fill(media, components)
            for code, response in operation["responses"].items():
                for media in (response.get("content") or {}).values():
                    if code in ERROR_EXAMPLES and not media.get("examples"):
                        media["examples"] = {"Error": {
                            "value": {"error": ERROR_EXAMPLES[code]}}}
                    _fill(media, components)
    return result


def _fill(media: dict, components: dict) -> None:
    if media.get("examples") or "schema" not in media:
        return
    media["examples"] = {"Example": {
        "value": sample(media["schema"], components),
        "summary": "generated from the schema"}}
