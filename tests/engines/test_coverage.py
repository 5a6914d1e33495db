"""Open orders against the projected stock-out (policy/coverage.py, pure)."""

from datetime import date, timedelta

from policy.coverage import COVERED, LATE, NONE, Coverage, OpenArrival, assess_coverage

AS_OF = date(2026, 12, 4)


def day(offset: int) -> date:
    return AS_OF + timedelta(days=offset)


def assess(arrivals, *, advised=0, stockout=None, before_arrival=False) -> Coverage:
    return assess_coverage(as_of=AS_OF, advised_units=advised, stockout_date=stockout,
                           stockout_before_arrival=before_arrival, arrivals=arrivals)


def test_without_open_orders_nothing_is_covered():
    assert assess([], stockout=day(3), before_arrival=True) == Coverage(NONE)


def test_orders_due_before_the_stockout_cover_it_and_the_first_is_named():
    found = assess([OpenArrival(7, day(6), 50), OpenArrival(5, day(2), 100)],
                   stockout=day(40))
    assert found == Coverage(COVERED, 5, day(2))
    assert assess([OpenArrival(5, day(2), 100)]).status == COVERED  # never out


def test_an_order_due_after_the_stockout_is_late_and_named():
    found = assess([OpenArrival(5, day(1), 10), OpenArrival(9, day(6), 100)],
                   stockout=day(4), before_arrival=True)
    assert found == Coverage(LATE, 9, day(6))
    # Due on the stock-out day itself: it arrives that morning, in time.
    assert assess([OpenArrival(9, day(4), 100)], stockout=day(4)).status == COVERED


def test_something_still_to_order_is_not_covered_but_a_late_order_says_so():
    assert assess([OpenArrival(5, day(2), 10)], advised=30,
                  stockout=day(9)).status == NONE
    assert assess([OpenArrival(5, day(12), 10)], advised=30,
                  stockout=day(9)).status == LATE


def test_a_stockout_before_an_order_today_could_arrive_is_not_covered():
    found = assess([OpenArrival(5, day(1), 10)], stockout=day(3), before_arrival=True)
    assert found.status == NONE


def test_an_overdue_or_undated_order_is_expected_tomorrow_as_in_the_projection():
    overdue = OpenArrival(5, day(-3), 10)
    assert overdue.expected_on(AS_OF) == day(1)
    assert assess([overdue], stockout=day(5)) == Coverage(COVERED, 5, day(-3))
    undated = OpenArrival(6, None, 10)
    assert assess([undated], stockout=day(0)) == Coverage(LATE, 6, day(1))
