"""Could any blend of two forecasters reach issue 14's targets? A hindsight bound.

Reads the pickles that ``SMARTSTOCK_DUMP_DIR=DIR bench/forecast_accuracy.py
--suite`` writes (every model's forecast of every test window, the engine's
ensemble and the off-the-shelf reference; grouped into suite lines as in
``bench/level_matched.py``) and, per line, tries every blend
``w × a + (1 − w) × b`` of two of the engine's members (w = 0, 0.05, …, 1;
w = 1 is a member alone; the median of the statistical models, which the
engine blends the global model with, counts as a member) with **one weight for the whole line, chosen in
hindsight from the test actuals**. No selection rule can do better than the
best of these blends with a single weight per line, so when none of them is
5 % better than the reference in both WAPE and RMSSE with its bias within
± 5 %, the targets are out of reach of the candidate pool itself, whatever
the selection (per-product or per-window weights could do better; they are
not a bound of this kind and are not tried). ``--with-reference`` also
blends the reference in as a member.

Per line it prints the reference, the ensemble, the targets (0.95 × the
reference's WAPE and RMSSE), the blend with the lowest RMSSE, the one with the
lowest WAPE, the one with the lowest WAPE among blends within ± 5 % bias, and
whether any blend meets all three targets.

Usage:
    .venv/bin/python bench/blend_oracle.py DUMP_DIR [DUMP_DIR ...] [--with-reference]
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from level_matched import Pooled, load_lines  # noqa: E402

WEIGHTS = np.round(np.linspace(0.0, 1.0, 21), 2)
GLOBAL_MODELS = ("gbm_global", "lstm_global")
STAT_MEDIAN = "statistical median"  # what the engine blends gbm_global with
MARGIN = 0.05  # issue 14: ≥ 5 % better than the reference
BIAS_LIMIT = 0.05


class Line:
    """One suite line's forecasters as (windows × days) matrices."""

    def __init__(self, pooled: dict[str, Pooled]) -> None:
        first = next(iter(pooled.values()))
        self.actual = np.vstack(first.actuals)
        self.scale = np.asarray(first.mse_scales)
        self.scored = self.scale > 0
        self.total = float(self.actual.sum())
        self.paths = {name: np.vstack(p.forecasts) for name, p in pooled.items()}
        statistical = [path for name, path in self.paths.items()
                       if name not in ("ensemble", "reference", *GLOBAL_MODELS)]
        if len(statistical) > 1:
            self.paths[STAT_MEDIAN] = np.median(np.stack(statistical), axis=0)

    def scores(self, forecast: np.ndarray) -> tuple[float, float, float]:
        """(WAPE, RMSSE, bias) as the accuracy bench pools them."""
        err = self.actual - forecast
        wape = float(np.abs(err).sum()) / self.total
        mse = np.mean(err[self.scored] ** 2, axis=1)
        rmsse = float(np.mean(np.sqrt(mse / self.scale[self.scored])))
        return wape, rmsse, float(forecast.sum()) / self.total - 1.0

    def blends(self, members: list[str]):
        """(label, (WAPE, RMSSE, bias)) of every two-member blend on the grid."""
        for name in members:
            yield name, self.scores(self.paths[name])
        for a, b in itertools.combinations(members, 2):
            for w in WEIGHTS[1:-1]:
                path = w * self.paths[a] + (1.0 - w) * self.paths[b]
                yield f"{w:.2f} {a} + {1 - w:.2f} {b}", self.scores(path)


def _cell(label: str, score: tuple[float, float, float]) -> str:
    wape, rmsse, bias = score
    return f"{wape:.3f} / {rmsse:.3f} / {bias:+.1%}  {label}"


def line_report(key: str, pooled: dict[str, Pooled], with_reference: bool) -> dict:
    """Print one line and return its figures."""
    line = Line(pooled)
    members = [n for n in line.paths if n not in ("ensemble", "reference")]
    if with_reference:
        members.append("reference")
    ref = line.scores(line.paths["reference"])
    target = (ref[0] * (1 - MARGIN), ref[1] * (1 - MARGIN))
    results = list(line.blends(members))
    best_rmsse = min(results, key=lambda r: r[1][1])
    best_wape = min(results, key=lambda r: r[1][0])
    unbiased = [r for r in results if abs(r[1][2]) <= BIAS_LIMIT]
    best_unbiased = min(unbiased, key=lambda r: r[1][0]) if unbiased else None
    meeting = [r for r in unbiased if r[1][0] <= target[0] and r[1][1] <= target[1]]
    print(f"\n{key}  ({line.actual.shape[0]} series-windows, {len(members)} members, "
          f"{len(results)} blends)")
    print(f"  reference            {_cell('', ref)}")
    print(f"  ensemble             {_cell('', line.scores(line.paths['ensemble']))}")
    print(f"  target               {target[0]:.3f} / {target[1]:.3f} / within ±5 %")
    print(f"  lowest RMSSE         {_cell(*best_rmsse)}")
    print(f"  lowest WAPE          {_cell(*best_wape)}")
    if best_unbiased:
        print(f"  lowest WAPE, ±5 %    {_cell(*best_unbiased)}")
    verdict = f"yes ({len(meeting)} blends)" if meeting else "no"
    print(f"  any blend meets all three: {verdict}")
    return {"line": key, "windows": line.actual.shape[0], "reference": ref, "target": target,
            "best_rmsse": best_rmsse, "best_wape": best_wape,
            "best_unbiased": best_unbiased, "meeting": len(meeting)}


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--with-reference", action="store_true",
                        help="also blend the reference in as a member")
    args = parser.parse_args(argv)
    lines = load_lines(args.folders, "*")
    if not lines:
        raise SystemExit("no dumps found")
    rows = [line_report(key, pooled, args.with_reference) for key, pooled in lines.items()]
    print("\nSummary (hindsight, one weight per line): lowest RMSSE and lowest WAPE "
          "within ±5 % bias against the targets")
    print(f"{'line':<44}{'windows':>8}{'RMSSE target':>13}{'lowest':>8}{'WAPE target':>13}"
          f"{'lowest ±5 %':>13}{'any meets':>11}")
    for row in rows:
        unbiased = row["best_unbiased"][1][0] if row["best_unbiased"] else float("nan")
        print(f"{row['line']:<44}{row['windows']:>8}{row['target'][1]:>13.3f}{row['best_rmsse'][1][1]:>8.3f}"
              f"{row['target'][0]:>13.3f}{unbiased:>13.3f}"
              f"{('yes' if row['meeting'] else 'no'):>11}")
    return rows


if __name__ == "__main__":
    main()
