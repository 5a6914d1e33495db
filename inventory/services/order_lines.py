"""Channel order lines in the ledger: each line counted once, changes corrected.

One service for every path that records channel orders (uploaded exports and
channel_sync): a line is identified by its channel and canonical key
(`inventory.importing.line_keys`), stored as an `ExternalReference` with
`scope = str(channel.pk)`. What the ledger holds for a key is the net of the
movements linked to that reference (and of reversals of them). Recording a
line again:

- new key: an outbound movement of `quantity` (a set: its components);
- same net as `quantity`: nothing is written ("unchanged");
- another net (partial cancellation, return, a quantity raised): the
  correcting movements. Units given back reverse the line's own outbound rows
  (a reversal linked to the original); when only part of a row comes back, the
  whole row is reversed and the rest taken again. Units added are a new
  outbound. Every correction is linked to the same ExternalReference.

Concurrency: the references are created (INSERT … IGNORE on the unique key)
and then locked in key order before anything is read, so two callers with
overlapping lines serialise on them and the second sees the first's movements.
MySQL deadlocks are retried by `with_deadlock_retry`.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Organization, User
from inventory.models import (
    Channel,
    ExternalReference,
    Product,
    SetComponent,
    StockMovement,
    UploadBatch,
)
from inventory.services.stock import MovementEntry, StockError, with_deadlock_retry
from inventory.services.stock.bulk import BulkLedger

Kind = StockMovement.Kind
NEW = "new"
UNCHANGED = "unchanged"
CHANGED = "changed"
_IN_CHUNK = 1000  # ids per IN (...) list


@dataclass(frozen=True)
class OrderLine:
    """One channel order line as it stands now."""

    channel: Channel  # the organization's Channel row; scope = str(channel.pk)
    key: str  # canonical order-line key from inventory.importing.line_keys
    product: Product  # resolved product (a set: its components are moved)
    quantity: int  # net units this line has taken out of stock NOW (0 = cancelled)
    business_date: dt.date
    note: str = ""

    @property
    def scope(self) -> str:
        return str(self.channel.pk) if self.channel is not None else "-"


@dataclass(frozen=True)
class PlannedLine:
    """A line and what recording it would do."""

    line: OrderLine
    state: str  # NEW, UNCHANGED or CHANGED
    recorded: int | None  # line units the ledger holds for the key (None: new key)

    @property
    def delta(self) -> int:
        """Units this line would take (+) or give back (−) now."""
        return self.line.quantity - (self.recorded or 0)

    @property
    def writes(self) -> bool:
        return self.state == CHANGED or (self.state == NEW and self.line.quantity > 0)


@dataclass(frozen=True)
class OrderLinesPlan:
    lines: tuple[PlannedLine, ...] = ()

    def of_state(self, state: str) -> list[PlannedLine]:
        return [planned for planned in self.lines if planned.state == state]

    @property
    def new(self) -> list[PlannedLine]:
        return self.of_state(NEW)

    @property
    def unchanged(self) -> list[PlannedLine]:
        return self.of_state(UNCHANGED)

    @property
    def changed(self) -> list[PlannedLine]:
        return self.of_state(CHANGED)

    def counts(self) -> dict[str, int]:
        return {state: len(self.of_state(state)) for state in (NEW, UNCHANGED, CHANGED)}


@dataclass(frozen=True)
class OrderLinesOutcome:
    """What was recorded: the plan and the ledger rows written (saved, with pks)."""

    plan: OrderLinesPlan
    movements: list[StockMovement] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return self.plan.counts()


# -- reading what the ledger holds ---------------------------------------------------
@dataclass
class _Held:
    """A key's reference and its movements (takes that can still be reversed)."""

    reference: ExternalReference
    net: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    takes: list[StockMovement] = field(default_factory=list)
    rows: int = 0


def _unique(lines: Sequence[OrderLine], organization: Organization) -> list[OrderLine]:
    """One line per (channel, key), the last one winning; checked and sorted."""
    latest: dict[tuple[str, str], OrderLine] = {}
    for line in lines:
        if line.product.organization_id != organization.pk or (
            line.channel is not None and line.channel.organization_id != organization.pk
        ):
            raise StockError(_("Product %(sku)s does not exist.")
                             % {"sku": line.product.sku})
        if not line.key or line.quantity < 0:
            raise StockError(_("Order line %(ref)s has no key or a negative quantity.")
                             % {"ref": line.key})
        latest[(line.scope, line.key)] = line
    return [latest[pair] for pair in sorted(latest)]


def _references(
    organization: Organization, lines: Sequence[OrderLine], *, lock: bool
) -> dict[tuple[str, str], ExternalReference]:
    found: dict[tuple[str, str], ExternalReference] = {}
    by_scope: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        by_scope[line.scope].append(line.key)
    for scope, keys in sorted(by_scope.items()):
        for start in range(0, len(keys), _IN_CHUNK):
            query = ExternalReference.objects.filter(
                organization=organization, scope=scope,
                ref__in=keys[start:start + _IN_CHUNK],
            ).order_by("scope", "ref")
            if lock:
                query = query.select_for_update()
            for reference in query:
                found[(reference.scope, reference.ref)] = reference
    return found


def held_of(references: Iterable[ExternalReference]) -> dict[int, _Held]:
    """Net per product and the reversible takes of each reference (one query)."""
    held = {reference.pk: _Held(reference) for reference in references}
    ids = sorted(held)
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start:start + _IN_CHUNK]
        rows = (
            StockMovement.objects.filter(
                Q(external_ref_id__in=chunk)
                | Q(external_ref__isnull=True, reversal_of__external_ref_id__in=chunk)
            )
            .select_related("reversal_of", "reversed_by")
            .order_by("pk")
        )
        for movement in rows:
            ref_id = movement.external_ref_id or movement.reversal_of.external_ref_id
            entry = held[ref_id]
            entry.net[movement.product_id] -= movement.quantity  # units taken
            entry.rows += 1
            reversed_already = getattr(movement, "reversed_by", None) is not None
            if movement.kind == Kind.OUTBOUND and not reversed_already:
                entry.takes.append(movement)
    return held


def _components(organization: Organization, product_ids: set[int]) -> dict[int, dict]:
    """Units per stocked product for one unit of each product (sets exploded)."""
    kinds = dict(Product.objects.filter(organization=organization,
                                        pk__in=product_ids).values_list("pk", "kind"))
    exploded: dict[int, dict[int, int]] = {
        pk: ({} if kind == Product.Kind.SET else {pk: 1}) for pk, kind in kinds.items()
    }
    set_ids = [pk for pk, kind in kinds.items() if kind == Product.Kind.SET]
    for set_id, component_id, quantity in SetComponent.objects.filter(
        set_product_id__in=set_ids
    ).values_list("set_product_id", "component_id", "quantity"):
        parts = exploded[set_id]
        parts[component_id] = parts.get(component_id, 0) + quantity
    return exploded


def _desired(per_unit: dict[int, int], quantity: int) -> dict[int, int]:
    return {pk: units * quantity for pk, units in per_unit.items() if quantity}


def _recorded_units(per_unit: dict[int, int], net: dict[int, int]) -> int:
    """The held net in units of the line's product (a set: by its first part)."""
    for product_id, units in sorted(per_unit.items()):
        return net.get(product_id, 0) // units if units else 0
    return 0


def _classify(
    lines: Sequence[OrderLine], references: dict, held: dict[int, _Held],
    exploded: dict[int, dict],
) -> OrderLinesPlan:
    planned = []
    for line in lines:
        reference = references.get((line.scope, line.key))
        if reference is None:
            planned.append(PlannedLine(line, NEW, None))
            continue
        net = {pk: units for pk, units in held[reference.pk].net.items() if units}
        per_unit = exploded.get(line.product.pk, {})
        same = net == _desired(per_unit, line.quantity)
        if not held[reference.pk].rows:
            # A reference claimed but never written (e.g. a cancelled first sight).
            planned.append(PlannedLine(line, NEW if line.quantity else UNCHANGED, 0))
            continue
        planned.append(PlannedLine(line, UNCHANGED if same else CHANGED,
                                   _recorded_units(per_unit, net)))
    return OrderLinesPlan(tuple(planned))


# -- public: plan ----------------------------------------------------------------------
def order_lines_plan(
    *, organization: Organization, lines: Sequence[OrderLine]
) -> OrderLinesPlan:
    """Read-only: each line is new, unchanged (skipped) or changed (a correction)."""
    unique = _unique(lines, organization)
    references = _references(organization, unique, lock=False)
    held = held_of(references.values())
    exploded = _components(organization, {line.product.pk for line in unique})
    return _classify(unique, references, held, exploded)


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
    extra_product_ids: Iterable[int] = (),
) -> OrderLinesStaging:
    """Claim and lock the lines' references, lock the products, classify."""
    unique = _unique(lines, organization)
    references = _claim(organization, unique)
    held = held_of(references.values())
    product_ids = {line.product.pk for line in unique} | set(extra_product_ids)
    for entry in held.values():
        product_ids |= set(entry.net)
    exploded = _components(organization, {line.product.pk for line in unique})
    plan = _classify(unique, references, held, exploded)
    ledger.load(product_ids)
    return OrderLinesStaging(ledger, plan, references, held)


def _claim(
    organization: Organization, lines: Sequence[OrderLine]
) -> dict[tuple[str, str], ExternalReference]:
    """Create the missing references (ignoring concurrent twins), then lock all."""
    existing = _references(organization, lines, lock=False)
    missing = [
        ExternalReference(organization=organization, scope=line.scope, ref=line.key)
        for line in lines
        if (line.scope, line.key) not in existing and line.quantity > 0
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
    )
    note = line.note or _("Correction of order line %(ref)s") % {"ref": line.key}
    held_correct(ledger, held, reference, desired, entry=entry, set_id=set_id,
                 note=note)


def held_correct(
    ledger: BulkLedger, held: _Held, reference: ExternalReference,
    desired: dict[int, int], *, entry: MovementEntry, set_id: int | None, note: str,
) -> None:
    """Stage the rows that bring a reference's net (units taken per stocked
    product) to `desired`: takes for units added, reversals for units given back."""
    for product_id in sorted(set(desired) | set(held.net)):
        delta = desired.get(product_id, 0) - held.net.get(product_id, 0)
        if delta > 0:
            ledger.take(entry, product_id, delta, set_id, reference)
        elif delta < 0:
            _give_back(ledger, entry, held, reference, product_id, -delta, set_id,
                       note)
        held.net[product_id] = desired.get(product_id, 0)


def _give_back(
    ledger: BulkLedger, entry: MovementEntry, held: _Held,
    reference: ExternalReference, product_id: int, units: int, set_id, note: str,
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
                        reference)
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
