"""Which family a question belongs to: weighted keywords, then a decision list.

Korean keywords are matched on the compact (space-free) text, English ones
as regular expressions on the spaced text. The family whose keywords are the
most specific wins when it scores at least its threshold (SPECIFICITY), so
"수요 예측이 잘 맞아?" is about forecast *accuracy*, not a forecast; otherwise
the highest score wins; below 1.5 nothing is recognised.
"""

from __future__ import annotations

import re

from .cues import cue_scores

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
        ("효자", 3), ("하위", 3),
        # Sorting words: "매출 순으로", "많이 팔린 순", "적은 순".
        ("순으로", 2), ("순서로", 2), ("많은순", 4), ("적은순", 4), ("높은순", 4),
        ("낮은순", 4), ("팔린순", 4), ("오름차순", 4), ("내림차순", 4),
    ),
    "forecast": (
        ("예측", 3), ("예상판매", 4), ("예상수요", 4), ("예상매출", 4), ("팔릴", 3.5), ("수요예측", 4),
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
    # A stock-out before the order can arrive (발주해도 늦는 상품).
    "late_stockout": (
        ("발주해도늦", 6), ("주문해도늦", 6), ("시켜도늦", 6), ("발주해도품절", 6),
        ("입고전에품절", 6), ("입고전품절", 6), ("입고되기전에품절", 6),
        ("도착전에품절", 6), ("도착전품절", 6), ("도착하기전에품절", 6),
        ("들어오기전에품절", 6), ("입고전에재고가떨어", 6), ("입고전에소진", 6),
        ("도착전에소진", 6), ("입고보다먼저품절", 6),
    ),
    # Days of cover ranked: what sits longest on the shelf (재고 회전율).
    "slow_movers": (
        ("회전율", 5), ("재고회전", 5), ("회전이느", 5), ("회전느린", 5), ("회전이빠", 5),
        ("회전빠른", 5), ("오래남", 5), ("오래쌓", 5), ("장기재고", 5), ("장기체류", 5),
        ("재고오래", 5),
        # Stock that has sat ("묵은 재고", "오래 묵은") or does not turn.
        ("오래묵", 5), ("묵은재고", 5), ("묵혀", 4), ("묵어", 4), ("회전안", 5),
        ("회전", 5), ("잘도는", 4), ("안도는", 4),
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
        ("어떻게나온", 4), ("산출", 3), ("안전재고", 4), ("재주문점", 4), ("발주점", 4),
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
        (r"best[- ]?sell", 4), (r"top[- ]?sell", 4), (r"\btop[ -]?\d+", 3), (r"\btop\b", 2),
        (r"\bworst", 3.5), (r"(sells|sold|selling) (the )?(most|least)", 4),
        (r"\bleast\b", 2.5), (r"most sold", 4),
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
    "late_stockout": (
        (r"\b(run|runs|running|sell|sells|selling|be) (out|sold out|out of stock) "
         r"before\b.*\b(order|po|delivery|shipment|restock|it|they)s?\b.*"
         r"\b(arriv|come|land|get here|in\b)", 6),
        (r"\bbefore (the |their |its |an? )?(new |next )?(order|po|delivery|restock|"
         r"shipment|replenishment)s? (can )?(arrives?|comes? in|lands?|gets? here)", 6),
        (r"\btoo late to (re)?order\b", 6), (r"\beven if (we|i) (re)?order", 6),
    ),
    "slow_movers": (
        (r"slow[- ]?mov", 5), (r"fast[- ]?mov", 5), (r"\b(inventory|stock) turn", 5),
        (r"\bturnover (rate|ratio)", 5), (r"\b(low|slow|high|fast) turnover\b", 5),
        (r"\b(most|longest|highest) days? of (cover|supply|stock)", 5),
        (r"\bsits? (on the shelf|longest)", 5),
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
        (r"\bsafety stock\b", 4), (r"\breorder point\b", 4),
        (r"\bjustif", 3),
    ),
}
# Chat-style vocabulary of sellers and their staff: 반말/존댓말 verb stems
# (팔리-/나가-/들어오-/입고되- in any ending, matched as stems on the compact
# text), trade slang (품절각, 효자, 꼴찌, 과재고) and colloquial English. Kept
# apart from the core lists so the generalisation layer is visible.
COLLOQUIAL_KO: dict[str, tuple[tuple[str, float], ...]] = {
    "order_quantity": (
        ("발주각", 3), ("시킬", 3), ("시켜", 2.5), ("넣을까", 1.5), ("넣어야", 1.5),
        ("추가발주", 3), ("재발주", 3), ("발주필요", 3), ("발주낼", 3), ("주문낼", 3),
        ("채울", 2), ("들여야", 2.5), ("들여놓", 2.5), ("몇박스시", 3),
    ),
    "stockout_risk": (
        ("품절각", 4), ("품절나", 3), ("품절되", 3), ("품절돼", 3), ("품절날", 3),
        ("떨어지는", 2.5), ("떨어져", 2.5), ("곧떨어", 3), ("동날", 3), ("바닥나", 3),
        ("없어질", 3), ("다팔리", 2.5), ("재고없", 2.5), ("간당", 3), ("아슬", 2.5),
    ),
    "stock_level": (
        ("몇개", 1), ("몇박스", 2), ("창고", 2), ("남음", 2.5), ("남아", 2.5),
        ("버텨", 3), ("버틸", 3), ("며칠치", 3), ("재고확인", 2.5), ("재고현황", 3),
        ("얼마나있", 2), ("몇개있", 2.5),
    ),
    "sales": (
        ("나갔", 2.5), ("나간", 2), ("팔았", 2.5), ("팔렸", 2.5), ("팔림", 2.5),
        ("팔려", 2), ("몇건", 3), ("주문건", 3), ("주문들어", 3), ("실적", 3),
        ("장사", 3), ("벌었", 3), ("판매어때", 3),
    ),
    "top_sellers": (
        ("꼴찌", 4), ("꼴등", 4), ("젤잘", 4), ("제일잘", 4), ("젤많이", 4),
        ("젤안", 4), ("안나가", 4), ("안나간", 4), ("안나갔", 4), ("뭐가잘", 3.5),
        ("잘나갔", 3.5), ("잘나간", 3.5), ("대박", 3), ("효자", 3), ("효녀", 3),
        ("탑", 3), ("안팔렸", 3.5),
    ),
    "forecast": (
        ("팔릴까", 3.5), ("나갈거", 3), ("나갈까", 3), ("예상좀", 2), ("전망", 3),
        ("얼마나팔릴", 4), ("얼마나나갈", 4),
    ),
    "forecast_accuracy": (
        ("빗나", 4), ("틀렸", 4), ("틀린", 4), ("틀려", 4), ("어긋", 4), ("맞고있", 4),
        ("믿을만", 4), ("정확함", 4),
    ),
    "overstock": (
        ("과재고", 5), ("쌓인", 3.5), ("쌓였", 3.5), ("재고너무", 4), ("안빠지", 4),
        ("안빠져", 4), ("묶인", 3), ("묶여", 3), ("재고과다", 5),
    ),
    "expiring_lots": (
        ("기한임박", 5), ("날짜임박", 4), ("상할", 3), ("기한지난", 5), ("폐기", 3),
    ),
    "open_pos": (
        ("들어와", 4), ("들어옴", 4), ("입고돼", 4), ("입고되", 4), ("입고됨", 4),
        ("입고언제", 4), ("언제입고", 4), ("발주한거", 3), ("발주넣은", 2),
        ("주문한거", 2.5), ("오는중", 4), ("미도착", 4),
    ),
    "open_alerts": (
        ("알림뜬", 5), ("떴", 1.5), ("뜬거", 1.5), ("확인해야", 2), ("챙겨야", 2.5),
        ("문제있", 3), ("이상있", 3),
    ),
    "why_recommendation": (
        ("왜이", 4), ("왜그", 4), ("왜케", 4), ("어째서", 4), ("뭐때문", 4),
    ),
}
COLLOQUIAL_EN: dict[str, tuple[tuple[str, float], ...]] = {
    "order_quantity": (
        (r"\b(i|we) (should|need to|have to|gotta) (order|place|buy|get|reorder)", 3),
        (r"should (i|we) (get|place)\b", 3), (r"\bneed to (order|reorder|buy)", 3),
        (r"\bplace (an? |the )?(order|po)s?\b", 3), (r"\btop up\b", 2.5),
        (r"\bre-?up\b", 2),
    ),
    "stockout_risk": (
        (r"\brun(s|ning)? low\b", 3.5), (r"\blow on\b", 3), (r"stock(s|ing)? out\b", 4),
        (r"\brunning (thin|short)\b", 3.5), (r"\bsell(ing)? out\b", 2.5),
        (r"\bout soon\b", 3),
    ),
    "stock_level": (
        (r"\bhow long\b.*\blast\b", 3), (r"\bwhat do (we|i) have\b", 2.5),
        (r"\bin the warehouse\b", 2.5), (r"\bstock count\b", 3),
    ),
    "sales": (
        (r"\bhow (did|does|is|was|'s)\b.*\b(do|doing|did|perform|performing|going)\b",
         3), (r"\bhow's\b.*\b(doing|going)\b", 3),
        (r"\bhow('s| is| are| was| were)\b.*\bselling\b", 3),
        (r"\bunits\b", 2), (r"\bnumbers\b", 2), (r"\bmov(e|ed)\b", 2.5),
        (r"\borders\b", 1.5), (r"\bmake\b.*\bmoney|\bmoney\b.*\bmake\b", 2.5),
        (r"\b(vs\.?|versus|compared (to|with))\b", 1.5), (r"\bearn(ed|ings)?\b", 2.5),
    ),
    "top_sellers": (
        (r"\bflop", 4), (r"(selling|sells|sold|sell) (the )?(best|worst)", 4),
        (r"\b(least|most|best|worst)[- ](sold|selling)", 4),
        (r"\bwhat('s| is) (selling|moving)\b", 3), (r"\bbig(gest)? (hit|winner)s?",
                                                     3.5),
        (r"\b(bestsellers?|best-sellers?)\b", 4), (r"\bduds?\b", 4),
        (r"\bnot selling\b", 3.5), (r"\bwinners?\b", 3), (r"\blosers?\b", 3),
        (r"\b(zero|no) sales\b", 4), (r"\b(didn't|did not|never) sell\b", 4),
        # "slow sellers", "poor sellers", "weak-selling products"
        (r"\b(slow|poor|weak|low|bad|good|strong|fast)[- ]?sell(er|ers|ing)\b", 4),
        (r"\b(sorted|ranked|ordered) by\b", 4),
    ),
    "forecast": (
        (r"\bwill\b.*\b(go out|move|need)\b", 3.5), (r"\boutlook\b", 3),
        (r"\bgoing to (sell|move|go)\b", 3.5),
    ),
    "forecast_accuracy": (
        (r"forecasts?\b.*\bany good|\bany good\b.*\bforecast", 5),
        (r"\bhow (far )?off\b", 5), (r"\bmiss(ed)? by\b", 4),
        (r"\btrust\b.*\bforecast", 5),
    ),
    "overstock": (
        (r"\bsitting on\b", 3.5), (r"\btied up\b", 4), (r"\bstuck in\b", 2.5),
        (r"\bnot moving\b", 3), (r"\bpiling up\b", 4), (r"\bovers?tocked\b", 5),
    ),
    "expiring_lots": (
        (r"\bgo(ing|es)? (off|bad)\b", 4), (r"\bspoil", 4), (r"\bshort[- ]dated\b", 5),
        (r"\bout of date\b", 4),
    ),
    "open_pos": (
        (r"\bland(s|ing)?\b", 3), (r"\bstill on order\b", 4), (r"\bshow(s)? up\b", 3),
        (r"\b(get|getting) here\b", 3), (r"\bon the way\b", 4), (r"\bin transit\b", 4),
    ),
    "open_alerts": (
        (r"\bflag(s|ged)?\b", 4), (r"\battention\b", 4), (r"\banything wrong\b", 4),
        (r"\b(issues|problems)\b", 3), (r"\bheads[- ]up\b", 4),
    ),
    "why_recommendation": (
        (r"\bhow come\b", 4), (r"\bwhat's behind\b", 4), (r"\bwhere does\b.*\bcome from",
                                                         4),
    ),
}
for _family, _rules in COLLOQUIAL_KO.items():
    KO[_family] = KO[_family] + _rules
for _family, _rules in COLLOQUIAL_EN.items():
    EN[_family] = EN[_family] + _rules

# Most specific first, with the score that makes a family win outright.
SPECIFICITY: tuple[tuple[str, float], ...] = (
    ("late_stockout", 6),
    ("slow_movers", 5),
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
    for intent, weight in cue_scores(text, flat).items():
        scores[intent] = scores.get(intent, 0.0) + weight
    return scores


def slot_cues(scores: dict[str, float], *, product: bool, channel: bool,
              past_period: bool, horizon: bool,
              compared: bool = False) -> dict[str, float]:
    """Graceful degradation: what the named things imply when words are few.

    A channel is only ever asked about for sales; a past period leans to sales,
    a horizon ahead to a forecast; a comparison of periods or a change ("지난달
    보다 늘었어?", "did it go up") to sales; a product named with nothing else
    is most likely a question about its stock ("스파게티?", "penne?").
    """
    scores = dict(scores)
    if channel:
        scores["sales"] = scores.get("sales", 0.0) + 1.5
    if compared:
        scores["sales"] = scores.get("sales", 0.0) + 2.0
    if past_period:
        scores["sales"] = scores.get("sales", 0.0) + 1.0
    # Sales are counted in the past; a horizon ahead is a forecast — unless an
    # ordering word says what is to be done by then ("앞으로 10일 안에 발주할 거").
    if horizon:
        if scores.get("order_quantity", 0.0) < 3:
            scores["forecast"] = scores.get("forecast", 0.0) + 2.5
        scores["sales"] = max(0.0, scores.get("sales", 0.0) - 1.5)
    if product and max(scores.values(), default=0.0) < MINIMUM:
        scores["stock_level"] = MINIMUM
    return scores


def classify(scores: dict[str, float]) -> str:
    """The family the scores point to, or "unknown"."""
    for intent, threshold in SPECIFICITY:
        if scores.get(intent, 0.0) >= threshold:
            return intent
    intent, best = max(scores.items(), key=lambda item: item[1])
    return intent if best >= MINIMUM else "unknown"
