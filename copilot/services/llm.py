"""The optional language model (an OpenAI-compatible chat endpoint).

Configured by COPILOT_LLM_URL (the chat-completions URL) and
COPILOT_LLM_API_KEY (optionally COPILOT_LLM_MODEL, COPILOT_LLM_TIMEOUT). Two
uses, both guarded so a model can never invent a figure:

* mapping: when the rule parser recognises no family, the model is asked to
  map the question to the same intent/slot JSON; every slot is checked
  against the organization's catalogue and a bad mapping is ignored;
* phrasing: the model may reword an answer, but the rewording is used only
  when every number in it is one of the numbers of the data-grounded answer.

Any network or format error falls back to the rule-based result.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, replace

from django.conf import settings

from ..engine import INTENTS, Catalogue, ParsedQuestion, Period, Slots
from ..engine.matching import channel_items

logger = logging.getLogger(__name__)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
MAX_PRODUCTS_IN_PROMPT = 300


@dataclass(frozen=True)
class ModelClient:
    url: str
    api_key: str
    model: str
    timeout: float

    def chat(self, messages: list[dict], *, json_mode: bool = False) -> str:
        body: dict = {"model": self.model, "messages": messages, "temperature": 0}
        if json_mode:
            body["response_format"] = {"type": "json_object"}
        request = urllib.request.Request(
            self.url, data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json",
                     "Authorization": f"Bearer {self.api_key}"})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 -- configured URL
            payload = json.loads(response.read().decode())
        return payload["choices"][0]["message"]["content"] or ""


def client_from_settings() -> ModelClient | None:
    """The configured model, or None (then everything runs on the rules)."""
    url = getattr(settings, "COPILOT_LLM_URL", "")
    key = getattr(settings, "COPILOT_LLM_API_KEY", "")
    if not url or not key:
        return None
    return ModelClient(url, key, getattr(settings, "COPILOT_LLM_MODEL", "") or
                       "default", float(getattr(settings, "COPILOT_LLM_TIMEOUT", 10)))


def _prompt(catalogue: Catalogue, today: dt.date) -> str:
    skus = ", ".join(f"{p.sku} ({p.name})"
                     for p in catalogue.products[:MAX_PRODUCTS_IN_PROMPT])
    return (
        "Map the user's inventory question to JSON with keys: intent (one of "
        f"{', '.join(INTENTS)}), products (list of SKUs), category, supplier, "
        "channel (coupang, smartstore or own_mall), period ({start, end} ISO dates "
        "or null), top_n, days, order (best or worst), metric (units or revenue). "
        f"Today is {today.isoformat()}; weeks start on Monday. Products: {skus}. "
        f"Categories: {', '.join(c.name for c in catalogue.categories)}. Suppliers: "
        f"{', '.join(s.name for s in catalogue.suppliers)}. Answer with JSON only.")


def _item(items, value):
    if not value:
        return None
    for item in items:
        if str(value).lower() in (item.name.lower(), item.key.lower()):
            return item
    raise ValueError(f"unknown name {value!r}")


def _int(value) -> int | None:
    if value in (None, ""):
        return None
    number = int(value)
    if not 0 < number <= 366:
        raise ValueError(f"out of range {number}")
    return number


def slots_from_json(data: dict, catalogue: Catalogue) -> tuple[str, Slots]:
    """Validate a model's mapping; raises ValueError on anything unknown."""
    intent = data.get("intent")
    if intent not in INTENTS:
        raise ValueError(f"unknown intent {intent!r}")
    by_sku = {p.sku.lower(): p for p in catalogue.products}
    products = tuple(by_sku[str(sku).lower()] for sku in data.get("products") or ())
    period = None
    if data.get("period"):
        period = Period(dt.date.fromisoformat(data["period"]["start"]),
                        dt.date.fromisoformat(data["period"]["end"]))
        if period.start > period.end:
            raise ValueError("period ends before it starts")
    order = data.get("order")
    metric = data.get("metric")
    return intent, Slots(
        products=products,
        category=_item(catalogue.categories, data.get("category")),
        supplier=_item(catalogue.suppliers, data.get("supplier")),
        channel=_item(channel_items(catalogue.channels), data.get("channel")),
        period=period, top_n=_int(data.get("top_n")), days=_int(data.get("days")),
        order=order if order in ("best", "worst") else None,
        metric=metric if metric in ("units", "revenue") else None)


def parse_with_model(
    client: ModelClient, question: str, *, parsed: ParsedQuestion,
    catalogue: Catalogue, today: dt.date,
) -> ParsedQuestion | None:
    """The model's mapping when the rules recognised nothing and it validates."""
    if parsed.intent != "unknown":
        return None
    try:
        content = client.chat([{"role": "system", "content": _prompt(catalogue, today)},
                               {"role": "user", "content": question}], json_mode=True)
        intent, slots = slots_from_json(json.loads(content), catalogue)
    except (OSError, urllib.error.URLError, ValueError, KeyError, TypeError,
            json.JSONDecodeError) as error:
        logger.info("copilot model mapping ignored: %s", error)
        return None
    return replace(parsed, intent=intent, slots=slots)


def _numbers(text: str) -> set[float]:
    return {float(n.replace(",", "")) for n in _NUMBER.findall(text)}


def phrase_with_model(client: ModelClient, question: str, answer) -> str:
    """The model's wording when it states no number absent from the answer."""
    facts = json.dumps({"answer": answer.answer, "values": answer.values,
                        "products": answer.products}, ensure_ascii=False)
    language = "Korean" if answer.language == "ko" else "English"
    try:
        text = client.chat([
            {"role": "system", "content": (
                f"Rephrase the answer to the question in {language}, briefly. Use "
                "only the numbers given; do not add any number.")},
            {"role": "user", "content": f"Question: {question}\nFacts: {facts}"}])
    except (OSError, urllib.error.URLError, ValueError, KeyError, TypeError) as error:
        logger.info("copilot model phrasing ignored: %s", error)
        return answer.answer
    text = (text or "").strip()
    if not text or not _numbers(text) <= _numbers(answer.answer):
        return answer.answer
    return text
