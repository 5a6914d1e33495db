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
