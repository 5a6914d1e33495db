"""Recommendations: load every product's inputs, run the engine, store the rows.

A handful of queries for any number of products (products, forecasts, open
orders, receipts, sales value), then one ``recommend`` call per product and a
bulk insert. The refresh is idempotent: the day's rows are replaced.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Organization
from inventory.models import Product
from inventory.services.catalog import product_safety_stock_computed
from policy import lateness, selectors
from policy.coverage import OpenArrival, assess_coverage
from policy.engine import PolicyInputs, order_quantity_on, recommend
from policy.engine import Recommendation as EngineRecommendation
from policy.formulas import (
    LeadTimeEstimate,
    Message,
    _,
    abc_classes,
    lead_time_from_history,
)
from policy.models import PolicySettings, Recommendation
from policy.selectors.late import plan_inputs

logger = logging.getLogger(__name__)

ABC_WINDOW_DAYS = 90
KEEP_DAYS = 35  # older recommendations are pruned; 5 weeks of history are kept
NO_FORECAST = Message(_("No forecast yet for this product: the numbers assume no "
                        "demand until the next forecast run."), {})


def json_safe(value: Any) -> Any:
    """Dates become ISO strings, Decimals strings: storable in a JSONField."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


@dataclass(frozen=True)
class _Context:
    """Everything loaded once for the whole organization."""

    as_of: dt.date
    settings: PolicySettings
    forecasts: dict[int, selectors.PlanningForecast]
    arrivals: dict[int, list[OpenArrival]]  # open order lines per product
    receipts: dict[int, list[tuple[dt.date, float]]]  # the same, for the engine
    lead_samples: dict[tuple[int, int], list[float]]
    classes: dict[str, str]


def _load(organization: Organization, products: list[Product],
          as_of: dt.date) -> _Context:
    ids = [product.pk for product in products]
    sales = selectors.sales_value_by_product(
        organization=organization, since=as_of - dt.timedelta(days=ABC_WINDOW_DAYS))
    arrivals = selectors.open_order_arrivals(organization=organization,
                                             product_ids=ids)
    return _Context(
        as_of=as_of,
        settings=selectors.policy_settings_get(organization=organization),
        forecasts=selectors.planning_forecasts(organization=organization,
                                               product_ids=ids, as_of=as_of),
        arrivals=arrivals,
        receipts=selectors.open_receipts(arrivals, as_of=as_of),
        lead_samples=selectors.lead_time_samples(organization=organization,
                                                 product_ids=ids),
        classes=abc_classes({str(p.pk): sales.get(p.pk, 0.0) for p in products}),
    )


def _product_policy(product: Product):
    try:
        return product.policy
    except ObjectDoesNotExist:
        return None


def _mode(product: Product, settings: PolicySettings) -> str:
    own = _product_policy(product)
    return (own.mode if own and own.mode else None) or settings.mode


def _service_level(product: Product, settings: PolicySettings, abc: str) -> float:
    """Product override, else the class's level if set, else the organization's."""
    own = _product_policy(product)
    if own is not None and own.service_level is not None:
        return float(own.service_level)
    by_class = {"A": settings.service_level_a, "B": settings.service_level_b,
                "C": settings.service_level_c}.get(abc)
    return float(by_class if by_class is not None else settings.service_level)


def lead_time_estimate(
    product: Product, samples: dict[tuple[int, int], list[float]],
    settings: PolicySettings,
) -> LeadTimeEstimate:
    """Measured from this supplier's receipts of the product, else entered."""
    measured = samples.get((product.supplier_id, product.pk), []) \
        if product.supplier_id else []
    return lead_time_from_history(
        measured, manual_lead_time_days=product.effective_lead_time_days,
        default_lead_time_days=float(settings.default_lead_time_days),
    )


def _quantile_levels(cumulative: dict[str, list[float]]) -> dict[float, list[float]]:
    """"p95" → 0.95; only upper levels (the safety stock is an upper quantile)."""
    levels = {}
    for name, path in cumulative.items():
        try:
            level = float(name.lstrip("p")) / 100.0
        except ValueError:
            continue
        if 0.5 <= level < 1.0 and path:
            levels[level] = path
    return levels


def build_inputs(product: Product, context: _Context, lead: LeadTimeEstimate,
                 service_level: float) -> PolicyInputs:
    """The engine's inputs for one product (no queries)."""
    settings = context.settings
    forecast = context.forecasts.get(product.pk)
    unit_cost = float(product.unit_cost or 0)
    holding = None
    if settings.holding_cost_rate and unit_cost > 0:
        holding = unit_cost * float(settings.holding_cost_rate) / 100.0
    return PolicyInputs(
        as_of=context.as_of, on_hand_units=float(product.on_hand),
        lead_time_days=lead.days, lead_time_spread_days=lead.spread_days,
        daily_forecast_units=forecast.point if forecast else (),
        cumulative_quantiles=_quantile_levels(forecast.cumulative_quantiles)
        if forecast else None,
        open_receipts=context.receipts.get(product.pk, ()),
        review_period_days=float(settings.review_period_days),
        moq_units=max(1, product.moq),
        order_multiple_units=max(1, product.order_multiple),
        service_level=service_level, mode=_mode(product, settings),
        safety_stock_mode=product.safety_stock_mode,
        manual_safety_stock_units=float(product.safety_stock),
        unit_cost=unit_cost, price=float(product.selling_price or 0),
        ordering_cost_per_order=float(settings.ordering_cost)
        if settings.ordering_cost else None,
        holding_cost_per_unit_year=holding,
    )


def _messages(result: EngineRecommendation, lead: LeadTimeEstimate,
              has_forecast: bool) -> list[Message]:
    found = [*result.messages, lead.reason]
    return found if has_forecast else [*found, NO_FORECAST]


def order_by_quantity(result: EngineRecommendation, product: Product,
                      as_of: dt.date) -> int:
    """Units to order on the order-by date: today's quantity when it is due,
    else the quantity due then (the same engine call as the reorder alert)."""
    due = result.order_by_date
    if result.recommended_quantity_units > 0 or due is None or due <= as_of:
        return result.recommended_quantity_units
    return order_quantity_on(
        due, result.on_hand_units, result.projection, result.order_up_to_units,
        max(1, product.moq), max(1, product.order_multiple), result.eoq_units)


def _row(organization: Organization, product: Product, result: EngineRecommendation,
         context: _Context, lead: LeadTimeEstimate, now: dt.datetime) -> Recommendation:
    forecast = context.forecasts.get(product.pk)
    messages = _messages(result, lead, forecast is not None)
    return Recommendation(
        organization=organization, product=product, as_of=context.as_of,
        computed_at=now, forecast_run_id=forecast.run_id if forecast else None,
        mode=result.mode, service_level=0.0, abc_class="",
        safety_stock_method=result.safety_stock_method,
        on_hand=result.on_hand_units, on_order=result.on_order_units,
        inventory_position=result.inventory_position_units,
        daily_demand=result.daily_demand_units,
        forecast_30d=sum(forecast.point[:30]) if forecast else 0.0,
        lead_time_days=lead.days, lead_time_spread_days=lead.spread_days,
        lead_time_source=lead.source, safety_stock=result.safety_stock_units,
        reorder_point=result.reorder_point_units,
        order_up_to=result.order_up_to_units, eoq=result.eoq_units,
        overstock_units=result.overstock_units, order_now=result.order_now,
        recommended_quantity=result.recommended_quantity_units,
        order_by_quantity=order_by_quantity(result, product, context.as_of),
        order_by_date=result.order_by_date, reorder_date=result.reorder_date,
        stockout_date=result.stockout_date,
        expected_arrival_date=result.expected_arrival_date,
        reason=" ".join(str(m) for m in messages),
        messages=json_safe([{"template": m.template, "params": m.params}
                            for m in messages]),
        params=json_safe({**result.reason_params, "lead_time_receipts": lead.receipts,
                          "overridden": bool(forecast and forecast.is_overridden)}),
        projection=[[d.day.isoformat(), round(d.receipts_units, 2),
                     round(d.demand_units, 2), round(d.on_hand_units, 2)]
                    for d in result.projection],
    )


def recommendation_compute(
    product: Product, context: _Context, organization: Organization,
    now: dt.datetime,
) -> Recommendation:
    """Run the engine for one product and build (not save) its row."""
    abc = context.classes.get(str(product.pk), "C")
    level = _service_level(product, context.settings, abc)
    lead = lead_time_estimate(product, context.lead_samples, context.settings)
    result = recommend(build_inputs(product, context, lead, level))
    row = _row(organization, product, result, context, lead, now)
    row.service_level, row.abc_class = level, abc
    _set_lateness(row, float(context.settings.review_period_days))
    _set_coverage(row, context.arrivals.get(product.pk, ()))
    return row


def recommendation_what_if(
    *, organization: Organization, product: Product,
    service_level: float | None = None, lead_time_days: float | None = None,
    as_of: dt.date | None = None,
) -> Recommendation:
    """The product's recommendation computed now, optionally with another service
    level and/or lead time; built like the stored one but never saved."""
    if product.organization_id != organization.pk:
        raise ValidationError(gettext("This product does not exist."))
    context = _load(organization, [product], as_of or selectors.today())
    abc = context.classes.get(str(product.pk), "C")
    level = service_level if service_level is not None else _service_level(
        product, context.settings, abc)
    lead = lead_time_estimate(product, context.lead_samples, context.settings)
    if lead_time_days is not None:
        lead = replace(lead, days=float(lead_time_days), spread_days=0.0,
                       source="manual")
    result = recommend(build_inputs(product, context, lead, level))
    row = _row(organization, product, result, context, lead, timezone.now())
    row.service_level, row.abc_class = level, abc
    _set_lateness(row, float(context.settings.review_period_days))
    _set_coverage(row, context.arrivals.get(product.pk, ()))
    return row


def _set_lateness(row: Recommendation, review_period_days: float) -> None:
    """Days late, the stock-out an order placed today can no longer prevent."""
    late = lateness.assess(plan_inputs(row, review_period_days=review_period_days))
    row.days_late = late.days_late if row.recommended_quantity > 0 else 0
    row.stockout_before_arrival = late.unavoidable
    row.days_without_stock = late.days_without_stock if late.unavoidable else 0
    row.units_lost = late.units_lost if late.unavoidable else 0.0
    row.revenue_lost = late.revenue_lost if late.unavoidable else None


def _set_coverage(row: Recommendation, arrivals) -> None:
    """Whether the open orders cover the stock-out risk in time, or are late
    (policy/coverage.py), judged on the advice the order screen shows."""
    found = assess_coverage(
        as_of=row.as_of, advised_units=selectors.to_order(row).advised,
        stockout_date=row.stockout_date,
        stockout_before_arrival=row.stockout_before_arrival, arrivals=arrivals)
    row.coverage = found.status
    row.covering_order_id, row.covering_due_date = found.order_id, found.due_date


def recommendations_refresh(
    *, organization: Organization, as_of: dt.date | None = None
) -> int:
    """Recompute and store every active single product's recommendation."""
    as_of = as_of or selectors.today()
    products = list(selectors.planning_products(organization=organization))
    context = _load(organization, products, as_of)
    now = timezone.now()
    rows = []
    for product in products:
        try:
            rows.append(recommendation_compute(product, context, organization, now))
        except (ValueError, ArithmeticError):
            # One product's odd data must not stop the others.
            logger.exception("Recommendation failed for product %s", product.pk)
    with transaction.atomic():
        # Two refreshes of one organization (task redelivery) take turns here.
        list(Organization.objects.select_for_update().filter(pk=organization.pk)
             .values_list("pk", flat=True))
        Recommendation.objects.filter(organization=organization, as_of=as_of).delete()
        Recommendation.objects.filter(
            organization=organization,
            as_of__lt=as_of - dt.timedelta(days=KEEP_DAYS)).delete()
        Recommendation.objects.bulk_create(rows, batch_size=200)
        if as_of == selectors.today():
            product_safety_stock_computed(
                organization=organization, products=products,
                units={row.product_id: row.safety_stock for row in rows},
            )
    return len(rows)


def recommendations_refresh_on_commit(*, organization_id: int) -> None:
    """Stock, orders, settings or forecasts changed: refresh recommendations, then
    alerts, once the current transaction commits.

    `robust=True`: the change has committed by then, so a failing refresh (e.g. a
    deadlock while tasks run in-process without Redis) is logged and never
    propagates into the caller — whose deadlock retry would otherwise apply an
    already committed change a second time.
    """
    from policy.tasks import recommendations_refresh_task

    transaction.on_commit(
        lambda: recommendations_refresh_task.delay(organization_id), robust=True
    )
