"""Questions the copilot declines, and why: a request to change data (it
only reads), advice outside stock planning (prices to set, refunds, signing
up on a channel), or a subject its data does not hold (settlements, fees,
shipping and other costs, advertising, reviews, taxes)."""

from __future__ import annotations

import re

# Requests to change data: the copilot only reads ("가격 올려줘", "delete …").
_CHANGE_KO = re.compile(r"(?:올려|내려|바꿔|변경해|수정해|삭제해|지워|없애|등록해|추가해|취소해|"
                        r"입력해|설정해|고쳐|만들어|넣어|보내|주문해|발주해|처리해)\s*"
                        r"(?:줘|주세요|줄래|줄\s*수|줘요|주라|달라|주실|봐)")
_CHANGE_EN = re.compile(
    r"^(?:please\s+|pls\s+|can you\s+|could you\s+|would you\s+)*(?:delete|remove|"
    r"change|update|edit|set|raise|lower|increase|decrease|cancel|create|add|rename|"
    r"place|send|submit|approve|mark)\b")
# Subjects the copilot has no data on: channel settlements and payouts, fees,
# advertising, reviews and customer inquiries, taxes, exchange rates, and the
# costs of running the shop besides the goods (shipping, packing, storage,
# people, rent).
_OUTSIDE_KO = ("정산", "입금", "수수료", "광고", "리뷰", "후기", "고객문의", "세금",
               "부가세", "환율", "배송조회", "송장", "roas", "전환율", "클릭률",
               "택배비", "배송비", "배송료", "물류비", "포장비", "운송비", "운임", "인건비",
               "임대료", "월세", "관리비", "보관료", "창고료", "창고비", "풀필먼트비")
_OUTSIDE_EN = re.compile(r"\b(?:settlements?|payouts?|payments?|fees?|commissions?|"
                         r"ads?|advertising|roas|cpc|ctr|reviews?|ratings?|tax(?:es)?|"
                         r"vat|exchange rates?|tracking numbers?|postage|freight|payroll|"
                         r"wages|salar(?:y|ies)|rent|utilities|overheads?|expenses?|"
                         r"(?:shipping|delivery|courier|packaging|storage|warehouse) "
                         r"(?:costs?|charges?|bills?))\b")


# Advice and actions outside stock planning: what price to set or whether a
# price is right, refunds, opening a store on a channel (입점) and how to sign
# up, register or apply anywhere (판매자 등록 어떻게 해, "how do I register").
_ADVICE_KO = re.compile(
    r"입점|환불|가격책정|가격전략|적정가|얼마(?:에|로)(?:팔아야|팔까|팔면|받아야|받을까|해야|할까|"
    r"정해|정할|책정|매겨)|(?:가격|판매가|값)(?:을|를|은|는)?(?:어떻게|얼마로)(?:해야|할까|정해|"
    r"정하|잡아|매겨)"
    # whether a price is right: "판매가 적당한지", "가격이 비싼가", "단가 경쟁력"
    r"|(?:가격|단가|판매가격|판매가)(?:이|가|은|는|을|를)?(?:너무|좀|조금|혹시|지금)?"
    r"(?:적당|적절|적정한지|비싼|비싸|싼지|"
    r"싼가|높은지|낮은지|경쟁력)|(?:가격|단가|판매가)(?:을|를)?(?:올려야|내려야|올릴까|내릴까|"
    r"인상해야|인하해야)"
    # how to sign up: "판매자 등록 어떻게 해", "가입 방법", "신청하려면"
    r"|(?:등록|가입|신청|개설)(?:은|는|을|를)?(?:어떻게|하려면|하는법|하는방법|방법|절차)")
_ADVICE_EN = re.compile(
    r"\brefund\w*|\bwhat price (?:should|do|to)\b|\bhow (?:much )?should (?:i|we) "
    r"(?:price|charge)\b|\bhow to price\b|\bpricing (?:advice|strategy)\b|"
    r"\b(?:become|register as|sign up as) an? (?:seller|vendor)\b|\bhow (?:do i|to|can "
    r"i) (?:sell on|get on|list on|open a (?:store|shop) on)\b"
    # what to charge, whether a price is right
    r"|\bwhat (?:should|do|can|could) (?:i|we) (?:charge|ask)\b|\bhow much (?:should|do|"
    r"can) (?:i|we) (?:charge|ask)\b|\bwhat (?:should|do) (?:i|we) sell \w+ for\b|"
    r"\b(?:is|are) (?:my|our|the) prices?\b(?:\s+[\w']+){0,4}?\s+(?:too (?:high|low|"
    r"cheap|expensive|much)|right|ok|okay|fair|competitive)\b|"
    r"\bshould (?:i|we) (?:raise|lower|cut|increase|decrease) (?:the |my |our )?"
    r"prices?\b"
    # how to sign up, register or apply
    r"|\bhow (?:do|can|should) (?:i|we) (?:register|sign up|apply|join|become)\b|"
    r"\bhow to (?:register|sign up|apply|join|become)\b")


def declined(text: str, flat: str) -> str:
    """Why a question is not answered from the data: "change" (asks to change
    data), "advice" (pricing, refunds, channel sign-up), "outside" (about data
    the copilot does not have), else ""."""
    if _ADVICE_KO.search(flat) or _ADVICE_EN.search(text):
        return "advice"
    if _CHANGE_KO.search(text) or _CHANGE_EN.search(text):
        return "change"
    if any(w in flat for w in _OUTSIDE_KO) or _OUTSIDE_EN.search(text):
        return "outside"
    return ""
