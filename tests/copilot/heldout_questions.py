"""The held-out question set: written BEFORE the parser, never tuned against.

Committed on its own before any parser code existed (see `git log` of this
file). Its phrasings were chosen without looking at the parser's keyword lists;
the parser must not be changed to fit an individual question of this file.
`bench/copilot.py --set heldout` reports its accuracy beside the test set's.

The world is tests/copilot/world.py (business day Friday 2026-11-27, weeks
start on Monday). Each case: (question, expected intent, expected slots).
Slots: products (master SKUs), category, supplier, channel (channel kind),
period (start, end), top_n, days, order ("best" / "worst"). A missing key
means "not stated in the question" (empty).
"""

THIS_WEEK = ("2026-11-23", "2026-11-27")
LAST_WEEK = ("2026-11-16", "2026-11-22")
THIS_MONTH = ("2026-11-01", "2026-11-27")
LAST_MONTH = ("2026-10-01", "2026-10-31")
YESTERDAY = ("2026-11-26", "2026-11-26")

HELDOUT_KO = [
    ("스파게티 몇 개 주문해야 돼?", "order_quantity", {"products": ["PASTA-001"]}),
    ("Pasta Co에 넣을 발주 수량 알려줘", "order_quantity", {"supplier": "Pasta Co"}),
    ("이번주에 발주 넣어야하는거 뭐있어", "order_quantity", {"period": THIS_WEEK}),
    ("곧 재고 떨어질 상품 알려줘", "stockout_risk", {}),
    ("펜네 재고 언제 바닥나?", "stockout_risk", {"products": ["PASTA-002"]}),
    ("푸실리 지금 몇개 남았어?", "stock_level", {"products": ["PASTA-003"]}),
    ("SAUCE-002 재고 며칠치야", "stock_level", {"products": ["SAUCE-002"]}),
    ("어제 자사몰에서 얼마나 팔렸어", "sales", {"channel": "own_mall",
                                       "period": YESTERDAY}),
    ("지난달 소스 카테고리 매출", "sales", {"category": "소스", "period": LAST_MONTH}),
    ("이번 달 스마트스토어 판매 수량", "sales", {"channel": "smartstore",
                                        "period": THIS_MONTH}),
    ("지난 주에 제일 많이 팔린 상품 3개", "top_sellers", {"order": "best", "top_n": 3,
                                             "period": LAST_WEEK}),
    ("판매가 가장 저조한 상품은?", "top_sellers", {"order": "worst"}),
    ("펜네 다음 달 예상 판매량", "forecast", {"products": ["PASTA-002"]}),
    ("PASTA-001 앞으로 14일 수요 예측", "forecast", {"products": ["PASTA-001"],
                                             "days": 14}),
    ("수요 예측이 얼마나 잘 맞아?", "forecast_accuracy", {}),
    ("재고가 너무 많은 상품은 뭐야", "overstock", {}),
    ("유통기한 곧 끝나는 재고 있어?", "expiring_lots", {}),
    ("들어올 예정인 발주 있나요", "open_pos", {}),
    ("지금 확인 안 한 알림 뭐 있어", "open_alerts", {}),
    ("스파게티 추천 발주량 근거가 뭐야?", "why_recommendation", {"products": ["PASTA-001"]}),
    ("바질 재고", "clarify", {}),
    ("직원 연봉 알려줘", "unknown", {}),
]

HELDOUT_EN = [
    ("How many Spaghetti should I buy?", "order_quantity", {"products": ["PASTA-001"]}),
    ("Order quantities for supplier Pasta Co", "order_quantity",
     {"supplier": "Pasta Co"}),
    ("Which items need ordering this week?", "order_quantity", {"period": THIS_WEEK}),
    ("What is about to run out?", "stockout_risk", {}),
    ("When does Penne run out of stock?", "stockout_risk", {"products": ["PASTA-002"]}),
    ("How much Fusilli is left?", "stock_level", {"products": ["PASTA-003"]}),
    ("How many days will SAUCE-002 last?", "stock_level", {"products": ["SAUCE-002"]}),
    ("Units sold yesterday on our own mall", "sales", {"channel": "own_mall",
                                                      "period": YESTERDAY}),
    ("Revenue of the 소스 category last month", "sales", {"category": "소스",
                                                         "period": LAST_MONTH}),
    ("SmartStore sales this month", "sales", {"channel": "smartstore",
                                              "period": THIS_MONTH}),
    ("Top 3 products last week", "top_sellers", {"order": "best", "top_n": 3,
                                                 "period": LAST_WEEK}),
    ("Which product sells the least?", "top_sellers", {"order": "worst"}),
    ("Expected demand for Penne next month", "forecast", {"products": ["PASTA-002"]}),
    ("Forecast PASTA-001 for the next 14 days", "forecast", {"products": ["PASTA-001"],
                                                             "days": 14}),
    ("How good are the forecasts?", "forecast_accuracy", {}),
    ("Do I have too much stock of anything?", "overstock", {}),
    ("Any stock close to its expiry date?", "expiring_lots", {}),
    ("Incoming deliveries?", "open_pos", {}),
    ("Show the active alerts", "open_alerts", {}),
    ("Explain the Spaghetti recommendation", "why_recommendation",
     {"products": ["PASTA-001"]}),
    ("basil stock", "clarify", {}),
    ("What is the weather tomorrow?", "unknown", {}),
]

HELDOUT = [*HELDOUT_KO, *HELDOUT_EN]
