"""Prophet with Korean public holidays and promotions as a regressor (not default)."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from .base import Forecaster, SeriesInput


def korean_holidays(years: range) -> pd.DataFrame:
    """Prophet holiday frame from ``holidays.KR`` (Seollal, Chuseok, ... per year)."""
    import holidays

    rows = [
        {
            "holiday": name,
            "ds": pd.Timestamp(day),
            "lower_window": -1,
            "upper_window": 1,
        }
        for day, name in holidays.KR(years=list(years)).items()
    ]
    return pd.DataFrame(rows)


class ProphetModel(Forecaster):
    """Prophet on known (uncensored) days; yearly seasonality once two years exist."""

    name = "prophet"
    uses_exog = True
    min_history_days = 56
    fallback = "ets"

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        from prophet import Prophet

        logging.getLogger("cmdstanpy").setLevel(logging.WARNING)
        dates = pd.date_range(series.start, periods=series.observed.size, freq="D")
        frame = pd.DataFrame({"ds": dates, "y": series.observed})
        future_dates = pd.date_range(dates[-1] + pd.Timedelta(days=1), periods=horizon)
        years = range(dates[0].year, future_dates[-1].year + 1)
        model = Prophet(
            holidays=korean_holidays(years),
            yearly_seasonality=series.observed.size >= 730,
            weekly_seasonality=True,
            daily_seasonality=False,
        )
        with_promo = series.promo is not None and series.future_promo is not None
        if with_promo:
            model.add_regressor("promo")
            frame["promo"] = series.promo
        model.fit(frame.dropna(subset=["y"]))  # censored days are simply missing
        future = pd.DataFrame({"ds": future_dates})
        if with_promo:
            future["promo"] = series.future_promo[:horizon]
        return np.clip(model.predict(future)["yhat"].to_numpy(), 0.0, None)
