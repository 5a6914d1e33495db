"""A second held-out set, written after the parser existed, committed before it
was ever run, and never tuned against (phrasings chosen to be unlike the test
set: colloquial, reordered, abbreviated). Reported by bench/copilot.py
--set heldout2. It was held out until the parser's generalisation layer; since
then it is the DEVELOPMENT set of that layer (its misses guided the
vocabulary), and the held-out figure is tests/copilot/heldout3_questions.py.
"""

from .heldout_questions import LAST_MONTH, LAST_WEEK, THIS_MONTH, THIS_WEEK, YESTERDAY

HELDOUT2_KO = [
    ("스파게티 얼마나 더 시켜야 함?", "order_quantity", {"products": ["PASTA-001"]}),
    ("이번 주 안에 주문 넣을 품목 정리해줘", "order_quantity", {"period": THIS_WEEK}),
    ("한국식품 쪽 발주 필요한 거", "order_quantity", {"supplier": "한국식품"}),
    ("재고 바닥날 위험 있는 품목 순서대로", "stockout_risk", {}),
    ("펜네는 며칠 후에 품절 나?", "stockout_risk", {"products": ["PASTA-002"]}),
    ("창고에 푸실리 몇 박스 있어", "stock_level", {"products": ["PASTA-003"]}),
    ("토마토소스 재고일수", "stock_level", {"products": ["SAUCE-001"]}),
    ("쿠팡 어제 판매 실적", "sales", {"channel": "coupang", "period": YESTERDAY}),
    ("지난달 대비 이번달 매출 어때", "sales", {"period": THIS_MONTH}),
    ("네이버에서 지난주에 몇 개 나갔어", "sales", {"channel": "smartstore",
                                          "period": LAST_WEEK}),
    ("이번 달 효자 상품 top3", "top_sellers", {"order": "best", "top_n": 3,
                                         "period": THIS_MONTH}),
    ("지난달 판매 꼴찌 상품", "top_sellers", {"order": "worst", "period": LAST_MONTH}),
    ("바질 페스토 향후 2주 수요", "forecast", {"products": ["SAUCE-002"], "days": 14}),
    ("예측 오차율 알려줘", "forecast_accuracy", {}),
    ("악성 재고 금액", "overstock", {}),
    ("소비기한 임박 재고", "expiring_lots", {}),
    ("발주 넣은 거 언제 입고돼?", "open_pos", {}),
    ("경고 뜬 거 있어?", "open_alerts", {}),
    ("스파게티 발주 추천 수량이 왜 그렇게 나왔어", "why_recommendation",
     {"products": ["PASTA-001"]}),
]

HELDOUT2_EN = [
    ("need to restock spaghetti? how many", "order_quantity",
     {"products": ["PASTA-001"]}),
    ("POs I should place this week", "order_quantity", {"period": THIS_WEEK}),
    ("items at risk of selling out", "stockout_risk", {}),
    ("penne stock-out date", "stockout_risk", {"products": ["PASTA-002"]}),
    ("fusilli on hand?", "stock_level", {"products": ["PASTA-003"]}),
    ("how did coupang do yesterday", "sales", {"channel": "coupang",
                                               "period": YESTERDAY}),
    ("naver units last week", "sales", {"channel": "smartstore",
                                        "period": LAST_WEEK}),
    ("bottom 2 sellers last month", "top_sellers", {"order": "worst", "top_n": 2,
                                                    "period": LAST_MONTH}),
    ("projected penne demand over the next 2 weeks", "forecast",
     {"products": ["PASTA-002"], "days": 14}),
    ("is the forecast any good for fusilli", "forecast_accuracy",
     {"products": ["PASTA-003"]}),
    ("how much cash is tied up in excess inventory", "overstock", {}),
    ("lots past or near expiry", "expiring_lots", {}),
    ("what's on order and when does it land", "open_pos", {}),
    ("anything flagged?", "open_alerts", {}),
    ("why that order quantity for PASTA-001", "why_recommendation",
     {"products": ["PASTA-001"]}),
]

HELDOUT2 = [*HELDOUT2_KO, *HELDOUT2_EN]
