"""The role × URL access matrix, generated from the URL resolver.

Every URL of our apps must declare its permissions (accounts.access.member_required
sets `view.access`) and, when it takes arguments, have an entry in URL_KWARGS
below that builds an object of a given organization. A new URL without either
fails here. For each URL the test checks: anonymous → login redirect; each role
→ allowed or 403 according to accounts.roles; a viewer → 403 on POST; a member
of another organization → 404 on the object URLs.
"""
import datetime as dt

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Invitation
from accounts.roles import Role, role_has_perm
from inventory.models import StockMovement
from inventory.services.stock import movement_record
from tests.factories import (
    CategoryFactory,
    ChannelFactory,
    MembershipFactory,
    ProductFactory,
    SetComponentFactory,
    SupplierFactory,
    UserFactory,
)

OUR_NAMESPACES = {None, "accounts", "inventory", "forecasting", "policy", "alerts",
                  "api_keys", "copilot", "channel_sync"}
NOT_OURS = {"set_language"}  # Django's language switch, open to everyone


def _walk(patterns, namespace=None, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, entry.namespace or namespace,
                             prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace, entry


def our_urls():
    found = []
    for namespace, pattern in _walk(get_resolver().url_patterns):
        if namespace not in OUR_NAMESPACES or pattern.name in NOT_OURS:
            continue
        # allauth's own pages (sign-in, two-factor set-up): any signed-in user.
        if pattern.name.startswith(("account_", "mfa_")) or namespace is None and pattern.name in {
            "admin", "i18n"
        }:
            continue
        name = f"{namespace}:{pattern.name}" if namespace else pattern.name
        found.append((name, pattern))
    return found


def _product(org):
    return {"pk": ProductFactory(organization=org).pk}


def _set_component(org):
    part = SetComponentFactory(set_product__organization=org)
    return {"pk": part.set_product.pk, "line_pk": part.pk}


def _movement(org):
    product = ProductFactory(organization=org)
    (row,) = movement_record(
        organization=org, user=None, product=product, kind=StockMovement.Kind.INBOUND,
        quantity=5, business_date=dt.date(2026, 11, 1),
    )
    return {"pk": row.pk}


def _membership(org):
    return {"pk": MembershipFactory(organization=org, role=Role.STAFF).pk}


def _invitation(org):
    from django.utils import timezone

    invitation = Invitation.objects.create(
        organization=org, email="invitee@example.com", role=Role.STAFF,
        invited_by=UserFactory(), expires_at=timezone.now() + dt.timedelta(days=7),
    )
    return {"pk": invitation.pk}


def _listing(org):
    from inventory.models import ChannelListing

    listing = ChannelListing.objects.create(
        organization=org, channel=ChannelFactory(organization=org), code="C-1",
        product=ProductFactory(organization=org),
    )
    return {"pk": listing.pk}


def _upload(org):
    from inventory.models import UploadBatch

    batch = UploadBatch.objects.create(
        organization=org, uploaded_by=UserFactory(), filename="a.csv", size=1,
        sha256="0" * 64, content=b"x", status=UploadBatch.Status.READY,
        result={"ok": False, "headers": [], "mapping": {}},
    )
    return {"pk": batch.pk}


def _forecast_override(org):
    from forecasting.models import ForecastOverride

    override = ForecastOverride.objects.create(
        organization=org, product=ProductFactory(organization=org), kind="level",
        daily_level=3, reason_code="other", reason_text="test",
    )
    return {"pk": override.pk}


def _promotion_event(org):
    from forecasting.models import PromotionEvent

    event = PromotionEvent.objects.create(
        organization=org, name="11.11", start_date=dt.date(2026, 11, 11),
        end_date=dt.date(2026, 11, 11),
    )
    return {"pk": event.pk}


def _purchase_order(org):
    from policy.models import PurchaseOrder, PurchaseOrderLine

    order = PurchaseOrder.objects.create(
        organization=org, supplier=SupplierFactory(organization=org),
        status=PurchaseOrder.Status.SENT,
    )
    line = PurchaseOrderLine.objects.create(
        organization=org, order=order, product=ProductFactory(organization=org),
        quantity=10,
    )
    return {"pk": order.pk, "line": line.pk}


def _po(org):
    return {"pk": _purchase_order(org)["pk"]}


def _po_line(org):
    return {"pk": _purchase_order(org)["line"]}


def _recommendation(org):
    from django.utils import timezone

    from policy.models import Recommendation

    product = ProductFactory(organization=org)
    rec = Recommendation.objects.create(
        organization=org, product=product, as_of=timezone.localdate(),
        computed_at=timezone.now(), mode="service_level", service_level=0.95,
        safety_stock_method="normal", on_hand=1, on_order=0, inventory_position=1,
        daily_demand=1, forecast_30d=30, lead_time_days=7, lead_time_spread_days=0,
        lead_time_source="manual", safety_stock=3, reorder_point=10, order_up_to=17,
        overstock_units=0, order_now=True, recommended_quantity=16, reason="r")
    return {"pk": rec.pk}


def _alert(org):
    from django.utils import timezone

    from alerts.models import Alert

    alert = Alert.objects.create(
        organization=org, product=ProductFactory(organization=org), kind="reorder",
        severity="high", key="x:reorder", message_template="Order.",
        first_seen=timezone.now(), last_seen=timezone.now(),
    )
    return {"pk": alert.pk}


def _api_key(org):
    from api.services import api_key_create

    issued = api_key_create(organization=org, name="k", role=Role.STAFF,
                            created_by=None)
    return {"pk": issued.api_key.pk}


def _channel_account(org):
    from channel_sync.services.accounts import account_connect

    account = account_connect(
        organization=org, user=UserFactory(), kind="coupang", name="Coupang",
        credentials={"vendor_id": "A1", "access_key": "ak", "secret_key": "sk"},
        base_url="http://127.0.0.1:9")
    return {"pk": account.pk}


def _channel_movement(org):
    from channel_sync.models import ChannelAccount, ChannelOrderLine
    from inventory.services.order_lines import OrderLine, order_lines_record

    account = ChannelAccount.objects.get(pk=_channel_account(org)["pk"])
    product = ProductFactory(organization=org)
    movement_record(organization=org, user=None, product=product,
                    kind=StockMovement.Kind.INBOUND, quantity=5,
                    business_date=dt.date(2026, 11, 1))
    ChannelOrderLine.objects.create(
        organization=org, account=account, key="1:2", status="FINAL_DELIVERY",
        state="shipped", quantity=1, business_date=dt.date(2026, 11, 2),
        product=product, recorded_quantity=1)
    order_lines_record(
        organization=org, user=None, source=StockMovement.Source.CHANNEL_SYNC,
        lines=[OrderLine(channel=account.channel, key="1:2", product=product,
                         quantity=1, business_date=dt.date(2026, 11, 2))])
    return {"pk": StockMovement.objects.filter(
        organization=org, source=StockMovement.Source.CHANNEL_SYNC).latest("pk").pk}


# URL name → builder of the kwargs for an object of the given organization.
URL_KWARGS = {
    "inventory:product_detail": _product,
    "inventory:product_edit": _product,
    "inventory:product_set_active": _product,
    "inventory:product_movement_create": _product,
    "inventory:product_components": _product,
    "inventory:set_component_add": _product,
    "inventory:set_component_remove": _set_component,
    "inventory:movement_reverse": _movement,
    "inventory:supplier_edit": lambda org: {"pk": SupplierFactory(organization=org).pk},
    "inventory:category_edit": lambda org: {"pk": CategoryFactory(organization=org).pk},
    "inventory:channel_edit": lambda org: {"pk": ChannelFactory(organization=org).pk},
    "inventory:listing_delete": _listing,
    "inventory:upload_preview": _upload,
    "inventory:upload_apply": _upload,
    "inventory:upload_status": _upload,
    "inventory:upload_revert": _upload,
    "inventory:upload_map_code": _upload,
    "accounts:member_role": _membership,
    "accounts:member_deactivate": _membership,
    "accounts:member_reactivate": _membership,
    "accounts:invitation_revoke": _invitation,
    "forecasting:forecast_detail": _product,
    "forecasting:forecast_rerun_status": _product,
    "forecasting:forecast_rerun": _product,
    "forecasting:override_create": _product,
    "forecasting:override_revert": _forecast_override,
    "forecasting:event_delete": _promotion_event,
    "policy:po_detail": _po,
    "policy:po_approve": _po,
    "policy:po_send": _po,
    "policy:po_cancel": _po,
    "policy:po_document": _po,
    "policy:po_document_xlsx": _po,
    "policy:po_receive": _po,
    "policy:po_line_edit": _po_line,
    "policy:po_line_due_date": _po_line,
    "policy:product_policy_set": _product,
    "policy:late_options": _recommendation,
    "alerts:alert_acknowledge": _alert,
    "alerts:alert_snooze": _alert,
    "alerts:alert_resolve": _alert,
    "api_keys:api_key_revoke": _api_key,
    "channel_sync:account_test": _channel_account,
    "channel_sync:account_credentials": _channel_account,
    "channel_sync:account_sync": _channel_account,
    "channel_sync:account_pause": _channel_account,
    "channel_sync:account_resume": _channel_account,
    "channel_sync:account_disconnect": _channel_account,
    "channel_sync:run_list": _channel_account,
    "channel_sync:push_settings": _channel_account,
    "channel_sync:cafe24_authorize": _channel_account,
    "channel_sync:movement_line": _channel_movement,
}


def _access(pattern):
    return getattr(pattern.callback, "access", None)


def _url(name, pattern, org):
    if not pattern.pattern.converters:
        return reverse(name)
    builder = URL_KWARGS[name]
    return reverse(name, kwargs=builder(org))


def test_every_url_declares_access_and_has_matrix_entry():
    problems = []
    for name, pattern in our_urls():
        if _access(pattern) is None:
            problems.append(f"{name}: view has no member_required / access declaration")
        if pattern.pattern.converters and name not in URL_KWARGS and not (
            _access(pattern) or {}
        ).get("public"):
            problems.append(f"{name}: add a kwargs builder to URL_KWARGS")
    assert not problems, "\n".join(problems)


def _matrix_cases():
    return [
        pytest.param(name, pattern, id=name)
        for name, pattern in our_urls()
        if not (_access(pattern) or {}).get("public")
    ]


@pytest.mark.parametrize("name,pattern", _matrix_cases())
def test_role_matrix(name, pattern, organization, other_organization, client_for):
    access = _access(pattern)
    url = _url(name, pattern, organization)

    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

    for role in Role:
        response = client_for(organization, role).get(url)
        if role_has_perm(role, access["read"]):
            assert response.status_code in (200, 302, 405), (role, response.status_code)
        else:
            assert response.status_code == 403, (role, response.status_code)

    viewer_post = client_for(organization, Role.VIEWER).post(url, {})
    assert viewer_post.status_code == 403

    if pattern.pattern.converters:
        _assert_outsider_learns_nothing(name, pattern, url, organization,
                                        other_organization, client_for)


def _missing_object_url(name, pattern):
    kwargs = {key: 99_999_999 for key in pattern.pattern.converters}
    return reverse(name, kwargs=kwargs)


def _assert_outsider_learns_nothing(name, pattern, url, organization,
                                    other_organization, client_for):
    """Another organization's master gets 404 on every object URL, GET and POST
    alike (delete and confirm URLs included), exactly like a non-existent id.
    A POST-only view refuses GET with 405 before any lookup, for every id."""
    access = _access(pattern)
    outsider = client_for(other_organization, Role.MASTER)
    outsider_get = outsider.get(url).status_code
    missing_get = outsider.get(_missing_object_url(name, pattern)).status_code
    assert outsider_get in (404, 405), f"GET {url}: {outsider_get}"
    assert outsider_get == missing_get, f"GET {url}: {outsider_get} != {missing_get}"
    if access["write"] is not None:
        assert outsider.post(url, {}).status_code == 404, f"POST {url}"


def test_only_master_reaches_members(organization, client_for):
    url = reverse("accounts:member_list")
    assert client_for(organization, Role.MASTER).get(url).status_code == 200
    for role in (Role.MANAGER, Role.STAFF, Role.VIEWER):
        assert client_for(organization, role).get(url).status_code == 403


def test_menu_hides_what_the_role_cannot_use(organization, client_for):
    members_url = reverse("accounts:member_list")
    master_page = client_for(organization, Role.MASTER).get(reverse("dashboard"))
    viewer_page = client_for(organization, Role.VIEWER).get(reverse("dashboard"))
    assert members_url in master_page.content.decode()
    assert members_url not in viewer_page.content.decode()
    assert reverse("inventory:supplier_list") not in viewer_page.content.decode()


# --- the admin ------------------------------------------------------------------
# Model label → builder of one row of the given organization (its primary key).
ADMIN_OBJECTS = {
    "accounts.Organization": lambda org: org.pk,
    "accounts.User": lambda org: MembershipFactory(organization=org,
                                                   role=Role.STAFF).user_id,
    "accounts.Membership": lambda org: _membership(org)["pk"],
    "accounts.Invitation": lambda org: _invitation(org)["pk"],
    "inventory.Supplier": lambda org: SupplierFactory(organization=org).pk,
    "inventory.Category": lambda org: CategoryFactory(organization=org).pk,
    "inventory.Channel": lambda org: ChannelFactory(organization=org).pk,
    "inventory.ChannelListing": lambda org: _listing(org)["pk"],
    "inventory.Product": lambda org: _product(org)["pk"],
    "inventory.SetComponent": lambda org: _set_component(org)["line_pk"],
    "inventory.StockMovement": lambda org: _movement(org)["pk"],
    "forecasting.ForecastOverride": lambda org: _forecast_override(org)["pk"],
    "forecasting.PromotionEvent": lambda org: _promotion_event(org)["pk"],
    "policy.PurchaseOrder": lambda org: _po(org)["pk"],
    "policy.PurchaseOrderLine": lambda org: _po_line(org)["pk"],
    "alerts.Alert": lambda org: _alert(org)["pk"],
}


def _scoped_admins():
    from django.contrib import admin

    from smartstock.admin import OrganizationScopedAdmin

    return [(model, model_admin) for model, model_admin in admin.site._registry.items()
            if isinstance(model_admin, OrganizationScopedAdmin)]


def _admin_urls(model, pk):
    info = (model._meta.app_label, model._meta.model_name)
    return {view: reverse(f"admin:{info[0]}_{info[1]}_{view}", args=[pk])
            for view in ("change", "delete", "history")}


def test_admin_answers_404_for_another_organizations_rows(
    organization, other_organization, client_for
):
    """The admin's change, delete and history pages of another organization's row
    answer 404 (not a redirect to the index), exactly like a missing id."""
    insider = client_for(organization, Role.MASTER)
    outsider = client_for(other_organization, Role.MASTER)
    problems = []
    for model, _model_admin in _scoped_admins():
        label = model._meta.label
        missing = _admin_urls(model, 99_999_999)
        missing_status = {view: outsider.get(url).status_code
                          for view, url in missing.items()}
        for view in ("change", "history"):
            if missing_status[view] != 404:
                problems.append(f"{label} {view} of a missing id: {missing_status[view]}")
        builder = ADMIN_OBJECTS.get(label)
        if builder is None:
            continue
        urls = _admin_urls(model, builder(organization))
        if insider.get(urls["change"]).status_code != 200:
            problems.append(f"{label}: its own master cannot open it")
        for view, url in urls.items():
            status = outsider.get(url).status_code
            if status != missing_status[view] or status not in (403, 404):
                problems.append(f"{label} {view}: outsider got {status}")
            if view != "delete" and status != 404:
                problems.append(f"{label} {view}: outsider got {status}, not 404")
    assert not problems, "\n".join(problems)


def test_admin_rows_of_other_organizations_are_covered():
    """Most scoped admin models have a row builder above (new ones should too)."""
    labels = {model._meta.label for model, _ in _scoped_admins()}
    assert set(ADMIN_OBJECTS) <= labels
    assert len(set(ADMIN_OBJECTS) & labels) >= 15


def test_admin_is_closed_to_staff_viewers_and_strangers(organization, client_for):
    assert Client().get("/admin/").status_code == 302
    for role in (Role.STAFF, Role.VIEWER):
        response = client_for(organization, role).get("/admin/")
        assert response.status_code == 302 and "login" in response["Location"]
    for role in (Role.MASTER, Role.MANAGER):
        assert client_for(organization, role).get("/admin/").status_code == 200
