"""`{{ account.last_error|channel_error }}`: a stored channel error in the page's language."""

from django import template

from ..messages import channel_error_text

register = template.Library()


@register.filter
def channel_error(message: str) -> str:
    return channel_error_text(message)
