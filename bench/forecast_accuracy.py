"""Forecast accuracy bench: the pure engine against an off-the-shelf reference.

Usage (from the project root):
    .venv/bin/python bench/forecast_accuracy.py [CSV] [--horizons 30,60,90]
        [--promo | --no-promo] [--json FILE] [--models a,b,c] [--until DATE]
    .venv/bin/python bench/forecast_accuracy.py --suite [--quick] [--json FILE]
        [--reference-cache FILE]

CSV is a tidy table ``date,sku,qty`` with optional ``promo`` (0/1) and optional
``store_open`` (0 = closed: censored in training and known ahead, so every
forecaster, the reference included, is scored with 0 on closed test days) or
``censored`` (stock-outs: censored in training only).
Protocol: the last three non-overlapping H-day windows (origin = last training
day), every model refit at each origin; a series-window is scored when it has
≥ 60 days of history before the origin and rows for all H test days.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import pickle
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forecasting.engine import DemandHistory, EngineConfig, run_engine  # noqa: E402
from forecasting.engine.models.base import naive_quantiles  # noqa: E402

DEFAULT_CSV = next(
    (
        p / "shared/datasets/italian_pasta_daily/sales.csv.gz"
        for p in Path(__file__).resolve().parents[2:4]
        if (p / "shared/datasets").is_dir()
    ),
    Path(__file__).resolve().parents[2] / "shared/datasets",
)
MIN_HISTORY_DAYS = 60
WINDOWS = 3
REFERENCE = "reference_median"
# ``store_open`` = 0 days are known ahead (the engine forecasts 0 there, every
# forecaster is scored with 0 there); ``--closures-unknown`` restores the
# protocol before 2026-12-04: censored in training only, forecasts as they are.
CLOSURES_KNOWN = True


@dataclass
class Score:
    """Pooled accumulators of one forecaster over all series-windows."""

    abs_err: float = 0.0
    actual: float = 0.0
    forecast: float = 0.0
    total_abs_err: float = 0.0
    mase: list[float] = field(default_factory=list)
    rmsse: list[float] = field(default_factory=list)
    covered90: int = 0
    covered95: int = 0
    covered_n: int = 0
    total_covered90: list[bool] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, actual, point, insample, q90=None, q95=None, total90=None) -> None:
        """Add one series-window."""
        err = actual - point
        self.abs_err += float(np.abs(err).sum())
        self.actual += float(actual.sum())
        self.forecast += float(point.sum())
        self.total_abs_err += abs(float(point[:30].sum() - actual[:30].sum()))
        diffs = insample[7:] - insample[:-7]
        mae_scale, mse_scale = np.mean(np.abs(diffs)), np.mean(diffs**2)
        if mae_scale > 0:
            self.mase.append(float(np.mean(np.abs(err)) / mae_scale))
        if mse_scale > 0:
            self.rmsse.append(float(np.sqrt(np.mean(err**2) / mse_scale)))
        if total90 is not None:
            self.total_covered90.append(bool(actual[:30].sum() <= total90))
        if q90 is not None:
            self.covered90 += int((actual <= q90).sum())
            self.covered95 += int((actual <= q95).sum())
            self.covered_n += actual.size

    def row(self, total_actual_30: float) -> dict[str, float]:
        """Final pooled metrics."""
        cov = self.covered_n or np.nan
        return {
            "wape": self.abs_err / self.actual,
            "mase": float(np.mean(self.mase)),
            "rmsse": float(np.mean(self.rmsse)),
            "bias": (self.forecast - self.actual) / self.actual,
            "coverage_p90": self.covered90 / cov,
            "coverage_p95": self.covered95 / cov,
            "total30_wape": self.total_abs_err / total_actual_30,
            "total30_coverage_p90": (
                float(np.mean(self.total_covered90)) if self.total_covered90 else np.nan
            ),
            "seconds": self.seconds,
        }


def load(path: str) -> pd.DataFrame:
    """Read the tidy CSV (gz allowed) and sort it."""
    frame = pd.read_csv(path, parse_dates=["date"], dtype={"sku": str})
    missing = {"date", "sku", "qty"} - set(frame.columns)
    if missing:
        raise SystemExit(f"missing columns: {sorted(missing)}")
    return frame.sort_values(["sku", "date"]).reset_index(drop=True)


def reference_forecast(train: pd.DataFrame, horizon: int) -> dict[str, np.ndarray]:
    """Median of six default statsforecast models, clipped at zero."""
    os.environ.setdefault(
        "NUMBA_CACHE_DIR", os.path.join(tempfile.gettempdir(), "smartstock_numba_cache")
    )
    from statsforecast import StatsForecast
    from statsforecast.models import (
        TSB,
        AutoETS,
        AutoTheta,
        CrostonSBA,
        SeasonalNaive,
        WindowAverage,
    )

    models = [
        AutoETS(season_length=7),
        AutoTheta(season_length=7),
        CrostonSBA(),
        TSB(alpha_d=0.1, alpha_p=0.1),
        SeasonalNaive(7),
        WindowAverage(28),
    ]
    long = train.rename(columns={"sku": "unique_id", "date": "ds", "qty": "y"})
    long = long[["unique_id", "ds", "y"]].astype({"y": float})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = StatsForecast(models, freq="D", n_jobs=1).forecast(df=long, h=horizon)
    out = out.reset_index() if "unique_id" not in out.columns else out
    cols = [c for c in out.columns if c not in ("unique_id", "ds")]
    out["median"] = np.clip(out[cols].median(axis=1), 0, None)
    return {
        k: g.sort_values("ds")["median"].to_numpy() for k, g in out.groupby("unique_id")
    }


def eligible_windows(frame: pd.DataFrame, origin: pd.Timestamp, horizon: int):
    """SKUs with ≥ 60 days before the origin and rows for every test day."""
    end = origin + pd.Timedelta(days=horizon)
    first = frame.groupby("sku")["date"].min()
    test = frame[(frame.date > origin) & (frame.date <= end)]
    counts = test.groupby("sku")["date"].nunique()
    old_enough = first[(origin - first).dt.days + 1 >= MIN_HISTORY_DAYS].index
    return sorted(set(old_enough) & set(counts[counts == horizon].index))


def histories_for(frame: pd.DataFrame, skus, origin, use_promo: bool):
    """Engine inputs: demand up to the origin; promo flags (plan) also after it."""
    result = {}
    for sku, group in frame[frame.sku.isin(skus)].groupby("sku"):
        series = group.set_index("date")
        train = series[series.index <= origin]
        censored = closed = None
        if "store_open" in series and CLOSURES_KNOWN:  # known ahead, like promotions
            closed = series["store_open"] == 0
        elif "store_open" in series:
            censored = train["store_open"] == 0
        elif "censored" in series:
            censored = train["censored"].astype(bool)
        promo = series["promo"] if use_promo and "promo" in series else None
        result[sku] = DemandHistory(
            demand=train["qty"].astype(float),
            censored=censored,
            promo=promo,
            closed=closed,
        )
    return result


def evaluate(
    frame,
    horizon,
    use_promo,
    models,
    reference_cache,
    reference_frame=None,
    tag="",
    label="",
) -> dict:
    """Run the engine and the reference on the last three windows of ``horizon`` days.

    ``reference_frame`` (default ``frame``) is what the reference is fitted on;
    it is a per-series model, so a product subset reuses the forecasts cached
    for the whole file under the key ``(tag, origin, horizon)``.
    """
    reference_frame = frame if reference_frame is None else reference_frame
    last = frame.date.max()
    origins = [last - pd.Timedelta(days=horizon * w) for w in range(WINDOWS, 0, -1)]
    scores: dict[str, Score] = {}
    total_actual_30 = 0.0
    config = EngineConfig(
        use_promotions=use_promo, **({"models": tuple(models)} if models else {})
    )
    for origin in origins:
        skus = eligible_windows(frame, origin, horizon)
        started = time.perf_counter()
        run = run_engine(
            histories_for(frame, skus, origin, use_promo),
            as_of=origin.date(),
            horizon=horizon,
            config=config,
        )
        scores.setdefault("ensemble", Score()).seconds += time.perf_counter() - started
        for name, secs in run.timings.items():
            scores.setdefault(name, Score()).seconds += secs
        cache_key = (tag, origin, horizon) if tag else (origin, horizon)
        if cache_key not in reference_cache or not set(skus) <= set(
            reference_cache[cache_key][0]
        ):
            started = time.perf_counter()
            ref_skus = eligible_windows(reference_frame, origin, horizon)
            train = reference_frame[
                (reference_frame.date <= origin) & reference_frame.sku.isin(ref_skus)
            ]
            ref = reference_forecast(train, horizon)
            reference_cache[cache_key] = (ref, time.perf_counter() - started)
        ref, ref_seconds = reference_cache[cache_key]
        scores.setdefault(REFERENCE, Score()).seconds += ref_seconds
        for sku in skus:
            group = frame[frame.sku == sku]
            insample = group[group.date <= origin].qty.to_numpy(float)
            actual = group[group.date > origin].qty.to_numpy(float)[:horizon]
            shut = _closed_ahead(group, origin, horizon)
            total_actual_30 += actual[:30].sum()
            product = run.products[sku]
            scores["ensemble"].add(
                actual,
                product.point,
                insample,
                product.quantiles[0.9],
                product.quantiles[0.95],
                product.total_quantiles[30][0.9],
            )
            scores[REFERENCE].add(actual, shut(ref[sku]), insample)
            for name in config.models:
                point = shut(run.model_forecasts[name][sku])
                q = naive_quantiles(insample, point)
                scores[name].add(actual, point, insample, q[0.9], q[0.95])
        _dump(run, frame, skus, origin, horizon, use_promo, tag, ref, label)
    order = list(config.models) + ["ensemble", REFERENCE]
    return {
        "horizon": horizon,
        "promo": use_promo,
        "windows": [str(o.date()) for o in origins],
        "combination": run.combination.label,
        "results": {n: scores[n].row(total_actual_30) for n in order},
    }


def _closed_ahead(group: pd.DataFrame, origin, horizon: int):
    """A function setting a forecast to 0 on the window's closed days.

    The engine is told the closures ahead (``store_open`` = 0) and forecasts 0
    on them; the reference and the single models are given the same knowledge
    here, so every line compares forecasters that know when the shop is shut.
    """
    if "store_open" not in group or not CLOSURES_KNOWN:
        return lambda point: point
    test = group[group.date > origin].store_open.to_numpy()[:horizon]
    closed = test == 0
    return lambda point: np.where(closed, 0.0, np.asarray(point, dtype=float))


def _dump(run, frame, skus, origin, horizon, use_promo, tag, ref, label="") -> None:
    """Pickle one origin's engine run when SMARTSTOCK_DUMP_DIR is set.

    The backtest, every model's forecast, the actuals and the reference of the
    origin: combination rules can then be replayed offline in seconds instead
    of refitting every model (how issue 14's candidates were compared).
    """
    folder = os.environ.get("SMARTSTOCK_DUMP_DIR")
    if not folder:
        return
    series, closed = {}, {}
    for sku in skus:
        group = frame[frame.sku == sku]
        series[sku] = (
            group[group.date <= origin].qty.to_numpy(float),
            group[group.date > origin].qty.to_numpy(float)[:horizon],
        )
        closed[sku] = _closed_ahead(group, origin, horizon)(np.ones(horizon)) == 0
    payload = {
        "tag": tag,
        "label": label,  # the suite line, when run by --suite
        "origin": str(origin.date()),
        "horizon": horizon,
        "promo": use_promo,
        "skus": list(skus),
        "series": series,
        "closed": closed,  # test days every forecaster is scored with 0 on
        "backtest": run.backtest,
        "finals": run.model_forecasts,
        "combination": run.combination,
        "ensemble": {k: run.products[k].point for k in skus},
        "reference": {k: ref[k] for k in skus},
    }
    promo = "promo" if use_promo else "nopromo"
    # The SKUs' digest keeps two halves of one file (same size, same origins) apart.
    digest = hashlib.sha1(",".join(skus).encode()).hexdigest()[:6]
    name = f"{tag}_H{horizon}_{promo}_n{len(skus)}-{digest}_{origin.date()}.pkl"
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name.replace(":", "_")), "wb") as out:
        pickle.dump(payload, out)


def print_table(result: dict) -> None:
    """Print one protocol run as a fixed-width table."""
    print(
        f"\nhorizon {result['horizon']}  promo={'yes' if result['promo'] else 'no'}  "
        f"origins {', '.join(result['windows'])}  (last window: {result['combination']})"
    )
    header = (
        "model",
        "WAPE",
        "MASE",
        "RMSSE",
        "bias",
        "P90cov",
        "P95cov",
        "tot30WAPE",
        "tot30P90",
        "sec",
    )
    print("{:<18}{:>7}{:>7}{:>7}{:>8}{:>8}{:>8}{:>10}{:>9}{:>8}".format(*header))
    for name, m in result["results"].items():
        print(
            f"{name:<18}{m['wape']:7.3f}{m['mase']:7.3f}{m['rmsse']:7.3f}"
            f"{m['bias']:8.3f}{m['coverage_p90']:8.3f}{m['coverage_p95']:8.3f}"
            f"{m['total30_wape']:10.3f}{m['total30_coverage_p90']:9.3f}"
            f"{m['seconds']:8.1f}",
            flush=True,
        )


def speed_test(
    frame: pd.DataFrame,
    products: int,
    days: int = 730,
    lstm: bool = False,
    chunk: int = 500,
    processes: int = 1,
) -> None:
    """Time ``forecast_products`` on ``products`` series of ``days`` days.

    Like the app's nightly run, the products go through the engine in chunks
    of ``chunk`` (FORECAST_CHUNK_SIZE, 500; 0 = all at once), spread over
    ``processes`` processes as over that many Celery worker processes (1: one
    after the other in this process). The peak RSS is the sum over this
    process and its pool, sampled every half second.

    Extra series are copies of the real ones with a seeded random scale and shift,
    so the workload keeps the real mix of fast and slow movers.
    """
    from proctree import PeakTreeRSS

    from forecasting.engine import forecast_products

    last = frame.date.max()
    recent = frame[frame.date > last - pd.Timedelta(days=days)]
    groups = [g.set_index("date") for _, g in recent.groupby("sku")]
    rng = np.random.default_rng(0)
    histories = {}
    for i in range(products):
        group = groups[i % len(groups)]
        factor = 1.0 if i < len(groups) else rng.uniform(0.5, 2.0)
        qty = np.round(group["qty"].to_numpy(float) * factor)
        promo = group["promo"] if "promo" in group else None
        histories[f"S{i}"] = DemandHistory(
            demand=pd.Series(np.roll(qty, 7 * (i // len(groups))), index=group.index),
            promo=promo,
        )
    keys = list(histories)
    size = chunk or len(keys)
    parts = [
        {k: histories[k] for k in keys[first : first + size]}
        for first in range(0, len(keys), size)
    ]
    with PeakTreeRSS() as memory:
        started = time.perf_counter()
        if processes > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(processes, mp_context=context) as pool:
                done = list(pool.map(_forecast_chunk, parts, [last.date()] * len(parts)))
        else:
            done = [_forecast_chunk(part, last.date()) for part in parts]
        elapsed = time.perf_counter() - started
    print(
        f"forecast_products: {products} products x {days} days, horizon 90, "
        f"default models and backtest, {len(parts)} chunks of {size} on "
        f"{processes} process(es): {elapsed:.1f} s ({sum(done)} forecasts, "
        f"{elapsed / products * 1000:.0f} ms per product), "
        f"peak RSS {memory.peak_mb:.0f} MB (all processes together)",
        flush=True,
    )
    one = dict([next(iter(histories.items()))])
    if processes > 1:  # the pool did the work: load the libraries here first,
        forecast_products(one, as_of=last.date(), horizon=90)  # as a worker has
    started = time.perf_counter()
    forecast_products(one, as_of=last.date(), horizon=90)
    print(f"re-forecast of one product: {time.perf_counter() - started:.2f} s")
    if lstm:
        _time_lstm(histories, last.date())


def _forecast_chunk(part: dict, as_of) -> int:
    """One chunk through the engine (a pool task): the number of forecasts."""
    from forecasting.engine import forecast_products

    return len(forecast_products(part, as_of=as_of, horizon=90))


def model_costs(frame: pd.DataFrame, products: int, names: list[str]) -> None:
    """Seconds per product of each model in one engine call: the 6-origin backtest
    plus the final fit, on the first ``products`` series (last 730 days, H = 90)."""
    from forecasting.engine.backtest import origin_offsets, run_backtest
    from forecasting.engine.models.base import build_input
    from forecasting.engine.preprocess import prepare_history
    from forecasting.engine.registry import get_model, model_names

    last = frame.date.max()
    skus = sorted(frame.sku.unique())[:products]
    preps = {}
    for sku, group in frame[frame.sku.isin(skus)].groupby("sku"):
        series = group.set_index("date")
        item = DemandHistory(demand=series["qty"].astype(float))
        preps[sku] = prepare_history(
            sku, item, as_of=last.date(), horizon=90, max_history_days=730
        )
    config = EngineConfig()
    print(f"model costs on {len(preps)} products (seconds per product, one run):")
    for name in names or model_names():
        started = time.perf_counter()
        run_backtest(
            preps,
            [name],
            offsets=origin_offsets(config.backtest_origins, config.backtest_step_days),
            max_horizon=90,
            score_horizon=30,
            min_train_days=config.min_train_days,
        )
        inputs = [build_input(p, p.values.size, 90) for p in preps.values()]
        get_model(name).predict_inputs(inputs, 90)
        seconds = (time.perf_counter() - started) / len(preps)
        print(f"  {name:<16}{seconds:8.3f}", flush=True)


def _time_lstm(histories, as_of) -> None:
    """Train the global LSTM+CNN once on every history (the optional neural model)."""
    from forecasting.engine.models.base import build_input
    from forecasting.engine.preprocess import prepare_history
    from forecasting.engine.registry import get_model

    inputs = []
    for key, item in histories.items():
        prep = prepare_history(key, item, as_of=as_of, horizon=90, max_history_days=730)
        inputs.append(build_input(prep, prep.values.size, 90))
    started = time.perf_counter()
    outputs = get_model("lstm_global").predict_inputs(inputs, 90)
    failed = sum(1 for _, reason in outputs if reason)
    print(
        f"lstm_global: trained on {len(inputs)} products and forecast them in "
        f"{time.perf_counter() - started:.1f} s ({failed} fell back), "
        f"peak RSS {_peak_mb():.0f} MB"
    )


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _date_argument(text: str) -> str:
    """``--until`` value: a calendar date, else a clear argparse error."""
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date (use YYYY-MM-DD)"
        ) from None
    return text


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, run every requested protocol, print and optionally save."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", default=str(DEFAULT_CSV))
    parser.add_argument("--horizons", default="30")
    promo = parser.add_mutually_exclusive_group()
    promo.add_argument(
        "--promo", dest="promo_modes", action="store_const", const=[True]
    )
    promo.add_argument(
        "--no-promo", dest="promo_modes", action="store_const", const=[False]
    )
    parser.add_argument("--models", default="")
    parser.add_argument("--json", dest="json_path")
    parser.add_argument(
        "--reference-cache",
        help="pickle file reusing the reference forecasts of an earlier run "
        "(same CSV and windows); its seconds are the original ones",
    )
    parser.add_argument(
        "--speed",
        type=int,
        default=0,
        help="only time the engine on this many products x 730 days",
    )
    parser.add_argument(
        "--lstm", action="store_true", help="with --speed: also time the LSTM+CNN"
    )
    parser.add_argument(
        "--until",
        type=_date_argument,
        help="drop the rows after this date (YYYY-MM-DD): the protocol's windows "
        "then end there, a held-out check on an earlier period of the same file",
    )
    parser.add_argument(
        "--suite",
        action="store_true",
        help="every held-out check in one table (both shared datasets; see "
        "bench/accuracy_suite.py); --json then writes a list of labelled runs",
    )
    parser.add_argument(
        "--quick", action="store_true", help="with --suite: the 5-run subset"
    )
    parser.add_argument(
        "--only",
        default="",
        help="with --suite: comma-separated labels; run only those lines "
        "(e.g. 'uk H30 no-promo,pasta H30 promo')",
    )
    parser.add_argument(
        "--model-costs",
        type=int,
        default=0,
        help="time every registered model (or --models) on this many products",
    )
    parser.add_argument(
        "--chunk",
        type=int,
        default=500,
        help="with --speed: products per engine call, as FORECAST_CHUNK_SIZE "
        "(500; 0 = all at once)",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="with --speed: chunks spread over this many processes, like "
        "Celery worker processes (2 on this 2-core machine); with --suite: "
        "the lines split over this many processes, one table at the end",
    )
    parser.add_argument(
        "--celery",
        type=int,
        default=0,
        help="run this many products through the real Celery chunked pipeline "
        "(needs DATABASE_URL and REDIS_URL; see bench/forecast_celery.py)",
    )
    parser.add_argument(
        "--workers", default="1,2", help="with --celery: worker process counts"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="with --celery: reuse an earlier run's bench organization with as "
        "many products and sales up to yesterday instead of a new setup",
    )
    parser.add_argument(
        "--closures-unknown",
        action="store_true",
        help="store_open = 0 days only censored in training, not known ahead "
        "(the protocol before 2026-12-04; the reference then scores 0.815 on "
        "the pasta file's last H30 windows)",
    )
    args = parser.parse_args(argv)
    global CLOSURES_KNOWN
    CLOSURES_KNOWN = not args.closures_unknown
    if args.celery:
        from forecast_celery import main as celery_main

        counts = [int(w) for w in args.workers.split(",") if w]
        celery_main(load(args.csv), args.celery, counts, reuse=args.reuse)
        return
    if args.model_costs:
        model_costs(
            load(args.csv), args.model_costs, [m for m in args.models.split(",") if m]
        )
        return
    if args.suite:
        _suite(args)
        return
    frame = load(args.csv)
    if args.until:
        frame = frame[frame.date <= pd.Timestamp(args.until)].reset_index(drop=True)
    if args.speed:
        speed_test(frame, args.speed, lstm=args.lstm, chunk=args.chunk,
                   processes=args.processes)
        return
    modes = args.promo_modes or ([True, False] if "promo" in frame else [False])
    models = [m for m in args.models.split(",") if m]
    cache: dict = {}
    cache_path = Path(args.reference_cache) if args.reference_cache else None
    if cache_path and cache_path.exists():
        saved = pickle.loads(cache_path.read_bytes())
        same = saved.get("csv") == args.csv and saved.get("until") == args.until
        cache = saved["entries"] if same else {}
    results = []
    for use_promo in modes:
        for horizon in (int(h) for h in args.horizons.split(",")):
            result = evaluate(frame, horizon, use_promo, models, cache)
            print_table(result)
            results.append(result)
            if cache_path:
                cache_path.write_bytes(
                    pickle.dumps(
                        {"csv": args.csv, "until": args.until, "entries": cache}
                    )
                )
    if args.json_path:
        Path(args.json_path).write_text(
            json.dumps(
                {"csv": args.csv, "until": args.until, "runs": results}, indent=2
            )
        )


def _suite(args) -> None:
    """``--suite``: one reference cache for every line, a labelled list in --json."""
    from accuracy_suite import run_suite

    cache_path = Path(args.reference_cache) if args.reference_cache else None
    cache: dict = {}
    if cache_path and cache_path.exists():
        saved = pickle.loads(cache_path.read_bytes())
        cache = saved["entries"] if saved.get("csv") == "suite" else {}

    def save() -> None:
        if cache_path:
            cache_path.write_bytes(pickle.dumps({"csv": "suite", "entries": cache}))

    models = [m for m in args.models.split(",") if m]
    def write(lines) -> None:
        if args.json_path:
            Path(args.json_path).write_text(json.dumps(lines, indent=2))

    only = [t.strip() for t in args.only.split(",") if t.strip()]
    if args.processes > 1:
        _suite_in_processes(args, only, cache, save, write)
        return
    run_suite(
        evaluate, load, models, cache, quick=args.quick, save_cache=save, only=only,
        on_line=write,
    )  # fmt: skip


def _suite_in_processes(args, only, cache: dict, save, write) -> None:
    """``--suite --processes P``: the lines split over P child processes, one table.

    Lines that share a reference (same file, ``--until`` and horizon) go to the
    same child, so no reference is computed twice; each child gets a copy of
    the reference cache and its new entries are merged back.
    """
    import subprocess

    from accuracy_suite import print_suite, split_runs, suite_runs

    runs = [r for r in suite_runs(args.quick) if not only or r.label in only]
    parts = split_runs(runs, args.processes)
    with tempfile.TemporaryDirectory() as folder:
        children = []
        for index, part in enumerate(parts):
            cache_file = Path(folder) / f"reference-{index}.pkl"
            cache_file.write_bytes(pickle.dumps({"csv": "suite", "entries": cache}))
            command = [
                sys.executable, __file__, "--suite", "--only",
                ",".join(r.label for r in part), "--reference-cache", str(cache_file),
                "--json", str(Path(folder) / f"lines-{index}.json"),
            ]  # fmt: skip
            if args.models:
                command += ["--models", args.models]
            if args.closures_unknown:
                command.append("--closures-unknown")
            children.append(subprocess.Popen(command))
        failed = [child.args for child in children if child.wait() != 0]
        by_label = {}
        for index in range(len(parts)):
            saved = pickle.loads((Path(folder) / f"reference-{index}.pkl").read_bytes())
            cache.update(saved["entries"])
            lines_file = Path(folder) / f"lines-{index}.json"
            if lines_file.exists():
                by_label.update({x["label"]: x for x in json.loads(lines_file.read_text())})
    save()
    lines = [by_label[r.label] for r in runs if r.label in by_label]
    write(lines)
    print(f"\nall {len(lines)} of {len(runs)} lines, {args.processes} processes:")
    print_suite(lines)
    if failed:
        raise SystemExit(f"{len(failed)} child process(es) failed")


if __name__ == "__main__":
    main()
