"""Every model registered by name; the pipeline only knows these names."""

from __future__ import annotations

from .models.base import Forecaster
from .models.baseline import (
    MovingAverage,
    SeasonalNaive,
    SimpleExpSmoothing,
    WeekdayProfile,
)
from .models.gbm import GlobalGBM
from .models.intermittent import ADIDA, IMAPA, TSB, CrostonSBA
from .models.neural import GlobalLSTM
from .models.prophet_model import ProphetModel
from .models.statistical import (
    ETS,
    Arima,
    AutoArima,
    ETSAuto,
    SeasonalES,
    ThetaModel,
)

_MODELS: dict[str, Forecaster] = {}


def register(model: Forecaster) -> Forecaster:
    """Add a model under its ``name`` (replacing any earlier one)."""
    _MODELS[model.name] = model
    return model


for _model in (
    SeasonalNaive(),
    MovingAverage(),
    SimpleExpSmoothing(),
    WeekdayProfile(),
    ETS(),
    ETSAuto(),
    ThetaModel(),
    SeasonalES(),
    Arima(),
    AutoArima(),
    CrostonSBA(),
    TSB(),
    ADIDA(),
    IMAPA(),
    ProphetModel(),
    GlobalLSTM(),
    GlobalGBM(),
):
    register(_model)


def get_model(name: str) -> Forecaster:
    """Look a model up by name; ``KeyError`` lists the known names."""
    try:
        return _MODELS[name]
    except KeyError:
        raise KeyError(f"unknown model {name!r}; known: {sorted(_MODELS)}") from None


def model_names(*, include_global: bool = True) -> list[str]:
    """Names of the registered models (global ones optional)."""
    return sorted(n for n, m in _MODELS.items() if include_global or not m.is_global)


def global_model_names() -> list[str]:
    """Names of models trained across all series at once."""
    return sorted(n for n, m in _MODELS.items() if m.is_global)
