"""Reading what the ledger holds for order lines, and the read-only plan."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Q
from django.utils.translation import gettext_lazy

from accounts.models import Organization
from inventory.models import ExternalReference, Product, SetComponent, StockMovement
from inventory.services.stock import StockError

from .types import (
    _IN_CHUNK,
    CHANGED,
    NEW,
    OLDER,
    UNCHANGED,
    Kind,
    OrderLine,
    OrderLinesPlan,
    PlannedLine,
    _Held,
)


def _unique(lines: Sequence[OrderLine], organization: Organization) -> list[OrderLine]:
    """One line per (channel, key), the last one winning; checked and sorted."""
    latest: dict[tuple[str, str], OrderLine] = {}
    for line in lines:
        if line.product.organization_id != organization.pk or (
            line.channel is not None and line.channel.organization_id != organization.pk
        ):
            raise StockError(
                gettext_lazy("Product %(sku)s does not exist."),
                params={"sku": line.product.sku})
        if not line.key or line.quantity < 0:
            raise StockError(
                gettext_lazy("Order line %(ref)s has no key or a negative quantity."),
                params={"ref": line.key})
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


def _is_older(line: OrderLine, reference: ExternalReference) -> bool:
    """Whether this sight of a line is older news than the one the ledger holds:
    its export ends before the export that recorded the line. A cancellation
    (quantity 0) is never older news: an order line does not come back once
    cancelled or returned, so whichever export says so is applied."""
    return bool(line.quantity and line.seen_on and reference.seen_on
                and line.seen_on < reference.seen_on)


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
        planned.append(_older_or(_state(line, reference, held[reference.pk],
                                        exploded), reference))
    return OrderLinesPlan(tuple(planned))


def _state(line: OrderLine, reference: ExternalReference, held: _Held,
           exploded: dict[int, dict]) -> PlannedLine:
    net = {pk: units for pk, units in held.net.items() if units}
    per_unit = exploded.get(line.product.pk, {})
    same = net == _desired(per_unit, line.quantity)
    if not held.rows:
        # A reference claimed but never written (e.g. a cancelled first sight).
        return PlannedLine(line, NEW if line.quantity else UNCHANGED, 0)
    recorded = _recorded_units(per_unit, net)
    paid = held.paid()
    if same and line.quantity and line.amount is not None and paid != line.amount:
        # Same units, another amount paid (a price correction, a coupon, an
        # amount first unknown): a correction too. An amount not given
        # (None) leaves the recorded one alone.
        return PlannedLine(line, CHANGED, recorded, amount_changed=True,
                           recorded_amount=paid)
    return PlannedLine(line, UNCHANGED if same else CHANGED, recorded,
                       recorded_amount=paid)


def _older_or(planned: PlannedLine, reference: ExternalReference) -> PlannedLine:
    """A line that would write, seen in an export older than the one that
    recorded it, is left as recorded (OLDER) instead."""
    if not planned.writes or not _is_older(planned.line, reference):
        return planned
    return PlannedLine(planned.line, OLDER, planned.recorded or 0,
                       recorded_amount=planned.recorded_amount,
                       recorded_seen_on=reference.seen_on)


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
