"""Money and quantity formatting (inventory/templatetags/money.py)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from inventory.templatetags.money import percent, units, won_text


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("1234500"), "₩1,234,500"), (Decimal("1200.50"), "₩1,201"),
    (99.4, "₩99"), (0, "₩0"), (-1500, "-₩1,500"), (None, None), ("x", None),
])
def test_won_is_whole_won_with_the_sign(value, text):
    assert won_text(value) == text


def test_a_missing_amount_says_so_in_the_users_language():
    template = Template("{% load money %}{{ amount|won }}|{{ cost|won }}")
    with translation.override("en"):
        html = template.render(Context({"amount": Decimal("1500.00"), "cost": None}))
    assert html == ('<span class="money">₩1,500</span>|'
                    '<span class="money text-muted">no unit cost</span>')
    with translation.override("ko"):
        assert "원가 없음" in template.render(Context({"amount": 1, "cost": None}))


@pytest.mark.parametrize(("value", "text"), [
    (96.0, "96"), (1200, "1,200"), (2.5, "2.5"), (None, "—"),
])
def test_units_never_show_a_trailing_zero(value, text):
    assert units(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (0.95, "95%"), (Decimal("0.975"), "97.5%"), (1, "100%"), (None, "—"),
])
def test_service_level_as_a_percentage(value, text):
    assert percent(value) == text


@pytest.mark.parametrize("value", [Decimal("1234500"), Decimal("1200.50"), 99.4, 0,
                                   -1500, 49000.0, 0.5])
def test_the_pure_won_text_of_the_planning_engine_matches_the_templates(value):
    from policy.formulas import won_text as engine_won_text

    assert engine_won_text(float(value)) == won_text(value)


def test_alert_money_reads_as_won_in_both_languages():
    from alerts.rules import evaluate
    from policy.messages import render_message
    from tests.engines.test_alert_rules import AS_OF, state

    (alert,) = evaluate(state(overstock_units=100, unit_cost=490.0), AS_OF)
    with translation.override("en"):
        assert "₩49,000 tied up" in render_message(alert.message, alert.params)
    with translation.override("ko"):
        assert "묶인 자금 ₩49,000" in render_message(alert.message, alert.params)
