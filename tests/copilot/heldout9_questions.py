"""A ninth question set, a probe: written after session 9's fixes (made from
probe 7's and held-out 8's misses), committed before its first run, run once
as it stands and never tuned against, so that its first score says how far
those fixes generalise. Nothing in the copilot may be changed for one of its
questions.

New wordings (none in another set or in the session's unit tests): 저번주
일요일에, 주말에, 이번 달 들어서, 3일 전부터 오늘까지, 지난주 대비 … 얼마나
늘었어, 작년 이맘때랑 비교, 그저께보다 많아, 월말까지 … 나갈 것 같아, 다음달
10일까지, 언제 다시 주문, 안 팔리는데 재고, 발주 들어간 거, 예측치 … 정확했어,
상세페이지 문구; "on sunday", "how did the weekend go", "since the start of
the month", "from tuesday through thursday", "this week vs last week on …",
"more yesterday than the day before yesterday", "by the end of next week",
"any good", "on order from", "go off before christmas", "write a product
description".

Definitions: a weekday alone = the latest one up to today (일요일 / sunday =
2026-11-22); 주말 / the weekend = Saturday 11-21 and Sunday 11-22; 이번 달
들어서 / since the start of the month = 11-01 to today; 3일 전부터 오늘까지 =
11-24 to 11-27; "from tuesday through thursday" = 11-24 to 11-26; a named
baseline follows set 6's definition (aligned day for day to a period under
way; 작년 이맘때 as a baseline = the asked period a year earlier); 월말까지 =
a 3-day horizon, 다음달 10일까지 = 13 days, "by the end of next week" =
through Sunday 12-06 (9 days); "go off before christmas" = an expiry window
through 12-24 (27 days); 언제 다시 주문해야 = what to order (order_quantity).
"""

from .heldout_questions import THIS_MONTH, THIS_WEEK, YESTERDAY

SUNDAY = ("2026-11-22", "2026-11-22")
WEEKEND = ("2026-11-21", "2026-11-22")
P1, P2, P4 = ["PASTA-001"], ["PASTA-002"], ["PASTA-004"]
S1, S2 = ["SAUCE-001"], ["SAUCE-002"]

HELDOUT9_KO = [
    ("저번주 일요일에 펜네 몇 개 나갔지", "sales", {"products": P2, "period": SUNDAY}),
    ("주말에 자사몰 매출 어땠어", "sales", {"channel": "own_mall", "period": WEEKEND}),
    ("이번 달 들어서 스파게티 몇 개 팔렸어", "sales", {"products": P1,
                                           "period": THIS_MONTH}),
    ("3일 전부터 오늘까지 매출", "sales", {"period": ("2026-11-24", "2026-11-27")}),
    ("지난주 대비 이번주 스마트스토어 매출 얼마나 늘었어", "sales",
     {"channel": "smartstore", "period": THIS_WEEK,
      "compare": ("2026-11-16", "2026-11-20")}),
    ("이번달 매출 작년 이맘때랑 비교", "sales",
     {"period": THIS_MONTH, "compare": ("2025-11-01", "2025-11-27")}),
    ("어제 매출이 그저께보다 많아?", "sales",
     {"period": YESTERDAY, "compare": ("2026-11-25", "2026-11-25")}),
    ("월말까지 토마토 소스 몇 개 나갈 것 같아", "forecast", {"products": S1, "days": 3}),
    ("다음달 10일까지 펜네 수요", "forecast", {"products": P2, "days": 13}),
    ("스파게티 언제 다시 주문해야 돼", "order_quantity", {"products": P1}),
    ("링귀네 안 팔리는데 재고 얼마나 있어", "stock_level", {"products": P4}),
    ("바질페스토 발주 들어간 거 있나", "open_pos", {"products": S2}),
    ("링귀네 예측치 얼마나 정확했어", "forecast_accuracy", {"products": P4}),
    ("상세페이지 문구 좀 써줘", "unknown", {}),
]

HELDOUT9_EN = [
    ("sales on sunday", "sales", {"period": SUNDAY}),
    ("how did the weekend go on smartstore", "sales", {"channel": "smartstore",
                                                       "period": WEEKEND}),
    ("penne sold since the start of the month", "sales", {"products": P2,
                                                          "period": THIS_MONTH}),
    ("revenue from tuesday through thursday", "sales",
     {"period": ("2026-11-24", "2026-11-26")}),
    ("this week vs last week on coupang", "sales",
     {"channel": "coupang", "period": THIS_WEEK,
      "compare": ("2026-11-16", "2026-11-20")}),
    ("did we sell more yesterday than the day before yesterday", "sales",
     {"period": YESTERDAY, "compare": ("2026-11-25", "2026-11-25")}),
    ("how much tomato sauce will go out by the end of next week", "forecast",
     {"products": S1, "days": 9}),
    ("has the spaghetti forecast been any good", "forecast_accuracy", {"products": P1}),
    ("what's on order from 한국식품", "open_pos", {"supplier": "한국식품"}),
    ("which lots go off before christmas", "expiring_lots", {"days": 27}),
    ("top 3 sellers on sunday", "top_sellers", {"order": "best", "top_n": 3,
                                                "period": SUNDAY}),
    ("can you write a product description for penne", "unknown", {}),
]

HELDOUT9 = [*HELDOUT9_KO, *HELDOUT9_EN]
