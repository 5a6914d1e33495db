from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = _("Inventory")

    def ready(self) -> None:
        from inventory.signals import CATALOG
        from smartstock import versions

        versions.track(CATALOG, "inventory.Supplier", "inventory.Category",
                       "inventory.Channel")
