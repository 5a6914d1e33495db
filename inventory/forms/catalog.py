"""Forms of the product master: products, suppliers, categories, channels,
listings, set components and the product list's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization

from .. import selectors
from ..models import Channel, ChannelListing, Product, Supplier
from ..services.stock.errors import StockError
from ..services.stock.rules import (
    MAX_COMPONENT_QUANTITY,
    component_quantity_check,
)
from .base import BootstrapMixin, ChannelSkuMixin, _product_for_sku


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
        fields = Supplier.EDITABLE_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["notes"].widget.attrs["rows"] = 3


class CategoryForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)


class ChannelForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Channel
        fields = ("name", "kind", "is_active")


class ListingForm(ChannelSkuMixin, BootstrapMixin, forms.ModelForm):
    sku = forms.CharField(label=_("master SKU"), max_length=64)

    class Meta:
        model = ChannelListing
        fields = ("channel", "code", "option_name")

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
