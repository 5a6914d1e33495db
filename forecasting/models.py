"""Forecast runs, per-product results, manual overrides and planned promotions.

Past runs are kept: a later report compares what was forecast with what sold.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organization
from inventory.models import Category, Channel, Product


class ForecastRun(models.Model):
    """One forecast of an organization's products as of a date.

    (organization, as_of, sequence) is unique: the scheduled run of a day has
    sequence 0, so a redelivered task finds it; a forced rerun takes the next
    number. No conditional unique constraint: MariaDB ignores them.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        PARTIAL = "partial", _("Finished with failures")
        FAILED = "failed", _("Failed")

    class Scope(models.TextChoices):
        ORGANIZATION = "organization", _("All products")
        PRODUCT = "product", _("One product")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", editable=False
    )
    as_of = models.DateField(_("as of"))
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    forced = models.BooleanField(_("forced"), default=False)
    scope = models.CharField(
        _("scope"), max_length=16, choices=Scope.choices, default=Scope.ORGANIZATION
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    product_count = models.PositiveIntegerField(_("products"), default=0)
    chunk_count = models.PositiveIntegerField(_("chunks"), default=0)
    # Indexes of the chunks already written: the join without a result backend.
    chunks_done = models.JSONField(default=list, blank=True)
    timings = models.JSONField(_("timings (s)"), default=dict, blank=True)
    config = models.JSONField(_("configuration"), default=dict, blank=True)
    library_versions = models.JSONField(_("library versions"), default=dict, blank=True)
    git_revision = models.CharField(_("git revision"), max_length=64, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    failures = models.JSONField(_("failures"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("forecast run")
        verbose_name_plural = _("forecast runs")
        ordering = ["-as_of", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "as_of", "sequence"],
                name="forecastrun_unique_sequence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.as_of} #{self.sequence} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {
            self.Status.SUCCEEDED,
            self.Status.PARTIAL,
            self.Status.FAILED,
        }

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class ProductForecast(models.Model):
    """One product's result in one run: daily path with quantiles, totals, method."""

    run = models.ForeignKey(
        ForecastRun, on_delete=models.CASCADE, related_name="results"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", editable=False
    )
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="forecasts",
    )
    # Copied from the run: the latest forecast per product is found on this index.
    as_of = models.DateField(_("as of"))
    method = models.CharField(_("method"), max_length=300)
    members = models.JSONField(_("models combined"), default=list, blank=True)
    demand_class = models.CharField(_("demand class"), max_length=20, blank=True)
    is_cold_start = models.BooleanField(_("cold start"), default=False)
    # "expected" (the user's figure), "category" (category average) or "history".
    cold_start_source = models.CharField(max_length=16, blank=True)
    backtest_metrics = models.JSONField(_("backtest metrics"), default=dict, blank=True)
    backtest_wape = models.FloatField(_("backtest WAPE"), null=True, blank=True)
    # [{"date": "YYYY-MM-DD", "point": x, "p10": …, "p50": …, …, "p98": …}, …]
    daily = models.JSONField(_("daily forecast"), default=list)
    cumulative_quantiles = models.JSONField(default=dict, blank=True)
    total_quantiles = models.JSONField(default=dict, blank=True)
    total_30 = models.DecimalField(_("30-day total"), max_digits=14, decimal_places=2)
    total_60 = models.DecimalField(_("60-day total"), max_digits=14, decimal_places=2)
    total_90 = models.DecimalField(_("90-day total"), max_digits=14, decimal_places=2)
    fallback_reasons = models.JSONField(_("fallback reasons"), default=dict, blank=True)
    promo_uplift = models.FloatField(_("promotion uplift"), default=1.0)
    bias_factor = models.FloatField(_("bias factor"), default=1.0)
    censored_days = models.PositiveIntegerField(_("stock-out days"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("product forecast")
        verbose_name_plural = _("product forecasts")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "product"], name="productforecast_unique"
            )
        ]
        indexes = [models.Index(fields=["organization", "product", "as_of"])]

    def __str__(self) -> str:
        return f"{self.product_id} @ {self.as_of}"


def _optional_amount(label, *, max_digits: int, decimal_places: int):
    """A non-negative optional decimal (the override's values)."""
    return models.DecimalField(
        label,
        max_digits=max_digits,
        decimal_places=decimal_places,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


class ForecastOverride(models.Model):
    """A manager's correction of a product's forecast, with a reason and history."""

    class Kind(models.TextChoices):
        LEVEL = "level", _("New daily level")
        MULTIPLIER = "multiplier", _("Multiplier over a date range")
        TOTALS = "totals", _("30/60/90-day totals")

    class Reason(models.TextChoices):
        PROMOTION = "promotion", _("Promotion")
        NEW_LISTING = "new_listing", _("New listing")
        SUPPLIER_ISSUE = "supplier_issue", _("Supplier issue")
        SEASONALITY = "seasonality", _("Seasonality")
        DATA_ERROR = "data_error", _("Data error")
        OTHER = "other", _("Other")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", editable=False
    )
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="forecast_overrides",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    daily_level = _optional_amount(_("daily level"), max_digits=12, decimal_places=2)
    multiplier = _optional_amount(_("multiplier"), max_digits=6, decimal_places=3)
    total_30 = _optional_amount(_("30-day total"), max_digits=14, decimal_places=2)
    total_60 = _optional_amount(_("60-day total"), max_digits=14, decimal_places=2)
    total_90 = _optional_amount(_("90-day total"), max_digits=14, decimal_places=2)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)
    reason_code = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    reason_text = models.TextField(_("explanation"))
    expires_on = models.DateField(
        _("expires on"),
        null=True,
        blank=True,
        help_text=_("After this date the model's forecast applies again."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("forecast override")
        verbose_name_plural = _("forecast overrides")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "product", "is_active"])]

    def __str__(self) -> str:
        return f"{self.product_id} {self.kind}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == self.Kind.LEVEL and self.daily_level is None:
            errors["daily_level"] = _("Enter the new daily level.")
        if self.kind == self.Kind.MULTIPLIER:
            if self.multiplier is None:
                errors["multiplier"] = _("Enter the multiplier.")
            if self.start_date is None or self.end_date is None:
                errors["start_date"] = _("A multiplier needs a date range.")
        if self.kind == self.Kind.TOTALS and None in (
            self.total_30,
            self.total_60,
            self.total_90,
        ):
            errors["total_30"] = _("Enter the 30, 60 and 90-day totals.")
        if (
            self.kind == self.Kind.TOTALS
            and None not in (self.total_30, self.total_60, self.total_90)
            and not (self.total_30 <= self.total_60 <= self.total_90)
        ):
            errors["total_60"] = _("Totals must not decrease from 30 to 60 to 90 days.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if not (self.reason_text or "").strip():
            errors["reason_text"] = _("Explain the override.")
        if errors:
            raise ValidationError(errors)


class PromotionEvent(models.Model):
    """A planned or past promotion or channel event (e.g. a Coupang deal, 11.11),
    or a sales pause (a holiday break, a listing taken down).

    It applies to one product, to a category, or (neither set) to every product.
    A promotion flags its days for the models that take regressors; on a sales
    pause nothing can sell: past paused days are not read as zero demand, and
    planned ones are forecast at 0.
    """

    class Kind(models.TextChoices):
        PROMOTION = "promotion", _("Promotion or event")
        PAUSE = "pause", _("Sales pause (closed)")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", editable=False
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.PROMOTION
    )
    name = models.CharField(_("name"), max_length=200)
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="promotion_events",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="promotion_events",
    )
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("channel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="promotion_events",
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("promotion event")
        verbose_name_plural = _("promotion events")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["organization", "start_date"])]

    def __str__(self) -> str:
        return f"{self.name} {self.start_date}–{self.end_date}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date is before the start date.")}
            )
        if self.product_id and self.category_id:
            raise ValidationError(
                {"category": _("Choose a product or a category, not both.")}
            )
        if self.kind == self.Kind.PAUSE and self.channel_id:
            # Demand is forecast over all channels together: one channel's
            # pause still leaves the others selling.
            raise ValidationError(
                {
                    "channel": _(
                        "A sales pause stops every channel; leave the channel "
                        "empty (a pause on one channel only is not supported)."
                    )
                }
            )


class ForecastModelChoice(models.Model):
    """The models an organization's forecast runs use (none saved: the default set).

    Each run records the models it used in its configuration (the run registry).
    """

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="+", editable=False
    )
    model_names = models.JSONField(_("models"), default=list)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("forecast model choice")
        verbose_name_plural = _("forecast model choices")

    def __str__(self) -> str:
        return ", ".join(self.model_names)
