"""The global model alone, with settings overridden, on lines of the suite.

Same protocol and scoring as ``forecast_accuracy.py`` (last three H-day
windows, the model refit at each origin, closed test days scored at 0), but
only ``gbm_global`` and none of the engine's selection, so a variant of its
settings is compared in seconds per line instead of minutes. Also prints, per
variant, the in-sample ratio of the default training: units sold over units
fitted on the training rows (1.0 = balanced).

Usage:
    .venv/bin/python bench/gbm_variants.py [--only LABELS] [--variant SPEC ...]
    .venv/bin/python bench/gbm_variants.py --csv FILE [--horizon 30] [--promo] ...

LABELS are suite labels (default: "pasta H30 no-promo,pasta H90 no-promo,pasta
H30 promo,uk H30 no-promo"); ``--csv`` scores any tidy ``date,sku,qty[,promo]``
file instead (the whole file, the same protocol); a SPEC is ``default`` or GBMSettings fields joined
by ``+`` (``balance=1``, ``weight_by_scale=1+balance=1``, ``objective=poisson``).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import forecast_accuracy as fa  # noqa: E402
from accuracy_suite import select_half, suite_runs  # noqa: E402

from forecasting.engine.models import gbm  # noqa: E402
from forecasting.engine.models.base import build_input  # noqa: E402
from forecasting.engine.preprocess import prepare_history  # noqa: E402
from forecasting.engine.types import EngineConfig  # noqa: E402


@dataclass(frozen=True)
class FileRun:
    """A tidy CSV of one's own, scored like a suite line (every product)."""

    csv: Path
    horizon: int = 30
    promo: bool = False
    until: str | None = None
    half: str | None = None

    @property
    def label(self) -> str:
        return f"{self.csv.name} H{self.horizon} {'promo' if self.promo else 'no-promo'}"


DEFAULT_LINES = "pasta H30 no-promo,pasta H90 no-promo,pasta H30 promo,uk H30 no-promo"


def settings_of(spec: str) -> gbm.GBMSettings:
    """GBMSettings from ``field=value+field=value`` (``default``: unchanged)."""
    if spec == "default":
        return gbm.GBMSettings()
    types = {f.name: f.type for f in dataclasses.fields(gbm.GBMSettings)}
    values = {}
    for part in spec.split("+"):
        name, _, text = part.partition("=")
        if name not in types:
            raise SystemExit(f"unknown GBMSettings field: {name}")
        kind = types[name]
        values[name] = (
            text.lower() in ("1", "true", "yes") if kind in (bool, "bool")
            else int(text) if kind in (int, "int")
            else float(text) if kind in (float, "float")
            else text
        )  # fmt: skip
    return gbm.GBMSettings(**values)


def score_line(run, variants: dict[str, gbm.GBMSettings]) -> dict[str, dict]:
    """Pooled WAPE / RMSSE / bias of each variant on one suite line."""
    frame = fa.load(str(run.csv))
    if run.until:
        frame = frame[frame.date <= pd.Timestamp(run.until)]
    frame = select_half(frame, run.half)
    horizon, last = run.horizon, frame.date.max()
    origins = [last - pd.Timedelta(days=horizon * w) for w in range(fa.WINDOWS, 0, -1)]
    scores = {name: fa.Score() for name in variants}
    ratios: dict[str, list[float]] = {name: [] for name in variants}
    max_days = EngineConfig().max_history_days
    for origin in origins:
        skus = fa.eligible_windows(frame, origin, horizon)
        histories = fa.histories_for(frame, skus, origin, run.promo)
        preps = [
            prepare_history(key, history, as_of=origin.date(), horizon=horizon,
                            max_history_days=max_days)
            for key, history in histories.items()
        ]  # fmt: skip
        inputs = [
            build_input(p, p.values.size, horizon, use_promo=run.promo) for p in preps
        ]
        for name, settings in variants.items():
            model = gbm.GlobalGBM(settings)
            usable = [s for s in inputs if s.known_days >= model.min_history_days]
            series = [gbm._Series(s, settings.calendar) for s in usable]
            rows = model.training_rows(series, horizon)
            booster = model.fit_rows(*rows)
            raw = getattr(booster, "booster", booster)  # before any balance factor
            ratios[name].append(gbm.in_sample_ratio(raw, *rows))
            outputs = model._forecast_all(booster, inputs, horizon)
            forecasts = {s.key: out[0] for s, out in zip(inputs, outputs, strict=True)}
            for sku in skus:
                group = frame[frame.sku == sku]
                insample = group[group.date <= origin].qty.to_numpy(float)
                actual = group[group.date > origin].qty.to_numpy(float)[:horizon]
                shut = fa._closed_ahead(group, origin, horizon)
                scores[name].add(actual, shut(forecasts[sku]), insample)
    return {
        name: {**scores[name].row(1.0), "in_sample_ratio": float(np.mean(ratios[name]))}
        for name in variants
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=DEFAULT_LINES)
    parser.add_argument("--csv", help="score this tidy CSV instead of suite lines")
    parser.add_argument("--horizon", type=int, default=30, help="with --csv")
    parser.add_argument("--promo", action="store_true", help="with --csv")
    parser.add_argument(
        "--variant", action="append", default=[], help="repeatable; see the usage"
    )
    args = parser.parse_args(argv)
    specs = args.variant or ["default", "balance=1", "weight_by_scale=1+balance=1"]
    variants = {spec: settings_of(spec) for spec in specs}
    if args.csv:
        run = FileRun(Path(args.csv), args.horizon, args.promo)
        runs, wanted = {run.label: run}, [run.label]
    else:
        wanted = [label.strip() for label in args.only.split(",") if label.strip()]
        runs = {run.label: run for run in suite_runs()}
        unknown = [label for label in wanted if label not in runs]
        if unknown:
            raise SystemExit(f"unknown suite labels: {', '.join(unknown)}")
    print(f"{'line':32} {'variant':28} {'WAPE':>6} {'RMSSE':>6} {'bias':>7} {'in-sample':>9}")
    for label in wanted:
        for name, row in score_line(runs[label], variants).items():
            print(
                f"{label:32} {name:28} {row['wape']:6.3f} {row['rmsse']:6.3f} "
                f"{100 * row['bias']:+6.1f}% {row['in_sample_ratio']:9.3f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
