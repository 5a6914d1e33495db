"""The business day, in one place so tests can pin it."""

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    """The organization's business day (Asia/Seoul by default)."""
    return timezone.localdate()
