"""Idempotent email: one EmailOutbox row per message, sent at most once.

``outbox_send`` claims the row by its unique dedupe key, locks it, and sends
only while it is still pending or failed; a task delivered twice finds it sent.
(If the process dies between the SMTP hand-off and the commit the email can go
twice: at-least-once delivery cannot promise better.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Organization
from policy.models import EmailOutbox

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class OutgoingEmail:
    """What to send; built only when the outbox row is really going out."""

    subject: str
    body: str
    # (file name, content, MIME type)
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)


def recipients_parse(text: str) -> list[str]:
    """Addresses separated by new lines, commas or semicolons; duplicates dropped."""
    found: list[str] = []
    for part in text.replace(";", "\n").replace(",", "\n").splitlines():
        address = part.strip()
        if address and address.lower() not in {a.lower() for a in found}:
            found.append(address)
    return found


def _claim(organization: Organization, kind: str, dedupe_key: str,
           recipients: list[str]) -> EmailOutbox:
    try:
        with transaction.atomic():
            return EmailOutbox.objects.create(
                organization=organization, kind=kind, dedupe_key=dedupe_key,
                recipients="\n".join(recipients))
    except IntegrityError:
        return EmailOutbox.objects.get(dedupe_key=dedupe_key)


def outbox_send(
    *, organization: Organization, kind: str, dedupe_key: str,
    recipients: list[str], build: Callable[[], OutgoingEmail],
) -> EmailOutbox:
    """Send the email for ``dedupe_key`` unless it was already sent."""
    _claim(organization, kind, dedupe_key, recipients)
    with transaction.atomic():
        row = EmailOutbox.objects.select_for_update().get(dedupe_key=dedupe_key)
        done = {EmailOutbox.Status.SENT, EmailOutbox.Status.SKIPPED}
        if row.status in done or row.attempts >= MAX_ATTEMPTS:
            return row
        addresses = recipients_parse(row.recipients)
        if not addresses:
            row.status = EmailOutbox.Status.SKIPPED
            row.save(update_fields=["status"])
            return row
        row.attempts += 1
        try:
            email = build()
            message = EmailMessage(subject=email.subject, body=email.body,
                                   to=addresses)
            for name, content, mimetype in email.attachments:
                message.attach(name, content, mimetype)
            message.send(fail_silently=False)
        except Exception as error:  # noqa: BLE001 -- SMTP errors of any kind
            logger.exception("Email %s failed", dedupe_key)
            row.status, row.error = EmailOutbox.Status.FAILED, str(error)[:2000]
        else:
            row.status, row.sent_at, row.error = (
                EmailOutbox.Status.SENT, timezone.now(), "")
            row.subject = email.subject[:300]
        row.save(update_fields=["status", "sent_at", "error", "attempts", "subject"])
    return row
