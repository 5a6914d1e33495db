"""Writes of the API app: keys (create, revoke, authenticate) and idempotency."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from inventory.services.stock import with_deadlock_retry

from .models import ApiKey, IdempotentRequest

KEY_PREFIX = "ss_"
IDEMPOTENCY_WINDOW = dt.timedelta(hours=24)
MAX_IDEMPOTENCY_KEY = 200  # IdempotentRequest.key's max_length
# last_used_at is written at most this often per key (one UPDATE, not one per call).
LAST_USED_RESOLUTION = dt.timedelta(seconds=60)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    """A new key: the row and the secret, which is shown once and never stored."""

    api_key: ApiKey
    secret: str


def api_key_create(
    *,
    organization: Organization,
    name: str,
    role: str,
    created_by: User | None,
    expires_at: dt.datetime | None = None,
) -> IssuedKey:
    """Create a key with its service user; returns the secret once."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the key a name.")})
    if role not in {r.value for r in ApiKey.KEY_ROLES}:
        raise ValidationError(
            {"role": _("A key's role is manager, staff or viewer.")}
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    prefix = secrets.token_hex(4)
    secret = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        actor = User.objects.create_user(
            email=f"api-key-{prefix}@api-keys.invalid",
            name=_("API key: %(name)s") % {"name": name[:80]},
            is_active=False,
        )
        actor.set_unusable_password()
        actor.save(update_fields=["password"])
        api_key = ApiKey.objects.create(
            organization=organization, name=name[:100], role=role, prefix=prefix,
            hashed_key=_hash(secret), actor=actor, created_by=created_by,
            expires_at=expires_at,
        )
    return IssuedKey(api_key=api_key, secret=secret)


def api_key_revoke(*, organization: Organization, api_key: ApiKey) -> ApiKey:
    """Revoke a key now; requests with it answer 401 from then on."""
    if api_key.organization_id != organization.pk:
        raise ValidationError(_("This key does not exist."))
    ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    api_key.refresh_from_db()
    return api_key


def api_key_authenticate(*, secret: str, now: dt.datetime | None = None) -> ApiKey | None:
    """The usable key for `secret` (its last-used time refreshed), else None."""
    now = now or timezone.now()
    parts = secret.split("_")
    if len(parts) < 3 or not secret.startswith(KEY_PREFIX):
        return None
    api_key = (
        ApiKey.objects.select_related("organization", "actor")
        .filter(prefix=parts[1])
        .first()
    )
    if api_key is None or not secrets.compare_digest(api_key.hashed_key, _hash(secret)):
        return None
    if not api_key.is_usable(now):
        return None
    if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key


# -- idempotency ---------------------------------------------------------------------
def request_fingerprint(data: Any, *, path: str) -> str:
    """A hash of the request (path and body) to detect a reused key."""
    body = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(f"{path}\n{body}".encode()).hexdigest()


class IdempotencyConflict(ValidationError):
    """The key was used before for a different request."""


@dataclass(frozen=True)
class IdempotentResult:
    status_code: int
    response: Any
    replayed: bool


def idempotent_write(
    *,
    organization: Organization,
    key: str,
    fingerprint: str,
    write: Callable[[], tuple[int, Any]],
    now: dt.datetime | None = None,
) -> IdempotentResult:
    """Run `write` once per key within 24 h; later calls get the first result.

    The key row is inserted in the same transaction as the write: a concurrent
    request with the same key waits on the unique index until the first commits,
    then reads its result (nothing new is written). A refused write (an
    exception) rolls the key back too, so it can be sent again.
    """
    key = key.strip()
    if not key:
        raise ValidationError(_("The Idempotency-Key header is empty."))
    if len(key) > MAX_IDEMPOTENCY_KEY:
        # Cut short, two different keys would be one and the second write lost.
        raise ValidationError(
            _("The Idempotency-Key header is longer than %(limit)s characters.")
            % {"limit": MAX_IDEMPOTENCY_KEY})

    def run() -> IdempotentResult:
        with transaction.atomic():
            current = now or timezone.now()
            IdempotentRequest.objects.filter(
                organization=organization, key=key,
                created_at__lt=current - IDEMPOTENCY_WINDOW,
            ).delete()
            try:
                with transaction.atomic():
                    record = IdempotentRequest.objects.create(
                        organization=organization, key=key, fingerprint=fingerprint,
                        created_at=current,
                    )
            except IntegrityError:
                return _replay(organization, key, fingerprint)
            status_code, response = write()
            record.status_code, record.response = status_code, response
            record.save(update_fields=["status_code", "response"])
            return IdempotentResult(status_code, response, replayed=False)

    return with_deadlock_retry(run)


def _replay(organization: Organization, key: str, fingerprint: str) -> IdempotentResult:
    record = IdempotentRequest.objects.get(organization=organization, key=key)
    if record.fingerprint != fingerprint:
        raise IdempotencyConflict(
            _("This Idempotency-Key was already used for a different request.")
        )
    return IdempotentResult(record.status_code, record.response, replayed=True)


def idempotency_purge(*, now: dt.datetime | None = None) -> int:
    """Delete remembered results older than 24 h."""
    cutoff = (now or timezone.now()) - IDEMPOTENCY_WINDOW
    deleted, _rows = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted


__all__ = [
    "IdempotencyConflict",
    "IdempotentResult",
    "IssuedKey",
    "api_key_authenticate",
    "api_key_create",
    "api_key_revoke",
    "idempotency_purge",
    "idempotent_write",
    "request_fingerprint",
]
