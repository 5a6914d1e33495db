"""The engine's method text reads in Korean on the pages (forecasting.method_text).

The phrases come from the engine itself (Combination.describe and a real
forecast run), so a change to the engine's wording fails here instead of
leaving English on a Korean page.
"""

import re
from datetime import date

import numpy as np
import pandas as pd
import pytest
from django.utils import translation

from forecasting.engine import DemandHistory, EngineConfig, forecast_products
from forecasting.engine.ensemble.combination import Combination
from forecasting.engine.ensemble.selection import GLOBAL_WEIGHTS
from forecasting.method_text import method_text

HANGUL = re.compile(r"[가-힣]")
STATS = ("ets", "theta", "ses")
AS_OF = date(2024, 6, 30)


def _engine_phrases() -> list[str]:
    phrases = [Combination.blend("gbm_global", w, STATS).describe(()) for w in GLOBAL_WEIGHTS]
    for combiner in ("median", "mean"):
        for scope in ("product", "pooled"):
            for k, members in ((1, ("theta",)), (3, STATS)):
                phrases.append(Combination(combiner, k, scope=scope).describe(members))
    return sorted(set(phrases))


def _daily(values) -> pd.Series:
    index = pd.date_range(end=pd.Timestamp(AS_OF), periods=len(values), freq="D")
    return pd.Series(np.asarray(values, dtype=float), index=index)


@pytest.mark.parametrize("phrase", _engine_phrases())
def test_every_combination_the_engine_describes_reads_in_korean(phrase):
    with translation.override("ko"):
        said = method_text(phrase)
    assert said != phrase and HANGUL.search(said), said
    for english in ("across products", "median of", "alone", "best single", "top-"):
        assert english not in said, said


def test_the_blend_keeps_its_weights_and_names_models_by_their_labels():
    phrase = Combination.blend("gbm_global", 0.75, STATS).describe(())
    with translation.override("ko"):
        said = method_text(phrase)
    assert "75 %" in said and "25 %" in said
    assert "gbm_global" not in said
    with translation.override("en"):
        assert "Global LightGBM" in method_text(phrase)


def test_the_cold_start_and_untested_notes_of_a_real_run_read_in_korean():
    histories = {
        "expected": DemandHistory(demand=_daily([2.0, 0.0, 1.0]), expected_daily_demand=4.0),
        "short": DemandHistory(demand=_daily([2.0, 0.0, 1.0, 3.0])),
    }
    config = EngineConfig(models=("moving_average", "ses", "weekday_profile"))
    results = forecast_products(histories, as_of=AS_OF, horizon=30, config=config)
    phrases = {results["expected"].method, results["short"].method}
    phrases |= {reason for r in results.values() for reason in r.fallback_reasons.values()}
    with translation.override("ko"):
        for phrase in phrases:
            said = method_text(phrase)
            assert said != phrase and HANGUL.search(said), phrase


def test_text_it_does_not_know_is_shown_as_written():
    with translation.override("ko"):
        assert method_text("ValueError: singular matrix; used ets") == (
            "ValueError: singular matrix; used ets"
        )
        assert method_text("") == ""
