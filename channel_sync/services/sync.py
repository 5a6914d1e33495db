"""Pull order lines from a channel account into the ledger, exactly once.

One run: take the account's lock (a cache lock that expires, so a crashed
worker frees it), then for every page the connector yields, in ONE
transaction: upsert the lines seen (`ChannelOrderLine`), record what they mean
for stock through inventory's order-line service (keyed by the canonical line
key, so overlaps, retries, re-deliveries and the same line in an uploaded
export are counted once), and save the cursor/watermark. The watermark only
moves with the page that completes a window, after its lines are committed: a
run killed anywhere resumes from the last committed cursor.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from inventory.importing.line_keys import (
    LineKeyError,
    cafe24_line_key,
    coupang_line_key,
    naver_line_key,
)
from inventory.importing.resolve import ProductCodes
from inventory.models import Product, StockMovement
from inventory.services.import_preview import error_dict_text
from inventory.services.imports import OrganizationResolver
from inventory.services.order_lines import OrderLine, order_lines_record
from inventory.services.stock import StockError, with_deadlock_retry
from inventory.services.stock.errors import refusal_data

from .. import crypto
from ..connectors.http import ChannelAuthError, ChannelError
from ..connectors.types import ChannelLine, LineState, Page
from ..messages import skipped_line
from ..models import ChannelAccount, ChannelOrderLine, SyncRun
from . import accounts as account_services

logger = logging.getLogger(__name__)
State = ChannelOrderLine.State
RECORDED_STATES = {State.SHIPPED, State.CANCELLED, State.RETURNED}
UPSERT_FIELDS = ["order_id", "status", "state", "quantity", "cancelled_quantity",
                 "seller_code", "channel_code", "product_name", "option_name",
                 "business_date", "amount"]
DETAIL_LIMIT = 200
RETURN_NEVER_SEEN = gettext_noop("return for an order line never seen")
WAITING_LIMIT = 5000  # waiting lines tried per run (the rest: the next run)


class SyncBusy(Exception):
    """Another run holds this account's lock."""


@dataclass
class _Counts:
    fetched: int = 0
    applied: int = 0
    skipped: int = 0
    unknown: int = 0
    movements: int = 0


def line_key(kind: str, parts: tuple[str, ...]) -> str:
    if kind == ChannelAccount.Kind.COUPANG:
        return coupang_line_key(shipment_box_id=parts[0], vendor_item_id=parts[1])
    if kind == ChannelAccount.Kind.NAVER:
        return naver_line_key(product_order_id=parts[0])
    return cafe24_line_key(order_item_code=parts[0])


# -- the lock ------------------------------------------------------------------------------
def _lock_key(account_id: int) -> str:
    # The database name too: two databases sharing one cache (dev, benchmarks)
    # have accounts with the same ids.
    database = connection.settings_dict.get("NAME", "")
    return f"smartstock:channel-sync-lock:{database}:{account_id}"


def _acquire(account_id: int) -> str | None:
    token = secrets.token_hex(8)
    if cache.add(_lock_key(account_id), token, settings.CHANNEL_SYNC_LOCK_SECONDS):
        return token
    return None


def _release(account_id: int, token: str) -> None:
    if cache.get(_lock_key(account_id)) == token:
        cache.delete(_lock_key(account_id))


# -- one run -------------------------------------------------------------------------------
def account_sync(*, account_id: int, connector=None) -> SyncRun:
    """Sync one account now; raises SyncBusy when a run is already going."""
    token = _acquire(account_id)
    if token is None:
        raise SyncBusy(account_id)
    try:
        return _run(account_id, connector)
    finally:
        _release(account_id, token)


def _run(account_id: int, connector) -> SyncRun:
    account = ChannelAccount.objects.select_related("organization", "channel").get(
        pk=account_id)
    run = SyncRun.objects.create(organization=account.organization, account=account,
                                 started_at=timezone.now())
    counts = _Counts()
    resolver = OrganizationResolver(account.organization, None)
    try:
        connector = connector or account_services.connector_for(account)
        pages = connector.pages(cursor=account.cursor, watermark=account.watermark)
        for page in pages:
            _apply_page(account, run, page, counts, resolver)
            page_committed(account, run)
        _apply_waiting(account, run, counts)
    except ChannelAuthError as error:
        reason = str(error)
        account_services.account_paused_for_auth(account=account, reason=reason)
        return _finish(run, counts, SyncRun.Status.FAILED, reason)
    except (ChannelError, crypto.CredentialsUnreadable) as error:
        _account_error(account, str(error))
        return _finish(run, counts, SyncRun.Status.FAILED, str(error))
    except Exception as error:  # database error, bug: logged, the run resumes later
        logger.exception("Channel sync of account %s failed", account_id)
        _account_error(account, f"Internal error: {type(error).__name__}")
        _finish(run, counts, SyncRun.Status.INTERRUPTED, type(error).__name__)
        raise
    ChannelAccount.objects.filter(pk=account.pk).update(
        last_sync_at=timezone.now(), last_success_at=timezone.now(), last_error="",
        status=_keep_status(account))
    return _finish(run, counts, SyncRun.Status.OK, "")


def page_committed(account: ChannelAccount, run: SyncRun) -> None:
    """Called after each committed page (a test hook for "killed after page k")."""


def _keep_status(account: ChannelAccount) -> str:
    status = ChannelAccount.objects.values_list("status", flat=True).get(pk=account.pk)
    return ChannelAccount.Status.ACTIVE if status == ChannelAccount.Status.ERROR \
        else status


def _account_error(account: ChannelAccount, message: str) -> None:
    ChannelAccount.objects.filter(pk=account.pk).update(
        last_sync_at=timezone.now(), last_error=message[:1000],
        status=ChannelAccount.Status.ERROR)


def _finish(run: SyncRun, counts: _Counts, status: str, error: str) -> SyncRun:
    SyncRun.objects.filter(pk=run.pk).update(
        status=status, finished_at=timezone.now(), error=error[:2000],
        fetched=counts.fetched, applied=counts.applied, skipped=counts.skipped,
        unknown=counts.unknown, movements=counts.movements, details=run.details,
        pages=run.pages)
    run.refresh_from_db()
    return run


# -- one page ------------------------------------------------------------------------------
def _apply_page(account: ChannelAccount, run: SyncRun, page: Page, counts: _Counts,
                resolver: OrganizationResolver) -> None:
    counts.fetched += len(page.lines) + len(page.rejects)
    skipped = [skipped_line(reject.ref, reject.template, reject.params)
               for reject in page.rejects]

    def apply() -> tuple[int, int, int, list[dict]]:
        with transaction.atomic():
            rows, problems = _upsert(account, page.lines, resolver)
            applied, movements, refused = _record(account, run, rows)
            fields = {"cursor": page.cursor}
            if page.watermark is not None:
                fields["watermark"] = page.watermark
            new = sum(1 for row in rows if getattr(row, "_created", False))
            fields["lines_imported"] = F("lines_imported") + new
            ChannelAccount.objects.filter(pk=account.pk).update(**fields)
            unknown = sum(1 for row in rows if row.product_id is None)
            return applied, movements, unknown, problems + refused

    applied, movements, unknown, problems = with_deadlock_retry(apply)
    skipped.extend(problems)
    counts.applied += applied
    counts.movements += movements
    counts.unknown += unknown
    counts.skipped += len(skipped)
    run.pages += 1
    run.details = (run.details + skipped)[:DETAIL_LIMIT]
    SyncRun.objects.filter(pk=run.pk).update(
        pages=run.pages, fetched=counts.fetched, applied=counts.applied,
        skipped=counts.skipped, unknown=counts.unknown, movements=counts.movements,
        details=run.details)


def _upsert(account: ChannelAccount, lines: list[ChannelLine],
            resolver: OrganizationResolver) -> tuple[list[ChannelOrderLine], list]:
    """Store each line's current state (one row per key, last one wins)."""
    problems: list[dict] = []
    latest: dict[str, ChannelLine] = {}
    for line in lines:
        try:
            latest[line_key(account.kind, line.key_parts)] = line
        except LineKeyError as error:
            problems.append(skipped_line("/".join(line.key_parts), error.template,
                                    error.params))
    existing = {row.key: row for row in ChannelOrderLine.objects.select_for_update()
                .filter(account=account, key__in=sorted(latest)).order_by("key")}
    products = _products(account, latest.values(), resolver)
    rows: list[ChannelOrderLine] = []
    created: list[ChannelOrderLine] = []
    changed: list[ChannelOrderLine] = []
    for key, line in latest.items():
        row = existing.get(key)
        if line.update_only:
            if row is None:
                problems.append(skipped_line(key, RETURN_NEVER_SEEN))
                continue
            row.cancelled_quantity = min(row.quantity, line.cancelled_quantity)
            row.state = State.RETURNED if row.cancelled_quantity >= row.quantity \
                else State.SHIPPED
            row.status = line.status
            changed.append(row)
            rows.append(row)
            continue
        fields = {
            "order_id": line.order_id[:64], "status": line.status[:32],
            "state": str(line.state), "quantity": line.quantity,
            "cancelled_quantity": line.cancelled_quantity,
            "seller_code": line.seller_code[:100],
            "channel_code": line.channel_code[:100],
            "product_name": line.product_name[:200],
            "option_name": line.option_name[:200],
            "business_date": line.business_date,
            "amount": line.amount,
        }
        if row is None:
            row = ChannelOrderLine(organization=account.organization, account=account,
                                   key=key, product_id=products.get(key), **fields)
            created.append(row)
        else:
            if row.state == State.RETURNED and line.state == LineState.SHIPPED:
                fields.pop("state")  # an older sheet must not undo a return
                fields.pop("cancelled_quantity")
            before = [getattr(row, name) for name in fields]
            for name, value in fields.items():
                setattr(row, name, value)
            unmapped = row.product_id is None and products.get(key) is not None
            if unmapped:
                row.product_id = products[key]
            if unmapped or before != list(fields.values()):
                changed.append(row)
        rows.append(row)
    if created:
        ChannelOrderLine.objects.bulk_create(created, batch_size=500)
        for row in created:
            row._created = True
        # SQLite/MariaDB bulk_create sets no ids on every backend: read them back.
        ids = dict(ChannelOrderLine.objects.filter(
            account=account, key__in=[row.key for row in created]).values_list(
            "key", "pk"))
        for row in created:
            row.pk = ids[row.key]
    if changed:
        now = timezone.now()
        for row in changed:
            row.updated_at = now
        ChannelOrderLine.objects.bulk_update(
            changed, [*UPSERT_FIELDS, "product", "updated_at"], batch_size=500)
    return rows, problems


def _products(account: ChannelAccount, lines: Iterable[ChannelLine],
              resolver: OrganizationResolver) -> dict[str, int]:
    """Product id per line key, through the upload path's resolver."""
    found = {}
    for line in lines:
        resolution = resolver.resolve(ProductCodes(
            sku=line.seller_code, channel_code=line.channel_code,
            channel=account.channel.name))
        if resolution is not None:
            found[line_key(account.kind, line.key_parts)] = resolution.key
    return found


def _record(account: ChannelAccount, run: SyncRun,
            rows: list[ChannelOrderLine]) -> tuple[int, int, list[dict]]:
    """Record the lines whose state settles stock; a refused line waits."""
    candidates = [row for row in rows
                  if row.product_id is not None and row.state in RECORDED_STATES]
    products = Product.objects.in_bulk({row.product_id for row in candidates})
    refused: list[dict] = []
    while candidates:
        lines = [OrderLine(channel=account.channel, key=row.key,
                           product=products[row.product_id],
                           quantity=row.desired_out,
                           amount=row.desired_amount,
                           business_date=row.business_date,
                           note=f"{account.name} {row.order_id}".strip()[:500])
                 for row in candidates]
        try:
            with transaction.atomic():
                outcome = order_lines_record(
                    organization=account.organization, user=None, lines=lines,
                    source=StockMovement.Source.CHANNEL_SYNC,
                    source_ref=f"sync:{run.pk}")
        except StockError as error:
            line = getattr(error, "line", None)
            if line is None:
                raise
            # e.g. not enough stock recorded yet, a set without components: this
            # line is marked and waits (every sync tries it again), the rest goes
            # on. The reason is kept as template + params: the sync log says it
            # in its reader's language; "reason" is the English text (logs).
            refusal = refusal_data(error)
            with translation.override("en"):
                reason = error_dict_text(refusal)
            refused.append({"ref": line.key, "reason": reason, "refusal": refusal})
            ChannelOrderLine.objects.filter(account=account, key=line.key).update(
                refusal=refusal)
            candidates = [row for row in candidates if row.key != line.key]
            continue
        # One UPDATE per distinct quantity (a handful), not a CASE per row.
        by_quantity: dict[int, list[int]] = {}
        for row in candidates:
            if row.recorded_quantity != row.desired_out:
                row.recorded_quantity = row.desired_out
                by_quantity.setdefault(row.desired_out, []).append(row.pk)
        for value, ids in by_quantity.items():
            ChannelOrderLine.objects.filter(pk__in=ids).update(recorded_quantity=value)
        ChannelOrderLine.objects.filter(
            pk__in=[row.pk for row in candidates], refusal__isnull=False,
        ).update(refusal=None)  # recorded as it stands now
        return len(candidates), len(outcome.movements), refused
    return 0, 0, refused


def _waiting(account: ChannelAccount) -> list[ChannelOrderLine]:
    """Lines whose state settles stock but whose units the ledger does not
    show yet, or that the ledger refused as they stand (an amount changed, a
    set without components then): the database picks them, not a capped scan."""
    units_differ = (
        Q(state=State.SHIPPED)
        & ~Q(quantity=F("recorded_quantity") + F("cancelled_quantity"))
    ) | (Q(state__in=(State.CANCELLED, State.RETURNED)) & ~Q(recorded_quantity=0))
    rows = ChannelOrderLine.objects.filter(
        Q(refusal__isnull=False) | units_differ, account=account,
        product__isnull=False, state__in=RECORDED_STATES,
    ).order_by("key")[:WAITING_LIMIT]
    return [row for row in rows if row.refusal is not None
            or row.recorded_quantity != row.desired_out]


def _apply_waiting(account: ChannelAccount, run: SyncRun, counts: _Counts) -> None:
    """Lines seen before that could not be recorded then (unknown code mapped
    since, stock recorded since, a refusal fixed since): try them again. The
    order-line service records each once: a line already recorded writes
    nothing."""
    rows = _waiting(account)
    if not rows:
        return

    def apply():
        with transaction.atomic():
            locked = list(ChannelOrderLine.objects.select_for_update().filter(
                pk__in=[row.pk for row in rows]).order_by("key"))
            return _record(account, run, locked)

    applied, movements, refused = with_deadlock_retry(apply)
    counts.applied += applied
    counts.movements += movements
    counts.skipped += len(refused)
    run.details = (run.details + refused)[:DETAIL_LIMIT]


def lines_apply_waiting(*, account: ChannelAccount) -> SyncRun:
    """Record the waiting lines of an account now (after a code was mapped)."""
    run = SyncRun.objects.create(organization=account.organization, account=account,
                                 started_at=timezone.now())
    counts = _Counts()
    _apply_waiting(account, run, counts)
    return _finish(run, counts, SyncRun.Status.OK, "")


def accounts_due(*, now=None) -> list[int]:
    """Active accounts whose last sync is older than the interval."""
    now = now or timezone.now()
    interval = timezone.timedelta(minutes=settings.CHANNEL_SYNC_INTERVAL_MINUTES)
    due = []
    for pk, last in ChannelAccount.objects.filter(
            status__in=[ChannelAccount.Status.ACTIVE, ChannelAccount.Status.ERROR],
    ).values_list("pk", "last_sync_at"):
        if last is None or now - last >= interval:
            due.append(pk)
    return due
