"""Reads for uploads: batches, catalog lookups for the parser, mapping memory."""
from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, QuerySet

from accounts.models import Organization

from ..models import (
    ChannelListing,
    ColumnMappingMemory,
    Product,
    SetComponent,
    StockMovement,
    UploadBatch,
)


def upload_catalog_products(
    *, organization: Organization
) -> list[tuple[int, str, str, str, int | None]]:
    """(id, sku, name, PlayAuto SKU, units per box) of every product, for matching."""
    return list(
        Product.objects.filter(organization=organization).values_list(
            "pk", "sku", "name", "playauto_sku", "units_per_box"
        )
    )


def upload_catalog_listings(
    *, organization: Organization
) -> list[tuple[int, str, int]]:
    """(channel id, code, product id) of every channel listing."""
    return list(
        ChannelListing.objects.filter(organization=organization).values_list(
            "channel_id", "code", "product_id"
        )
    )


def upload_list(*, organization: Organization) -> QuerySet[UploadBatch]:
    """The organization's uploads, newest first, without their heavy columns."""
    return (
        UploadBatch.objects.filter(organization=organization)
        .select_related("uploaded_by", "applied_by", "reverted_by")
        .defer("content", "parsed_rows", "result")
        .order_by("-created_at", "-pk")
    )


def upload_get(*, organization: Organization, batch_id: int) -> UploadBatch:
    """Raises UploadBatch.DoesNotExist for another organization's upload (→ 404)."""
    return (
        UploadBatch.objects.select_related("uploaded_by", "applied_by", "reverted_by")
        .defer("content", "parsed_rows")
        .get(organization=organization, pk=batch_id)
    )


def upload_status(*, organization: Organization, batch_id: int) -> dict:
    """Status fields of one upload; of its JSON only why it failed (``error``,
    a message template for the reader's language); raises DoesNotExist."""
    return (
        UploadBatch.objects.filter(organization=organization, pk=batch_id)
        .values("pk", "status", "error_message", "rows_to_apply", "movements_count",
                error=F("result__error"))
        .get()
    )


def upload_duplicate_of(
    *, organization: Organization, batch: UploadBatch
) -> UploadBatch | None:
    """An applied upload of the same file content, if any."""
    return (
        UploadBatch.objects.filter(
            organization=organization, sha256=batch.sha256,
            status=UploadBatch.Status.APPLIED,
        )
        .exclude(pk=batch.pk)
        .only("pk", "filename", "applied_at", "created_at")
        .order_by("-pk")
        .first()
    )


def upload_same_rows_of(
    *, organization: Organization, batch: UploadBatch
) -> UploadBatch | None:
    """An applied upload of another file whose plain rows are the same (dates,
    products, kinds, quantities): a stock sheet saved again, not a new one."""
    fingerprint = (batch.result or {}).get("rows_fingerprint")
    if not fingerprint:
        return None
    return (
        UploadBatch.objects.filter(
            organization=organization, status=UploadBatch.Status.APPLIED,
            result__rows_fingerprint=fingerprint,
        )
        .exclude(pk=batch.pk)
        .exclude(sha256=batch.sha256)  # the same file: upload_duplicate_of says so
        .only("pk", "filename", "applied_at", "created_at")
        .order_by("-pk")
        .first()
    )


def mapping_memory_get(*, organization: Organization, signature: str) -> dict | None:
    """The remembered column mapping for this header signature, if any."""
    memory = ColumnMappingMemory.objects.filter(
        organization=organization, signature=signature
    ).first()
    return memory.mapping if memory else None


def template_products(*, organization: Organization) -> QuerySet[Product]:
    """Active products for the upload template, by SKU."""
    return (
        Product.objects.filter(organization=organization, is_active=True)
        .select_related("category")
        .only("pk", "sku", "playauto_sku", "name", "kind", "category__name")
        .order_by("sku", "pk")
    )


def upload_movements(
    *, organization: Organization, batch: UploadBatch
) -> QuerySet[StockMovement]:
    """The ledger rows an upload wrote (not their reversals), in write order."""
    return (
        StockMovement.objects.filter(
            organization=organization,
            source=StockMovement.Source.UPLOAD,
            source_ref=str(batch.pk),
        )
        .exclude(kind=StockMovement.Kind.REVERSAL)
        .select_related("product", "lot", "channel")
        .order_by("pk")
    )


def set_component_ids(*, organization: Organization, set_ids: Iterable[int]) -> set[int]:
    """Ids of the components of the given sets."""
    return set(
        SetComponent.objects.filter(
            organization=organization, set_product_id__in=list(set_ids)
        ).values_list("component_id", flat=True)
    )


def ledger_first_day(*, organization: Organization):
    """The business date of the organization's first movement, or None."""
    return (
        StockMovement.objects.filter(organization=organization)
        .order_by("business_date").values_list("business_date", flat=True).first()
    )


def ledger_last_movement_id(*, organization: Organization) -> int | None:
    """The id of the organization's newest ledger row (any source), or None."""
    return (
        StockMovement.objects.filter(organization=organization)
        .order_by("-pk").values_list("pk", flat=True).first()
    )
