"""Upkeep of uploads: a parse or apply that died, and old bytes of failed files.

A worker killed mid-parse (out of memory, deploy, time limit) leaves its batch
"parsing" (or "applying": its transaction was rolled back, nothing written).
Past a bounded time, longer than the tasks' hard time limits, such a batch is
marked failed with a message, by the periodic task and whenever its page is
read. Failed uploads keep their bytes for a retention period (to re-read them
with another mapping), then the bytes are deleted.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from inventory.models import UploadBatch

Status = UploadBatch.Status


def _stale_condition(now: dt.datetime) -> Q:
    parse_limit = now - dt.timedelta(seconds=settings.SMARTSTOCK_UPLOAD_STALE_PARSE_SECONDS)
    apply_limit = now - dt.timedelta(seconds=settings.SMARTSTOCK_UPLOAD_STALE_APPLY_SECONDS)
    return (
        Q(status=Status.PARSING) & (Q(started_at__lt=parse_limit)
                                    | Q(started_at__isnull=True,
                                        created_at__lt=parse_limit))
    ) | (
        Q(status=Status.APPLYING) & (Q(started_at__lt=apply_limit)
                                     | Q(started_at__isnull=True,
                                         created_at__lt=apply_limit))
    )


def uploads_fail_stale(*, now: dt.datetime | None = None,
                       batch_id: int | None = None) -> int:
    """Mark batches stuck in parsing/applying past the limit as failed."""
    now = now or timezone.now()
    query = UploadBatch.objects.filter(_stale_condition(now))
    if batch_id is not None:
        query = query.filter(pk=batch_id)
    failed = 0
    for status, message in (
        # Stored in English (a msgid): shown in the reader's language.
        (Status.PARSING, gettext_noop("Reading the file stopped before it finished (the "
                           "background worker was interrupted or ran out of "
                           "time). Nothing was written; upload the file again.")),
        (Status.APPLYING, gettext_noop("Applying stopped before it finished (the background "
                            "worker was interrupted or ran out of time). Nothing "
                            "was written; apply it again.")),
    ):
        failed += query.filter(status=status).update(
            status=Status.FAILED, error_message=message, applied_sha256=None,
        )
    return failed


def uploads_purge_failed_content(*, now: dt.datetime | None = None) -> int:
    """Delete the stored bytes of uploads failed longer ago than the retention."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=settings.SMARTSTOCK_UPLOAD_FAILED_RETENTION_DAYS)
    return (
        UploadBatch.objects.filter(status=Status.FAILED, created_at__lt=limit,
                                   content_deleted_at__isnull=True)
        .update(content=b"", content_deleted_at=now, parsed_rows=None)
    )
