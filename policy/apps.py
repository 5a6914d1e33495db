from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "policy"
    verbose_name = _("Policy")

    def ready(self) -> None:
        from forecasting.signals import forecasts_changed
        from inventory.signals import stock_changed
        from policy.selectors.orders import PURCHASING_VERSION
        from smartstock import versions

        # Every order or line written: the order screen's cached groups go stale.
        versions.track(PURCHASING_VERSION, "policy.PurchaseOrder",
                       "policy.PurchaseOrderLine")

        stock_changed.connect(_refresh_on_stock_change,
                              dispatch_uid="policy.refresh_on_stock_change")
        forecasts_changed.connect(_refresh_on_stock_change,
                                  dispatch_uid="policy.refresh_on_forecasts")


def _refresh_on_stock_change(sender, *, organization_id: int, **kwargs) -> None:
    """Ledger rows or forecasts changed: refresh the plans after commit."""
    from policy.services.recommendations import recommendations_refresh_on_commit

    recommendations_refresh_on_commit(organization_id=organization_id)

