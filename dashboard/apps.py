from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The screens that combine the domain apps: home page, reports, stock status."""

    name = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        from inventory.views.product_detail import product_page_section_register

        from .views.product_page import replenishment_section

        product_page_section_register(replenishment_section)
