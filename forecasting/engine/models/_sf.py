"""Lazy access to statsforecast with a writable numba cache."""

from __future__ import annotations

import os
import tempfile
from types import ModuleType


def statsforecast_models() -> ModuleType:
    """Import ``statsforecast.models`` on first use (numba compiles on first call)."""
    if "NUMBA_CACHE_DIR" not in os.environ:
        cache = os.path.join(tempfile.gettempdir(), "smartstock_numba_cache")
        os.makedirs(cache, exist_ok=True)
        os.environ["NUMBA_CACHE_DIR"] = cache
    import statsforecast.models as models

    return models


def sf_mean(model: object, values, horizon: int):
    """Run one statsforecast model on one array and return the mean forecast."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model.forecast(y=values.astype(float), h=horizon)["mean"]  # type: ignore[attr-defined]
