"""A channel's error, stored in English by the pure connectors, in the user's language.

The connectors (no Django) raise plain English sentences, which the sync stores
on the account (`last_error`) and its run (`error`) as the technical record.
Pages show them through `channel_error_text`: each known sentence is matched,
its template translated and its values (HTTP status, attempts, the channel's
own detail) put back; an unknown sentence is shown as it is.

The lines a sync skips are stored with their reason as a template and params
(`skipped_line`) and said in the reader's language by `skipped_line_text`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_noop

from inventory.services.import_preview import error_dict_text
from policy.messages import render_message

from .connectors.types import english

# Stored on an account whose credentials could not be tested when they were
# entered (the channel did not answer); the next sync or authorization retries.
UNVERIFIED_SYNC = gettext_noop(
    "The credentials could not be verified yet: %(reason)s The next sync will try"
    " again.")
UNVERIFIED_AUTHORIZATION = gettext_noop(
    "The credentials could not be verified yet: %(reason)s Authorizing the app in"
    " Cafe24 checks them again.")

# The reasons inside "did not answer properly after N attempts (…)".
_PROBLEMS: list[tuple[str, str]] = [
    (r"the channel asked us to slow down \(too many requests\)",
     gettext_noop("the channel asked us to slow down (too many requests)")),
    (r"timed out", gettext_noop("timed out")),
    (r"could not connect \((?P<detail>.*)\)",
     gettext_noop("could not connect (%(detail)s)")),
    (r"connection failed \((?P<detail>.*)\)",
     gettext_noop("connection failed (%(detail)s)")),
    (r"HTTP (?P<status>\d+)", "HTTP %(status)s"),
]

# (pattern of the stored English sentence, its template for gettext)
_MESSAGES: list[tuple[str, str]] = [
    (r"The channel refused the credentials \(HTTP (?P<status>\d+)\)\.",
     gettext_noop("The channel refused the credentials (HTTP %(status)s).")),
    (r"The channel refused the request \(HTTP (?P<status>\d+)\): (?P<body>.*)",
     gettext_noop("The channel refused the request (HTTP %(status)s): %(body)s")),
    (r"The channel answered HTTP (?P<status>\d+)\.",
     gettext_noop("The channel answered HTTP %(status)s.")),
    (r"The channel did not answer properly after (?P<attempts>\d+) attempts"
     r" \((?P<problem>.*)\)\.",
     gettext_noop("The channel did not answer properly after %(attempts)s attempts"
                  " (%(problem)s).")),
    (r"The channel did not answer properly \((?P<problem>.*)\)\.",
     gettext_noop("The channel did not answer properly (%(problem)s).")),
    (r"The credentials could not be verified yet: (?P<reason>.*) The next sync will"
     r" try again\.", UNVERIFIED_SYNC),
    (r"The credentials could not be verified yet: (?P<reason>.*) Authorizing the"
     r" app in Cafe24 checks them again\.", UNVERIFIED_AUTHORIZATION),
    (r"The channel answered something that is not JSON \((?P<detail>.*)\)\.",
     gettext_noop("The channel answered something that is not JSON (%(detail)s).")),
    (r"Coupang refused the quantity: (?P<body>.*)",
     gettext_noop("Coupang refused the quantity: %(body)s")),
    (r"Cafe24 refused the quantity: (?P<body>.*)",
     gettext_noop("Cafe24 refused the quantity: %(body)s")),
    (r"Internal error: (?P<name>\w+)", gettext_noop("Internal error: %(name)s")),
    *[(re.escape(text), text) for text in (
        gettext_noop("Coupang answered without a data list."),
        gettext_noop("Cafe24 answered without an order list."),
        gettext_noop("Cafe24 issued no token."),
        gettext_noop("Cafe24 is not authorized yet: connect it again."),
        gettext_noop("Cafe24 refused the refresh token; authorize the app again."),
        gettext_noop("The application secret is not a valid Naver secret."),
        gettext_noop("Naver issued no access token."),
        gettext_noop("Naver answered without data."),
        gettext_noop("Naver's paging cursor did not advance."),
        gettext_noop("Naver answered the detail query without data."),
        gettext_noop("This listing code has no option number (expected"
                     " 'originProductNo:optionId')."),
        gettext_noop("No configured key decrypts these credentials."),
    )],
]


def _parse(table: list[tuple[str, str]], text: str) -> dict | None:
    """The sentence as a stored message ``{"template", "params"}``, or None."""
    for pattern, template in table:
        match = re.fullmatch(pattern, text, flags=re.DOTALL)
        if match is None:
            continue
        params: dict = match.groupdict()
        if "problem" in params:
            params["problem"] = _parse(_PROBLEMS, params["problem"]) or params["problem"]
        if "reason" in params:
            params["reason"] = _parse(_MESSAGES, params["reason"]) or params["reason"]
        return {"template": template, "params": params}
    return None


def channel_error_message(message: str) -> dict | str:
    """The stored English error as a message to render later in the reader's
    language (``{"template", "params"}``; an unknown sentence: as it is)."""
    message = (message or "").strip()
    return _parse(_MESSAGES, message) or message


def channel_error_text(message: str) -> str:
    """The stored English error in the active language (unknown: as stored)."""
    parsed = channel_error_message(message)
    if isinstance(parsed, str):
        return parsed
    return render_message(parsed["template"], parsed["params"])


def skipped_line(ref: str, template: str, params: Mapping[str, Any] | None = None,
                 ) -> dict[str, Any]:
    """A line a sync skipped, for the run's details: why, as a message said
    later in the reader's language; "reason" is the English text (logs)."""
    params = dict(params or {})
    return {"ref": ref, "reason": english(template, params),
            "message": {"template": template, "params": params}}


def skipped_line_text(detail: Mapping[str, Any]) -> str:
    """Why a line was skipped, in the active language: a channel's reason or a
    ledger refusal from its stored template and params; an older row's plain
    reason as it was stored (a known channel sentence still translated)."""
    if detail.get("refusal"):
        return error_dict_text(detail["refusal"])
    message = detail.get("message")
    if isinstance(message, Mapping) and message.get("template"):
        return render_message(message["template"], message.get("params") or {})
    return channel_error_text(str(detail.get("reason") or ""))
