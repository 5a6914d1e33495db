"""Overrides: who/when/why recorded, the effective forecast follows, revert works."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from forecasting.models import ForecastOverride
from forecasting.selectors import effective_forecast, forecast_list
from forecasting.services import runs
from forecasting.services.overrides import (
    forecast_override_revert,
    forecast_override_set,
)
from policy.models import Recommendation

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


@pytest.fixture
def forecast_product(seller):
    runs.forecast_run_execute(organization=seller.organization, as_of=AS_OF)
    return seller.singles[1]


def _set(seller, product, user, **kwargs):
    values = {
        "kind": "level",
        "reason_code": "promotion",
        "reason_text": "Coupang deal",
    }
    values.update(kwargs)
    return forecast_override_set(
        organization=seller.organization, product=product, user=user, **values
    )


def test_level_override_changes_the_effective_forecast_and_records_who_and_why(
    seller, forecast_product, member_of
):
    manager = member_of(seller.organization, Role.MANAGER)
    before = effective_forecast(
        organization=seller.organization, product=forecast_product
    )
    assert not before.is_overridden
    override = _set(seller, forecast_product, manager, daily_level=Decimal("20"))
    after = effective_forecast(
        organization=seller.organization, product=forecast_product
    )
    assert after.is_overridden and after.override == override
    assert after.point == [20.0] * 90
    assert after.totals == {
        30: Decimal("600.00"),
        60: Decimal("1200.00"),
        90: Decimal("1800.00"),
    }
    assert after.model_totals[30] == before.totals[30]
    # The band moved with the level and stays ordered.
    assert all(
        lo <= hi
        for lo, hi in zip(after.quantiles["p10"], after.quantiles["p90"], strict=True)
    )
    assert after.total_quantiles[30]["p90"] > before.total_quantiles[30]["p90"]
    (record,) = override.history.all()
    assert record.history_user == manager and record.history_type == "+"
    assert record.reason_code == "promotion" and record.reason_text == "Coupang deal"


def test_multiplier_scales_only_its_date_range(seller, forecast_product):
    start = AS_OF + dt.timedelta(days=10)
    end = AS_OF + dt.timedelta(days=12)
    base = effective_forecast(
        organization=seller.organization, product=forecast_product
    )
    _set(
        seller,
        forecast_product,
        None,
        kind="multiplier",
        multiplier=Decimal("2.5"),
        start_date=start,
        end_date=end,
    )
    after = effective_forecast(
        organization=seller.organization, product=forecast_product
    )
    for day, old, new in zip(base.dates, base.point, after.point, strict=True):
        expected = old * 2.5 if start <= day <= end else old
        assert new == pytest.approx(expected, abs=0.01)


def test_totals_override_matches_each_period(seller, forecast_product):
    _set(
        seller,
        forecast_product,
        None,
        kind="totals",
        totals=(Decimal("300"), Decimal("500"), Decimal("900")),
    )
    after = effective_forecast(
        organization=seller.organization, product=forecast_product
    )
    assert after.totals[30] == pytest.approx(Decimal("300"), abs=Decimal("0.1"))
    assert after.totals[60] == pytest.approx(Decimal("500"), abs=Decimal("0.1"))
    assert after.totals[90] == pytest.approx(Decimal("900"), abs=Decimal("0.1"))


def test_revert_restores_the_model_forecast_and_keeps_the_history(
    seller, forecast_product, member_of
):
    manager = member_of(seller.organization, Role.MANAGER)
    master = member_of(seller.organization, Role.MASTER)
    model = effective_forecast(
        organization=seller.organization, product=forecast_product
    )
    override = _set(seller, forecast_product, manager, daily_level=Decimal("99"))
    forecast_override_revert(
        organization=seller.organization, override=override, user=master
    )
    after = effective_forecast(
        organization=seller.organization, product=forecast_product
    )
    assert not after.is_overridden and after.totals == model.totals
    override.refresh_from_db()
    assert not override.is_active  # the row stays
    newest, oldest = override.history.order_by("-history_id")
    assert (newest.history_user, newest.is_active) == (master, False)
    assert (oldest.history_user, oldest.is_active) == (manager, True)


def test_an_expired_override_no_longer_applies(seller, forecast_product):
    _set(
        seller,
        forecast_product,
        None,
        daily_level=Decimal("50"),
        expires_on=dt.date(2026, 12, 1),
        today=AS_OF,
    )
    inside = effective_forecast(
        organization=seller.organization,
        product=forecast_product,
        today=dt.date(2026, 12, 1),
    )
    outside = effective_forecast(
        organization=seller.organization,
        product=forecast_product,
        today=dt.date(2026, 12, 2),
    )
    assert inside.is_overridden and not outside.is_overridden


def test_a_new_level_override_replaces_the_previous_one(seller, forecast_product):
    first = _set(seller, forecast_product, None, daily_level=Decimal("5"))
    _set(seller, forecast_product, None, daily_level=Decimal("7"))
    first.refresh_from_db()
    assert not first.is_active
    after = effective_forecast(
        organization=seller.organization, product=forecast_product
    )
    assert after.point[0] == 7.0 and len(after.overrides) == 1


def test_override_without_reason_text_is_refused(seller, forecast_product):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _set(seller, forecast_product, None, daily_level=Decimal("5"), reason_text=" ")
    assert not ForecastOverride.objects.exists()


def test_list_shows_effective_totals_with_a_badge(seller, forecast_product):
    _set(seller, forecast_product, None, daily_level=Decimal("10"))
    rows = {
        row.product.pk: row for row in forecast_list(organization=seller.organization)
    }
    row = rows[forecast_product.pk]
    assert row.is_overridden and row.totals[30] == Decimal("300.00")
    assert not rows[seller.singles[0].pk].is_overridden


@pytest.mark.parametrize("role", [Role.VIEWER, Role.STAFF])
def test_viewer_and_staff_cannot_override(seller, forecast_product, client_for, role):
    url = reverse("forecasting:override_create", args=[forecast_product.pk])
    response = client_for(seller.organization, role).post(
        url,
        {
            "kind": "level",
            "daily_level": "9",
            "reason_code": "other",
            "reason_text": "no",
        },
    )
    assert response.status_code == 403
    assert not ForecastOverride.objects.exists()


def test_manager_overrides_and_reverts_through_the_page(
    seller, forecast_product, client_for
):
    client = client_for(seller.organization, Role.MANAGER)
    url = reverse("forecasting:override_create", args=[forecast_product.pk])
    missing = client.post(
        url,
        {
            "kind": "level",
            "daily_level": "9",
            "reason_code": "other",
            "reason_text": "",
        },
    )
    assert missing.status_code == 200 and not ForecastOverride.objects.exists()
    response = client.post(
        url,
        {
            "kind": "level",
            "daily_level": "9",
            "reason_code": "seasonality",
            "reason_text": "Chuseok",
        },
    )
    assert response.status_code == 302
    override = ForecastOverride.objects.get()
    assert override.history.get().history_user.memberships.get().role == Role.MANAGER
    page = client.get(
        reverse("forecasting:forecast_detail", args=[forecast_product.pk])
    )
    assert "Chuseok" in page.content.decode()
    client.post(reverse("forecasting:override_revert", args=[override.pk]))
    override.refresh_from_db()
    assert not override.is_active and override.history.count() == 2


def test_an_override_and_its_revert_refresh_the_replenishment_plan(
    seller, forecast_product, member_of, django_capture_on_commit_callbacks
):
    manager = member_of(seller.organization, Role.MANAGER)

    def plan() -> Recommendation:
        return Recommendation.objects.filter(
            organization=seller.organization, product=forecast_product
        ).latest("computed_at")

    with django_capture_on_commit_callbacks(execute=True):
        override = _set(seller, forecast_product, manager, daily_level=Decimal("200"))
    assert plan().params["overridden"] is True
    assert plan().daily_demand == pytest.approx(200.0)
    with django_capture_on_commit_callbacks(execute=True):
        forecast_override_revert(
            organization=seller.organization, override=override, user=manager
        )
    assert plan().params["overridden"] is False
    assert plan().daily_demand < 100


@pytest.mark.parametrize("dates", [
    {"expires_on": AS_OF - dt.timedelta(days=1)},
    {"start_date": AS_OF - dt.timedelta(days=30),
     "end_date": AS_OF - dt.timedelta(days=1)},
])
def test_an_override_that_could_never_apply_is_refused_and_the_current_one_stays(
    seller, forecast_product, dates
):
    current = _set(seller, forecast_product, None, daily_level=Decimal("5"),
                   today=AS_OF)
    with pytest.raises(ValidationError) as error:
        _set(seller, forecast_product, None, daily_level=Decimal("9"), today=AS_OF,
             **dates)
    assert set(error.value.message_dict) & {"expires_on", "end_date"}
    current.refresh_from_db()
    assert current.is_active
    assert ForecastOverride.objects.filter(product=forecast_product).count() == 1


def test_the_override_form_refuses_an_expiry_in_the_past(
    seller, forecast_product, client_for
):
    client = client_for(seller.organization, Role.MANAGER)
    response = client.post(
        reverse("forecasting:override_create", args=[forecast_product.pk]),
        {"kind": "level", "daily_level": "5", "reason_code": "other",
         "reason_text": "x", "expires_on": "2020-01-01"})
    assert response.status_code == 200  # the form again, with the error
    assert "already past" in response.content.decode()
    assert not ForecastOverride.objects.filter(product=forecast_product).exists()


def test_the_override_history_reads_in_korean_without_raw_values(
    seller, forecast_product, member_of, client_for
):
    manager = member_of(seller.organization, Role.MANAGER)
    first = _set(seller, forecast_product, manager, daily_level=Decimal("5"))
    _set(seller, forecast_product, manager, daily_level=Decimal("7"))
    forecast_override_revert(organization=seller.organization, override=first,
                             user=manager)
    page = client_for(seller.organization, Role.VIEWER).get(
        reverse("forecasting:forecast_detail", args=[forecast_product.pk]),
        HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    history = page[page.index("오버라이드 이력"):]
    assert "True" not in history and "False" not in history
    assert "replaced by a new override" not in history
    assert "새 오버라이드로 대체됨" in history
    assert "활성: 예 → 아니요" in history
