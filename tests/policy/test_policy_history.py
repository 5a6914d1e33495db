"""Audit history of the replenishment settings and the product overrides: who
changed what and when, shown on the settings page, scoped to the organization."""
from __future__ import annotations

from django.urls import reverse

from accounts.roles import Role
from policy.models import PolicySettings, ProductPolicy
from tests.factories import ProductFactory

SETTINGS_URL = reverse("policy:policy_settings")


def _settings_post(**changes) -> dict:
    defaults = PolicySettings()
    data = {name: getattr(defaults, name) for name in (
        "mode", "service_level", "review_period_days", "default_lead_time_days",
        "reorder_alert_window_days", "expiry_window_days", "overstock_grace_days")}
    data.update(changes)
    return {key: "" if value is None else value for key, value in data.items()}


def test_settings_and_override_changes_show_who_what_and_when(
    organization, other_organization, client_for
):
    manager = client_for(organization, Role.MANAGER)
    manager_email = organization.memberships.get(role=Role.MANAGER).user.email
    assert manager.post(SETTINGS_URL, _settings_post()).status_code == 302
    assert manager.post(SETTINGS_URL, _settings_post(service_level="0.970",
                                                     mode="simple")).status_code == 302
    product = ProductFactory(organization=organization, sku="HIST-1")
    policy_url = reverse("policy:product_policy_set", kwargs={"pk": product.pk})
    manager.post(policy_url, {"mode": "simple", "service_level": "0.900"})
    manager.post(policy_url, {"mode": "", "service_level": ""})  # back to default

    # Another organization's changes stay there.
    outsider = client_for(other_organization, Role.MASTER)
    outsider.post(SETTINGS_URL, _settings_post(service_level="0.800"))

    records = PolicySettings.history.filter(organization=organization)
    assert records.count() >= 2
    assert {r.history_user.email for r in records} == {manager_email}
    assert ProductPolicy.history.filter(organization=organization).count() == 2

    page = client_for(organization, Role.VIEWER).get(SETTINGS_URL)
    history = page.content.decode().split('data-testid="policy-history"', 1)[1]
    assert manager_email in history
    assert "Target service level: 0.950 → <strong>0.970</strong>" in history
    assert "Mode: Service level → <strong>Simple" in history
    assert "Product HIST-1" in history
    assert "removed" in history  # the override was cleared
    assert "0.800" not in history
    # Newest first: the cleared override leads.
    assert history.index("removed") < history.index("0.970")


def test_history_lists_nothing_before_the_first_change(organization, client_for):
    page = client_for(organization, Role.MANAGER).get(SETTINGS_URL)
    assert "No changes recorded yet." in page.content.decode()
