"""The copilot page and the JSON answer behind the panel on every page (read-only)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from accounts.access import member_required
from accounts.roles import Perm

from . import selectors, services


def _ask(request: HttpRequest):
    """The question of ?q= and its answer; nothing is written here."""
    question = (request.GET.get("q") or "").strip()[: services.MAX_QUESTION]
    if not question:
        return "", None
    # The answer speaks the question's language, whatever the interface's.
    answer = services.copilot_answer(organization=request.organization,
                                     user=request.user, question=question)
    return question, answer


@member_required(read=Perm.VIEW)
def copilot_page(request: HttpRequest) -> HttpResponse:
    """Show the answer to ?q=, its table, chart, sources, history.

    A page view writes nothing (links, reloads and prefetches may GET it): the
    question joins the recent list through the answer call, which the page's
    form and the panel make when a question is asked (static/js/copilot.js).
    """
    question, answer = _ask(request)
    return render(request, "copilot/page.html", {
        "question": question, "answer": answer,
        "answer_json": json.dumps(answer.as_json(), ensure_ascii=False, indent=1)
        if answer else "",
        "recent": selectors.recent_questions(organization=request.organization,
                                             user=request.user),
        "suggestions": services.suggestions(),
    })


@member_required(read=Perm.VIEW)
def copilot_answer_json(request: HttpRequest) -> JsonResponse:
    """The answer object plus its rendered HTML, for the panel (GET ?q=).

    This is the one place a question is *asked* (typed into the panel or the
    page's form), so it is where it joins the user's recent questions.
    """
    question, answer = _ask(request)
    if answer is None:
        return JsonResponse({"html": ""})
    services.copilot_question_record(organization=request.organization,
                                     user=request.user, question=question,
                                     answer=answer)
    html = render_to_string("copilot/_answer.html", {"answer": answer,
                                                     "compact": True}, request)
    return JsonResponse({**answer.as_json(), "html": html})
