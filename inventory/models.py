"""Product master and the stock ledger.

`StockMovement` is the ledger and the single source of truth; `Product.on_hand`
and `Lot.on_hand` are caches kept in the same transaction as each ledger row
(see inventory/services/stock.py). Ledger rows are never updated or deleted.
"""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organization

from .fields import CaseSensitiveCharField


class TenantModel(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        abstract = True


class Supplier(TenantModel):
    name = models.CharField(_("name"), max_length=200)
    contact_person = models.CharField(_("contact person"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    lead_time_days = models.PositiveIntegerField(_("default lead time (days)"), default=7)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

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

    sku = CaseSensitiveCharField(_("master SKU"), max_length=64)
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
    lead_time_days = models.PositiveIntegerField(
        _("lead time (days)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the supplier's default lead time."),
    )
    moq = models.PositiveIntegerField(
        _("MOQ"), default=1, validators=[MinValueValidator(1)],
        help_text=_("Minimum order quantity."),
    )
    order_multiple = models.PositiveIntegerField(
        _("order multiple"), default=1, validators=[MinValueValidator(1)],
        help_text=_("Pack size: order quantities are rounded up to a multiple of it."),
    )
    safety_stock = models.PositiveIntegerField(_("safety stock"), default=0)
    safety_stock_mode = models.CharField(
        _("safety stock mode"),
        max_length=10,
        choices=SafetyStockMode.choices,
        default=SafetyStockMode.MANUAL,
    )
    unit_cost = models.DecimalField(
        _("unit cost"), max_digits=12, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    selling_price = models.DecimalField(
        _("selling price"), max_digits=12, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    shelf_life_days = models.PositiveIntegerField(
        _("shelf life (days)"), null=True, blank=True
    )
    units_per_box = models.PositiveIntegerField(
        _("units per box"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Uploads in boxes (BOX, 박스) are converted to units with it."),
    )
    expected_daily_demand = models.DecimalField(
        _("expected daily demand"), max_digits=10, decimal_places=2,
        null=True, blank=True, validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Your estimate for a new product; used until it has enough history."),
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
            )
        ]
        indexes = [models.Index(fields=["organization", "playauto_sku"])]

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
        if self.component_id and self.component.is_set:
            raise ValidationError(_("A set component must be a single product."))


class ChannelListing(TenantModel):
    """A channel's product/option code mapped to our master product."""

    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT,
        related_name="listings",
    )
    code = CaseSensitiveCharField(_("channel product/option code"), max_length=100)
    option_name = models.CharField(_("option name"), max_length=200, blank=True)
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT,
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


class Lot(TenantModel):
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="lots"
    )
    code = CaseSensitiveCharField(_("lot code"), max_length=64)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    # Cache of the ledger sum of this lot's movements.
    on_hand = models.IntegerField(_("on hand"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.UniqueConstraint(fields=["product", "code"], name="lot_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.product.sku} / {self.code}"


class ExternalReference(TenantModel):
    """One row per external line (e.g. a channel order line) ever applied.

    The unique key makes the database refuse a second application of the same
    line, whichever process tries it; the movements that line produced point here.
    """

    scope = models.CharField(max_length=32)  # channel id, or "-" for none
    ref = CaseSensitiveCharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("external reference")
        verbose_name_plural = _("external references")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "scope", "ref"], name="externalref_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.ref}"


class LedgerImmutableError(Exception):
    """Raised on any attempt to change or delete a ledger row."""


class StockMovementQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerImmutableError("Ledger rows cannot be updated; add a reversal.")

    def delete(self):
        raise LedgerImmutableError("Ledger rows cannot be deleted; add a reversal.")


class StockMovement(TenantModel):
    """One row of the stock ledger: a signed quantity of one product on one day."""

    class Kind(models.TextChoices):
        INBOUND = "inbound", _("Inbound")
        OUTBOUND = "outbound", _("Outbound")
        ADJUSTMENT = "adjustment", _("Adjustment")
        STOCK_COUNT = "stock_count", _("Stock count")
        REVERSAL = "reversal", _("Reversal")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Manual entry")
        UPLOAD = "upload", _("Upload")
        PURCHASE_RECEIPT = "purchase_receipt", _("Purchase-order receipt")
        API = "api", _("API")
        IMPORT = "import", _("Historical import")

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT,
        related_name="movements",
    )
    business_date = models.DateField(_("date"))
    quantity = models.IntegerField(_("quantity"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="movements",
    )
    lot = models.ForeignKey(
        Lot, verbose_name=_("lot"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="movements",
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_ref = models.CharField(_("source reference"), max_length=64, blank=True)
    external_ref = models.ForeignKey(
        ExternalReference, verbose_name=_("external reference"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="movements",
    )
    set_product = models.ForeignKey(
        Product, verbose_name=_("from set"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="set_movements",
    )
    reversal_of = models.OneToOneField(
        "self", verbose_name=_("reverses"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="reversed_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = StockMovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-business_date", "-id"]
        indexes = [
            models.Index(fields=["organization", "business_date"]),
            # The movement list's order (newest first) read backwards from an
            # index instead of sorting the organization's whole ledger.
            models.Index(
                fields=["organization", "business_date", "id"],
                name="movement_org_date_id_idx",
            ),
            models.Index(fields=["product", "business_date"]),
            models.Index(fields=["organization", "kind", "business_date"]),
            models.Index(fields=["organization", "source", "source_ref"]),
        ]

    def __str__(self) -> str:
        return f"{self.business_date} {self.kind} {self.quantity:+d} {self.product_id}"

    def save(self, *args, **kwargs):
        # The ledger is append-only: an existing row is never written again.
        if self.pk is not None and not self._state.adding:
            raise LedgerImmutableError("Ledger rows cannot be updated; add a reversal.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerImmutableError("Ledger rows cannot be deleted; add a reversal.")


class UploadBatch(TenantModel):
    """One uploaded file: its bytes, the parsed preview and what became of it.

    Movements applied from a batch carry source=upload and source_ref=str(pk).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Received")
        PARSING = "parsing", _("Reading the file")
        READY = "ready", _("Ready to apply")
        APPLYING = "applying", _("Applying")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed")
        REVERTED = "reverted", _("Reverted")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
        on_delete=models.PROTECT, related_name="+",
    )
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("content hash"), max_length=64)
    # Set to sha256 while applied (not for "apply anyway"): the unique key makes
    # the database refuse a second concurrent application of the same file.
    applied_sha256 = models.CharField(  # noqa: DJ001 -- NULLs never collide
        max_length=64, null=True, blank=True, editable=False
    )
    content = models.BinaryField(editable=False)
    file_format = models.CharField(_("format"), max_length=20, blank=True)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    signature = models.CharField(_("header signature"), max_length=32, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    options = models.JSONField(default=dict, blank=True)
    result = models.JSONField(null=True, blank=True)  # the preview
    parsed_rows = models.JSONField(null=True, blank=True)  # what apply writes
    rows_to_apply = models.PositiveIntegerField(default=0)
    movements_count = models.PositiveIntegerField(default=0)
    error_message = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applied by"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    reverted_at = models.DateTimeField(_("reverted at"), null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reverted by"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "sha256"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "applied_sha256"],
                name="uploadbatch_unique_applied_file",
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class ColumnMappingMemory(TenantModel):
    """A user's corrected column mapping for files with this header signature."""

    signature = models.CharField(max_length=32)
    mapping = models.JSONField(default=dict)  # field -> header text, or None
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("remembered column mapping")
        verbose_name_plural = _("remembered column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "signature"], name="mappingmemory_unique"
            )
        ]

    def __str__(self) -> str:
        return self.signature
