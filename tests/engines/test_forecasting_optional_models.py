"""Prophet and the global LSTM+CNN: opt-in models, tested tiny (no database)."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from forecasting.engine import DemandHistory, get_model, global_model_names
from forecasting.engine.models.neural import GlobalLSTM, LSTMSettings
from forecasting.engine.models.prophet_model import korean_holidays

AS_OF = date(2024, 6, 30)


def daily(values, end=AS_OF) -> pd.Series:
    index = pd.date_range(end=pd.Timestamp(end), periods=len(values), freq="D")
    return pd.Series(np.asarray(values, dtype=float), index=index)


def test_korean_holidays_include_seollal_and_chuseok():
    frame = korean_holidays(range(2024, 2025))
    names = " ".join(frame["holiday"])
    assert "Chuseok" in names or "추석" in names
    assert pd.Timestamp("2024-02-10") in set(frame["ds"])  # Seollal 2024


def test_prophet_forecasts_with_promotions_as_regressor():
    pytest.importorskip("prophet")
    rng = np.random.default_rng(0)
    promo = (rng.random(150) < 0.2).astype(float)
    values = rng.poisson(np.where(promo[:120] > 0, 15, 5)).astype(float)
    promo_series = daily(promo, end=pd.Timestamp(AS_OF) + pd.Timedelta(days=30))
    history = DemandHistory(demand=daily(values), promo=promo_series)
    result = get_model("prophet").fit_predict(history, 30, as_of=AS_OF)
    assert result.fallback_reason is None
    assert np.all(result.point >= 0)
    future = promo[120:] > 0
    assert result.point[future].mean() > result.point[~future].mean()


def test_global_lstm_trains_once_across_series():
    pytest.importorskip("tensorflow")
    assert "lstm_global" in global_model_names()
    model = GlobalLSTM(
        LSTMSettings(epochs=2, max_samples=300, lstm_units=8, conv_filters=4)
    )
    rng = np.random.default_rng(1)
    histories = {f"p{i}": daily(rng.poisson(3 + i, 80)) for i in range(3)}
    results = model.fit_predict_many(histories, 14, AS_OF)
    assert sorted(results) == ["p0", "p1", "p2"]
    for result in results.values():
        assert result.point.shape == (14,)
        assert np.all(np.isfinite(result.point)) and np.all(result.point >= 0)
        assert result.fallback_reason is None
