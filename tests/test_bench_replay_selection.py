"""bench/replay_selection.py: the choice replayed from a dump, plain and nested."""

import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from replay_selection import main, replay  # noqa: E402

from forecasting.engine.backtest import Backtest  # noqa: E402
from forecasting.engine.ensemble import Combination  # noqa: E402

NAMES = ("ses", "ets", "moving_average", "croston_sba", "gbm_global")


def _dump(path, seed):
    rng = np.random.default_rng(seed)
    offsets = (150, 120, 90, 60, 30)
    backtest = Backtest(offsets=offsets, score_horizon=7)
    for offset in offsets:
        backtest.actuals[offset], backtest.scales[offset] = {}, {}
        for i in range(10):
            key = f"p{i}"
            backtest.actuals[offset][key] = np.full(7, 10.0)
            backtest.scales[offset][key] = (1.0, 1.0)
            for name in NAMES:
                value = max(10.0 + rng.normal(0, 3), 0.0)
                store = backtest.forecasts.setdefault(name, {}).setdefault(offset, {})
                store[key] = np.full(7, value)
    payload = {"backtest": backtest, "finals": {n: {} for n in NAMES},
               "combination": Combination("median", 3)}
    path.write_bytes(pickle.dumps(payload))


def test_a_replay_names_both_choices_and_scores_nested_no_lower_on_average(tmp_path):
    gaps = []
    for seed in range(6):
        _dump(tmp_path / f"d{seed}.pkl", seed)
        row = replay(tmp_path / f"d{seed}.pkl")
        assert row["run"] == "median k=3 scope=product"
        assert row["plain"] and row["nested"] and row["best_blend"] is not None
        gaps.append(row["ranked_nested"] - row["ranked_plain"])
    assert np.mean(gaps) > 0  # equally good models: the plain score flattered


def test_main_prints_every_dump(tmp_path, capsys):
    _dump(tmp_path / "a.pkl", 1)
    main([str(tmp_path)])
    out = capsys.readouterr().out
    assert "a.pkl" in out and "plain:" in out and "nested:" in out
