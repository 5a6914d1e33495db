"""An eighth held-out set, written and committed before any copilot change of
session 9 and before its author read the parser's keyword lists (see `git
log` of this file); scored once as it stands.

Written from a small seller's chat box: spacing run together (어제오늘,
재고있나요, 발주해야될거, 믿을만해), typos (펜내, spagetti, whens), slang
(효자상품 = best seller, 악성재고 = stock that does not move, 재고 바닥 보이는
= about to run out), relative dates no other set used (어제오늘, 지난 주말 /
last weekend, N일 이후로, since monday, past 3 weeks, 석달, 연말까지, by
christmas), comparisons against the period before (전주 대비, 그 전달이랑,
"vs the day before", "compared to october"), limits in words (미만, fewer
than), and requests to decline (shipping costs, sending an order).

Definitions chosen here (the oracle follows them, tests/copilot/oracle.py):
- 어제오늘 = yesterday and today (2026-11-26 to 11-27).
- 지난 주말 (지난주말) / last weekend = Saturday 2026-11-21 and Sunday 11-22.
- "11월 10일 이후로" = 11-10 (included) to today; "since monday" = this week.
- "past 3 weeks" = the last 21 days (11-07 to 11-27); 최근 석달 = the last
  90 days (2026-08-30 to 11-27), as 최근 한 달 is the last 30.
- A baseline named as "the period before" (전주, 그 전달, the day before, a
  month name) follows set 6's definition: the compared-with period aligned
  day for day to a period under way (전주 대비 이번주 = 11-16 to 11-20;
  그 전달 of last month = all of September).
- 연말까지 = a forecast through 2026-12-31 (34 days after today); "by
  christmas" = through 12-25 (28 days).
- "30개 미만" = at most 29 units (stock_max 29); "fewer than 40 units" = 39.
- 유효기간 = 유통기한 (expiry); "한달 안 남은" = a 30-day window; "going bad in
  the next 20 days" = a 20-day expiry window.
- "what's not selling on coupang" = the worst sellers there (default 30 days).
- 택배비 (shipping costs) and sending an order are not answerable: unknown.

Each case: (question, expected intent, expected slots). This file must not
be edited after its first commit except to correct an oracle definition,
saying so in bench/README.md.
"""

from .heldout_questions import LAST_MONTH, THIS_MONTH, THIS_WEEK, YESTERDAY

YESTERDAY_TODAY = ("2026-11-26", "2026-11-27")
LAST_WEEKEND = ("2026-11-21", "2026-11-22")
LAST_21 = ("2026-11-07", "2026-11-27")
LAST_90 = ("2026-08-30", "2026-11-27")
P1, P2, P3, P4 = ["PASTA-001"], ["PASTA-002"], ["PASTA-003"], ["PASTA-004"]
S2 = ["SAUCE-002"]

HELDOUT8_KO = [
    ("어제오늘 매출 얼마임", "sales", {"period": YESTERDAY_TODAY}),
    ("지난주말 스마트스토어 판매량", "sales", {"channel": "smartstore",
                                    "period": LAST_WEEKEND}),
    ("11월 10일 이후로 펜내 몇개 팔렸어", "sales",
     {"products": P2, "period": ("2026-11-10", "2026-11-27")}),
    ("최근 석달 소스 매출", "sales", {"category": "소스", "period": LAST_90}),
    ("이번주 매출 전주 대비 어때", "sales",
     {"period": THIS_WEEK, "compare": ("2026-11-16", "2026-11-20")}),
    ("지난달 스파게티 판매 그 전달이랑 비교", "sales",
     {"products": P1, "period": LAST_MONTH, "compare": ("2026-09-01", "2026-09-30")}),
    ("이번달 효자상품 top3", "top_sellers", {"order": "best", "top_n": 3,
                                       "period": THIS_MONTH}),
    ("악성재고 뭐 있어", "slow_movers", {"order": "slow"}),
    ("재고 30개 미만인 거", "stock_below", {"stock_max": 29}),
    ("링귀네 재고있나요", "stock_level", {"products": P4}),
    ("재고 바닥 보이는 상품", "stockout_risk", {}),
    ("연말까지 스파게티 얼마나 팔릴까", "forecast", {"products": P1, "days": 34}),
    ("한국식품 발주해야될거 몇개씩", "order_quantity", {"supplier": "한국식품"}),
    ("바질페스토 발주 넣은거 언제와", "open_pos", {"products": S2}),
    ("유효기간 한달 안 남은 재고", "expiring_lots", {"days": 30}),
    ("예측 믿을만해?", "forecast_accuracy", {}),
    ("택배비 이번달 얼마 나갔어", "unknown", {}),
]

HELDOUT8_EN = [
    ("sales since monday", "sales", {"period": THIS_WEEK}),
    ("how many spagetti did we sell last weekend", "sales",
     {"products": P1, "period": LAST_WEEKEND}),
    ("smartstore revenue over the past 3 weeks", "sales",
     {"channel": "smartstore", "period": LAST_21}),
    ("yesterday's sales vs the day before", "sales",
     {"period": YESTERDAY, "compare": ("2026-11-25", "2026-11-25")}),
    ("how's this month going compared to october", "sales",
     {"period": THIS_MONTH, "compare": ("2026-10-01", "2026-10-27")}),
    ("what's not selling on coupang", "top_sellers", {"order": "worst",
                                                      "channel": "coupang"}),
    ("which items have fewer than 40 units left", "stock_below", {"stock_max": 39}),
    ("is there any fusilli left", "stock_level", {"products": P3}),
    ("how much penne will i sell by christmas", "forecast", {"products": P2,
                                                             "days": 28}),
    ("what do i need to restock from pasta co", "order_quantity",
     {"supplier": "Pasta Co"}),
    ("whens the next delivery coming", "open_pos", {}),
    ("anything going bad in the next 20 days", "expiring_lots", {"days": 20}),
    ("can i trust the forecast for penne", "forecast_accuracy", {"products": P2}),
    ("why is it telling me to order penne", "why_recommendation", {"products": P2}),
    ("where am i sitting on too much stock", "overstock", {}),
    ("any warnings i should look at", "open_alerts", {}),
    ("send the purchase order to pasta co", "unknown", {}),
]

HELDOUT8 = [*HELDOUT8_KO, *HELDOUT8_EN]
