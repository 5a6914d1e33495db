"""bench/level_matched.py: WAPE at a matched bias, from the accuracy bench's dumps."""

import pickle
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from level_matched import Pooled, load_lines, main  # noqa: E402


def _lumpy(rng, days):
    """Mostly zero days, an order of 20 on about one day in five: mean ~4."""
    return np.where(rng.random(days) < 0.2, 20.0, 0.0)


def _dump(folder, origin, rng, closed_days=(), skus=("A", "B"), label=""):
    series, closed, ensemble, reference = {}, {}, {}, {}
    for sku in skus:
        insample, actual = _lumpy(rng, 120), _lumpy(rng, 30)
        shut = np.zeros(30, dtype=bool)
        shut[list(closed_days)] = True
        actual[shut] = 0.0
        series[sku], closed[sku] = (insample, actual), shut
        ensemble[sku] = np.where(shut, 0.0, 4.0)  # the mean, 0 on closed days
        reference[sku] = np.full(30, 2.0)  # half the mean, and no closures known
    payload = {
        "tag": "lumpy:all", "label": label, "origin": origin, "horizon": 30, "promo": False, "skus": skus,
        "series": series, "closed": closed, "ensemble": ensemble,
        "reference": reference, "finals": {"ses": ensemble},
    }
    (folder / f"lumpy_{skus[0]}_{origin}.pkl").write_bytes(pickle.dumps(payload))


def test_scaling_hits_the_asked_bias_and_wape_prefers_a_low_level():
    rng = np.random.default_rng(1)
    pooled = Pooled()
    for _ in range(50):
        pooled.add(_lumpy(rng, 30), np.full(30, 4.0), _lumpy(rng, 120))
    for bias in (-0.3, 0.0, 0.1):
        factor = (1 + bias) / (1 + pooled.bias)
        total_f = sum((factor * f).sum() for f in pooled.forecasts)
        total_a = sum(a.sum() for a in pooled.actuals)
        assert total_f / total_a - 1 == pytest.approx(bias)
    # On 0-or-20 days the daily median is 0: WAPE falls as the level falls.
    level, best = pooled.best_level()
    assert level < -0.5
    assert best < pooled.at_bias(0.0)[0]


def test_lines_group_three_origins_and_closed_days_score_zero(tmp_path):
    rng = np.random.default_rng(2)
    for origin in ("2024-01-01", "2024-01-31", "2024-03-01"):
        _dump(tmp_path, origin, rng, closed_days=range(0, 30, 7))
    lines = load_lines([tmp_path], "ses")
    assert list(lines) == ["lumpy:all H30 no-promo"]
    pooled = lines["lumpy:all H30 no-promo"]
    assert len(pooled["reference"].forecasts) == 6  # 2 products x 3 origins
    for forecast in pooled["reference"].forecasts:
        assert (forecast[::7] == 0).all() and (forecast[1::7] == 2.0).all()
    # Same shape (flat on open days), so at the same level the two are equal.
    ens, ref = pooled["ensemble"], pooled["reference"]
    assert ens.at_bias(ref.bias) == pytest.approx(ref.scores())


def test_labelled_halves_are_two_lines_and_unlabelled_keep_the_whole_file(tmp_path):
    rng = np.random.default_rng(4)
    _dump(tmp_path, "2024-01-01", rng, skus=("A", "C"), label="x odd SKUs")
    _dump(tmp_path, "2024-01-01", rng, skus=("B", "D"), label="x even SKUs")
    assert sorted(load_lines([tmp_path], None)) == ["x even SKUs", "x odd SKUs"]
    plain = tmp_path / "plain"
    plain.mkdir()
    _dump(plain, "2024-01-01", rng, skus=("A", "C"))
    _dump(plain, "2024-01-01", rng, skus=("A", "B", "C"))
    (pooled,) = load_lines([plain], None).values()
    assert len(pooled["ensemble"].actuals) == 3  # the 3-SKU dump, not the half


def test_a_dump_without_closed_days_asks_for_a_rerun(tmp_path):
    (tmp_path / "old.pkl").write_bytes(pickle.dumps({"tag": "x"}))
    with pytest.raises(SystemExit, match="rerun"):
        load_lines([tmp_path], None)


def test_main_prints_every_line_and_the_summary(tmp_path, capsys):
    rng = np.random.default_rng(3)
    _dump(tmp_path, "2024-01-01", rng)
    main([str(tmp_path), "--model", "ses", "--biases=-0.2,0"])
    out = capsys.readouterr().out
    assert "lumpy:all H30 no-promo" in out
    assert "ens at ref bias" in out and out.count("lumpy:all H30") == 2
