"""Cached page parts follow their data: the navigation (alert badge, role's
menu), the filter drop-downs and the risk counts are cached under versions, and
a change shows on the next page without waiting for the cache to expire."""

from __future__ import annotations

from django.urls import reverse

from accounts.roles import Role
from alerts.models import Alert
from alerts.services import alert_clear, alert_raise
from inventory.services.catalog import supplier_create, supplier_update


def _raise(organization, key="acct-1"):
    return alert_raise(organization=organization, kind=Alert.Kind.CHANNEL, key=key,
                       severity="high", message="Channel %(name)s disconnected",
                       params={"name": "Coupang"})


def _badge(client) -> str:
    html = client.get(reverse("inventory:product_list")).content.decode()
    start = html.find('data-testid="nav-alerts"')
    return html[start:html.find("</a>", start)] if start >= 0 else ""


def test_alert_badge_follows_alert_writes(organization, client_for):
    client = client_for(organization, Role.MANAGER)
    assert "badge" not in _badge(client)  # no open alert yet: cached so
    _raise(organization)
    assert ">1</span>" in _badge(client)
    _raise(organization, key="acct-2")
    assert ">2</span>" in _badge(client)
    alert_clear(organization=organization, key="acct-1")
    alert_clear(organization=organization, key="acct-2")
    assert "badge" not in _badge(client)


def test_alert_badge_is_per_organization(organization, other_organization,
                                         client_for):
    mine, theirs = client_for(organization), client_for(other_organization)
    _raise(organization)
    assert ">1</span>" in _badge(mine)
    assert "badge" not in _badge(theirs)


def test_navigation_menu_is_per_role(organization, client_for):
    admin_link = reverse("admin:index")
    manager = client_for(organization, Role.MANAGER)
    viewer = client_for(organization, Role.VIEWER)
    url = reverse("inventory:product_list")
    assert admin_link in manager.get(url).content.decode()
    assert admin_link not in viewer.get(url).content.decode()
    assert admin_link in manager.get(url).content.decode()


def test_navigation_menu_follows_the_language(organization, client_for):
    client = client_for(organization)
    url = reverse("inventory:product_list")
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.cookies["django_language"] = "ko"
    korean = client.get(url).content.decode()
    assert ">Stock status<" in english
    assert ">Stock status<" not in korean


def test_filter_drop_downs_follow_supplier_edits(organization, client_for):
    client = client_for(organization, Role.MANAGER)
    pages = [reverse("policy:recommendation_list"), reverse("inventory:stock_status")]
    supplier = supplier_create(organization=organization, name="Old name Ltd")
    for url in pages:
        assert "Old name Ltd" in client.get(url).content.decode()
    supplier_update(organization=organization, supplier=supplier,
                    name="New name Ltd")
    supplier_create(organization=organization, name="Another Ltd")
    for url in pages:
        html = client.get(url).content.decode()
        assert "New name Ltd" in html and "Another Ltd" in html
        assert "Old name Ltd" not in html


def test_drop_downs_sorted_by_name_case_insensitively(organization, client_for):
    for name in ("beta", "Alpha", "가나"):
        supplier_create(organization=organization, name=name)
    html = client_for(organization).get(reverse("policy:recommendation_list")) \
        .content.decode()
    assert html.index(">Alpha<") < html.index(">beta<") < html.index(">가나<")
