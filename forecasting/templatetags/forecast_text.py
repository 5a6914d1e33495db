"""{% load forecast_text %}  {{ forecast.method|method_text }}: see forecasting.method_text."""

from __future__ import annotations

from django import template

from forecasting.method_text import method_text as _method_text
from forecasting.method_text import model_label as _model_label

register = template.Library()


@register.filter
def method_text(value) -> str:
    return _method_text(str(value or ""))


@register.filter
def model_label(value) -> str:
    return _model_label(str(value or ""))
