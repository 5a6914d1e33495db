from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        from policy.signals import recommendations_refreshed
        from smartstock import versions

        from .selectors import ALERTS_VERSION

        # Every alert write: cached counts and tables keyed on it go stale.
        versions.track(ALERTS_VERSION, "alerts.Alert")

        recommendations_refreshed.connect(
            _generate_after_refresh, dispatch_uid="alerts.generate_after_refresh")


def _generate_after_refresh(sender, *, organization_id: int, **kwargs) -> None:
    """The plans changed: regenerate the organization's alerts (a task)."""
    from alerts.tasks import alerts_generate_task

    alerts_generate_task.delay(organization_id)

