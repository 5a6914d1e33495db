"""The product master: suppliers, categories, channels, products, sets, listings."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..fields import CaseInsensitiveCharField, CaseSensitiveCharField
from ..importing.values import component_quantity_problem
from .base import TenantModel


class Supplier(TenantModel):
    name = models.CharField(_("name"), max_length=200)
    contact_person = models.CharField(_("contact person"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    lead_time_days = models.PositiveIntegerField(
        _("default lead time (days)"), default=7
    )
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    # The fields a user edits (the form and import/export).
    EDITABLE_FIELDS = ("name", "contact_person", "email", "phone", "lead_time_days",
                       "notes", "is_active")

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="supplier_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Category(TenantModel):
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="category_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Channel(TenantModel):
    class Kind(models.TextChoices):
        COUPANG = "coupang", _("Coupang")
        SMARTSTORE = "smartstore", _("Naver SmartStore")
        OWN_MALL = "own_mall", _("Own mall")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="channel_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Product(TenantModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single")
        SET = "set", _("Set / kit")

    class SafetyStockMode(models.TextChoices):
        MANUAL = "manual", _("Manual")
        AUTOMATIC = "automatic", _("Automatic")

    # Unique per organization without regard to case ("ab-1" = "AB-1").
    sku = CaseInsensitiveCharField(_("master SKU"), max_length=64)
    playauto_sku = CaseSensitiveCharField(_("PlayAuto SKU"), max_length=64, blank=True)
    name = models.CharField(_("product name"), max_length=200)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=Kind.choices, default=Kind.SINGLE
    )
    supplier = models.ForeignKey(
        Supplier,
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
    )
    manufacturer = models.CharField(_("manufacturer"), max_length=200, blank=True)
    supplier_sku = models.CharField(
        _("supplier's code"), max_length=64, blank=True,
        help_text=_("The supplier's own product code, printed on purchase orders."),
    )
    lead_time_days = models.PositiveIntegerField(
        _("lead time (days)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the supplier's default lead time."),
    )
    moq = models.PositiveIntegerField(
        _("MOQ"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Minimum order quantity."),
    )
    order_multiple = models.PositiveIntegerField(
        _("order multiple"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("Pack size: order quantities are rounded up to a multiple of it."),
    )
    # The value a user entered; used only in manual mode (and by the simple
    # rule before any forecast exists). Kept when the mode turns automatic.
    safety_stock = models.PositiveIntegerField(_("safety stock"), default=0)
    # Automatic unless a safety stock was entered (inventory.services.catalog).
    safety_stock_mode = models.CharField(
        _("safety stock mode"),
        max_length=10,
        choices=SafetyStockMode.choices,
        default=SafetyStockMode.AUTOMATIC,
    )
    unit_cost = models.DecimalField(
        _("unit cost"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    selling_price = models.DecimalField(
        _("selling price"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    shelf_life_days = models.PositiveIntegerField(
        _("shelf life (days)"), null=True, blank=True
    )
    units_per_box = models.PositiveIntegerField(
        _("units per box"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Uploads in boxes (BOX, 박스) are converted to units with it."),
    )
    expected_daily_demand = models.DecimalField(
        _("expected daily demand"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Your estimate for a new product; used until it has enough history."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Cache of the ledger sum; written only by inventory.services.stock.
    on_hand = models.IntegerField(_("on hand"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["on_hand", "updated_at"])

    # The fields a user edits (forms, import/export, catalog services).
    EDITABLE_FIELDS = (
        "sku",
        "playauto_sku",
        "name",
        "category",
        "kind",
        "supplier",
        "supplier_sku",
        "manufacturer",
        "lead_time_days",
        "moq",
        "order_multiple",
        "safety_stock",
        "safety_stock_mode",
        "unit_cost",
        "selling_price",
        "shelf_life_days",
        "units_per_box",
        "expected_daily_demand",
    )

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["sku"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "sku"], name="product_unique_sku"
            ),
            # SQLite: the case-insensitive key (MySQL/MariaDB: the collation,
            # see CaseInsensitiveCharField; they skip this constraint).
            models.UniqueConstraint(
                Lower("sku"), "organization", name="product_unique_sku_ci"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "playauto_sku"]),
            # The newest edit, read on every page (policy's dashboard_version).
            models.Index(fields=["organization", "updated_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"

    @property
    def is_set(self) -> bool:
        return self.kind == self.Kind.SET

    @property
    def effective_lead_time_days(self) -> int | None:
        if self.lead_time_days is not None:
            return self.lead_time_days
        return self.supplier.lead_time_days if self.supplier_id else None


class SetComponent(TenantModel):
    """A set (kit) is made of components × quantity; it has no stock of its own."""

    set_product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="components"
    )
    component = models.ForeignKey(
        Product,
        verbose_name=_("component"),
        on_delete=models.PROTECT,
        related_name="used_in_sets",
    )
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("set component")
        verbose_name_plural = _("set components")
        constraints = [
            models.UniqueConstraint(
                fields=["set_product", "component"], name="setcomponent_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.set_product.sku} ← {self.quantity} × {self.component.sku}"

    def clean(self) -> None:
        if self.component_id and self.component_id == self.set_product_id:
            raise ValidationError(_("A set cannot contain itself."))
        # The catalogue's rule (the forms, the API and the admin say the same).
        problem = component_quantity_problem(self.quantity)
        if problem is not None:
            raise ValidationError(
                {"quantity": gettext(problem.message) % dict(problem.params)})
        if self.component_id and self.component.is_set:
            raise ValidationError(_("A set component must be a single product."))


class ChannelListing(TenantModel):
    """A channel's product/option code mapped to our master product."""

    channel = models.ForeignKey(
        Channel,
        verbose_name=_("channel"),
        on_delete=models.PROTECT,
        related_name="listings",
    )
    code = CaseSensitiveCharField(_("channel product/option code"), max_length=100)
    option_name = models.CharField(_("option name"), max_length=200, blank=True)
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="listings",
    )

    class Meta:
        verbose_name = _("channel listing")
        verbose_name_plural = _("channel listings")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "channel", "code"], name="listing_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.code} → {self.product.sku}"
