"""Golden test on a slice of the shared real dataset (3 SKUs, last 200 days)."""

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from forecasting.engine import DemandHistory, forecast_products

# Beside the checkout (/work/main) or one level up from a worktree (/work/wt/iNN).
DATASET = next(
    (
        p / "shared/datasets/italian_pasta_daily/sales.csv.gz"
        for p in Path(__file__).resolve().parents[3:5]
        if (p / "shared/datasets").is_dir()
    ),
    Path(__file__).resolve().parents[3] / "shared/datasets",
)
SKUS = ("B1_1", "B2_10", "B4_3")
AS_OF = date(2018, 11, 30)
# 30-day totals produced by the default engine. Issue 14 (choice among the
# blends of the global model with the statistical median and the top-k, pooled
# over the products' backtest origins): on these 3 products it takes 25 %
# gbm_global + 75 % of the statistical median; the previous engine's top-k
# gave 117.883, 62.35, 122.166. Actual sales of those 30 days: 89, 62, 260.
# Since the global model's training cuts line up with the forecast weekday
# (issue 14, fourth session) the choice here is the statistical median; the
# 25 % blend gave 110.924, 69.602, 100.332.
GOLDEN_TOTALS = {"B1_1": 114.153, "B2_10": 62.222, "B4_3": 118.575}

pytestmark = pytest.mark.skipif(not DATASET.exists(), reason="shared dataset absent")


@pytest.fixture(scope="module")
def forecasts():
    frame = pd.read_csv(DATASET, parse_dates=["date"])
    frame = frame[frame.sku.isin(SKUS)]
    frame = frame[frame.date > frame.date.max() - pd.Timedelta(days=200)]
    histories = {
        sku: DemandHistory(
            demand=group.set_index("date")["qty"].astype(float),
            promo=group.set_index("date")["promo"],
        )
        for sku, group in frame.groupby("sku")
    }
    return forecast_products(histories, as_of=AS_OF, horizon=30)


def test_golden_slice_has_the_expected_shape_and_finite_values(forecasts):
    assert sorted(forecasts) == sorted(SKUS)
    for product in forecasts.values():
        assert product.point.shape == (30,)
        assert product.dates[0] == pd.Timestamp("2018-12-01")
        assert np.all(np.isfinite(product.point)) and np.all(product.point >= 0)
        for values in product.quantiles.values():
            assert values.shape == (30,) and np.all(np.isfinite(values))
        assert set(product.totals) == {30}
        assert product.members and product.method


def test_golden_slice_totals_are_stable(forecasts):
    for sku, expected in GOLDEN_TOTALS.items():
        assert forecasts[sku].totals[30] == pytest.approx(expected, rel=0.02)
