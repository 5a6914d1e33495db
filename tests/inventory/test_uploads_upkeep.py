"""A parse or apply that died ends "failed"; failed uploads' bytes are deleted."""
from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from inventory.models import UploadBatch
from inventory.services.import_upkeep import (
    uploads_fail_stale,
    uploads_purge_failed_content,
)
from inventory.services.imports import upload_create, upload_parse
from inventory.tasks import uploads_upkeep_task
from tests.factories import MembershipFactory

from .upload_files import template_file, template_row

S = UploadBatch.Status


@pytest.fixture
def user(organization):
    return MembershipFactory(organization=organization, role=Role.STAFF).user


def _batch(organization, user, **fields):
    batch = UploadBatch.objects.create(
        organization=organization, uploaded_by=user, filename="f.xlsx", size=3,
        sha256="x" * 64, content=b"abc", **fields)
    return batch


def test_a_parse_whose_worker_died_is_failed_after_the_limit(organization, user,
                                                             settings):
    settings.SMARTSTOCK_UPLOAD_STALE_PARSE_SECONDS = 600
    now = timezone.now()
    stuck = _batch(organization, user, status=S.PARSING,
                   started_at=now - dt.timedelta(minutes=11))
    running = _batch(organization, user, status=S.PARSING,
                     started_at=now - dt.timedelta(minutes=2))
    applying = _batch(organization, user, status=S.APPLYING,
                      started_at=now - dt.timedelta(minutes=11))
    assert uploads_fail_stale(now=now) == 1
    stuck.refresh_from_db()
    assert stuck.status == S.FAILED and "upload the file again" in stuck.error_message
    running.refresh_from_db()
    applying.refresh_from_db()
    assert running.status == S.PARSING and applying.status == S.APPLYING
    assert uploads_fail_stale(now=now + dt.timedelta(minutes=40)) == 2


def test_the_page_of_a_stuck_upload_shows_it_failed(organization, client_for,
                                                    settings):
    settings.SMARTSTOCK_UPLOAD_STALE_PARSE_SECONDS = 60
    client = client_for(organization, Role.STAFF)
    user = MembershipFactory(organization=organization, role=Role.STAFF).user
    stuck = _batch(organization, user, status=S.PARSING,
                   started_at=timezone.now() - dt.timedelta(minutes=5))
    response = client.get(reverse("inventory:upload_preview", args=[stuck.pk]))
    assert response.status_code == 200
    stuck.refresh_from_db()
    assert stuck.status == S.FAILED


def test_a_parse_that_raises_leaves_the_upload_failed(organization, user):
    batch = upload_create(organization=organization, user=user, filename="t.xlsx",
                          content=template_file(template_row("NOPE", inbound=1)))
    with mock.patch("inventory.services.imports.parse_upload",
                    side_effect=MemoryError), pytest.raises(MemoryError):
        upload_parse(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == S.FAILED and batch.error_message


def test_failed_uploads_lose_their_bytes_after_the_retention(organization, user,
                                                             settings):
    settings.SMARTSTOCK_UPLOAD_FAILED_RETENTION_DAYS = 7
    old = _batch(organization, user, status=S.FAILED)
    UploadBatch.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=8))
    recent = _batch(organization, user, status=S.FAILED)
    applied = _batch(organization, user, status=S.APPLIED)
    UploadBatch.objects.filter(pk=applied.pk).update(
        created_at=timezone.now() - dt.timedelta(days=30))
    assert uploads_upkeep_task() == (0, 1)
    old.refresh_from_db()
    recent.refresh_from_db()
    applied.refresh_from_db()
    assert bytes(old.content) == b"" and old.content_deleted_at is not None
    assert bytes(recent.content) == b"abc" and bytes(applied.content) == b"abc"
    assert uploads_purge_failed_content() == 0
    # Reading it again says why instead of failing on empty bytes.
    parsed = upload_parse(batch_id=old.pk)
    assert parsed.status == S.FAILED and "retention" in parsed.error_message
