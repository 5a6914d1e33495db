"""Copilot accuracy and latency on the test set, the held-out sets 1, 3, 4, 6 and 8, the dev set 2 and the probe sets 5, 7 and 9.

    DATABASE_URL=sqlite:////tmp/copilot_bench.sqlite3 .venv/bin/python bench/copilot.py
        [--set test|heldout|heldout2|…|heldout9|all] [--misses]

Migrates the database named by DATABASE_URL, builds the world of
tests/copilot/world.py inside a transaction that is rolled back at the end
(nothing stays behind), asks every question through
copilot.services.copilot_answer (no language model) and prints intent, slot
and answer-value accuracy and the p50/p95 latency per set. Expected values
come from tests/copilot/oracle.py (ledger sums and the screens' selectors).
Targets: answer values ≥ 95 % on the test set, p95 < 300 ms.

    DATABASE_URL=sqlite:///…/demo.sqlite3 .venv/bin/python bench/copilot.py \
        --organization 1 [--sku PASTA-B1-01]

instead times the issue's example questions (Korean and English) on an
existing database (e.g. the demo after `make run`): five rounds, the median
and the slowest answer time per question, and prints each answer.
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
from tests.copilot.heldout2_questions import HELDOUT2  # noqa: E402
from tests.copilot.heldout3_questions import HELDOUT3  # noqa: E402
from tests.copilot.heldout4_questions import HELDOUT4  # noqa: E402
from tests.copilot.heldout5_questions import HELDOUT5  # noqa: E402
from tests.copilot.heldout6_questions import HELDOUT6  # noqa: E402
from tests.copilot.heldout7_questions import HELDOUT7  # noqa: E402
from tests.copilot.heldout8_questions import HELDOUT8  # noqa: E402
from tests.copilot.heldout9_questions import HELDOUT9  # noqa: E402
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


DEMO_QUESTIONS = [
    "품절 위험이 가장 높은 상품은?",
    "이번 주 발주해야 할 상품과 수량은?",
    "지난주 쿠팡 판매량",
    "What will {sku} sell in the next 30 days?",
    "Which products have the highest stock-out risk?",
    "What should I order this week, and how much?",
    "Coupang sales last week",
    "{sku} 앞으로 30일 판매 예측",
]


def _demo(organization_id: int, sku: str) -> None:
    import time

    from accounts.models import Organization
    from copilot.services import copilot_answer

    organization = Organization.objects.get(pk=organization_id)
    for template in DEMO_QUESTIONS:
        question = template.format(sku=sku)
        times = []
        for _round in range(5):
            started = time.perf_counter()
            answer = copilot_answer(organization=organization, user=None,
                                    question=question)
            times.append((time.perf_counter() - started) * 1000)
        print(f"{statistics.median(times):6.0f} ms median, {max(times):6.0f} ms max  "
              f"{question}\n        → {answer.answer[:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["test", "heldout", "heldout2", "heldout3",
                                          "heldout4", "heldout5", "heldout6",
                                          "heldout7", "heldout8", "heldout9",
                                          "all"],
                        default="all")
    parser.add_argument("--misses", action="store_true",
                        help="list every question whose answer values missed")
    parser.add_argument("--organization", type=int,
                        help="time the example questions on this organization")
    parser.add_argument("--sku", default="PASTA-B1-01")
    args = parser.parse_args()
    print("load:", subprocess.run(["uptime"], capture_output=True, text=True)
          .stdout.strip())
    if args.organization:
        _demo(args.organization, args.sku)
        return
    call_command("migrate", verbosity=0)
    clock.today = lambda: TODAY
    timezone.localdate = lambda *a, **k: TODAY
    translation.activate("en")
    sets = {"test": QUESTIONS, "heldout": HELDOUT, "heldout2": HELDOUT2,
            "heldout3": HELDOUT3, "heldout4": HELDOUT4,
            "heldout5": HELDOUT5, "heldout6": HELDOUT6, "heldout7": HELDOUT7,
            "heldout8": HELDOUT8, "heldout9": HELDOUT9}
    chosen = list(sets) if args.set == "all" else [args.set]
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
