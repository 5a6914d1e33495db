"""Forms of the inventory screens. Every choice is scoped to the organization."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization

from . import selectors
from .models import Channel, ChannelListing, Product, StockMovement, Supplier
from .services.stock.errors import StockError
from .services.stock.rules import (
    MAX_COMPONENT_QUANTITY,
    adds_stock,
    component_quantity_check,
    expiry_without_lot_message,
)

Kind = StockMovement.Kind
MANUAL_KINDS = [
    (Kind.INBOUND.value, Kind.INBOUND.label),
    (Kind.OUTBOUND.value, Kind.OUTBOUND.label),
    (Kind.ADJUSTMENT.value, Kind.ADJUSTMENT.label),
    (Kind.STOCK_COUNT.value, Kind.STOCK_COUNT.label),
]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BootstrapMixin:
    """Give every widget its Bootstrap class, so templates just render fields."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def _product_for_sku(
    organization: Organization, sku: str, *, single_only: bool = False
) -> Product:
    """Resolve a typed SKU inside the organization, or raise a form error."""
    try:
        product = selectors.product_by_sku(organization=organization, sku=sku.strip())
    except Product.DoesNotExist:
        raise forms.ValidationError(
            _("No product with SKU %(sku)s."), params={"sku": sku}, code="unknown_sku"
        ) from None
    if single_only and product.is_set:
        raise forms.ValidationError(
            _("A set component must be a single product."), code="not_single"
        )
    return product


class ProductForm(BootstrapMixin, forms.ModelForm):
    # The mode follows the field: a number is manual, empty is automatic
    # (inventory.services.catalog.safety_stock_fields), so no mode select that
    # could contradict it.
    safety_stock = forms.IntegerField(
        label=_("safety stock"),
        min_value=0,
        required=False,
        help_text=_(
            "Leave empty to have it computed from the forecast and your service "
            "level (automatic). A number you enter is used as it is (manual)."
        ),
    )

    class Meta:
        model = Product
        fields = tuple(f for f in Product.EDITABLE_FIELDS if f != "safety_stock_mode")

    def __init__(self, *args, organization: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._show_safety_stock_mode(self.instance)
        self.fields["category"].queryset = selectors.category_list(
            organization=organization
        )
        self.fields["supplier"].queryset = selectors.supplier_list(
            organization=organization
        )

    def _show_safety_stock_mode(self, product: Product) -> None:
        """Empty (with "automatic" shown) unless a value was entered: manual."""
        field = self.fields["safety_stock"]
        field.widget.attrs["placeholder"] = _("automatic")
        if product.pk is None:
            self.initial.pop("safety_stock", None)
        elif product.safety_stock_mode == Product.SafetyStockMode.AUTOMATIC:
            self.initial["safety_stock"] = None
            field.help_text = _(
                "Now automatic: computed from the forecast and your service "
                "level. Enter a number to set it yourself (manual)."
            )
        else:
            field.help_text = _(
                "Now manual: this number is used as it is. Clear it to have it "
                "computed from the forecast and your service level (automatic)."
            )

    def validate_unique(self) -> None:
        # Uniqueness involves the organization, which the form does not hold:
        # the service checks it and reports a field error.
        pass


class SupplierForm(BootstrapMixin, forms.ModelForm):
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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["notes"].widget.attrs["rows"] = 3


class CategoryForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)


class ChannelForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Channel
        fields = ("name", "kind", "is_active")


class ListingForm(BootstrapMixin, forms.ModelForm):
    sku = forms.CharField(label=_("master SKU"), max_length=64)

    class Meta:
        model = ChannelListing
        fields = ("channel", "code", "option_name")

    def __init__(self, *args, organization: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["channel"].queryset = selectors.channel_list(
            organization=organization
        )

    def clean_sku(self) -> Product:
        return _product_for_sku(self.organization, self.cleaned_data["sku"])

    def validate_unique(self) -> None:
        pass  # checked by the service, which knows the organization


class ComponentForm(BootstrapMixin, forms.Form):
    sku = forms.CharField(label=_("component SKU"), max_length=64)
    quantity = forms.IntegerField(
        label=_("quantity"), initial=1,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_COMPONENT_QUANTITY}),
    )

    def __init__(self, *args, organization: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_quantity(self) -> int:
        quantity = self.cleaned_data["quantity"]
        try:
            component_quantity_check(quantity)
        except StockError as error:
            raise forms.ValidationError(error.messages) from None
        return quantity

    def clean_sku(self) -> Product:
        return _product_for_sku(
            self.organization, self.cleaned_data["sku"], single_only=True
        )


class MovementForm(BootstrapMixin, forms.Form):
    """A manual movement; with `choose_product` the product is typed as a SKU."""

    sku = forms.CharField(label=_("master SKU"), max_length=64)
    kind = forms.ChoiceField(label=_("kind"), choices=MANUAL_KINDS)
    quantity = forms.IntegerField(
        label=_("quantity"),
        help_text=_(
            "Inbound/outbound: units moved. Adjustment: signed change. "
            "Stock count: the counted quantity."
        ),
    )
    business_date = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    channel = forms.ModelChoiceField(
        label=_("channel"), queryset=Channel.objects.none(), required=False
    )
    lot_code = forms.CharField(label=_("lot code"), max_length=64, required=False)
    expiry_date = forms.DateField(
        label=_("expiry date"), required=False, widget=DATE_WIDGET
    )
    note = forms.CharField(label=_("note"), max_length=500, required=False)

    def __init__(
        self, *args, organization: Organization, choose_product: bool = True, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["business_date"].initial = timezone.localdate
        self.fields["channel"].queryset = selectors.channel_list(
            organization=organization
        ).filter(is_active=True)
        if not choose_product:
            del self.fields["sku"]

    def clean_sku(self) -> Product:
        # An inactive product is accepted, as on every path to the ledger: its
        # remaining stock is still sold, returned, counted and written off.
        return _product_for_sku(self.organization, self.cleaned_data["sku"])

    def clean(self) -> dict:
        data = super().clean()
        kind, quantity = data.get("kind"), data.get("quantity")
        if kind and quantity is not None:
            error = _quantity_error(kind, quantity)
            if error:
                self.add_error("quantity", error)
        # Stock coming in with an expiry date but no lot number goes to the
        # expiry day's lot (the ledger's rule); elsewhere the date would be lost.
        if (data.get("expiry_date") and not data.get("lot_code")
                and kind and not adds_stock(kind, quantity)):
            self.add_error("lot_code", expiry_without_lot_message())
        return data


def _quantity_error(kind: str, quantity: int) -> str | None:
    """Why `quantity` does not fit `kind`, or None."""
    if kind in (Kind.INBOUND, Kind.OUTBOUND) and quantity <= 0:
        return _("Enter a quantity greater than zero.")
    if kind == Kind.ADJUSTMENT and quantity == 0:
        return _("An adjustment must change the stock (positive or negative).")
    if kind == Kind.STOCK_COUNT and quantity < 0:
        return _("A counted quantity cannot be negative.")
    return None


class ReverseForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("reason"), max_length=500, required=False)


class ProductFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("search"), required=False)
    category = forms.TypedChoiceField(
        label=_("category"), required=False, coerce=int, empty_value=None
    )
    supplier = forms.TypedChoiceField(
        label=_("supplier"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(
        label=_("kind"),
        required=False,
        choices=[("", _("All kinds")), *Product.Kind.choices],
    )
    status = forms.ChoiceField(
        label=_("status"),
        required=False,
        choices=[
            ("active", _("Active")),
            ("inactive", _("Inactive")),
            ("all", _("All")),
        ],
    )
    sort = forms.ChoiceField(
        required=False, choices=[(key, key) for key in selectors.PRODUCT_ORDERINGS]
    )

    def __init__(self, *args, organization: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        categories = selectors.category_list(organization=organization)
        suppliers = selectors.supplier_list(organization=organization)
        self.fields["category"].choices = [
            ("", _("All categories")),
            *categories.values_list("pk", "name"),
        ]
        self.fields["supplier"].choices = [
            ("", _("All suppliers")),
            *suppliers.values_list("pk", "name"),
        ]

    def filters(self) -> dict:
        """Keyword arguments for selectors.product_list (invalid input is ignored)."""
        self.is_valid()  # invalid fields drop out; the valid ones still filter
        data = getattr(self, "cleaned_data", {})
        status = data.get("status") or "active"
        return {
            "search": (data.get("q") or "").strip(),
            "category_id": data.get("category"),
            "supplier_id": data.get("supplier"),
            "kind": data.get("kind") or "",
            "active": {"active": True, "inactive": False}.get(status),
            "ordering": data.get("sort") or "sku",
        }


class MovementFilterForm(BootstrapMixin, forms.Form):
    sku = forms.CharField(label=_("master SKU"), required=False)
    date_from = forms.DateField(label=_("from"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("to"), required=False, widget=DATE_WIDGET)
    kind = forms.ChoiceField(
        label=_("kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    user = forms.TypedChoiceField(
        label=_("recorded by"), required=False, coerce=int, empty_value=None
    )
    channel = forms.TypedChoiceField(
        label=_("channel"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, user_choices, channel_choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Everyone")), *user_choices]
        self.fields["channel"].choices = [("", _("All channels")), *channel_choices]

    def filters(self) -> dict:
        """Keyword arguments for selectors.movement_list (invalid input is ignored)."""
        self.is_valid()  # invalid fields drop out; the valid ones still filter
        data = getattr(self, "cleaned_data", {})
        return {
            "product_sku": (data.get("sku") or "").strip(),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "kind": data.get("kind") or "",
            "user_id": data.get("user"),
            "channel_id": data.get("channel"),
        }


# -- uploads ---------------------------------------------------------------------
MAX_TEMPLATE_DAYS = 366


class UploadForm(BootstrapMixin, forms.Form):
    """A file to upload and how to read what the file does not say."""

    file = forms.FileField(
        label=_("file"),
        help_text=_("Excel workbook (.xlsx) or CSV (.csv): our template or a "
                    "channel's order export."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    default_date = forms.DateField(
        label=_("date for rows without a date"), required=False, widget=DATE_WIDGET
    )
    quantity_kind = forms.ChoiceField(
        label=_("a plain quantity column means"),
        choices=[(Kind.OUTBOUND.value, _("outbound (sales)")),
                 (Kind.INBOUND.value, _("inbound (receipts)"))],
        initial=Kind.OUTBOUND.value,
    )
    channel = forms.ModelChoiceField(
        label=_("channel when the file has none"), required=False,
        queryset=Channel.objects.none(),
    )

    def __init__(self, *args, organization: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = selectors.channel_list(
            organization=organization
        )

    def parse_options(self) -> dict:
        """The options stored on the upload batch (JSON)."""
        data = self.cleaned_data
        return {
            "default_date": data["default_date"].isoformat()
            if data["default_date"] else None,
            "quantity_kind": data["quantity_kind"],
            "channel": data["channel"].name if data["channel"] else "",
        }


class TemplateForm(BootstrapMixin, forms.Form):
    """Dates of the template rows: one day, or one row per product per day."""

    date_from = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    date_to = forms.DateField(
        label=_("until (optional)"), required=False, widget=DATE_WIDGET,
        help_text=_("With an end date the template has one row per product per day."),
    )

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end date is before the start date."))
            if (end - start).days >= MAX_TEMPLATE_DAYS:
                raise forms.ValidationError(
                    _("Choose at most %(days)s days."), params={"days": MAX_TEMPLATE_DAYS}
                )
        return data


class ApplyForm(forms.Form):
    allow_duplicate = forms.BooleanField(
        label=_("Apply anyway: this file was already applied"), required=False
    )


class MappingForm(BootstrapMixin, forms.Form):
    """For every field the file can have, which column holds it."""

    def __init__(
        self, *args, headers: list[str], mapping: dict[str, str], fields: list[str],
        labels: dict[str, str], **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in this file —"))] + [
            (header, header) for header in dict.fromkeys(h for h in headers if h)
        ]
        for name in fields:
            self.fields[name] = forms.ChoiceField(
                label=labels[name], choices=choices, required=False,
                initial=mapping.get(name, ""),
            )

    def mapping(self) -> dict[str, str | None]:
        """Field → header text, None for a field the file does not have."""
        return {name: value or None for name, value in self.cleaned_data.items()}


class CodeMapForm(BootstrapMixin, forms.Form):
    """Map a code the upload did not recognise to a product (a channel listing)."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=100)
    sku = forms.CharField(label=_("master SKU"), max_length=64)
    channel = forms.ModelChoiceField(label=_("channel"), queryset=Channel.objects.none())

    def __init__(self, *args, organization: Organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["channel"].queryset = selectors.channel_list(
            organization=organization
        )

    def clean_sku(self) -> Product:
        return _product_for_sku(self.organization, self.cleaned_data["sku"])
