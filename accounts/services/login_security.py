"""Sign-in security: the failed-login throttle, the sign-in record, two-factor rules.

The throttle counts failed password logins in the cache, per client address and
per client address + account together. A stranger who guesses passwords for a
known email is stopped on *their* address; the account's owner, signing in from
another address, is not locked out (the old per-email limit let anyone lock a
user out with five wrong passwords).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import LoginAttempt, Organization, User
from ..selectors import SECOND_FACTORS

# (failures allowed, window in seconds); settings.SMARTSTOCK_LOGIN_THROTTLE overrides.
DEFAULT_LIMITS = {"address": (30, 15 * 60), "account": (5, 15 * 60)}
_CACHE_PREFIX = "login-throttle"


@dataclass(frozen=True)
class ThrottleRule:
    """`limit` failures within `window_seconds` block further attempts."""

    scope: str
    limit: int
    window_seconds: int


def throttle_rules() -> list[ThrottleRule]:
    """The rules in force (read when called, never at import)."""
    limits = {**DEFAULT_LIMITS, **getattr(settings, "SMARTSTOCK_LOGIN_THROTTLE", {})}
    return [ThrottleRule(scope, *limits[scope]) for scope in ("address", "account")]


def _cache_key(rule: ThrottleRule, *, address: str, email: str) -> str:
    if rule.scope == "address":
        return f"{_CACHE_PREFIX}:address:{address}"
    return f"{_CACHE_PREFIX}:account:{address}:{email.strip().lower()}"


def _recent(key: str, rule: ThrottleRule, now: float) -> list[float]:
    """Failure times still inside the rule's window."""
    return [t for t in cache.get(key, []) if t > now - rule.window_seconds]


def login_throttle_retry_after(
    *, address: str, email: str, clock: Callable[[], float] = time.time
) -> int | None:
    """Seconds until a login from `address` for `email` may be tried; None: now."""
    now = clock()
    waits = []
    for rule in throttle_rules():
        recent = _recent(_cache_key(rule, address=address, email=email), rule, now)
        if len(recent) >= rule.limit:
            # The oldest failure that still counts leaves the window first.
            oldest = sorted(recent)[len(recent) - rule.limit]
            waits.append(max(1, int(oldest + rule.window_seconds - now + 0.999)))
    return max(waits) if waits else None


def login_failure_count(
    *, address: str, email: str, clock: Callable[[], float] = time.time
) -> None:
    """Count one failed password login against both rules."""
    now = clock()
    for rule in throttle_rules():
        key = _cache_key(rule, address=address, email=email)
        recent = _recent(key, rule, now)[-(rule.limit * 2):]
        cache.set(key, [*recent, now], timeout=rule.window_seconds)


def login_success_clear(*, address: str, email: str) -> None:
    """A correct password from this address clears that account's count there."""
    for rule in throttle_rules():
        if rule.scope == "account":
            cache.delete(_cache_key(rule, address=address, email=email))


def login_attempt_record(
    *, email: str, address: str | None, user_agent: str, succeeded: bool,
    user: User | None = None,
) -> LoginAttempt:
    """Store one sign-in attempt; a failed one is linked to the account it named."""
    email = (email or "").strip().lower()[:254]
    if user is None and email:
        user = User.objects.filter(email__iexact=email).first()
    return LoginAttempt.objects.create(
        email=email or getattr(user, "email", ""),
        user=user,
        ip_address=address or None,
        user_agent=(user_agent or "")[:300],
        succeeded=succeeded,
    )


def user_has_mfa(*, user: User) -> bool:
    """True when the user has a second factor: an authenticator app or a key."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def organization_require_mfa_set(
    *, organization: Organization, required: bool, user: User
) -> Organization:
    """Turn the organization's two-factor requirement on or off.

    The master turning it on must have an authenticator app already, so the
    switch cannot lock them out of the page they are on.
    """
    if required and not user_has_mfa(user=user):
        raise ValidationError(
            _("Set up two-factor authentication for your own account first."),
            code="mfa_missing",
        )
    organization.require_mfa = required
    organization.save(update_fields=["require_mfa"])
    return organization
