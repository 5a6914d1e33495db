from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from alerts.signals import bump_alerts_version
        from policy.signals import recommendations_refreshed

        post_save.connect(bump_alerts_version, sender="alerts.Alert",
                          dispatch_uid="alerts.bump_version")

        recommendations_refreshed.connect(
            _generate_after_refresh, dispatch_uid="alerts.generate_after_refresh")


def _generate_after_refresh(sender, *, organization_id: int, **kwargs) -> None:
    """The plans changed: regenerate the organization's alerts (a task)."""
    from alerts.tasks import alerts_generate_task

    alerts_generate_task.delay(organization_id)
