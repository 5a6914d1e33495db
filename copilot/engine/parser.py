"""question → ParsedQuestion: normalise, find catalogue names, period, numbers, intent."""

from __future__ import annotations

import datetime as dt
import re

from .cues import RANK_KO
from .declines import declined
from .intents import classify, intent_scores, slot_cues
from .matching import (
    category_items,
    channel_items,
    close_skus,
    match_item,
    match_items,
    match_products,
    unknown_sku,
    unregistered_channel,
)
from .normalize import compact, hangul_count, normalize
from .periods import (
    ahead_period,
    bare_days,
    baseline_of,
    compares,
    horizon_days,
    next_month_said,
    period_of,
)
from .types import Catalogue, ParsedQuestion, Slots

_TOP_N = (
    re.compile(r"(?:top|best|worst|bottom|상위|하위|베스트|워스트)[\s\-]*(\d{1,3})"
               r"(?!\d)"),
    re.compile(r"(?<![\d.])(\d{1,2})\s*(?:개|가지|위|종|products?|items?|skus?)"
               r"(?![\da-z])"),
    RANK_KO,  # "1등": the best one, "3등까지": the top 3
)
# The longest list a "top N" gives: a larger N is cut to it, not ignored.
TOP_N_CAP = 50
_WORST = ("안팔", "적게팔", "저조", "부진", "워스트", "최하위", "하위", "꼴찌", "꼴등",
          "덜팔", "느리게팔", "안나가", "안나간", "안나갔", "덜나", "제일적", "젤적",
          "가장적", "안빠지", "낮은순", "적은순", "오름차순")
_WORST_EN = re.compile(r"\b(worst|least|slow|slowest|lowest|bottom|fewest|flop\w*|"
                       r"weak|weakest|poor|poorest|"
                       r"duds?|not selling|losers?|zero sales|no sales|didn't sell|"
                       r"did not sell|never sell)\b")
_REVENUE = ("매출", "판매액", "금액", "revenue", "turnover", "won", "원어치")
_UNITS = ("판매량", "수량", "개수", "units", "quantity")


def _language(text: str, names: list[str]) -> str:
    """Korean when Korean is written outside the catalogue names it mentions."""
    rest = text
    for name in sorted(names, key=len, reverse=True):
        rest = rest.replace(name, " ")
    if hangul_count(rest) >= 1:
        return "ko"
    return "en" if re.search(r"[a-z]", rest) else "ko"


def _top_n(text: str) -> int | None:
    for pattern in _TOP_N:
        match = pattern.search(text)
        if match and int(match.group(1)) > 0:
            return min(int(match.group(1)), TOP_N_CAP)
    return None


def _metric(text: str, flat: str) -> str | None:
    if any(w in flat for w in _REVENUE if not w.isascii()) or re.search(
            r"\b(revenue|turnover)\b", text):
        return "revenue"
    if any(w in flat for w in _UNITS if not w.isascii()) or re.search(
            r"\b(units|quantity)\b", text):
        return "units"
    return None


# An adverb may stand between ("회전율 제일 좋은", "회전 젤 빠른", "잘 도는").
_FAST_KO = re.compile(r"회전(?:율|이)?\s*(?:이|가|은|는)?\s*(?:제일|가장|젤|젤루|제일로|최고로|"
                      r"더|엄청|아주|잘)?\s*(?:높|빠르|빠른|좋|잘)|빨리\s*(?:팔|나가|빠지|도는)|"
                      r"잘\s*(?:도는|돌아|회전)")
_FAST_EN = re.compile(r"\b(?:fast|quick)[- ]?mov|\b(?:high|fast|quick)\w* turnover|"
                      r"\bturnover (?:is )?(?:high|fast)|\b(?:least|fewest|shortest) "
                      r"days? of")


def _turn_order(text: str) -> str:
    """"fast" for the quickest turners ("회전율 높은", "fast movers"), else "slow"."""
    return "fast" if _FAST_KO.search(text) or _FAST_EN.search(text) else "slow"


def _order(text: str, flat: str) -> str:
    if any(w in flat for w in _WORST) or _WORST_EN.search(text):
        return "worst"
    return "best"


_BY_CHANNEL = ("채널별", "채널마다", "각채널", "채널별로", "채널간", "채널비교")
_BY_CHANNEL_EN = re.compile(
    r"\b(?:by|per|each|every|across|between)\s+(?:sales\s+)?channels?\b"
    r"|\bchannel\s+by\s+channel\b|\bchannel\s+(?:comparison|breakdown)\b")


_BREAKDOWN = {
    "category": (("카테고리별", "카테고리마다", "분류별", "품목별", "카테고리간"),
                 re.compile(r"\b(?:by|per|each|every|across)\s+(?:product\s+)?"
                            r"categor(?:y|ies)\b|\bcategory\s+(?:breakdown|split|"
                            r"comparison)\b")),
    "supplier": (("공급사별", "공급업체별", "공급처별", "거래처별", "매입처별", "업체별",
                  "공급사마다", "거래처마다"),
                 re.compile(r"\b(?:by|per|each|every|across)\s+(?:supplier|vendor)s?\b"
                            r"|\b(?:supplier|vendor)\s+(?:breakdown|split|"
                            r"comparison)\b")),
}


def _breakdown(text: str, flat: str) -> str | None:
    """"카테고리별"/"by supplier": the group the answer is split by, if any."""
    for group, (korean, english) in _BREAKDOWN.items():
        if any(w in flat for w in korean) or english.search(text):
            return group
    return None


# Out of stock *now* ("품절된 상품", "out of stock products"), not the risk of it.
_OUT_NOW_KO = re.compile(r"품절(?:된|인|상태|난|났|됐|상품|제품|품목)|재고(?:가)?(?:없는|0개?인?|제로)")
_OUT_LATER_KO = re.compile(r"위험|예정|될|날것|각|곧|임박|전에|까지")
_OUT_NOW_EN = re.compile(
    r"\b(?:are|is|currently|now|already|right now)\s+(?:out of stock|sold out)\b"
    r"|\bout[- ]of[- ]stock\s+(?:products?|items?|skus?|now|right now|today)\b"
    r"|^(?:list\s+|show\s+)?(?:the\s+)?out[- ]of[- ]stock\b|\b(?:zero|no) stock\b"
    r"|\bsold[- ]out (?:products?|items?)\b"
    r"|\bwhat(?:'s| is| are)\s+(?:currently\s+|already\s+)?(?:out[- ]of[- ]stock|sold "
    r"out)\b")
_OUT_LATER_EN = re.compile(r"\b(?:will|soon|risk|going to|before|next|run(?:ning)? out)\b")
# "재고 1개 남은", "5개 미만", "3개 이하"; "less than 5 in stock", "only 2 left".
_BELOW_KO = re.compile(r"(\d{1,5})\s*개\s*(미만|이하|남은|남았|밖에|뿐)")
_BELOW_EN = re.compile(
    r"\b(?:(less|fewer) than|under|below)\s+(\d{1,5})\b|\b(\d{1,5})\s+or\s+"
    r"(?:less|fewer)\b|\bat most\s+(\d{1,5})\b|\bonly\s+(\d{1,5})\s+(?:units?\s+)?left\b")
_STOCK_WORD = re.compile(r"재고|남은|남았|stock|on hand|\bleft\b|inventory")


def stock_max(text: str, flat: str) -> int | None:
    """The most units on hand the question asks about, if it asks for a list
    of products at or below a level: 0 for out of stock now."""
    if (_OUT_NOW_KO.search(flat) and not _OUT_LATER_KO.search(flat)) or (
            _OUT_NOW_EN.search(text) and not _OUT_LATER_EN.search(text)):
        return 0
    if not _STOCK_WORD.search(text):
        return None
    match = _BELOW_KO.search(text)
    if match:
        return int(match.group(1)) - (match.group(2) == "미만")
    match = _BELOW_EN.search(text)
    if match:
        strict = match.group(2)
        return int(strict) - 1 if strict else int(next(
            g for g in match.groups()[2:] if g))
    return None


# The number of orders, not units: "주문 건수", "몇 건", "how many orders".
_ORDERS_KO = ("주문건수", "주문건", "몇건", "주문수가", "주문수는", "주문수좀", "건수")
_ORDERS_EN = re.compile(r"\bhow many (?:customer |channel )?orders\b|\bnumber of "
                        r"orders\b|\border count|\bcount (?:of )?(?:the )?orders\b")
_NOT_SALES_ORDERS = re.compile(r"발주|입고|해야|할까|넣을|purchase|\bpos?\b|open|"
                               r"pending|arriv|incoming|supplier|공급|should|"
                               r"need to|\bplace\b")


def orders_asked(text: str, flat: str) -> bool:
    """The question counts customer orders (not units, not purchase orders)."""
    asked = any(w in flat for w in _ORDERS_KO) or bool(_ORDERS_EN.search(text))
    return asked and not _NOT_SALES_ORDERS.search(text)


# The average selling price: "평균 판매가", "평균 단가", "average selling price".
_AVG_PRICE_KO = ("평균판매가", "평균판매단가", "평균단가", "평균가격", "평균가", "판매단가평균",
                 "평균판매금액")
_AVG_PRICE_EN = re.compile(r"\baverage (?:selling |sale |sales |unit )?price|\bavg\.? "
                           r"(?:selling |unit )?price|\basp\b|\bmean (?:selling )?"
                           r"price|\bprice per unit sold\b")


def average_price_asked(text: str, flat: str) -> bool:
    """The question asks for the average selling price (revenue ÷ units)."""
    return any(w in flat for w in _AVG_PRICE_KO) or bool(_AVG_PRICE_EN.search(text))


def _channels(text: str, flat: str, catalogue: Catalogue) -> tuple:
    """The channels to compare: two or more named, or all when asked by channel."""
    items = channel_items(catalogue.channels)
    named = match_items(text, flat, items)
    if len(named) >= 2:
        return tuple(named)
    if any(w in flat for w in _BY_CHANNEL) or _BY_CHANNEL_EN.search(text):
        return items
    return ()


def parse(question: str, *, catalogue: Catalogue, today: dt.date) -> ParsedQuestion:
    """Parse one question; `today` is the business day periods are counted from."""
    text = normalize(question)
    flat = compact(text)
    channel, channel_phrase = match_item(text, flat, channel_items(catalogue.channels))
    category, category_phrase = match_item(text, flat,
                                           category_items(catalogue.categories))
    supplier, supplier_phrase = match_item(text, flat, catalogue.suppliers)
    reserved = {compact(p) for p in (channel_phrase, category_phrase, supplier_phrase)
                if p}
    matches = match_products(text, flat, catalogue, reserved)
    missing_sku = ""
    if not any(m.score >= 1000 for m in matches):
        missing_sku = unknown_sku(question, catalogue)
        if missing_sku:  # its letters ("pasta") must not name another product
            matches = []
    product_phrases = {compact(m.phrase) for m in matches}
    # A category/supplier word inside the product's own name is the product's.
    if category_phrase and any(compact(category_phrase) in p and
                               compact(category_phrase) != p for p in product_phrases):
        category = None
    if supplier_phrase and any(compact(supplier_phrase) in p and
                               compact(supplier_phrase) != p for p in product_phrases):
        supplier = None
    # A name inside another matched name belongs to it ("Pasta" in "Pasta Co").
    found = [(category_phrase, "category"), (supplier_phrase, "supplier"),
             (channel_phrase, "channel")]
    inside = {kind for phrase, kind in found if phrase and any(
        other != phrase and compact(phrase) in compact(other) for other, _k in found
        if other)}
    category = None if "category" in inside else category
    supplier = None if "supplier" in inside else supplier
    channel = None if "channel" in inside else channel
    channels = _channels(text, flat, catalogue)
    if channels:
        channel = None
    horizon = horizon_days(text, flat, today)
    period = period_of(text, flat, today)
    scores = slot_cues(intent_scores(text, flat), product=bool(matches),
                       channel=channel is not None or bool(channels),
                       past_period=period is not None and horizon is None,
                       horizon=horizon is not None, compared=compares(text))
    intent = classify(scores)
    named = [p for p in (channel_phrase, category_phrase, supplier_phrase) if p]
    rest = text
    for phrase in sorted(named + [m.phrase for m in matches], key=len, reverse=True):
        rest = rest.replace(phrase, " ")  # a name's words are not the subject
    decline = declined(rest, compact(rest))
    if decline:
        intent = "unknown"
    below = stock_max(text, flat)
    if below is not None and intent in ("stockout_risk", "stock_level",
                                        "unknown") and not matches:
        intent = "stock_below"
    metric = _metric(text, flat)
    if orders_asked(text, flat) and intent in ("sales", "order_quantity", "unknown",
                                               "stock_level"):
        intent, metric = "sales", "orders"
    if average_price_asked(text, flat) and intent not in ("forecast", "why_recommendation"):
        intent, metric = "sales", "avg_price"
    days = horizon
    if intent == "order_quantity" and horizon is not None and period is None:
        # "다음주에 발주해야 할 거": what must be ordered by the end of that week.
        period, days = ahead_period(text, flat, today), None
    if intent in ("forecast", "expiring_lots") and days is None:
        days = bare_days(text)
    if intent in ("forecast", "open_alerts"):
        period = None  # a forecast looks ahead; the open alerts are those of now
    products = tuple(m.product for m in matches)
    candidates: tuple = ()
    if len(products) > 1 and not any(m.score >= 1000 for m in matches):
        candidates, products = products, ()
        if intent != "unknown":
            intent = "clarify"
    if missing_sku:
        candidates = close_skus(missing_sku, catalogue)
        if intent != "unknown":
            intent = "clarify"
    slots = Slots(
        products=products,
        category=category,
        supplier=supplier,
        channel=channel,
        channels=channels if intent == "sales" else (),
        breakdown=_breakdown(text, flat),
        period=period,
        compare=baseline_of(text, period, today) if intent == "sales" else None,
        top_n=_top_n(text) if intent in ("top_sellers", "stockout_risk",
                                         "overstock", "slow_movers") else None,
        days=days,
        next_month=intent == "forecast" and next_month_said(text, flat),
        order=_order(text, flat) if intent == "top_sellers" else
        _turn_order(text) if intent == "slow_movers" else None,
        metric=metric,
        stock_max=below if intent == "stock_below" else None,
        candidates=candidates,
        unknown_sku=missing_sku,
        missing_channel="" if channel is not None or channels
        else unregistered_channel(rest, compact(rest), catalogue.channels),
    )
    if intent == "unknown":
        slots = Slots()
    names = [p for p in (channel_phrase, category_phrase, supplier_phrase) if p]
    names += [m.phrase for m in matches]
    return ParsedQuestion(
        question=question, normalized=text, intent=intent, slots=slots,
        language=_language(text, names), scores=scores, decline=decline,
    )
