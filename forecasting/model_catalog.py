"""The forecasting models a manager can choose, with what they cost per product.

``seconds_per_product`` is the time one model takes per product in one run
(the six-origin backtest plus the final fit, 730 days, horizon 90) on a 2-core
server. The figures are **estimates**, not all measured on an idle machine:
the default set together costs 0.19 s per product (``bench/forecast_accuracy.py
--speed 500``, idle, 2026-11-28: 93.7 s for 500 products), split here by model
in proportion to their usual cost; the LSTM+CNN is one training of 29.7 s per
500 products (``--speed 500 --lstm``) × 7 trainings; Prophet ≈ 0.1 s per fit ×
7 (Nixtla's benchmark, /work/shared/FORECASTING.md); ARIMA took 15.0 s per
product with ``--model-costs 10`` on a machine loaded about tenfold (load
average 11 on 2 cores), so ≈ 1.5 s idle. ``--model-costs N`` measures them
again. The run time shown on screen is this × the organization's products.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ModelInfo:
    """One model as shown on the settings screen."""

    name: str
    label: Promise
    description: Promise
    seconds_per_product: float


CATALOG: tuple[ModelInfo, ...] = (
    ModelInfo("gbm_global", _("Global LightGBM"),
              _("One gradient-boosted model trained across all products, with the "
                "Korean holiday calendar and promotions"), 0.10),
    ModelInfo("ets", _("Exponential smoothing (ETS)"),
              _("Level and weekly pattern, automatically fitted"), 0.05),
    ModelInfo("seasonal_es", _("Seasonal exponential smoothing"),
              _("Exponential smoothing of each weekday"), 0.01),
    ModelInfo("ses", _("Simple exponential smoothing"),
              _("A smoothed level"), 0.005),
    ModelInfo("seasonal_naive", _("Same weekday last week"),
              _("Each day repeats the same weekday of the last week"), 0.001),
    ModelInfo("moving_average", _("28-day moving average"),
              _("Mean of the last four weeks"), 0.001),
    ModelInfo("weekday_profile", _("Weekday profile"),
              _("Recent level times the product's weekday pattern"), 0.002),
    ModelInfo("croston_sba", _("Croston (SBA)"),
              _("For intermittent demand: size and interval of sales"), 0.005),
    ModelInfo("tsb", _("TSB"),
              _("For intermittent demand that may be fading out"), 0.005),
    ModelInfo("adida", _("ADIDA"),
              _("Intermittent demand, aggregated over time"), 0.01),
    ModelInfo("imapa", _("IMAPA"),
              _("Intermittent demand, several aggregation levels"), 0.02),
    ModelInfo("theta", _("Theta"), _("Trend-damped level (M3 winner)"), 0.05),
    ModelInfo("ets_trend", _("ETS with trend"),
              _("Exponential smoothing with a damped trend"), 0.10),
    ModelInfo("arima", _("ARIMA"), _("Autoregressive model with a weekly season"), 1.5),
    ModelInfo("auto_arima", _("Auto ARIMA"),
              _("ARIMA with automatically chosen orders"), 3.0),
    ModelInfo("prophet", _("Prophet"),
              _("Trend, weekly and yearly seasonality, Korean holidays"), 0.7),
    ModelInfo("lstm_global", _("LSTM+CNN (neural network)"),
              _("One neural network trained across all products"), 0.42),
)
BY_NAME = {info.name: info for info in CATALOG}


def expected_seconds(names, products: int) -> float:
    """Estimated seconds of one run of ``names`` on ``products`` products."""
    return sum(BY_NAME[n].seconds_per_product for n in names if n in BY_NAME) * products
