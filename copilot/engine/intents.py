"""Which family a question belongs to: weighted keywords, then a decision list.

Korean keywords are matched on the compact (space-free) text, English ones
as regular expressions on the spaced text. The family whose keywords are the
most specific wins when it scores at least its threshold (SPECIFICITY), so
"수요 예측이 잘 맞아?" is about forecast *accuracy*, not a forecast; otherwise
the highest score wins; below 1.5 nothing is recognised.
"""

from __future__ import annotations

import re

KO: dict[str, tuple[tuple[str, float], ...]] = {
    "order_quantity": (
        ("발주량", 3), ("발주해야", 3), ("발주할", 3), ("주문해야", 3), ("주문할", 3),
        ("주문량", 3), ("발주수량", 3), ("주문수량", 3), ("발주넣", 3), ("발주", 2),
        ("주문", 1.5), ("구매해야", 2.5), ("구매할", 2.5), ("사야", 2), ("입고해야", 2),
        ("채워야", 2), ("보충", 2.5), ("얼마나시켜", 3), ("시켜야", 3),
    ),
    "stockout_risk": (
        ("품절위험", 4), ("품절", 3), ("재고소진", 3), ("소진", 2), ("바닥", 3),
        ("떨어질", 2.5), ("떨어지", 2), ("동나", 3), ("동날", 3), ("결품", 3),
        ("재고부족", 3), ("모자랄", 3), ("부족해질", 3),
    ),
    "stock_level": (
        ("재고", 1.5), ("남았", 2.5), ("남은", 2), ("몇개있", 2.5), ("며칠치", 3),
        ("며칠버", 3), ("며칠분", 3), ("커버", 2), ("보유", 2), ("현재고", 2.5),
        ("재고량", 2), ("재고수량", 2), ("있어", 0.5),
    ),
    "sales": (
        ("판매량", 3), ("판매", 2), ("매출", 3), ("팔린", 2.5), ("팔았", 2.5),
        ("팔렸", 2.5), ("판매수량", 3), ("얼마나팔", 2.5), ("출고량", 2.5),
        ("판매액", 3),
    ),
    "top_sellers": (
        ("베스트", 4), ("제일많이팔", 4), ("가장많이팔", 4), ("많이팔린", 3.5),
        ("잘팔리", 3.5), ("잘팔린", 3.5), ("잘나가", 3.5), ("인기", 3), ("상위", 3),
        ("순위", 3), ("제일안팔", 4), ("가장안팔", 4), ("안팔리", 3.5), ("안팔린", 3.5),
        ("적게팔", 3.5), ("저조", 3), ("부진", 3), ("워스트", 4), ("최하위", 3),
        ("1위", 3), ("효자", 3), ("하위", 3),
    ),
    "forecast": (
        ("예측", 3), ("예상판매", 4), ("예상수요", 4), ("팔릴", 3.5), ("수요예측", 4),
        ("앞으로", 1.5), ("향후", 1.5), ("수요", 2), ("예상", 1.5), ("나갈", 2),
    ),
    "forecast_accuracy": (
        ("정확도", 5), ("정확", 4), ("오차", 4), ("잘맞", 4), ("적중", 4),
        ("맞았", 3), ("wape", 5), ("신뢰", 3),
    ),
    "overstock": (
        ("과잉", 5), ("과다", 4), ("너무많", 4), ("악성재고", 5), ("남아도", 4),
        ("넘치", 3), ("초과재고", 5), ("재고가많", 4), ("많이쌓", 4), ("쌓여", 3.5),
    ),
    "expiring_lots": (
        ("유통기한", 5), ("소비기한", 5), ("만료", 4), ("임박", 3), ("로트", 2),
        ("유효기간", 5),
    ),
    "open_pos": (
        ("발주서", 4), ("입고예정", 5), ("입고될", 4), ("도착", 4), ("들어올", 4),
        ("들어오", 3), ("미입고", 4), ("진행중인발주", 4), ("입고일", 4), ("배송중", 3),
        ("발주현황", 4), ("언제와", 4), ("언제들어", 4),
    ),
    "open_alerts": (
        ("알림", 5), ("경고", 4), ("경보", 4), ("얼럿", 5),
    ),
    "why_recommendation": (
        ("왜", 4), ("이유", 4), ("근거", 4), ("설명", 3), ("어떻게계산", 4),
        ("어떻게나온", 4), ("산출", 3),
    ),
}
EN: dict[str, tuple[tuple[str, float], ...]] = {
    "order_quantity": (
        (r"how (many|much)\b.*\b(order|buy|purchase|reorder)", 3),
        (r"order(ing)? quantit", 3), (r"\breorder", 2.5),
        (r"\bneeds? (to be )?order", 3), (r"should (i|we) (order|buy|purchase)", 3),
        (r"\bto order\b", 2.5), (r"\border\b", 1.5), (r"\bordering\b", 2),
        (r"\bbuy\b", 1.5), (r"\brestock", 2.5), (r"purchase quantit", 3),
        (r"\breplenish", 2.5),
    ),
    "stockout_risk": (
        (r"stock-?outs?\b", 4), (r"\brun(s|ning)? out\b", 3.5), (r"out of stock", 3),
        (r"\bsell(s)? out\b", 2.5), (r"\bsold out\b", 2.5), (r"\brisk", 1.5),
        (r"\bshortage", 3), (r"\brun dry\b", 3),
    ),
    "stock_level": (
        (r"\bstock\b", 1.5), (r"on hand", 3), (r"\bleft\b", 2.5),
        (r"days? of (cover|supply|stock)", 4), (r"\bcover", 2),
        (r"how many\b.*\bhave\b", 2), (r"\blast(\s*$)", 3), (r"how many days", 2.5),
        (r"\binventory\b", 1.5), (r"\bin stock\b", 2), (r"stock level", 3),
    ),
    "sales": (
        (r"\bsales\b", 3), (r"\bsold\b", 3), (r"\brevenue", 3), (r"\bsell\b", 1),
        (r"\bturnover\b", 2.5), (r"units sold", 3),
        (r"\bdid (we|i|you) sell\b", 3),
    ),
    "top_sellers": (
        (r"best[- ]?sell", 4), (r"top[- ]?sell", 4), (r"\btop \d+", 3), (r"\btop\b", 2),
        (r"\bworst", 3.5), (r"(sells|sold|selling) (the )?(most|least)", 4),
        (r"\bleast\b", 2.5), (r"slow[- ]?mov", 3.5), (r"most sold", 4),
        (r"best products", 3), (r"\bpopular", 3), (r"\branking", 3),
        (r"(highest|lowest) sales", 4), (r"\bbottom \d+", 3),
    ),
    "forecast": (
        (r"forecast", 3.5), (r"\bwill\b.*\bsell\b", 3.5), (r"\bpredict", 3),
        (r"expected (demand|sales)", 4), (r"\bdemand\b", 2), (r"next \d+ days", 1.5),
        (r"going to sell", 3.5), (r"\bprojected", 2), (r"\bexpect", 1.5),
    ),
    "forecast_accuracy": (
        (r"accura", 5), (r"\berrors?\b", 3), (r"\bwape\b", 5), (r"\bmape\b", 5),
        (r"how good\b.*\bforecast", 5), (r"how reliable", 4), (r"\bbias\b", 3),
        (r"how (well|close)\b.*\bforecast", 5), (r"forecast(ing)? errors?", 5),
    ),
    "overstock": (
        (r"over-?stock", 5), (r"\bexcess", 4), (r"too much", 4), (r"\bsurplus", 4),
        (r"too many", 3), (r"dead stock", 5), (r"slow stock", 3),
    ),
    "expiring_lots": (
        (r"\bexpir", 5), (r"best before", 5), (r"shelf life", 4), (r"\blots?\b", 2),
        (r"use-by", 5), (r"sell-by", 4),
    ),
    "open_pos": (
        (r"purchase orders?", 4), (r"\bpos?\b", 3), (r"open orders", 4),
        (r"\barriv", 4), (r"\bincoming", 4), (r"\bdeliver", 3), (r"on order", 3),
        (r"\binbound", 3), (r"\bdue\b", 2), (r"\bpending orders", 4),
    ),
    "open_alerts": (
        (r"\balerts?\b", 5), (r"\bwarnings?\b", 4), (r"\bnotifications?\b", 4),
    ),
    "why_recommendation": (
        (r"\bwhy\b", 4), (r"\breasons?\b", 4), (r"\bexplain", 4),
        (r"how (is|was|are)\b.*\b(calculated|computed)", 4), (r"\bbasis\b", 3),
        (r"\bjustif", 3),
    ),
}
# Most specific first, with the score that makes a family win outright.
SPECIFICITY: tuple[tuple[str, float], ...] = (
    ("why_recommendation", 4),
    ("forecast_accuracy", 4),
    ("expiring_lots", 4),
    ("open_alerts", 4),
    ("overstock", 4),
    ("open_pos", 4),
    ("stockout_risk", 3),
    ("top_sellers", 3.5),
    ("forecast", 3.5),
    ("order_quantity", 3),
    ("sales", 3),
)
MINIMUM = 1.5
_COMPILED = {intent: tuple((re.compile(p), w) for p, w in rules)
             for intent, rules in EN.items()}


def intent_scores(text: str, flat: str) -> dict[str, float]:
    """Every family's keyword score for the question."""
    scores: dict[str, float] = {}
    for intent, rules in KO.items():
        scores[intent] = sum(weight for word, weight in rules if word in flat)
    for intent, rules in _COMPILED.items():
        scores[intent] = scores.get(intent, 0.0) + sum(
            weight for pattern, weight in rules if pattern.search(text))
    return scores


def classify(scores: dict[str, float]) -> str:
    """The family the scores point to, or "unknown"."""
    for intent, threshold in SPECIFICITY:
        if scores.get(intent, 0.0) >= threshold:
            return intent
    intent, best = max(scores.items(), key=lambda item: item[1])
    return intent if best >= MINIMUM else "unknown"
