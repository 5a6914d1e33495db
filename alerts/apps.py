from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        from policy.signals import recommendations_refreshed

        recommendations_refreshed.connect(
            _generate_after_refresh, dispatch_uid="alerts.generate_after_refresh")


def _generate_after_refresh(sender, *, organization_id: int, **kwargs) -> None:
    """The plans changed: regenerate the organization's alerts (a task)."""
    from alerts.tasks import alerts_generate_task

    alerts_generate_task.delay(organization_id)
