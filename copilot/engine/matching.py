"""Finding the products, categories, suppliers and channels a question names.

Products are found by SKU (any case, with or without dashes), by the longest
run of consecutive words of their name that appears in the question (so
"토마토 소스" prefers "토마토 소스 400g" over "토마토 바질 소스"), and failing
that by a fuzzy match of single name words (typos such as "스파게트",
"spagetti"). Equal best scores mean the question is ambiguous.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .normalize import compact
from .types import Catalogue, CatalogueItem, CatalogueProduct

# Channel kinds → words that name them (besides the channel's own name).
CHANNEL_WORDS = {
    "coupang": ("쿠팡", "coupang", "로켓그로스", "rocket growth"),
    "smartstore": ("스마트스토어", "스스", "네이버", "naver", "smartstore",
                   "smart store"),
    "own_mall": ("자사몰", "자체몰", "own mall", "own store", "our mall",
                 "our own mall", "our store", "카페24", "cafe24", "webshop"),
}
_UNIT = re.compile(r"^\d+(?:\.\d+)?(?:g|kg|ml|l|개|입|매|p|ea|pcs|x\d+)?$")
_SKU_TOKEN = re.compile(r"[a-z0-9][a-z0-9\-_./]*[a-z0-9]|[a-z0-9]")
_WORD = re.compile(r"[^\s()\[\],/]+")
FUZZY_CUTOFF = 0.75
# Words too generic to name a product on their own.
GENERIC = {"세트", "set", "묶음", "bundle", "상품", "제품", "product", "the", "and",
           "with", "pack", "개입", "2-pack", "box", "박스"}


def _key(text: str) -> str:
    return re.sub(r"[\s\-_./]", "", text.lower())


def _words(name: str) -> list[str]:
    return [w for w in _WORD.findall(name.lower())]


def _significant(word: str) -> bool:
    if word in GENERIC or _UNIT.match(word):
        return False
    return len(word) >= (2 if not word.isascii() else 3)


def _contains(text: str, flat: str, phrase: str) -> bool:
    """Korean phrases match ignoring spaces; ASCII ones on word boundaries."""
    if phrase.isascii():
        if phrase not in text:  # cheap test before the word-boundary search
            return False
        return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text) \
            is not None
    return compact(phrase) in flat


@dataclass(frozen=True)
class ProductMatch:
    product: CatalogueProduct
    score: float
    phrase: str  # the words of the question that named it


# A SKU typed with spaces for its dashes ("pasta b2 28") spans a few tokens.
SKU_RUN_TOKENS = 4


def _token_runs(text: str) -> list[str]:
    """SKU-like tokens, and runs of up to SKU_RUN_TOKENS of them that only
    spaces separate, longest run first at each position."""
    tokens = list(_SKU_TOKEN.finditer(text))
    runs = []
    for i in range(len(tokens)):
        end = i
        while end + 1 < min(len(tokens), i + SKU_RUN_TOKENS) and not text[
                tokens[end].end():tokens[end + 1].start()].strip():
            end += 1
        runs += [text[tokens[i].start():tokens[j].end()] for j in range(end, i - 1, -1)]
    return runs


def _sku_matches(text: str, products: tuple[CatalogueProduct, ...]) -> list[ProductMatch]:
    by_key = {_key(p.sku): p for p in products}
    found, covered = [], ""
    for run in _token_runs(text):
        key = _key(run)
        product = by_key.get(key)
        if product and any(ch.isdigit() for ch in run) and len(key) >= 3 and \
                run not in covered:
            found.append(ProductMatch(product, 1000.0, run))
            covered += " " + run
    return found


_LETTER, _DIGIT = re.compile(r"[a-z]"), re.compile(r"\d")


def _letters_prefix(token: str) -> str:
    return re.match(r"[a-z]*", token.lower()).group(0)


def _shape(key: str) -> str:
    """A SKU key's shape: letters as "a", digits as "9" ("a1001" → "a9999")."""
    return re.sub(r"\d", "9", re.sub(r"[a-z]", "a", key))


def unknown_sku(question: str, catalogue: Catalogue) -> str:
    """A SKU-like word of the question that no product has, as typed, or "".

    SKU-like: letters and digits, and either a dash or underscore
    ("PASTA-B9-99", typed in capitals or starting like one of the catalogue's
    SKUs: "pasta-…"), or, without one, the very shape of a catalogue SKU with
    its letters ("A1099" where SKUs are "A1001"; "pasta b9 99" typed with
    spaces). Not a word of a product's name ("B2-28"); "top-10", "covid-19"
    and "p10" are not SKUs.
    """
    keys = {_key(p.sku) for p in catalogue.products}
    prefixes = {_letters_prefix(p.sku) for p in catalogue.products} - {""}
    shapes = {_shape(key) for key in keys}
    name_words = {w for p in catalogue.products for w in _words(p.name)}
    for token in _token_runs(question.lower()):
        key = _key(token)
        if not (_LETTER.search(token) and _DIGIT.search(token)) or key in keys \
                or token in name_words:
            continue
        typed = re.search(rf"(?<![A-Za-z0-9]){re.escape(token)}(?![A-Za-z0-9])",
                          question, re.IGNORECASE)
        as_typed = typed.group(0) if typed else token
        known_prefix = _letters_prefix(token) in prefixes
        if re.search(r"[-_]", token) and " " not in token:
            if as_typed.isupper() or known_prefix:
                return as_typed
        elif known_prefix and _shape(key) in shapes:
            return as_typed
    return ""


def close_skus(sku: str, catalogue: Catalogue) -> tuple[CatalogueProduct, ...]:
    """Products whose SKU is a near miss of `sku` (a typo), closest first."""
    by_key = {_key(p.sku): p for p in catalogue.products}
    close = difflib.get_close_matches(_key(sku), list(by_key), n=5, cutoff=0.8)
    return tuple(by_key[key] for key in close)


def _best_run(text: str, flat: str, words: list[str]) -> str:
    """The longest run of consecutive name words found in the question."""
    best = ""
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            run = words[i:j]
            if not any(_significant(w) for w in run):
                continue
            phrase = " ".join(run)
            if len(compact(phrase)) <= len(compact(best)):
                break
            if _contains(text, flat, phrase):
                best = phrase
                break
    return best


_HANGUL_BASE, _HANGUL_LAST = 0xAC00, 0xD7A3


def jamo(word: str) -> str:
    """Hangul syllables split into their letters ("펜네" → "ㅍㅔㄴㄴㅔ" as code
    points), so a slip of one vowel (펜내 for 펜네, ㅐ for ㅔ) is a small
    difference, not a whole syllable; other characters are kept."""
    letters = []
    for char in word:
        code = ord(char) - _HANGUL_BASE
        if 0 <= code <= _HANGUL_LAST - _HANGUL_BASE:
            initial, rest = divmod(code, 588)
            medial, final = divmod(rest, 28)
            letters += [chr(0x1100 + initial), chr(0x1161 + medial)]
            if final:
                letters.append(chr(0x11A7 + final))
        else:
            letters.append(char)
    return "".join(letters)


def _fuzzy(text: str, words: list[str]) -> tuple[float, str]:
    """Best similarity of a significant name word to a word of the question.
    Korean words are compared letter by letter (jamo) and must begin with the
    same consonant, so two-syllable names ("펜네") are matched too."""
    question_words = [w for w in _WORD.findall(text) if len(w) >= 2]
    best, phrase = 0.0, ""
    matcher = difflib.SequenceMatcher()
    for name_word in words:
        korean = not name_word.isascii()
        if not _significant(name_word) or len(name_word) < (2 if korean else 3):
            continue
        matcher.set_seq2(jamo(name_word) if korean else name_word)
        for word in question_words:
            if korean != (not word.isascii()):
                continue
            # Korean particles stick to nouns ("스파게트는"): compare prefixes too.
            # Not for English words: "yesterday" begins with "yest" ≈ "vest".
            prefixes = {word[: len(name_word)]} if korean else set()
            # A slip changes a short word's length by one at most: "pene" is
            # "penne", "rate" is not "rigate".
            if not korean and len(word) < 6 and abs(len(word) - len(name_word)) > 1:
                continue
            for candidate in {word} | prefixes:
                if korean and candidate[0] != name_word[0] and jamo(candidate[0])[0] != \
                        jamo(name_word[0])[0]:
                    continue
                matcher.set_seq1(jamo(candidate) if korean else candidate)
                # The cheap upper bounds first (as difflib.get_close_matches does).
                if matcher.real_quick_ratio() < FUZZY_CUTOFF or \
                        matcher.quick_ratio() < FUZZY_CUTOFF:
                    continue
                ratio = matcher.ratio()
                if ratio > best:
                    best, phrase = ratio, word
    return best, phrase


def match_products(
    text: str, flat: str, catalogue: Catalogue, reserved: set[str]
) -> list[ProductMatch]:
    """Products named by the question, best first; ties are all returned.

    ``reserved`` holds words already taken as a category/supplier/channel name:
    a product named only by such a word is not a match.
    """
    skus = _sku_matches(text, catalogue.products)
    if skus:
        unique = {m.product.sku: m for m in skus}
        return list(unique.values())
    scored: list[ProductMatch] = []
    for product in catalogue.products:
        phrase = _best_run(text, flat, _words(product.name))
        # "파스타" of the category "롱 파스타" is the category's, not a product's.
        if phrase and not any(compact(phrase) in word for word in reserved):
            scored.append(ProductMatch(product, float(len(compact(phrase))), phrase))
    if not scored:
        for product in catalogue.products:
            ratio, phrase = _fuzzy(text, _words(product.name))
            # Not a category's or channel's word, nor a word built on one ("소스류").
            if ratio >= FUZZY_CUTOFF and not any(
                    compact(phrase) in word or word in compact(phrase)
                    for word in reserved):
                scored.append(ProductMatch(product, ratio, phrase))
    if not scored:
        return []
    top = max(m.score for m in scored)
    tied = [m for m in scored if m.score == top]
    return _tie_broken(text, tied) if len(tied) > 1 else tied


def _tie_broken(text: str, tied: list[ProductMatch]) -> list[ProductMatch]:
    """Names matched equally well ("바질" of two products): the one whose other
    words the rest of the question nearly spells ("바질 패스토": 페스토) wins;
    still tied, all are returned (the question is ambiguous)."""
    bonus = {}
    for match in tied:
        rest = text.replace(match.phrase, " ")
        others = [w for w in _words(match.product.name) if w not in _words(match.phrase)]
        bonus[match.product.sku] = _fuzzy(rest, others)[0] if others else 0.0
    best = max(bonus.values())
    if best < FUZZY_CUTOFF:
        return tied
    return [m for m in tied if bonus[m.product.sku] == best]


def _item_phrases(item: CatalogueItem) -> list[str]:
    phrases = [item.name.lower(), *[a.lower() for a in item.aliases]]
    # "쿠팡 (Coupang)": each part names it too.
    for part in re.split(r"[()]", item.name.lower()):
        if part.strip():
            phrases.append(part.strip())
    return [p for p in dict.fromkeys(phrases) if len(compact(p)) >= 2]


def match_item(
    text: str, flat: str, items: tuple[CatalogueItem, ...]
) -> tuple[CatalogueItem | None, str]:
    """The item whose name (or alias) appears in the question, longest first."""
    best: tuple[CatalogueItem | None, str] = (None, "")
    for item in items:
        for phrase in _item_phrases(item):
            if len(compact(phrase)) > len(compact(best[1])) and _contains(
                    text, flat, phrase):
                best = (item, phrase)
    return best


def match_items(
    text: str, flat: str, items: tuple[CatalogueItem, ...]
) -> list[CatalogueItem]:
    """Every item the question names (by its longest phrase), in catalogue order."""
    return [item for item in items
            if any(_contains(text, flat, phrase) for phrase in _item_phrases(item))]


# Words sellers use in either language for common category names: a category
# "Pasta" is also "파스타", a category "소스" also "sauce".
GLOSSARY = {
    "pasta": ("파스타",), "sauce": ("소스",), "sauces": ("소스",), "noodle": ("면", "국수"),
    "noodles": ("면", "국수"), "snack": ("과자", "스낵"), "snacks": ("과자", "스낵"),
    "beverage": ("음료",), "beverages": ("음료",), "drink": ("음료",),
    "drinks": ("음료",), "coffee": ("커피",), "tea": ("차",), "oil": ("오일",),
    "spice": ("향신료",), "spices": ("향신료",), "fashion": ("패션",),
    "beauty": ("뷰티",), "cosmetics": ("화장품",), "kitchen": ("주방",),
}
_REVERSE: dict[str, str] = {}
for _english, _koreans in GLOSSARY.items():
    for _korean in _koreans:
        _REVERSE.setdefault(_korean, _english)  # the singular comes first


def _translations(name: str) -> tuple[str, ...]:
    """The name with each glossary word in the other language (one word each)."""
    words = name.lower().split()
    found = []
    for i, word in enumerate(words):
        others = GLOSSARY.get(word, ()) + ((_REVERSE[word],) if word in _REVERSE else ())
        for other in others:
            found.append(" ".join([*words[:i], other, *words[i + 1:]]))
    return tuple(found)


def category_items(categories: tuple[CatalogueItem, ...]) -> tuple[CatalogueItem, ...]:
    """Categories with their name's common translation as an alias ("Pasta" →
    "파스타"), so a question in the other language still names them."""
    return tuple(CatalogueItem(c.id, c.name, c.key, (*c.aliases, *_translations(c.name)))
                 for c in categories)


def unregistered_channel(text: str, flat: str,
                         channels: tuple[CatalogueItem, ...]) -> str:
    """A channel word the question says ("쿠팡") for a kind of channel the
    organization has none of; "" when there is none."""
    have = {channel.key for channel in channels}
    for kind, words in CHANNEL_WORDS.items():
        if kind in have:
            continue
        for word in words:
            if _contains(text, flat, word):
                return word
    return ""


def channel_items(channels: tuple[CatalogueItem, ...]) -> tuple[CatalogueItem, ...]:
    """Channels with the usual words for their kind as aliases."""
    return tuple(
        CatalogueItem(c.id, c.name, c.key, (*c.aliases, *CHANNEL_WORDS.get(c.key, ())))
        for c in channels
    )
