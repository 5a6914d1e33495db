"""Alerts: evaluate the rules on the stored recommendations, upsert, resolve, notify.

``alerts_generate`` is idempotent: an open alert (``open_key`` set) is updated
rather than repeated, and alerts whose condition cleared are resolved. Run it
after every recommendation refresh (forecast run, upload, receipt).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Membership, Organization, User
from accounts.roles import Role
from alerts import selectors
from alerts.models import Alert
from alerts.rules import (
    FEED_STOP_KEY,
    SEVERITY_RANK,
    AlertCandidate,
    AlertSettings,
    evaluate,
    feed_stop_summary,
)
from policy import selectors as policy_selectors
from policy.messages import render_message
from policy.models import EmailOutbox
from policy.services.emails import EMAIL_LANGUAGE
from policy.services.outbox import OutgoingEmail, outbox_send, recipients_parse
from policy.services.recommendations import json_safe


@dataclass(frozen=True)
class GenerationResult:
    created: int
    updated: int
    resolved: int


def alert_settings(*, organization: Organization) -> AlertSettings:
    """The rule thresholds from the organization's replenishment settings."""
    settings = policy_selectors.policy_settings_get(organization=organization)
    return AlertSettings(
        reorder_window_days=settings.reorder_alert_window_days,
        expiry_window_days=settings.expiry_window_days,
        overstock_grace_days_after_receipt=settings.overstock_grace_days,
    )


def _open_key(organization: Organization, key: str) -> str:
    return f"{organization.pk}:{key}"


def _fields(candidate: AlertCandidate) -> dict:
    value = max(candidate.revenue_at_risk, candidate.cash_tied_up)
    return {
        "kind": candidate.kind, "severity": candidate.severity,
        "severity_rank": SEVERITY_RANK[candidate.severity],
        "value_at_risk": Decimal(str(round(value, 2))),
        "due_date": candidate.due_date, "message_template": candidate.message,
        "params": json_safe(candidate.params),
    }


def _update(alert: Alert, candidate: AlertCandidate, as_of: dt.date,
            now: dt.datetime) -> None:
    for name, value in _fields(candidate).items():
        setattr(alert, name, value)
    alert.last_seen = now
    if alert.status == Alert.Status.SNOOZED and (
        alert.snoozed_until is None or alert.snoozed_until <= as_of
    ):
        alert.status, alert.snoozed_until = Alert.Status.OPEN, None


def _create(organization: Organization, product_id: int, candidate: AlertCandidate,
            now: dt.datetime) -> bool:
    """Insert an open alert; False when a concurrent run inserted it first."""
    try:
        with transaction.atomic():
            Alert.objects.create(
                organization=organization, product_id=product_id, key=candidate.key,
                open_key=_open_key(organization, candidate.key), first_seen=now,
                last_seen=now, **_fields(candidate))
    except IntegrityError:
        return False
    return True


def alerts_generate(
    *, organization: Organization, as_of: dt.date | None = None
) -> GenerationResult:
    """Raise, update and resolve the organization's alerts from current data."""
    as_of = as_of or policy_selectors.today()
    states = selectors.product_states(organization=organization)
    settings = alert_settings(organization=organization)
    candidates: dict[str, tuple[int, AlertCandidate]] = {}
    for product_id, state in states.items():
        for candidate in evaluate(state, as_of, settings):
            candidates[candidate.key] = (product_id, candidate)
    feed, replaced = feed_stop_summary(
        list(states.values()), (c for _, c in candidates.values()))
    for key in replaced:
        del candidates[key]
    now = timezone.now()
    created = updated = resolved = 0
    with transaction.atomic():
        existing = {alert.key: alert for alert in
                    selectors.open_alerts_for_update(organization=organization)}
        for key, alert in existing.items():
            if key in candidates:
                _update(alert, candidates[key][1], as_of, now)
                alert.save()
                updated += 1
            else:
                _resolve(alert, None, now)
                resolved += 1
        for key, (product_id, candidate) in candidates.items():
            if key not in existing:
                created += _create(organization, product_id, candidate, now)
    if feed is None:
        alert_clear(organization=organization, key=FEED_STOP_KEY)
    else:
        alert_raise(organization=organization, kind=feed.kind, key=feed.key,
                    severity=feed.severity, message=feed.message,
                    params=dict(feed.params))
    return GenerationResult(created, updated, resolved)


def alert_raise(*, organization: Organization, kind: str, key: str, severity: str,
                message: str, params: dict) -> Alert:
    """Open (or refresh) an alert about something other than a product.

    Deduped like the rules' alerts: one open alert per key; raising it again
    updates it. Used by higher apps (e.g. a channel account disconnected).
    """
    now = timezone.now()
    fields = {"kind": kind, "severity": severity,
              "severity_rank": SEVERITY_RANK[severity], "message_template": message,
              "params": json_safe(params), "last_seen": now}
    open_key = _open_key(organization, key)
    with transaction.atomic():
        alert = Alert.objects.select_for_update().filter(open_key=open_key).first()
        if alert is None:
            try:
                with transaction.atomic():
                    return Alert.objects.create(
                        organization=organization, product=None, key=key,
                        open_key=open_key, first_seen=now, **fields)
            except IntegrityError:  # a concurrent raise won: update it
                alert = Alert.objects.select_for_update().get(open_key=open_key)
        for name, value in fields.items():
            setattr(alert, name, value)
        if alert.status == Alert.Status.SNOOZED:
            alert.status, alert.snoozed_until = Alert.Status.OPEN, None
        alert.save()
        return alert


def alert_clear(*, organization: Organization, key: str) -> int:
    """Resolve the open alert raised with `key` (when its condition cleared)."""
    now = timezone.now()
    with transaction.atomic():
        alerts = list(Alert.objects.select_for_update().filter(
            open_key=_open_key(organization, key)))
        for alert in alerts:
            _resolve(alert, None, now)
    return len(alerts)


def _resolve(alert: Alert, user: User | None, now: dt.datetime) -> None:
    alert.status, alert.open_key = Alert.Status.RESOLVED, None
    alert.resolved_at, alert.resolved_by = now, user
    alert.save(update_fields=["status", "open_key", "resolved_at", "resolved_by"])


def _locked(organization: Organization, alert: Alert) -> Alert:
    alert = Alert.objects.select_for_update().get(organization=organization,
                                                  pk=alert.pk)
    if alert.status == Alert.Status.RESOLVED:
        raise ValidationError(_("This alert is already resolved."))
    return alert


def alert_acknowledge(*, organization: Organization, alert: Alert,
                      user: User) -> Alert:
    """Mark an alert as seen; it stays listed until its condition clears."""
    with transaction.atomic():
        alert = _locked(organization, alert)
        alert.status, alert.snoozed_until = Alert.Status.ACKNOWLEDGED, None
        alert.acknowledged_by, alert.acknowledged_at = user, timezone.now()
        alert.save(update_fields=["status", "snoozed_until", "acknowledged_by",
                                  "acknowledged_at"])
    return alert


def alert_snooze(*, organization: Organization, alert: Alert, user: User,
                 until: dt.date) -> Alert:
    """Hide an alert until a date; it reopens then if the condition persists."""
    if until <= policy_selectors.today():
        raise ValidationError({"until": _("Choose a date after today.")})
    with transaction.atomic():
        alert = _locked(organization, alert)
        alert.status, alert.snoozed_until = Alert.Status.SNOOZED, until
        alert.acknowledged_by, alert.acknowledged_at = user, timezone.now()
        alert.save(update_fields=["status", "snoozed_until", "acknowledged_by",
                                  "acknowledged_at"])
    return alert


def alert_resolve(*, organization: Organization, alert: Alert, user: User) -> Alert:
    """Close an alert by hand; if the condition persists a new one is raised later."""
    with transaction.atomic():
        alert = _locked(organization, alert)
        _resolve(alert, user, timezone.now())
    return alert


DIGEST_LIMIT = 30


def digest_recipients(*, organization: Organization) -> list[str]:
    """Purchasing contacts plus the active masters and managers."""
    members = Membership.objects.filter(
        organization=organization, is_active=True,
        role__in=(Role.MASTER, Role.MANAGER),
    ).values_list("user__email", flat=True)
    return recipients_parse("\n".join([organization.purchasing_emails, *members]))


def alerts_digest_send(
    *, organization: Organization, day: dt.date
) -> EmailOutbox | None:
    """Email the day's open alerts once (outbox key per organization and day).

    Returns the outbox row, or None when nothing is open.
    """
    alerts = list(selectors.alert_list(organization=organization)[:DIGEST_LIMIT])
    if not alerts:
        return None
    counts = selectors.open_alert_counts(organization=organization)

    def build() -> OutgoingEmail:
        with override(EMAIL_LANGUAGE):
            subject = _("[SmartStock] %(count)s open alerts on %(day)s") % {
                "count": counts["total"], "day": day.isoformat()}
            lines = [f"- [{alert.get_severity_display()}] "
                     + (f"{alert.product.sku} {alert.product.name}: "
                        if alert.product_id else "")
                     + render_message(alert.message_template, alert.params)
                     for alert in alerts]
        return OutgoingEmail(subject, "\n".join(lines))

    return outbox_send(
        organization=organization, kind=EmailOutbox.Kind.ALERT_DIGEST,
        dedupe_key=f"alert-digest:{organization.pk}:{day.isoformat()}",
        recipients=digest_recipients(organization=organization), build=build)
