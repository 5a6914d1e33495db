"""The ledger as a streamed CSV: any number of rows, constant memory, and the
first bytes leave at once, so no request waits for a whole table to be built
(the admin's export is capped instead; see smartstock/admin.py)."""

import csv
from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import selectors as account_selectors
from accounts.access import member_required
from accounts.roles import Perm
from inventory import selectors
from inventory.forms import MovementFilterForm
from inventory.models import StockMovement
from smartstock import worker_heartbeat
from smartstock.exports import sanitize_row

CHUNK_ROWS = 2000
_FIELDS = ("id", "business_date", "product__sku", "product__name", "kind", "quantity",
           "channel__name", "lot__code", "source", "source_ref", "reversal_of_id",
           "created_by__email", "created_at", "note")


class _Line:
    """csv.writer target that hands back each written line."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: Iterator[tuple]) -> Iterator[str]:
    writer = csv.writer(_Line())
    kinds = dict(StockMovement.Kind.choices)
    sources = dict(StockMovement.Source.choices)
    yield "\ufeff"  # Excel reads UTF-8 CSV correctly only with a byte-order mark
    yield writer.writerow([
        "id", _("date"), _("SKU"), _("product"), _("kind"), _("quantity"),
        _("channel"), _("lot"), _("source"), _("source reference"),
        _("reversal of"), _("recorded by"), _("recorded at"), _("note"),
    ])
    for number, row in enumerate(rows, start=1):
        if number % CHUNK_ROWS == 0:
            worker_heartbeat.beat()  # progress: the worker's timeout must not cut us
        values = list(row)
        values[4] = kinds.get(values[4], values[4])
        values[8] = sources.get(values[8], values[8])
        values[12] = timezone.localtime(values[12]).strftime("%Y-%m-%d %H:%M:%S")
        yield writer.writerow(sanitize_row("" if v is None else v for v in values))


@member_required(read=Perm.VIEW)
def movement_export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered ledger (the list page's filters) as CSV, streamed."""
    organization = request.organization
    members = account_selectors.member_list(organization=organization)
    filter_form = MovementFilterForm(
        request.GET,
        user_choices=[(m.user_id, str(m.user)) for m in members],
        channel_choices=list(
            selectors.channel_list(organization=organization).values_list("pk", "name")
        ),
    )
    movements = selectors.movement_list(organization=organization, **filter_form.filters())
    rows = movements.values_list(*_FIELDS).iterator(chunk_size=CHUNK_ROWS)
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    name = f"stock-movements-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
