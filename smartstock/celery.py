"""The Celery app and the whole beat schedule, in one place."""
import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartstock.settings.local")

app = Celery("smartstock")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Nightly: every product's cached on-hand must equal its ledger sum; a
    # mismatch is logged as an error (the ledger is the source of truth).
    "stock-verify-nightly": {
        "task": "inventory.tasks.stock_verify_task",
        "schedule": crontab(hour=2, minute=30),
    },
    # Nightly at 01:30 (CELERY_TIMEZONE, Asia/Seoul): forecast every
    # organization as of yesterday; one run per organization and day.
    "forecast-all-organizations-nightly": {
        "task": "forecasting.tasks.forecast_all_organizations_task",
        "schedule": crontab(hour=1, minute=30),
    },
}
