"""Cues that combine words: a rank (1등), a count then an ordering word (몇
박스 주문), and a verdict on a forecast (예측 맞았어, "how wrong was the
forecast") — each adds to one family's score."""

from __future__ import annotations

import re

# A place in a ranking: "1등", "3위", "2등까지" (not 등급, 등록, 위치, 위험).
RANK_KO = re.compile(r"(?<![\d.])(\d{1,2})(?:등|위)(?!급|록|치|험|주|에서)")
# A count in a pack or unit word, then an ordering word: "몇 박스 주문?",
# "몇 개 더 발주", "추가로 몇 팩 시켜" — how much to order, not stock.
_COUNT_TO_ORDER_KO = re.compile(
    r"몇(?:박스|상자|개|팩|봉지?|통|병|세트|케이스|카톤|ea)(?:씩|정도|쯤)?(?:더|추가로?)?"
    r"(?:주문|발주|시켜|시킬|시키|채워|채울|넣어|넣을|들여)")
# A verdict on forecasts: a forecast word and a word of right or wrong, trust
# or fit ("스파게티 예측 얼마나 맞았어", "예측 믿어도 돼", "how wrong were the
# forecasts", "was the forecast right", "can I rely on the forecast"). Not
# "예측에 맞춰" (ordering by the forecast).
_FORECAST_KO = re.compile(r"예측|예상치|전망")
_VERDICT_KO = re.compile(r"맞았|맞나|맞는지|맞아|맞혔|맞췄(?!어서)|틀|빗나|어긋|믿을|믿어|믿고쓸|신뢰|"
                         r"정확|쓸만|쓸모|엉터리|엉망|적중|얼마나차이")
_FORECAST_EN = re.compile(r"\b(?:forecast\w*|predict\w*|projection\w*)")
_VERDICT_EN = re.compile(r"\b(?:wrong|right(?! now)|off|reliable|rely|trust\w*|"
                         r"accurate|close|spot on|on target|miss\w*|hit|any good|good|bad|"
                         r"useful|hold up|held up|pan(?:ned)? out)\b")
VERDICT_WEIGHT = 4


def cue_scores(text: str, flat: str) -> dict[str, float]:
    """Scores added by combined cues, per family."""
    scores: dict[str, float] = {}
    if RANK_KO.search(flat):
        scores["top_sellers"] = 4
    if _COUNT_TO_ORDER_KO.search(flat):
        scores["order_quantity"] = 3
    if (_FORECAST_KO.search(flat) and _VERDICT_KO.search(flat)) or (
            _FORECAST_EN.search(text) and _VERDICT_EN.search(text)):
        scores["forecast_accuracy"] = VERDICT_WEIGHT
    return scores
