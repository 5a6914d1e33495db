"""Days after the organization's last recorded sale are unknown demand, not zero:
the export of the last day(s) is not uploaded yet, or the channel sync lags."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from forecasting.models import ForecastRun, ProductForecast
from forecasting.services import runs
from forecasting.services.history import demand_histories
from inventory.models import StockMovement
from inventory.services.integrity import movements_bulk_import
from inventory.services.stock import movement_reverse
from tests.factories import ProductFactory

from .conftest import AS_OF, DAYS

pytestmark = pytest.mark.django_db

RATE = 10


def _steady_seller(organization, *, last_days: list[dt.date]):
    """One product per entry of `last_days`, each selling RATE a day from DAYS
    before AS_OF up to its last day, with stock throughout."""
    first = AS_OF - dt.timedelta(days=DAYS - 1)
    products, rows = [], []
    for index, last_day in enumerate(last_days):
        product = ProductFactory(organization=organization, sku=f"STEADY-{index}")
        products.append(product)

        def movement(day, quantity, kind, product=product):
            return StockMovement(
                organization=organization, product=product, business_date=day,
                quantity=quantity, kind=kind, source=StockMovement.Source.IMPORT,
            )  # fmt: skip

        rows.append(movement(first, 10_000, StockMovement.Kind.INBOUND))
        for offset in range((last_day - first).days + 1):
            day = first + dt.timedelta(days=offset)
            rows.append(movement(day, -RATE, StockMovement.Kind.OUTBOUND))
    movements_bulk_import(organization=organization, movements=rows)
    return products


@pytest.mark.parametrize("missing_days", [1, 3])
def test_sales_data_ending_before_the_as_of_date_is_not_read_as_zero(
    organization, missing_days
):
    last_day = AS_OF - dt.timedelta(days=missing_days)
    products = _steady_seller(organization, last_days=[last_day] * 3)
    run, _ = runs.forecast_run_execute(organization=organization, as_of=AS_OF)
    # Read as zero sales the missing days pulled the level down: 9.64 a day
    # with one day missing, 8.48 with three, where the products sell 10.
    for product in products:
        forecast = ProductForecast.objects.get(run=run, product=product)
        assert float(forecast.total_30) == pytest.approx(30 * RATE, rel=0.02)
        # The forecast still starts the day after the as-of date.
        assert forecast.daily[0]["date"] == (AS_OF + dt.timedelta(days=1)).isoformat()
    assert run.config["sales_data_end"] == last_day.isoformat()
    item = demand_histories(
        organization=organization, products=products[:1], as_of=AS_OF
    )[products[0].pk]
    unknown = item.history.censored[item.history.censored].index
    assert [stamp.date() for stamp in unknown] == [
        last_day + dt.timedelta(days=n + 1) for n in range(missing_days)
    ]
    assert item.censored_days == 0  # not stock-outs: the product had stock


def test_a_product_that_stopped_while_others_sold_keeps_its_zero_days(organization):
    stopped_on = AS_OF - dt.timedelta(days=3)
    stopped, selling = _steady_seller(organization, last_days=[stopped_on, AS_OF])
    items = demand_histories(
        organization=organization, products=[stopped, selling], as_of=AS_OF
    )
    # The organization's data reaches AS_OF: the stopped product's last three
    # days are known zeros (a real drop the forecast must see), not unknown.
    for item in items.values():
        assert not item.history.censored.any()
    assert item.history.demand.iloc[-1] == RATE
    assert items[stopped.pk].history.demand.iloc[-3:].tolist() == [0.0, 0.0, 0.0]


def test_a_day_whose_sales_were_all_returned_is_not_unknown(organization):
    (product,) = _steady_seller(organization, last_days=[AS_OF])
    sale = StockMovement.objects.get(product=product, business_date=AS_OF)
    movement_reverse(organization=organization, user=None, movement=sale)
    item = demand_histories(organization=organization, products=[product], as_of=AS_OF)[
        product.pk
    ]
    # Rows came in for that day and net to zero: a known zero, not missing data.
    assert not item.history.censored.any()
    assert item.history.demand.iloc[-1] == 0.0


def test_forecast_list_says_where_the_runs_sales_data_ended(organization, client_for):
    ForecastRun.objects.create(
        organization=organization, as_of=AS_OF,
        config={"sales_data_end": (AS_OF - dt.timedelta(days=3)).isoformat()},
    )  # fmt: skip
    client = client_for(organization, Role.VIEWER)
    english = client.get(reverse("forecasting:forecast_list"), HTTP_ACCEPT_LANGUAGE="en")
    korean = client.get(reverse("forecasting:forecast_list"), HTTP_ACCEPT_LANGUAGE="ko")
    assert (
        "Sales data ends on 2026-11-23; the 3 days after are treated as unknown"
        in " ".join(english.content.decode().split())
    )
    assert "2026-11-23" in korean.content.decode()
    assert "Sales data ends on" not in korean.content.decode()


def test_dashboard_says_the_sales_data_has_not_come_in(organization, client_for):
    last_day = timezone.localdate() - dt.timedelta(days=5)
    product = ProductFactory(organization=organization, sku="LATE-1")
    movements_bulk_import(organization=organization, movements=[
        StockMovement(organization=organization, product=product,
                      business_date=last_day, quantity=quantity, kind=kind,
                      source=StockMovement.Source.IMPORT)
        for quantity, kind in ((100, StockMovement.Kind.INBOUND),
                               (-5, StockMovement.Kind.OUTBOUND))
    ])  # fmt: skip
    client = client_for(organization, Role.VIEWER)
    page = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # Up to yesterday, the last complete day: 4 days are not in.
    assert (
        f"Sales data ends on {last_day:%Y-%m-%d}; the 4 days after are treated"
        in " ".join(page.split())
    )


def test_no_notice_when_the_sales_data_is_complete(organization, client_for):
    ForecastRun.objects.create(
        organization=organization, as_of=AS_OF,
        config={"sales_data_end": AS_OF.isoformat()},
    )  # fmt: skip
    client = client_for(organization, Role.VIEWER)
    for url in (reverse("forecasting:forecast_list"), reverse("dashboard")):
        assert 'data-testid="sales-data-gap"' not in client.get(url).content.decode()
