"""Level or shape? Two forecasters' WAPE and RMSSE compared at the same bias.

Daily WAPE is minimised by the median of each day's demand, not by its mean;
on lumpy demand the median sits well below the mean, so a forecast that runs
low can win on WAPE while missing the total by a fifth. This reads the
pickles that ``SMARTSTOCK_DUMP_DIR=DIR bench/forecast_accuracy.py --suite``
writes, groups them into suite lines (file and ``--until``, horizon, promotion
flags, number of products: three origins each) and, per line, scales each
forecaster's pooled forecasts by one factor so that its pooled bias is a given
value, then scores it as the accuracy bench does (WAPE pooled, RMSSE averaged
over series-windows, 0 on closed test days). The factor is chosen in
hindsight, from the test actuals: this is a diagnostic of what a forecaster's
WAPE lead is made of, never a forecast.

Per line it prints the ensemble and the reference at their own level, the
ensemble moved to the reference's bias (same level: only the shape differs),
both moved to zero bias, and the level at which each one's WAPE would be
lowest.

Usage:
    .venv/bin/python bench/level_matched.py DUMP_DIR [DUMP_DIR ...]
        [--model NAME] [--biases=-0.3,-0.2,-0.1,0,0.1]
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # dumps hold engine objects

SCALE_GRID = np.round(np.arange(0.30, 1.501, 0.01), 2)


@dataclass
class Pooled:
    """One forecaster's series-windows on one line."""

    actuals: list[np.ndarray] = field(default_factory=list)
    forecasts: list[np.ndarray] = field(default_factory=list)
    mse_scales: list[float] = field(default_factory=list)

    def add(self, actual, forecast, insample) -> None:
        diffs = insample[7:] - insample[:-7]
        self.actuals.append(np.asarray(actual, dtype=float))
        self.forecasts.append(np.asarray(forecast, dtype=float))
        self.mse_scales.append(float(np.mean(diffs**2)) if diffs.size else 0.0)

    @property
    def bias(self) -> float:
        total = sum(a.sum() for a in self.actuals)
        return float(sum(f.sum() for f in self.forecasts) / total - 1.0)

    def scores(self, factor: float = 1.0) -> tuple[float, float]:
        """(WAPE, RMSSE) of the forecasts multiplied by ``factor``."""
        abs_err = actual = 0.0
        rmsse = []
        for a, f, scale in zip(self.actuals, self.forecasts, self.mse_scales, strict=True):
            err = a - factor * f
            abs_err += float(np.abs(err).sum())
            actual += float(a.sum())
            if scale > 0:
                rmsse.append(float(np.sqrt(np.mean(err**2) / scale)))
        return abs_err / actual, float(np.mean(rmsse))

    def at_bias(self, bias: float) -> tuple[float, float]:
        """(WAPE, RMSSE) once scaled to pooled ``bias``."""
        return self.scores((1.0 + bias) / (1.0 + self.bias))

    def best_level(self) -> tuple[float, float]:
        """(bias, WAPE) where WAPE is lowest over scalings of 0.30-1.50x."""
        wapes = [self.scores(c)[0] for c in SCALE_GRID]
        best = SCALE_GRID[int(np.argmin(wapes))]
        return (1.0 + self.bias) * best - 1.0, float(min(wapes))


def load_lines(folders, model: str | None) -> dict[str, dict[str, Pooled]]:
    """Dumps grouped into suite lines: {line label: {forecaster: Pooled}}.

    ``model`` adds that single model's forecasts; ``"*"`` adds every model's.

    A dump names its suite line (``label``). One written by a plain run of a
    file has none: its line is the file, horizon and flags, and of several
    dumps at one origin only the one with the most SKUs is read (the whole
    file, not a half).
    """
    chosen: dict[tuple[str, str], tuple[int, dict]] = {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.pkl")):
            dump = pickle.loads(path.read_bytes())
            if "closed" not in dump:
                raise SystemExit(f"{path}: written before dumps kept closed days; rerun")
            flags = "promo" if dump["promo"] else "no-promo"
            label = dump.get("label") or f"{dump['tag'] or 'file'} H{dump['horizon']} {flags}"
            slot = (label, dump["origin"])
            size = len(dump["skus"])
            if slot not in chosen or size > chosen[slot][0]:
                chosen[slot] = (size, dump)
    lines: dict[str, dict[str, Pooled]] = defaultdict(lambda: defaultdict(Pooled))
    for (label, _), (_, dump) in sorted(chosen.items()):
        for sku in dump["skus"]:
            insample, actual = dump["series"][sku]
            closed = dump["closed"][sku]
            paths = {"ensemble": dump["ensemble"][sku], "reference": dump["reference"][sku]}
            if model == "*":
                paths.update({name: by_sku[sku] for name, by_sku in dump["finals"].items()})
            elif model:
                paths[model] = dump["finals"][model][sku]
            for name, point in paths.items():
                point = np.asarray(point, dtype=float)[: actual.size]
                lines[label][name].add(actual, np.where(closed, 0.0, point), insample)
    return lines


def print_line(key, pooled: dict[str, Pooled], biases) -> dict:
    """One line's table; returns the summary figures."""
    print(f"\n{key}")
    head = "".join(f"{f'bias {b:+.0%}':>16}" for b in biases)
    print(f"{'forecaster':<14}{'own level':>22}{head}{'lowest WAPE at':>22}")
    for name, p in pooled.items():
        wape, rmsse = p.scores()
        cells = "".join(
            "{:>16}".format("{:.3f} / {:.3f}".format(*p.at_bias(b))) for b in biases
        )
        level, best = p.best_level()
        print(
            f"{name:<14}{f'{wape:.3f} / {rmsse:.3f} / {p.bias:+.1%}':>22}{cells}"
            f"{f'{best:.3f} at {level:+.0%}':>22}"
        )
    ens, ref = pooled["ensemble"], pooled["reference"]
    matched = ens.at_bias(ref.bias)
    return {
        "line": key,
        "ensemble": (*ens.scores(), ens.bias),
        "reference": (*ref.scores(), ref.bias),
        "ensemble_at_reference_bias": matched,
        "ensemble_unbiased": ens.at_bias(0.0),
        "reference_unbiased": ref.at_bias(0.0),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--model", help="also show this single model")
    parser.add_argument("--biases", default="-0.3,-0.2,-0.1,0,0.1")
    args = parser.parse_args(argv)
    biases = [float(b) for b in args.biases.split(",")]
    lines = load_lines(args.folders, args.model)
    if not lines:
        raise SystemExit("no dumps found")
    summary = [print_line(key, pooled, biases) for key, pooled in lines.items()]
    print(
        "\nSummary (WAPE / RMSSE; the ensemble moved to the reference's pooled bias,"
        " and both moved to zero bias):"
    )
    print(
        f"{'line':<44}{'ensemble':>24}{'reference':>24}{'ens at ref bias':>18}"
        f"{'ens unbiased':>18}{'ref unbiased':>18}"
    )
    for row in summary:
        ens, ref = row["ensemble"], row["reference"]
        print(
            f"{row['line']:<44}"
            f"{f'{ens[0]:.3f} / {ens[1]:.3f} / {ens[2]:+.1%}':>24}"
            f"{f'{ref[0]:.3f} / {ref[1]:.3f} / {ref[2]:+.1%}':>24}"
            + "".join(
                "{:>18}".format("{:.3f} / {:.3f}".format(*row[k]))
                for k in ("ensemble_at_reference_bias", "ensemble_unbiased", "reference_unbiased")
            )
        )


if __name__ == "__main__":
    main()
