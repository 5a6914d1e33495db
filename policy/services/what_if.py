"""Policy what-if: replay a product's last 6 months under both policy modes.

Reuses the pure replay of policy/simulation.py on the product's own daily sales
from the ledger (earlier days warm the forecaster up). Reads only; one product
takes a few tens of milliseconds, so it runs in the request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Min

from accounts.models import Organization
from forecasting.services.history import daily_demand
from inventory.models import Product, StockMovement
from policy import selectors
from policy.models import PolicyMode, Recommendation

if TYPE_CHECKING:  # pandas (via policy.simulation) loads only when a what-if runs
    from policy.simulation import DemandData

MEASURED_DAYS = 182  # about 6 months
WARMUP_DAYS = 28


@dataclass(frozen=True)
class ModeOutcome:
    """What one mode would have achieved over the measured days."""

    mode: str
    is_current: bool
    fill_rate: float
    stockout_days: int
    avg_on_hand: float
    orders: int

    @property
    def fill_rate_percent(self) -> float:
        return self.fill_rate * 100.0


@dataclass(frozen=True)
class WhatIf:
    product: Product
    lead_time_days: int
    service_level: float
    measured_from: dt.date | None
    measured_to: dt.date | None
    outcomes: list[ModeOutcome]
    needed_days: int = 0
    available_days: int = 0

    @property
    def has_result(self) -> bool:
        return bool(self.outcomes)


def _current_mode(product: Product, mode: str) -> str:
    try:
        own = product.policy.mode
    except ObjectDoesNotExist:
        own = ""
    return own or mode


def _levels(organization: Organization, product: Product, default_level: float,
            default_lead: float) -> tuple[float, int]:
    """(service level, lead time) of the newest recommendation, else the defaults.

    The recommendation's lead time is the measured one when receipts exist.
    """
    newest = Recommendation.objects.filter(
        organization=organization, product=product,
    ).order_by("-as_of").values_list("service_level", "lead_time_days").first()
    level, lead = newest if newest else (default_level, default_lead)
    return float(level or default_level), max(1, round(lead or default_lead))


def _demand(organization: Organization, product: Product, first: dt.date,
            last: dt.date) -> DemandData:
    import pandas as pd

    from policy.simulation import DemandData

    sold = daily_demand(organization=organization, product_ids=[product.pk],
                        date_from=first, date_to=last).get(product.pk, {})
    days = pd.date_range(first, last, freq="D")
    values = np.array([max(0.0, sold.get(day.date(), 0.0)) for day in days])
    return DemandData(values[:, None], days, (product.sku,))


def policy_what_if(*, organization: Organization, product: Product,
                   today: dt.date | None = None) -> WhatIf:
    """Fill rate, stock-out days and average stock of both modes, last 6 months."""
    from policy.simulation import (
        MIN_ERRORS,
        PROFILE_WINDOW_DAYS,
        PolicySpec,
        Replay,
        SimulationSettings,
    )

    settings = selectors.policy_settings_get(organization=organization)
    level, lead = _levels(
        organization, product, float(settings.service_level),
        float(product.effective_lead_time_days or settings.default_lead_time_days))
    burn_in = PROFILE_WINDOW_DAYS + lead + MIN_ERRORS
    last = (today or selectors.today()) - dt.timedelta(days=1)
    first_move = StockMovement.objects.filter(
        organization=organization, product=product).aggregate(
        first=Min("business_date"))["first"]
    first = max(last - dt.timedelta(days=burn_in + WARMUP_DAYS + MEASURED_DAYS - 1),
                first_move or last)
    available, needed = (last - first).days + 1, burn_in + WARMUP_DAYS + MIN_ERRORS
    if available < needed:
        return WhatIf(product, lead, level, None, None, [], needed, available)
    replay = Replay(_demand(organization, product, first, last), SimulationSettings(
        lead_time_days=lead, review_period_days=settings.review_period_days,
        burn_in_days=burn_in, warmup_days=WARMUP_DAYS,
        order_multiple_units=max(1, product.order_multiple)), service_levels=[level])
    replay.moq = np.array([float(max(1, product.moq))])  # the product's real MOQ
    current = _current_mode(product, settings.mode)
    specs = {PolicyMode.SERVICE_LEVEL: PolicySpec("service_level", level),
             PolicyMode.SIMPLE: PolicySpec("simple", 1.0)}
    outcomes = []
    for mode, spec in specs.items():
        result = replay.run(spec)
        outcomes.append(ModeOutcome(
            mode=mode, is_current=mode == current, fill_rate=result.fill_rate,
            stockout_days=round(result.stockout_days_pct * result.measured_days / 100),
            avg_on_hand=result.avg_on_hand, orders=result.orders))
    measured_from = first + dt.timedelta(days=replay.measure_from)
    return WhatIf(product, lead, level, measured_from, last, outcomes, needed, available)
