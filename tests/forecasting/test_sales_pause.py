"""Sales pauses in the event calendar: planned paused days are forecast at 0,
past ones are not read as zero demand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from forecasting import event_import
from forecasting.models import ProductForecast, PromotionEvent
from forecasting.services import runs
from forecasting.services.events import promotion_event_create
from forecasting.services.history import demand_histories
from inventory.models import Channel, StockMovement
from inventory.services.integrity import movements_bulk_import
from tests.factories import ChannelFactory, ProductFactory

from .conftest import AS_OF, DAYS

pytestmark = pytest.mark.django_db

RATE = 10
# The listing was down for the 30 days ending 6 days before AS_OF.
GAP_LAST = AS_OF - dt.timedelta(days=6)
GAP_FIRST = GAP_LAST - dt.timedelta(days=29)


def _paused_listing(organization):
    """A product selling ~RATE a day, with no sales during the gap (stock on hand)."""
    product = ProductFactory(organization=organization, sku="GAP-1")
    rng = np.random.default_rng(11)
    first = AS_OF - dt.timedelta(days=DAYS - 1)

    def movement(day, quantity, kind):
        return StockMovement(
            organization=organization, product=product, business_date=day,
            quantity=quantity, kind=kind, source=StockMovement.Source.IMPORT,
        )  # fmt: skip

    rows = [movement(first, 10_000, StockMovement.Kind.INBOUND)]
    for offset in range(DAYS):
        day = first + dt.timedelta(days=offset)
        units = int(rng.poisson(RATE))
        if units and not GAP_FIRST <= day <= GAP_LAST:
            rows.append(movement(day, -units, StockMovement.Kind.OUTBOUND))
    movements_bulk_import(organization=organization, movements=rows)
    return product


def _total_30(organization, product) -> float:
    run, _ = runs.forecast_run_execute(organization=organization, as_of=AS_OF, force=True)
    return float(ProductForecast.objects.get(run=run, product=product).total_30)


def test_a_past_pause_is_not_read_as_zero_demand(organization):
    product = _paused_listing(organization)
    unaware = _total_30(organization, product)
    promotion_event_create(
        organization=organization, user=None, name="리스팅 중지",
        start_date=GAP_FIRST, end_date=GAP_LAST, product=product,
        kind=PromotionEvent.Kind.PAUSE,
    )  # fmt: skip
    aware = _total_30(organization, product)
    # Read as zero demand, 30 empty days drag the level down; marked as a pause
    # they are unknown, and the level is the open days' ~10 a day.
    assert 0.8 * 30 * RATE < aware < 1.2 * 30 * RATE
    assert unaware < 0.8 * aware
    (item,) = demand_histories(
        organization=organization, products=[product], as_of=AS_OF
    ).values()
    assert item.censored_days == 0  # a pause is not a stock-out
    assert int(item.history.closed.sum()) == 30


def test_planned_pause_for_a_category_is_forecast_at_zero(seller):
    category = seller.singles[0].category
    first, last = AS_OF + dt.timedelta(days=5), AS_OF + dt.timedelta(days=9)
    promotion_event_create(
        organization=seller.organization, user=None, name="설 연휴 휴무",
        start_date=first, end_date=last, category=category,
        kind=PromotionEvent.Kind.PAUSE,
    )  # fmt: skip
    # A promotion on the same days does not zero anything.
    promotion_event_create(
        organization=seller.organization, user=None, name="기획전",
        start_date=first, end_date=last, product=seller.singles[1],
    )  # fmt: skip
    other = ProductFactory(organization=seller.organization, sku="OTHER-CAT")
    run, _ = runs.forecast_run_execute(organization=seller.organization, as_of=AS_OF)
    paused = {first + dt.timedelta(days=n) for n in range(5)}
    for result in ProductForecast.objects.filter(run=run, product__in=seller.singles):
        for row in result.daily:
            day = dt.date.fromisoformat(row["date"])
            if day in paused:
                assert row["point"] == 0 and row["p90"] == 0 and row["p98"] == 0
            elif day < AS_OF + dt.timedelta(days=30):
                assert row["point"] > 0
    item = demand_histories(
        organization=seller.organization, products=[other], as_of=AS_OF
    )[other.pk]
    assert item.history.closed is None  # another category's product is open


def test_manager_adds_a_pause_on_the_events_page(seller, client_for):
    client = client_for(seller.organization, Role.MANAGER)
    response = client.post(
        reverse("forecasting:event_create"),
        {
            "kind": "pause",
            "name": "여름 휴가",
            "start_date": "2026-12-01",
            "end_date": "2026-12-03",
        },
    )
    assert response.status_code == 302
    assert PromotionEvent.objects.get().kind == PromotionEvent.Kind.PAUSE
    body = client.get(reverse("forecasting:event_list")).content.decode()
    assert "여름 휴가" in body and "Sales pause (closed)" in body
    bad = client.post(
        reverse("forecasting:event_create"),
        {"kind": "holiday", "name": "x", "start_date": "2026-12-01",
         "end_date": "2026-12-01"},
    )  # fmt: skip
    assert bad.status_code == 200 and PromotionEvent.objects.count() == 1
    assert "kind" in bad.context["form"].errors


def test_uploaded_kind_column_makes_pauses_and_promotions(organization, client_for):
    data = "\r\n".join(
        [
            "구분,행사명,시작일,종료일",
            "휴무,설 연휴,2027-02-06,2027-02-09",
            "행사,로켓세일,2027-02-12,2027-02-13",
            ",11.11,2026-11-11,2026-11-11",
            "Sales pause,정비,2027-03-01,2027-03-01",
        ]
    ).encode("utf-8-sig")
    response = client_for(organization, Role.MANAGER).post(
        reverse("forecasting:event_upload"),
        {"file": SimpleUploadedFile("events.csv", data)},
    )
    assert response.status_code == 302
    kinds = dict(
        PromotionEvent.objects.filter(organization=organization).values_list(
            "name", "kind"
        )
    )
    assert kinds == {
        "설 연휴": "pause", "로켓세일": "promotion", "11.11": "promotion",
        "정비": "pause",
    }  # fmt: skip


def test_an_unknown_kind_names_its_row_and_column_and_writes_nothing(
    organization, client_for
):
    data = "\r\n".join(
        ["구분,행사명,시작일,종료일", "휴무,a,2027-02-06,2027-02-09", "세일?,b,2027-02-12,2027-02-13"]
    ).encode("utf-8-sig")
    response = client_for(organization, Role.MANAGER).post(
        reverse("forecasting:event_upload"),
        {"file": SimpleUploadedFile("events.csv", data)},
    )
    assert response.status_code == 200
    assert not PromotionEvent.objects.exists()
    (problem,) = response.context["problems"]
    assert problem["row"] == 3 and problem["column"] == "kind"
    assert "세일?" in problem["message"]


def test_the_parser_kinds_are_the_models_kinds():
    assert set(event_import.KIND_SYNONYMS) == set(PromotionEvent.Kind.values)


def test_a_pause_on_one_channel_is_refused_on_the_page_and_in_a_file(
    organization, client_for
):
    ChannelFactory(organization=organization, name="쿠팡")
    client = client_for(organization, Role.MANAGER)
    response = client.post(
        reverse("forecasting:event_create"),
        {"kind": "pause", "name": "쿠팡 중지", "channel": Channel.objects.get().pk,
         "start_date": "2026-12-01", "end_date": "2026-12-03"},
    )  # fmt: skip
    assert response.status_code == 200 and not PromotionEvent.objects.exists()
    assert "every channel" in str(response.context["form"].errors)
    data = "\r\n".join(
        ["구분,행사명,시작일,종료일,채널", "휴무,쿠팡 중지,2027-02-06,2027-02-09,쿠팡"]
    ).encode("utf-8-sig")
    response = client.post(
        reverse("forecasting:event_upload"),
        {"file": SimpleUploadedFile("events.csv", data)},
    )
    assert not PromotionEvent.objects.exists()
    (problem,) = response.context["problems"]
    assert problem["row"] == 2 and "every channel" in problem["message"]


def test_the_chart_shades_pauses_grey_and_promotions_amber():
    from forecasting import charts

    pause = PromotionEvent(name="휴무", kind=PromotionEvent.Kind.PAUSE,
                           start_date=AS_OF, end_date=AS_OF)
    promotion = PromotionEvent(name="세일", start_date=AS_OF, end_date=AS_OF)
    shapes, notes = charts._events([pause, promotion], AS_OF, AS_OF)
    assert [s["fillcolor"] for s in shapes] == [charts.PAUSE_COLOR, charts.EVENT_COLOR]
    assert [n["text"] for n in notes] == ["휴무", "세일"]
