"""Channel accounts: connect, test, pause/resume, disconnect; Cafe24 OAuth.

Credentials are encrypted before they touch the database and decrypted only
to build a connector; no function here returns or logs them.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Organization, User
from alerts.models import Alert
from alerts.services import alert_clear, alert_raise
from inventory.models import Channel

from .. import crypto
from ..connectors import cafe24, coupang, naver
from ..connectors.http import ChannelError, HttpClient, RetryPolicy
from ..messages import channel_error_message, channel_error_text
from ..models import ChannelAccount

Kind = ChannelAccount.Kind
Status = ChannelAccount.Status

# Which credential fields each kind takes; the first is the visible account id.
CREDENTIAL_FIELDS: dict[str, tuple[str, ...]] = {
    Kind.COUPANG: ("vendor_id", "access_key", "secret_key"),
    Kind.NAVER: ("client_id", "client_secret"),
    Kind.CAFE24: ("mall_id", "client_id", "client_secret"),
}
CHANNEL_KIND = {Kind.COUPANG: Channel.Kind.COUPANG, Kind.NAVER: Channel.Kind.SMARTSTORE,
                Kind.CAFE24: Channel.Kind.OWN_MALL}
DISCONNECTED_MESSAGE = gettext_noop(
    "Channel account %(name)s was paused: %(reason)s Check its credentials on the"
    " Channels page and resume it.")


def http_client() -> HttpClient:
    return HttpClient(RetryPolicy(**settings.CHANNEL_SYNC_HTTP))


def credentials_of(account: ChannelAccount) -> dict[str, str]:
    return crypto.decrypt(account.credentials)


def _store_tokens(account_id: int, tokens: cafe24.Cafe24Tokens) -> None:
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
    data = credentials_of(account)
    client = client or http_client()
    lookback = settings.CHANNEL_SYNC_LOOKBACK_DAYS
    if account.kind == Kind.COUPANG:
        return coupang.CoupangConnector(
            vendor_id=data["vendor_id"], access_key=data["access_key"],
            secret_key=data["secret_key"], client=client, base_url=account.base_url,
            lookback_days=lookback, clock=clock)
    if account.kind == Kind.NAVER:
        return naver.NaverConnector(
            client_id=data["client_id"], client_secret=data["client_secret"],
            client=client, base_url=account.base_url, initial_days=lookback,
            clock=clock)
    tokens = None
    if data.get("access_token"):
        tokens = cafe24.Cafe24Tokens(
            access_token=data["access_token"], refresh_token=data["refresh_token"],
            expires_at=data.get("expires_at", ""),
            refresh_token_expires_at=data.get("refresh_token_expires_at", ""))
    return cafe24.Cafe24Connector(
        mall_id=data["mall_id"], client_id=data["client_id"],
        client_secret=data["client_secret"], tokens=tokens, client=client,
        on_tokens=lambda new: _store_tokens(account.pk, new),
        base_url=account.base_url, lookback_days=lookback, clock=clock)


def _channel_for(organization: Organization, kind: str, name: str) -> Channel:
    """The sales channel the account's lines are recorded under (created once)."""
    channel = Channel.objects.filter(organization=organization,
                                     kind=CHANNEL_KIND[kind]).order_by("pk").first()
    if channel is None:
        channel, _created = Channel.objects.get_or_create(
            organization=organization, name=name,
            defaults={"kind": CHANNEL_KIND[kind]})
    return channel


def account_connect(*, organization: Organization, user: User, kind: str, name: str,
                    credentials: dict[str, str], base_url: str = "",
                    channel: Channel | None = None) -> ChannelAccount:
    """Store a new account with encrypted credentials (Cafe24: awaiting OAuth)."""
    if kind not in CREDENTIAL_FIELDS:
        raise ValidationError(_("Unknown channel."))
    fields = CREDENTIAL_FIELDS[kind]
    missing = [name for name in fields if not (credentials.get(name) or "").strip()]
    if missing:
        raise ValidationError(_("Fill in every credential field."))
    data = {name: credentials[name].strip() for name in fields}
    if channel is not None and channel.organization_id != organization.pk:
        raise ValidationError(_("Unknown sales channel."))
    try:
        with transaction.atomic():
            account = ChannelAccount(
                organization=organization, kind=kind, name=name.strip(),
                channel=channel or _channel_for(organization, kind,
                                                Kind(kind).label),
                account_label=data[fields[0]], credentials=crypto.encrypt(data),
                base_url=base_url.strip(),
                status=Status.AWAITING_AUTHORIZATION if kind == Kind.CAFE24
                else Status.ACTIVE)
            account.full_clean(exclude=["credentials", "channel"])
            account.save()
    except IntegrityError:
        raise ValidationError(_("An account with this name exists already.")) from None
    return account


def account_test(
    *, organization: Organization, account: ChannelAccount
) -> tuple[bool, str]:
    """One real authenticated call: whether it worked, and a message in plain words."""
    _check(organization, account)
    try:
        connector_for(account).test_connection()
    except ChannelError as error:
        return False, _("The connection failed: %(reason)s") % {
            "reason": channel_error_text(str(error))}
    except crypto.CredentialsUnreadable:
        return False, _("The stored credentials cannot be read with the configured "
                        "keys.")
    return True, _("The connection works.")


def _check(organization: Organization, account: ChannelAccount) -> None:
    if account.organization_id != organization.pk:
        raise ValidationError(_("This account does not exist."))


def _set_status(organization: Organization, account: ChannelAccount,
                status: str) -> ChannelAccount:
    _check(organization, account)
    with transaction.atomic():
        account = ChannelAccount.objects.select_for_update().get(pk=account.pk)
        account.status = status
        account.save(update_fields=["status"])
    return account


def account_pause(*, organization: Organization, account: ChannelAccount,
                  user: User | None = None) -> ChannelAccount:
    return _set_status(organization, account, Status.PAUSED)


def account_resume(*, organization: Organization, account: ChannelAccount,
                   user: User | None = None) -> ChannelAccount:
    if account.status == Status.DISCONNECTED:
        raise ValidationError(_("A disconnected account must be connected again."))
    account = _set_status(organization, account, Status.ACTIVE)
    alert_clear(organization=organization, key=f"channel:{account.pk}")
    return account


def account_disconnect(*, organization: Organization, account: ChannelAccount,
                       user: User | None = None) -> ChannelAccount:
    """Forget the credentials; the imported lines and movements stay."""
    _check(organization, account)
    with transaction.atomic():
        account = ChannelAccount.objects.select_for_update().get(pk=account.pk)
        account.credentials = ""
        account.status = Status.DISCONNECTED
        account.push_enabled = False
        account.save(update_fields=["credentials", "status", "push_enabled"])
    alert_clear(organization=organization, key=f"channel:{account.pk}")
    return account


def account_settings_set(*, organization: Organization, account: ChannelAccount,
                         push_enabled: bool, push_dry_run: bool,
                         push_buffer: int) -> ChannelAccount:
    _check(organization, account)
    if push_buffer < 0:
        raise ValidationError(_("The buffer cannot be negative."))
    with transaction.atomic():
        account = ChannelAccount.objects.select_for_update().get(pk=account.pk)
        account.push_enabled, account.push_dry_run = push_enabled, push_dry_run
        account.push_buffer = push_buffer
        account.save(update_fields=["push_enabled", "push_dry_run", "push_buffer"])
    return account


def account_paused_for_auth(*, account: ChannelAccount, reason: str) -> None:
    """401/403: pause the account and raise the "channel disconnected" alert."""
    with transaction.atomic():
        ChannelAccount.objects.filter(pk=account.pk).update(
            status=Status.PAUSED, last_error=reason[:1000])
    alert_raise(organization=account.organization, kind=Alert.Kind.CHANNEL,
                key=f"channel:{account.pk}", severity=Alert.Severity.HIGH,
                message=DISCONNECTED_MESSAGE,
                params={"name": account.name,
                        "reason": channel_error_message(reason)})


# -- Cafe24 OAuth ----------------------------------------------------------------------
def cafe24_authorize_start(*, organization: Organization, account: ChannelAccount,
                           redirect_uri: str) -> tuple[str, str]:
    """(URL to send the browser to, state to keep in the session)."""
    _check(organization, account)
    if account.kind != Kind.CAFE24:
        raise ValidationError(_("Only Cafe24 accounts are authorized this way."))
    data = credentials_of(account)
    state = secrets.token_urlsafe(24)
    url = cafe24.authorize_url(mall_id=data["mall_id"], client_id=data["client_id"],
                               redirect_uri=redirect_uri, state=state,
                               base_url=account.base_url)
    return url, state


def cafe24_authorize_finish(*, organization: Organization, account: ChannelAccount,
                            code: str, redirect_uri: str) -> ChannelAccount:
    """Exchange the authorization code; store the token pair; activate."""
    _check(organization, account)
    data = credentials_of(account)
    try:
        tokens = cafe24.exchange_code(
            http_client(), mall_id=data["mall_id"], client_id=data["client_id"],
            client_secret=data["client_secret"], code=code,
            redirect_uri=redirect_uri, base_url=account.base_url)
    except ChannelError as error:
        raise ValidationError(
            _("Cafe24 refused the authorization: %(reason)s") % {"reason": error}
        ) from None
    _store_tokens(account.pk, tokens)
    with transaction.atomic():
        ChannelAccount.objects.filter(pk=account.pk).update(
            status=Status.ACTIVE, last_error="")
    alert_clear(organization=organization, key=f"channel:{account.pk}")
    account.refresh_from_db()
    return account


def now() -> dt.datetime:
    return timezone.now()
