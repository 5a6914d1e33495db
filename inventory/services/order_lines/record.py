"""Recording order lines: new lines taken, changed ones corrected."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from inventory.models import ExternalReference, Product, UploadBatch
from inventory.services.stock import MovementEntry, StockError, with_deadlock_retry
from inventory.services.stock.bulk import BulkLedger

from .plan import _classify, _components, _desired, _references, _unique, held_of
from .types import (
    _IN_CHUNK,
    OLDER,
    Kind,
    OrderLine,
    OrderLinesOutcome,
    OrderLinesPlan,
    PlannedLine,
    _Held,
)


# -- public: record --------------------------------------------------------------------
def order_lines_record(
    *,
    organization: Organization,
    user: User | None,
    lines: Sequence[OrderLine],
    source: str,
    source_ref: str = "",
    batch: UploadBatch | None = None,
) -> OrderLinesOutcome:
    """Record the lines, all or nothing: new lines taken, changed lines corrected."""
    if batch is not None and not source_ref:
        source_ref = str(batch.pk)

    def run() -> OrderLinesOutcome:
        with transaction.atomic():
            ledger = BulkLedger(organization, user, source, source_ref)
            plan = order_lines_stage(organization=organization, lines=lines,
                                     ledger=ledger)
            return OrderLinesOutcome(plan, ledger.flush(returning=True))

    return with_deadlock_retry(run)


def order_lines_stage(
    *, organization: Organization, lines: Sequence[OrderLine], ledger: BulkLedger,
    extra_product_ids: Iterable[int] = (),
) -> OrderLinesPlan:
    """Inside the caller's transaction: claim and lock the references, lock the
    products (with `extra_product_ids`) and stage every line on `ledger`.

    Raises StockError (with `.line` set to the refused OrderLine) when the
    ledger refuses a line; the caller's transaction then writes nothing.
    """
    staging = order_lines_prepare(organization=organization, lines=lines,
                                  ledger=ledger, extra_product_ids=extra_product_ids)
    for planned in staging.plan.lines:
        staging.stage(planned.line)
    return staging.plan


class OrderLinesStaging:
    """Claimed, locked and classified lines, staged one by one (in file order)."""

    def __init__(self, ledger: BulkLedger, plan: OrderLinesPlan, references: dict,
                 held: dict[int, _Held]) -> None:
        self.ledger = ledger
        self.plan = plan
        self._references = references
        self._held = held
        self._planned = {(p.line.scope, p.line.key): p for p in plan.lines}
        self._staged: set[tuple[str, str]] = set()

    def stage(self, line: OrderLine) -> PlannedLine:
        """Stage the rows of one line (nothing when it is unchanged)."""
        pair = (line.scope, line.key)
        planned = self._planned[pair]
        if planned.writes and pair not in self._staged:
            self._staged.add(pair)  # a key given twice is staged once (the last)
            reference = self._references[(line.scope, line.key)]
            try:
                _stage_line(self.ledger, planned, self._held[reference.pk], reference)
            except StockError as error:
                error.line = planned.line
                raise
        return planned


def order_lines_prepare(
    *, organization: Organization, lines: Sequence[OrderLine], ledger: BulkLedger,
    extra_product_ids: Iterable[int] = (), seen_in: UploadBatch | None = None,
) -> OrderLinesStaging:
    """Claim and lock the lines' references, lock the products, classify, and
    note on each reference the newest export day that saw its line (`seen_in`:
    the upload whose lines these are; its revert forgets the day)."""
    unique = _unique(lines, organization)
    references = _claim(organization, unique)
    held = held_of(references.values())
    product_ids = {line.product.pk for line in unique} | set(extra_product_ids)
    for entry in held.values():
        product_ids |= set(entry.net)
    exploded = _components(organization, {line.product.pk for line in unique})
    plan = _classify(unique, references, held, exploded)
    _mark_seen(plan, references, seen_in)
    ledger.load(product_ids)
    return OrderLinesStaging(ledger, plan, references, held)


def _mark_seen(plan: OrderLinesPlan, references: dict,
               seen_in: UploadBatch | None) -> None:
    """Move each reference's `seen_on` up to its line's export day (never down;
    an older sight changes nothing)."""
    by_day: dict = defaultdict(list)
    for planned in plan.lines:
        line = planned.line
        reference = references.get((line.scope, line.key))
        if planned.state == OLDER or line.seen_on is None or reference is None:
            continue
        if reference.seen_on is None or reference.seen_on < line.seen_on:
            reference.seen_on = line.seen_on
            by_day[line.seen_on].append(reference.pk)
    for day, ids in sorted(by_day.items()):
        for start in range(0, len(ids), _IN_CHUNK):
            ExternalReference.objects.filter(pk__in=ids[start:start + _IN_CHUNK]).update(
                seen_on=day, seen_in=seen_in)


def _claim(
    organization: Organization, lines: Sequence[OrderLine]
) -> dict[tuple[str, str], ExternalReference]:
    """Create the missing references (ignoring concurrent twins), then lock all.
    A line first seen cancelled gets one too when its export day is known, so
    an older export that still shows it sold does not take it."""
    existing = _references(organization, lines, lock=False)
    missing = [
        ExternalReference(organization=organization, scope=line.scope, ref=line.key)
        for line in lines
        if (line.scope, line.key) not in existing
        and (line.quantity > 0 or line.seen_on is not None)
    ]
    if missing:
        ExternalReference.objects.bulk_create(
            missing, batch_size=500, ignore_conflicts=True
        )
    return _references(organization, lines, lock=True)


def _stage_line(
    ledger: BulkLedger, planned: PlannedLine, held: _Held,
    reference: ExternalReference,
) -> None:
    line = planned.line
    desired = _desired(ledger.explode(line.product.pk, 1), line.quantity)
    set_id = line.product.pk if ledger.product(line.product.pk).kind == (
        Product.Kind.SET) else None
    entry = MovementEntry(
        product=line.product, kind=Kind.OUTBOUND, quantity=line.quantity,
        business_date=line.business_date, channel=line.channel, note=line.note,
        amount=line.amount,
    )
    note = line.note or _("Correction of order line %(ref)s") % {"ref": line.key}
    held_correct(ledger, held, reference, desired, entry=entry, set_id=set_id,
                 note=note, amounts=ledger.split(line.amount, desired))


def held_correct(
    ledger: BulkLedger, held: _Held, reference: ExternalReference,
    desired: dict[int, int], *, entry: MovementEntry, set_id: int | None, note: str,
    amounts: dict[int, int | None] | None = None,
) -> None:
    """Stage the rows that bring a reference's net (units taken per stocked
    product) to `desired`: takes for units added, reversals for units given back.

    `amounts` is the line's paid amount per product for its `desired` units: a
    take of units added carries their share of it. When the rows that would be
    left would not add up to that amount (another price, a coupon, an amount
    first unknown), the product's live takes are all reversed and its units
    taken again with the amount: the ledger keeps both, nothing is edited."""
    for product_id in sorted(set(desired) | set(held.net)):
        paid = (amounts or {}).get(product_id)
        if paid is not None and desired.get(product_id, 0) > 0 and not _adds_up(
                held, product_id, desired[product_id], paid):
            _reverse_takes(ledger, held, reference, product_id, note)
        delta = desired.get(product_id, 0) - held.net.get(product_id, 0)
        if delta > 0:
            paid = _share((amounts or {}).get(product_id), delta,
                          desired[product_id])
            ledger.take(entry, product_id, delta, set_id, reference, amount=paid)
        elif delta < 0:
            line_paid = ((amounts or {}).get(product_id), desired.get(product_id, 0))
            _give_back(ledger, entry, held, reference, product_id, -delta, set_id,
                       note, line_paid)
        held.net[product_id] = desired.get(product_id, 0)


def _adds_up(held: _Held, product_id: int, units: int, paid: int) -> bool:
    """Would the rows left after an incremental correction to `units` (takes
    kept, a partial take's remainder, a take of units added) add up to `paid`?"""
    takes = [m for m in held.takes if m.product_id == product_id]
    delta = units - held.net.get(product_id, 0)
    extra = _share(paid, delta, units) if delta > 0 else 0
    kept = list(takes)
    back = -delta
    for movement in reversed(takes):
        if back <= 0:
            break
        taken = -movement.quantity
        kept.remove(movement)
        if taken > back:
            extra = _share(paid, taken - back, units)
        back -= taken
    if any(m.amount is None for m in kept):
        return False
    return sum(m.amount for m in kept) + (extra or 0) == paid


def _reverse_takes(ledger: BulkLedger, held: _Held, reference: ExternalReference,
                   product_id: int, note: str) -> None:
    """Reverse every live take of a product on this reference (newest first)."""
    for movement in reversed([m for m in held.takes if m.product_id == product_id]):
        ledger.reverse(movement, note=note, external=reference)
        held.takes.remove(movement)
        held.net[product_id] = held.net.get(product_id, 0) + movement.quantity


def _give_back(
    ledger: BulkLedger, entry: MovementEntry, held: _Held,
    reference: ExternalReference, product_id: int, units: int, set_id, note: str,
    line_paid: tuple[int | None, int] = (None, 0),
) -> None:
    """Return `units` of a product: reverse whole takes, newest first; a take
    larger than what is left is reversed whole and its remainder taken again."""
    takes = [m for m in held.takes if m.product_id == product_id]
    for movement in reversed(takes):
        if units <= 0:
            break
        taken = -movement.quantity
        ledger.reverse(movement, note=note, external=reference)
        held.takes.remove(movement)
        if taken > units:
            again = MovementEntry(
                product=entry.product, kind=Kind.OUTBOUND, quantity=taken - units,
                business_date=movement.business_date, channel=entry.channel,
                note=note,
            )
            ledger.take(again, product_id, taken - units, movement.set_product_id,
                        reference, amount=_retake_amount(line_paid, movement,
                                                         taken - units))
            units = 0
        else:
            units -= taken
    if units > 0:
        # Nothing left to reverse (the rows were reversed by hand): put it back.
        back = MovementEntry(
            product=entry.product, kind=Kind.ADJUSTMENT, quantity=units,
            business_date=entry.business_date, channel=None, note=note,
        )
        ledger.put(back, product_id, units, set_id, reference)


def _retake_amount(line_paid: tuple[int | None, int], movement, units: int):
    """The amount of the units of a partly given-back row taken again: their
    share of the line's amount now when it is known, else of the row's."""
    amount, of_units = line_paid
    if amount is not None:
        return _share(amount, units, of_units)
    return _share(movement.amount, units, -movement.quantity)


def _share(amount: int | None, units: int, of_units: int) -> int | None:
    """The part of `amount` (paid for `of_units`) that `units` of them carry."""
    if amount is None or of_units <= 0:
        return None
    return round(amount * units / of_units)
