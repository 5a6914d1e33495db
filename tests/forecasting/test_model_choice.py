"""Models on screen: the manager's choice, its run time and accuracy; no engine call."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role
from forecasting.model_catalog import BY_NAME, CATALOG, expected_seconds
from forecasting.models import ForecastModelChoice, ForecastRun, ProductForecast
from forecasting.services import runs

from .conftest import AS_OF

pytestmark = pytest.mark.django_db
URL = reverse("forecasting:model_settings")


def test_catalog_offers_lstm_arima_and_prophet_with_a_cost():
    names = {info.name for info in CATALOG}
    assert {"lstm_global", "arima", "prophet", "gbm_global"} <= names
    assert all(info.seconds_per_product > 0 for info in CATALOG)
    assert expected_seconds(["arima", "ses"], 200) == pytest.approx(
        200 * (BY_NAME["arima"].seconds_per_product + BY_NAME["ses"].seconds_per_product)
    )


def test_page_lists_every_model_with_time_and_own_backtest(seller, client_for, monkeypatch):
    run, _ = runs.forecast_run_execute(organization=seller.organization, as_of=AS_OF)

    def no_engine(*args, **kwargs):
        raise AssertionError("a request ran the forecasting engine")

    monkeypatch.setattr(runs.chunks, "forecast_engine", no_engine)
    client = client_for(seller.organization, Role.VIEWER)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for info in CATALOG:
        assert f'value="{info.name}"' in html
    products = len(seller.singles)
    assert response.context["products"] == products
    rows = {row["info"].name: row for row in response.context["rows"]}
    # the run used the fast test models: they have measured accuracy, arima has none
    assert rows["ses"]["accuracy"] is not None
    assert rows["ses"]["accuracy"].accuracy.wape is not None
    assert rows["arima"]["accuracy"] is None and "not in the latest run" in html
    assert rows["lstm_global"]["seconds"] == pytest.approx(
        BY_NAME["lstm_global"].seconds_per_product * products
    )
    assert ForecastRun.objects.count() == 1  # nothing was run by the page


def test_page_shows_the_measured_time_of_the_latest_run_beside_the_estimate(
    seller, client_for
):
    # The per-product estimate leaves out a run's fixed costs; the seller also
    # sees what the latest run of their own products really took.
    run, _ = runs.forecast_run_execute(organization=seller.organization, as_of=AS_OF)
    html = client_for(seller.organization, Role.VIEWER).get(URL).content.decode()
    seconds = round(run.timings["total"])
    assert (
        f"Measured: the run as of {AS_OF.isoformat()} took {seconds} s for "
        f"{len(seller.singles)} products." in html
    )


def test_manager_choice_is_kept_and_recorded_in_the_next_run(seller, client_for):
    client = client_for(seller.organization, Role.MANAGER)
    response = client.post(URL, {"models": ["ses", "moving_average"]})
    assert response.status_code == 302
    choice = ForecastModelChoice.objects.get(organization=seller.organization)
    assert choice.model_names == ["ses", "moving_average"]  # catalog order
    run, _ = runs.forecast_run_execute(organization=seller.organization, as_of=AS_OF)
    assert run.config["engine"]["models"] == ["ses", "moving_average"]
    assert run.config["models_source"] == "organization"
    result = ProductForecast.objects.filter(run=run).first()
    assert set(result.backtest_metrics) <= {"ses", "moving_average", "ensemble"}


def test_default_set_is_recorded_when_nothing_was_chosen(seller):
    run, _ = runs.forecast_run_execute(organization=seller.organization, as_of=AS_OF)
    assert run.config["models_source"] == "default"


@pytest.mark.parametrize("posted", [[], ["not_a_model"]])
def test_empty_or_unknown_choice_is_refused_and_nothing_saved(seller, client_for, posted):
    client = client_for(seller.organization, Role.MANAGER)
    response = client.post(URL, {"models": posted})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ForecastModelChoice.objects.exists()


def test_staff_cannot_change_the_models(seller, client_for):
    client = client_for(seller.organization, Role.STAFF)
    assert client.post(URL, {"models": ["ses"]}).status_code == 403
    assert not ForecastModelChoice.objects.exists()


@pytest.mark.parametrize("role", [Role.STAFF, Role.VIEWER])
def test_who_may_not_change_the_models_gets_no_save_button(seller, client_for, role):
    # The page is readable by everyone; a Save that only answers 403 is a trap.
    html = client_for(seller.organization, role).get(URL).content.decode()
    assert 'type="submit"' not in html.split('data-testid="model-table"')[1].split("</form>")[0]
    assert 'name="models"' in html and "disabled" in html
    assert "Only a manager or the master can change" in html
    manager_html = client_for(seller.organization, Role.MANAGER).get(URL).content.decode()
    assert 'type="submit"' in manager_html.split('data-testid="model-table"')[1].split("</form>")[0]


def test_accuracy_report_shows_wape_by_horizon(seller, client_for):
    runs.forecast_run_execute(organization=seller.organization, as_of=AS_OF)
    response = client_for(seller.organization).get(reverse("forecasting:accuracy"))
    horizons = response.context["backtest"].horizons
    assert horizons and horizons[0].label == "ensemble"
    assert len(horizons[0].wape) == 4 and horizons[0].wape[0] is not None
    assert 'data-testid="backtest-horizons"' in response.content.decode()
