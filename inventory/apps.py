from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = _("Inventory")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from inventory.signals import bump_catalog_version

        for model in ("inventory.Supplier", "inventory.Category",
                      "inventory.Channel"):
            for signal in (post_save, post_delete):
                signal.connect(bump_catalog_version, sender=model,
                               dispatch_uid=f"inventory.catalog_version.{model}."
                                            f"{signal is post_save}")
