"""A fourth held-out set, written and committed before any copilot change of
session 8 (see `git log` of this file), scored once as it stands.

Style: what a Korean seller types into the box between two other jobs —
반말, missing or extra spaces, slips (꼴지 for 꼴찌), channel nicknames (스스,
네이버, 쿠팡), relative dates the earlier sets never used (저번주, 그저께,
이번 분기, 지난 분기, 작년 이맘때), comparisons with only the baseline named
("저번주보다 늘었나": this week is meant), rankings (제일 안 팔리는, 꼴지), stock
turnover (회전, 오래 묵은), "품절 난 거" (out of stock *now*), "다음주에 발주해야
할 거", expiry, supplier and category scopes, and questions the copilot must
decline (a request to change data, people, settlement money) or ask back about
(토마토 names two products). A few English ones, including "slow sellers last
month", known before this set was written not to be understood.

Definitions chosen here (the oracle follows them, tests/copilot/oracle.py):
- 이번 분기 / this quarter: 1 October to today; compared with the same days of
  the quarter before. 지난 분기 / last quarter: July to September.
- 작년 이맘때 / same time last year: the same calendar month last year (whole).
- "다음주에 발주해야 할 거" / "order next week": what needs ordering now plus
  what must be ordered by the end of next week (order-by date ≤ Sunday
  2026-12-06); its period slot is next week.
- "주문 몇 건" / "how many orders": the count of orders (metric "orders"), not
  units.
- "안 팔린 상품" / "slow sellers <period>": the worst sellers of that period.
- "품절 난 거" / "out of stock": products with 0 on hand now (stock_max 0).

Each case: (question, expected intent, expected slots); "metric" and
"stock_max" are read by the oracle only. This file must not be edited after
its first commit except to correct an oracle definition, saying so in
bench/README.md.
"""

from .heldout_questions import LAST_MONTH, LAST_WEEK, THIS_MONTH, THIS_WEEK, YESTERDAY

DAY_BEFORE_YESTERDAY = ("2026-11-25", "2026-11-25")
LAST_14 = ("2026-11-14", "2026-11-27")
THIS_QUARTER = ("2026-10-01", "2026-11-27")
LAST_QUARTER = ("2026-07-01", "2026-09-30")
SAME_MONTH_LAST_YEAR = ("2025-11-01", "2025-11-30")
NEXT_WEEK = ("2026-11-30", "2026-12-06")
P1, P2, P4 = ["PASTA-001"], ["PASTA-002"], ["PASTA-004"]
S1, S2 = ["SAUCE-001"], ["SAUCE-002"]

HELDOUT4_KO = [
    # Sales with relative dates, channel nicknames, scopes.
    ("지난달 스파게티 몇개 팔렸음", "sales", {"products": P1, "period": LAST_MONTH}),
    ("저번주 쿠팡 매출 얼마나 나왔어", "sales", {"channel": "coupang",
                                        "period": LAST_WEEK}),
    ("이번 분기 매출 얼마야", "sales", {"period": THIS_QUARTER}),
    ("지난 분기 펜네 판매량", "sales", {"products": P2, "period": LAST_QUARTER}),
    ("작년 이맘때 매출은?", "sales", {"period": SAME_MONTH_LAST_YEAR}),
    ("스파게티 이번달 지난달보다 늘었어?", "sales", {"products": P1,
                                            "period": THIS_MONTH}),
    ("쿠팡 저번주보다 늘었나", "sales", {"channel": "coupang", "period": THIS_WEEK}),
    ("스스 이번주 판매 어땠어", "sales", {"channel": "smartstore",
                                  "period": THIS_WEEK}),
    ("네이버 어제 몇개 나감", "sales", {"channel": "smartstore", "period": YESTERDAY}),
    ("소스류 지난달 매출", "sales", {"category": "소스", "period": LAST_MONTH}),
    ("한국식품 제품 저번달 얼마 팔았어", "sales", {"supplier": "한국식품",
                                         "period": LAST_MONTH}),
    ("최근 2주 자사몰 판매", "sales", {"channel": "own_mall", "period": LAST_14}),
    ("그저께 쿠팡 주문 몇 건이야", "sales", {"channel": "coupang",
                                     "period": DAY_BEFORE_YESTERDAY,
                                     "metric": "orders"}),
    # Rankings.
    ("지난달 안 팔린 상품", "top_sellers", {"order": "worst", "period": LAST_MONTH}),
    ("이번주 제일 안 팔리는거", "top_sellers", {"order": "worst", "period": THIS_WEEK}),
    ("쿠팡에서 젤 많이 나간거 top3", "top_sellers", {"order": "best", "top_n": 3,
                                            "channel": "coupang"}),
    ("파스타 중에 뭐가 제일 잘나감", "top_sellers", {"order": "best",
                                         "category": "Pasta"}),
    ("매출 순으로 상위 5개", "top_sellers", {"order": "best", "top_n": 5,
                                      "metric": "revenue"}),
    ("지난주 매출 꼴지 상품", "top_sellers", {"order": "worst", "period": LAST_WEEK,
                                      "metric": "revenue"}),
    # Stock now, below a level, turnover.
    ("품절 난 거 있어?", "stock_below", {"stock_max": 0}),
    ("지금 재고 0인 상품", "stock_below", {"stock_max": 0}),
    ("재고 50개 이하인 상품", "stock_below", {"stock_max": 50}),
    ("링귀네 재고 얼마나 있음", "stock_level", {"products": P4}),
    ("바질페스토 몇 개 있어", "stock_level", {"products": S2}),
    ("재고 회전 느린 상품", "slow_movers", {"order": "slow"}),
    ("회전율 제일 좋은 거", "slow_movers", {"order": "fast"}),
    ("창고에 오래 묵은 재고", "slow_movers", {"order": "slow"}),
    # Ordering and stock-outs.
    ("다음주에 발주해야 할 거", "order_quantity", {"period": NEXT_WEEK}),
    ("한국식품 발주 넣을 거 있나", "order_quantity", {"supplier": "한국식품"}),
    ("소스 카테고리 뭐 주문해야돼", "order_quantity", {"category": "소스"}),
    ("스파게티 몇 개 더 들여야 돼", "order_quantity", {"products": P1}),
    ("곧 품절될 것 같은 거", "stockout_risk", {}),
    ("펜네 언제쯤 다 떨어져", "stockout_risk", {"products": P2}),
    # Expiry, forecasts, purchase orders, alerts, why.
    ("유통기한 임박한 거 뭐 있어", "expiring_lots", {}),
    ("유통기한 2주 남은 재고", "expiring_lots", {"days": 14}),
    ("토마토소스 유통기한 언제까지야", "expiring_lots", {"products": S1}),
    ("다음주 펜네 얼마나 나갈까", "forecast", {"products": P2, "days": 7}),
    ("스파게티 다음달 수요", "forecast", {"products": P1, "days": 30}),
    ("주문 넣은거 언제 도착해", "open_pos", {}),
    ("Pasta Co 입고 예정", "open_pos", {"supplier": "Pasta Co"}),
    ("경고 뜬 거 있어?", "open_alerts", {}),
    ("펜네 추천 발주량 왜 그렇게 나왔어", "why_recommendation", {"products": P2}),
    # Ask back, or decline.
    ("토마토 얼마나 팔렸어", "clarify", {}),
    ("직원 월급 얼마야", "unknown", {}),
    ("스파게티 가격 좀 올려줘", "unknown", {}),
    ("쿠팡 정산 언제 들어와", "unknown", {}),
]

HELDOUT4_EN = [
    ("slow sellers last month", "top_sellers", {"order": "worst",
                                                "period": LAST_MONTH}),
    ("whats out of stock rn", "stock_below", {"stock_max": 0}),
    ("sales this quarter vs last", "sales", {"period": THIS_QUARTER}),
    ("what do i need to order next week", "order_quantity", {"period": NEXT_WEEK}),
    ("same time last year sales", "sales", {"period": SAME_MONTH_LAST_YEAR}),
    ("anything expiring in the next two weeks", "expiring_lots", {"days": 14}),
    ("did coupang sales go up from last week", "sales", {"channel": "coupang",
                                                         "period": THIS_WEEK}),
    ("how many orders on smartstore yesterday", "sales",
     {"channel": "smartstore", "period": YESTERDAY, "metric": "orders"}),
    ("inventory turnover", "slow_movers", {"order": "slow"}),
    ("delete all my products", "unknown", {}),
]

HELDOUT4 = [*HELDOUT4_KO, *HELDOUT4_EN]
