"""One error shape for every API answer: {"error": {"code", "message", "fields"}}.

Messages are in the request's language (LocaleMiddleware reads Accept-Language);
Django ValidationErrors raised by services become 400, a missing object 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def error_body(code: str, message: str, fields: dict | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flatten(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _flatten(value)]
    return [str(detail)]


def _fields(detail: Any) -> dict[str, list[str]]:
    """Each field's messages; a field holding a list of objects (a purchase
    order's ``lines``) also names the item and its field, ``lines[1].quantity``
    (0-based, as in the request body), so a client knows which line is wrong."""
    if not isinstance(detail, dict):
        return {}
    fields = {}
    for name, value in detail.items():
        if name in ("non_field_errors", "__all__"):
            continue
        fields[str(name)] = _flatten(value)
        fields.update(_paths(str(name), value))
    return fields


def _paths(prefix: str, value: Any) -> dict[str, list[str]]:
    """Nested errors by path: ``{"lines": [{}, {"quantity": [...]}]}`` (or DRF's
    ``{"lines": {1: {...}}}``) gives ``lines[1].quantity``; an item's own
    messages go under ``lines[1]``. Only nested errors get a path."""
    found: dict[str, list[str]] = {}
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ("non_field_errors", "__all__"):
                here = prefix
            elif isinstance(key, int) or str(key).isdigit():
                here = f"{prefix}[{key}]"
            else:
                here = f"{prefix}.{key}"
            if isinstance(inner, dict) or _nested(inner):
                found.update(_paths(here, inner))
            elif _flatten(inner) and here != prefix:
                found[here] = _flatten(inner)
            elif _flatten(inner):
                found.setdefault(here, []).extend(_flatten(inner))
    elif _nested(value):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.update(_paths(f"{prefix}[{index}]", item))
            elif _flatten(item):
                found[f"{prefix}[{index}]"] = _flatten(item)
    return found


def _nested(value: Any) -> bool:
    """A list of per-item errors (objects or lists), not a list of messages."""
    return isinstance(value, list) and any(isinstance(i, dict | list) for i in value)


def _django_validation(error: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError({"non_field_errors": error.messages})


# DRF writes these two in English without gettext (rest_framework/parsers.py,
# authentication.py), so no catalogue can translate them: they are replaced
# here. The detail after the prefix (Python's JSON error, Django's CSRF
# reason) stays as it is.
_JSON_PARSE_PREFIX = "JSON parse error - "
_CSRF_PREFIX = "CSRF Failed: "


def _untranslated_drf(exc: Exception) -> Exception:
    detail = str(getattr(exc, "detail", ""))
    if isinstance(exc, exceptions.ParseError) and detail.startswith(_JSON_PARSE_PREFIX):
        return exceptions.ParseError(
            _("The request body is not valid JSON (%(detail)s).")
            % {"detail": detail.removeprefix(_JSON_PARSE_PREFIX)})
    if isinstance(exc, exceptions.PermissionDenied) and detail.startswith(_CSRF_PREFIX):
        return exceptions.PermissionDenied(
            _("The CSRF check failed (%(reason)s). A signed-in browser sends its "
              "CSRF token in the X-CSRFToken header; a script uses an API key "
              "instead.") % {"reason": detail.removeprefix(_CSRF_PREFIX)})
    return exc


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, then our shape; unknown exceptions still propagate (500)."""
    exc = _untranslated_drf(exc)
    if isinstance(exc, DjangoValidationError):
        exc = _django_validation(exc)
    elif isinstance(exc, ObjectDoesNotExist | Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
    if isinstance(exc, exceptions.ValidationError):
        messages = _flatten(detail)
        fields = _fields(detail)
        message = " ".join(messages) if not fields else _(
            "Some fields are not valid: %(messages)s"
        ) % {"messages": " ".join(messages)}
        response.data = error_body("invalid", message, fields)
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        if isinstance(codes, str):
            code = codes
    response.data = error_body(code, " ".join(_flatten(detail)))
    return response
