"""The API access matrix, generated from the router (api/urls.py).

Every API URL × method: no key, a bad, revoked or expired key → 401; each key
role → allowed or 403 by accounts/roles.py (the same map as the web pages);
a viewer key → 403 on every write; another organization's ids → 404; the
master-only endpoints refuse every key and every session but a master's.
A new API URL without an `access` declaration or a kwargs builder fails here.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.roles import Role, role_has_perm
from api.permissions import required_perm
from api.services import api_key_create, api_key_revoke
from inventory.models import StockMovement
from inventory.services.stock import movement_record
from tests import test_access_matrix as web_matrix
from tests.factories import (
    CategoryFactory,
    ChannelFactory,
    ProductFactory,
    SetComponentFactory,
    SupplierFactory,
)

KEY_ROLES = (Role.MANAGER, Role.STAFF, Role.VIEWER)
WRITE_METHODS = ("post", "put", "patch", "delete")


def api_patterns():
    """(name, pattern) of every URL in the api namespace."""
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "api":
            for pattern in entry.url_patterns:
                if isinstance(pattern, URLPattern):
                    yield f"api:{pattern.name}", pattern


def _methods(pattern) -> dict[str, str | None]:
    """HTTP method → viewset action (None for a plain APIView)."""
    actions = getattr(pattern.callback, "actions", None)
    if actions:
        return {m: a for m, a in actions.items() if m != "head"}
    view_class = pattern.callback.cls
    return {m: None for m in ("get", "post", "put", "patch", "delete")
            if hasattr(view_class, m)}


def _access(pattern) -> dict | None:
    return getattr(pattern.callback.cls, "access", None)


def _needed(pattern, method: str, action: str | None) -> str | None:
    view = SimpleNamespace(action=action, access=_access(pattern),
                           action_access=getattr(pattern.callback.cls,
                                                  "action_access", {}))
    return required_perm(view, method.upper())


def _kwarg_names(pattern) -> list[str]:
    return list(pattern.pattern.regex.groupindex)


# -- objects of an organization for the URLs with ids ---------------------------------
def _product(org):
    return {"pk": ProductFactory(organization=org).pk}


def _set_line(org):
    line = SetComponentFactory(set_product__organization=org)
    return {"pk": line.set_product.pk, "line_id": line.pk}


def _movement(org):
    (row,) = movement_record(
        organization=org, user=None, product=ProductFactory(organization=org),
        kind=StockMovement.Kind.INBOUND, quantity=5,
        business_date=dt.date(2026, 11, 1))
    return {"pk": row.pk}


def _po_line(org):
    from policy.models import PurchaseOrderLine

    pk = web_matrix._purchase_order(org)["line"]
    line = PurchaseOrderLine.objects.get(pk=pk)
    return {"pk": line.order_id, "line_id": line.pk}


def _api_key(org):
    return {"pk": api_key_create(organization=org, name="other", role=Role.STAFF,
                                 created_by=None).api_key.pk}


def _run(org):
    from forecasting.models import ForecastRun

    sequence = ForecastRun.objects.filter(organization=org).count()
    return {"pk": ForecastRun.objects.create(
        organization=org, as_of=dt.date(2026, 11, 1), sequence=sequence).pk}


URL_KWARGS = {
    "api:product-detail": _product,
    "api:product-on-hand": _product,
    "api:product-components": _product,
    "api:product-component-remove": _set_line,
    "api:listing-detail": web_matrix._listing,
    "api:supplier-detail": lambda org: {"pk": SupplierFactory(organization=org).pk},
    "api:category-detail": lambda org: {"pk": CategoryFactory(organization=org).pk},
    "api:channel-detail": lambda org: {"pk": ChannelFactory(organization=org).pk},
    "api:movement-detail": _movement,
    "api:upload-detail": web_matrix._upload,
    "api:upload-confirm": web_matrix._upload,
    "api:upload-status": web_matrix._upload,
    "api:upload-revert": web_matrix._upload,
    "api:forecast-detail": _product,
    "api:forecast-overrides": _product,
    "api:forecast-override-detail": web_matrix._forecast_override,
    "api:forecast-override-revert": web_matrix._forecast_override,
    "api:forecast-run-detail": _run,
    "api:event-detail": web_matrix._promotion_event,
    "api:recommendation-detail": _product,
    "api:recommendation-what-if": _product,
    "api:purchase-order-detail": web_matrix._po,
    "api:purchase-order-approve": web_matrix._po,
    "api:purchase-order-send": web_matrix._po,
    "api:purchase-order-cancel": web_matrix._po,
    "api:purchase-order-receive": web_matrix._po,
    "api:purchase-order-line-quantity": _po_line,
    "api:alert-detail": web_matrix._alert,
    "api:alert-snooze": web_matrix._alert,
    "api:alert-resolve": web_matrix._alert,
    "api:alert-acknowledge": web_matrix._alert,
    "api:api-key-revoke": _api_key,
}


def _url(name, pattern, org) -> str:
    if not _kwarg_names(pattern):
        return reverse(name)
    return reverse(name, kwargs=URL_KWARGS[name](org))


def _call(client, method, url):
    return getattr(client, method)(url, {}, format="json")


def _cases():
    return [pytest.param(name, pattern, id=name) for name, pattern in api_patterns()
            if not (_access(pattern) or {}).get("public")]


def test_every_api_url_declares_access_and_has_a_kwargs_builder():
    problems = []
    for name, pattern in api_patterns():
        if _access(pattern) is None:
            problems.append(f"{name}: the view declares no `access`")
        elif (_kwarg_names(pattern) and name not in URL_KWARGS
              and not _access(pattern).get("public")):
            problems.append(f"{name}: add a kwargs builder to URL_KWARGS")
    assert not problems, "\n".join(problems)
    assert len(_cases()) >= 40


def _client(secret: str | None) -> APIClient:
    client = APIClient()
    if secret is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def _secret(org, role, **kwargs) -> str:
    return api_key_create(organization=org, name=f"{role}", role=role,
                          created_by=None, **kwargs).secret


@pytest.mark.parametrize("name,pattern", _cases())
def test_api_role_matrix(name, pattern, organization, other_organization):
    url = _url(name, pattern, organization)
    methods = _methods(pattern)

    revoked = api_key_create(organization=organization, name="old",
                             role=Role.MANAGER, created_by=None)
    api_key_revoke(organization=organization, api_key=revoked.api_key)
    expired = api_key_create(organization=organization, name="exp",
                             role=Role.MANAGER, created_by=None,
                             expires_at=timezone.now() + dt.timedelta(seconds=1))
    type(expired.api_key).objects.filter(pk=expired.api_key.pk).update(
        expires_at=timezone.now() - dt.timedelta(days=1))
    refused = [None, "ss_00000000_not-a-key", "garbage", revoked.secret,
               expired.secret]
    for method in methods:
        for secret in refused:
            response = _call(_client(secret), method, url)
            assert response.status_code == 401, (method, secret, response.status_code)
            assert response.json()["error"]["code"] in (
                "not_authenticated", "authentication_failed")
            assert response["WWW-Authenticate"] == "Bearer"

    for role in KEY_ROLES:
        client = _client(_secret(organization, role))
        for method, action in methods.items():
            needed = _needed(pattern, method, action)
            response = _call(client, method, url)
            allowed = needed is not None and role_has_perm(role, needed)
            if allowed:
                assert response.status_code not in (401, 403), (
                    role, method, response.status_code, response.content[:300])
                assert response.status_code < 500
            else:
                assert response.status_code == 403, (role, method, response.status_code)
                assert response.json()["error"]["code"] == "permission_denied"
            if (role == Role.VIEWER and method in WRITE_METHODS
                    and not getattr(pattern.callback.cls, "read_only_post", False)):
                assert response.status_code == 403

    if _kwarg_names(pattern):
        _assert_other_organization_gets_404(name, pattern, organization,
                                            other_organization)


def _assert_other_organization_gets_404(name, pattern, organization,
                                        other_organization):
    """A key of another organization (of a role that may) gets 404 on our ids."""
    url = _url(name, pattern, organization)
    for method, action in _methods(pattern).items():
        needed = _needed(pattern, method, action)
        if needed is None:
            continue
        if role_has_perm(Role.MANAGER, needed):
            client = _client(_secret(other_organization, Role.MANAGER))
        else:  # master-only: a master's session of the other organization
            client = _session(other_organization, Role.MASTER)
        response = _call(client, method, url)
        assert response.status_code == 404, (method, response.status_code)
        assert response.json()["error"]["code"] == "not_found", response.content


def _session(org, role) -> APIClient:
    from tests.factories import MembershipFactory

    client = APIClient(enforce_csrf_checks=False)
    client.force_login(MembershipFactory(organization=org, role=role).user)
    return client


MASTER_ONLY = ["api:api-key-list", "api:member-list"]


@pytest.mark.parametrize("name", MASTER_ONLY)
def test_master_only_endpoints_refuse_keys_and_other_roles(name, organization):
    url = reverse(name)
    for role in KEY_ROLES:
        assert _client(_secret(organization, role)).get(url).status_code == 403
        assert _session(organization, role).get(url).status_code == 403
    assert _session(organization, Role.MASTER).get(url).status_code == 200


def test_a_master_session_creates_a_key_that_works_once_and_stops_when_revoked(
        organization):
    master = _session(organization, Role.MASTER)
    created = master.post("/api/v1/api-keys/", {"name": "ERP", "role": "staff"},
                          format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["key"].startswith("ss_") and body["role"] == "staff"
    listed = master.get("/api/v1/api-keys/").json()["results"]
    assert all("key" not in row for row in listed)  # shown once only
    from api.models import ApiKey

    assert body["key"] not in ApiKey.objects.get(pk=body["id"]).hashed_key
    key_client = _client(body["key"])
    assert key_client.get("/api/v1/products/").status_code == 200
    assert ApiKey.objects.get(pk=body["id"]).last_used_at is not None
    assert master.post(f"/api/v1/api-keys/{body['id']}/revoke/").status_code == 200
    assert key_client.get("/api/v1/products/").status_code == 401


def test_session_writes_need_the_csrf_token(organization):
    from tests.factories import MembershipFactory

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(MembershipFactory(organization=organization,
                                         role=Role.MANAGER).user)
    assert client.get("/api/v1/products/").status_code == 200
    response = client.post("/api/v1/categories/", {"name": "Sauce"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]


def test_staff_key_records_stock_but_cannot_change_the_catalog(organization):
    product = ProductFactory(organization=organization)
    staff = _client(_secret(organization, Role.STAFF))
    recorded = staff.post("/api/v1/movements/", {
        "product": product.pk, "kind": "inbound", "quantity": 3,
        "business_date": "2026-11-02"}, format="json")
    assert recorded.status_code == 201
    assert staff.patch(f"/api/v1/products/{product.pk}/", {"name": "x"},
                       format="json").status_code == 403
    manager = _client(_secret(organization, Role.MANAGER))
    assert manager.patch(f"/api/v1/products/{product.pk}/", {"name": "x"},
                         format="json").status_code == 200


JUNK_BODIES = [
    {"product": "abc", "quantity": "many", "kind": 7, "business_date": "yesterday",
     "name": ["x"], "role": "master", "lines": "none", "recommendation_ids": "1,2",
     "until": "soon", "reason": None, "service_level": "high", "expires_at": "never",
     "component": -1, "channel": {"id": 1}, "code": "", "sku": "A" * 500},
    {"lines": [{"line": "x", "quantity": -5}], "recommendation_ids": [None],
     "totals": [1], "kind": "level", "reason_code": "nope"},
    ["not", "an", "object"],
]


@pytest.mark.parametrize("name,pattern", [
    case for case in _cases()
    if set(_methods(case.values[1])) & set(WRITE_METHODS)])
def test_junk_bodies_are_400_never_500(name, pattern, organization):
    """Wrong types, wrong shapes, unknown choices: a JSON error, never a crash."""
    from tests.factories import MembershipFactory

    url = _url(name, pattern, organization)
    key_client = _client(_secret(organization, Role.MANAGER))
    master = APIClient()
    master.force_login(MembershipFactory(organization=organization,
                                         role=Role.MASTER).user)
    for method, action in _methods(pattern).items():
        if method not in WRITE_METHODS or method == "delete":
            continue
        needed = _needed(pattern, method, action)
        client = key_client if role_has_perm(Role.MANAGER, needed) else master
        for body in JUNK_BODIES:
            response = getattr(client, method)(url, body, format="json")
            assert response.status_code < 500, (method, body, response.content[:300])
            if response.status_code >= 400:
                assert set(response.json()["error"]) == {"code", "message", "fields"}
