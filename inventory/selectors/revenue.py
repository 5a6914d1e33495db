"""What a sale earned: the one definition of revenue every report uses.

A sale row (an outbound movement) earned what the customer paid for it when
the ledger holds the amount (channel exports and channel sync record it;
`StockMovement.amount`), else its units × the product's selling price (an
estimate: manual entries, older uploads, files without an amount column). The
reversal of a sale takes back what that sale earned. These are expressions to
use inside one aggregate query (no per-product loop).
"""
from __future__ import annotations

from django.db.models import BigIntegerField, Case, DecimalField, F, Q, Sum, When
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from ..models import StockMovement

_MONEY = DecimalField(max_digits=24, decimal_places=2)


def sold_rows() -> Q:
    """Outbound rows and the reversals of outbound rows (a reversal carries the
    business date and channel of the sale it cancels, so a period nets to what
    sold)."""
    return Q(kind=StockMovement.Kind.OUTBOUND) | Q(
        kind=StockMovement.Kind.REVERSAL, reversal_of__kind=StockMovement.Kind.OUTBOUND)


def sale_revenue() -> Case:
    """Per sold row: + what a sale earned, − what a reversal takes back; the
    amount paid where recorded, else units × the product's selling price."""
    return Case(
        When(amount__isnull=True,
             then=-F("quantity") * F("product__selling_price")),
        # Signed first: the column is unsigned on MySQL/MariaDB, where
        # -amount would be out of range.
        When(kind=StockMovement.Kind.REVERSAL,
             then=-Cast("amount", output_field=BigIntegerField())),
        default=F("amount"),
        output_field=_MONEY,
    )


def estimated_units() -> Sum:
    """Net units whose revenue is estimated from the list price (no amount
    recorded), signed like the ledger (sold units are negative)."""
    return Sum("quantity", filter=Q(amount__isnull=True))


def priced_units() -> Sum:
    """Net units with a revenue figure: an amount paid, or a selling price."""
    return Sum("quantity", filter=Q(amount__isnull=False)
               | Q(product__selling_price__gt=0))


def revenue_estimate_notice(*, estimated_units: int, units: int | None = None,
                            demo: bool = False) -> str:
    """The sentence a revenue figure carries when part or all of it is units ×
    the list price (`estimated_units` of the `units` sold have no amount paid
    recorded); "" when none is. The demo's history (a public dataset of units
    sold, without prices) says where its estimate comes from."""
    if not estimated_units:
        return ""
    if units is not None and estimated_units >= units > 0:
        text = _("Revenue is estimated from list prices. No sale here has a recorded "
                 "amount paid (channel exports with an amount column and channel "
                 "sync record it), so revenue is units × each product's selling "
                 "price.")
    elif units:
        text = _("Some revenue is estimated from list prices: %(estimated)s units "
                 "(of %(units)s sold) have no recorded amount paid and are counted "
                 "at the selling price.") % {"estimated": f"{estimated_units:,}",
                                             "units": f"{units:,}"}
    else:
        text = _("Some revenue is estimated from list prices: %(units)s units have "
                 "no recorded amount paid and are counted at the selling price.") % {
            "units": f"{estimated_units:,}"}
    if demo:
        text += " " + _("The demo's sales history comes from a public dataset of "
                        "units sold, without prices; orders synced from the demo "
                        "channels carry the amount paid.")
    return text
