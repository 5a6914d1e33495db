"""A seventh question set, a probe: written after session 8b's fixes (made
from held-out set 6's and probe 5's misses), run once as it stands and never
tuned against, so that its first score says how far those fixes generalise.
Nothing in the copilot may be changed for one of its questions.

New wordings: 엊그제, 나흘 전, "지난주 월요일", 전월 대비, 작년 동월 대비, "2주 전이랑
비교", 2등까지, 워스트 3, 몇 봉지, 몇 건 팔렸어, "보름 뒤까지", 판매자 등록, "판매가
적당한지", "5 days ago", "same period last year", "how wrong", "how many boxes
… reorder", "what should I charge".

Definitions: 엊그제 = the day before yesterday (2026-11-25); 지난주 월요일 =
2026-11-16; a named baseline follows set 6's definition (aligned day for day
to a period under way; 작년 동월 / same period last year = the asked period a
year earlier); "2등까지" = top 2; "best seller" without a number = the list
(top_n unset).
"""

from .heldout_questions import LAST_MONTH, LAST_WEEK, THIS_MONTH, THIS_WEEK, YESTERDAY

P1, P2, S2 = ["PASTA-001"], ["PASTA-002"], ["SAUCE-002"]

HELDOUT7_KO = [
    ("엊그제 매출", "sales", {"period": ("2026-11-25", "2026-11-25")}),
    ("지난주 월요일 매출", "sales", {"period": ("2026-11-16", "2026-11-16")}),
    ("나흘 전 펜네 몇 개 팔렸어", "sales", {"products": P2,
                                    "period": ("2026-11-23", "2026-11-23")}),
    ("전월 대비 이번달 소스 매출", "sales",
     {"category": "소스", "period": THIS_MONTH, "compare": ("2026-10-01", "2026-10-27")}),
    ("작년 동월 대비 지난달 자사몰 매출", "sales",
     {"channel": "own_mall", "period": LAST_MONTH,
      "compare": ("2025-10-01", "2025-10-31")}),
    ("이번주 매출 2주 전이랑 비교", "sales",
     {"period": THIS_WEEK, "compare": ("2026-11-09", "2026-11-13")}),
    ("스마트스토어에서 판매 2등까지", "top_sellers",
     {"order": "best", "top_n": 2, "channel": "smartstore"}),
    ("자사몰 워스트 3", "top_sellers", {"order": "worst", "top_n": 3,
                                   "channel": "own_mall"}),
    ("스파게티 몇 봉지 남음", "stock_level", {"products": P1}),
    ("한국식품 물건 몇 개 더 발주해야 함", "order_quantity", {"supplier": "한국식품"}),
    ("수요 예측 정확해?", "forecast_accuracy", {}),
    ("스파게티 예측 얼마나 맞았어", "forecast_accuracy", {"products": P1}),
    ("Pasta Co 물건 지난달 매출", "sales", {"supplier": "Pasta Co",
                                       "period": LAST_MONTH}),
    ("쿠팡 어제 몇 건 팔렸어", "sales", {"channel": "coupang", "period": YESTERDAY,
                                  "metric": "orders"}),
    ("보름 뒤까지 펜네 얼마나 나갈까", "forecast", {"products": P2, "days": 15}),
    ("스마트스토어 수수료 얼마 나갔어", "unknown", {}),
    ("환불 요청 들어온 거 처리해줘", "unknown", {}),
    ("판매가 적당한지 봐줘", "unknown", {}),
    ("쿠팡 판매자 등록 어떻게 해", "unknown", {}),
]

HELDOUT7_EN = [
    ("sales 5 days ago", "sales", {"period": ("2026-11-22", "2026-11-22")}),
    ("best seller on coupang last week", "top_sellers",
     {"order": "best", "channel": "coupang", "period": LAST_WEEK}),
    ("penne this month vs same period last year", "sales",
     {"products": P2, "period": THIS_MONTH, "compare": ("2025-11-01", "2025-11-27")}),
    ("how wrong were the forecasts", "forecast_accuracy", {}),
    ("how many boxes of penne should I reorder", "order_quantity", {"products": P2}),
    ("what should I charge for basil pesto", "unknown", {}),
]

HELDOUT7 = [*HELDOUT7_KO, *HELDOUT7_EN]
