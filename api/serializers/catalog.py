"""Products, set components, listings, suppliers, categories, channels."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from inventory.models import (
    Category,
    Channel,
    ChannelListing,
    Product,
    SetComponent,
    Supplier,
)
from inventory.services.stock import StockError
from inventory.services.stock.rules import component_quantity_check


class SupplierSerializer(serializers.ModelSerializer):
    # A plain string in the schema: an empty address is allowed (the model and
    # its full_clean() still check the format).
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)

    class Meta:
        model = Supplier
        fields = ["id", "name", "contact_person", "email", "phone", "lead_time_days",
                  "notes", "is_active"]
        read_only_fields = ["id"]


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name"]
        read_only_fields = ["id"]


class ChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Channel
        fields = ["id", "name", "kind", "is_active"]
        read_only_fields = ["id"]


class ProductSerializer(serializers.ModelSerializer):
    """A product; `category` and `supplier` are ids of the same organization."""

    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.none(), allow_null=True, required=False
    )
    supplier = serializers.PrimaryKeyRelatedField(
        queryset=Supplier.objects.none(), allow_null=True, required=False
    )
    # A number makes the mode manual, null automatic (unless the mode is given).
    safety_stock = serializers.IntegerField(
        min_value=0, max_value=2147483647, allow_null=True, required=False,
        help_text="Units entered by the seller: sets safety_stock_mode to manual "
        "unless a mode is given; null sets it to automatic (computed).",
    )

    class Meta:
        model = Product
        fields = ["id", *Product.EDITABLE_FIELDS, "is_active", "on_hand",
                  "created_at", "updated_at"]
        read_only_fields = ["id", "is_active", "on_hand", "created_at", "updated_at"]
        # Uniqueness of the SKU is checked by the service (with a clear message).
        validators: list = []

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organization is not None:
            self.fields["category"].queryset = Category.objects.filter(
                organization=organization)
            self.fields["supplier"].queryset = Supplier.objects.filter(
                organization=organization)

    def get_unique_together_validators(self):
        return []


class SetComponentSerializer(serializers.ModelSerializer):
    component_sku = serializers.CharField(source="component.sku", read_only=True)
    quantity = serializers.IntegerField(
        default=1, help_text="Units of the component in one set: 1 to 1,000.")

    def validate_quantity(self, quantity: int) -> int:
        # The catalogue's rule and message (the web form and the admin's too).
        try:
            component_quantity_check(quantity)
        except StockError as error:
            raise serializers.ValidationError(error.messages) from None
        return quantity

    class Meta:
        model = SetComponent
        fields = ["id", "component", "component_sku", "quantity"]
        read_only_fields = ["id", "component_sku"]
        extra_kwargs = {"component": {"queryset": Product.objects.none()}}

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organization is not None:
            self.fields["component"].queryset = Product.objects.filter(
                organization=organization)

    def get_unique_together_validators(self):
        return []


class ListingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChannelListing
        fields = ["id", "channel", "code", "option_name", "product"]
        read_only_fields = ["id"]
        extra_kwargs = {"channel": {"queryset": Channel.objects.none()},
                        "product": {"queryset": Product.objects.none()}}
        validators: list = []

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organization is not None:
            self.fields["channel"].queryset = Channel.objects.filter(
                organization=organization)
            self.fields["product"].queryset = Product.objects.filter(
                organization=organization)

    def get_unique_together_validators(self):
        return []


class OnHandSerializer(serializers.Serializer):
    product = serializers.IntegerField()
    sku = serializers.CharField()
    kind = serializers.CharField()
    on_hand = serializers.IntegerField(
        help_text="Units in stock; for a set, the sets its components make.")


class ProductFilterSerializer(serializers.Serializer):
    """GET /products/ query: a value that cannot be read is a 400, as on
    /movements/ (an unknown but well-formed id simply matches nothing)."""

    ACTIVE = {"true": True, "1": True, "false": False, "0": False, "all": None}

    search = serializers.CharField(required=False, allow_blank=True)
    category = serializers.IntegerField(required=False)
    supplier = serializers.IntegerField(required=False)
    kind = serializers.ChoiceField(choices=Product.Kind.choices, required=False)
    active = serializers.CharField(required=False, default="true")
    ordering = serializers.ChoiceField(choices=(), required=False, default="sku")

    def __init__(self, *args, orderings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ordering"].choices = sorted(orderings)

    def validate_active(self, value: str) -> bool | None:
        try:
            return self.ACTIVE[value.strip().lower()]
        except KeyError:
            raise serializers.ValidationError(
                _("Use true, false or all.")) from None
