"""Uploads: template download, upload, preview, confirm, progress, revert."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import member_required
from accounts.roles import Perm
from inventory import selectors
from inventory.forms import (
    ApplyForm,
    CodeMapForm,
    MappingForm,
    TemplateForm,
    UploadForm,
)
from inventory.importing import field_label
from inventory.importing.synonyms import FIELDS
from inventory.models import UploadBatch
from inventory.services import import_apply, imports
from inventory.services.import_preview import failure_text, preview_display
from inventory.services.import_upkeep import uploads_fail_stale
from inventory.services.templates_xlsx import template_workbook

from ._common import form_error, get_or_404, paginate, post_data

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMAT_LABELS = {
    "template": gettext_lazy("SmartStock template"),
    "coupang": gettext_lazy("Coupang Wing order list"),
    "smartstore": gettext_lazy("Naver SmartStore orders"),
    "cafe24": gettext_lazy("Cafe24 orders"),
    "playauto": gettext_lazy("PlayAuto orders"),
    "sabangnet": gettext_lazy("Sabangnet orders"),
    "generic": gettext_lazy("Other sheet"),
}
SKIP_LABELS = {
    "cancelled": gettext_lazy("cancelled order lines"),
    "returned": gettext_lazy("returned order lines"),
    "exchanged": gettext_lazy("exchanged order lines"),
    "unpaid": gettext_lazy("order lines not paid yet"),
    "duplicate": gettext_lazy("duplicate order lines"),
    "already_recorded": gettext_lazy("already recorded, skipped"),
    "older_export": gettext_lazy("older than the export that recorded them, skipped"),
    "total_row": gettext_lazy("total and subtotal rows"),
    "zero_quantity": gettext_lazy("quantity zero"),
    "no_quantity": gettext_lazy("no quantity entered"),
    "empty": gettext_lazy("empty rows"),
    "set_component": gettext_lazy("set components split by Sabangnet"),
}
IN_PROGRESS = (UploadBatch.Status.PARSING, UploadBatch.Status.APPLYING)


def _batch(request: HttpRequest, pk: int) -> UploadBatch:
    batch = get_or_404(
        selectors.upload_get, organization=request.organization, batch_id=pk
    )
    # A batch whose worker died shows as failed, not "in progress" forever.
    if batch.status in IN_PROGRESS and uploads_fail_stale(batch_id=batch.pk):
        batch.refresh_from_db()
    return batch


@member_required(read=Perm.VIEW)
def template_download(request: HttpRequest) -> HttpResponse:
    """The upload template (.xlsx); without dates, one row per product for today."""
    data = request.GET if request.GET else {"date_from": timezone.localdate()}
    form = TemplateForm(data)
    if form.is_valid():
        start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        try:
            content = template_workbook(
                organization=request.organization, date_from=start, date_to=end
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            name = f"smartstock-template-{start:%Y%m%d}"
            name += f"-{end:%Y%m%d}.xlsx" if end and end != start else ".xlsx"
            response = HttpResponse(content, content_type=XLSX)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return render(request, "inventory/upload_template.html", {"template_form": form})


@member_required(read=Perm.UPLOAD, write=Perm.UPLOAD)
def upload_start(request: HttpRequest) -> HttpResponse:
    """Choose a file; it is stored and read, then the preview opens."""
    organization = request.organization
    form = UploadForm(
        post_data(request), request.FILES or None, organization=organization
    )
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            imports.upload_check_file(filename=uploaded.name, size=uploaded.size)
            batch = imports.upload_create(
                organization=organization, user=request.user,
                filename=uploaded.name, content=uploaded.read(),
                options=form.parse_options(),
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            return redirect("inventory:upload_preview", pk=batch.pk)
    context = {
        "form": form,
        "template_form": TemplateForm(initial={"date_from": timezone.localdate()}),
        "max_mb": imports.upload_limits().max_bytes // (1024 * 1024),
        "max_rows": imports.upload_limits().max_rows,
    }
    return render(request, "inventory/upload_start.html", context)


@member_required(read=Perm.UPLOAD)
def upload_list(request: HttpRequest) -> HttpResponse:
    """Every upload of the organization with its status."""
    uploads = selectors.upload_list(organization=request.organization)
    return render(request, "inventory/upload_list.html",
                  {"page": paginate(request, uploads)})


def _mapping_form(batch: UploadBatch, data=None) -> MappingForm:
    result = batch.result or {}
    return MappingForm(
        data,
        headers=result.get("headers", []),
        mapping=result.get("mapping", {}),
        fields=list(FIELDS),
        labels={name: _(field_label(name)) for name in FIELDS},
    )


@member_required(read=Perm.UPLOAD, write=Perm.UPLOAD)
def upload_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview; a POST corrects the column mapping and reads the file again."""
    batch = _batch(request, pk)
    mapping_form = _mapping_form(batch, post_data(request))
    if request.method == "POST" and mapping_form.is_valid():
        try:
            imports.upload_remap(
                organization=request.organization, batch=batch, user=request.user,
                mapping=mapping_form.mapping(),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The file was read again with your columns; "
                                        "they are remembered for files like it."))
        return redirect("inventory:upload_preview", pk=batch.pk)
    batch = imports.upload_preview_refresh(organization=request.organization,
                                           batch=batch)
    return render(request, "inventory/upload_preview.html",
                  _preview_context(request, batch, mapping_form))


def _preview_context(
    request: HttpRequest, batch: UploadBatch, mapping_form: MappingForm
) -> dict:
    result = batch.result or {}
    organization = request.organization
    skipped_counts = [
        (SKIP_LABELS.get(reason, reason), count)
        for reason, count in sorted(result.get("skipped_counts", {}).items())
    ]
    return {
        "batch": batch,
        "result": result,
        "display": preview_display(result),
        "failure": failure_text(result, batch.error_message),
        "format_label": FORMAT_LABELS.get(result.get("format", ""), ""),
        "skipped_counts": skipped_counts,
        "mapping_rows": [
            (_(field_label(name)), header)
            for name, header in result.get("mapping", {}).items()
        ],
        "mapping_form": mapping_form,
        "apply_form": ApplyForm(),
        "duplicate": selectors.upload_duplicate_of(organization=organization,
                                                   batch=batch),
        "same_rows": selectors.upload_same_rows_of(organization=organization,
                                                   batch=batch),
        "code_form": CodeMapForm(organization=organization),
        "channels": selectors.channel_list(organization=organization),
        "in_progress": batch.status in IN_PROGRESS,
        "progress": imports.progress_get(batch.pk),
    }


@member_required(read=Perm.UPLOAD, write=Perm.UPLOAD)
def upload_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm: apply every row or none (large files in the background)."""
    batch = _batch(request, pk)
    if request.method != "POST":
        return redirect("inventory:upload_preview", pk=batch.pk)
    form = ApplyForm(request.POST)
    allow_duplicate = form.is_valid() and form.cleaned_data["allow_duplicate"]
    try:
        batch = import_apply.upload_apply(
            organization=request.organization, batch=batch, user=request.user,
            allow_duplicate=allow_duplicate,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("inventory:upload_preview", pk=batch.pk)
    if batch.status == UploadBatch.Status.APPLIED:
        messages.success(request, _("%(count)s stock movements were recorded.")
                         % {"count": intcomma(batch.movements_count)})
    return redirect("inventory:upload_preview", pk=batch.pk)


@member_required(read=Perm.UPLOAD)
def upload_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Status and progress of one upload, polled by the preview page."""
    try:
        status = selectors.upload_status(organization=request.organization,
                                         batch_id=pk)
    except UploadBatch.DoesNotExist:
        return JsonResponse({"error": "not found"}, status=404)
    progress = imports.progress_get(pk) or {}
    return JsonResponse({
        "status": status["status"],
        "label": str(UploadBatch.Status(status["status"]).label),
        "done": progress.get("done", 0),
        "total": progress.get("total"),
        "phase": progress.get("phase", ""),
        "finished": status["status"] not in IN_PROGRESS,
    })


@member_required(read=Perm.UPLOAD, write=Perm.UPLOAD)
def upload_map_code(request: HttpRequest, pk: int) -> HttpResponse:
    """Map an unknown code to a product on a channel, then read the file again."""
    batch = _batch(request, pk)
    if request.method != "POST":
        return redirect("inventory:upload_preview", pk=batch.pk)
    form = CodeMapForm(request.POST, organization=request.organization)
    if form.is_valid():
        data = form.cleaned_data
        try:
            imports.upload_code_map(
                organization=request.organization, batch=batch, user=request.user,
                code=data["code"], product=data["sku"], channel=data["channel"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(code)s now means %(sku)s on %(channel)s.")
                             % {"code": data["code"], "sku": data["sku"].sku,
                                "channel": data["channel"].name})
    else:
        errors = [e for errs in form.errors.values() for e in errs]
        messages.error(request, " ".join(errors))
    return redirect("inventory:upload_preview", pk=batch.pk)


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
def upload_revert(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then reverse every movement of an applied upload."""
    batch = _batch(request, pk)
    if request.method == "POST":
        try:
            count = import_apply.upload_revert(
                organization=request.organization, batch=batch, user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The upload was reverted: %(count)s movements "
                                        "were reversed.") % {"count": count})
        return redirect("inventory:upload_preview", pk=batch.pk)
    return render(request, "inventory/upload_revert.html", {"batch": batch})
