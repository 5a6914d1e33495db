"""The copilot: a question in, a data-grounded answer out.

`copilot_answer` parses the question (copilot/engine, or the optional language
model mapping it to the same intent/slot structure), resolves the slots
against the organization's catalogue and answers each family with the
existing selectors and read services. It never writes business data and
never reads outside the organization; the only row it writes is the user's
recent question.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Membership, Organization, User
from accounts.selectors import membership_of_user_get
from policy import selectors as policy_selectors

from .. import selectors
from ..engine import ParsedQuestion, parse
from ..models import CopilotQuestion
from . import (
    breakdowns,
    late,
    llm,
    operations,
    outlook,
    planning,
    prices,
    sales,
    turnover,
)
from .common import Context, CopilotAnswer, Table, label, links

__all__ = ["CopilotAnswer", "copilot_answer", "copilot_question_record"]

MAX_QUESTION = 300
RECENT_KEPT = 50
FAMILIES: dict[str, Callable[[Context], CopilotAnswer]] = {
    "order_quantity": planning.order_quantity,
    "stockout_risk": planning.stockout_risk,
    "late_stockout": late.late_stockouts,
    "stock_level": planning.stock_level,
    "stock_below": planning.stock_below,
    "overstock": planning.overstock,
    "slow_movers": turnover.slow_movers,
    "why_recommendation": planning.why_recommendation,
    "sales": sales.sales,
    "top_sellers": sales.top_sellers,
    "forecast": sales.forecast,
    "forecast_accuracy": sales.forecast_accuracy,
    "expiring_lots": operations.expiring_lots,
    "open_pos": operations.open_pos,
    "open_alerts": operations.open_alerts,
}
# One line per category/supplier when the question asks for it ("카테고리별").
BREAKDOWN_FAMILIES: dict[str, Callable[[Context], CopilotAnswer]] = {
    "sales": breakdowns.sales_breakdown,
    "order_quantity": breakdowns.order_breakdown,
    "stock_level": breakdowns.stock_breakdown,
}
NEEDS_PRODUCT = {"why_recommendation"}
# The filters each family applies; any other named category/supplier/channel is
# said to be not applied in the answer, never silently dropped.
FILTERS_APPLIED: dict[str, frozenset[str]] = {
    "order_quantity": frozenset({"category", "supplier"}),
    "stockout_risk": frozenset({"category", "supplier"}),
    "late_stockout": frozenset({"category", "supplier"}),
    "stock_level": frozenset({"category", "supplier"}),
    "stock_below": frozenset({"category", "supplier"}),
    "overstock": frozenset({"category", "supplier"}),
    "slow_movers": frozenset({"category", "supplier"}),
    "why_recommendation": frozenset(),
    "sales": frozenset({"category", "supplier", "channel"}),
    "top_sellers": frozenset({"category", "supplier", "channel"}),
    "forecast": frozenset({"category", "supplier"}),
    "forecast_accuracy": frozenset(),
    "expiring_lots": frozenset({"category", "supplier"}),
    "open_pos": frozenset({"supplier"}),
    "open_alerts": frozenset(),
}
# Questions about people (members, e-mails, salaries) are never answered.
_PEOPLE = re.compile(r"member|user|e-?mail|password|salary|employee|staff|직원|회원|"
                     r"멤버|사용자|이메일|비밀번호|연봉|급여|월급")


def suggestions() -> list[str]:
    """Example questions for the empty page, in the active language."""
    return [
        _("Which products have the highest stock-out risk?"),
        _("What should I order this week, and how much?"),
        _("Sales on Coupang last week"),
        _("Best sellers in the last 30 days"),
        _("Which lots expire soon?"),
        _("Open purchase orders and their arrival dates"),
    ]


def _role(organization: Organization, user: User | None) -> str | None:
    if user is None:
        return None
    try:
        return membership_of_user_get(user=user, organization_id=organization.pk).role
    except Membership.DoesNotExist:
        return None


def _unknown(ctx: Context) -> CopilotAnswer:
    text = _can_answer()
    decline = ctx.parsed.decline
    if decline == "change":
        text = _("I only read your data and cannot change anything (prices, "
                 "products, stock or orders): make the change on its screen.") + \
            " " + text
    elif decline == "advice":
        text = _("Prices to set, refunds and selling on a new channel are not "
                 "something I can help with: I answer from your stock, sales, "
                 "forecasts and orders.") + " " + text
    elif decline == "outside":
        text = _("That is not in the data I can read (settlements, fees, shipping "
                 "and other costs, advertising, reviews and taxes are not kept "
                 "here).") + " " + text
    return CopilotAnswer("unknown", text, ctx.language)


def _can_answer() -> str:
    return _("I can answer questions about: what and how much to order, stock-out "
             "risk, products that run out before their order arrives, current stock "
             "and days of cover, products out of stock or below a level, slow "
             "movers, sales of a product, category, supplier or channel in a period "
             "(and broken down by them), order counts, average selling price, best "
             "and worst sellers, forecasts of a product or of the whole shop, "
             "forecast accuracy, overstock, expiring lots, open purchase orders, "
             "open alerts, and why a recommendation is what it is. For example: "
             "%(example)s") % {
        "example": suggestions()[0]}


def _clarify(ctx: Context) -> CopilotAnswer:
    choices = [(p.sku, p.name) for p in ctx.slots.candidates[:8]]
    if choices:
        text = _("Which product do you mean? %(list)s") % {
            "list": ", ".join(label(sku, name) for sku, name in choices)}
    else:
        text = _("Which product do you mean? Name it by its SKU or name.")
    if ctx.slots.unknown_sku:
        text = _("No product has the SKU %(sku)s.") % {
            "sku": ctx.slots.unknown_sku} + " " + text
    return CopilotAnswer(
        "clarify", text, ctx.language, products=[sku for sku, _name in choices],
        choices=choices,
        table=Table([_("SKU"), _("product")], [list(c) for c in choices]) if choices
        else None,
        links=links(ctx.link("inventory:product_list")))


def answer_parsed(ctx: Context) -> CopilotAnswer:
    """The answer to an already parsed question."""
    intent = ctx.parsed.intent
    if ctx.slots.missing_channel:
        return CopilotAnswer("clarify", _(
            "The %(channel)s channel is not set up, so I cannot answer for it "
            "(and will not answer for every channel instead). Add it on the "
            "Channels page, or upload its order export, then ask again.") % {
            "channel": ctx.slots.missing_channel}, ctx.language)
    if intent == "clarify" or (intent in NEEDS_PRODUCT and not ctx.slots.products):
        return _clarify(ctx)
    family = FAMILIES.get(intent)
    if family is None or _PEOPLE.search(ctx.parsed.normalized):
        return _unknown(ctx)
    if intent == "forecast" and not ctx.slots.products:
        family = outlook.forecast_total  # every product; splits itself
    elif intent == "sales" and ctx.slots.metric == "avg_price":
        family = prices.average_price  # splits by channel/category/supplier itself
    elif breakdowns.applies(ctx):
        family = BREAKDOWN_FAMILIES[intent]
    answer = family(ctx)
    ignored = _filters_not_applied(ctx, intent)
    if ignored:
        answer.answer += " " + _("(Not filtered by %(filters)s: this answer does not "
                                 "apply that filter.)") % {"filters": ", ".join(ignored)}
    split = breakdowns.not_applied(ctx)
    if split:
        answer.answer += " " + _("(Not broken down by %(group)s: this answer gives "
                                 "no such split.)") % {"group": split}
    return answer


def _filters_not_applied(ctx: Context, intent: str) -> list[str]:
    """The named category/supplier/channel the family does not filter by.

    With a product named, its category and supplier add nothing (the product
    is narrower), so only a channel can then be left out.
    """
    applied = FILTERS_APPLIED.get(intent, frozenset())
    slots, ignored = ctx.slots, []
    if slots.category and "category" not in applied and not slots.products:
        ignored.append(_("category %(name)s") % {"name": slots.category.name})
    if slots.supplier and "supplier" not in applied and not slots.products:
        ignored.append(_("supplier %(name)s") % {"name": slots.supplier.name})
    if slots.channel and "channel" not in applied:
        ignored.append(_("channel %(name)s") % {"name": slots.channel.name})
    return ignored


def copilot_answer(
    *, organization: Organization, user: User | None, question: str,
    language: str | None = None, role: str | None = None,
) -> CopilotAnswer:
    """Answer one question from the organization's own data (read-only).

    `role` is the caller's role when it is not a member's (an API key's).
    """
    question = (question or "").strip()[:MAX_QUESTION]
    today = policy_selectors.today()
    catalogue = selectors.catalogue_get(organization=organization)
    parsed: ParsedQuestion = parse(question, catalogue=catalogue, today=today)
    source = "rules"
    model = llm.client_from_settings()
    if model is not None:
        mapped = llm.parse_with_model(model, question, parsed=parsed,
                                      catalogue=catalogue, today=today)
        if mapped is not None:
            parsed, source = mapped, "llm"
    language = language if language in ("ko", "en") else parsed.language
    ctx = Context(organization, user, role or _role(organization, user), today,
                  language, parsed)
    with translation.override(language):
        answer = answer_parsed(ctx) if question else _unknown(ctx)
        answer.parsed, answer.source = parsed, source
        if model is not None and answer.intent not in ("unknown", "clarify"):
            answer.answer = llm.phrase_with_model(model, question, answer)
    return answer


def copilot_question_record(
    *, organization: Organization, user: User, question: str, answer: CopilotAnswer
) -> CopilotQuestion:
    """Keep the question in the user's recent list (the last 50 are kept)."""
    with transaction.atomic():
        row = CopilotQuestion.objects.create(
            organization=organization, user=user, question=question[:MAX_QUESTION],
            intent=answer.intent, language=answer.language)
        stale = CopilotQuestion.objects.filter(
            organization=organization, user=user).order_by(
            "-asked_at", "-pk").values_list("pk", flat=True)[RECENT_KEPT:]
        CopilotQuestion.objects.filter(pk__in=list(stale)).delete()
    return row
