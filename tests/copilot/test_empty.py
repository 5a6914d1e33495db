"""A new organization with no history, forecasts or recommendations: every family
answers plainly instead of failing or inventing."""

import pytest

from copilot.services import copilot_answer
from tests.copilot.questions import QUESTIONS
from tests.factories import MembershipFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_every_family_answers_an_empty_organization(organization):
    user = MembershipFactory(organization=organization).user
    for sku, name in [("PASTA-001", "스파게티 Spaghetti 500g"),
                      ("PASTA-002", "펜네 Penne 500g"),
                      ("PASTA-003", "푸실리 Fusilli 1kg"),
                      ("SAUCE-001", "토마토 소스 Tomato Sauce 400g"),
                      ("SAUCE-002", "바질 페스토 Basil Pesto 190g")]:
        ProductFactory(organization=organization, sku=sku, name=name)
    for question, _intent, _slots in QUESTIONS:
        answer = copilot_answer(organization=organization, user=user,
                                question=question)
        assert answer.answer, question
        # Nothing sold, nothing forecast: no figure but zeros and stock counts.
        assert all(value == 0 for value in answer.values
                   if answer.intent in ("sales", "top_sellers")), question


def test_a_channel_the_organization_does_not_have_is_said_not_dropped(organization):
    """"쿠팡 매출" with no Coupang channel: say so, never "전체 상품 판매 ₩0"."""
    from django.utils import translation

    from tests.factories import ChannelFactory

    user = MembershipFactory(organization=organization).user
    ProductFactory(organization=organization, sku="PASTA-001", name="스파게티")
    with translation.override("ko"):
        answer = copilot_answer(organization=organization, user=user,
                                question="쿠팡 매출")
    assert "쿠팡 채널이 등록되어 있지 않습니다" in answer.answer
    assert "전체 상품" not in answer.answer and "₩0" not in answer.answer
    ChannelFactory(organization=organization, name="쿠팡", kind="coupang")
    with translation.override("ko"):
        answer = copilot_answer(organization=organization, user=user,
                                question="쿠팡 매출")
    assert answer.intent == "sales" and "등록되어 있지 않습니다" not in answer.answer
