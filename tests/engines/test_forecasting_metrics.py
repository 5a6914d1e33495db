"""Metrics and demand classification on literal arrays (no database)."""

import math

import numpy as np
import pytest

from forecasting.engine import metrics
from forecasting.engine.preprocess import classify_demand, impute_censored


def test_point_metrics_on_literal_arrays():
    actual = np.array([1.0, 2.0, 3.0, 4.0])
    forecast = np.array([2.0, 2.0, 2.0, 2.0])
    assert metrics.mae(actual, forecast) == pytest.approx(1.0)
    assert metrics.rmse(actual, forecast) == pytest.approx(math.sqrt(6 / 4))
    assert metrics.wape(actual, forecast) == pytest.approx(4 / 10)
    assert metrics.bias(actual, forecast) == pytest.approx((8 - 10) / 10)


def test_scaled_metrics_use_the_weekly_seasonal_naive_in_sample():
    insample = np.array([0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2], dtype=float)
    actual = np.array([1.0, 3.0])
    forecast = np.array([2.0, 2.0])
    # In-sample naive errors are all 2: MAE scale 2, MSE scale 4.
    assert metrics.mase(actual, forecast, insample) == pytest.approx(0.5)
    assert metrics.rmsse(actual, forecast, insample) == pytest.approx(0.5)


def test_pinball_and_coverage():
    actual = np.array([0.0, 10.0])
    upper = np.array([5.0, 5.0])
    assert metrics.pinball(actual, upper, 0.9) == pytest.approx((0.1 * 5 + 0.9 * 5) / 2)
    assert metrics.coverage(actual, upper) == pytest.approx(0.5)


def test_censored_actuals_are_skipped_in_scoring():
    actual = np.array([1.0, np.nan, 3.0])
    forecast = np.array([1.0, 100.0, 3.0])
    assert metrics.mae(actual, forecast) == 0.0
    assert metrics.wape(actual, forecast) == 0.0


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([5, 6, 5, 7, 5, 6, 5, 6], "smooth"),
        ([1, 20, 2, 30, 1, 25, 2, 40], "erratic"),
        ([0, 0, 3, 0, 0, 3, 0, 0, 4, 0, 0, 3], "intermittent"),
        ([0, 0, 1, 0, 0, 30, 0, 0, 2, 0, 0, 50], "lumpy"),
    ],
)
def test_demand_classes_follow_syntetos_boylan_cutoffs(values, expected):
    assert classify_demand(np.array(values, dtype=float)) == expected


def test_censored_days_are_imputed_with_the_local_level_not_zero():
    values = np.array([10.0] * 20 + [np.nan] * 5 + [10.0] * 20)
    filled = impute_censored(values)
    assert np.allclose(filled, 10.0)
