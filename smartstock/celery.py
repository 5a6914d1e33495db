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
    # Weekdays 08:00 (CELERY_TIMEZONE, Asia/Seoul): email the order sheet to the
    # purchasing contacts of organizations that turned it on; one email per
    # organization and day (outbox key), however often the task is delivered.
    "order-sheet-email-weekdays": {
        "task": "policy.tasks.order_sheet_email_scheduled_task",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon-fri"),
    },
    # Daily 08:05: the open-alerts digest, one email per organization and day.
    "alerts-digest-daily": {
        "task": "alerts.tasks.alerts_digest_task",
        "schedule": crontab(hour=8, minute=5),
    },
    # Every minute: sync the channel accounts whose last sync is older than
    # CHANNEL_SYNC_INTERVAL_MINUTES (default 10); one run per account at a time.
    "channel-sync-due": {
        "task": "channel_sync.tasks.channel_sync_due_task",
        "schedule": 60.0,
    },
    # Every minute: push changed available quantities (accounts with push on).
    "channel-stock-push": {
        "task": "channel_sync.tasks.channel_stock_push_task",
        "schedule": 60.0,
    },
    # Every 5 minutes: uploads stuck "parsing"/"applying" (a killed worker)
    # become failed with a message; failed uploads' bytes past the retention
    # (SMARTSTOCK_UPLOAD_FAILED_RETENTION_DAYS) are deleted.
    "uploads-upkeep": {
        "task": "inventory.tasks.uploads_upkeep_task",
        "schedule": crontab(minute="*/5"),
    },
    # Daily 03:10: forget API Idempotency-Key results older than 24 hours (a
    # key older than that already counts as new; this only keeps the table small).
    "api-idempotency-purge-daily": {
        "task": "api.tasks.idempotency_purge_task",
        "schedule": crontab(hour=3, minute=10),
    },
}
