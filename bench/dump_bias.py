"""Does a model's bias on the engine's inner backtest predict its bias on the test?

Reads the pickles that ``SMARTSTOCK_DUMP_DIR=DIR bench/forecast_accuracy.py``
writes (one per line, origin and horizon) and prints, per dump, the model's
pooled bias over the inner backtest origins, over the newest inner origin only,
and over the test window; then the correlation between inner and test bias and
whether correcting by the inner bias would have helped (mean |test bias| with
and without the correction). A pooled bias correction is only worth having if
the inner bias predicts the test bias.

Usage:
    .venv/bin/python bench/dump_bias.py DUMP_DIR [DUMP_DIR ...] [--model gbm_global]
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _ratio(forecast: float, actual: float) -> float:
    return forecast / actual - 1.0 if actual > 0 else float("nan")


def dump_biases(path: Path, model: str) -> tuple[float, float, float] | None:
    """(inner, newest inner, test) pooled bias of ``model`` in one dump."""
    dump = pickle.loads(path.read_bytes())
    backtest = dump["backtest"]
    if not backtest.actuals:
        return None  # too little history for an inner backtest
    newest = min(backtest.actuals)
    sums = {"inner": [0.0, 0.0], "newest": [0.0, 0.0], "test": [0.0, 0.0]}
    for offset, actuals in backtest.actuals.items():
        for key, actual in actuals.items():
            forecast = backtest.forecasts[model][offset][key][: actual.size]
            known = np.isfinite(actual)
            parts = ("inner", "newest") if offset == newest else ("inner",)
            for part in parts:
                sums[part][0] += float(forecast[known].sum())
                sums[part][1] += float(actual[known].sum())
    for key in dump["skus"]:
        _, actual = dump["series"][key]
        forecast = np.asarray(dump["finals"][model][key], dtype=float)[: actual.size]
        sums["test"][0] += float(forecast.sum())
        sums["test"][1] += float(actual.sum())
    inner, newest_bias, test = (_ratio(*sums[p]) for p in ("inner", "newest", "test"))
    if not all(np.isfinite([inner, newest_bias, test])):
        return None
    return inner, newest_bias, test


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--model", default="gbm_global")
    args = parser.parse_args(argv)
    rows = []
    for folder in args.folders:
        for path in sorted(Path(folder).glob("*.pkl")):
            found = dump_biases(path, args.model)
            if found:
                rows.append((path.stem, *found))
    if not rows:
        raise SystemExit("no dump with an inner backtest found")
    print(f"{'dump':48s} {'inner':>8s} {'newest':>8s} {'test':>8s}")
    for name, inner, newest, test in rows:
        print(f"{name:48s} {inner:+8.1%} {newest:+8.1%} {test:+8.1%}")
    inner = np.array([r[1] for r in rows])
    test = np.array([r[3] for r in rows])
    # Corrected forecast = forecast / (1 + inner): its bias is (1 + test) / (1 + inner) − 1.
    corrected = (1 + test) / (1 + inner) - 1
    print(
        f"\n{len(rows)} dumps, {args.model}: mean inner bias {inner.mean():+.1%}, "
        f"mean test bias {test.mean():+.1%}, correlation {np.corrcoef(inner, test)[0, 1]:+.2f}; "
        f"mean |test bias| {np.abs(test).mean():.1%} as forecast, "
        f"{np.abs(corrected).mean():.1%} if divided by (1 + inner bias)"
    )


if __name__ == "__main__":
    main()
