"""django-import-export resources for the admin, scoped to one organization.

Every resource is built with `organization=` (the admin passes the request's).
Imports match rows by (organization, sku) or (organization, name), force the
organization from the request, resolve foreign keys by name inside it, and run
in one transaction that rolls back on any bad row. Exports pass every text cell
through smartstock.exports.sanitize_cell; numbers and dates stay native.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import Error, Result

from accounts.models import Organization
from smartstock.exports import sanitize_cell

from .models import Category, Channel, ChannelListing, Product, StockMovement, Supplier
from .services import catalog

# tablib holds the whole file in memory; the admin form caps bytes, this caps rows.
MAX_IMPORT_ROWS = 20_000

# Widgets whose rendering is never free text: numbers, dates, booleans.
_NON_TEXT_WIDGETS = (
    widgets.NumberWidget,
    widgets.BooleanWidget,
    widgets.DateWidget,
    widgets.DateTimeWidget,
    widgets.TimeWidget,
    widgets.DurationWidget,
)


# 1200, 1,200, -3, 12.5 (thousands grouped by commas, or not at all).
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def number_from_cell(value: Any) -> Decimal:
    """A number as Korean spreadsheets write it (1,200 / ₩12,900원), or ValueError
    with a message for the row's column (never an opaque decimal error)."""
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = text.removeprefix("₩").removesuffix("원").strip()
    if not _NUMBER.match(text):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    return Decimal(text.replace(",", ""))


class WholeNumberWidget(widgets.IntegerWidget):
    """Integers: 1,000 is read, 1.5 is refused (int() would drop the .5 unsaid)."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        number = number_from_cell(value)
        if number != number.to_integral_value():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        return int(number)


class AmountWidget(widgets.DecimalWidget):
    """Money and decimals: 1,200, ₩12,900 and 12,900원 are read."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        return number_from_cell(value)


def _choice_key(value: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).split()).casefold()


class ChoiceWidget(widgets.Widget):
    """A choice written as its stored code or as the label users see, in Korean
    or English, whatever the case and spacing (세트, 단품, Set / kit, SINGLE)."""

    def __init__(self, choices: Any, synonyms: dict[str, str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = list(choices)
        self.synonyms = synonyms or {}

    def _keys(self) -> dict[str, str]:
        keys = {_choice_key(word): code for word, code in self.synonyms.items()}
        for language in ("en", "ko"):
            with translation.override(language):
                for code, label in self.choices:
                    keys[_choice_key(label)] = code
        keys.update({_choice_key(code): code for code, _label in self.choices})
        return keys

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return value
        code = self._keys().get(_choice_key(value))
        if code is None:
            accepted = ", ".join(f"{code} ({label})" for code, label in self.choices)
            raise ValueError(_("“%(value)s” is not one of: %(choices)s.")
                             % {"value": value, "choices": accepted})
        return code

    def render(self, value, obj=None, **kwargs):
        return value


class OrganizationForeignKeyWidget(widgets.ForeignKeyWidget):
    """Resolves a related row by a natural key (name, sku) inside one organization."""

    def __init__(self, model, field: str = "name", **kwargs) -> None:
        super().__init__(model, field, **kwargs)
        self.organization: Organization | None = None

    def get_queryset(self, value, row, *args, **kwargs) -> QuerySet:
        if self.organization is None:
            return self.model.objects.none()
        return self.model.objects.filter(organization=self.organization)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            # A ValueError becomes a validation error of this row's column.
            raise ValueError(
                _("No %(model)s named “%(value)s” in this organization.")
                % {"model": self.model._meta.verbose_name, "value": value}
            ) from None


class OrganizationResource(resources.ModelResource):
    """Base: organization scoping for import and export, sanitised export."""

    #: False for export-only resources: import_data then refuses every file
    importable = True

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        **{name: WholeNumberWidget
           for name, widget in resources.ModelResource.WIDGETS_MAP.items()
           if widget is widgets.IntegerWidget},
        "DecimalField": AmountWidget,
    }

    def __init__(
        self,
        organization: Organization | None = None,
        export_unscoped: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.organization = organization
        self.export_unscoped = export_unscoped
        for field in self.fields.values():
            if isinstance(field.widget, OrganizationForeignKeyWidget):
                field.widget.organization = organization

    # --- import -----------------------------------------------------------
    def get_queryset(self) -> QuerySet:
        """Rows an import may match: the organization's only."""
        queryset = super().get_queryset()
        if self.organization is None:
            return queryset.none()
        return queryset.filter(organization=self.organization)

    def init_instance(self, row=None):
        return self._meta.model(organization=self.organization)

    def before_save_instance(self, instance, row, **kwargs) -> None:
        # Never from the file: the organization is the request's.
        instance.organization = self.organization

    def get_import_fields(self) -> list[fields.Field]:
        # Read-only columns (on_hand, names of related rows) are export-only.
        return [field for field in super().get_import_fields() if not field.readonly]

    def import_data(
        self,
        dataset,
        dry_run: bool = False,
        raise_errors: bool = False,
        use_transactions: bool | None = None,
        collect_failed_rows: bool = False,
        rollback_on_validation_errors: bool = False,
        **kwargs: Any,
    ) -> Result:
        """Import in one transaction; any bad row rolls back the whole file."""
        refusal = self._import_refusal(dataset)
        if refusal:
            result = self.get_result_class()()
            result.append_base_error(Error(ValueError(refusal)))
            return result
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=True,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=True,
            **kwargs,
        )

    def _import_refusal(self, dataset) -> str:
        if not self.importable:
            return _("This list cannot be imported.")
        if self.organization is None:
            return _("Choose an organization before importing.")
        if len(dataset) > MAX_IMPORT_ROWS:
            return _("The file has more than %(limit)d rows.") % {
                "limit": MAX_IMPORT_ROWS
            }
        return ""

    # --- export -----------------------------------------------------------
    def filter_export(self, queryset: QuerySet, **kwargs: Any) -> QuerySet:
        if self.export_unscoped:
            return queryset
        if self.organization is None:
            return queryset.none()
        return queryset.filter(organization=self.organization)

    def export_field(self, field: fields.Field, instance, **kwargs: Any) -> Any:
        value = super().export_field(field, instance, **kwargs)
        if isinstance(field.widget, _NON_TEXT_WIDGETS):
            return value
        return sanitize_cell(value)


class ProductResource(OrganizationResource):
    category = fields.Field(
        attribute="category",
        column_name="category",
        widget=OrganizationForeignKeyWidget(Category, "name"),
    )
    supplier = fields.Field(
        attribute="supplier",
        column_name="supplier",
        widget=OrganizationForeignKeyWidget(Supplier, "name"),
    )
    kind = fields.Field(
        attribute="kind",
        column_name="kind",
        widget=ChoiceWidget(Product.Kind.choices,
                            synonyms={"세트": "set", "키트": "set", "kit": "set",
                                      "단품": "single"}),
    )
    # The ledger cache: exported for reference, never imported.
    on_hand = fields.Field(
        attribute="on_hand",
        column_name="on_hand",
        readonly=True,
        widget=widgets.IntegerWidget(),
    )

    def before_import(self, dataset, **kwargs: Any) -> None:
        super().before_import(dataset, **kwargs)
        self._seen_skus: dict[str, tuple[int, str]] = {}

    def before_import_row(self, row, **kwargs: Any) -> None:
        """A SKU twice in one file (in any case) is refused, naming the first row."""
        super().before_import_row(row, **kwargs)
        sku = str(row.get("sku") or "").strip()
        if not sku:
            return
        number = kwargs.get("row_number", 0)
        first = self._seen_skus.setdefault(sku.casefold(), (number, sku))
        if first[0] != number:
            raise ValidationError({"sku": _(
                "“%(sku)s” repeats the SKU of row %(row)s (%(first)s); upper and "
                "lower case count as the same SKU."
            ) % {"sku": sku, "row": first[0], "first": first[1]}})

    def get_instance(self, instance_loader, row):
        """The organization's product with this SKU, whatever its case."""
        sku = str(row.get("sku") or "").strip()
        if not sku:
            return None
        return self.get_queryset().filter(sku__iexact=sku).first()

    def import_instance(self, instance, row, **kwargs: Any) -> None:
        # A file that writes an existing SKU in another case keeps its spelling.
        stored = instance.sku if instance.pk else ""
        entered_units = instance.safety_stock if instance.pk else 0
        super().import_instance(instance, row, **kwargs)
        if stored and str(instance.sku).casefold() == stored.casefold():
            instance.sku = stored
        if "safety_stock" in row:  # a number is manual, an empty cell automatic
            # The widget turns an empty cell into the model default (0).
            cell = row.get("safety_stock")
            blank = cell is None or not str(cell).strip()
            given = {"safety_stock": None if blank else instance.safety_stock}
            if str(row.get("safety_stock_mode") or "").strip():
                given["safety_stock_mode"] = instance.safety_stock_mode
            resolved = catalog.safety_stock_fields(given, entered_units)
            instance.safety_stock = resolved["safety_stock"]
            instance.safety_stock_mode = resolved["safety_stock_mode"]

    class Meta:
        model = Product
        fields = (*Product.EDITABLE_FIELDS, "is_active", "on_hand")
        export_order = fields
        import_id_fields = ("sku",)
        use_transactions = True
        skip_unchanged = True
        clean_model_instances = True


class SupplierResource(OrganizationResource):
    class Meta:
        model = Supplier
        fields = (
            "name",
            "contact_person",
            "email",
            "phone",
            "lead_time_days",
            "notes",
            "is_active",
        )
        export_order = fields
        import_id_fields = ("name",)
        use_transactions = True
        skip_unchanged = True
        clean_model_instances = True


class CategoryResource(OrganizationResource):
    class Meta:
        model = Category
        fields = ("name",)
        import_id_fields = ("name",)
        use_transactions = True
        skip_unchanged = True
        clean_model_instances = True


class ChannelResource(OrganizationResource):
    class Meta:
        model = Channel
        fields = ("name", "kind", "is_active")
        export_order = fields
        import_id_fields = ("name",)
        use_transactions = True
        skip_unchanged = True
        clean_model_instances = True


class ChannelListingResource(OrganizationResource):
    """Export only: channel codes mapped to master SKUs."""

    importable = False

    channel = fields.Field(
        attribute="channel__name", column_name="channel", readonly=True
    )
    product_sku = fields.Field(
        attribute="product__sku", column_name="sku", readonly=True
    )
    product_name = fields.Field(
        attribute="product__name", column_name="product_name", readonly=True
    )

    class Meta:
        model = ChannelListing
        fields = ("channel", "code", "option_name", "product_sku", "product_name")
        export_order = fields


class StockMovementResource(OrganizationResource):
    """Export only: the ledger."""

    importable = False

    product_sku = fields.Field(
        attribute="product__sku", column_name="sku", readonly=True
    )
    product_name = fields.Field(
        attribute="product__name", column_name="product_name", readonly=True
    )
    channel = fields.Field(
        attribute="channel__name", column_name="channel", readonly=True
    )
    lot = fields.Field(attribute="lot__code", column_name="lot", readonly=True)
    set_product = fields.Field(
        attribute="set_product__sku", column_name="from_set", readonly=True
    )
    created_by = fields.Field(
        attribute="created_by__email", column_name="recorded_by", readonly=True
    )

    class Meta:
        model = StockMovement
        fields = (
            "id",
            "business_date",
            "product_sku",
            "product_name",
            "kind",
            "quantity",
            "channel",
            "lot",
            "source",
            "source_ref",
            "set_product",
            "note",
            "created_by",
            "created_at",
        )
        export_order = fields
