"""Copilot accuracy and latency on the test question set and the held-out set.

    DATABASE_URL=sqlite:////tmp/copilot_bench.sqlite3 .venv/bin/python bench/copilot.py
        [--set test|heldout|both] [--misses]

Migrates the database named by DATABASE_URL, builds the world of
tests/copilot/world.py inside a transaction that is rolled back at the end
(nothing stays behind), asks every question through
copilot.services.copilot_answer (no language model) and prints intent, slot
and answer-value accuracy and the p50/p95 latency per set. Expected values
come from tests/copilot/oracle.py (ledger sums and the screens' selectors).
Targets: answer values ≥ 95 % on the test set, p95 < 300 ms.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartstock.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/copilot_bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from policy.selectors import clock  # noqa: E402
from tests.copilot.evaluate import evaluate, summary  # noqa: E402
from tests.copilot.heldout_questions import HELDOUT  # noqa: E402
from tests.copilot.questions import QUESTIONS  # noqa: E402
from tests.copilot.world import TODAY, build_world  # noqa: E402


class _Rollback(Exception):
    pass


def _print(name: str, results) -> None:
    figures = summary(results)
    p50 = statistics.median(r.seconds for r in results) * 1000
    print(f"{name:8s} questions {figures['questions']:3d}  "
          f"intent {figures['intent_accuracy']:.1%}  "
          f"slots {figures['slot_accuracy']:.1%}  "
          f"values {figures['value_accuracy']:.1%}  "
          f"p50 {p50:.0f} ms  p95 {figures['p95_ms']:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["test", "heldout", "both"], default="both")
    parser.add_argument("--misses", action="store_true",
                        help="list every question whose answer values missed")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print("load:", subprocess.run(["uptime"], capture_output=True, text=True)
          .stdout.strip())
    clock.today = lambda: TODAY
    timezone.localdate = lambda *a, **k: TODAY
    translation.activate("en")
    sets = {"test": QUESTIONS, "heldout": HELDOUT}
    chosen = list(sets) if args.set == "both" else [args.set]
    try:
        with override_settings(COPILOT_LLM_URL="", COPILOT_LLM_API_KEY=""), \
                transaction.atomic():
            world = build_world()
            for name in chosen:
                # A warm-up pass (first queries compile), then the measured one.
                evaluate(sets[name][:5], organization=world.alpha, user=world.master)
                results = evaluate(sets[name], organization=world.alpha,
                                   user=world.master)
                _print(name, results)
                if args.misses:
                    for result in results:
                        if not (result.values_ok and result.slots_ok):
                            print(f"  miss: {result.question}: {result.detail}")
            raise _Rollback
    except _Rollback:
        pass


if __name__ == "__main__":
    main()
