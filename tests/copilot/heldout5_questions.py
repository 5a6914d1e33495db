"""A fifth question set, a probe: written after session 8's fixes (made from
held-out set 4's misses), run once as it stands and never tuned against, so
that its first score says how far those fixes generalise. Nothing in the
copilot may be changed for one of its questions.

Phrasings none of the other sets use: 요번주, 지지난주, 이틀 전, 열흘, 10월 한 달,
"the week before last", "1등", supplier-scoped stock, ordering "for next
month", and more requests to decline (입점 방법, pricing advice, a refund).

Definitions: 지지난주 / the week before last = Monday 2026-11-09 to Sunday
11-15; 이틀 전 = 2026-11-25; 최근 한 달 = the last 30 days; "1등" = top 1;
"reorder for next month" = what needs ordering now plus order-by dates up to
2026-12-31.
"""

from .heldout_questions import LAST_MONTH, THIS_MONTH, THIS_WEEK

WEEK_BEFORE_LAST = ("2026-11-09", "2026-11-15")
TWO_DAYS_AGO = ("2026-11-25", "2026-11-25")
LAST_30 = ("2026-10-29", "2026-11-27")
THIS_QUARTER = ("2026-10-01", "2026-11-27")
NEXT_MONTH = ("2026-12-01", "2026-12-31")

HELDOUT5_KO = [
    ("요번주 스마트스토어 몇개 팔렸어", "sales", {"channel": "smartstore",
                                       "period": THIS_WEEK}),
    ("지지난주 매출", "sales", {"period": WEEK_BEFORE_LAST}),
    ("이틀 전 쿠팡 판매", "sales", {"channel": "coupang", "period": TWO_DAYS_AGO}),
    ("최근 한 달 펜네 판매량", "sales", {"products": ["PASTA-002"], "period": LAST_30}),
    ("10월 한 달 매출", "sales", {"period": LAST_MONTH}),
    ("소스 제품 중 매출 1등", "top_sellers", {"order": "best", "top_n": 1,
                                      "category": "소스", "metric": "revenue"}),
    ("품절 상품 몇 개야", "stock_below", {"stock_max": 0}),
    ("재고 10개 미만", "stock_below", {"stock_max": 9}),
    ("한국식품 쪽 재고 얼마나 있어", "stock_level", {"supplier": "한국식품"}),
    ("이번주 안에 주문 넣어야 되는 거", "order_quantity", {"period": THIS_WEEK}),
    ("Pasta Co에 뭐 시켜야 돼", "order_quantity", {"supplier": "Pasta Co"}),
    ("펜네 추가로 몇 박스 주문?", "order_quantity", {"products": ["PASTA-002"]}),
    ("링귀네 언제 동나", "stockout_risk", {"products": ["PASTA-004"]}),
    ("열흘 안에 유통기한 끝나는 거", "expiring_lots", {"days": 10}),
    ("바질페스토 한 달 동안 얼마나 팔릴까", "forecast", {"products": ["SAUCE-002"],
                                             "days": 30}),
    ("토마토 바질 소스 다음 2주 예상", "forecast", {"products": ["SAUCE-003"],
                                          "days": 14}),
    ("예측 얼마나 틀렸어", "forecast_accuracy", {}),
    ("창고에 너무 많이 쌓인 거", "overstock", {}),
    ("들어올 물건 뭐 있어", "open_pos", {}),
    ("오늘 뜬 알림", "open_alerts", {}),
    ("스파게티 왜 그렇게 많이 사라고 해?", "why_recommendation",
     {"products": ["PASTA-001"]}),
    ("토마토 언제 품절돼", "clarify", {}),
    ("우리 회사 직원 몇 명이야", "unknown", {}),
    ("쿠팡 로켓배송 입점 방법", "unknown", {}),
    ("스파게티 가격 얼마로 해야 돼", "unknown", {}),
]

HELDOUT5_EN = [
    ("units sold on naver the week before last", "sales",
     {"channel": "smartstore", "period": WEEK_BEFORE_LAST}),
    ("what's my best seller this quarter", "top_sellers",
     {"order": "best", "period": THIS_QUARTER}),
    ("stuff with under 10 units left", "stock_below", {"stock_max": 9}),
    ("reorder for next month", "order_quantity", {"period": NEXT_MONTH}),
    ("which lots go bad within 10 days", "expiring_lots", {"days": 10}),
    ("refund the last coupang order", "unknown", {}),
    ("how's penne trending vs last month", "sales", {"products": ["PASTA-002"],
                                                    "period": THIS_MONTH}),
]

HELDOUT5 = [*HELDOUT5_KO, *HELDOUT5_EN]
