"""The contract: the generated schema is valid, every operation has examples, and
every GET answers on demo data with a body that validates against the schema.

The demo is a slice of the real demo (5 products, 120 days of the Italian pasta
sales), forecast, planned and alerted as `make run` does, plus an upload, an
override and purchase orders, so every GET has something to show.
"""

from __future__ import annotations

import datetime as dt
import re

import jsonschema
import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.roles import Role
from alerts.models import Alert
from alerts.services import alerts_generate
from api.services import api_key_create
from forecasting.models import ForecastOverride, ForecastRun, PromotionEvent
from forecasting.services import runs
from forecasting.services.events import promotion_event_create
from forecasting.services.overrides import forecast_override_set
from inventory.models import Product, StockMovement, UploadBatch
from inventory.services.demo import demo_load
from policy.models import PurchaseOrder, Recommendation
from policy.services.dashboard import dashboard_refresh
from policy.services.purchasing import po_create_from_recommendations
from policy.services.recommendations import recommendations_refresh
from tests.inventory.upload_files import template_file, template_row


def _schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def test_spectacular_validate_fail_on_warn_passes(tmp_path):
    """CI's check: `manage.py spectacular --validate --fail-on-warn`."""
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = yaml.safe_load(out.read_text())
    assert schema["openapi"].startswith("3.1")
    assert len(schema["paths"]) >= 40


def test_every_operation_has_request_and_response_examples():
    schema = _schema()
    missing = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            for code, response in operation.get("responses", {}).items():
                for media in (response.get("content") or {}).values():
                    if not media.get("examples"):
                        missing.append(f"{method} {path} {code} response")
            body = operation.get("requestBody")
            for media in ((body or {}).get("content") or {}).values():
                if not media.get("examples"):
                    missing.append(f"{method} {path} request")
    assert not missing, "\n".join(missing)


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    today = dt.date(2026, 11, 27)
    result = demo_load(today=today, products=5, days=120)
    organization = result.organization
    as_of = today - dt.timedelta(days=1)
    runs.forecast_run_execute(organization=organization, as_of=as_of)
    recommendations_refresh(organization=organization, as_of=as_of)
    alerts_generate(organization=organization, as_of=as_of)
    dashboard_refresh(organization=organization)
    single = Product.objects.filter(organization=organization,
                                    kind=Product.Kind.SINGLE).first()
    forecast_override_set(organization=organization, product=single,
                          user=result.users[Role.MANAGER], kind="level",
                          reason_code="other", reason_text="contract test",
                          daily_level=3)
    promotion_event_create(organization=organization, user=None, name="설 연휴 휴무",
                           kind="pause", start_date=today + dt.timedelta(days=3),
                           end_date=today + dt.timedelta(days=5))
    ordered = Recommendation.objects.filter(organization=organization,
                                            recommended_quantity__gt=0)
    if ordered.exists():
        po_create_from_recommendations(organization=organization, user=None,
                                       recommendation_ids=[ordered.first().pk])
    if not PurchaseOrder.objects.filter(organization=organization).exists():
        from tests.test_access_matrix import _purchase_order

        _purchase_order(organization)
    return {"organization": organization, "users": result.users, "product": single}


def _ids(organization, product) -> dict[str, int | None]:
    first = {
        "movements": StockMovement.objects.filter(organization=organization).first(),
        "forecast-overrides": ForecastOverride.objects.filter(
            organization=organization).first(),
        "forecast-runs": ForecastRun.objects.filter(organization=organization).first(),
        "purchase-orders": PurchaseOrder.objects.filter(
            organization=organization).first(),
        "alerts": Alert.objects.filter(organization=organization).first(),
        "uploads": UploadBatch.objects.filter(organization=organization).first(),
        "events": PromotionEvent.objects.filter(organization=organization).first(),
    }
    ids = {name: row.pk if row else None for name, row in first.items()}
    ids.update({name: product.pk for name in ("products", "forecasts",
                                               "recommendations")})
    ids["suppliers"] = product.supplier_id
    ids["categories"] = product.category_id
    from inventory.models import Channel

    ids["channels"] = Channel.objects.filter(organization=organization).first().pk
    return ids


QUERY = {"/api/v1/stock/levels/": "product={product}&date_from=2026-10-01"
                                  "&date_to=2026-11-26"}
MASTER_ONLY = ("/api/v1/api-keys/", "/api/v1/members/")


def _validator(schema: dict, response_schema: dict):
    document = {**response_schema, "components": schema["components"]}
    return jsonschema.Draft202012Validator(document)


def test_every_get_answers_on_demo_data_as_the_schema_says(demo):
    organization, product = demo["organization"], demo["product"]
    manager = APIClient()
    manager.credentials(HTTP_AUTHORIZATION="Bearer " + api_key_create(
        organization=organization, name="contract", role=Role.MANAGER,
        created_by=None).secret)
    upload = manager.post("/api/v1/uploads/", {"file": __import__(
        "django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
        "s.xlsx", template_file(template_row(product.sku, inbound=3)))},
        format="multipart")
    assert upload.status_code == 201
    master = APIClient()
    master.force_login(demo["users"][Role.MASTER])
    schema = _schema()
    ids = _ids(organization, product)
    checked, problems = 0, []
    for path, item in schema["paths"].items():
        if "get" not in item or path.startswith("/api/v1/schema"):
            continue
        resource = path.split("/")[3]
        url = re.sub(r"\{id\}", str(ids.get(resource)), path)
        if "{" in url or "None" in url:
            problems.append(f"{path}: no object to ask for")
            continue
        if path in QUERY:
            url += "?" + QUERY[path].format(product=product.pk)
        client = master if path.startswith(MASTER_ONLY) else manager
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{url}: {response.status_code} {response.content[:200]}")
            continue
        media = item["get"]["responses"]["200"]["content"]["application/json"]
        errors = list(_validator(schema, media["schema"]).iter_errors(response.json()))
        if errors:
            problems.append(f"{url}: {errors[0].message} at {list(errors[0].path)}")
        checked += 1
    assert not problems, "\n".join(problems)
    assert checked >= 30


def test_docs_are_served_from_our_static_files_without_cdn_or_inline_code(client):
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "<script>" not in html  # the start-up code is a file: strict CSP
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and "/api/v1/schema/" in script.content.decode()
    redoc = client.get("/api/v1/redoc/").content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/" in redoc and "<script>" not in redoc
    for page in (html, redoc):
        assert "https://" not in page and "http://" not in page
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200 and b"SmartStock API" in schema.content


def test_every_example_validates_against_its_schema():
    schema = _schema()
    problems = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            medias = [("request", m) for m in ((operation.get("requestBody") or {})
                                              .get("content") or {}).values()]
            medias += [(code, m) for code, r in operation["responses"].items()
                       for m in (r.get("content") or {}).values()]
            for where, media in medias:
                if "schema" not in media:
                    continue
                validator = _validator(schema, media["schema"])
                for name, example in (media.get("examples") or {}).items():
                    errors = list(validator.iter_errors(example["value"]))
                    if errors:
                        problems.append(f"{method} {path} {where} {name}: "
                                        f"{errors[0].message}")
    assert not problems, "\n".join(problems)


def test_recommendation_paths_say_their_id_is_the_products():
    # A list row carries its own "id" and a "product": the detail URLs take the
    # product's id, and a client that passed the row's id got another product's
    # recommendation (or a 404) without the schema telling why.
    schema = _schema()
    for path in ("/api/v1/recommendations/{id}/", "/api/v1/recommendations/{id}/what-if/"):
        (param,) = [p for p in schema["paths"][path]["get"]["parameters"]
                    if p["in"] == "path"]
        assert param["schema"]["type"] == "integer"
        assert "product" in param["description"]
        assert "not the recommendation" in param["description"]
