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
    question = (request.GET.get("q") or "").strip()[: services.MAX_QUESTION]
    if not question:
        return "", None
    # The answer speaks the question's language, whatever the interface's.
    answer = services.copilot_answer(organization=request.organization,
                                     user=request.user, question=question)
    services.copilot_question_record(organization=request.organization,
                                     user=request.user, question=question,
                                     answer=answer)
    return question, answer


@member_required(read=Perm.VIEW)
def copilot_page(request: HttpRequest) -> HttpResponse:
    """Ask a question (GET ?q=); the answer, its table, chart, sources, history."""
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
    """The answer object plus its rendered HTML, for the panel (GET ?q=)."""
    question, answer = _ask(request)
    if answer is None:
        return JsonResponse({"html": ""})
    html = render_to_string("copilot/_answer.html", {"answer": answer,
                                                     "compact": True}, request)
    return JsonResponse({**answer.as_json(), "html": html})
