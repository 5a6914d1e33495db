"""django-import-export resources for the admin, scoped to one organization.

Every resource is built with `organization=` (the admin passes the request's).
Imports match rows by (organization, sku) or (organization, name), force the
organization from the request, resolve foreign keys by name inside it, and run
in one transaction that rolls back on any bad row. Exports pass every text cell
through smartstock.exports.sanitize_cell; numbers and dates stay native.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import Error, Result

from accounts.models import Organization
from smartstock.exports import sanitize_cell

from ..models import Category, Channel, ChannelListing, Product, StockMovement, Supplier
from ..services import catalog
from .cells import (
    AmountWidget,
    ChoiceWidget,
    OrganizationForeignKeyWidget,
    WholeNumberWidget,
)

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


class ImportMeta:
    """Meta options of every importable resource: one transaction per file,
    unchanged rows skipped, model validation run on each row."""

    use_transactions = True
    skip_unchanged = True
    clean_model_instances = True


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

    class Meta(ImportMeta):
        model = Product
        fields = (*Product.EDITABLE_FIELDS, "is_active", "on_hand")
        export_order = fields
        import_id_fields = ("sku",)


class SupplierResource(OrganizationResource):
    class Meta(ImportMeta):
        model = Supplier
        fields = Supplier.EDITABLE_FIELDS
        export_order = fields
        import_id_fields = ("name",)


class CategoryResource(OrganizationResource):
    class Meta(ImportMeta):
        model = Category
        fields = ("name",)
        import_id_fields = ("name",)


class ChannelResource(OrganizationResource):
    class Meta(ImportMeta):
        model = Channel
        fields = ("name", "kind", "is_active")
        export_order = fields
        import_id_fields = ("name",)


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
