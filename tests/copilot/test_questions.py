"""The question sets against the world: accuracy targets and every miss listed."""

import pytest

from .evaluate import evaluate, summary
from .heldout3_questions import HELDOUT3
from .heldout4_questions import HELDOUT4
from .heldout7_questions import HELDOUT7
from .heldout8_questions import HELDOUT8
from .heldout_questions import HELDOUT
from .questions import ENGLISH, KOREAN, QUESTIONS

pytestmark = pytest.mark.django_db


def test_question_set_has_sixty_questions_per_language_and_every_family():
    assert len(KOREAN) >= 60 and len(ENGLISH) >= 60
    families = {intent for _q, intent, _s in QUESTIONS}
    assert families >= {"order_quantity", "stockout_risk", "stock_level", "sales",
                        "top_sellers", "forecast", "forecast_accuracy", "overstock",
                        "expiring_lots", "open_pos", "open_alerts",
                        "why_recommendation", "clarify", "unknown"}


def test_test_set_reaches_the_accuracy_targets(world):
    results = evaluate(QUESTIONS, organization=world.alpha, user=world.master)
    figures = summary(results)
    misses = "\n".join(f"{r.question}: {r.detail}" for r in results if not r.values_ok)
    assert figures["value_accuracy"] >= 0.95, misses
    assert figures["intent_accuracy"] >= 0.95, misses


def test_heldout_set_is_scored_not_tuned(world):
    """The held-out set is only reported (bench/copilot.py); here it must run and
    stay clearly better than chance, so a regression in the parser shows."""
    figures = summary(evaluate(HELDOUT, organization=world.alpha, user=world.master))
    assert figures["questions"] == len(HELDOUT)
    assert figures["intent_accuracy"] >= 0.6


def test_sets_the_parser_was_fixed_against_stay_answered(world):
    """Held-out 4's misses drove session 8's rules (and set 3's order-count
    question checks the corrected oracle), probe 7's and held-out 8's those of
    session 9: they must stay answered, so a later change cannot quietly undo
    a fix."""
    for cases in (HELDOUT3, HELDOUT4, HELDOUT7, HELDOUT8):
        results = evaluate(cases, organization=world.alpha, user=world.master)
        misses = "\n".join(f"{r.question}: {r.detail}" for r in results
                           if not r.values_ok)
        assert summary(results)["value_accuracy"] >= 0.95, misses
