"""User-facing messages of the upload pipeline, as codes with English templates.

The pipeline never imports Django. Each message keeps its `code`, the English
template (with %(name)s placeholders) and its `params`; the Django side
translates by passing the English template through gettext and then applying
the params. The `_` marker below is a no-op so that `makemessages` (which
collects `_("...")` calls) finds every template in this file.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ParamValue = str | int


def _(text: str) -> str:
    """Mark `text` for translation; the Django side runs it through gettext."""
    return text


TEXTS: dict[str, str] = {
    # --- file level: type, size, safety -------------------------------------
    "unsupported_extension": _(
        "Files ending in %(extension)s are not accepted. Upload an Excel "
        "workbook (.xlsx) or a CSV file (.csv)."
    ),
    "legacy_xls": _(
        "This is an old Excel 97-2003 file (.xls). Open it in Excel, choose "
        "File > Save As > Excel Workbook (.xlsx) and upload the .xlsx file."
    ),
    "macro_workbook": _(
        "This workbook contains macros, which are not accepted. In Excel choose "
        "File > Save As > Excel Workbook (.xlsx) and upload that file."
    ),
    "binary_workbook": _(
        "Excel binary workbooks (.xlsb) are not accepted. Save the file as an "
        "Excel Workbook (.xlsx) and upload it again."
    ),
    "ole_container": _(
        "This file is either an old Excel 97-2003 workbook or a password-"
        "protected workbook (SmartStore downloads can have a password). Open it "
        "in Excel, remove the password if there is one, and save it as an "
        "Excel Workbook (.xlsx) without a password; then upload that file."
    ),
    "empty_file": _("The file is empty."),
    "file_too_large": _(
        "The file is %(size_mb)s MB; the limit is %(limit_mb)s MB. Split it into "
        "smaller files (for example one per month) and upload them one by one."
    ),
    "not_xlsx": _(
        "This file is not a real Excel workbook although its name ends in "
        ".xlsx%(detected)s. Open it in Excel and save it as an Excel Workbook "
        "(.xlsx)."
    ),
    "not_csv": _(
        "This file is not a text CSV file although its name ends in "
        ".csv%(detected)s. Export it again as CSV, or upload the workbook as .xlsx."
    ),
    "damaged_workbook": _(
        "The workbook could not be read; it may be damaged or incomplete. Open it "
        "in Excel, save it again as .xlsx and upload the new file."
    ),
    "zip_bomb": _(
        "The workbook is too large once unpacked (%(size_mb)s MB in %(entries)s "
        "parts; the limits are %(limit_mb)s MB and %(limit_entries)s parts). "
        "Split it into smaller files."
    ),
    "unsafe_xml": _(
        "The workbook contains XML constructs that are refused for safety "
        "(entity declarations). Save it again from Excel as .xlsx and retry."
    ),
    "csv_utf16": _(
        "This CSV file is saved as Unicode (UTF-16). In Excel choose Save As > "
        "CSV UTF-8 (comma delimited) and upload that file."
    ),
    "csv_binary": _(
        "This file contains binary data and is not a CSV text file. Export it "
        "again as CSV, or upload the workbook as .xlsx."
    ),
    "csv_encoding": _(
        "The text encoding of this CSV file could not be recognised (tried "
        "UTF-8 and CP949). Save it as CSV UTF-8 and upload it again."
    ),
    "csv_damaged": _(
        "The CSV file could not be read near line %(line)s: %(detail)s. Check the "
        "quotes in that line or save the file as .xlsx."
    ),
    "too_many_rows": _(
        "The file has more than %(limit)s data rows. Split it into smaller files "
        "(for example one per month) and upload them one by one."
    ),
    "cell_too_large": _(
        "The cell in row %(row)s, column %(column)s holds more than %(limit)s "
        "characters (Excel's own limit for one cell); nothing was read. Check "
        "that cell and upload the file again."
    ),
    "cell_too_large_table": _(
        "The workbook holds a text of more than %(limit)s characters (Excel's "
        "own limit for one cell); nothing was read. Save the sheet again from "
        "Excel and upload the new file."
    ),
    "xlsx_memory_budget": _(
        "The workbook's text table needs %(size_mb)s MB of memory (the limit is "
        "%(limit_mb)s MB); it was refused before being read. Save only the "
        "sheet you need, or export it as CSV."
    ),
    "no_sheets": _("The workbook has no worksheets."),
    "content_deleted": _(
        "This failed upload's file was deleted after the retention period; "
        "upload the file again."
    ),
    "no_header_row_one_column": _(
        "No header row was found: every line of this CSV is one single column "
        "(first line: “%(line)s”), so its separator is none of comma, tab, "
        "semicolon or |. Save it again from Excel as CSV, or as .xlsx."
    ),
    "no_header_row": _(
        "No header row was found in the first %(scan_rows)s rows. The file needs "
        "a row of column names such as Date, SKU and Quantity."
    ),
    "no_data_rows": _("The file has a header row but no data rows."),
    # --- mapping ---------------------------------------------------------------
    "missing_column": _(
        "No column was recognised for %(field)s. Choose which column holds it."
    ),
    "missing_code_column": _(
        "No product code column was recognised (master SKU, PlayAuto SKU or the "
        "channel's product/option code). Choose which column holds it."
    ),
    "missing_quantity_column": _(
        "No quantity column was recognised (quantity, inbound, outbound or stock "
        "count). Choose which column holds it."
    ),
    "unknown_mapping_column": _(
        "The chosen column %(column)s for %(field)s is not in the file."
    ),
    "unknown_mapping_field": _("%(field)s is not a field that can be mapped."),
    "nothing_to_import": _("No row of the file has a quantity to import."),
    # --- row level ---------------------------------------------------------------
    "formula_cell": _(
        "The cell holds a formula (%(value)s). Copy the column and use Paste "
        "Special > Values, then upload again."
    ),
    "formula_cell_no_value": _(
        "The cell holds a formula whose result was not saved in the file. Copy "
        "the column and use Paste Special > Values, then upload again."
    ),
    "quantity_blank": _("The quantity is empty."),
    "quantity_not_number": _("%(value)s is not a number."),
    "quantity_not_whole": _("%(value)s is not a whole number of units."),
    "quantity_negative": _("%(value)s is negative; negative quantities are not "
                           "accepted here."),
    "quantity_too_large": _("%(value)s is larger than the maximum of %(limit)s."),
    "cancelled_more_than_ordered": _(
        "%(cancelled)s units are cancelled but the line has only %(quantity)s "
        "(%(quantity_column)s). Check the cancelled quantity."
    ),
    "amount_not_number": _("%(value)s is not an amount in won."),
    "amount_not_whole": _("%(value)s is not a whole number of won."),
    "amount_negative": _("%(value)s is negative; an amount paid cannot be "
                         "negative."),
    "amount_too_large": _("%(value)s is larger than the maximum of %(limit)s won "
                          "for one line."),
    "expiry_past": _(
        "The expiry date %(value)s is before the day the goods came in "
        "(%(day)s): expired goods cannot be stocked in. Check the date."
    ),
    "expiry_without_lot": _(
        "An expiry date is kept with units coming in (inbound, or an adjustment "
        "that adds units). To take units from one lot, enter its lot number."
    ),
    "lot_expiry_conflict": _(
        "Lot %(lot)s of %(sku)s is already recorded with expiry date %(stored)s, "
        "not %(value)s. Correct the date or use another lot number."
    ),
    "lot_expiry_missing": _(
        "Lot %(lot)s of %(sku)s is already recorded without an expiry date; it "
        "cannot be given %(value)s now. Use another lot number."
    ),
    "lot_expiry_twice": _(
        "Lot %(lot)s of %(sku)s has expiry date %(first)s in row %(first_row)s but "
        "%(value)s here: one lot has one expiry date."
    ),
    "set_units_too_large": _(
        "%(quantity)s × set %(sku)s is %(units)s units of %(component)s, more than "
        "the maximum of %(limit)s in one movement. Split it into smaller movements."
    ),
    "component_quantity_range": _(
        "%(value)s units per set is not accepted: enter a whole number from 1 to "
        "%(limit)s."
    ),
    "box_units_unknown": _(
        "The quantity is in boxes but the number of units per box is not set "
        "for %(code)s."
    ),
    "unit_unknown": _("Unit %(value)s is not recognised (use EA, 개, BOX or 박스)."),
    "date_blank": _("The date is empty."),
    "date_impossible": _("%(value)s is not a real calendar date."),
    "date_ambiguous": _(
        "%(value)s can be read as more than one date. Write dates as YYYY-MM-DD "
        "(for example 2025-10-01)."
    ),
    "date_unrecognised": _(
        "%(value)s is not a recognised date. Write dates as YYYY-MM-DD (for "
        "example 2025-10-01)."
    ),
    "date_out_of_range": _("%(value)s is outside the accepted years %(first)s–"
                           "%(last)s."),
    "code_blank": _("The row has no product code."),
    "code_unknown": _("Product code %(code)s matches no product."),
    "duplicate_line": _(
        "This order line (%(ref)s) already appeared in row %(first_row)s; it is "
        "counted once."
    ),
    "count_with_movement": _(
        "This row has both a movement and a stock count; the count is applied "
        "after the movement."
    ),
    # --- skipped-row reasons -----------------------------------------------------
    "only_cancellations": _(
        "The file holds only cancelled or returned order lines: lines recorded "
        "before are reversed, the others write nothing."
    ),
    "skip_already_recorded": _(
        "Order line %(ref)s is already recorded; skipped."
    ),
    "skip_older_export": _(
        "Order line %(ref)s was recorded as %(recorded)s units from an export "
        "that goes up to %(recorded_on)s; this file, which goes up to "
        "%(seen_on)s, is older and says %(quantity)s: left as recorded."
    ),
    "line_changed": _(
        "Order line %(ref)s changed since it was recorded (%(recorded)s → "
        "%(quantity)s units): a correcting movement will be recorded."
    ),
    "amount_corrected": _(
        "Order line %(ref)s: the amount paid changed since it was recorded "
        "(%(recorded)s → %(amount)s won, %(quantity)s units): its rows are "
        "reversed and the same units recorded again with the new amount."
    ),
    "amount_added": _(
        "Order line %(ref)s was recorded without the amount paid: its rows are "
        "reversed and the same %(quantity)s units recorded again with "
        "%(amount)s won."
    ),
    "skip_total_row": _("Total row (%(value)s) of a report, not a movement."),
    "date_future": _(
        "%(value)s is after today (%(today)s): nothing can have moved on that day "
        "yet. Check the date."
    ),
    "date_too_early": _(
        "%(value)s is before %(earliest)s, earlier than any movement this app "
        "records. Check the year (an empty Excel date reads as 1899-12-30)."
    ),
    "date_long_before": _(
        "%(value)s is more than a year before your first recorded movement "
        "(%(earliest)s). Check the year."
    ),
    "skip_cancelled": _("Cancelled order line (status %(value)s)."),
    "skip_cancelled_quantity": _(
        "Cancelled order line (%(column)s: %(cancelled)s of %(quantity)s units)."
    ),
    "skip_returned": _("Returned order line (status %(value)s)."),
    "skip_exchanged": _("Exchanged order line (status %(value)s)."),
    "skip_empty": _("Empty row."),
    "skip_unpaid": _("Order line not paid yet (%(column)s is empty): not a sale yet."),
    "skip_no_quantity": _("No quantity entered."),
    "skip_zero_quantity": _("Quantity is zero."),
    "skip_duplicate": _("Duplicate of row %(first_row)s."),
    "skip_set_component": _(
        "Component row of a set split by Sabangnet (set line %(parent)s is "
        "counted instead)."
    ),
    # --- field names, used as %(field)s ---------------------------------------
    "field_date": _("date"),
    "field_sku": _("master SKU"),
    "field_playauto_sku": _("PlayAuto SKU"),
    "field_channel_code": _("channel product/option code"),
    "field_quantity": _("quantity"),
    "field_inbound": _("inbound quantity"),
    "field_outbound": _("outbound quantity"),
    "field_stock": _("stock count"),
    "field_channel": _("channel"),
    "field_product_name": _("product name"),
    "field_option": _("option"),
    "field_order_id": _("order number"),
    "field_order_line_id": _("order line number"),
    "field_unit": _("unit"),
    "field_price": _("price"),
    "field_amount": _("amount paid"),
    "field_lot": _("lot"),
    "field_expiry": _("expiry date"),
    "field_status": _("order status"),
    "field_note": _("note"),
    "field_cancel_flag": _("cancel flag"),
    "field_cancelled_quantity": _("cancelled quantity"),
    "field_parent_line": _("original order line (set split)"),
    "field_set_split": _("set split marker"),
}


@dataclass(frozen=True)
class Message:
    """A user-facing message: stable code, English template and its params."""

    code: str
    message: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)

    def text(self) -> str:
        """The English text with the params filled in (for logs and tests)."""
        return self.message % dict(self.params) if self.params else self.message


def msg(code: str, /, **params: ParamValue) -> Message:
    """Build the catalogue message `code` with `params`."""
    return Message(code=code, message=TEXTS[code], params=params)


def field_label(field_name: str) -> str:
    """English label of a mapping field (translate it like any message)."""
    return TEXTS.get(f"field_{field_name}", field_name)
