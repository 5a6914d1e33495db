"""The pick list as .xlsx (formula-safe cells)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from smartstock.exports import sanitize_row

from .selectors import PickList


def pick_list_xlsx(picks: PickList) -> bytes:
    """One row per product (sets exploded), a column per channel, then totals."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Pick list")[:31]
    channels = list(picks.channel_totals)
    sheet.append(sanitize_row([_("Pick list up to %(day)s") % {
        "day": picks.day.isoformat()}]))
    sheet.append(sanitize_row([_("Master SKU"), _("Product name"), *channels,
                               _("Total"), _("From sets"), _("Picked")]))
    for row in picks.rows:
        sheet.append(sanitize_row([
            row.product.sku, row.product.name,
            *[row.per_channel.get(channel, 0) for channel in channels], row.total,
            ", ".join(sorted(row.from_sets)), ""]))
    sheet.append(sanitize_row([_("Total per channel"), "",
                               *[picks.channel_totals[c] for c in channels],
                               sum(picks.channel_totals.values())]))
    if picks.unmapped:
        sheet.append([])
        sheet.append(sanitize_row([_("Lines with unknown codes (not in the totals)")]))
        for line in picks.unmapped:
            sheet.append(sanitize_row([line.channel_code or line.seller_code,
                                       line.product_name, line.account.name,
                                       line.net_quantity]))
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 32
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
