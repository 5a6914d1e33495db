"""Replay the engine's combination choice from the accuracy bench's dumps.

Every model's backtest and forecast is in the pickles that
``SMARTSTOCK_DUMP_DIR=DIR bench/forecast_accuracy.py`` writes, so the choice
can be made again in seconds without refitting anything. Per dump: the choice
the run made, the choice with the ranked candidate scored plainly (as before
nested cross-validation) and nested (the engine's default), the pool scores
of the ranked candidate both ways and of the best blend, and the seconds the
selection took each way.

Usage:
    .venv/bin/python bench/replay_selection.py DUMP_DIR [--glob "*_H30_*"]
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forecasting.engine.ensemble import selection  # noqa: E402
from forecasting.engine.ensemble.ranked import choose_ranked  # noqa: E402
from forecasting.engine.registry import get_model  # noqa: E402


def replay(path: Path) -> dict:
    """One dump's choices and scores, plain and nested."""
    dump = pickle.loads(path.read_bytes())
    backtest, names = dump["backtest"], list(dump["finals"])
    global_names = [n for n in names if get_model(n).is_global]
    row = {"dump": path.name, "run": dump["combination"].label}
    for nested in (False, True):
        _clear_caches(backtest)
        started = time.perf_counter()
        chosen = selection.choose_combination(
            backtest, names, global_names=global_names, bias_correction=True,
            nested_ranked=nested,
        )
        row["nested" if nested else "plain"] = chosen.label
        row["seconds_nested" if nested else "seconds_plain"] = (
            time.perf_counter() - started
        )
    ranked = choose_ranked(backtest, names)
    pool = selection.candidates(ranked, names, global_names)
    plain = selection.cv_scores(backtest, names, pool)
    nested = selection.cv_scores(backtest, names, pool, nested_ranked=True)
    row["ranked"] = ranked.label
    row["ranked_plain"], row["ranked_nested"] = plain[ranked], nested[ranked]
    row["best_blend"] = min((plain[c] for c in pool if c is not ranked), default=None)
    return row


def _clear_caches(backtest) -> None:
    """Start each timing from the state a fresh engine run has."""
    backtest.pooled_rankings.clear()
    backtest.origin_scores.clear()
    backtest.medians.clear()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--glob", default="*.pkl")
    args = parser.parse_args(argv)
    paths = sorted(Path(args.folder).glob(args.glob))
    if not paths:
        raise SystemExit("no dumps found")
    for path in paths:
        r = replay(path)
        blend = "-" if r["best_blend"] is None else f"{r['best_blend']:.4f}"
        print(
            f"{r['dump']}\n  run: {r['run']} | plain: {r['plain']} | nested: {r['nested']}\n"
            f"  {r['ranked']}: plain {r['ranked_plain']:.4f}, nested "
            f"{r['ranked_nested']:.4f}; best blend {blend} | selection "
            f"{r['seconds_plain']:.1f} s plain, {r['seconds_nested']:.1f} s nested",
            flush=True,
        )


if __name__ == "__main__":
    main()
