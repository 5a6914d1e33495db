"""Expected answers computed from the world, independently of the copilot code.

Given the *expected* intent and slots of a question, returns the products and
values a correct answer states. Sales figures are summed from the ledger rows
themselves, forecasts from the stored daily path, the rest through the
existing selectors the screens use (the stock-status list, recommendations,
open order lines, alert counts, the backtest report).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict

from django.db.models import Q

from accounts.models import Organization
from alerts import selectors as alert_selectors
from forecasting.models import ProductForecast
from forecasting.services.accuracy import backtest_report
from inventory import selectors as inventory_selectors
from inventory.models import Category, Channel, Lot, Product, StockMovement, Supplier
from policy import selectors as policy_selectors
from policy.models import PurchaseOrderLine, Recommendation

from .world import TODAY

DEFAULT_DAYS = 30


def _period(slots: dict) -> tuple[dt.date, dt.date]:
    if slots.get("period"):
        start, end = slots["period"]
        return dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return TODAY - dt.timedelta(days=DEFAULT_DAYS - 1), TODAY


def _products(org: Organization, slots: dict) -> list[Product]:
    return [Product.objects.get(organization=org, sku=sku)
            for sku in slots.get("products", [])]


def _rec(org, product) -> Recommendation:
    return Recommendation.objects.filter(organization=org, product=product) \
        .order_by("-as_of").first()


def _sales_rows(org, slots, start, end):
    rows = StockMovement.objects.filter(
        organization=org, business_date__range=(start, end)).filter(
        Q(kind="outbound") | Q(kind="reversal", reversal_of__kind="outbound"))
    if slots.get("products"):
        rows = rows.filter(product__sku__in=slots["products"])
    if slots.get("category"):
        rows = rows.filter(product__category=Category.objects.get(
            organization=org, name=slots["category"]))
    if slots.get("supplier"):
        rows = rows.filter(product__supplier=Supplier.objects.get(
            organization=org, name=slots["supplier"]))
    if slots.get("channel"):
        rows = rows.filter(channel=Channel.objects.get(organization=org,
                                                       kind=slots["channel"]))
    return rows.values_list("product__sku", "quantity", "product__selling_price")


def _sold(org, slots, start, end) -> tuple[int, int]:
    units, revenue = 0, 0.0
    for _sku, quantity, price in _sales_rows(org, slots, start, end):
        units -= quantity
        revenue -= quantity * float(price)
    return units, round(revenue)


def _shift_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year,
                                                                      month + 1)[1]))


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """What a seller compares with, read from the dates' calendar shape: whole
    months → the months before; the 1st of a month to a day in it → the same
    days of the month before; 1 January to today → the same days of last year;
    Monday to today within the week → the same days of the week before; any
    other span → the same number of days just before."""
    last_day = calendar.monthrange(end.year, end.month)[1]
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if start == dt.date(end.year, 1, 1) and end == TODAY:
        return _shift_months(start, 12), _shift_months(end, 12)
    if start.day == 1 and end.day == last_day:
        return (_shift_months(start, months),
                _shift_months(end, months).replace(day=calendar.monthrange(
                    *_shift_months(end, months).timetuple()[:2])[1]))
    if start.day == 1 and months == 1:
        return _shift_months(start, 1), _shift_months(end, 1)
    if start.day == 1 and start.month % 3 == 1 and months <= 3 and end == TODAY:
        # A quarter to date: the same days of the quarter before.
        return _shift_months(start, 3), _shift_months(end, 3)
    if start.weekday() == 0 and end == TODAY and (end - start).days < 6:
        return start - dt.timedelta(days=7), end - dt.timedelta(days=7)
    days = (end - start).days + 1
    return start - dt.timedelta(days=days), start - dt.timedelta(days=1)


def _orders(org, slots, start, end) -> list[int]:
    """Order lines (a sale's external reference, a reversal counted with the
    sale it cancels) that still sold something, then the units; the units
    alone when no sale carries a reference."""
    lines: dict[int, int] = defaultdict(int)
    units = unreferenced = 0
    rows = StockMovement.objects.filter(
        organization=org, business_date__range=(start, end)).filter(
        Q(kind="outbound") | Q(kind="reversal", reversal_of__kind="outbound"))
    if slots.get("channel"):
        rows = rows.filter(channel=Channel.objects.get(organization=org,
                                                       kind=slots["channel"]))
    if slots.get("products"):
        rows = rows.filter(product__sku__in=slots["products"])
    for ref, cancelled_ref, quantity in rows.values_list(
            "external_ref_id", "reversal_of__external_ref_id", "quantity"):
        units -= quantity
        line = ref or cancelled_ref
        if line is None:
            unreferenced -= quantity
        else:
            lines[line] -= quantity
    count = sum(1 for sold in lines.values() if sold > 0)
    if not count:
        return [units]
    return [count, units] + ([unreferenced] if unreferenced else [])


def sales(org, slots):
    start, end = _period(slots)
    if slots.get("metric") == "orders":
        return slots.get("products", []), _orders(org, slots, start, end)
    units, revenue = _sold(org, slots, start, end)
    if slots.get("compare"):  # a baseline the question names
        baseline = tuple(dt.date.fromisoformat(d) for d in slots["compare"])
    else:
        baseline = previous_period(start, end)
    previous, _r = _sold(org, slots, *baseline)
    values = [units, revenue, previous]
    if previous:
        values.append(round((units - previous) / previous * 100, 1))
    return slots.get("products", []), values


def top_sellers(org, slots):
    start, end = _period(slots)
    totals = defaultdict(lambda: [0, 0.0])
    for sku, quantity, price in _sales_rows(org, {**slots, "category": None}, start,
                                            end):
        totals[sku][0] -= quantity
        totals[sku][1] -= quantity * float(price)
    products = Product.objects.filter(organization=org, is_active=True, kind="single")
    if slots.get("category"):
        products = products.filter(category__name=slots["category"])
    revenue = slots.get("metric") == "revenue"
    rows = [(p.sku, totals[p.sku][1] if revenue else totals[p.sku][0])
            for p in products]
    worst = slots.get("order") == "worst"
    rows.sort(key=lambda r: (r[1] if worst else -r[1], r[0]))
    rows = rows[: slots.get("top_n") or 5]
    return [r[0] for r in rows], [round(r[1]) for r in rows]


def _unsent(org) -> dict[int, int]:
    """Product id → units on draft orders (the order screen's "on a draft";
    approved ones are on order, inside the recommendation)."""
    units: dict[int, int] = defaultdict(int)
    for line in PurchaseOrderLine.objects.filter(
            organization=org, order__status="draft"):
        units[line.product_id] += line.quantity
    return units


def _to_order(rec, unsent) -> tuple[int, dt.date | None, bool]:
    """(units, due date, due now) as the order screen shows them."""
    now = rec.recommended_quantity > 0 or (
        rec.order_by_date is not None and rec.order_by_date <= rec.as_of)
    if now:
        units = rec.recommended_quantity
        due = min(rec.order_by_date or rec.as_of, rec.as_of)
    else:
        units, due = rec.order_by_quantity, rec.order_by_date
    return unsent.get(rec.product_id, units), due, now


def order_quantity(org, slots):
    unsent = _unsent(org)
    if slots.get("products"):
        (product,) = _products(org, slots)
        return [product.sku], [_to_order(_rec(org, product), unsent)[0]]
    supplier = Supplier.objects.get(organization=org, name=slots["supplier"]) \
        if slots.get("supplier") else None
    recs = policy_selectors.recommendation_list(
        organization=org, supplier_id=supplier.pk if supplier else None)
    if slots.get("category"):
        recs = [r for r in recs if r.product.category.name == slots["category"]]
    week = bool(slots.get("period"))
    chosen = []
    for r in recs:
        units, due, now = _to_order(r, unsent)
        if units > 0 and (now or (week and due <= max(r.as_of + dt.timedelta(days=7), _period(slots)[1]))):
            chosen.append((due, -units, r.product.sku, units, r.product.unit_cost))
    chosen.sort()
    if not chosen:  # "Nothing needs ordering now."
        return [], []
    values = [c[3] for c in chosen[:10]]
    if len(chosen) > 10:
        values.append(len(chosen) - 10)
    values += [sum(c[3] for c in chosen),
               round(sum(c[3] * (c[4] or 0) for c in chosen))]
    return [c[2] for c in chosen[:10]], values


def stockout_risk(org, slots):
    if slots.get("products"):
        (product,) = _products(org, slots)
        rec = _rec(org, product)
        if rec.stockout_date:
            return [product.sku], [max(0, (rec.stockout_date - TODAY).days),
                                   round(rec.on_hand)]
        return [product.sku], [round(rec.on_hand)]
    rows = list(policy_selectors.stock_status_list(
        organization=org, filters=policy_selectors.StockStatusFilters(risk="at_risk")))
    rows = rows[: slots.get("top_n") or 5]
    return [r.product.sku for r in rows], [
        max(0, (r.stockout_date - TODAY).days) if r.stockout_date else 0 for r in rows]


def stock_level(org, slots):
    if slots.get("products"):
        (product,) = _products(org, slots)
        rec = _rec(org, product)
        if rec and rec.daily_demand > 0:
            return [product.sku], [product.on_hand,
                                   round(product.on_hand / rec.daily_demand, 1),
                                   round(rec.daily_demand, 1)]
        return [product.sku], [product.on_hand]
    if slots.get("category") or slots.get("supplier"):
        # A category's or a supplier's active single products: units, count.
        products = Product.objects.filter(organization=org, is_active=True,
                                          kind="single")
        if slots.get("category"):
            products = products.filter(category__name=slots["category"])
        if slots.get("supplier"):
            products = products.filter(supplier__name=slots["supplier"])
        return None, [sum(p.on_hand for p in products), products.count()]
    figures = inventory_selectors.dashboard_figures(organization=org)
    return [], [figures.units_on_hand, round(figures.inventory_value),
                figures.out_of_stock]


def overstock(org, slots):
    rows = [r for r in Recommendation.objects.filter(
        organization=org, as_of=TODAY, overstock_units__gt=0).select_related("product")]
    rows.sort(key=lambda r: (-(r.overstock_units * float(r.product.unit_cost)),
                             r.product.sku))
    if slots.get("products"):
        rows = [r for r in rows if r.product.sku in slots["products"]]
    value = [r.overstock_units * float(r.product.unit_cost) for r in rows]
    shown = list(zip(rows, value, strict=True))[: slots.get("top_n") or 5]
    values = [round(sum(value))]
    for r, v in shown:
        values += [round(r.overstock_units), round(v)]
    return [r.product.sku for r, _v in shown], values


def expiring_lots(org, slots):
    days = slots.get("days") or policy_selectors.policy_settings_get(
        organization=org).expiry_window_days
    lots = Lot.objects.filter(organization=org, on_hand__gt=0,
                              expiry_date__lte=TODAY + dt.timedelta(days=days))
    if slots.get("products"):
        lots = lots.filter(product__sku__in=slots["products"])
    lots = list(lots.order_by("expiry_date", "product__sku", "code"))
    values = []
    for lot in lots:
        values += [lot.on_hand, (lot.expiry_date - TODAY).days]
    return [lot.product.sku for lot in lots], values


def stock_below(org, slots):
    """Active single products with at most `stock_max` units on hand, fewest
    first: the count, then each one's units (10 at most)."""
    products = list(Product.objects.filter(
        organization=org, is_active=True, kind="single",
        on_hand__lte=slots.get("stock_max", 0)).order_by("on_hand", "sku"))
    return [p.sku for p in products[:10]], [len(products)] + [
        p.on_hand for p in products[:10]]


def slow_movers(org, slots):
    """Products with stock by days of cover (on hand ÷ the plan's daily demand,
    else the last 30 days' average sales): no sales first, then the most days
    ("slow"), or the fewest days among those selling ("fast")."""
    start = TODAY - dt.timedelta(days=29)
    plan = dict(Recommendation.objects.filter(
        organization=org, forecast_run__isnull=False).values_list(
        "product_id", "daily_demand"))
    rows = []
    for product in Product.objects.filter(organization=org, is_active=True,
                                          kind="single", on_hand__gt=0):
        sold = -sum(q for _sku, q, _p in _sales_rows(
            org, {"products": [product.sku]}, start, TODAY))
        rate = float(plan[product.pk]) if product.pk in plan else max(sold, 0) / 30
        days = product.on_hand / rate if rate > 0 else float("inf")
        rows.append((product, sold, rate, days))
    if slots.get("order") == "fast":
        rows = sorted((r for r in rows if r[1] > 0 and r[2] > 0),
                      key=lambda r: (r[3], r[0].sku))
    else:
        rows.sort(key=lambda r: (r[1] > 0, -r[3], -r[0].on_hand, r[0].sku))
    rows = rows[: slots.get("top_n") or 5]
    values = []
    for product, sold, rate, days in rows:
        values.append(product.on_hand)
        if sold > 0 and rate > 0:
            values += [round(rate, 1), round(days, 1)]
    return [r[0].sku for r in rows], values


def open_pos(org, slots):
    lines = policy_selectors.open_order_lines(
        organization=org,
        product_ids=[p.pk for p in _products(org, slots)] or None)
    if slots.get("supplier"):
        lines = lines.filter(order__supplier__name=slots["supplier"])
    lines = list(lines.order_by("order__expected_date", "order_id", "product__sku"))
    return [line.product.sku for line in lines], [
        line.quantity - line.received_quantity for line in lines]


def open_alerts(org, slots):
    if slots.get("products"):
        (product,) = _products(org, slots)
        alerts = alert_selectors.product_open_alerts(organization=org,
                                                     product_id=product.pk)
        return list(dict.fromkeys(a.product.sku for a in alerts[:5])), [len(alerts)]
    counts = alert_selectors.open_alert_counts(organization=org)
    alerts = list(alert_selectors.alert_list(organization=org)[:5])
    return list(dict.fromkeys(a.product.sku for a in alerts)), [
        counts["total"], counts["critical"], counts["high"], counts["medium"],
        counts["low"]]


def forecast(org, slots):
    (product,) = _products(org, slots)
    row = ProductForecast.objects.filter(organization=org, product=product) \
        .order_by("-as_of", "-pk").first()
    days = slots.get("days") or DEFAULT_DAYS
    skip = sum(1 for d in row.daily if dt.date.fromisoformat(d["date"]) <= TODAY)
    end = min(len(row.daily), skip + days)
    total = round(sum(d["point"] for d in row.daily[skip:end]))
    cumulative = row.cumulative_quantiles

    def band(name):
        path = cumulative[name]
        return round(path[end - 1] - (path[skip - 1] if skip else 0))

    return [product.sku], [total, band("p10"), band("p90")]


def forecast_accuracy(org, slots):
    report = backtest_report(organization=org)
    if slots.get("products"):
        sku = slots["products"][0]
        row = next(r for r in report.breakdown.products if r.label == sku)
        return [sku], [round(row.accuracy.wape * 100, 1)]
    overall = report.breakdown.overall
    return [], [len(report.breakdown.products), round(overall.wape * 100, 1),
                round(overall.bias * 100, 1)]


def why_recommendation(org, slots):
    (product,) = _products(org, slots)
    rec = _rec(org, product)
    # The quantity, then the figures the reason rests on, as the answer states them.
    return [product.sku], [rec.recommended_quantity, round(float(rec.on_hand)),
                           round(float(rec.on_order)), round(float(rec.daily_demand), 1),
                           round(float(rec.lead_time_days), 1),
                           round(float(rec.safety_stock)), round(float(rec.reorder_point)),
                           round(float(rec.order_up_to))]


def clarify(org, slots):
    return None, []


def unknown(org, slots):
    return [], []


def expected(org: Organization, intent: str, slots: dict):
    """(products or None when not checked, values) a correct answer states."""
    return globals()[intent](org, slots)


def assert_states_the_oracle(world, question: str, intent: str, slots: dict):
    """Ask ``question`` as alpha's master: the answer's intent and values (to
    one decimal) are the oracle's. Returns the answer and the oracle's products."""
    from copilot.services import copilot_answer

    answer = copilot_answer(organization=world.alpha, user=world.master,
                            question=question)
    products, values = expected(world.alpha, intent, slots)
    assert answer.intent == intent
    assert [round(float(v), 1) for v in answer.values] == [
        round(float(v), 1) for v in values]
    return answer, products
