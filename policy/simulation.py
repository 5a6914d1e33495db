"""Policy simulation: replay real daily demand and measure what a policy achieves.

Pure numpy (no Django), vectorised over SKUs. Each day ``t`` of the replay:

1. orders placed at the end of day ``t − L`` arrive (start of day ``t``);
2. that day's real demand is served from stock; what cannot be served is lost
   (lost sales, no backorders: the usual retail assumption);
3. at the end of the day the policy, which sees only demand up to ``t``,
   forecasts, computes its reorder point ``s`` and order-up-to level ``S`` and,
   when the inventory position (on hand + on order) is ≤ ``s``, orders
   ``S − IP`` rounded up to the MOQ and the order multiple.

The forecaster is cheap, honest and robust to spikes (promotions), the way the
app's forecasting engine removes promotion uplift before modelling. Every day
``t``, from demand up to ``t`` only:

* each day is winsorised at Tukey's upper fence of its SKU's last 84 days
  (Q3 + 1.5 × IQR, the textbook constant, nothing fitted to a data set);
* level = mean of the last 28 winsorised days (the base rate) + mean of the
  clipped excess over the last 365 days (the long-run spike rate). A spike is
  thus neither dropped (the forecast stays unbiased over a year) nor allowed to
  inflate the level for four weeks: it is spread over a year;
* × a weekday profile of the winsorised demand over the last 84 days.

``RollingForecast(..., robust=False)`` is the earlier forecaster (raw 28-day
mean × raw 84-day weekday profile), kept for comparison. It sees the real past
demand (as if lost sales were recorded), identical for every policy, so the
comparison isolates the policy. Policies:

* ``simple``: the seller's rule, SS = α × 30-day forecast × L / 30 (α = 1 is the
  rule as specified; other α give the "scaled simple" curve);
* ``service_level``: SS = the p-quantile of the forecaster's own past
  lead-time-demand errors (actual − forecast over L days, last
  ``error_window_days`` origins whose outcome was known at ``t``);
* ``days_of_cover``: s = daily forecast × (L + k days), no other buffer;
* ``lead_time_quantile``: s = the p-quantile of the real L-day demand totals of
  the same past window (the empirical lead-time demand distribution), i.e.
  SS = that quantile − forecast(L), which may be negative (the reorder point
  does not use the forecast at all; only S does).

For every policy s = forecast(L) + SS and S = s + forecast over the review period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecasting.engine.preprocess import FENCE_WINDOW_DAYS, TUKEY_FENCE, winsorise

LEVEL_WINDOW_DAYS = 28
PROFILE_WINDOW_DAYS = 84
SPIKE_WINDOW_DAYS = 365
MIN_ERRORS = 28
FAMILIES = ("simple", "service_level", "days_of_cover", "lead_time_quantile")


@dataclass(frozen=True)
class SimulationSettings:
    """Replay parameters shared by every policy (days, units)."""

    lead_time_days: int
    review_period_days: int = 7
    burn_in_days: int = 180
    warmup_days: int = 60
    moq_days: float = 14.0
    order_multiple_units: int = 1
    error_window_days: int = 365


@dataclass(frozen=True)
class PolicySpec:
    """A policy family and its one parameter (α, service level or cover days)."""

    family: str
    parameter: float

    @property
    def name(self) -> str:
        """Readable name, e.g. ``service_level@0.95``."""
        return f"{self.family}@{self.parameter:g}"


@dataclass(frozen=True)
class SimulationResult:
    """Pooled outcome of one policy at one lead time over the measured window."""

    policy: str
    family: str
    parameter: float
    lead_time_days: int
    fill_rate: float
    stockout_days_pct: float
    avg_on_hand: float
    turns: float
    orders: int
    measured_days: int
    skus: int


@dataclass(frozen=True)
class DemandData:
    """Daily demand as a (days × SKUs) matrix, gap-free."""

    demand: np.ndarray
    dates: pd.DatetimeIndex
    skus: tuple[str, ...]


def demand_matrix(frame: pd.DataFrame) -> DemandData:
    """Tidy ``date, sku, qty`` rows → matrix; missing days are zero demand."""
    tidy = frame.assign(date=pd.to_datetime(frame["date"]),
                        qty=pd.to_numeric(frame["qty"]).clip(lower=0))
    wide = tidy.pivot_table(index="date", columns="sku", values="qty", aggfunc="sum")
    days = pd.date_range(wide.index.min(), wide.index.max(), freq="D")
    wide = wide.reindex(days).fillna(0.0)
    return DemandData(wide.to_numpy(dtype=float), days,
                      tuple(str(c) for c in wide.columns))


def _cumsum(values: np.ndarray) -> np.ndarray:
    """Cumulative sums along time with a leading zero row (row t = sum of < t)."""
    return np.vstack([np.zeros((1, values.shape[1])), values.cumsum(0)])


def _trailing_mean(cumsum: np.ndarray, window: int) -> np.ndarray:
    """Mean of the last ``window`` days ending at t (expanding before that)."""
    t = np.arange(cumsum.shape[0] - 1)
    start = np.maximum(t + 1 - window, 0)
    return (cumsum[t + 1] - cumsum[start]) / (t + 1 - start)[:, None]


def winsorised(demand: np.ndarray) -> np.ndarray:
    """Each day capped at Tukey's upper fence of its SKU's last 84 days (≤ t).

    The engine's one definition (``forecasting.engine.preprocess.winsorise``):
    fence = Q3 + 1.5 × IQR over days t − 83 … t (expanding before that).
    """
    return winsorise(demand, FENCE_WINDOW_DAYS, TUKEY_FENCE)


class RollingForecast:
    """At each day t: level × weekday profile (84 days), from demand up to t only.

    Robust (default): level = 28-day mean of the demand winsorised at the
    84-day Tukey fence + 365-day mean of what the fence clipped; the profile is
    measured on the winsorised demand. ``robust=False``: raw 28-day mean and raw
    profile (the earlier forecaster).
    """

    def __init__(
        self, demand: np.ndarray, weekdays: np.ndarray, robust: bool = True
    ) -> None:
        self.demand = demand
        self.weekdays = weekdays
        self.robust = robust
        self.cumsum = _cumsum(demand)
        modelled = winsorised(demand) if robust else demand
        self.level = _trailing_mean(_cumsum(modelled), LEVEL_WINDOW_DAYS)
        if robust:
            self.level = self.level + _trailing_mean(
                _cumsum(demand - modelled), SPIKE_WINDOW_DAYS)
        self.weights = self._weekday_weights(modelled)
        self.first_valid = PROFILE_WINDOW_DAYS - 1

    def _weekday_weights(self, demand: np.ndarray) -> np.ndarray:
        """weights[t, sku, weekday] = weekday mean / overall mean over 84 days."""
        n_days, n_skus = demand.shape
        weights = np.ones((n_days, n_skus, 7))
        window = PROFILE_WINDOW_DAYS
        cumsum = _cumsum(demand)
        total = cumsum[window:] - cumsum[:-window]
        for weekday in range(7):
            mask = (self.weekdays == weekday)[:, None]
            cs = _cumsum(demand * mask)
            count = np.convolve(mask[:, 0], np.ones(window), "valid")[:, None]
            part = cs[window:] - cs[:-window]
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = (part / count) / (total / window)
            weights[window - 1:, :, weekday] = np.where(total > 0, ratio, 1.0)
        return weights

    def cumulative(self, horizon_days: int) -> np.ndarray:
        """Forecast at t of total demand over days t+1 … t+h, shape (days, SKUs)."""
        weeks, rest = divmod(int(horizon_days), 7)
        rows = np.arange(self.demand.shape[0])
        partial = np.zeros_like(self.level)
        for ahead in range(1, rest + 1):
            partial += self.weights[rows, :, (self.weekdays + ahead) % 7]
        return self.level * (7.0 * weeks + partial)

    def actual(self, horizon_days: int) -> np.ndarray:
        """Real demand over days t+1 … t+h (NaN where the data ends first)."""
        n_days = self.demand.shape[0]
        out = np.full_like(self.level, np.nan)
        last = n_days - 1 - horizon_days
        if last >= 0:
            t = np.arange(last + 1)
            out[: last + 1] = self.cumsum[t + 1 + horizon_days] - self.cumsum[t + 1]
        return out


def rolling_quantiles(
    values: np.ndarray, lead_time_days: int, levels: Sequence[float],
    start: int, window_days: int, first_origin: int,
) -> dict[float, np.ndarray]:
    """Per day t ≥ start: quantiles of ``values[origin]`` over the known origins.

    ``values[o]`` describes days o+1 … o+L, so at t the newest usable origin is
    t − L; the window holds the last ``window_days`` origins from ``first_origin``.
    """
    shape = values.shape
    result = {level: np.zeros(shape) for level in levels}
    for t in range(start, shape[0]):
        newest = t - lead_time_days  # its outcome (days newest+1 … t) is known
        oldest = max(first_origin, newest - window_days + 1)
        if newest - oldest + 1 < MIN_ERRORS:
            raise ValueError("burn-in too short for the lead-time error window")
        rows = np.quantile(values[oldest: newest + 1], list(levels), axis=0)
        for level, row in zip(levels, rows, strict=True):
            result[level][t] = row
    return result


def error_quantiles(
    forecast: RollingForecast, lead_time_days: int, levels: Sequence[float],
    start: int, window_days: int,
) -> dict[float, np.ndarray]:
    """Per day t ≥ start: quantiles of the past lead-time errors known at t."""
    errors = forecast.actual(lead_time_days) - forecast.cumulative(lead_time_days)
    return rolling_quantiles(errors, lead_time_days, levels, start, window_days,
                             forecast.first_valid)


def lead_time_demand_quantiles(
    forecast: RollingForecast, lead_time_days: int, levels: Sequence[float],
    start: int, window_days: int,
) -> dict[float, np.ndarray]:
    """Per day t ≥ start: quantiles of the real L-day demand totals known at t.

    Same origins as :func:`error_quantiles`, so both policies see the same past.
    """
    return rolling_quantiles(forecast.actual(lead_time_days), lead_time_days, levels,
                             start, window_days, forecast.first_valid)


def round_up_vector(raw: np.ndarray, moq: np.ndarray, multiple: int) -> np.ndarray:
    """Vector form of ``formulas.round_order_quantity`` (0 where raw ≤ 0)."""
    quantity = np.maximum(np.ceil(raw - 1e-9), moq)
    quantity = np.ceil(quantity / multiple) * multiple
    return np.where(raw > 0, quantity, 0.0)


class Replay:
    """One dataset at one lead time: forecasts precomputed, policies replayed."""

    def __init__(
        self, data: DemandData, settings: SimulationSettings,
        service_levels: Sequence[float] = (), forecast: RollingForecast | None = None,
    ) -> None:
        if settings.lead_time_days < 1:
            raise ValueError("the replay needs a lead time of at least one day")
        self.data, self.settings = data, settings
        weekdays = data.dates.weekday.to_numpy()
        self.forecast = forecast or RollingForecast(data.demand, weekdays)
        lead, review = settings.lead_time_days, settings.review_period_days
        self.start = max(settings.burn_in_days,
                         PROFILE_WINDOW_DAYS + lead + MIN_ERRORS)
        self.measure_from = self.start + settings.warmup_days
        if self.measure_from >= data.demand.shape[0]:
            raise ValueError("not enough days after the burn-in and warm-up")
        self.lead_time_demand = self.forecast.cumulative(lead)
        self.review_demand = self.forecast.cumulative(lead + review) - self.lead_time_demand
        self.forecast_30d = self.forecast.cumulative(30)
        levels = sorted(set(service_levels))
        self.error_quantile = error_quantiles(
            self.forecast, lead, levels, self.start, settings.error_window_days)
        self.demand_quantile = lead_time_demand_quantiles(
            self.forecast, lead, levels, self.start, settings.error_window_days)
        history_mean = data.demand[: self.start].mean(axis=0)
        self.moq = np.maximum(1.0, np.ceil(history_mean * settings.moq_days))

    def reorder_levels(self, spec: PolicySpec) -> tuple[np.ndarray, np.ndarray]:
        """(s, S) per day and SKU for the policy, from data up to each day only."""
        lead = self.settings.lead_time_days
        if spec.family == "simple":
            safety = spec.parameter * self.forecast_30d * lead / 30.0
            rop = self.lead_time_demand + safety
        elif spec.family == "service_level":
            if spec.parameter not in self.error_quantile:
                raise ValueError(f"service level {spec.parameter} was not precomputed")
            rop = self.lead_time_demand + np.maximum(
                self.error_quantile[spec.parameter], 0.0)
        elif spec.family == "lead_time_quantile":
            if spec.parameter not in self.demand_quantile:
                raise ValueError(f"service level {spec.parameter} was not precomputed")
            rop = self.demand_quantile[spec.parameter]
        elif spec.family == "days_of_cover":
            rop = self.forecast.level * (lead + spec.parameter)
        else:
            raise ValueError(f"unknown policy family {spec.family!r}")
        return rop, rop + self.review_demand

    def run(self, spec: PolicySpec) -> SimulationResult:
        """Replay the policy day by day; pooled metrics over the measured window."""
        demand, lead = self.data.demand, self.settings.lead_time_days
        rop, order_up_to_level = self.reorder_levels(spec)
        n_days, n_skus = demand.shape
        on_hand = np.ceil(order_up_to_level[self.start - 1])
        on_order = np.zeros(n_skus)
        pipeline = np.zeros((lead + 1, n_skus))
        served_total = demand_total = on_hand_total = 0.0
        stockout_days = orders = 0
        for t in range(self.start, n_days):
            slot = t % (lead + 1)
            on_hand += pipeline[slot]
            on_order -= pipeline[slot]
            pipeline[slot] = 0.0
            served = np.minimum(on_hand, demand[t])
            on_hand -= served
            if t >= self.measure_from:
                served_total += served.sum()
                demand_total += demand[t].sum()
                stockout_days += int((served < demand[t]).sum())
                on_hand_total += on_hand.sum()
            position = on_hand + on_order
            raw = np.where(position <= rop[t], order_up_to_level[t] - position, 0.0)
            quantity = round_up_vector(raw, self.moq, self.settings.order_multiple_units)
            pipeline[(t + lead) % (lead + 1)] += quantity
            on_order += quantity
            if t >= self.measure_from:
                orders += int((quantity > 0).sum())
        return self._result(spec, served_total, demand_total, on_hand_total,
                            stockout_days, orders)

    def _result(self, spec: PolicySpec, served: float, demanded: float,
                on_hand_sum: float, stockout_days: int, orders: int) -> SimulationResult:
        days = self.data.demand.shape[0] - self.measure_from
        skus = self.data.demand.shape[1]
        avg_on_hand = on_hand_sum / (days * skus)
        yearly_sales = served / days * 365.0
        return SimulationResult(
            policy=spec.name, family=spec.family, parameter=spec.parameter,
            lead_time_days=self.settings.lead_time_days,
            fill_rate=served / demanded if demanded > 0 else 1.0,
            stockout_days_pct=100.0 * stockout_days / (days * skus),
            avg_on_hand=avg_on_hand,
            turns=yearly_sales / (avg_on_hand * skus) if avg_on_hand > 0 else 0.0,
            orders=orders, measured_days=days, skus=skus)


def inventory_at_fill_rate(
    results: Sequence[SimulationResult], family: str, lead_time_days: int,
    target_fill_rate: float,
) -> float | None:
    """Average on-hand of a policy family at a fill rate, interpolated linearly.

    None when the family's sweep never reaches (or never goes below) the target.
    """
    points = sorted((r.fill_rate, r.avg_on_hand) for r in results
                    if r.family == family and r.lead_time_days == lead_time_days)
    if not points or not points[0][0] <= target_fill_rate <= points[-1][0]:
        return None
    fills = np.array([p[0] for p in points])
    inventory = np.minimum.accumulate(np.array([p[1] for p in points])[::-1])[::-1]
    return float(np.interp(target_fill_rate, fills, inventory))
