"""bench/blend_oracle.py: the best two-member blend of a suite line, in hindsight."""

import pickle
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from blend_oracle import main  # noqa: E402

DAYS = 30


def _write(folder, origin, rng):
    """Demand = 10 + noise; member "high" forecasts 12, "low" 8 (each 20 % off,
    their 50/50 blend exact), "noisy" is right on average but jitters; the
    reference forecasts 9 (10 % low)."""
    series, closed, finals = {}, {}, {"high": {}, "low": {}, "noisy": {}}
    ensemble, reference = {}, {}
    for sku in ("A", "B", "C"):
        insample = 10.0 + rng.normal(0, 3, 200)
        actual = 10.0 + rng.normal(0, 0.5, DAYS)
        series[sku], closed[sku] = (insample, actual), np.zeros(DAYS, dtype=bool)
        finals["high"][sku], finals["low"][sku] = np.full(DAYS, 12.0), np.full(DAYS, 8.0)
        finals["noisy"][sku] = 10.0 + rng.normal(0, 4, DAYS)
        ensemble[sku], reference[sku] = np.full(DAYS, 12.0), np.full(DAYS, 9.0)
    payload = {"tag": "toy", "label": "toy H30 no-promo", "origin": origin,
               "horizon": DAYS, "promo": False, "skus": ["A", "B", "C"],
               "series": series, "closed": closed, "finals": finals,
               "ensemble": ensemble, "reference": reference}
    (folder / f"toy_{origin}.pkl").write_bytes(pickle.dumps(payload))


def test_the_bound_finds_the_blend_that_no_member_reaches(tmp_path, capsys):
    rng = np.random.default_rng(5)
    for origin in ("2024-01-01", "2024-01-31", "2024-03-01"):
        _write(tmp_path, origin, rng)
    (row,) = main([str(tmp_path)])
    label, (wape, rmsse, bias) = row["best_rmsse"]
    assert label == "0.50 high + 0.50 low"  # the exact blend, not a member alone
    assert bias == pytest.approx(0.0, abs=0.01)
    assert rmsse < row["target"][1] and wape < row["target"][0]
    assert row["meeting"] > 0
    out = capsys.readouterr().out
    assert "any blend meets all three: yes" in out
    assert "(9 series-windows, 4 members," in out  # high, low, noisy, their median


def test_the_bound_says_no_when_every_blend_misses(tmp_path, capsys):
    rng = np.random.default_rng(6)
    for origin in ("2024-01-01", "2024-01-31", "2024-03-01"):
        _write(tmp_path, origin, rng)
    for path in tmp_path.glob("*.pkl"):  # keep only the member that is 20 % high
        dump = pickle.loads(path.read_bytes())
        dump["finals"] = {"high": dump["finals"]["high"]}
        path.write_bytes(pickle.dumps(dump))
    (row,) = main([str(tmp_path)])
    assert row["meeting"] == 0 and row["best_unbiased"] is None
    assert row["best_rmsse"][0] == "high"
    assert "any blend meets all three: no" in capsys.readouterr().out
    (with_reference,) = main([str(tmp_path), "--with-reference"])
    assert with_reference["best_rmsse"][0].startswith("0.")  # a blend with it now
