"""Normalisation of typed questions: width, case, spacing and common typos.

Korean is often typed without spaces ("이번주발주량") or with a slip of one
syllable; keywords are therefore matched on a *compact* form (no spaces) as
well as on the spaced one.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

# Frequent slips, checked on the compact (space-free) form for Korean and on
# words for English. Kept short and general: a misspelt product name is left
# to the fuzzy name match.
KO_TYPOS = {
    # Two weeks / months back, before "저번주" below turns half of it.
    "저저번 주": "지지난주",
    "저저번주": "지지난주",
    "저저번 달": "지지난달",
    "저저번달": "지지난달",
    "지지난 주": "지지난주",
    "지지난 달": "지지난달",
    # Dialect and spoken forms of this week/month.
    "요번 주": "이번주",
    "요번주": "이번주",
    "요번 달": "이번달",
    "요번달": "이번달",
    "재꼬": "재고",
    "제고": "재고",
    "품졀": "품절",
    "품젏": "품절",
    "판메": "판매",
    "팬매": "판매",
    "매츨": "매출",
    "발쥬": "발주",
    "빨주": "발주",
    "예츨": "예측",
    "얘측": "예측",
    "예측치": "예측",
    "유통긴한": "유통기한",
    "유통기헌": "유통기한",
    "알람": "알림",
    "저번 주": "지난주",
    "저번 달": "지난달",
    "저번주": "지난주",
    "저번달": "지난달",
    "전주": "지난주",
    "전월": "지난달",
    "금주": "이번주",
    "금월": "이번달",
    "이번 주": "이번주",
    "지난 주": "지난주",
    "이번 달": "이번달",
    "지난 달": "지난달",
    "저번 분기": "지난분기",
    "저번분기": "지난분기",
    "지난 분기": "지난분기",
    "이번 분기": "이번분기",
    "꼴지": "꼴찌",
    "꼴등": "꼴찌",
    "몇일": "며칠",
    "멫": "몇",
    "재구": "재고",
    "이번쥬": "이번주",
    "지난쥬": "지난주",
}
EN_TYPOS = {
    "forcast": "forecast",
    "forecst": "forecast",
    "forecat": "forecast",
    "frecast": "forecast",
    "stok": "stock",
    "stcok": "stock",
    "salse": "sales",
    "slaes": "sales",
    "accurracy": "accuracy",
    "accuarcy": "accuracy",
    "acuracy": "accuracy",
    "recomend": "recommend",
    "recommand": "recommend",
    "reccomend": "recommend",
    "overstok": "overstock",
    "exipring": "expiring",
    "expring": "expiring",
    "alret": "alert",
    "alrets": "alerts",
    "ordr": "order",
    "purchse": "purchase",
    "stockouts": "stockout",
    "stock-outs": "stock-out",
    "qty": "quantity",
    "qtys": "quantities",
    "gonna": "going to",
    "wanna": "want to",
    "invetory": "inventory",
    "inventroy": "inventory",
    "reveune": "revenue",
    "revnue": "revenue",
    "oder": "order",
    "oders": "orders",
    "rn": "right now",
    "atm": "at the moment",
    "qtr": "quarter",
}
# Numbers in words before a unit of time ("two weeks", "두 달").
EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
              "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
              "twelve": 12, "fourteen": 14, "thirty": 30, "sixty": 60, "ninety": 90}
_EN_NUMBER_UNIT = re.compile(r"\b(" + "|".join(EN_NUMBERS) + r")\s+(days?|weeks?|months?)"
                             r"\b")
KO_NUMBERS = {"두": 2, "세": 3, "석": 3}
# Native Korean day counts: "이틀 전" is 2일 전, "열흘" 10일, "보름" 15일.
KO_DAY_WORDS = {"이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "열흘": 10, "보름": 15}
_KO_DAY_WORD = re.compile("(" + "|".join(KO_DAY_WORDS) + ")")
_KO_NUMBER_UNIT = re.compile(r"(?<![가-힣])(" + "|".join(KO_NUMBERS) + r")\s*(달)")
# Period words are checked by similarity where the grammar expects one:
# "last weak" is last week, "this mnth" this month, "past 7 dyas" 7 days.
PERIOD_UNITS = ("day", "days", "week", "weeks", "month", "months", "year", "years")
DAY_WORDS = ("yesterday", "today")
_AFTER_MODIFIER = re.compile(
    r"\b(last|this|next|past|previous|coming|recent)(\s+\d{1,3})?\s+([a-z]{3,8})\b")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z][a-z\-']*")
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _closest(word: str, choices: tuple[str, ...], cutoff: float) -> str:
    found = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return found[0] if found else word


def _period_word(match: re.Match) -> str:
    modifier, number, word = match.group(1), match.group(2) or "", match.group(3)
    return f"{modifier}{number} {_closest(word, PERIOD_UNITS, 0.75)}"


def _english_word(word: str) -> str:
    word = EN_TYPOS.get(word, word)
    if len(word) >= 5 and word not in DAY_WORDS:
        return _closest(word, DAY_WORDS, 0.8)
    return word


def normalize(text: str) -> str:
    """NFKC, lower case, one space between words, typos fixed."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = text.replace("?", " ").replace("!", " ").replace(",", " ")
    text = _SPACES.sub(" ", text).strip()
    for wrong, right in KO_TYPOS.items():
        text = text.replace(wrong, right)
    text = _WORD.sub(lambda m: _english_word(m.group(0)), text)
    text = _EN_NUMBER_UNIT.sub(lambda m: f"{EN_NUMBERS[m.group(1)]} {m.group(2)}", text)
    text = _KO_NUMBER_UNIT.sub(lambda m: f"{KO_NUMBERS[m.group(1)]}{m.group(2)}", text)
    text = _KO_DAY_WORD.sub(lambda m: f"{KO_DAY_WORDS[m.group(1)]}일", text)
    return _AFTER_MODIFIER.sub(_period_word, text)


def compact(text: str) -> str:
    """The text without spaces (Korean keywords survive any spacing)."""
    return text.replace(" ", "")


def hangul_count(text: str) -> int:
    return len(HANGUL.findall(text))
