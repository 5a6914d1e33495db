"""Management commands and tasks: verify_stock, load_demo, stock_verify_task."""

import datetime as dt
import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from accounts.models import Organization
from inventory.models import Product, StockMovement
from inventory.services.integrity import stock_verify
from inventory.services.stock import movement_record
from inventory.tasks import stock_verify_task
from tests.factories import ProductFactory

DAY = dt.date(2026, 11, 2)


def stocked(organization, quantity=10):
    product = ProductFactory(organization=organization)
    movement_record(
        organization=organization,
        user=None,
        product=product,
        kind=StockMovement.Kind.INBOUND,
        quantity=quantity,
        business_date=DAY,
    )
    return product


def corrupt(product, on_hand):
    Product.objects.filter(pk=product.pk).update(on_hand=on_hand)


def run(*args):
    out = StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_verify_stock_passes_when_caches_match(organization):
    stocked(organization)
    assert "Every cache matches the ledger." in run("verify_stock")


def test_verify_stock_exits_non_zero_on_a_corrupted_cache(organization):
    product = stocked(organization, quantity=10)
    corrupt(product, 7)
    out = StringIO()
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("verify_stock", stdout=out)
    assert error.value.returncode == 1
    assert f"{product.sku} (id {product.pk}): cached 7, ledger 10" in out.getvalue()
    assert Product.objects.get(pk=product.pk).on_hand == 7  # nothing repaired


def test_verify_stock_fix_rebuilds_caches_without_touching_the_ledger(organization):
    product = stocked(organization, quantity=10)
    corrupt(product, 99)
    ledger_rows = StockMovement.objects.count()
    output = run("verify_stock", "--fix")
    assert "Rebuilt 1 caches from the ledger." in output
    assert Product.objects.get(pk=product.pk).on_hand == 10
    assert StockMovement.objects.count() == ledger_rows
    assert stock_verify() == []


def test_verify_stock_can_be_limited_to_one_organization(
    organization, other_organization
):
    stocked(organization)
    corrupt(stocked(other_organization), 1)
    assert "Every cache matches" in run(
        "verify_stock", "--organization", organization.pk
    )
    with pytest.raises(CommandError):
        run("verify_stock", "--organization", other_organization.pk)


def test_verify_stock_fix_for_one_organization_leaves_others_alone(
    organization, other_organization
):
    mine = stocked(organization, quantity=5)
    theirs = stocked(other_organization, quantity=5)
    corrupt(mine, 0)
    corrupt(theirs, 0)
    run("verify_stock", "--organization", organization.pk, "--fix")
    assert Product.objects.get(pk=mine.pk).on_hand == 5
    assert Product.objects.get(pk=theirs.pk).on_hand == 0


@pytest.mark.django_db
def test_verify_stock_refuses_an_unknown_organization():
    with pytest.raises(CommandError, match="does not exist"):
        run("verify_stock", "--organization", 999_999)


def test_stock_verify_task_logs_each_mismatch_and_returns_count(
    organization, other_organization, caplog
):
    corrupt(stocked(organization), 3)
    corrupt(stocked(other_organization), 4)
    with caplog.at_level(logging.ERROR, logger="inventory.tasks"):
        assert stock_verify_task.delay().get() == 2
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 2
    assert stock_verify_task(organization_id=organization.pk) == 1


def test_stock_verify_task_is_zero_when_everything_matches(organization):
    stocked(organization)
    assert stock_verify_task(organization_id=organization.pk) == 0


@pytest.mark.django_db
def test_load_demo_command_twice_reports_nothing_changed():
    args = ("load_demo", "--products", "3", "--days", "30", "--no-progress")
    first = run(*args)
    rows = StockMovement.objects.count()
    second = run(*args)
    assert "Created demo organization" in first
    assert "expedited receipts" in first
    assert "nothing was changed" in second
    assert "manager@demo.smartstock.local" in second
    assert "demo-pass-2026" in second
    assert StockMovement.objects.count() == rows > 0
    assert Organization.objects.filter(is_demo=True).count() == 1
    assert "Every cache matches" in run("verify_stock")


@pytest.mark.django_db
def test_load_demo_refuses_a_non_positive_slice():
    with pytest.raises(CommandError):
        run("load_demo", "--products", "0")
