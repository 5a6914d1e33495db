"""Uploads: send a file (preview), confirm (all or nothing), status, revert."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.roles import Perm
from inventory import selectors
from inventory.models import UploadBatch
from inventory.services import import_apply, imports
from inventory.services.import_preview import failure_text, message_text

from ..serializers.common import ErrorSerializer
from ..serializers.uploads import (
    UploadConfirmSerializer,
    UploadCreateSerializer,
    UploadRevertedSerializer,
    UploadSerializer,
    UploadStatusSerializer,
)
from .base import ApiViewSet

IN_PROGRESS = (UploadBatch.Status.PARSING, UploadBatch.Status.APPLYING)
ROWS_SHOWN = 500
# The order of inventory.services.import_preview.rows_data (what confirm writes).
ROW_FIELDS = ("row", "product", "kind", "quantity", "business_date", "channel",
              "lot_code", "expiry_date", "external_ref", "note")


def _row(values: list) -> dict:
    return dict(zip(ROW_FIELDS, values, strict=False))


def upload_body(batch: UploadBatch) -> dict:
    """The upload and its preview, messages in the active language."""
    result = batch.result or {}
    refused = result.get("refused")
    return {
        "id": batch.pk, "filename": batch.filename, "status": batch.status,
        "status_label": str(UploadBatch.Status(batch.status).label),
        "ok": bool(result.get("ok")) and batch.status == UploadBatch.Status.READY,
        "refused": message_text(refused) if refused else None,
        "format": result.get("format") or "", "encoding": result.get("encoding") or "",
        "data_rows": result.get("data_rows") or 0,
        "rows_to_apply": batch.rows_to_apply,
        "error_count": result.get("error_count") or 0,
        "warning_count": result.get("warning_count") or 0,
        "problem_count": result.get("problem_count") or 0,
        "problems": [
            {"row": p.get("row"), "column": p.get("column"),
             "severity": p.get("severity", "error"), "code": p.get("code", ""),
             "message": message_text(p)}
            for p in result.get("problems") or []
        ],
        "totals": result.get("totals") or [],
        "unknown_codes": result.get("unknown_codes") or [],
        "date_range": result.get("date_range"),
        "skipped_total": result.get("skipped_total") or 0,
        "rows": [_row(values) for values in (batch.parsed_rows or [])[:ROWS_SHOWN]],
        "movements_count": batch.movements_count,
        "error_message": failure_text(result, batch.error_message),
        "created_at": batch.created_at,
    }


class UploadViewSet(ApiViewSet):
    """Uploads of the template or a channel's order export."""

    access = {"read": Perm.UPLOAD, "write": Perm.UPLOAD}
    action_access = {"revert": Perm.CATALOG_MANAGE}
    serializer_class = UploadSerializer
    parser_classes = [JSONParser, MultiPartParser]

    def _batch(self, pk) -> UploadBatch:
        return self.fetch(selectors.upload_get, batch_id=pk)

    def list(self, request):
        uploads = selectors.upload_list(organization=self.organization)
        page = self.paginator.paginate_queryset(uploads, request, view=self)
        return self.paginator.get_paginated_response(
            UploadSerializer([upload_body(b) for b in page], many=True).data)

    def retrieve(self, request, pk=None):
        """The upload and its preview: rows, problems (row, column), totals."""
        return Response(UploadSerializer(upload_body(self._batch(pk))).data)

    @extend_schema(
        request={"multipart/form-data": UploadCreateSerializer},
        responses={201: UploadSerializer, 400: ErrorSerializer},
        examples=[OpenApiExample(
            "a refused file", response_only=True, status_codes=["400"],
            value={"error": {"code": "invalid", "message": "The file unpacks to more "
                   "than 200 MB; it is refused.", "fields": {"file": [
                       "The file unpacks to more than 200 MB; it is refused."]}}})])
    def create(self, request):
        """Store and read a file; nothing reaches the ledger before confirm.

        A file refused as a whole (type, size, rows, damaged or unsafe) answers
        400 with the reason; a file with row problems answers 201 with `ok`
        false and every problem.
        """
        serializer = UploadCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        uploaded = serializer.validated_data["file"]
        try:
            imports.upload_check_file(filename=uploaded.name, size=uploaded.size)
            batch = imports.upload_create(
                organization=self.organization, user=self.actor,
                filename=uploaded.name, content=uploaded.read(),
                options=serializer.options())
        except ValidationError as error:
            raise exceptions.ValidationError({"file": error.messages}) from None
        body = upload_body(batch)
        if body["refused"]:
            raise exceptions.ValidationError({"file": [body["refused"]]})
        return Response(UploadSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UploadConfirmSerializer,
                   responses={200: UploadSerializer, 400: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Apply every row or none (large files continue in the background)."""
        batch = self._batch(pk)
        serializer = UploadConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        batch = import_apply.upload_apply(
            organization=self.organization, batch=batch, user=self.actor,
            allow_duplicate=serializer.validated_data["allow_duplicate"])
        if batch.status == UploadBatch.Status.FAILED:
            raise exceptions.ValidationError(
                failure_text(batch.result, batch.error_message)
                or _("The upload could not be applied."))
        return Response(UploadSerializer(upload_body(batch)).data)

    @extend_schema(responses=UploadStatusSerializer)
    @action(detail=True, methods=["get"], url_path="status", url_name="status")
    def upload_status(self, request, pk=None):
        """Status and progress while a large file is read or applied."""
        found = self.fetch(selectors.upload_status, batch_id=pk)
        progress = imports.progress_get(int(pk)) or {}
        return Response(UploadStatusSerializer({
            "id": found["pk"], "status": found["status"],
            "status_label": str(UploadBatch.Status(found["status"]).label),
            "phase": progress.get("phase", ""), "done": progress.get("done", 0),
            "total": progress.get("total"),
            "finished": found["status"] not in IN_PROGRESS,
            "movements_count": found["movements_count"],
            "error_message": failure_text({"error": found["error"]},
                                          found["error_message"])}).data)

    @extend_schema(request=None,
                   responses={200: UploadRevertedSerializer, 400: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def revert(self, request, pk=None):
        """Reverse every movement of an applied upload (managers)."""
        batch = self._batch(pk)
        count = import_apply.upload_revert(organization=self.organization,
                                           batch=batch, user=self.actor)
        return Response(UploadRevertedSerializer(
            {"id": batch.pk, "reversed_movements": count}).data)
