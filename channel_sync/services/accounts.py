"""Channel accounts: connect, test, pause/resume, disconnect; Cafe24 OAuth.

Credentials are encrypted before they touch the database and decrypted only
to build a connector; no function here returns or logs them.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Organization, User
from alerts.models import Alert
from alerts.services import alert_clear, alert_raise
from inventory.importing.synonyms import FORMAT_CHANNELS
from inventory.models import Channel

from .. import crypto
from ..connectors import cafe24
from ..connectors.http import ChannelError
from ..messages import (
    UNVERIFIED_AUTHORIZATION,
    UNVERIFIED_SYNC,
    channel_error_message,
    channel_error_text,
)
from ..models import ChannelAccount
from .connection import (
    connector_for,
    credentials_check,
    credentials_of,
    http_client,
    verification_client,
)
from .connection import store_tokens as _store_tokens

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
# The upload format of each channel's order export (its channel's name there).
EXPORT_FORMAT = {Kind.COUPANG: "coupang", Kind.NAVER: "smartstore",
                 Kind.CAFE24: "cafe24"}
DISCONNECTED_MESSAGE = gettext_noop(
    "Channel account %(name)s was paused: %(reason)s Check its credentials on the"
    " Channels page and resume it.")


def _unverified(kind: str, status: str, reason: str) -> str:
    """The stored English sentence of credentials not tested yet ("" if tested)."""
    if not reason:
        return ""
    template = UNVERIFIED_AUTHORIZATION if kind == Kind.CAFE24 \
        and status == Status.AWAITING_AUTHORIZATION else UNVERIFIED_SYNC
    return (template % {"reason": reason})[:1000]


def _channel_for(organization: Organization, kind: str) -> Channel:
    """The sales channel the account's lines are recorded under (created once),
    named as an upload of the channel's export names it (쿠팡, 스마트스토어,
    카페24), not in the connecting user's language: the ledger and the sales
    report then show one name whichever came first."""
    channel = Channel.objects.filter(organization=organization,
                                     kind=CHANNEL_KIND[kind]).order_by("pk").first()
    if channel is None:
        channel, _created = Channel.objects.get_or_create(
            organization=organization, name=FORMAT_CHANNELS[EXPORT_FORMAT[kind]],
            defaults={"kind": CHANNEL_KIND[kind]})
    return channel


def _credentials_data(kind: str, credentials: dict[str, str]) -> dict[str, str]:
    if kind not in CREDENTIAL_FIELDS:
        raise ValidationError(_("Unknown channel."))
    fields = CREDENTIAL_FIELDS[kind]
    missing = [name for name in fields if not (credentials.get(name) or "").strip()]
    if missing:
        raise ValidationError(_("Fill in every credential field."))
    return {name: credentials[name].strip() for name in fields}


def account_connect(*, organization: Organization, user: User, kind: str, name: str,
                    credentials: dict[str, str], base_url: str = "",
                    channel: Channel | None = None) -> ChannelAccount:
    """Test the credentials against the channel, then store the account with
    them encrypted (Cafe24: awaiting OAuth). Refused credentials store
    nothing (ValidationError); a channel that could not be reached stores the
    account with the reason in `last_error` (the next sync tests again)."""
    data = _credentials_data(kind, credentials)
    if channel is not None and channel.organization_id != organization.pk:
        raise ValidationError(_("Unknown sales channel."))
    name = name.strip()
    status = Status.AWAITING_AUTHORIZATION if kind == Kind.CAFE24 else Status.ACTIVE
    account = ChannelAccount(
        organization=organization, kind=kind, name=name,
        account_label=data[CREDENTIAL_FIELDS[kind][0]], base_url=base_url.strip(),
        status=status)
    if ChannelAccount.objects.filter(organization=organization, name=name).exists():
        raise ValidationError(_("An account with this name exists already."))
    account.full_clean(exclude=["credentials", "channel"])
    # Only now the channel is called: nothing above needs it.
    reason = credentials_check(kind=kind, credentials=data, base_url=account.base_url)
    account.last_error = _unverified(kind, status, reason)
    account.credentials = crypto.encrypt(data)
    try:
        with transaction.atomic():
            account.channel = channel or _channel_for(organization, kind)
            account.save()
    except IntegrityError:
        raise ValidationError(_("An account with this name exists already.")) from None
    return account


def account_credentials_set(*, organization: Organization, account: ChannelAccount,
                            credentials: dict[str, str],
                            user: User | None = None) -> ChannelAccount:
    """Replace the account's keys/secret (its account id stays) once the channel
    accepted them; refused, the previous credentials stay (ValidationError).
    Then the account is active again (a disconnected one too), unless the user
    had paused it; Cafe24 keeps its tokens while the app's client id is the same,
    else it waits for authorization."""
    _check(organization, account)
    fields = CREDENTIAL_FIELDS[account.kind]
    data = _credentials_data(account.kind, {
        **credentials, fields[0]: account.account_label})
    reason = credentials_check(kind=account.kind, credentials=data,
                               base_url=account.base_url)
    with transaction.atomic():
        account = ChannelAccount.objects.select_for_update().get(pk=account.pk)
        status = Status.PAUSED if account.status == Status.PAUSED \
            and not account.last_error else Status.ACTIVE  # the user's pause stays
        if account.kind == Kind.CAFE24:
            tokens = _cafe24_tokens(account, client_id=data["client_id"])
            data.update(tokens)
            if not tokens:
                status = Status.AWAITING_AUTHORIZATION
        account.credentials = crypto.encrypt(data)
        account.status = status
        account.last_error = _unverified(account.kind, status, reason)
        account.save(update_fields=["credentials", "status", "last_error"])
    alert_clear(organization=organization, key=f"channel:{account.pk}")
    return account


def _cafe24_tokens(account: ChannelAccount, *, client_id: str) -> dict[str, str]:
    """The stored token pair, kept when the app (client id) stays the same."""
    try:
        old = credentials_of(account) if account.credentials else {}
    except crypto.CredentialsUnreadable:
        return {}
    if old.get("client_id") != client_id or not old.get("access_token"):
        return {}
    return {name: old.get(name, "") for name in (
        "access_token", "refresh_token", "expires_at", "refresh_token_expires_at")}


def account_test(
    *, organization: Organization, account: ChannelAccount
) -> tuple[bool, str]:
    """One real authenticated call: whether it worked, and a message in plain words."""
    _check(organization, account)
    try:
        connector_for(account, client=verification_client()).test_connection()
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
