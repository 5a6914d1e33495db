"""A sixth held-out set, written and committed before any copilot change of
session 8b (see `git log` of this file), scored once as it stands.

Its wordings are new (none of them appears in another set): relative days
and weeks (요번주, 지지난주, 이틀 전, 열흘, 보름, "the week before last", "3
days ago"), rankings (1등, 꼴찌, top 3, 베스트), comparisons that NAME their
baseline (작년 대비, 지난달이랑 비교해서, 전년 동기 대비, "vs the same month
last year"), unit words (박스, 개, 건), forecast accuracy ("예측 얼마나
빗나갔어", "how accurate is the forecast"), channel and supplier scopes, and
requests the copilot must decline (opening a store on a channel, pricing
advice, refunds, ad ROAS).

Definitions chosen here (the oracle follows them, tests/copilot/oracle.py):
- 요번주 = 이번주 (Monday 2026-11-23 to today). 지지난주 / the week before last
  = Monday 2026-11-09 to Sunday 11-15. 이틀 전 = 2026-11-25; 3 days ago =
  2026-11-24. 최근 열흘 = the 10 days ending today; 최근 보름 = the 15 days
  ending today; 열흘/보름 as a window ahead = 10/15 days.
- A comparison with a named baseline (slot "compare", read by the oracle for
  the previous figure and checked as a slot when given): the sales of
  "period" are compared with the sales of "compare", not with the calendar's
  previous period. A baseline is the named period aligned day for day to the
  asked one: when the asked period is still under way (this week / month /
  quarter to date), the same number of days from the baseline's start.
  작년 / 전년 / 전년 동기 / "last year" as a baseline of a month, a week or a
  quarter = the same period a year earlier (작년 대비 이번달 = 2025-11-01 to
  2025-11-27).
- "1등" / "top 1" = the best seller only (top_n 1); "꼴찌" alone = the worst
  sellers list (order worst, top_n unset).
- "몇 박스 주문" = how much to order (order_quantity); "재고 몇 박스" = stock.
- "주문 몇 건" = the order count (metric "orders").

Each case: (question, expected intent, expected slots). This file must not
be edited after its first commit except to correct an oracle definition,
saying so in bench/README.md.
"""

from .heldout_questions import LAST_MONTH, LAST_WEEK, THIS_MONTH, THIS_WEEK, YESTERDAY

WEEK_BEFORE_LAST = ("2026-11-09", "2026-11-15")
TWO_DAYS_AGO = ("2026-11-25", "2026-11-25")
THREE_DAYS_AGO = ("2026-11-24", "2026-11-24")
LAST_10 = ("2026-11-18", "2026-11-27")
LAST_15 = ("2026-11-13", "2026-11-27")
THIS_QUARTER = ("2026-10-01", "2026-11-27")
P1, P2, P3, P4 = ["PASTA-001"], ["PASTA-002"], ["PASTA-003"], ["PASTA-004"]
S1, S2, S3 = ["SAUCE-001"], ["SAUCE-002"], ["SAUCE-003"]

HELDOUT6_KO = [
    # Relative days and weeks.
    ("요번주 쿠팡에서 얼마 팔았지", "sales", {"channel": "coupang",
                                     "period": THIS_WEEK}),
    ("지지난주 스파게티 판매량 알려줘", "sales", {"products": P1,
                                          "period": WEEK_BEFORE_LAST}),
    ("이틀 전 매출 얼마였어", "sales", {"period": TWO_DAYS_AGO}),
    ("최근 열흘 펜네 몇 개 나갔어", "sales", {"products": P2, "period": LAST_10}),
    ("최근 보름간 자사몰 판매", "sales", {"channel": "own_mall", "period": LAST_15}),
    ("보름 안에 유통기한 지나는 재고", "expiring_lots", {"days": 15}),
    ("스파게티 열흘 동안 얼마나 팔릴 것 같아", "forecast", {"products": P1, "days": 10}),
    # Comparisons naming their baseline.
    ("작년 대비 이번달 매출 어때", "sales",
     {"period": THIS_MONTH, "compare": ("2025-11-01", "2025-11-27")}),
    ("지난달이랑 비교해서 이번달 스파게티 판매 어때", "sales",
     {"products": P1, "period": THIS_MONTH, "compare": ("2026-10-01", "2026-10-27")}),
    ("전년 동기 대비 이번 분기 매출", "sales",
     {"period": THIS_QUARTER, "compare": ("2025-10-01", "2025-11-27")}),
    ("이번주 쿠팡 매출 지지난주랑 비교해줘", "sales",
     {"channel": "coupang", "period": THIS_WEEK,
      "compare": ("2026-11-09", "2026-11-13")}),
    ("이번달 판매량 9월 대비 얼마나 늘었어", "sales",
     {"period": THIS_MONTH, "compare": ("2026-09-01", "2026-09-27")}),
    ("지난달 펜네 판매 작년 같은 달이랑 비교하면", "sales",
     {"products": P2, "period": LAST_MONTH, "compare": ("2025-10-01", "2025-10-31")}),
    # Rankings.
    ("이번달 판매 1등 상품 뭐야", "top_sellers", {"order": "best", "top_n": 1,
                                         "period": THIS_MONTH}),
    ("지난주 판매 꼴찌는?", "top_sellers", {"order": "worst", "period": LAST_WEEK}),
    ("스마트스토어 베스트 3", "top_sellers", {"order": "best", "top_n": 3,
                                       "channel": "smartstore"}),
    ("소스 중에 제일 안 나가는 거 1개만", "top_sellers",
     {"order": "worst", "top_n": 1, "category": "소스"}),
    # Unit words.
    ("펜네 재고 몇 박스 남았어", "stock_level", {"products": P2}),
    ("토마토 바질 소스 몇 박스 발주?", "order_quantity", {"products": S3}),
    ("바질페스토 몇 개 더 채워야 돼", "order_quantity", {"products": S2}),
    ("어제 스마트스토어 주문 몇 건 들어왔지", "sales",
     {"channel": "smartstore", "period": YESTERDAY, "metric": "orders"}),
    # Forecast accuracy.
    ("예측이 얼마나 빗나갔어", "forecast_accuracy", {}),
    ("링귀네 예측 오차 얼마야", "forecast_accuracy", {"products": P4}),
    # Channel and supplier scopes.
    ("쿠팡 지지난주 판매", "sales", {"channel": "coupang", "period": WEEK_BEFORE_LAST}),
    ("한국식품 물건 요번주 얼마나 팔렸어", "sales", {"supplier": "한국식품",
                                           "period": THIS_WEEK}),
    ("Pasta Co 제품 재고 총 몇 개", "stock_level", {"supplier": "Pasta Co"}),
    ("한국식품 발주 예정인 거 언제 와", "open_pos", {"supplier": "한국식품"}),
    ("푸실리 앞으로 보름 동안 몇 개 팔릴까", "forecast", {"products": P3, "days": 15}),
    # Decline.
    ("스마트스토어 입점하려면 어떻게 해", "unknown", {}),
    ("펜네 얼마에 팔아야 돼", "unknown", {}),
    ("고객한테 환불 해줘야 하는데 어떻게 해", "unknown", {}),
    ("광고 ROAS 얼마 나왔어", "unknown", {}),
    ("토마토 지난주 몇 개 팔렸어", "clarify", {"period": LAST_WEEK}),
]

HELDOUT6_EN = [
    ("coupang sales the week before last", "sales",
     {"channel": "coupang", "period": WEEK_BEFORE_LAST}),
    ("how much did I sell 3 days ago", "sales", {"period": THREE_DAYS_AGO}),
    ("top 3 products last month", "top_sellers", {"order": "best", "top_n": 3,
                                                  "period": LAST_MONTH}),
    ("revenue this month vs the same month last year", "sales",
     {"period": THIS_MONTH, "compare": ("2025-11-01", "2025-11-27")}),
    ("how accurate is the forecast", "forecast_accuracy", {}),
    ("how many units does Pasta Co have in stock", "stock_level",
     {"supplier": "Pasta Co"}),
    ("refund a customer's coupang order", "unknown", {}),
    ("what price should I charge for spaghetti", "unknown", {}),
    ("what's the ROAS on my ads", "unknown", {}),
    ("spaghetti sales this week compared with the week before last", "sales",
     {"products": P1, "period": THIS_WEEK, "compare": ("2026-11-09", "2026-11-13")}),
]

HELDOUT6 = [*HELDOUT6_KO, *HELDOUT6_EN]
