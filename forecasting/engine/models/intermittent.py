"""Intermittent-demand methods: Croston-SBA, TSB, ADIDA, IMAPA."""

from __future__ import annotations

import numpy as np

from ._sf import sf_mean, statsforecast_models
from .base import Forecaster, SeriesInput


class CrostonSBA(Forecaster):
    """Croston with the Syntetos-Boylan bias correction."""

    name = "croston_sba"
    min_history_days = 14

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        return sf_mean(statsforecast_models().CrostonSBA(), series.filled, horizon)


class TSB(Forecaster):
    """Teunter-Syntetos-Babai: smooths demand probability, so it decays to obsolescence."""

    name = "tsb"
    min_history_days = 14
    alpha_demand = 0.1
    alpha_probability = 0.1

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        model = statsforecast_models().TSB(
            alpha_d=self.alpha_demand, alpha_p=self.alpha_probability
        )
        return sf_mean(model, series.filled, horizon)


class ADIDA(Forecaster):
    """Aggregate-disaggregate intermittent demand approach."""

    name = "adida"
    min_history_days = 14

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        return sf_mean(statsforecast_models().ADIDA(), series.filled, horizon)


class IMAPA(Forecaster):
    """Intermittent multiple aggregation prediction algorithm."""

    name = "imapa"
    min_history_days = 14

    def _predict(self, series: SeriesInput, horizon: int) -> np.ndarray:
        return sf_mean(statsforecast_models().IMAPA(), series.filled, horizon)
