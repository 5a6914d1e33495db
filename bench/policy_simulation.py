"""Policy simulation bench: does the service-level policy beat the seller's rule?

Usage (from the project root):
    .venv/bin/python bench/policy_simulation.py [CSV] [--lead-times 7,14,30]
        [--review-days 7] [--moq-days 14] [--multiple 1] [--burn-in 180]
        [--warmup 60] [--forecaster robust|legacy] [--json FILE]

CSV is any tidy table ``date,sku,qty`` (other columns ignored; missing days are
zero demand). The replay (policy/simulation.py) starts after ``--burn-in`` days
of history, measures from ``--warmup`` days later to the end of the data, lost
sales, orders arrive after the lead time, MOQ = ``--moq-days`` of the SKU's
burn-in mean demand. Every family uses the same forecaster (``--forecaster``:
``robust``, the default, winsorises spikes at the 84-day Tukey fence and spreads
them over a year; ``legacy`` is the raw 28-day mean). Each family is swept so
it can be compared at equal fill rate: the headline is the average on-hand of
each family interpolated at the fill rate of the simple rule and at 95 %, and
the saving of the two service-level families (forecast errors, lead-time demand
quantile) against the simple rule.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from policy.simulation import (  # noqa: E402
    PolicySpec,
    Replay,
    RollingForecast,
    SimulationResult,
    SimulationSettings,
    demand_matrix,
    inventory_at_fill_rate,
)

DEFAULT_CSV = (Path(__file__).resolve().parents[2]
               / "shared/datasets/italian_pasta_daily/sales.csv.gz")
SERVICE_LEVELS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995,
                  0.999)
COVER_DAYS = (0, 1, 2, 3, 5, 7, 10, 14, 21, 30, 45)
SIMPLE_SCALES = (0.0, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0)
NAMED = {"simple@1": "simple (as specified)", "service_level@0.9": "service level 90%",
         "service_level@0.95": "service level 95%",
         "service_level@0.98": "service level 98%",
         "lead_time_quantile@0.9": "LT-demand quantile 90%",
         "lead_time_quantile@0.95": "LT-demand quantile 95%",
         "lead_time_quantile@0.98": "LT-demand quantile 98%"}
HEADLINE_FAMILIES = ("simple", "service_level", "lead_time_quantile", "days_of_cover")


def _specs() -> list[PolicySpec]:
    return ([PolicySpec("simple", a) for a in SIMPLE_SCALES]
            + [PolicySpec("service_level", p) for p in SERVICE_LEVELS]
            + [PolicySpec("days_of_cover", k) for k in COVER_DAYS]
            + [PolicySpec("lead_time_quantile", p) for p in SERVICE_LEVELS])


def run(args: argparse.Namespace) -> list[SimulationResult]:
    """Every policy of the sweep at every lead time."""
    data = demand_matrix(pd.read_csv(args.csv, usecols=["date", "sku", "qty"]))
    forecast = RollingForecast(data.demand, data.dates.weekday.to_numpy(),
                               robust=args.forecaster == "robust")
    results: list[SimulationResult] = []
    for lead in args.lead_times:
        settings = SimulationSettings(
            lead_time_days=lead, review_period_days=args.review_days,
            burn_in_days=args.burn_in, warmup_days=args.warmup,
            moq_days=args.moq_days, order_multiple_units=args.multiple)
        replay = Replay(data, settings, SERVICE_LEVELS, forecast)
        results += [replay.run(spec) for spec in _specs()]
    first = replay  # report the window of the last replay (same end date)
    print(f"{len(data.skus)} SKUs, {len(data.dates)} days "
          f"({data.dates[0].date()} … {data.dates[-1].date()}); measured from "
          f"{data.dates[first.measure_from].date()} to the end "
          f"({results[-1].measured_days} days); forecaster: {args.forecaster}")
    return results


def _row(r: SimulationResult) -> str:
    label = NAMED.get(r.policy, r.policy)
    return (f"{r.lead_time_days:>4} {label:<24} {100 * r.fill_rate:>7.2f} "
            f"{r.stockout_days_pct:>8.2f} {r.avg_on_hand:>9.1f} {r.turns:>6.1f} "
            f"{r.orders:>7}")


def print_table(results: list[SimulationResult], full: bool) -> None:
    """Fill rate vs average inventory, named policies (or the whole sweep)."""
    print(f"\n{'L':>4} {'policy':<24} {'fill %':>7} {'SO-days%':>8} "
          f"{'avg on-hand':>9} {'turns':>6} {'orders':>7}")
    for r in results:
        if full or r.policy in NAMED or r.family == "days_of_cover" and r.parameter in (
                3, 7):
            print(_row(r))


def headline(results: list[SimulationResult]) -> list[dict]:
    """Inventory of each family at the simple rule's fill rate and at 95 %."""
    rows = []
    for lead in sorted({r.lead_time_days for r in results}):
        simple = next(r for r in results
                      if r.lead_time_days == lead and r.policy == "simple@1")
        for target, label in ((simple.fill_rate, "simple's fill rate"), (0.95, "95%")):
            row = {"lead_time_days": lead, "at": label, "fill_rate": target}
            for family in HEADLINE_FAMILIES:
                row[family] = inventory_at_fill_rate(results, family, lead, target)
            if label != "95%":
                row["simple"] = simple.avg_on_hand
            rows.append(row)
    print("\nAverage on-hand per SKU at equal fill rate (interpolated), and the "
          "saving of each service-level family vs simple")
    print(f"{'L':>4} {'at fill rate':>30} {'simple':>8} {'serv.lvl':>8} {'LT-quant':>8} "
          f"{'cover':>8} {'SL saves':>9} {'LTQ saves':>9}")
    for row in rows:
        print(_headline_line(row))
    return rows


def _headline_line(row: dict) -> str:
    def num(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.1f}"

    def saving(family: str) -> str:
        base, value = row["simple"], row[family]
        return ("n/a" if base is None or value is None
                else f"{100 * (1 - value / base):.1f}%")

    at = f"{100 * row['fill_rate']:.2f}% ({row['at']})"
    return (f"{row['lead_time_days']:>4} {at:>30} {num(row['simple']):>8} "
            f"{num(row['service_level']):>8} {num(row['lead_time_quantile']):>8} "
            f"{num(row['days_of_cover']):>8} {saving('service_level'):>9} "
            f"{saving('lead_time_quantile'):>9}")


def main() -> None:
    """Parse arguments, run the sweep, print the tables, write JSON if asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", default=str(DEFAULT_CSV))
    parser.add_argument("--lead-times", default="7,14,30",
                        type=lambda s: [int(x) for x in s.split(",")])
    parser.add_argument("--review-days", type=int, default=7)
    parser.add_argument("--moq-days", type=float, default=14.0)
    parser.add_argument("--multiple", type=int, default=1)
    parser.add_argument("--burn-in", type=int, default=180)
    parser.add_argument("--warmup", type=int, default=60)
    parser.add_argument("--forecaster", choices=("robust", "legacy"), default="robust",
                        help="shared forecaster of every family (default robust)")
    parser.add_argument("--full", action="store_true", help="print the whole sweep")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    began = time.perf_counter()
    results = run(args)
    print_table(results, args.full)
    rows = headline(results)
    print(f"\n{time.perf_counter() - began:.1f} s")
    if args.json:
        payload = {"settings": {k: v for k, v in vars(args).items() if k != "json"},
                   "results": [asdict(r) for r in results], "headline": rows}
        args.json.write_text(json.dumps(payload, indent=2, default=str))


if __name__ == "__main__":
    main()
