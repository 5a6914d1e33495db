from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from policy.signals import recommendations_refreshed

        for signal in (post_save, post_delete):
            signal.connect(_bump_version, sender="alerts.Alert",
                           dispatch_uid=f"alerts.version.{signal is post_save}")

        recommendations_refreshed.connect(
            _generate_after_refresh, dispatch_uid="alerts.generate_after_refresh")


def _generate_after_refresh(sender, *, organization_id: int, **kwargs) -> None:
    """The plans changed: regenerate the organization's alerts (a task)."""
    from alerts.tasks import alerts_generate_task

    alerts_generate_task.delay(organization_id)


def _bump_version(sender, instance, **kwargs) -> None:
    """Any alert written or deleted: cached counts keyed on the version go stale."""
    from smartstock import versions

    from .selectors import ALERTS_VERSION

    versions.bump(ALERTS_VERSION, instance.organization_id)
