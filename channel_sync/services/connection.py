"""Connectors for stored or entered credentials, and the test of new ones.

A connection test is one authenticated call (`test_connection` of the
channel's connector). Run on credentials a seller has just typed, it decides
whether they are stored: refused, they are not; the channel unreachable, they
are (the next sync tests them again). It runs inside the user's request, so
it makes a single attempt bounded by the connectors' own timeout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import crypto
from ..connectors import cafe24, coupang, naver
from ..connectors.http import (
    ChannelAuthError,
    ChannelError,
    ChannelUnavailable,
    HttpClient,
    RetryPolicy,
)
from ..messages import channel_error_text
from ..models import ChannelAccount

Kind = ChannelAccount.Kind


def http_client() -> HttpClient:
    return HttpClient(RetryPolicy(**settings.CHANNEL_SYNC_HTTP))


def credentials_of(account: ChannelAccount) -> dict[str, str]:
    return crypto.decrypt(account.credentials)


def store_tokens(account_id: int, tokens: cafe24.Cafe24Tokens) -> None:
    """Persist a rotated Cafe24 token pair at once, in its own transaction."""
    with transaction.atomic():
        account = ChannelAccount.objects.select_for_update().get(pk=account_id)
        data = credentials_of(account)
        data.update(tokens.as_dict())
        account.credentials = crypto.encrypt(data)
        account.save(update_fields=["credentials"])


def connector_for(account: ChannelAccount, *, client: HttpClient | None = None,
                  clock: Callable[[], dt.datetime] | None = None):
    """The connector of the account's channel, pointed at its API address."""
    return build_connector(account.kind, credentials_of(account),
                           base_url=account.base_url, client=client or http_client(),
                           clock=clock, account_id=account.pk)


def build_connector(kind: str, data: dict[str, str], *, base_url: str,
                    client: HttpClient, clock: Callable[[], dt.datetime] | None = None,
                    account_id: int | None = None):
    """A connector for these credentials (Cafe24: with its stored tokens, which
    a refresh replaces on the account `account_id`)."""
    lookback = settings.CHANNEL_SYNC_LOOKBACK_DAYS
    if kind == Kind.COUPANG:
        return coupang.CoupangConnector(
            vendor_id=data["vendor_id"], access_key=data["access_key"],
            secret_key=data["secret_key"], client=client, base_url=base_url,
            lookback_days=lookback, clock=clock)
    if kind == Kind.NAVER:
        return naver.NaverConnector(
            client_id=data["client_id"], client_secret=data["client_secret"],
            client=client, base_url=base_url, initial_days=lookback, clock=clock)
    tokens = None
    if data.get("access_token"):
        tokens = cafe24.Cafe24Tokens(
            access_token=data["access_token"], refresh_token=data["refresh_token"],
            expires_at=data.get("expires_at", ""),
            refresh_token_expires_at=data.get("refresh_token_expires_at", ""))

    def store(new: cafe24.Cafe24Tokens) -> None:
        if account_id is not None:
            store_tokens(account_id, new)

    return cafe24.Cafe24Connector(
        mall_id=data["mall_id"], client_id=data["client_id"],
        client_secret=data["client_secret"], tokens=tokens, client=client,
        on_tokens=store, base_url=base_url, lookback_days=lookback, clock=clock)


# -- testing credentials before they are stored ---------------------------------
REFUSED = {
    Kind.COUPANG: gettext_lazy(
        "Coupang refused these credentials: check the vendor id, the access key and"
        " the secret key."),
    Kind.NAVER: gettext_lazy(
        "Naver SmartStore refused these credentials: check the application id and"
        " the application secret."),
    Kind.CAFE24: gettext_lazy(
        "Cafe24 refused these credentials: check the mall id, the app's client id"
        " and its client secret."),
}


def verification_client() -> HttpClient:
    """The connectors' HTTP client with their timeout but a single attempt: a
    connection test runs inside the user's request and must end within one
    timeout per call (a sync retries later, with its back-off)."""
    return HttpClient(RetryPolicy(**{**settings.CHANNEL_SYNC_HTTP, "max_attempts": 1}))


def refusal_text(kind: str, error: ChannelError) -> str:
    """What the channel refused and which fields to check, in the active language."""
    if error.status is not None:
        answer = f"HTTP {error.status}" + (f": {error.detail}" if error.detail else "")
    else:  # refused before any answer, e.g. a Naver secret that cannot be one
        answer = channel_error_text(str(error))
    return f"{REFUSED[kind]} ({answer})"


def credentials_check(*, kind: str, credentials: dict[str, str],
                      base_url: str = "") -> str:
    """Test credentials with the connection test before they are stored.

    Returns "" when the channel accepted them, or the English reason it could
    not be reached (timed out, refused connection, 5xx, throttled): then they
    are stored and the next sync tests them again. Raises ValidationError,
    naming the fields to check, when the channel refused them (401/403 or its
    auth error) or refused the test request itself.
    """
    connector = build_connector(kind, credentials, base_url=base_url,
                                client=verification_client())
    try:
        connector.test_connection()
    except ChannelAuthError as error:
        raise ValidationError(refusal_text(kind, error)) from None
    except ChannelUnavailable as error:
        return str(error)
    except ChannelError as error:  # a 4xx or an unreadable answer: not a channel API
        raise ValidationError(_(
            "The channel did not accept the connection test: %(reason)s Check the"
            " API address and the credentials.") % {
            "reason": channel_error_text(str(error))}) from None
    return ""
