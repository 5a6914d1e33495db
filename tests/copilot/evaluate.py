"""Score the copilot on a question set: intent, slots, answer values, latency.

Shared by tests/copilot/test_questions.py and bench/copilot.py.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from copilot.services import copilot_answer

from .oracle import expected

SLOT_KEYS = ("products", "category", "supplier", "channel", "period", "top_n", "days",
             "order")


@dataclass
class Result:
    question: str
    intent_ok: bool
    slots_ok: bool
    values_ok: bool
    seconds: float
    detail: str


def _expected_slots(slots: dict) -> dict:
    result = {key: None for key in SLOT_KEYS}
    result["products"] = []
    result.update({k: (tuple(v) if k == "period" else v) for k, v in slots.items()
                   if k in SLOT_KEYS})
    return result


def _close(got: list, want: list) -> bool:
    return len(got) == len(want) and all(
        abs(float(a) - float(b)) <= 0.051 for a, b in zip(got, want, strict=True))


def evaluate(cases, *, organization, user) -> list[Result]:
    results = []
    for question, intent, slots in cases:
        started = time.perf_counter()
        answer = copilot_answer(organization=organization, user=user,
                                question=question)
        seconds = time.perf_counter() - started
        parsed = answer.parsed
        got_slots = {k: v for k, v in parsed.slots.canonical().items()
                     if k in SLOT_KEYS}
        want_slots = _expected_slots(slots)
        if "compare" in slots:  # a named baseline: checked when the set gives one
            got_slots["compare"] = parsed.slots.canonical().get("compare")
            want_slots["compare"] = tuple(slots["compare"])
        if intent in ("clarify", "unknown"):
            # No product is resolved when the question is ambiguous / out of scope.
            want_slots["products"] = []
        products, values = expected(organization, intent, slots)
        values_ok = answer.intent == intent and _close(answer.values, values) and (
            products is None or list(answer.products) == list(products))
        results.append(Result(
            question, answer.intent == intent, got_slots == want_slots, values_ok,
            seconds,
            f"intent {answer.intent}/{intent} slots {got_slots}/{want_slots} "
            f"products {answer.products}/{products} values {answer.values}/{values}"))
    return results


def summary(results: list[Result]) -> dict[str, float]:
    n = len(results) or 1
    latencies = sorted(r.seconds for r in results)
    p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)] if latencies else 0
    return {
        "questions": len(results),
        "intent_accuracy": sum(r.intent_ok for r in results) / n,
        "slot_accuracy": sum(r.slots_ok for r in results) / n,
        "value_accuracy": sum(r.values_ok for r in results) / n,
        "p95_ms": p95 * 1000,
    }
