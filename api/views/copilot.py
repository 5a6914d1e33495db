"""POST /api/v1/copilot/: the copilot's answer, the same object as `manage.py ask --json`."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from accounts.roles import Perm
from copilot.services import copilot_answer

from ..serializers.common import ErrorSerializer
from .base import ApiView


class CopilotQuestionSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=500, trim_whitespace=True)
    language = serializers.ChoiceField(choices=["ko", "en"], required=False,
                                       allow_null=True, default=None)


class CopilotPeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class CopilotAnswerSerializer(serializers.Serializer):
    intent = serializers.CharField()
    answer = serializers.CharField()
    language = serializers.ChoiceField(choices=["ko", "en"])
    products = serializers.ListField(child=serializers.CharField())
    values = serializers.ListField(child=serializers.FloatField())
    period = CopilotPeriodSerializer(allow_null=True)
    links = serializers.ListField(child=serializers.CharField())


class CopilotView(ApiView):
    """Ask a question in Korean or English; the answer comes from the organization's
    own data (read-only, so every role may ask, a viewer key included)."""

    access = {"read": Perm.VIEW, "write": Perm.VIEW}
    # A POST that writes no business data: the access matrix lets a viewer use it.
    read_only_post = True
    serializer_class = CopilotQuestionSerializer

    @extend_schema(
        request=CopilotQuestionSerializer,
        responses={200: CopilotAnswerSerializer, 400: ErrorSerializer},
        examples=[
            OpenApiExample("a question", request_only=True, value={
                "question": "What will PASTA-B1-01 sell in the next 30 days?",
                "language": "en"}),
            OpenApiExample("an answer", response_only=True, status_codes=["200"], value={
                "intent": "forecast",
                "answer": "PASTA-B1-01 is forecast to sell 74 units in the next 30 "
                          "days (P10–P90: 52–97).",
                "language": "en", "products": ["PASTA-B1-01"],
                "values": [74, 52, 97],
                "period": {"start": "2026-12-05", "end": "2027-01-03"},
                "links": ["/forecasts/12/"]}),
            OpenApiExample("no question", response_only=True, status_codes=["400"],
                           value={"error": {"code": "invalid",
                                            "message": "This field is required.",
                                            "fields": {"question": [
                                                "This field is required."]}}}),
        ],
    )
    def post(self, request):
        serializer = CopilotQuestionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answer = copilot_answer(
            organization=self.organization, user=self.actor,
            question=serializer.validated_data["question"],
            language=serializer.validated_data["language"],
            role=getattr(request._request, "api_role", None),
        )
        return Response(answer.as_json())
