"""Helpers shared by the inventory views."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest

PER_PAGE = 50
T = TypeVar("T")


def paginate(request: HttpRequest, items, per_page: int = PER_PAGE) -> Page:
    """The requested page; a page number out of range gives the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def get_or_404(fetch: Callable[..., T], **kwargs) -> T:
    """Call a selector's `*_get`; another organization's row becomes a 404."""
    try:
        return fetch(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


def form_error(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (field errors where they fit)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def post_data(request: HttpRequest):
    """The POST data on a POST (even an empty one), else None for an unbound form."""
    return request.POST if request.method == "POST" else None
